"""Glue between the stored steering objects and the pure computations (steering.smart, analytics.prevention).

Reads only; used by pages, API and exports alike so that a number cannot differ between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from quartiersnetz.analytics import prevention

from .smart import GoalFacts, IndicatorFacts, SmartResult, achievement_percent, smart_check, traffic_light


def goal_smart(goal) -> SmartResult:
    """SMART check of a stored goal (uses prefetched indicators and targets when present)."""
    indicators = tuple(
        IndicatorFacts(
            unit=i.unit, has_target=any(t.value is not None for t in i.targets.all()),
            has_baseline=i.baseline_value is not None,
        )
        for i in goal.indicators.all()
    )
    return smart_check(GoalFacts(
        indicators=indicators,
        has_owner=bool(goal.owner_organisation_id or goal.owner_text.strip()),
        has_deadline=goal.period_end is not None,
    ))


def traffic_rule_text(*, higher_is_better: bool, tolerance_percent) -> str:
    yellow = prevention.format_de(Decimal(100) - Decimal(tolerance_percent))
    upper = prevention.format_de(Decimal(100) + Decimal(tolerance_percent))
    if higher_is_better:
        return _("green: actual ≥ target; yellow: actual ≥ {share} % of the target; red: below").format(share=yellow)
    return _("lower is better – green: actual ≤ target; yellow: actual ≤ {share} % of the target; red: above").format(
        share=upper
    )


@dataclass(frozen=True)
class IndicatorStatus:
    period: str | None
    target: Decimal | None
    actual: Decimal | None
    light: str | None
    achievement: Decimal | None
    rule: str


def indicator_status(indicator) -> IndicatorStatus:
    """Latest period that has both a target and a city-wide actual value (else the latest actual)."""
    targets = {t.period: t.value for t in indicator.targets.all()}
    actuals = {v.period: v.value for v in indicator.values.all() if v.area_id is None}
    common = sorted(set(targets) & set(actuals))
    if common:
        period = common[-1]
    elif actuals:
        period = sorted(actuals)[-1]
    else:
        period = sorted(targets)[-1] if targets else None
    target, actual = targets.get(period), actuals.get(period)
    tolerance = Decimal(indicator.tolerance_percent) / 100
    return IndicatorStatus(
        period=period, target=target, actual=actual,
        light=traffic_light(actual, target, higher_is_better=indicator.higher_is_better, tolerance=tolerance),
        achievement=achievement_percent(actual, target),
        rule=traffic_rule_text(higher_is_better=indicator.higher_is_better,
                               tolerance_percent=indicator.tolerance_percent),
    )


def fund_figures(fund) -> prevention.FundResult | None:
    projects = [
        prevention.FundProject(name=p.name, costs=p.costs, savings=p.savings, year=p.year, method=p.method)
        for p in fund.projects.all()
    ]
    if not projects:
        return None
    return prevention.prevention_fund(projects, cap_per_year=fund.cap_per_year)


def measure_controlling(measure) -> prevention.ControllingResult | None:
    """Case-level controlling: periods from the cases' period rows (ordered by start), Soll = Σ planned savings of
    the cases in the period, Ist-Kosten = the measure's personnel costs per period, Ist from the cases."""
    cases = list(measure.cases.prefetch_related("periods"))
    periods: dict[str, dict] = {}
    entries = []
    for case in cases:
        for row in case.periods.all():
            slot = periods.setdefault(row.period, {"start": row.start, "planned": Decimal(0)})
            slot["start"] = min(slot["start"], row.start)
            slot["planned"] += row.planned_savings
            entries.append(prevention.CaseEntry(
                case=case.code, period=row.period, monthly_rate=case.monthly_rate, months=row.months_avoided,
                avoided_alternative=case.avoided_alternative, actual_costs=row.actual_costs,
            ))
    if not periods:
        return None
    ordered = sorted(periods.items(), key=lambda item: (item[1]["start"], item[0]))
    return prevention.measure_controlling(
        [prevention.ControllingPeriod(period=name, planned_savings=slot["planned"],
                                      actual_costs=measure.personnel_costs_per_period)
         for name, slot in ordered],
        cases=entries,
    )
