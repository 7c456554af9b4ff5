"""Figures of seed 004 (FES KommunalAkademie, "Wirkungsorientierte Steuerung", about 2013) as data.

Pure module, no Django imports: the acceptance tests check the calculations against these figures, and the demo
data of the steering app can load them. The source is a text extraction without page numbers, so every block names
the chapter and section of the publication and the lines of ``/work/shared/seeds/004_03daac5819b31001.txt``
(abbreviated "seed l. 1234"). Money is in euros (the source's "in Tausend Euro" tables are converted), shares are
fractions (0,4 = 40 %), printed percentages stay percentages. A value marked "printed" is what the source prints
(rounded); everything else the source states directly. Derived values are not stored here: the tests derive them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from .prevention import FundProject

TEUR = 1000

# ---------------------------------------------------------------------------------------------------------------
# Hannover: "Experimentiertopf" – Prävention bei der Hilfe zur Erziehung (Thomas Walter), part d) of
# "Kommunale Beispiele für neue Wege" (seed l. 3596–3850).

# Section 3 "Experimentiermittel vorgelagert, aber doch: mittendrin in der HzE" (seed l. 3694–3722): the council
# decided in 2004 a fund "in Höhe von bis zu einer Million Euro (bei seinerzeit etwa 60 Millionen Gesamtaufwand der
# HzE)"; from budget year 2005 decided yearly, later as a standing measure.
HANNOVER_FUND_CAP_PER_YEAR = D(1_000_000)
HANNOVER_HZE_TOTAL = D(60_000_000)  # "etwa 60 Millionen"
HANNOVER_FUND_DECIDED = 2004
HANNOVER_FUND_FROM_YEAR = 2005

# Section 4 "Ergebnisse: Präventionsfaktor zu 2,8", table "Kosten und geschätzte Einsparungen pro Jahr in Tausend
# Euro" (seed l. 3733–3773): a selection ("exemplarisch einige … ausgewählte Projekte") of projects, per year,
# without the year they ran. The source prints no totals.
HANNOVER_PROJECTS = (
    FundProject("Schulsozialarbeit zur Prävention von Schulabsentismus", D(77 * TEUR), D(364 * TEUR)),
    FundProject(
        "Niedrigschwellige, tagesstrukturierende Gruppenarbeit in sozialen Brennpunkten", D(85 * TEUR), D(106 * TEUR)
    ),
    FundProject("Familienfreizeiten mit Hebammen", D(7 * TEUR), D(21 * TEUR)),
    FundProject("Betreuung während Krankenhausaufenthalt der Mutter", D(2 * TEUR), D(23 * TEUR)),
    FundProject("Muttersprachliche Betreuung im Haushalt kurdischer Eltern", D(5 * TEUR), D(54 * TEUR)),
    FundProject("Unterstützung durch Nachbarschaftshilfe zur Vermeidung von Herausnahme", D(2 * TEUR), D(35 * TEUR)),
    FundProject(
        "Sicherstellung der Kinderbetreuung wegen Haft der Mutter durch eingereiste Verwandte",
        D(7 * TEUR),
        D(32 * TEUR),
    ),
    FundProject("Besondere unterstützende Schulförderung für Kinder aus einer Großfamilie", D(2 * TEUR), D(15 * TEUR)),
    FundProject(
        "Hebammeneinsätze jenseits der KV-Zeiträume bei Mehrfachgeburten oder psychisch belasteter Mutter",
        D(19 * TEUR),
        D(13 * TEUR),
    ),
    FundProject(
        "Ergänzende Intensivbetreuung in einer Kita (statt Aufenthalt in therapeutischer Einrichtung)",
        D(8 * TEUR),
        D(25 * TEUR),
    ),
)

# Section 4, text after the table (seed l. 3786–3798): "in den sieben Jahren von 2005 bis 2011 rund 2,05 Millionen
# Euro … abgerufen", "regelmäßig um gut die Hälfte unterschritten", "insgesamt rund 5,76 Millionen Euro eingespart",
# "Präventionsfaktor … 1 : 2,8".
HANNOVER_YEARS = tuple(range(2005, 2012))
HANNOVER_DRAWN_2005_2011 = D("2050000")
HANNOVER_SAVINGS_2005_2011 = D("5760000")
HANNOVER_PRINTED_FACTOR = "1 : 2,8"

# ---------------------------------------------------------------------------------------------------------------
# Dortmund: Aufsuchende Seniorenarbeit im Bezirk (Birgit Zoerner), part g) of "Kommunale Beispiele für neue Wege"
# (seed l. 4450–4660).

DORTMUND_AGED_60_PLUS = 150_000  # "circa 150.000 Menschen im Alter von 60 plus" (seed l. 4457)
DORTMUND_POPULATION = 585_000  # "circa 585.000" (seed l. 4459)
DORTMUND_PRINTED_SHARE_60_PLUS = "etwa 26 Prozent"  # seed l. 4458
DORTMUND_AGED_80_PLUS = 33_000  # seed l. 4460
DORTMUND_AGED_80_PLUS_2020 = 38_000  # seed l. 4460
DORTMUND_CARE_HOME_RESIDENTS = 5_300  # "circa 5.300 ältere Menschen in Dortmunder Pflegeheimen" (seed l. 4444)
DORTMUND_DISTRICTS = 12  # "in allen zwölf Dortmunder Stadtbezirken" (seed l. 4590)
DORTMUND_BUDGET_PER_YEAR = D(1_500_000)  # "jährlich circa 1,5 Millionen EUR" (seed l. 4591)
DORTMUND_SOCIAL_WORKERS = 24  # seed l. 4593
DORTMUND_OFFICES = 12  # "zwölf örtliche Seniorenbüros" (seed l. 4594)
DORTMUND_NETWORK_ACTORS = 500  # "etwa 500 Akteure" (seed l. 4611)
DORTMUND_CONTACTS_PER_YEAR = 30_000  # "circa 30.000 Kundenkontakte" (seed l. 4613)
DORTMUND_CASES_REVIEWED_2011 = 650  # "circa 650 komplexe Vorgänge zur Einzelfallhilfe" (seed l. 4629)
DORTMUND_MOVED_TO_CARE_HOME_SHARE = D("0.08")  # "rund acht Prozent" (seed l. 4632)
DORTMUND_STABILISED_SHARE = D("0.40")  # "in mindestens 40 Prozent der Fälle" (seed l. 4635)
DORTMUND_COST_PER_RESIDENT_YEAR = D(12_000)  # "Sozialhilfekosten von circa 12.000 Euro pro Jahr" (seed l. 4637)
DORTMUND_PRINTED_SAVING_2011 = D(3_120_000)  # "rund 3,12 Millionen Euro (… 260 x 12.000 Euro)" (seed l. 4639)
DORTMUND_PRINTED_STABILISED_CASES = 260  # seed l. 4640
DORTMUND_RESIDENTIAL_SHARE_2009 = D(56)  # percent of SGB XII care aid, "56 Prozent im Jahr 2009" (seed l. 4646)
DORTMUND_RESIDENTIAL_SHARE_2012 = D(50)  # "auf nur noch 50 Prozent in 2012" (seed l. 4647)
DORTMUND_OUTPATIENT_COST_INCREASE_PERCENT = D(34)  # "Kostensteigerung um 34 Prozent" (seed l. 4650)

# ---------------------------------------------------------------------------------------------------------------
# Bielefeld: "Sozial- und Finanzplanung im Tandem" (Frank Hilker, Norbert Wörmann), sections 2–4 of that
# chapter (seed l. 1057–1600).

# Section 3.3 (seed l. 1336–1355): in 2011 "13 zusätzlichen Mitarbeiterinnen und Mitarbeitern" (l. 1345), first for
# one year; section 3.7 (seed l. 1483–1490): "alle 13,5 Stellen dauerhaft eingerichtet". People and posts differ.
BIELEFELD_HSK_EXTRA_STAFF_HEADCOUNT = 13
BIELEFELD_HSK_POSTS_FTE = D("13.5")

# Section 3.7 (seed l. 1483–1488): "im Jahr 2012 eine Konsolidierungssumme in Höhe von 9,6 Millionen Euro … das
# geplante Einspar-Soll von 5,7 Millionen Euro um rund 3,9 Millionen Euro übertroffen".
BIELEFELD_HSK_2012_ACTUAL = D(9_600_000)
BIELEFELD_HSK_2012_PLANNED = D(5_700_000)
BIELEFELD_HSK_2012_PRINTED_EXCESS = D(3_900_000)

# Section 3.5 "Reintegration Jugendlicher" (seed l. 1408–1449): 20 children in residential care returned to their
# parents; two social workers = 120.000 € a year; transfer cost 4.000 € per case and month; gross Soll 297.000 €
# (2011) and 680.000 € (2012); after personnel costs 600.000 € a year; start 15.3.2011.
REINTEGRATION_START = dt.date(2011, 3, 15)
REINTEGRATION_CASES = 20
REINTEGRATION_SOCIAL_WORKERS = 2
REINTEGRATION_PERSONNEL_COSTS_PER_YEAR = D(120_000)
REINTEGRATION_MONTHLY_RATE = D(4_000)
REINTEGRATION_PLANNED_SAVINGS = {2011: D(297_000), 2012: D(680_000)}
REINTEGRATION_NET_PER_YEAR = D(600_000)  # the year is not stated (⚠ in the domain brief)
REINTEGRATION_AVOIDED_ALTERNATIVE = "stationäre Unterbringung"

# Section 3.6 "Pflegefachstelle" (seed l. 1439–1493): five extra care specialists; gross Soll 1,1 Mio. € (2011)
# and 1,15 Mio. € (2012); Ist above Soll in year 2; net 2012 after personnel costs 1,32 Mio. €; start 1.4.2011.
# The personnel costs are not printed. Section 2.2 (seed l. 1129): care aid "4.000 Euro und mehr pro Fall".
CARE_OFFICE_START = dt.date(2011, 4, 1)
CARE_OFFICE_STAFF = 5
CARE_OFFICE_PLANNED_SAVINGS = {2011: D(1_100_000), 2012: D(1_150_000)}
CARE_OFFICE_NET_2012 = D(1_320_000)
CARE_OFFICE_PERSONNEL_COSTS = None  # not printed

# ---------------------------------------------------------------------------------------------------------------
# Hamburg: Der Sozialraum in der Jugend- und Eingliederungshilfe (Jan Pörksen), part c) of
# "Kommunale Beispiele für neue Wege": "die Zahlen der
# verfügten Hilfen nach § 31 SGB VIII im Jahr 2012 von 2.307 auf 2.004 zurückgegangen" (seed l. 3459–3462).
HAMBURG_SPFH_CASES_BEFORE = 2_307
HAMBURG_SPFH_CASES_AFTER = 2_004

# ---------------------------------------------------------------------------------------------------------------
# Wolfsburg: Wirkungsorientierte Steuerung im Sozialbereich, part a) of "Kommunale Beispiele für neue Wege"
# (seed l. 2554–2800).
WOLFSBURG_SGB2_BEFORE = 9_500  # "von circa 9.500 auf circa 7.300 Personen" (seed l. 2603–2604)
WOLFSBURG_SGB2_AFTER = 7_300
WOLFSBURG_BENEFIT_UNITS = 3_800  # "in etwa 3.800 Bedarfsgemeinschaften" (seed l. 2605)
WOLFSBURG_LONG_TERM_UNEMPLOYED = 888  # seed l. 2615
WOLFSBURG_PLACED_LONG_TERM = 46  # seed l. 2671
WOLFSBURG_YOUTH_IDENTIFIED = 313  # "313 junge Menschen unter 25 Jahren" (seed l. 2688)
WOLFSBURG_CITY_COST_SHARE = D("0.30")  # "die 30 Prozent der Kosten" (seed l. 2693)
WOLFSBURG_RVA_MONTHLY_CONTRIBUTION = D(360)  # "360 Euro pro Monat" (seed l. 2758)
WOLFSBURG_RVA_APPRENTICESHIPS = 1_600  # seed l. 2764
WOLFSBURG_RVA_PRINTED_PASS_RATE = "über 92 Prozent"  # seed l. 2769
WOLFSBURG_RVA_PRINTED_KEPT_ON = "circa 70 Prozent"  # seed l. 2771

# ---------------------------------------------------------------------------------------------------------------
# Heidelberg: Schulsozialarbeit (Joachim Gerner, Myriam Feldhaus), part b) of
# "Kommunale Beispiele für neue Wege" (seed l. 2912–3140).
HEIDELBERG_STUDY_CHILDREN = 7_000  # "an rund 7.000 Grundschulkindern" (seed l. 3014)
HEIDELBERG_WORKERS = 18  # seed l. 3032
HEIDELBERG_FULL_TIME = 6  # "zwölf Teilzeit- und sechs Vollzeitkräfte" (seed l. 3033)
HEIDELBERG_PART_TIME = 12
HEIDELBERG_FTE = D("13.5")  # "rund 13,5 Vollzeitstellen" (seed l. 3034)
HEIDELBERG_BUDGET = {2013: D(838_000), 2014: D(855_000)}  # seed l. 3045–3046

# ---------------------------------------------------------------------------------------------------------------
# München: Neuausrichtung der offenen Altenhilfe (Brigitte Meier, Anne Hübner), part e)
# of "Kommunale Beispiele für neue Wege" (seed l. 3889–4260).
MUENCHEN_AGED_65_PLUS_2012 = 254_947  # "Zum 31.12.2012 waren 254.947 der insgesamt" (seed l. 3898)
MUENCHEN_POPULATION_2012 = 1_439_474  # seed l. 3899
MUENCHEN_PRINTED_SHARE_65_PLUS = "17,7 Prozent"  # seed l. 3900
MUENCHEN_AGED_80_PLUS_2012 = 61_536  # seed l. 3912
MUENCHEN_AGED_80_PLUS_2030 = 90_000  # "um circa 50 Prozent auf dann 90.000 Personen" (seed l. 3913–3914)
MUENCHEN_OLD_AGE_INCOME_SUPPORT = 12_544  # Grundsicherung im Alter, 65+ (seed l. 3938)
MUENCHEN_PRINTED_SHARE_INCOME_SUPPORT = "fünf Prozent"  # seed l. 3940
MUENCHEN_SGB12_HOME_VISITS = 82  # seed l. 4096
MUENCHEN_PREVENTIVE_HOME_VISITS = 360  # "insgesamt 360 Hausbesuche" in two years (seed l. 4146)

# ---------------------------------------------------------------------------------------------------------------
# Survey "Ergebnisse einer Befragung unter sozialdemokratischen Verantwortungsträgern …" (Alexander Götz),
# chapter 5 "Besser helfen" (seed l. 1917–2450).
SURVEY_CONTACTED = 114  # seed l. 2060
SURVEY_RESPONDED = 29  # seed l. 2061
SURVEY_CITIES = 18  # seed l. 2062
SURVEY_DISTRICTS = 11  # seed l. 2063
# Abbildung 1 (seed l. 2137–2160): projects yes 89 %, no 11 %; of yes: since < 5 years 24 %, 5–10 years 44 %,
# > 10 to < 20 years 16 %, ≥ 20 years 16 %. Text: "drei Viertel … mindestens seit fünf Jahren, ein Drittel seit über
# zehn".
SURVEY_PROJECTS_YES = D(89)
SURVEY_PROJECTS_NO = D(11)
SURVEY_PROJECT_AGE = {
    "unter 5 Jahre": D(24),
    "5 bis 10 Jahre": D(44),
    "über 10 bis unter 20 Jahre": D(16),
    "20 Jahre und länger": D(16),
}
# Abbildung 9, text (seed l. 2395–2403): obstacles, share of mentions.
SURVEY_OBSTACLES = {"Zeit, Personal, Mittel": D(51), "Sozialrecht": D(17), "Kommunalrecht": D(9), "altes Denken": D(17)}
# Abbildung 10, text (seed l. 2410–2415): conflict lines, share of mentions.
SURVEY_CONFLICTS = {
    "Träger der Wohlfahrtspflege und Kooperationspartner": D(48),
    "Rat, Verwaltung und Personal": D(29),
    "übergeordnete Ebenen": D(24),
}
