"""Demo data of the steering app (deterministic: all randomness comes from the `rng` passed in).

- Goal pyramid of the G.I.B. programme ("Aktiv für Arbeit") from Leitziel to Maßnahmenziel, continued in the Quartiere
  Duisburg-Marxloh (SMART-complete) and Köln-Chorweiler (deliberately incomplete), with indicators, targets and
  actuals.
- "Musterstadt", a **fictitious** demo city with 36 Sozialräume on a 6 × 6 grid of rectangles near 51,5° N / 7,0° E
  and five indicators 2019–2023 (Wahlbeteiligung is inverted: higher means less disadvantage).
- The Bielefeld planning cycle, the Hannover Experimentiertopf with the ten projects of seed 004 and a measure with
  two pseudonymised cases whose periods run through Invest-, Annäherungs- and Überschussphase.
Idempotent: when the demo fund already exists in the programme, nothing is written again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from quartiersnetz.analytics import seed004

from .models import (
    AreaIndicator,
    AreaValue,
    CasePeriodCost,
    FundProject,
    Goal,
    GoalLevel,
    ImpactStep,
    ImpactTemplate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PlanningMilestone,
    PreventionCase,
    PreventionFund,
    SocialArea,
)

GIB = "aktiv-fuer-arbeit"
MARXLOH, CHORWEILER = "duisburg-marxloh", "koeln-chorweiler"
FUND_NAME = "Experimentiertopf Hannover (Demo)"
CITY = "Musterstadt (fiktiv)"
GRID = 6
YEARS = range(2019, 2024)
ORIGIN = (51.47, 6.95)  # south-west corner of the grid
CELL = (0.012, 0.018)  # degrees latitude, longitude
AREA_INDICATORS = [
    # name, unit, higher_is_worse, base, spread, yearly trend
    ("SGB-II-Quote", "%", True, 14.0, 8.0, -0.3),
    ("Arbeitslosenquote", "%", True, 8.0, 5.0, -0.2),
    ("Kinderarmut", "%", True, 22.0, 14.0, -0.4),
    ("Anteil Alleinerziehende", "%", True, 18.0, 8.0, 0.1),
    ("Wahlbeteiligung", "%", False, 55.0, -20.0, -0.5),
]
BIELEFELD_CYCLE = [
    (6, "Trialogisches Fachforum „Kinder und Jugend“", "forum", "Politik, Verwaltung, freie Träger", False),
    (7, "Trialogisches Fachforum „Soziales“", "forum", "Politik, Verwaltung, freie Träger", False),
    (8, "Politische Schwerpunktsetzung (Fachausschüsse)", "priorities", "Fachausschüsse", False),
    (9, "Politische Schwerpunktsetzung: Beschluss", "priorities", "Fachausschüsse", False),
    (11, "Interne Planungsworkshops", "workshop", "Beigeordneter und alle Organisationseinheiten", False),
    (12, "Zielmatrix erstellen", "goal_matrix", "Sozialdezernat", False),
    (1, "Vorstellung der geplanten Maßnahmen", "presentation", "Fachausschüsse", False),
    (4, "Tertialbericht I", "tertial_report", "Verwaltung an Leitung und Politik", True),
    (8, "Tertialbericht II", "tertial_report", "Verwaltung an Leitung und Politik", True),
    (12, "Tertialbericht III", "tertial_report", "Verwaltung an Leitung und Politik", True),
]


def _rect(row: int, col: int) -> dict:
    lat0, lon0 = ORIGIN[0] + row * CELL[0], ORIGIN[1] + col * CELL[1]
    ring = [[lon0, lat0], [lon0 + CELL[1], lat0], [lon0 + CELL[1], lat0 + CELL[0]], [lon0, lat0 + CELL[0]],
            [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [[[round(x, 5), round(y, 5)] for x, y in ring]]}


def _level(order: int) -> GoalLevel:
    return GoalLevel.objects.get(order=order)


def _indicator(goal, *, name, unit, kind, baseline, targets, actuals, higher_better=True, source="Demodaten"):
    ind = Indicator.objects.create(
        programme=goal.programme, quartier=goal.quartier, goal=goal, name=name, unit=unit, type=kind,
        direction="higher_better" if higher_better else "higher_worse", source=source,
        baseline_value=None if baseline is None else Decimal(str(baseline)),
        baseline_date=dt.date(2022, 12, 31) if baseline is not None else None,
    )
    for period, value in targets.items():
        IndicatorTarget.objects.create(indicator=ind, period=period, start=dt.date(int(period), 1, 1),
                                       end=dt.date(int(period), 12, 31), value=Decimal(str(value)))
    for period, value in actuals.items():
        IndicatorValue.objects.create(indicator=ind, period=period, value=Decimal(str(value)))
    return ind


def _pyramid(programme, marxloh, chorweiler) -> list[Goal]:
    owner = "Programmkoordination G.I.B."
    lz = Goal.objects.create(programme=programme, level=_level(1), number="1", status="adopted", owner_text=owner,
                             smart_override_reason="Leitziele werden über ihre Handlungsziele gemessen.",
                             title="Soziale Teilhabe und Chancengerechtigkeit für alle Zielgruppen",
                             period_start=dt.date(2023, 1, 1), period_end=dt.date(2026, 12, 31))
    hz = Goal.objects.create(programme=programme, level=_level(2), parent=lz, number="1.1", owner_text=owner,
                             title="Unabhängigkeit von staatlichen Transferleistungen stärken",
                             period_start=dt.date(2023, 1, 1), period_end=dt.date(2026, 12, 31))
    _indicator(hz, name="SGB-II-Quote in den Programmquartieren", unit="%", kind="impact", baseline=21.4,
               targets={"2023": 21.0, "2024": 20.5}, actuals={"2023": 21.2, "2024": 20.4}, higher_better=False)
    hz.status = "adopted"
    hz.save(update_fields=["status"])
    pg = Goal.objects.create(programme=programme, level=_level(3), parent=hz, number="1.1.1", owner_text=owner,
                             title="Langzeitarbeitslose im Quartier werden über das Netzwerk erreicht",
                             nkf_product="05.02.01", period_start=dt.date(2024, 1, 1),
                             period_end=dt.date(2025, 12, 31))
    _indicator(pg, name="Erstkontakte über Netzwerkpartner", unit="Personen", kind="output", baseline=120,
               targets={"2024": 180}, actuals={"2024": 171})
    goals = [lz, hz, pg]
    # Duisburg-Marxloh: SMART-complete down to the Maßnahmenziel.
    pz = Goal.objects.create(programme=programme, quartier=marxloh, level=_level(4), parent=pg, number="M-1",
                             title="Mehr Vermittlungen aus dem Quartiersnetzwerk in Arbeit oder Maßnahme",
                             owner_text="Netzwerkcoaching Marxloh", period_start=dt.date(2024, 1, 1),
                             period_end=dt.date(2024, 12, 31), status="adopted")
    _indicator(pz, name="Vermittlungen über Netzwerkpartner", unit="Personen", kind="outcome", baseline=40,
               targets={"2024": 60}, actuals={"2024": 62})
    mz = Goal.objects.create(programme=programme, quartier=marxloh, level=_level(5), parent=pz, number="M-1.1",
                             title="Warme Übergaben zwischen Kontaktstelle und Jobcenter ausbauen",
                             owner_text="Kontaktstelle Marxloh", period_start=dt.date(2024, 1, 1),
                             period_end=dt.date(2024, 12, 31))
    _indicator(mz, name="Anteil warmer Übergaben", unit="%", kind="outcome", baseline=35,
               targets={"2024": 60}, actuals={"2024": 51})
    # Köln-Chorweiler: incomplete on purpose (no deadline, no unit, no baseline).
    pz2 = Goal.objects.create(programme=programme, quartier=chorweiler, level=_level(4), parent=pg, number="C-1",
                              title="Jobcenter als stabilen Kern des Netzwerks einbinden",
                              owner_text="Netzwerkcoaching Chorweiler")
    _indicator(pz2, name="Teilnahme des Jobcenters an Netzwerktreffen", unit="", kind="output", baseline=None,
               targets={"2024": 10}, actuals={"2024": 6})
    mz2 = Goal.objects.create(programme=programme, quartier=chorweiler, level=_level(5), parent=pz2,
                              number="C-1.1", title="Ansprechperson mit Entscheidungsbefugnis benennen")
    return [*goals, pz, mz, pz2, mz2]


def _musterstadt(programme, rng) -> tuple[int, int]:
    indicators = [
        AreaIndicator.objects.create(programme=programme, name=name, unit=unit, higher_is_worse=worse)
        for name, unit, worse, *_rest in AREA_INDICATORS
    ]
    areas = []
    for row in range(GRID):
        for col in range(GRID):
            n = row * GRID + col + 1
            areas.append(SocialArea(
                programme=programme, city=CITY, code=f"{n:02d}", name=f"Sozialraum {n:02d}",
                population=rng.randint(3000, 14000), boundary=_rect(row, col),
            ))
    areas = SocialArea.objects.bulk_create(areas)
    values = []
    for area in areas:
        n = int(area.code) - 1
        row, col = divmod(n, GRID)
        # Disadvantage grows towards the north-west (a "Stadtteil" near the old industry) plus noise.
        burden = ((GRID - 1 - col) + row) / (2 * (GRID - 1))
        drift = rng.uniform(-1.0, 1.0)  # some areas improve, some get worse
        for (_name, _u, _w, base, spread, trend), ind in zip(AREA_INDICATORS, indicators, strict=True):
            level = base + spread * (burden - 0.5) + rng.uniform(-0.1, 0.1) * abs(spread)
            for offset, year in enumerate(YEARS):
                value = level + offset * (trend + 0.4 * drift * (1 if spread > 0 else -1))
                values.append(AreaValue(area=area, indicator=ind, year=year,
                                        value=Decimal(str(round(max(value, 0.5), 1)))))
    AreaValue.objects.bulk_create(values)
    return len(areas), len(values)


def _measures(programme, marxloh):
    coaching = Measure.objects.create(
        programme=programme, quartier=marxloh, title="Netzwerkcoaching Marxloh",
        description="Wirkungskette nach den Wirkungsebenen des Netzwerkcoachings (Vorlage B1, C2, C4).",
        start=dt.date(2024, 1, 1), template_code="B1, C2, C4",
    )
    order = 1
    for stage, text in (("input", "1 Netzwerkcoach (1,0 VZÄ), Sachmittel"),
                        ("activities", "Netzwerktreffen, Fallkonferenzen, aufsuchende Ansprache")):
        ImpactStep.objects.create(measure=coaching, stage=stage, order=order, text=text)
        order += 1
    for template in ImpactTemplate.objects.filter(code__in=["B1", "C2", "C4"]).order_by("code"):
        step = ImpactStep.objects.create(measure=coaching, stage=template.stage, order=order,
                                         text=f"{template.code} {template.title}")
        order += 1
        step.indicators.set([
            Indicator.objects.create(programme=programme, quartier=marxloh, name=f"{template.code}: {name}",
                                     type="outcome", source="Vorlage Netzwerkcoaching (Seed 000)")
            for name in template.indicators[:2]
        ])
    coaching.goals.set(Goal.objects.filter(quartier=marxloh))
    reintegration = Measure.objects.create(
        programme=programme, quartier=marxloh, title="Rückführung aus stationärer Unterbringung (Demo)",
        description="Nach dem Bielefelder Beispiel „Reintegration Jugendlicher“; Fälle pseudonymisiert.",
        start=dt.date(2023, 1, 1), personnel_costs_per_period=Decimal(10_000),
    )
    periods = [("2023-T1", dt.date(2023, 1, 1)), ("2023-T2", dt.date(2023, 5, 1)), ("2023-T3", dt.date(2023, 9, 1)),
               ("2024-T1", dt.date(2024, 1, 1)), ("2024-T2", dt.date(2024, 5, 1))]
    plan = [4000, 8000, 12000, 16000, 16000]
    for code, months in (("RJ-001", [0, 2, 4, 5, 5]), ("RJ-002", [0, 1, 4, 5, 5])):
        case = PreventionCase.objects.create(
            measure=reintegration, code=code, avoided_alternative=seed004.REINTEGRATION_AVOIDED_ALTERNATIVE,
            monthly_rate=seed004.REINTEGRATION_MONTHLY_RATE, goal_reached=True,
        )
        CasePeriodCost.objects.bulk_create([
            CasePeriodCost(case=case, period=p, start=start, planned_savings=Decimal(planned),
                           months_avoided=Decimal(m))
            for (p, start), planned, m in zip(periods, plan, months, strict=True)
        ])
    return [coaching, reintegration]


@transaction.atomic
def load_steering_demo(*, programmes: dict, quartiere: dict, rng) -> dict:
    """Write the steering demo (see the module docstring). Returns counts for the loader's summary."""
    programme = programmes[GIB]
    if PreventionFund.objects.filter(programme=programme, name=FUND_NAME).exists():
        return {"created": False}
    goals = _pyramid(programme, quartiere[MARXLOH], quartiere[CHORWEILER])
    areas, values = _musterstadt(programme, rng)
    for month, title, kind, responsible, is_report in BIELEFELD_CYCLE:
        PlanningMilestone.objects.create(programme=programme, month=month, title=title, kind=kind,
                                         responsible=responsible, is_report=is_report)
    fund = PreventionFund.objects.create(
        programme=programme, name=FUND_NAME, municipality="Hannover", cap_per_year=seed004.HANNOVER_FUND_CAP_PER_YEAR,
        description="Ausgewählte Projekte, Kosten und geschätzte Einsparungen pro Jahr (Seed 004). 2005–2011 "
                    "insgesamt rund 2,05 Mio. € abgerufen und 5,76 Mio. € eingespart (1 : 2,8).",
    )
    FundProject.objects.bulk_create([
        FundProject(fund=fund, name=p.name, costs=p.costs, savings=p.savings, year=p.year, method="estimated")
        for p in seed004.HANNOVER_PROJECTS
    ])
    measures = _measures(programme, quartiere[MARXLOH])
    return {"created": True, "goals": len(goals), "areas": areas, "area_values": values,
            "projects": len(seed004.HANNOVER_PROJECTS), "measures": len(measures)}
