"""SMART check of a goal and the traffic light of an indicator. Pure Python, no Django imports.

SMART (seed 004: spezifisch, messbar, erreichbar/realistisch, terminiert) is checked on five facts of a goal:

======================  ===============================================================================
code                    passes when
======================  ===============================================================================
``specific``            at least one indicator (Kennzahl) is linked to the goal
``measurable``          one linked indicator has a target value *and* a unit
``responsible``         an owner is named (organisation or text)
``deadline``            the goal has an end date (period end)
``baseline``            one linked indicator has a baseline value (realistic: measured from where?)
======================  ===============================================================================

Traffic light (Ampel) of an actual value against its target, with a tolerance (default 10 %):

- higher is better: green if Ist ≥ Soll; yellow if Ist ≥ Soll × (1 − tolerance); red below.
- lower is better (inverted): green if Ist ≤ Soll; yellow if Ist ≤ Soll × (1 + tolerance); red above.

A missing actual or target gives ``None`` (no light), never an error. For a negative target the multiplication
would turn the band round; the band is therefore computed on |Soll|: Soll − tolerance × |Soll|.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SMART_CRITERIA = ("specific", "measurable", "responsible", "deadline", "baseline")
GREEN, YELLOW, RED = "green", "yellow", "red"
DEFAULT_TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class IndicatorFacts:
    unit: str = ""
    has_target: bool = False
    has_baseline: bool = False


@dataclass(frozen=True)
class GoalFacts:
    indicators: tuple[IndicatorFacts, ...] = ()
    has_owner: bool = False
    has_deadline: bool = False


@dataclass(frozen=True)
class SmartResult:
    missing: tuple[str, ...]  # codes from SMART_CRITERIA, in that order

    @property
    def passed(self) -> bool:
        return not self.missing

    @property
    def fulfilled(self) -> tuple[str, ...]:
        return tuple(c for c in SMART_CRITERIA if c not in self.missing)


def smart_check(goal: GoalFacts) -> SmartResult:
    """Which SMART criteria the goal does not meet yet (empty tuple: the goal is SMART)."""
    ok = {
        "specific": bool(goal.indicators),
        "measurable": any(i.has_target and i.unit.strip() for i in goal.indicators),
        "responsible": goal.has_owner,
        "deadline": goal.has_deadline,
        "baseline": any(i.has_baseline for i in goal.indicators),
    }
    return SmartResult(missing=tuple(c for c in SMART_CRITERIA if not ok[c]))


def traffic_light(
    actual: Decimal | int | float | None,
    target: Decimal | int | float | None,
    *,
    higher_is_better: bool = True,
    tolerance: Decimal | int | float = DEFAULT_TOLERANCE,
) -> str | None:
    """"green", "yellow", "red" or None (no actual or no target). See the module docstring for the rule."""
    if actual is None or target is None:
        return None
    ist, soll, tol = Decimal(str(actual)), Decimal(str(target)), Decimal(str(tolerance))
    if tol < 0:
        raise ValueError("tolerance must not be negative")
    band = tol * abs(soll)
    if higher_is_better:
        if ist >= soll:
            return GREEN
        return YELLOW if ist >= soll - band else RED
    if ist <= soll:
        return GREEN
    return YELLOW if ist <= soll + band else RED


def achievement_percent(actual, target) -> Decimal | None:
    """Ist / Soll × 100 (None when a value is missing or Soll is 0)."""
    if actual is None or target in (None, 0):
        return None
    return Decimal(str(actual)) / Decimal(str(target)) * 100
