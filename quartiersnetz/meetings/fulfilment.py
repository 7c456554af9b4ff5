"""Fulfilment of commitments and agreements: pure arithmetic, no Django imports (style.md rule 13).

Conventions (documented in docs/models/meetings.md):
- An actual value is **cumulative to its date**: "31 firms by 31.12." is recorded as 31 on 31.12., not as the
  number of the last quarter.
- "project term" targets: the latest actual on or before `as_of` counts, divided by the target.
- "per year" targets: the count starts anew every calendar year. The latest actual of a year counts for that year;
  the commitment's current fulfilment is that of the most recent calendar year (up to `as_of`) with an actual.
- A range ("20 to 30 young people") is reached at its lower end; `target_value_max` is shown, not used.
- Fulfilment of a commitment may exceed 100 % (it is shown as it is); the agreement's fulfilment is the mean of
  the commitments' fulfilment **capped at 100 %**, over the commitments with a numeric target. A commitment with
  a numeric target but no actual yet counts as 0 %.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PER_YEAR = "per_year"
PROJECT = "project"
ONE = Decimal(1)


@dataclass(frozen=True)
class YearValue:
    year: int
    on: dt.date
    value: Decimal
    ratio: Decimal  # value / target, uncapped


@dataclass(frozen=True)
class CommitmentFulfilment:
    target: Decimal | None
    latest_on: dt.date | None  # date of the actual that counts
    latest_value: Decimal | None
    ratio: Decimal | None  # None: no numeric target or no actual yet
    years: tuple[YearValue, ...] = ()

    @property
    def has_target(self) -> bool:
        return self.target is not None and self.target > 0

    @property
    def capped(self) -> Decimal:
        """0 … 1; a commitment with target but without actual counts as 0."""
        if self.ratio is None:
            return Decimal(0)
        return min(self.ratio, ONE)

    @property
    def percent(self) -> Decimal | None:
        return None if self.ratio is None else to_percent(self.ratio)

    @property
    def capped_percent(self) -> int:
        """For progress bars (0 … 100)."""
        return int(to_percent(self.capped))


def to_percent(ratio: Decimal) -> Decimal:
    return (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def commitment_fulfilment(
    *, target: Decimal | None, period: str, actuals: Iterable[tuple[dt.date, Decimal]], as_of: dt.date | None = None
) -> CommitmentFulfilment:
    """`actuals` are (date, cumulative value) pairs in any order."""
    points = sorted((on, Decimal(value)) for on, value in actuals if as_of is None or on <= as_of)
    has_target = target is not None and target > 0
    if not points:
        return CommitmentFulfilment(target, None, None, None)
    if period == PER_YEAR:
        latest_per_year: dict[int, tuple[dt.date, Decimal]] = {}
        for on, value in points:
            latest_per_year[on.year] = (on, value)  # sorted: the last one of the year wins
        years = tuple(
            YearValue(year, on, value, value / target if has_target else Decimal(0))
            for year, (on, value) in sorted(latest_per_year.items())
        )
        last = years[-1]
        ratio = last.ratio if has_target else None
        return CommitmentFulfilment(target, last.on, last.value, ratio, years if has_target else ())
    on, value = points[-1]
    return CommitmentFulfilment(target, on, value, value / target if has_target else None)


def agreement_fulfilment(items: Sequence[CommitmentFulfilment]) -> Decimal | None:
    """Mean capped fulfilment (0 … 1) of the commitments with a numeric target; None when there are none."""
    measured = [item for item in items if item.has_target]
    if not measured:
        return None
    return sum((item.capped for item in measured), Decimal(0)) / len(measured)
