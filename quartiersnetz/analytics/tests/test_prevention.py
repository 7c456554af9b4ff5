"""Acceptance tests with the figures of seed 004 (the A1–A28 examples of the impact-steering domain brief, §7.6)
and the building blocks of prevention economics, the prevention fund and case-level controlling."""

from decimal import Decimal as D

import pytest

from quartiersnetz.analytics import seed004 as seed
from quartiersnetz.analytics.prevention import (
    PHASE_APPROACH,
    PHASE_INVEST,
    PHASE_SURPLUS,
    CalculationError,
    CaseEntry,
    ControllingPeriod,
    FundProject,
    annualise,
    baseline_index,
    case_months,
    case_saving,
    change,
    controlling_phase,
    deviation,
    format_de,
    format_factor,
    fund_utilisation,
    goal_achievement,
    measure_controlling,
    part_of,
    per_unit,
    prevention_economics,
    prevention_factor,
    prevention_fund,
    quantize,
    share,
    shares_total,
    staffing,
    target_from_change,
    to_decimal,
)
from quartiersnetz.analytics.suppression import is_publishable, suppress_counts

# ---------------------------------------------------------------------------------------------------------------
# Dortmund (A1–A4, A23)


def test_a1_dortmund_stabilised_cases_and_saving():
    result = prevention_economics(
        cases=seed.DORTMUND_CASES_REVIEWED_2011,
        avoided_share=seed.DORTMUND_STABILISED_SHARE,
        cost_per_case=seed.DORTMUND_COST_PER_RESIDENT_YEAR,
        programme_costs=seed.DORTMUND_BUDGET_PER_YEAR,
    )
    assert result.avoided_cases == 260 == seed.DORTMUND_PRINTED_STABILISED_CASES
    assert result.gross_savings == D(3_120_000) == seed.DORTMUND_PRINTED_SAVING_2011
    assert result.total_costs == D(1_500_000)
    assert result.net_effect == D(1_620_000)
    # Break-even: 1.500.000 / (0,4 × 12.000) = 312,5 reviewed cases; or a share of 1.500.000 / (650 × 12.000) = 19,23 %.
    assert result.break_even_cases == D("312.5")
    assert quantize(result.break_even_share, 4) == D("0.1923")
    assert result.warnings == ()
    assert result.formula.startswith("vermiedene Fälle = Fälle × vermiedener Anteil; Bruttoersparnis = ")
    assert result.inputs == {
        "Fälle": D(650),
        "vermiedener Anteil": D("0.40"),
        "Kosten pro Fall": D(12_000),
        "Personalkosten": D(0),
        "Programmkosten": D(1_500_000),
    }


def test_a2_dortmund_moved_into_a_care_home():
    result = part_of(seed.DORTMUND_CASES_REVIEWED_2011, seed.DORTMUND_MOVED_TO_CARE_HOME_SHARE)
    assert result.value == 52
    assert result.formula == "Anzahl = Fälle × Anteil"


def test_a3_residential_share_in_percentage_points_and_relative():
    result = change(seed.DORTMUND_RESIDENTIAL_SHARE_2009, seed.DORTMUND_RESIDENTIAL_SHARE_2012, rate=True)
    assert result.difference == D(-6)  # percentage points
    assert quantize(result.relative_percent, 1) == D("-10.7")
    assert result.is_rate
    assert "Prozentpunkten" in result.formula and "relative Veränderung (%)" in result.formula


def test_a4_dortmund_saving_against_budget():
    result = prevention_factor(seed.DORTMUND_BUDGET_PER_YEAR, seed.DORTMUND_PRINTED_SAVING_2011)
    assert result.factor == D("2.08")
    assert result.display == "1 : 2,08"
    assert result.net == D(1_620_000)


def test_a23_dortmund_share_aged_60_plus():
    result = share(seed.DORTMUND_AGED_60_PLUS, seed.DORTMUND_POPULATION)
    assert quantize(result.percent, 1) == D("25.6")  # the source prints "etwa 26 Prozent"
    assert result.formula == "Anteil (%) = Teil / Gesamt × 100"


def test_dortmund_derived_figures_of_the_brief():
    assert per_unit(seed.DORTMUND_BUDGET_PER_YEAR, seed.DORTMUND_OFFICES).value == 125_000
    assert per_unit(seed.DORTMUND_BUDGET_PER_YEAR, seed.DORTMUND_SOCIAL_WORKERS).value == 62_500
    assert per_unit(seed.DORTMUND_BUDGET_PER_YEAR, seed.DORTMUND_CONTACTS_PER_YEAR).value == 50
    assert per_unit(seed.DORTMUND_CONTACTS_PER_YEAR, seed.DORTMUND_OFFICES).value == 2_500
    assert quantize(change(seed.DORTMUND_AGED_80_PLUS, seed.DORTMUND_AGED_80_PLUS_2020).relative_percent, 1) == D(
        "15.2"
    )
    assert quantize(share(seed.DORTMUND_CARE_HOME_RESIDENTS, seed.DORTMUND_AGED_60_PLUS).percent, 1) == D("3.5")


# ---------------------------------------------------------------------------------------------------------------
# Hannover Experimentiertopf (A5–A9)


def test_a5_hannover_2005_2011_factor():
    result = prevention_factor(seed.HANNOVER_DRAWN_2005_2011, seed.HANNOVER_SAVINGS_2005_2011)
    assert quantize(result.factor, 2) == D("2.81")
    assert format_factor(result.factor, 1) == seed.HANNOVER_PRINTED_FACTOR == "1 : 2,8"
    assert result.net == D(3_710_000)
    assert result.inputs == {"eingesetzte Mittel": D(2_050_000), "Einsparung": D(5_760_000)}


def test_a6_hannover_utilisation_of_the_cap():
    result = fund_utilisation(
        cap_per_year=seed.HANNOVER_FUND_CAP_PER_YEAR,
        years=len(seed.HANNOVER_YEARS),
        drawn=seed.HANNOVER_DRAWN_2005_2011,
    )
    assert result.available == D(7_000_000)
    assert quantize(result.utilisation_percent, 1) == D("29.3")
    assert result.unused == D(4_950_000)
    # "Die maximal mögliche Summe wurde regelmäßig um gut die Hälfte unterschritten."
    assert result.utilisation_percent < 50


def test_a7_hannover_ten_projects_sum_and_factor():
    result = prevention_fund(seed.HANNOVER_PROJECTS)
    # The source prints the ten rows only; the sums 214 / 688 T€ are those of the domain brief (derived).
    assert len(result.projects) == 10
    assert result.total.costs == D(214_000)
    assert result.total.savings == D(688_000)
    assert result.total.net == D(474_000)
    assert result.total.display == "1 : 3,21"
    # The selection shows a better factor than the 2005–2011 total (3,21 > 2,8).
    assert result.total.factor > D(5_760_000) / D(2_050_000)
    assert [quantize(p.factor, 2) for p in result.projects] == [
        D(x) for x in ("4.73", "1.25", "3.00", "11.50", "10.80", "17.50", "4.57", "7.50", "0.68", "3.13")
    ]
    assert [p.net / 1000 for p in result.projects] == [287, 21, 14, 21, 49, 33, 25, 13, -6, 17]
    assert [(y.year, y.costs, y.savings) for y in result.by_year] == [(None, D(214_000), D(688_000))]
    assert result.utilisation is None


def test_a8_a_project_below_its_costs_is_a_warning_not_an_error():
    midwives = seed.HANNOVER_PROJECTS[8]
    result = prevention_factor(midwives.costs, midwives.savings, name=midwives.name)
    assert result.net == D(-6_000)
    assert quantize(result.factor, 2) == D("0.68")
    assert result.warnings == (
        "Hebammeneinsätze jenseits der KV-Zeiträume bei Mehrfachgeburten oder psychisch belasteter Mutter: "
        "Die Einsparung (13.000) ist kleiner als die Kosten (19.000); Faktor 1 : 0,68, netto −6.000.",
    )
    fund = prevention_fund(seed.HANNOVER_PROJECTS)
    assert fund.warnings == result.warnings  # the only project of the ten below 1


def test_a9_fund_as_share_of_hze():
    result = share(
        seed.HANNOVER_FUND_CAP_PER_YEAR, seed.HANNOVER_HZE_TOTAL, part_label="Fonds", total_label="HzE-Gesamtaufwand"
    )
    assert quantize(result.percent, 2) == D("1.67")
    assert result.formula == "Anteil (%) = Fonds / HzE-Gesamtaufwand × 100"
    assert result.inputs == {"Fonds": D(1_000_000), "HzE-Gesamtaufwand": D(60_000_000)}


def test_fund_by_year_balance_and_utilisation():
    projects = [
        FundProject("Schulbegleitung", D(300_000), D(900_000), year=2005),
        FundProject("Hebammen", D(50_000), D(20_000), year=2005),
        FundProject("Kita-Intensiv", D(250_000), D(500_000), year=2006),
        FundProject("Einzelfallhilfe ohne Jahr", D(10_000), D(30_000)),
    ]
    result = prevention_fund(projects, cap_per_year=1_000_000)
    assert [(y.year, y.costs, y.savings, y.net, y.balance) for y in result.by_year] == [
        (2005, D(350_000), D(920_000), D(570_000), D(650_000)),
        (2006, D(250_000), D(500_000), D(250_000), D(750_000)),
        (None, D(10_000), D(30_000), D(20_000), None),
    ]
    assert quantize(result.by_year[0].factor, 2) == D("2.63")
    assert result.by_year[1].factor == 2
    assert result.total.costs == D(610_000) and result.total.savings == D(1_450_000)
    # Utilisation over the two years with dated projects: 600.000 / (2 × 1.000.000) = 30 %.
    assert result.utilisation.utilisation_percent == 30
    assert result.utilisation.unused == D(1_400_000)
    assert result.inputs == {"Projekte": 4, "Deckel pro Jahr": D(1_000_000)}
    assert len(result.warnings) == 1 and result.warnings[0].startswith("Hebammen:")


def test_fund_needs_projects_and_factor_without_costs_is_none():
    with pytest.raises(CalculationError, match="kein Wert angegeben"):
        prevention_fund([])
    result = prevention_factor(0, 5_000)
    assert result.factor is None
    assert result.display == "1 : –"
    assert result.warnings == ("Der Präventionsfaktor ist nicht berechenbar, weil die eingesetzten Mittel 0 ist.",)


# ---------------------------------------------------------------------------------------------------------------
# Bielefeld (A10–A14, A27)


def test_a10_bielefeld_hsk_2012():
    result = deviation(seed.BIELEFELD_HSK_2012_PLANNED, seed.BIELEFELD_HSK_2012_ACTUAL)
    assert result.difference == D(3_900_000) == seed.BIELEFELD_HSK_2012_PRINTED_EXCESS
    assert quantize(result.attainment_percent, 1) == D("168.4")
    assert quantize(result.deviation_percent, 1) == D("68.4")
    assert result.inputs == {"Soll": D(5_700_000), "Ist": D(9_600_000)}
    assert result.formula.startswith("Abweichung = Ist − Soll")


def test_a11_reintegration_full_potential():
    yearly = annualise(seed.REINTEGRATION_MONTHLY_RATE).value
    assert yearly == 48_000
    result = prevention_economics(
        cases=seed.REINTEGRATION_CASES,
        avoided_share=1,
        cost_per_case=yearly,
        staff_costs=seed.REINTEGRATION_PERSONNEL_COSTS_PER_YEAR,
    )
    assert result.gross_savings == D(960_000)
    assert result.net_effect == D(840_000)
    assert result.factor == 8
    # The same through case-level controlling: 20 cases, 12 avoided months each, one year.
    cases = [
        CaseEntry(f"RJ-{k:02d}", "2012", seed.REINTEGRATION_MONTHLY_RATE, D(12), seed.REINTEGRATION_AVOIDED_ALTERNATIVE)
        for k in range(1, 21)
    ]
    controlling = measure_controlling(
        [ControllingPeriod("2012", D(960_000), seed.REINTEGRATION_PERSONNEL_COSTS_PER_YEAR)], cases=cases
    )
    assert controlling.rows[0].actual_savings == D(960_000)
    assert controlling.rows[0].net == D(840_000)
    assert controlling.cases[0].avoided_alternative == "stationäre Unterbringung"
    assert controlling.cases[0].gross_savings == D(48_000)


def test_a12_case_months_behind_the_soll():
    assert case_months(seed.REINTEGRATION_PLANNED_SAVINGS[2012], seed.REINTEGRATION_MONTHLY_RATE).value == 170
    assert case_months(seed.REINTEGRATION_PLANNED_SAVINGS[2011], seed.REINTEGRATION_MONTHLY_RATE).value == D("74.25")
    assert case_saving(seed.REINTEGRATION_MONTHLY_RATE, 12).value == 48_000


def test_a13_reintegration_net_600000_is_the_surplus_phase():
    gross = seed.REINTEGRATION_NET_PER_YEAR + seed.REINTEGRATION_PERSONNEL_COSTS_PER_YEAR
    assert gross == D(720_000)
    result = measure_controlling(
        [
            ControllingPeriod(
                "2012",
                planned_savings=seed.REINTEGRATION_PLANNED_SAVINGS[2012],
                actual_costs=seed.REINTEGRATION_PERSONNEL_COSTS_PER_YEAR,
                actual_savings=gross,
            )
        ]
    )
    row = result.rows[0]
    assert row.net == seed.REINTEGRATION_NET_PER_YEAR
    assert row.phase == PHASE_SURPLUS == "Überschussphase"
    assert row.savings_deviation == D(40_000)
    assert result.total_net == D(600_000)


def test_a14_gross_below_personnel_costs_is_the_invest_phase():
    phase = controlling_phase(actual_savings=80_000, costs=120_000, planned_savings=297_000)
    assert phase == PHASE_INVEST == "Investphase"
    result = measure_controlling([ControllingPeriod("2011", D(297_000), D(120_000), actual_savings=D(80_000))])
    assert result.rows[0].net == D(-40_000)
    assert result.rows[0].net < 0


@pytest.mark.parametrize(
    ("ist", "costs", "soll", "expected"),
    [
        (119_999, 120_000, 680_000, PHASE_INVEST),
        (120_000, 120_000, 680_000, PHASE_APPROACH),  # costs ≤ Ist < Soll
        (679_999, 120_000, 680_000, PHASE_APPROACH),
        (680_000, 120_000, 680_000, PHASE_SURPLUS),  # Ist ≥ Soll
        (90_000, 120_000, 80_000, PHASE_INVEST),  # Soll below costs: the negative net wins
    ],
)
def test_phase_boundaries(ist, costs, soll, expected):
    assert controlling_phase(actual_savings=ist, costs=costs, planned_savings=soll) == expected


def test_care_office_gross_needs_the_unprinted_personnel_costs():
    assert seed.CARE_OFFICE_PERSONNEL_COSTS is None
    # The brief's assumption of 60.000 € per specialist: 1,32 Mio. € + 5 × 60.000 € ≈ 1,62 Mio. € gross.
    assumed = seed.CARE_OFFICE_STAFF * D(60_000)
    result = measure_controlling(
        [
            ControllingPeriod(
                "2012", seed.CARE_OFFICE_PLANNED_SAVINGS[2012], assumed, seed.CARE_OFFICE_NET_2012 + assumed
            )
        ]
    )
    assert result.rows[0].actual_savings == D(1_620_000)
    assert (
        result.rows[0].phase == PHASE_SURPLUS
    )  # "übersteigt das Konsolidierungs-Ist das Soll bereits im zweiten Jahr"


def test_a27_headcount_and_posts_are_kept_apart():
    result = staffing(headcount=seed.BIELEFELD_HSK_EXTRA_STAFF_HEADCOUNT, fte=seed.BIELEFELD_HSK_POSTS_FTE)
    assert result.headcount == 13
    assert result.fte == D("13.5")
    assert result.part_time_share is None
    assert result.warnings == (
        "Die Stellen (13,5 VZÄ) sind mehr als die Köpfe (13): Stellen und Personen werden getrennt geführt.",
    )


# ---------------------------------------------------------------------------------------------------------------
# Case-level controlling over three periods: Invest → Annäherung → Überschuss


def _three_tertials():
    rate = D(4_000)
    cases = [CaseEntry("F-01", "2011-T1", rate, D(2), "stationäre Unterbringung")]
    cases += [CaseEntry(f"F-{k:02d}", "2011-T2", rate, D(4), "stationäre Unterbringung") for k in range(1, 6)]
    cases += [
        CaseEntry(
            f"F-{k:02d}",
            "2011-T3",
            rate,
            D(4),
            "stationäre Unterbringung",
            actual_costs=D(2_000) if k == 3 else D(0),
        )
        for k in range(1, 12)
    ]
    periods = [
        ControllingPeriod("2011-T1", planned_savings=D(40_000), actual_costs=D(40_000), planned_costs=D(40_000)),
        ControllingPeriod("2011-T2", planned_savings=D(100_000), actual_costs=D(40_000), planned_costs=D(40_000)),
        ControllingPeriod("2011-T3", planned_savings=D(160_000), actual_costs=D(40_000), planned_costs=D(35_000)),
    ]
    return periods, cases


def test_controlling_from_cases_with_phases_and_cumulation():
    periods, cases = _three_tertials()
    result = measure_controlling(periods, cases=cases)
    # T1: 1 case × 2 months × 4.000 = 8.000 < costs 40.000 → Invest, net −32.000
    # T2: 5 × 4 × 4.000 = 80.000; 40.000 ≤ 80.000 < 100.000 → Annäherung, net 40.000
    # T3: 11 × 4 × 4.000 − 2.000 (outpatient help of F-03) = 174.000 ≥ 160.000 → Überschuss, net 134.000
    assert [r.actual_savings for r in result.rows] == [D(8_000), D(80_000), D(174_000)]
    assert [r.phase for r in result.rows] == [PHASE_INVEST, PHASE_APPROACH, PHASE_SURPLUS]
    assert [r.net for r in result.rows] == [D(-32_000), D(40_000), D(134_000)]
    assert [r.savings_deviation for r in result.rows] == [D(-32_000), D(-20_000), D(14_000)]
    assert [r.costs_deviation for r in result.rows] == [D(0), D(0), D(5_000)]
    # Cumulated: Soll 40/140/300 T€, Ist 8/88/262 T€, costs 40/80/120 T€, net −32/8/142 T€.
    assert [r.cumulated_planned_savings for r in result.rows] == [D(40_000), D(140_000), D(300_000)]
    assert [r.cumulated_actual_savings for r in result.rows] == [D(8_000), D(88_000), D(262_000)]
    assert [r.cumulated_actual_costs for r in result.rows] == [D(40_000), D(80_000), D(120_000)]
    assert [r.cumulated_net for r in result.rows] == [D(-32_000), D(8_000), D(142_000)]
    assert [r.cumulated_phase for r in result.rows] == [PHASE_INVEST, PHASE_APPROACH, PHASE_APPROACH]
    assert result.total_net == D(142_000)
    assert result.deviation.difference == D(-38_000)
    assert quantize(result.deviation.attainment_percent, 2) == D("87.33")
    by_case = {c.case: c for c in result.cases}
    assert len(by_case) == 11
    assert (by_case["F-01"].months, by_case["F-01"].gross_savings, by_case["F-01"].contribution) == (
        D(10),
        D(40_000),
        D(40_000),
    )
    assert (by_case["F-03"].actual_costs, by_case["F-03"].contribution) == (D(2_000), D(30_000))
    assert "Investphase: Ist < Kosten" in result.formula
    assert result.inputs["Zeiträume"] == ["2011-T1", "2011-T2", "2011-T3"]
    assert result.inputs["Fälle"] == 11


@pytest.mark.parametrize(
    ("change_", "message"),
    [
        ("duplicate", "Der Zeitraum „2011-T1“ kommt mehrfach vor."),
        ("unknown", "Fall „F-99“: Der Zeitraum „2012-T1“ gehört nicht zu den Zeiträumen der Maßnahme."),
        ("actual_twice", "Zeitraum „2011-T1“: Die Ist-Einsparung wird aus den Fällen berechnet"),
        ("negative", "„Ist-Kosten“ darf nicht negativ sein (angegeben: −1)."),
    ],
)
def test_controlling_rejects_bad_input(change_, message):
    periods, cases = _three_tertials()
    if change_ == "duplicate":
        periods.append(periods[0])
    elif change_ == "unknown":
        cases.append(CaseEntry("F-99", "2012-T1", D(4_000), D(1)))
    elif change_ == "actual_twice":
        periods[0] = ControllingPeriod("2011-T1", D(40_000), D(40_000), actual_savings=D(1))
    else:
        periods[0] = ControllingPeriod("2011-T1", D(40_000), D(-1))
    with pytest.raises(CalculationError) as exc:
        measure_controlling(periods, cases=cases)
    assert exc.value.message.startswith(message)


def test_controlling_without_cases_needs_actuals_and_periods():
    with pytest.raises(CalculationError, match="Zeitraum „2012“: Es fehlt die Ist-Einsparung"):
        measure_controlling([ControllingPeriod("2012", D(1), D(1))])
    with pytest.raises(CalculationError, match="keinen Zeitraum"):
        measure_controlling([])


# ---------------------------------------------------------------------------------------------------------------
# Hamburg, Wolfsburg, Heidelberg, München (A15–A22)


def test_a15_hamburg_spfh_cases():
    result = change(seed.HAMBURG_SPFH_CASES_BEFORE, seed.HAMBURG_SPFH_CASES_AFTER)
    assert result.difference == -303
    assert quantize(result.relative_percent, 1) == D("-13.1")
    assert not result.is_rate


def test_a16_wolfsburg_sgb2_recipients_and_benefit_units():
    result = change(seed.WOLFSBURG_SGB2_BEFORE, seed.WOLFSBURG_SGB2_AFTER)
    assert result.difference == -2_200
    assert quantize(result.relative_percent, 1) == D("-23.2")
    per = per_unit(
        seed.WOLFSBURG_SGB2_AFTER,
        seed.WOLFSBURG_BENEFIT_UNITS,
        total_label="Leistungsberechtigte",
        unit_label="Bedarfsgemeinschaften",
    )
    assert quantize(per.value, 2) == D("1.92")
    assert per.formula == "Leistungsberechtigte je Einheit = Leistungsberechtigte / Bedarfsgemeinschaften"
    assert quantize(share(seed.WOLFSBURG_LONG_TERM_UNEMPLOYED, seed.WOLFSBURG_SGB2_AFTER).percent, 1) == D("12.2")


def test_a17_monthly_partner_contribution_per_year():
    result = annualise(seed.WOLFSBURG_RVA_MONTHLY_CONTRIBUTION)
    assert result.value == 4_320
    assert result.formula == "Betrag pro Jahr = Betrag pro Monat × 12"


def test_a18_heidelberg_part_time_share():
    result = staffing(
        headcount=seed.HEIDELBERG_WORKERS,
        fte=seed.HEIDELBERG_FTE,
        full_time=seed.HEIDELBERG_FULL_TIME,
        part_time=seed.HEIDELBERG_PART_TIME,
    )
    assert result.part_time_share == D("0.625")
    assert result.warnings == ()
    assert result.inputs == {"Köpfe": 18, "Vollzeitäquivalente": D("13.5"), "Vollzeitkräfte": 6, "Teilzeitkräfte": 12}


def test_staffing_checks_its_inputs():
    with pytest.raises(CalculationError, match="ergeben nicht die Köpfe"):
        staffing(headcount=18, fte=13.5, full_time=6, part_time=11)
    with pytest.raises(CalculationError, match="weniger als die Vollzeitkräfte"):
        staffing(headcount=18, fte=5, full_time=6, part_time=12)
    with pytest.raises(CalculationError, match="braucht die Zahl der Vollzeit- und der Teilzeitkräfte"):
        staffing(headcount=18, fte=13.5, full_time=6)


def test_a19_heidelberg_budget_change():
    result = change(seed.HEIDELBERG_BUDGET[2013], seed.HEIDELBERG_BUDGET[2014])
    assert result.difference == 17_000
    assert quantize(result.relative_percent, 1) == D("2.0")


def test_a20_a21_a22_muenchen():
    aged = share(seed.MUENCHEN_AGED_65_PLUS_2012, seed.MUENCHEN_POPULATION_2012)
    assert quantize(aged.percent, 1) == D("17.7")  # printed "17,7 Prozent"
    support = share(seed.MUENCHEN_OLD_AGE_INCOME_SUPPORT, seed.MUENCHEN_AGED_65_PLUS_2012)
    assert quantize(support.percent, 1) == D("4.9")  # printed "fünf Prozent"
    very_old = change(seed.MUENCHEN_AGED_80_PLUS_2012, seed.MUENCHEN_AGED_80_PLUS_2030)
    assert very_old.difference == 28_464
    assert quantize(very_old.relative_percent, 1) == D("46.3")  # printed "circa 50 Prozent"


# ---------------------------------------------------------------------------------------------------------------
# Survey (A24, A25) and the remaining rules (A26, A28)


def test_a24_survey_project_age():
    ages = seed.SURVEY_PROJECT_AGE
    at_least_five = shares_total(
        [ages["5 bis 10 Jahre"], ages["über 10 bis unter 20 Jahre"], ages["20 Jahre und länger"]]
    )
    assert at_least_five.total == 76  # "drei Viertel"
    over_ten = shares_total([ages["über 10 bis unter 20 Jahre"], ages["20 Jahre und länger"]])
    assert over_ten.total == 32  # "ein Drittel"
    full = shares_total(list(ages.values()))
    assert full.total == 100 and full.warnings == ()
    assert shares_total([seed.SURVEY_PROJECTS_YES, seed.SURVEY_PROJECTS_NO]).total == 100


def test_a25_shares_above_100_are_a_rounding_note():
    result = shares_total(list(seed.SURVEY_CONFLICTS.values()))
    assert result.total == 101
    assert result.rounding_only
    assert result.warnings == (
        "Die Anteile ergeben zusammen 101 % statt 100 %; die Abweichung erklärt sich durch Rundung.",
    )
    gap = shares_total(list(seed.SURVEY_OBSTACLES.values()))
    assert gap.total == 94
    assert not gap.rounding_only
    assert "mehr als eine Rundungsdifferenz" in gap.warnings[0]


def test_survey_response_rate():
    assert quantize(share(seed.SURVEY_RESPONDED, seed.SURVEY_CONTACTED).percent, 1) == D("25.4")
    assert seed.SURVEY_CITIES + seed.SURVEY_DISTRICTS == seed.SURVEY_RESPONDED


def test_a26_target_without_mode_is_a_validation_error():
    with pytest.raises(CalculationError) as exc:
        target_from_change(12, -10, None)
    assert exc.value.message == (
        "Bitte wählen Sie, wie die Veränderung gemeint ist: relativ (in % des Ausgangswerts), in Prozentpunkten "
        "oder absolut."
    )
    # Kähler: "Senkung der Langzeitarbeitslosenquote um zehn Prozent" from a rate of 12 %:
    assert target_from_change(12, -10, "relative").target == D("10.8")
    assert target_from_change(12, -10, "points").target == 2
    assert target_from_change(12, -10, "points").inputs["Art der Vorgabe"] == "Prozentpunkte"
    assert target_from_change(9_500, -2_000, "absolute", rate=False).target == 7_500
    with pytest.raises(CalculationError, match="Prozentpunkte gibt es nur bei Quoten"):
        target_from_change(9_500, -10, "points", rate=False)
    with pytest.raises(CalculationError, match="Unbekannte Art der Zielvorgabe „pp“"):
        target_from_change(12, -10, "pp")


def test_a28_a_public_cell_with_two_cases_is_suppressed():
    assert not is_publishable(2, 5)
    cells = suppress_counts({"Sozialraum 1": 2, "Sozialraum 2": 40, "Sozialraum 3": 35}, k=5)
    assert cells["Sozialraum 1"] is None
    assert cells["Sozialraum 3"] is None  # secondary suppression: the total would give the hidden cell away


# ---------------------------------------------------------------------------------------------------------------
# Building blocks


def test_goal_achievement_and_baseline_index():
    falling = goal_achievement(actual=7_300, target=7_000, baseline=9_500)
    assert falling.percent == 88
    assert falling.formula == "Zielerreichungsgrad (%) = (Ist − Ausgangswert) / (Zielwert − Ausgangswert) × 100"
    assert quantize(goal_achievement(actual=9.6, target=5.7).percent, 1) == D("168.4")
    assert goal_achievement(actual=5, target=5, baseline=5).percent is None
    assert baseline_index(80, 100).percent == -20
    assert baseline_index(80, 0).warnings == ("Der Index ist nicht berechenbar, weil der Ausgangswert 0 ist.",)


def test_zero_denominators_give_none_with_a_note():
    assert change(0, 5).relative_percent is None
    assert share(1, 0).percent is None
    assert per_unit(1, 0).value is None
    assert deviation(0, 5).attainment_percent is None
    economics = prevention_economics(cases=10, avoided_share=D("0.5"), cost_per_case=1_000)
    assert economics.factor is None
    assert economics.break_even_cases == 0
    assert economics.warnings == ("Der Faktor ist nicht berechenbar, weil die Summe der Kosten 0 ist.",)


def test_net_negative_economics_warns():
    result = prevention_economics(cases=100, avoided_share=D("0.05"), cost_per_case=12_000, staff_costs=120_000)
    assert result.net_effect == D(-60_000)
    assert result.warnings == ("Netto −60.000,00: Die Kosten sind höher als die Einsparung.",)
    assert result.break_even_share == D("0.1")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"avoided_share": 40},
            "„vermiedener Anteil“ ist ein Anteil zwischen 0 und 1 (z. B. 0,4 für 40 %); angegeben: 40.",
        ),
        ({"cases": -1}, "„Fälle“ darf nicht negativ sein (angegeben: −1)."),
        ({"cost_per_case": "viel"}, "„Kosten pro Fall“ muss eine Zahl sein (angegeben: viel)."),
        ({"cost_per_case": None}, "„Kosten pro Fall“ muss eine Zahl sein (angegeben: None)."),
        ({"staff_costs": float("nan")}, "„Personalkosten“ muss eine Zahl sein (angegeben: nan)."),
        ({"programme_costs": True}, "„Programmkosten“ muss eine Zahl sein (angegeben: True)."),
    ],
)
def test_prevention_economics_rejects_bad_input_in_german(kwargs, message):
    arguments = {"cases": 650, "avoided_share": D("0.4"), "cost_per_case": 12_000} | kwargs
    with pytest.raises(CalculationError) as exc:
        prevention_economics(**arguments)
    assert exc.value.message == message


def test_case_months_needs_a_positive_rate():
    with pytest.raises(CalculationError, match="„Kostensatz pro Monat“ muss größer als 0 sein"):
        case_months(680_000, 0)


def test_numbers_and_formatting():
    assert to_decimal(0.1, "x") == D("0.1")  # via the float's shortest repr, not its binary expansion
    assert to_decimal("12.5", "x") == D("12.5")
    assert format_de(D(3_120_000)) == "3.120.000"
    assert format_de(D("-6000")) == "−6.000"
    assert format_de(D("2.8097560975"), 2) == "2,81"
    assert format_de(D("1234.5")) == "1.234,5"
    assert format_de(None) == "–"
    assert quantize(D("2.805"), 2) == D("2.81")  # half up, not banker's rounding
    assert quantize(None) is None
    assert format_factor(D("3.2149"), 2) == "1 : 3,21"


def test_seed_table_is_transcribed_completely():
    names = [p.name for p in seed.HANNOVER_PROJECTS]
    assert names[0] == "Schulsozialarbeit zur Prävention von Schulabsentismus"
    assert names[-1] == "Ergänzende Intensivbetreuung in einer Kita (statt Aufenthalt in therapeutischer Einrichtung)"
    assert len(set(names)) == 10
    assert all(p.method == "geschätzt" and p.year is None for p in seed.HANNOVER_PROJECTS)
    assert seed.HANNOVER_YEARS == (2005, 2006, 2007, 2008, 2009, 2010, 2011)
