"""Status and dynamics index of small-area social monitoring (Sozialraummonitoring). Pure Python, no Django imports.

The method (issue 9; the pattern of Berlin's "Monitoring Soziale Stadtentwicklung"), for each of the two indices:

1. **Exclusion.** An area with a missing value (``None`` or NaN) in *any* used indicator, status or dynamics, is
   left out of both standardisations and listed in ``MonitoringResult.excluded`` with the missing columns. Status
   and dynamics are therefore always computed over the same set of areas, so the 4 × 3 combined class compares
   like with like.
2. **z-standardisation** of each indicator across the included areas with the population standard deviation
   (ddof = 0): ``z = (x − mean) / sd``.
3. **Orientation**: ``direction = +1`` if a higher value means more disadvantage (``higher_is_worse=True``, the
   default), else ``−1``.
4. **Sum**: ``S = Σ weight × direction × z`` (weights default to 1; only their ratios matter, because step 5
   standardises again).
5. **Index**: ``I = (S − mean(S)) / sd(S)``, again with the population standard deviation.

The status index is computed from levels (e.g. the unemployment rate at 31.12.), the dynamics index in the same way
from changes over a chosen period (``period_change`` builds them: end − start).

**Classes and boundaries** (thresholds configurable through ``Thresholds``; defaults shown). The status index is
oriented so that a higher value means *more* disadvantage, while the class names describe the *social status*:

=================  =====================  ==========================
status class        default rule           dynamics class / rule
=================  =====================  ==========================
``hoch``            I < −1                 ``positiv``: I < −1
``mittel``          −1 ≤ I ≤ +1            ``stabil``: −1 ≤ I ≤ +1
``niedrig``         +1 < I ≤ +1,5          ``negativ``: I > +1
``sehr niedrig``    I > +1,5
=================  =====================  ==========================

So a value of exactly −1 or +1 is ``mittel`` / ``stabil`` and exactly +1,5 is ``niedrig`` (the issue's ranges
"−1 … +1" and "> +1 … +1,5" read as closed at the inner ends). Indices are compared after rounding to
``CLASS_DIGITS`` decimal places, so that a value that is mathematically on a boundary but carries floating-point
noise (0.9999999999999998) is classified by this rule.

Degenerate input (an indicator with the same value in every area, or a sum that is the same everywhere because the
indicators cancel out) raises ``MonitoringError`` with a German message; so does a weight that is not positive.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real

STATUS_CLASSES = ("hoch", "mittel", "niedrig", "sehr niedrig")
DYNAMICS_CLASSES = ("positiv", "stabil", "negativ")
STATUS_CODES = {"hoch": "1", "mittel": "2", "niedrig": "3", "sehr niedrig": "4"}
DYNAMICS_CODES = {"positiv": "+", "stabil": "±", "negativ": "−"}
COMBINED_CLASSES = tuple(f"{s} / {d}" for s in STATUS_CLASSES for d in DYNAMICS_CLASSES)
CLASS_DIGITS = 10
_SUM_SD_TOLERANCE = 1e-9

MESSAGES = {
    "no_status": "Bitte wählen Sie mindestens einen Indikator für den Statusindex.",
    "duplicate_indicator": "Der Indikator „{name}“ ist beim {kind} mehrfach gewählt.",
    "bad_weight": "Das Gewicht des Indikators „{name}“ muss eine Zahl größer als 0 sein (angegeben: {weight}).",
    "bad_value": "Gebiet „{area}“, Indikator „{name}“: „{value}“ ist keine endliche Zahl.",
    "too_few_areas": (
        "Für den Index werden mindestens zwei Gebiete mit vollständigen Werten gebraucht; vollständig sind {count}."
    ),
    "constant_indicator": (
        "Der Indikator „{name}“ hat in allen {count} Gebieten denselben Wert ({value}). Seine Standardabweichung "
        "ist 0, daher kann er nicht z-standardisiert werden. Bitte lassen Sie ihn beim {kind} weg."
    ),
    "constant_sum": (
        "Die Summe der Indikatoren des {kind} ist in allen Gebieten gleich (Standardabweichung 0): die Indikatoren "
        "heben sich gegenseitig auf. Bitte prüfen Sie Auswahl, Richtung und Gewichte."
    ),
    "thresholds_status": (
        "Die Schwellenwerte des Statusindex müssen aufsteigen (hoch/mittel < mittel/niedrig < niedrig/sehr niedrig); "
        "angegeben: {lower}, {upper}, {very_low}."
    ),
    "thresholds_dynamics": (
        "Die Schwellenwerte des Dynamikindex müssen aufsteigen (positiv/stabil < stabil/negativ); "
        "angegeben: {lower}, {upper}."
    ),
    "bad_area_id": "Die Gebietskennung „{area}“ muss ein nicht leerer Text sein.",
}
_KIND = {"status": "Statusindex", "dynamics": "Dynamikindex"}


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, float) and math.isnan(value)


def _is_number(value) -> bool:
    return isinstance(value, Real | Decimal) and not isinstance(value, bool) and math.isfinite(value)


def _de(value, *, signed: bool = True) -> str:
    """German number for messages: −1 / +1,5 / 0,25."""
    if not _is_number(value):
        return str(value)
    text = format(value, "+.10g" if signed and value != 0 else ".10g")
    return text.replace(".", ",").replace("-", "−")


class MonitoringError(ValueError):
    """The index cannot be computed from this input. The message is German and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Indicator:
    """One column of the index. ``higher_is_worse=False`` turns it round (e.g. the share of pupils with Abitur)."""

    name: str
    higher_is_worse: bool = True
    weight: float = 1.0

    @property
    def direction(self) -> int:
        return 1 if self.higher_is_worse else -1


@dataclass(frozen=True)
class Thresholds:
    """Class boundaries; see the module docstring for which side of each boundary a value on it belongs to."""

    status_lower: float = -1.0  # below: hoch
    status_upper: float = 1.0  # up to here: mittel
    status_very_low: float = 1.5  # up to here: niedrig; above: sehr niedrig
    dynamics_lower: float = -1.0  # below: positiv
    dynamics_upper: float = 1.0  # up to here: stabil; above: negativ

    def __post_init__(self):
        status = (self.status_lower, self.status_upper, self.status_very_low)
        if not all(_is_number(v) for v in status) or not status[0] < status[1] < status[2]:
            raise MonitoringError(
                MESSAGES["thresholds_status"].format(
                    lower=_de(status[0]), upper=_de(status[1]), very_low=_de(status[2])
                )
            )
        dynamics = (self.dynamics_lower, self.dynamics_upper)
        if not all(_is_number(v) for v in dynamics) or not dynamics[0] < dynamics[1]:
            raise MonitoringError(
                MESSAGES["thresholds_dynamics"].format(lower=_de(dynamics[0]), upper=_de(dynamics[1]))
            )

    def status_rule(self) -> str:
        lo, up, very = _de(self.status_lower), _de(self.status_upper), _de(self.status_very_low)
        return (
            f"hoch: Index < {lo}; mittel: {lo} ≤ Index ≤ {up}; niedrig: {up} < Index ≤ {very}; "
            f"sehr niedrig: Index > {very}"
        )

    def dynamics_rule(self) -> str:
        lo, up = _de(self.dynamics_lower), _de(self.dynamics_upper)
        return f"positiv: Index < {lo}; stabil: {lo} ≤ Index ≤ {up}; negativ: Index > {up}"


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class IndicatorStats:
    """What one indicator contributed: the inputs shown under "Formel und Eingaben"."""

    name: str
    higher_is_worse: bool
    weight: float
    mean: float
    sd: float


@dataclass(frozen=True)
class IndexSummary:
    """Parameters of one index (status or dynamics) over the included areas."""

    kind: str  # "status" or "dynamics"
    indicators: tuple[IndicatorStats, ...]
    area_count: int
    sum_mean: float
    sum_sd: float
    formula: str
    class_rule: str


@dataclass(frozen=True)
class AreaResult:
    id: str
    status_z: dict[str, float]  # z-score per indicator, before orientation and weighting
    status_sum: float
    status_index: float
    status_class: str
    dynamics_z: dict[str, float] | None = None
    dynamics_sum: float | None = None
    dynamics_index: float | None = None
    dynamics_class: str | None = None

    @property
    def combined_class(self) -> str | None:
        """E.g. "niedrig / negativ" (one of ``COMBINED_CLASSES``); None without a dynamics index."""
        if self.dynamics_class is None:
            return None
        return f"{self.status_class} / {self.dynamics_class}"

    @property
    def combined_code(self) -> str | None:
        """Short map-legend code, e.g. "3−" for niedrig / negativ (status 1–4, dynamics + ± −)."""
        if self.dynamics_class is None:
            return None
        return STATUS_CODES[self.status_class] + DYNAMICS_CODES[self.dynamics_class]

    def as_dict(self) -> dict:
        """The JSON shape of the console command, key for key."""
        return {
            "id": self.id,
            "status_sum": self.status_sum,
            "status_index": self.status_index,
            "status_class": self.status_class,
            "dynamics_sum": self.dynamics_sum,
            "dynamics_index": self.dynamics_index,
            "dynamics_class": self.dynamics_class,
        }


@dataclass(frozen=True)
class Exclusion:
    id: str
    missing: tuple[str, ...]  # the used columns without a value


@dataclass(frozen=True)
class MonitoringResult:
    areas: tuple[AreaResult, ...]
    excluded: tuple[Exclusion, ...]
    status: IndexSummary
    dynamics: IndexSummary | None
    thresholds: Thresholds = field(default=DEFAULT_THRESHOLDS)

    def as_dict(self) -> dict:
        """``{"areas": [...], "excluded": [id, ...]}`` as printed by ``quartiersnetz monitoring-index``."""
        return {"areas": [a.as_dict() for a in self.areas], "excluded": [e.id for e in self.excluded]}


# ---------------------------------------------------------------------------------------------------------------
# Classification


def status_class(index: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    value = round(index, CLASS_DIGITS)
    if value < thresholds.status_lower:
        return "hoch"
    if value <= thresholds.status_upper:
        return "mittel"
    if value <= thresholds.status_very_low:
        return "niedrig"
    return "sehr niedrig"


def dynamics_class(index: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    value = round(index, CLASS_DIGITS)
    if value < thresholds.dynamics_lower:
        return "positiv"
    if value <= thresholds.dynamics_upper:
        return "stabil"
    return "negativ"


# ---------------------------------------------------------------------------------------------------------------
# Computation


def period_change(
    start: Mapping[str, Mapping[str, float | None]], end: Mapping[str, Mapping[str, float | None]]
) -> dict[str, dict[str, float | None]]:
    """Change per area and indicator over a period: ``end − start``. An area or value missing at either end gives
    ``None`` (the area is then excluded from the index). Areas are ordered as in ``end``, then those only in
    ``start``."""
    ids = list(end) + [a for a in start if a not in end]
    result: dict[str, dict[str, float | None]] = {}
    for area in ids:
        before, after = start.get(area, {}), end.get(area, {})
        columns = list(after) + [c for c in before if c not in after]
        row: dict[str, float | None] = {}
        for column in columns:
            b, a = before.get(column), after.get(column)
            row[column] = None if _is_missing(b) or _is_missing(a) else float(a) - float(b)
        result[area] = row
    return result


def monitoring_index(
    areas: Mapping[str, Mapping[str, float | None]],
    *,
    status: Sequence[Indicator],
    dynamics: Sequence[Indicator] = (),
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> MonitoringResult:
    """Status index (and, when dynamics indicators are given, dynamics index) of the areas.

    ``areas`` maps each area id to its values by column; a column that an area lacks counts as missing.
    The order of the areas is kept in the result.
    """
    if not status:
        raise MonitoringError(MESSAGES["no_status"])
    _check_indicators(status, "status")
    _check_indicators(dynamics, "dynamics")
    used = [i.name for i in status] + [i.name for i in dynamics if i.name not in {s.name for s in status}]

    included: list[tuple[str, dict[str, float]]] = []
    excluded: list[Exclusion] = []
    for area, row in areas.items():
        if not isinstance(area, str) or not area.strip():
            raise MonitoringError(MESSAGES["bad_area_id"].format(area=area))
        missing = tuple(c for c in used if _is_missing(row.get(c)))
        if missing:
            excluded.append(Exclusion(id=area, missing=missing))
            continue
        values = {}
        for column in used:
            value = row[column]
            if not _is_number(value):
                raise MonitoringError(MESSAGES["bad_value"].format(area=area, name=column, value=value))
            values[column] = float(value)
        included.append((area, values))
    if len(included) < 2:
        raise MonitoringError(MESSAGES["too_few_areas"].format(count=len(included)))

    rows = [values for _, values in included]
    status_part = _index(rows, status, "status", thresholds)
    dynamics_part = _index(rows, dynamics, "dynamics", thresholds) if dynamics else None

    results = []
    for position, (area, _) in enumerate(included):
        s_z, s_sum, s_index, s_class = (part[position] for part in status_part[1:])
        if dynamics_part is not None:
            d_z, d_sum, d_index, d_class = (part[position] for part in dynamics_part[1:])
        else:
            d_z = d_sum = d_index = d_class = None
        results.append(
            AreaResult(
                id=area,
                status_z=s_z,
                status_sum=s_sum,
                status_index=s_index,
                status_class=s_class,
                dynamics_z=d_z,
                dynamics_sum=d_sum,
                dynamics_index=d_index,
                dynamics_class=d_class,
            )
        )
    return MonitoringResult(
        areas=tuple(results),
        excluded=tuple(excluded),
        status=status_part[0],
        dynamics=dynamics_part[0] if dynamics_part else None,
        thresholds=thresholds,
    )


def _index(rows: list[dict[str, float]], indicators: Sequence[Indicator], kind: str, thresholds: Thresholds):
    """One index over the included rows: (summary, z per row, sums, indices, classes)."""
    n = len(rows)
    stats = []
    z_by_row: list[dict[str, float]] = [{} for _ in rows]
    sums = [0.0] * n
    for indicator in indicators:
        values = [row[indicator.name] for row in rows]
        if max(values) == min(values):
            raise MonitoringError(
                MESSAGES["constant_indicator"].format(
                    name=indicator.name, count=n, value=_de(values[0], signed=False), kind=_KIND[kind]
                )
            )
        z, mean, sd = standardise(values)
        stats.append(
            IndicatorStats(
                name=indicator.name,
                higher_is_worse=indicator.higher_is_worse,
                weight=float(indicator.weight),
                mean=mean,
                sd=sd,
            )
        )
        factor = float(indicator.weight) * indicator.direction
        for position, value in enumerate(z):
            z_by_row[position][indicator.name] = value
        sums = [s + factor * value for s, value in zip(sums, z, strict=True)]
    sum_mean = math.fsum(sums) / n
    sum_sd = math.sqrt(math.fsum((s - sum_mean) ** 2 for s in sums) / n)
    if sum_sd <= _SUM_SD_TOLERANCE * max(float(i.weight) for i in indicators):
        raise MonitoringError(MESSAGES["constant_sum"].format(kind=_KIND[kind]))
    indices = [(s - sum_mean) / sum_sd for s in sums]
    classify = status_class if kind == "status" else dynamics_class
    classes = [classify(value, thresholds) for value in indices]
    summary = IndexSummary(
        kind=kind,
        indicators=tuple(stats),
        area_count=n,
        sum_mean=sum_mean,
        sum_sd=sum_sd,
        formula=_formula(kind, n),
        class_rule=thresholds.status_rule() if kind == "status" else thresholds.dynamics_rule(),
    )
    return summary, z_by_row, sums, indices, classes


def standardise(values: Sequence[float]) -> tuple[list[float], float, float]:
    """z-scores with the population standard deviation (ddof = 0): (z, mean, sd). The caller ensures sd > 0."""
    n = len(values)
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / n)
    return [(v - mean) / sd for v in values], mean, sd


def _formula(kind: str, n: int) -> str:
    name = "Statusindex" if kind == "status" else "Dynamikindex"
    source = "Werte" if kind == "status" else "Veränderungen im Zeitraum"
    return (
        f"z = (x − Mittelwert) / Standardabweichung je Indikator ({source}; Standardabweichung der Grundgesamtheit "
        f"über {n} Gebiete); Summe = Σ Gewicht × Richtung × z (Richtung +1, wenn höher mehr Benachteiligung "
        f"bedeutet, sonst −1); {name} = (Summe − Mittelwert der Summen) / Standardabweichung der Summen"
    )


def _check_indicators(indicators: Sequence[Indicator], kind: str) -> None:
    seen = set()
    for indicator in indicators:
        if indicator.name in seen:
            raise MonitoringError(MESSAGES["duplicate_indicator"].format(name=indicator.name, kind=_KIND[kind]))
        seen.add(indicator.name)
        if not _is_number(indicator.weight) or indicator.weight <= 0:
            raise MonitoringError(MESSAGES["bad_weight"].format(name=indicator.name, weight=indicator.weight))
