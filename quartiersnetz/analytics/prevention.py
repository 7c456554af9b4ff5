"""Prevention economics, prevention funds and case-level controlling (seed 004). Pure Python, no Django imports.

Every function returns a frozen result object with

- the computed values as ``Decimal`` (money in euros, shares as fractions 0–1 where they are inputs, percentages
  as numbers 0–100 where they are outputs; nothing is rounded: use ``quantize`` / ``format_de`` for display),
- ``formula``: the formula as a German string, and ``inputs``: German label → input value, which the UI shows under
  "Formel und Eingaben",
- ``warnings``: German notes that are no errors (e.g. a project whose savings are below its costs).

A ratio whose denominator is 0 is ``None`` (with a warning), never an exception. Invalid input (negative money,
a share outside 0–1, a missing target mode) raises ``CalculationError`` with a German message.

Sections (the numbers refer to ``docs/computations/prevention-economics.md`` and the domain brief):
1. Basic key figures: change (absolute, percentage points, relative), share, per unit, annualise, part of a
   total, Soll/Ist deviation, goal achievement, index from baseline, target from a change, staffing, sum of shares.
2. Prevention economics calculator: cases × avoided share × cost per case against staff and programme costs.
3. Prevention fund (Präventionsfonds / Experimentiertopf): factor, utilisation, per project and per year.
4. Case-level controlling: case savings, phases Invest / Annäherung / Überschuss, Soll/Ist per period, cumulated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

MESSAGES = {
    "not_a_number": "„{label}“ muss eine Zahl sein (angegeben: {value}).",
    "negative": "„{label}“ darf nicht negativ sein (angegeben: {value}).",
    "not_positive": "„{label}“ muss größer als 0 sein (angegeben: {value}).",
    "share_range": "„{label}“ ist ein Anteil zwischen 0 und 1 (z. B. 0,4 für 40 %); angegeben: {value}.",
    "target_mode_missing": (
        "Bitte wählen Sie, wie die Veränderung gemeint ist: relativ (in % des Ausgangswerts), in Prozentpunkten "
        "oder absolut."
    ),
    "target_mode_unknown": "Unbekannte Art der Zielvorgabe „{mode}“ (möglich: relativ, Prozentpunkte, absolut).",
    "target_points_for_count": "Prozentpunkte gibt es nur bei Quoten und Anteilen, nicht bei „{label}“.",
    "no_values": "Es ist kein Wert angegeben.",
    "period_twice": "Der Zeitraum „{period}“ kommt mehrfach vor.",
    "case_period_unknown": "Fall „{case}“: Der Zeitraum „{period}“ gehört nicht zu den Zeiträumen der Maßnahme.",
    "actual_twice": (
        "Zeitraum „{period}“: Die Ist-Einsparung wird aus den Fällen berechnet und darf nicht zusätzlich angegeben "
        "werden."
    ),
    "actual_missing": "Zeitraum „{period}“: Es fehlt die Ist-Einsparung (oder die Fälle, aus denen sie folgt).",
    "no_periods": "Die Maßnahme hat keinen Zeitraum.",
    "part_time_without_count": "Der Teilzeitanteil braucht die Zahl der Vollzeit- und der Teilzeitkräfte.",
    "fte_below_full_time": "Die Vollzeitäquivalente ({fte}) sind weniger als die Vollzeitkräfte ({full_time}).",
    "headcount_mismatch": "Vollzeit- ({full_time}) und Teilzeitkräfte ({part_time}) ergeben nicht die Köpfe "
    "({headcount}).",
}
WARNINGS = {
    "factor_below_one": (
        "{name}: Die Einsparung ({savings}) ist kleiner als die Kosten ({costs}); Faktor 1 : {factor}, netto {net}."
    ),
    "zero_denominator": "{label} ist nicht berechenbar, weil {denominator} 0 ist.",
    "rounding": "Die Anteile ergeben zusammen {total} % statt 100 %; die Abweichung erklärt sich durch Rundung.",
    "not_rounding": (
        "Die Anteile ergeben zusammen {total} % statt 100 %; das ist mehr als eine Rundungsdifferenz "
        "(fehlende Kategorien oder Mehrfachnennungen?)."
    ),
    "fte_above_headcount": (
        "Die Stellen ({fte} VZÄ) sind mehr als die Köpfe ({headcount}): Stellen und Personen werden getrennt geführt."
    ),
    "net_negative": "Netto {net}: Die Kosten sind höher als die Einsparung.",
}

HUNDRED = Decimal(100)
TWELVE = Decimal(12)

PHASE_INVEST = "Investphase"
PHASE_APPROACH = "Annäherungsphase"
PHASE_SURPLUS = "Überschussphase"
PHASES = (PHASE_INVEST, PHASE_APPROACH, PHASE_SURPLUS)

TARGET_MODES = ("relative", "points", "absolute")
TARGET_MODE_LABELS = {"relative": "relativ (%)", "points": "Prozentpunkte", "absolute": "absolut"}


class CalculationError(ValueError):
    """The input cannot be computed. The message is German and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, kw_only=True)
class Calculation:
    """Base of every result: the German formula, the inputs by German label, and warnings."""

    formula: str
    inputs: dict[str, Any]
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def to_decimal(value: Any, label: str) -> Decimal:
    """int, Decimal, float (via its shortest repr) or a numeric string → Decimal; German error otherwise."""
    if isinstance(value, bool) or value is None:
        raise CalculationError(MESSAGES["not_a_number"].format(label=label, value=value))
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise CalculationError(MESSAGES["not_a_number"].format(label=label, value=value)) from exc
    if not number.is_finite():
        raise CalculationError(MESSAGES["not_a_number"].format(label=label, value=value))
    return number


def _non_negative(value: Any, label: str) -> Decimal:
    number = to_decimal(value, label)
    if number < 0:
        raise CalculationError(MESSAGES["negative"].format(label=label, value=format_de(number)))
    return number


def _positive(value: Any, label: str) -> Decimal:
    number = to_decimal(value, label)
    if number <= 0:
        raise CalculationError(MESSAGES["not_positive"].format(label=label, value=format_de(number)))
    return number


def _share(value: Any, label: str) -> Decimal:
    number = to_decimal(value, label)
    if not 0 <= number <= 1:
        raise CalculationError(MESSAGES["share_range"].format(label=label, value=format_de(number)))
    return number


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator == 0 else numerator / denominator


def quantize(value: Decimal | None, places: int = 2) -> Decimal | None:
    """Commercial rounding (half up), as German administrations round: 2,805 → 2,81."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_de(value: Decimal | int | None, places: int | None = None) -> str:
    """German number: 3.120.000 / 2,81 / −6,0. ``places=None`` keeps the digits (integers have none)."""
    if value is None:
        return "–"
    number = Decimal(value)
    if places is not None:
        number = quantize(number, places)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = f"{abs(number):,f}".replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")
    return ("−" if number < 0 else "") + text


def format_factor(factor: Decimal | None, places: int = 2) -> str:
    """Prevention factor as displayed in the source: "1 : 2,81"."""
    return "1 : " + format_de(factor, places)


def _warn_zero(label: str, denominator: str) -> str:
    return WARNINGS["zero_denominator"].format(label=label, denominator=denominator)


# ---------------------------------------------------------------------------------------------------------------
# 1. Basic key figures


@dataclass(frozen=True, kw_only=True)
class ChangeResult(Calculation):
    before: Decimal
    after: Decimal
    difference: Decimal  # in the unit of the values; for rates this is percentage points
    relative_percent: Decimal | None  # (after − before) / before × 100
    is_rate: bool


def change(before: Any, after: Any, *, rate: bool = False) -> ChangeResult:
    """Change between two values. For rates and shares (``rate=True``, values in %) the difference is in
    percentage points and the relative change is labelled separately, so the two are never confused (A3)."""
    b, a = to_decimal(before, "Ausgangswert"), to_decimal(after, "neuer Wert")
    difference = a - b
    relative = _ratio(difference * HUNDRED, b)
    if rate:
        formula = (
            "Veränderung in Prozentpunkten = neuer Anteil − Ausgangsanteil; "
            "relative Veränderung (%) = (neuer Anteil − Ausgangsanteil) / Ausgangsanteil × 100"
        )
    else:
        formula = "Veränderung = neuer Wert − Ausgangswert; relative Veränderung (%) = Veränderung / Ausgangswert × 100"
    return ChangeResult(
        before=b,
        after=a,
        difference=difference,
        relative_percent=relative,
        is_rate=rate,
        formula=formula,
        inputs={"Ausgangswert": b, "neuer Wert": a},
        warnings=() if relative is not None else (_warn_zero("Die relative Veränderung", "der Ausgangswert"),),
    )


@dataclass(frozen=True, kw_only=True)
class ShareResult(Calculation):
    part: Decimal
    total: Decimal
    percent: Decimal | None


def share(part: Any, total: Any, *, part_label: str = "Teil", total_label: str = "Gesamt") -> ShareResult:
    """Share in percent, e.g. Transferquote = Transfers / Gesamtaufwand × 100 (A9, A20, A21, A23)."""
    p, t = to_decimal(part, part_label), to_decimal(total, total_label)
    percent = _ratio(p * HUNDRED, t)
    return ShareResult(
        part=p,
        total=t,
        percent=percent,
        formula=f"Anteil (%) = {part_label} / {total_label} × 100",
        inputs={part_label: p, total_label: t},
        warnings=() if percent is not None else (_warn_zero("Der Anteil", total_label),),
    )


@dataclass(frozen=True, kw_only=True)
class PerUnitResult(Calculation):
    value: Decimal | None


def per_unit(total: Any, units: Any, *, total_label: str = "Kosten", unit_label: str = "Fälle") -> PerUnitResult:
    """Kosten pro Fall = Kosten / Fälle; also persons per benefit unit and the like (A16)."""
    t, u = to_decimal(total, total_label), to_decimal(units, unit_label)
    value = _ratio(t, u)
    return PerUnitResult(
        value=value,
        formula=f"{total_label} je Einheit = {total_label} / {unit_label}",
        inputs={total_label: t, unit_label: u},
        warnings=() if value is not None else (_warn_zero("Der Wert je Einheit", unit_label),),
    )


@dataclass(frozen=True, kw_only=True)
class AmountResult(Calculation):
    value: Decimal


def annualise(monthly: Any) -> AmountResult:
    """Monthly amount × 12 (A17: 360 € a month = 4,320 € a year)."""
    m = to_decimal(monthly, "Betrag pro Monat")
    return AmountResult(
        value=m * TWELVE, formula="Betrag pro Jahr = Betrag pro Monat × 12", inputs={"Betrag pro Monat": m}
    )


def part_of(total: Any, share_value: Any, *, total_label: str = "Fälle") -> AmountResult:
    """Number behind a share: 650 cases × 8 % = 52 (A2). ``share_value`` is a fraction (0,08)."""
    t, s = _non_negative(total, total_label), _share(share_value, "Anteil")
    return AmountResult(value=t * s, formula=f"Anzahl = {total_label} × Anteil", inputs={total_label: t, "Anteil": s})


@dataclass(frozen=True, kw_only=True)
class DeviationResult(Calculation):
    planned: Decimal
    actual: Decimal
    difference: Decimal  # Ist − Soll
    deviation_percent: Decimal | None  # (Ist − Soll) / Soll × 100
    attainment_percent: Decimal | None  # Ist / Soll × 100


def deviation(planned: Any, actual: Any) -> DeviationResult:
    """Soll/Ist deviation (A10: Soll 5,7 Mio. €, Ist 9,6 Mio. € → +3,9 Mio. €, 168,4 % of Soll)."""
    p, a = to_decimal(planned, "Soll"), to_decimal(actual, "Ist")
    difference = a - p
    return DeviationResult(
        planned=p,
        actual=a,
        difference=difference,
        deviation_percent=_ratio(difference * HUNDRED, p),
        attainment_percent=_ratio(a * HUNDRED, p),
        formula="Abweichung = Ist − Soll; Abweichung (%) = (Ist − Soll) / Soll × 100; Erfüllung (%) = Ist / Soll × 100",
        inputs={"Soll": p, "Ist": a},
        warnings=() if p != 0 else (_warn_zero("Die prozentuale Abweichung", "das Soll"),),
    )


@dataclass(frozen=True, kw_only=True)
class GoalAchievementResult(Calculation):
    percent: Decimal | None


def goal_achievement(actual: Any, target: Any, baseline: Any = None) -> GoalAchievementResult:
    """Zielerreichungsgrad = (Ist − Ausgangswert) / (Zielwert − Ausgangswert) × 100; without a baseline
    Ist / Zielwert × 100. Works for falling targets too (baseline 9.500, target 7.000, actual 7.300 → 88 %)."""
    a, t = to_decimal(actual, "Ist"), to_decimal(target, "Zielwert")
    if baseline is None:
        return GoalAchievementResult(
            percent=_ratio(a * HUNDRED, t),
            formula="Zielerreichungsgrad (%) = Ist / Zielwert × 100",
            inputs={"Ist": a, "Zielwert": t},
            warnings=() if t != 0 else (_warn_zero("Der Zielerreichungsgrad", "der Zielwert"),),
        )
    b = to_decimal(baseline, "Ausgangswert")
    percent = _ratio((a - b) * HUNDRED, t - b)
    return GoalAchievementResult(
        percent=percent,
        formula="Zielerreichungsgrad (%) = (Ist − Ausgangswert) / (Zielwert − Ausgangswert) × 100",
        inputs={"Ist": a, "Zielwert": t, "Ausgangswert": b},
        warnings=() if percent is not None else (_warn_zero("Der Zielerreichungsgrad", "Zielwert − Ausgangswert"),),
    )


def baseline_index(value: Any, base: Any) -> ShareResult:
    """Change from baseline in percent: (x_t − x_Basis) / x_Basis × 100 (Heidelberg's "Reduktion in Prozent vom
    Ausgangswert"). Returned as a ShareResult whose ``percent`` is the index value."""
    v, b = to_decimal(value, "Wert"), to_decimal(base, "Ausgangswert")
    percent = _ratio((v - b) * HUNDRED, b)
    return ShareResult(
        part=v,
        total=b,
        percent=percent,
        formula="Index (% vom Ausgangswert) = (Wert − Ausgangswert) / Ausgangswert × 100",
        inputs={"Wert": v, "Ausgangswert": b},
        warnings=() if percent is not None else (_warn_zero("Der Index", "der Ausgangswert"),),
    )


@dataclass(frozen=True, kw_only=True)
class TargetResult(Calculation):
    target: Decimal
    mode: str


def target_from_change(baseline: Any, change_value: Any, mode: str | None, *, rate: bool = True) -> TargetResult:
    """Target value from a baseline and an intended change, e.g. "−10 %" (A26). The mode must be chosen:
    ``relative`` (percent of the baseline), ``points`` (percentage points; rates only) or ``absolute``.
    Kähler's "Senkung der Langzeitarbeitslosenquote um zehn Prozent" is ambiguous without it."""
    if mode is None or mode == "":
        raise CalculationError(MESSAGES["target_mode_missing"])
    if mode not in TARGET_MODES:
        raise CalculationError(MESSAGES["target_mode_unknown"].format(mode=mode))
    if mode == "points" and not rate:
        raise CalculationError(MESSAGES["target_points_for_count"].format(label="Anzahl"))
    b, c = to_decimal(baseline, "Ausgangswert"), to_decimal(change_value, "Veränderung")
    if mode == "relative":
        target, formula = b * (1 + c / HUNDRED), "Zielwert = Ausgangswert × (1 + Veränderung (%) / 100)"
    elif mode == "points":
        target, formula = b + c, "Zielwert = Ausgangswert + Veränderung in Prozentpunkten"
    else:
        target, formula = b + c, "Zielwert = Ausgangswert + Veränderung"
    return TargetResult(
        target=target,
        mode=mode,
        formula=formula,
        inputs={"Ausgangswert": b, "Veränderung": c, "Art der Vorgabe": TARGET_MODE_LABELS[mode]},
    )


@dataclass(frozen=True, kw_only=True)
class StaffingResult(Calculation):
    headcount: int
    fte: Decimal
    part_time_share: Decimal | None  # average FTE of one part-time worker


def staffing(*, headcount: int, fte: Any, full_time: int | None = None, part_time: int | None = None) -> StaffingResult:
    """People and posts are kept apart (A27: 13 people, 13,5 posts). With full- and part-time counts, the average
    part-time share = (VZÄ − Vollzeitkräfte) / Teilzeitkräfte (A18: (13,5 − 6) / 12 = 0,625)."""
    count = int(_non_negative(headcount, "Köpfe"))
    posts = _non_negative(fte, "Vollzeitäquivalente")
    warnings = []
    if posts > count:
        warnings.append(WARNINGS["fte_above_headcount"].format(fte=format_de(posts), headcount=count))
    share_value = None
    inputs: dict[str, Any] = {"Köpfe": count, "Vollzeitäquivalente": posts}
    formula = "Köpfe und Vollzeitäquivalente (VZÄ) werden getrennt geführt"
    if full_time is not None or part_time is not None:
        if full_time is None or part_time is None:
            raise CalculationError(MESSAGES["part_time_without_count"])
        full, part = int(_non_negative(full_time, "Vollzeitkräfte")), int(_non_negative(part_time, "Teilzeitkräfte"))
        if full + part != count:
            raise CalculationError(
                MESSAGES["headcount_mismatch"].format(full_time=full, part_time=part, headcount=count)
            )
        if posts < full:
            raise CalculationError(MESSAGES["fte_below_full_time"].format(fte=format_de(posts), full_time=full))
        share_value = _ratio(posts - full, Decimal(part))
        inputs |= {"Vollzeitkräfte": full, "Teilzeitkräfte": part}
        formula += "; durchschnittlicher Teilzeitanteil = (VZÄ − Vollzeitkräfte) / Teilzeitkräfte"
    return StaffingResult(
        headcount=count,
        fte=posts,
        part_time_share=share_value,
        formula=formula,
        inputs=inputs,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True, kw_only=True)
class SharesTotalResult(Calculation):
    total: Decimal
    off_by: Decimal  # total − 100
    rounding_only: bool  # |off_by| ≤ number of shares × 0,5 (each rounded to whole percent)


def shares_total(percentages: Sequence[Any], *, decimals: int = 0) -> SharesTotalResult:
    """Sum of rounded percentages. A sum of 101 % (A25: 48 + 29 + 24) is a rounding note, not an error; a gap
    larger than the possible rounding error of ``len × 0,5 × 10^−decimals`` gets a stronger note. Also used for
    partial sums (A24: 44 + 16 + 16 = 76 % at least five years)."""
    if not percentages:
        raise CalculationError(MESSAGES["no_values"])
    values = [to_decimal(p, f"Anteil {i + 1}") for i, p in enumerate(percentages)]
    total = sum(values, Decimal(0))
    off_by = total - HUNDRED
    max_rounding = Decimal(len(values)) * Decimal("0.5") * Decimal(1).scaleb(-decimals)
    rounding_only = abs(off_by) <= max_rounding
    warnings = ()
    if off_by != 0:
        key = "rounding" if rounding_only else "not_rounding"
        warnings = (WARNINGS[key].format(total=format_de(total)),)
    return SharesTotalResult(
        total=total,
        off_by=off_by,
        rounding_only=rounding_only,
        formula="Summe = Σ Anteile (%); höchstens Anzahl × 0,5 Prozentpunkte Abweichung von 100 sind Rundung",
        inputs={f"Anteil {i + 1}": v for i, v in enumerate(values)},
        warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------------------------
# 2. Prevention economics calculator


@dataclass(frozen=True, kw_only=True)
class PreventionEconomicsResult(Calculation):
    avoided_cases: Decimal
    gross_savings: Decimal
    total_costs: Decimal
    net_effect: Decimal
    factor: Decimal | None  # gross savings / costs
    break_even_cases: Decimal | None  # cases needed so that savings = costs (at this share)
    break_even_share: Decimal | None  # share needed so that savings = costs (for these cases); may exceed 1


def prevention_economics(
    *, cases: Any, avoided_share: Any, cost_per_case: Any, staff_costs: Any = 0, programme_costs: Any = 0
) -> PreventionEconomicsResult:
    """Seed 004's argument in one line: cases × avoided share × cost per case, against staff and programme costs.

    Dortmund 2011 (A1, A4): 650 × 40 % × 12.000 € = 3.120.000 € against 1,5 Mio. € → net 1,62 Mio. €, 1 : 2,08.
    """
    n = _non_negative(cases, "Fälle")
    s = _share(avoided_share, "vermiedener Anteil")
    c = _non_negative(cost_per_case, "Kosten pro Fall")
    staff = _non_negative(staff_costs, "Personalkosten")
    programme = _non_negative(programme_costs, "Programmkosten")
    avoided = n * s
    gross = avoided * c
    costs = staff + programme
    net = gross - costs
    warnings = []
    if net < 0:
        warnings.append(WARNINGS["net_negative"].format(net=format_de(net, 2)))
    factor = _ratio(gross, costs)
    if factor is None:
        warnings.append(_warn_zero("Der Faktor", "die Summe der Kosten"))
    return PreventionEconomicsResult(
        avoided_cases=avoided,
        gross_savings=gross,
        total_costs=costs,
        net_effect=net,
        factor=factor,
        break_even_cases=_ratio(costs, s * c),
        break_even_share=_ratio(costs, n * c),
        formula=(
            "vermiedene Fälle = Fälle × vermiedener Anteil; Bruttoersparnis = vermiedene Fälle × Kosten pro Fall; "
            "Kosten = Personalkosten + Programmkosten; Nettoeffekt = Bruttoersparnis − Kosten; "
            "Faktor = Bruttoersparnis / Kosten (1 : Faktor); "
            "Break-even-Fälle = Kosten / (vermiedener Anteil × Kosten pro Fall); "
            "Break-even-Anteil = Kosten / (Fälle × Kosten pro Fall)"
        ),
        inputs={
            "Fälle": n,
            "vermiedener Anteil": s,
            "Kosten pro Fall": c,
            "Personalkosten": staff,
            "Programmkosten": programme,
        },
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------------------------------------------
# 3. Prevention fund


@dataclass(frozen=True)
class FundProject:
    """One funded project or single-case grant. Amounts in euros; ``year`` None when the source gives none."""

    name: str
    costs: Decimal
    savings: Decimal
    year: int | None = None
    method: str = "geschätzt"  # geschätzt / hochgerechnet / fallbezogen nachgewiesen


@dataclass(frozen=True, kw_only=True)
class FactorResult(Calculation):
    costs: Decimal
    savings: Decimal
    net: Decimal
    factor: Decimal | None

    @property
    def display(self) -> str:
        return format_factor(self.factor)


def prevention_factor(costs: Any, savings: Any, *, name: str = "Gesamt") -> FactorResult:
    """Präventionsfaktor = Einsparung / eingesetzte Mittel, shown as "1 : x" (A5: 5,76 / 2,05 → 1 : 2,81;
    A8: 13 / 19 → 1 : 0,68 with a warning, not an error)."""
    c, s = _non_negative(costs, "eingesetzte Mittel"), _non_negative(savings, "Einsparung")
    factor = _ratio(s, c)
    warnings = []
    if factor is None:
        warnings.append(_warn_zero("Der Präventionsfaktor", "die eingesetzten Mittel"))
    elif factor < 1:
        warnings.append(
            WARNINGS["factor_below_one"].format(
                name=name,
                savings=format_de(s),
                costs=format_de(c),
                factor=format_de(factor, 2),
                net=format_de(s - c),
            )
        )
    return FactorResult(
        costs=c,
        savings=s,
        net=s - c,
        factor=factor,
        formula="Präventionsfaktor = Einsparung / eingesetzte Mittel (angezeigt als 1 : Faktor); "
        "netto = Einsparung − eingesetzte Mittel",
        inputs={"eingesetzte Mittel": c, "Einsparung": s},
        warnings=tuple(warnings),
    )


@dataclass(frozen=True, kw_only=True)
class UtilisationResult(Calculation):
    available: Decimal  # cap per year × years
    drawn: Decimal
    unused: Decimal
    utilisation_percent: Decimal | None


def fund_utilisation(*, cap_per_year: Any, years: int, drawn: Any) -> UtilisationResult:
    """Ausschöpfungsquote = abgerufen / (Deckel × Jahre) × 100 (A6: 2,05 / (1 × 7) = 29,3 %; 4,95 Mio. € unused)."""
    cap = _non_negative(cap_per_year, "Deckel pro Jahr")
    n = _non_negative(years, "Jahre")
    d = _non_negative(drawn, "abgerufen")
    available = cap * n
    quota = _ratio(d * HUNDRED, available)
    return UtilisationResult(
        available=available,
        drawn=d,
        unused=available - d,
        utilisation_percent=quota,
        formula="verfügbar = Deckel pro Jahr × Jahre; Ausschöpfungsquote (%) = abgerufen / verfügbar × 100; "
        "nicht abgerufen = verfügbar − abgerufen",
        inputs={"Deckel pro Jahr": cap, "Jahre": n, "abgerufen": d},
        warnings=() if quota is not None else (_warn_zero("Die Ausschöpfungsquote", "der verfügbare Betrag"),),
    )


@dataclass(frozen=True)
class FundYear:
    year: int | None
    costs: Decimal
    savings: Decimal
    net: Decimal
    factor: Decimal | None
    balance: Decimal | None  # cap − costs of the year (None without a cap)


@dataclass(frozen=True, kw_only=True)
class FundResult(Calculation):
    projects: tuple[FactorResult, ...]
    by_year: tuple[FundYear, ...]  # years ascending; projects without a year last (year None)
    total: FactorResult
    utilisation: UtilisationResult | None  # only with a cap and projects with years


def prevention_fund(projects: Sequence[FundProject], *, cap_per_year: Any = None) -> FundResult:
    """A prevention fund (Hannover's Experimentiertopf): factor and net per project, per year and in total; with a
    yearly cap also the balance per year and the utilisation over the years that have projects.
    Projects with savings below their costs are kept and get a warning (A8), they are not an error."""
    if not projects:
        raise CalculationError(MESSAGES["no_values"])
    cap = None if cap_per_year is None else _non_negative(cap_per_year, "Deckel pro Jahr")
    rows = tuple(prevention_factor(p.costs, p.savings, name=p.name) for p in projects)
    total = prevention_factor(sum((r.costs for r in rows), Decimal(0)), sum((r.savings for r in rows), Decimal(0)))
    years: dict[int | None, list[FactorResult]] = {}
    for project, row in zip(projects, rows, strict=True):
        years.setdefault(project.year, []).append(row)
    ordered = sorted(y for y in years if y is not None) + ([None] if None in years else [])
    by_year = []
    for year in ordered:
        costs = sum((r.costs for r in years[year]), Decimal(0))
        savings = sum((r.savings for r in years[year]), Decimal(0))
        by_year.append(
            FundYear(
                year=year,
                costs=costs,
                savings=savings,
                net=savings - costs,
                factor=_ratio(savings, costs),
                balance=None if cap is None or year is None else cap - costs,
            )
        )
    dated_years = [y for y in ordered if y is not None]
    utilisation = None
    if cap is not None and dated_years:
        drawn = sum((fy.costs for fy in by_year if fy.year is not None), Decimal(0))
        utilisation = fund_utilisation(cap_per_year=cap, years=len(dated_years), drawn=drawn)
    inputs: dict[str, Any] = {"Projekte": len(rows)}
    if cap is not None:
        inputs["Deckel pro Jahr"] = cap
    return FundResult(
        projects=rows,
        by_year=tuple(by_year),
        total=total,
        utilisation=utilisation,
        formula="je Projekt, Jahr und gesamt: Faktor = Σ Einsparung / Σ Kosten (1 : Faktor), netto = Σ Einsparung − "
        "Σ Kosten; Saldo des Jahres = Deckel − Kosten des Jahres",
        inputs=inputs,
        warnings=tuple(w for r in rows for w in r.warnings),
    )


# ---------------------------------------------------------------------------------------------------------------
# 4. Case-level controlling


def case_saving(monthly_rate: Any, months: Any) -> AmountResult:
    """Fallersparnis = vermiedene Kosten pro Monat × vermiedene Monate (A11: 4.000 € × 12 = 48.000 € per case)."""
    rate, m = _non_negative(monthly_rate, "Kostensatz pro Monat"), _non_negative(months, "vermiedene Monate")
    return AmountResult(
        value=rate * m,
        formula="Fallersparnis = Kostensatz pro Monat × vermiedene Monate",
        inputs={"Kostensatz pro Monat": rate, "vermiedene Monate": m},
    )


def case_months(amount: Any, monthly_rate: Any) -> PerUnitResult:
    """How many case-months a savings amount stands for (A12: 680.000 € / 4.000 € = 170 Fallmonate)."""
    a = _non_negative(amount, "Einsparbetrag")
    rate = _positive(monthly_rate, "Kostensatz pro Monat")
    return PerUnitResult(
        value=a / rate,
        formula="Fallmonate = Einsparbetrag / Kostensatz pro Monat",
        inputs={"Einsparbetrag": a, "Kostensatz pro Monat": rate},
    )


def controlling_phase(*, actual_savings: Any, costs: Any, planned_savings: Any) -> str:
    """Phase of a measure (seed 004, Bielefeld 3.5): Investphase while the gross Ist is below the personnel (and
    material) costs; Annäherungsphase while costs ≤ Ist < Soll; Überschussphase once Ist ≥ Soll.

    Where Soll < costs both Invest and Überschuss could apply; the Investphase wins, because the net is negative.
    """
    ist = to_decimal(actual_savings, "Ist-Einsparung")
    cost = to_decimal(costs, "Kosten")
    soll = to_decimal(planned_savings, "Einspar-Soll")
    if ist < cost:
        return PHASE_INVEST
    if ist < soll:
        return PHASE_APPROACH
    return PHASE_SURPLUS


@dataclass(frozen=True)
class CaseEntry:
    """One case of a measure in one period (pseudonym only; amounts, dates and codes, no narratives)."""

    case: str
    period: str
    monthly_rate: Decimal  # cost per month of the avoided alternative
    months: Decimal  # months of the alternative avoided in this period
    avoided_alternative: str = ""  # e.g. "stationäre Unterbringung"
    actual_costs: Decimal = Decimal(0)  # costs the case still caused (e.g. the cheaper outpatient help)


@dataclass(frozen=True)
class CaseSummary:
    case: str
    avoided_alternative: str
    months: Decimal
    gross_savings: Decimal  # Σ rate × months
    actual_costs: Decimal
    contribution: Decimal  # gross − actual costs


@dataclass(frozen=True)
class ControllingPeriod:
    """Plan and actuals of a measure for one period (month, quarter, tertial or year)."""

    period: str
    planned_savings: Decimal  # Einspar-Soll (gross)
    actual_costs: Decimal  # Ist-Kosten of the measure: personnel (and material) costs
    actual_savings: Decimal | None = None  # Ist-Einsparung (gross); None when it comes from the cases
    planned_costs: Decimal | None = None  # Plan-Kosten


@dataclass(frozen=True)
class ControllingRow:
    period: str
    planned_savings: Decimal
    actual_savings: Decimal
    savings_deviation: Decimal  # Ist − Soll
    planned_costs: Decimal | None
    actual_costs: Decimal
    costs_deviation: Decimal | None  # Ist-Kosten − Plan-Kosten
    net: Decimal  # Ist-Einsparung − Ist-Kosten
    phase: str
    cumulated_planned_savings: Decimal
    cumulated_actual_savings: Decimal
    cumulated_actual_costs: Decimal
    cumulated_net: Decimal
    cumulated_phase: str


@dataclass(frozen=True, kw_only=True)
class ControllingResult(Calculation):
    rows: tuple[ControllingRow, ...]
    cases: tuple[CaseSummary, ...]
    total_planned_savings: Decimal
    total_actual_savings: Decimal
    total_actual_costs: Decimal
    total_net: Decimal
    deviation: DeviationResult  # Soll/Ist of the savings over all periods


def measure_controlling(periods: Sequence[ControllingPeriod], *, cases: Sequence[CaseEntry] = ()) -> ControllingResult:
    """Case-level controlling of a prevention measure (Bielefeld, seed 004 section 3.4–3.6).

    Per period: Ist-Einsparung = Σ over the period's cases of (Kostensatz × vermiedene Monate − Ist-Kosten des
    Falls), or the given ``actual_savings`` when there are no cases; netto = Ist-Einsparung − Ist-Kosten der
    Maßnahme; phase as in ``controlling_phase``; all figures also cumulated from the first period (the cumulated
    phase compares the cumulated figures). Periods are taken in the given order.
    """
    if not periods:
        raise CalculationError(MESSAGES["no_periods"])
    names = [p.period for p in periods]
    for position, name in enumerate(names):
        if name in names[:position]:
            raise CalculationError(MESSAGES["period_twice"].format(period=name))

    from_cases: dict[str, Decimal] = {}
    summaries: dict[str, dict[str, Any]] = {}
    for entry in cases:
        if entry.period not in names:
            raise CalculationError(MESSAGES["case_period_unknown"].format(case=entry.case, period=entry.period))
        gross = case_saving(entry.monthly_rate, entry.months).value
        cost = _non_negative(entry.actual_costs, "Ist-Kosten des Falls")
        from_cases[entry.period] = from_cases.get(entry.period, Decimal(0)) + gross - cost
        summary = summaries.setdefault(
            entry.case,
            {"alternative": entry.avoided_alternative, "months": Decimal(0), "gross": Decimal(0), "cost": Decimal(0)},
        )
        summary["months"] += to_decimal(entry.months, "vermiedene Monate")
        summary["gross"] += gross
        summary["cost"] += cost
        if entry.avoided_alternative and not summary["alternative"]:
            summary["alternative"] = entry.avoided_alternative

    rows = []
    cum_soll = cum_ist = cum_cost = Decimal(0)
    for period in periods:
        soll = _non_negative(period.planned_savings, "Einspar-Soll")
        cost = _non_negative(period.actual_costs, "Ist-Kosten")
        planned_cost = None if period.planned_costs is None else _non_negative(period.planned_costs, "Plan-Kosten")
        if cases:
            if period.actual_savings is not None:
                raise CalculationError(MESSAGES["actual_twice"].format(period=period.period))
            ist = from_cases.get(period.period, Decimal(0))
        else:
            if period.actual_savings is None:
                raise CalculationError(MESSAGES["actual_missing"].format(period=period.period))
            ist = to_decimal(period.actual_savings, "Ist-Einsparung")
        cum_soll += soll
        cum_ist += ist
        cum_cost += cost
        rows.append(
            ControllingRow(
                period=period.period,
                planned_savings=soll,
                actual_savings=ist,
                savings_deviation=ist - soll,
                planned_costs=planned_cost,
                actual_costs=cost,
                costs_deviation=None if planned_cost is None else cost - planned_cost,
                net=ist - cost,
                phase=controlling_phase(actual_savings=ist, costs=cost, planned_savings=soll),
                cumulated_planned_savings=cum_soll,
                cumulated_actual_savings=cum_ist,
                cumulated_actual_costs=cum_cost,
                cumulated_net=cum_ist - cum_cost,
                cumulated_phase=controlling_phase(actual_savings=cum_ist, costs=cum_cost, planned_savings=cum_soll),
            )
        )
    case_rows = tuple(
        CaseSummary(
            case=name,
            avoided_alternative=s["alternative"],
            months=s["months"],
            gross_savings=s["gross"],
            actual_costs=s["cost"],
            contribution=s["gross"] - s["cost"],
        )
        for name, s in summaries.items()
    )
    return ControllingResult(
        rows=tuple(rows),
        cases=case_rows,
        total_planned_savings=cum_soll,
        total_actual_savings=cum_ist,
        total_actual_costs=cum_cost,
        total_net=cum_ist - cum_cost,
        deviation=deviation(cum_soll, cum_ist),
        formula=(
            "Fallersparnis = Kostensatz pro Monat × vermiedene Monate − Ist-Kosten des Falls; "
            "Ist-Einsparung = Σ Fallersparnisse des Zeitraums; netto = Ist-Einsparung − Ist-Kosten der Maßnahme; "
            "Abweichung = Ist − Soll; kumuliert = Summe seit dem ersten Zeitraum; "
            "Investphase: Ist < Kosten; Annäherungsphase: Kosten ≤ Ist < Soll; Überschussphase: Ist ≥ Soll"
        ),
        inputs={
            "Zeiträume": names,
            "Einspar-Soll": {p.period: p.planned_savings for p in periods},
            "Ist-Kosten": {p.period: p.actual_costs for p in periods},
            "Fälle": len(case_rows),
        },
    )
