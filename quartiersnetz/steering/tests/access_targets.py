"""Objects for the access walker in tests/test_access.py (see the report to the lead for the wiring).

`targets(world)` creates one object of every steering model that must be invisible to a coach of Quartier B, a
contact point of Quartier B, the coordination of another programme and a user without role:
- Quartier-level objects (goal, indicator, measure and their children) in Quartier A;
- programme-level objects (social areas, funds, milestones) in a programme of their own, because programme-level
  objects of A's programme are visible to coach B by design.
Returns {url-name regex: {"pk": id}} and, under the key "api", [(API path regex, replacement)].
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from quartiersnetz.core.models import ImportBatch
from quartiersnetz.testing import make_programme

from ..imports import KIND
from ..models import (
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


def targets(world) -> dict:
    qa = world.qa
    hidden = make_programme(slug="steuerung-verborgen", name="Steuerung verborgen")
    goal = Goal.objects.create(programme=qa.programme, quartier=qa, level=GoalLevel.objects.get(order=1),
                               title="Ziel A")
    indicator = Indicator.objects.create(programme=qa.programme, quartier=qa, goal=goal, name="Kennzahl A", unit="%")
    target = IndicatorTarget.objects.create(indicator=indicator, period="2024", value=Decimal(10))
    value = IndicatorValue.objects.create(indicator=indicator, period="2024", value=Decimal(9))
    measure = Measure.objects.create(programme=qa.programme, quartier=qa, title="Maßnahme A")
    step = ImpactStep.objects.create(measure=measure, stage="input", text="Schritt A")
    case = PreventionCase.objects.create(measure=measure, code="A-1", avoided_alternative="stationär",
                                         monthly_rate=Decimal(4000))
    period = CasePeriodCost.objects.create(case=case, period="2024-T1", start=dt.date(2024, 1, 1))
    area = SocialArea.objects.create(programme=hidden, city="Verborgen", code="01", name="Gebiet")
    area_indicator = AreaIndicator.objects.create(programme=hidden, name="Quote")
    area_value = AreaValue.objects.create(area=area, indicator=area_indicator, year=2020, value=Decimal(1))
    milestone = PlanningMilestone.objects.create(programme=hidden, month=4, title="Bericht")
    fund = PreventionFund.objects.create(programme=hidden, name="Fonds")
    project = FundProject.objects.create(fund=fund, name="Projekt", costs=Decimal(1), savings=Decimal(2))
    batch = ImportBatch.objects.create(kind=KIND, created_by=world.coordination, filename="a.csv",
                                       content=b"Code\n", result={"programme_id": qa.programme_id})
    return {
        r"^steering:goal_": {"pk": goal.pk},
        r"^steering:indicator_": {"pk": indicator.pk},
        r"^steering:indicatortarget_": {"pk": target.pk},
        r"^steering:indicatorvalue_": {"pk": value.pk},
        r"^steering:measure_": {"pk": measure.pk},
        r"^steering:impactstep_": {"pk": step.pk},
        r"^steering:case_": {"pk": case.pk},
        r"^steering:caseperiod_": {"pk": period.pk},
        r"^steering:socialarea_": {"pk": area.pk},
        r"^steering:milestone_": {"pk": milestone.pk},
        r"^steering:fund_": {"pk": fund.pk},
        r"^steering:fundproject_": {"pk": project.pk},
        r"^steering:areaimport_": {"pk": batch.pk},
        "api": [
            (r"/goals/\{[^}]+\}", f"/goals/{goal.pk}"),
            (r"/indicators/\{[^}]+\}", f"/indicators/{indicator.pk}"),
            (r"/indicator-targets/\{[^}]+\}", f"/indicator-targets/{target.pk}"),
            (r"/indicator-values/\{[^}]+\}", f"/indicator-values/{value.pk}"),
            (r"/social-areas/\{[^}]+\}", f"/social-areas/{area.pk}"),
            (r"/area-values/\{[^}]+\}", f"/area-values/{area_value.pk}"),
            (r"/measures/\{[^}]+\}", f"/measures/{measure.pk}"),
            (r"/cases/\{[^}]+\}", f"/cases/{case.pk}"),
            (r"/funds/\{[^}]+\}", f"/funds/{fund.pk}"),
            (r"/fund-projects/\{[^}]+\}", f"/fund-projects/{project.pk}"),
        ],
    }
