"""Query budgets of the steering pages and API: goal pyramid, indicators, measures, cases, social monitoring,
planning cycle, prevention funds (style.md rule 19, quartiersnetz/testing_queries.py). Each page is counted with a
few rows and again with more: the counts must be equal (no N+1) and match `query_counts.json`. Re-record with
`UPDATE_QUERY_COUNTS=1` and review the diff (docs/testing.md)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from quartiersnetz.steering.models import (
    AreaIndicator,
    AreaValue,
    CasePeriodCost,
    FundProject,
    Goal,
    GoalLevel,
    ImpactStep,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PlanningMilestone,
    PreventionCase,
    PreventionFund,
    SocialArea,
)
from quartiersnetz.testing_queries import stale_budget_keys

USERS = ["coach_a", "coordination"]
_seq = itertools.count()


def _indicator(world, goal=None, *, periods=("2023", "2024")):
    i = next(_seq)
    indicator = Indicator.objects.create(programme=world.programme, quartier=world.qa, goal=goal,
                                         name=f"Kennzahl {i:03d}", unit="%", type="outcome")
    for k, period in enumerate(periods):
        IndicatorTarget.objects.create(indicator=indicator, period=period, value=Decimal(10 + k))
        IndicatorValue.objects.create(indicator=indicator, period=period, value=Decimal(9 + k))
    return indicator


def add_goals(world, n):
    """Goals of Quartier A on two levels, each with an indicator (targets and values)."""
    top, lower = GoalLevel.objects.get(order=1), GoalLevel.objects.get(order=2)
    parent = Goal.objects.filter(quartier=world.qa, level=top).first() or Goal.objects.create(
        programme=world.programme, quartier=world.qa, level=top, title="Leitziel")
    for _ in range(n):
        i = next(_seq)
        goal = Goal.objects.create(programme=world.programme, quartier=world.qa, level=lower, parent=parent,
                                   number=f"1.{i}", title=f"Ziel {i:03d}", owner_organisation=world.org_a,
                                   period_start=dt.date(2024, 1, 1), period_end=dt.date(2025, 12, 31))
        _indicator(world, goal)


def add_indicators(world, n):
    for _ in range(n):
        _indicator(world)


def add_measures(world, n):
    goal = Goal.objects.create(programme=world.programme, quartier=world.qa, level=GoalLevel.objects.get(order=1),
                               title=f"Ziel {next(_seq)}")
    for _ in range(n):
        measure = Measure.objects.create(programme=world.programme, quartier=world.qa, title=f"Maßnahme {next(_seq)}")
        measure.goals.set([goal])
        step = ImpactStep.objects.create(measure=measure, stage="output", text="Beratungen")
        step.indicators.set([_indicator(world)])
        PreventionCase.objects.create(measure=measure, code="F-1", avoided_alternative="stationär",
                                      monthly_rate=Decimal(3000))


def add_cases(world, n, measure=None):
    measure = measure or Measure.objects.get_or_create(programme=world.programme, quartier=world.qa,
                                                       title="Fallsteuerung")[0]
    for _ in range(n):
        case = PreventionCase.objects.create(measure=measure, code=f"F-{next(_seq):03d}",
                                             avoided_alternative="stationär", monthly_rate=Decimal(4000))
        CasePeriodCost.objects.create(case=case, period="2024-T1", start=dt.date(2024, 1, 1),
                                      months_avoided=Decimal(4), actual_costs=Decimal(1000))


def add_areas(world, n):
    indicators = [AreaIndicator.objects.get_or_create(programme=world.programme, name=name, defaults={"unit": "%"})[0]
                  for name in ("SGB-II-Quote", "Arbeitslosenquote")]
    for _ in range(n):
        i = next(_seq)
        area = SocialArea.objects.create(programme=world.programme, city="Duisburg", code=f"{i:03d}",
                                         name=f"Bezirk {i:03d}", population=5000 + i)
        for k, indicator in enumerate(indicators):
            for year in (2019, 2020):
                AreaValue.objects.create(area=area, indicator=indicator, year=year,
                                         value=Decimal(10 + (i * 7 + k * 3 + year) % 17))


def add_milestones(world, n):
    for _ in range(n):
        i = next(_seq)
        PlanningMilestone.objects.create(programme=world.programme, month=1 + i % 12, title=f"Meilenstein {i:03d}",
                                         kind="tertial_report", is_report=True)


def add_funds(world, n):
    for _ in range(n):
        fund = PreventionFund.objects.create(programme=world.programme, name=f"Fonds {next(_seq):03d}")
        FundProject.objects.create(fund=fund, name="Projekt", year=2024, costs=Decimal(1000), savings=Decimal(3000))


# --- pages ----------------------------------------------------------------------------------------------------------

# url name: (grow, rows on the page after growing)
LISTS = {
    "goal_list": (add_goals, 21),
    "indicator_list": (add_indicators, 20),
    "measure_list": (add_measures, 20),
    "case_list": (add_cases, 20),
    "socialarea_list": (add_areas, 20),
    "milestone_list": (add_milestones, 20),
    "fund_list": (add_funds, 20),
}


@pytest.mark.parametrize("case", [f"{page}-{who}" for page in LISTS for who in USERS])
def test_list_page(query_budget, client, world, case):
    page, who = case.split("-")
    client.force_login(getattr(world, who))
    grow, expected = LISTS[page]
    grow(world, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse(f"steering:{page}")), add_rows=lambda: grow(world, 17))
    assert len(m.result.context["rows"]) == expected


# url name: (grow, user)
OVERVIEWS = {
    "overview": add_goals,
    "pyramid": add_goals,
    "indicator_rba": add_indicators,
    "monitoring": add_areas,
}


@pytest.mark.parametrize("case", [f"{page}-{who}" for page in OVERVIEWS for who in USERS])
def test_overview_page(query_budget, client, world, case):
    page, who = case.split("-")
    client.force_login(getattr(world, who))
    grow = OVERVIEWS[page]
    grow(world, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse(f"steering:{page}")), add_rows=lambda: grow(world, 17))
    context = m.result.context
    if page == "overview":
        assert context["goal_count"] == 21
    elif page == "pyramid":
        assert len(context["tree"][0]["children"]) == 20
    elif page == "indicator_rba":
        assert sum(len(g["items"]) for g in context["groups"]) == 20
    else:
        assert len(context["rows"]) == 20


def test_calculator(query_budget, client, world):
    client.force_login(world.coordination)
    m = query_budget(lambda: client.get(reverse("steering:calculator"), {"preset": "bielefeld"}))
    assert m.result.context["result"] is not None


def test_goal_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    add_goals(world, 1)
    parent = Goal.objects.get(title="Leitziel")

    def grow(n):
        for _ in range(n):
            _indicator(world, parent)
        add_goals(world, n)

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(reverse("steering:goal_detail", args=[parent.pk])),
                                 add_rows=lambda: grow(17))
    assert (len(m.result.context["indicators"]), len(m.result.context["children"])) == (20, 21)


def test_indicator_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    indicator = _indicator(world, periods=())

    def grow(n):
        for _ in range(n):
            period = str(2000 + next(_seq))
            IndicatorTarget.objects.create(indicator=indicator, period=period, value=Decimal(5))
            IndicatorValue.objects.create(indicator=indicator, period=period, value=Decimal(6))

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(reverse("steering:indicator_detail", args=[indicator.pk])),
                                 add_rows=lambda: grow(17))
    assert len(m.result.context["rows"]) == 20


def test_measure_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    measure = Measure.objects.create(programme=world.programme, quartier=world.qa, title="Aufsuchende Arbeit",
                                     personnel_costs_per_period=Decimal(2000))

    def grow(n):
        for _ in range(n):
            step = ImpactStep.objects.create(measure=measure, stage="activities", text="Hausbesuche")
            step.indicators.set([_indicator(world)])
        add_cases(world, n, measure)
        goal = Goal.objects.create(programme=world.programme, quartier=world.qa,
                                   level=GoalLevel.objects.get(order=1), title=f"Ziel {next(_seq)}")
        measure.goals.add(goal)

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(reverse("steering:measure_detail", args=[measure.pk])),
                                 add_rows=lambda: grow(17))
    assert (len(m.result.context["steps"]), len(m.result.context["cases"])) == (20, 20)


def test_case_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    measure = Measure.objects.create(programme=world.programme, quartier=world.qa, title="Fallsteuerung")
    case = PreventionCase.objects.create(measure=measure, code="F-1", avoided_alternative="stationär",
                                         monthly_rate=Decimal(4000))

    def grow(n):
        for _ in range(n):
            i = next(_seq)
            CasePeriodCost.objects.create(case=case, period=f"P{i:03d}", start=dt.date(2000, 1, 1) + dt.timedelta(i),
                                          months_avoided=Decimal(2), actual_costs=Decimal(500))

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(reverse("steering:case_detail", args=[case.pk])),
                                 add_rows=lambda: grow(17))
    assert len(m.result.context["rows"]) == 20


def test_socialarea_detail(query_budget, client, world):
    client.force_login(world.coordination)
    area = SocialArea.objects.create(programme=world.programme, city="Duisburg", code="999", name="Hafen")

    def grow(n):
        for _ in range(n):
            indicator = AreaIndicator.objects.create(programme=world.programme, name=f"Quote {next(_seq):03d}")
            for year in (2019, 2020):
                AreaValue.objects.create(area=area, indicator=indicator, year=year, value=Decimal(12))

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(reverse("steering:socialarea_detail", args=[area.pk])),
                                 add_rows=lambda: grow(17))
    assert len(m.result.context["table"]) == 20


def test_fund_detail(query_budget, client, world):
    client.force_login(world.coordination)
    fund = PreventionFund.objects.create(programme=world.programme, name="Präventionsfonds Duisburg")

    def grow(n):
        for _ in range(n):
            FundProject.objects.create(fund=fund, name=f"Projekt {next(_seq)}", year=2020 + next(_seq) % 5,
                                       costs=Decimal(1000), savings=Decimal(2500))

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(reverse("steering:fund_detail", args=[fund.pk])),
                                 add_rows=lambda: grow(17))
    assert len(m.result.context["rows"]) == 20


# --- API ------------------------------------------------------------------------------------------------------------

API = {
    "goals": (add_goals, 21),
    "indicators": (add_indicators, 20),
    "measures": (add_measures, 20),
    "cases": (add_cases, 20),
    "social-areas": (add_areas, 20),
    "funds": (add_funds, 20),
    "fund-projects": (add_funds, 20),
    "monitoring/index": (add_areas, 20),
}


@pytest.mark.parametrize("case", [f"{path}-{who}" for path in API for who in USERS])
def test_api(query_budget, client, world, case):
    path, who = case.rsplit("-", 1)
    client.force_login(getattr(world, who))
    grow, expected = API[path]
    grow(world, 3)
    m = query_budget.assert_flat(lambda: client.get(f"/api/v1/{path}"), add_rows=lambda: grow(world, 17))
    body = m.result.json()
    if path == "funds":
        assert len(body) == expected
    elif path == "monitoring/index":
        assert len(body["areas"]) == expected
    else:
        assert body["count"] == expected


def test_api_area_values(query_budget, client, world):
    client.force_login(world.coordination)
    add_areas(world, 1)
    area = SocialArea.objects.get()

    def grow(n):
        for _ in range(n):
            indicator = AreaIndicator.objects.create(programme=world.programme, name=f"Quote {next(_seq):03d}")
            AreaValue.objects.create(area=area, indicator=indicator, year=2020, value=Decimal(12))

    grow(3)
    m = query_budget.assert_flat(lambda: client.get(f"/api/v1/social-areas/{area.pk}/values"),
                                 add_rows=lambda: grow(17))
    assert m.result.json()["count"] == 24


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
