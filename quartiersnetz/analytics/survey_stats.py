"""Survey statistics: item statistics per group and wave with small-cell protection, Mann–Whitney U, Cronbach's
alpha, block indices and the segments of diverging stacked bars. Pure: no Django imports.

Definitions (the same on the pages, in the API, in the exports and in `quartiersnetz survey-stats`)
- Values are numbers on an integer scale MIN–MAX; empty cells (None/NaN) are missing ("weiß nicht/keine Angabe"
  is stored as missing). Reverse coding maps v to MIN + MAX − v before anything is computed.
- Per cell (item × group × wave): n (answers), mean, standard deviation with n − 1 (sample SD; None for n < 2),
  median (mean of the two middle values for even n), counts per scale point (every point, zeros included) and
  percentages of n. Aggregation runs in Polars (`aggregate`).
- Small-cell protection: a cell with n < k is suppressed (all statistics None, `suppressed` True). When groups are
  shown, the total of the item and wave (group None) is published too; so that a hidden group cannot be computed
  as total minus the other groups, `analytics.suppression.suppress_counts` hides further groups (complementary
  suppression: at least two hidden groups per item and wave, or none).
- Mann–Whitney U (two-sided): normal approximation with tie correction and continuity correction, as
  scipy.stats.mannwhitneyu(method="asymptotic"). Only computed when both samples have at least `min_n` values.
- Cronbach's alpha: k/(k−1) · (1 − Σ var(item) / var(sum)), sample variances, listwise complete cases.
- Block index of a respondent: mean of the (reverse-coded) items of the block that were answered, when at least
  half of the block's items were answered; otherwise missing.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .suppression import suppress_counts

MESSAGES = {
    "not_found": "Die Datei „{path}“ wurde nicht gefunden.",
    "unreadable": "Die Datei „{path}“ kann nicht gelesen werden ({reason}).",
    "empty": "Die Datei ist leer.",
    "encoding": "Die Datei ist weder gültiges UTF-8 noch Windows-1252.",
    "bad_csv": "Die Datei kann nicht als CSV gelesen werden ({reason}).",
    "missing_column": "Zeile 1: Die Spalte „{column}“ fehlt in der Kopfzeile. Gefunden: {found}.",
    "duplicate_column": "Zeile 1: Die Spalte „{column}“ kommt in der Kopfzeile mehrfach vor.",
    "not_a_number": "Zeile {line}, Spalte „{column}“: „{value}“ ist keine Zahl.",
    "out_of_scale": "Zeile {line}, Spalte „{column}“: Der Wert „{value}“ liegt nicht auf der Skala {lo}–{hi}.",
    "bad_scale": "Die Skala „{scale}“ ist ungültig: erwartet MIN-MAX mit ganzen Zahlen und MIN < MAX, z. B. 1-6.",
    "bad_min_cell": "Die Mindestzellgröße muss mindestens 1 sein.",
    "no_items": "Es wurde kein Item angegeben.",
    "reverse_not_item": "Das umzupolende Item „{item}“ ist nicht unter --items aufgeführt.",
}

TEST_NAME = "Mann-Whitney-U-Test (zweiseitig, Normalapproximation mit Bindungs- und Stetigkeitskorrektur)"


class SurveyDataError(ValueError):
    """Input that cannot be analysed; `message` is German and names row and column where there is one."""

    def __init__(self, message: str, *, line: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


# --- single values ------------------------------------------------------------------------------------------------


def reverse_code(value: float | None, lo: int, hi: int) -> float | None:
    """MIN + MAX − v (1–6: 7 − v; 1–3: 4 − v); missing stays missing."""
    return None if value is None else lo + hi - value


def parse_scale(text: str) -> tuple[int, int]:
    try:
        lo_text, hi_text = text.split("-", 1)
        lo, hi = int(lo_text.strip()), int(hi_text.strip())
    except ValueError as exc:
        raise SurveyDataError(MESSAGES["bad_scale"].format(scale=text)) from exc
    if lo >= hi:
        raise SurveyDataError(MESSAGES["bad_scale"].format(scale=text))
    return lo, hi


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- one sample ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None
    median: float | None
    counts: dict[int, int] | None = None
    percents: dict[int, float] | None = None


def describe(values: Iterable[float | None], *, scale: tuple[int, int] | None = None) -> Summary:
    """n, mean, sample SD, median (and counts/percentages per scale point) of the non-missing values."""
    data = sorted(float(v) for v in values if not _is_missing(v))
    n = len(data)
    counts = percents = None
    if scale is not None:
        counts = dict.fromkeys(range(scale[0], scale[1] + 1), 0)
        for v in data:
            counts[int(v)] = counts.get(int(v), 0) + 1
        percents = {p: (100.0 * c / n if n else 0.0) for p, c in counts.items()}
    if not n:
        return Summary(0, None, None, None, counts, percents)
    mean = math.fsum(data) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in data) / (n - 1)) if n > 1 else None
    mid = n // 2
    median = data[mid] if n % 2 else (data[mid - 1] + data[mid]) / 2
    return Summary(n, mean, sd, median, counts, percents)


# --- many cells (Polars) ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    item: str
    group: str | None
    wave: str | None
    n: int
    mean: float | None
    sd: float | None
    median: float | None
    counts: dict[int, int] | None
    suppressed: bool

    @property
    def percents(self) -> dict[int, float] | None:
        if self.counts is None or not self.n:
            return None
        return {p: 100.0 * c / self.n for p, c in self.counts.items()}

    def as_json(self) -> dict:
        return {
            "item": self.item, "group": self.group, "wave": self.wave, "n": self.n,
            "mean": self.mean, "sd": self.sd, "median": self.median,
            "counts": None if self.counts is None else {str(k): v for k, v in self.counts.items()},
            "suppressed": self.suppressed,
        }


def _clean(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def aggregate(
    columns: Mapping[str, Sequence],
    *,
    items: Sequence[str],
    scale: tuple[int, int] | None,
    reverse: Iterable[str] = (),
    group_by: str | None = None,
    wave_column: str | None = None,
    min_cell: int = 5,
) -> list[Cell]:
    """Statistics per item × group × wave (see module docstring), in Polars.

    `columns` maps column names to equally long sequences: item columns hold numbers or None, the group and wave
    columns text (None/"" becomes "–"). With `group_by`, the total of each item and wave (group None) is returned
    before the groups. `scale` None: no counts and no reverse coding (e.g. block indices). Order: items as given,
    waves sorted, total first, then groups sorted.
    """
    import polars as pl

    if min_cell < 1:
        raise SurveyDataError(MESSAGES["bad_min_cell"])
    reverse = set(reverse)
    if scale is not None:
        for item in items:
            for row, value in enumerate(columns[item]):
                if _is_missing(value):
                    continue
                if not (scale[0] <= float(value) <= scale[1]) or float(value) != int(float(value)):
                    raise SurveyDataError(
                        MESSAGES["out_of_scale"].format(line=row + 2, column=item, value=value, lo=scale[0],
                                                        hi=scale[1]), line=row + 2, column=item)
    data = {}
    for item in items:
        data[item] = pl.Series(item, [_clean(v) for v in columns[item]], dtype=pl.Float64)
    height = len(next(iter(data.values()))) if data else 0
    for key in (group_by, wave_column):
        if key:
            series = pl.Series(key, [None if v is None else str(v) for v in columns[key]], dtype=pl.Utf8)
            data[f"__{key}"] = series.fill_null("").replace("", "–")
    frame = pl.DataFrame(data) if data else pl.DataFrame({"__empty": [None] * height})
    return aggregate_frame(frame, items=items, scale=scale, reverse=reverse,
                           group_col=f"__{group_by}" if group_by else None,
                           wave_col=f"__{wave_column}" if wave_column else None, min_cell=min_cell)


def _expressions(items: Sequence[str]):
    """n, mean, SD and median of each item (used without a scale, e.g. for block indices)."""
    import polars as pl

    exprs = []
    for index, item in enumerate(items):
        col = pl.col(item)
        exprs += [
            col.count().alias(f"n{index}"), col.mean().alias(f"m{index}"), col.std().alias(f"s{index}"),
            col.median().alias(f"d{index}"),
        ]
    return exprs


def from_counts(counts: Mapping[int, int]) -> Summary:
    """n, mean, sample SD and median of integer answers given as counts per scale point (exact)."""
    points = sorted(p for p, c in counts.items() if c)
    n = sum(counts[p] for p in points)
    full = dict(sorted(counts.items()))
    if not n:
        return Summary(0, None, None, None, full)
    mean = math.fsum(p * counts[p] for p in points) / n
    sd = math.sqrt(math.fsum(counts[p] * (p - mean) ** 2 for p in points) / (n - 1)) if n > 1 else None

    def nth(position: int) -> int:  # 1-based position in the sorted answers
        seen = 0
        for p in points:
            seen += counts[p]
            if seen >= position:
                return p
        raise AssertionError  # pragma: no cover

    median = float(nth((n + 1) // 2)) if n % 2 else (nth(n // 2) + nth(n // 2 + 1)) / 2
    return Summary(n, mean, sd, median, full)


def aggregate_frame(frame, *, items, scale, reverse=(), group_col=None, wave_col=None, min_cell=5) -> list[Cell]:
    """`aggregate` on a Polars DataFrame whose item columns are numbers (missing = null; on a scale: integers
    within it) and whose group/wave columns are text without nulls. Used directly by the console command.

    With a scale only the counts per scale point are aggregated (one pass over the data, grouped by group and
    wave); n, mean, SD and median follow exactly from the counts, totals from the sums of the groups' counts."""
    import polars as pl

    reverse = set(reverse)
    keys = [c for c in (group_col, wave_col) if c]
    if scale is None:
        plans = [frame.lazy().group_by([wave_col]).agg(_expressions(items)) if wave_col
                 else frame.lazy().select(_expressions(items))]
        if group_col:
            plans.append(frame.lazy().group_by(keys).agg(_expressions(items)))
        raw: dict[tuple[str, str | None, str | None], Cell] = {}
        for position, result in enumerate(pl.collect_all(plans)):
            for row in result.iter_rows(named=True):
                wave = row[wave_col] if wave_col else None
                group = row[group_col] if position == 1 else None
                for index, item in enumerate(items):
                    raw[(item, group, wave)] = Cell(
                        item=item, group=group, wave=wave, n=int(row[f"n{index}"]), mean=_clean(row[f"m{index}"]),
                        sd=_clean(row[f"s{index}"]), median=_clean(row[f"d{index}"]), counts=None, suppressed=False)
        return _suppress(raw, items, min_cell, grouped=bool(group_col))
    lo, hi = scale
    points = range(lo, hi + 1)
    width = hi - lo + 2  # 0 = missing, 1 … = scale points
    # One integer per row and item: (group code × waves + wave code) × width + answer code; counting these codes
    # per item is a single bincount over an integer array.
    labels: dict[str, list] = {}
    key = pl.lit(0, dtype=pl.UInt32)
    for column in (group_col, wave_col):
        if column:
            values = sorted(frame[column].unique().to_list())
            labels[column] = values
            code = pl.col(column).cast(pl.Enum(values)).to_physical().cast(pl.UInt32)  # index in `values`
            key = key * len(values) + code
    n_waves = len(labels.get(wave_col, [None]))
    # Counting the codes per item is one numpy bincount over an integer array (no hashing, no sorting).
    import numpy as np

    n_keys = 1
    for values in labels.values():
        n_keys *= len(values)
    base = frame.select(key.alias("__key"))["__key"].to_numpy().astype(np.int64) * width
    grouped: dict[tuple[str | None, str | None], list[dict[int, int]]] = {}
    for index, item in enumerate(items):
        answers = frame[item].fill_null(lo - 1).to_numpy().astype(np.int64) - (lo - 1)
        counted = np.bincount(base + answers, minlength=n_keys * width)
        for code in np.flatnonzero(counted):
            count = counted[code]
            combo, answer = divmod(int(code), width)
            g_index, w_index = divmod(combo, n_waves)
            group = labels[group_col][g_index] if group_col else None
            wave = labels[wave_col][w_index] if wave_col else None
            per_item = grouped.setdefault((group, wave), [dict.fromkeys(points, 0) for _ in items])
            if answer:
                per_item[index][lo + answer - 1] += int(count)
    for per_item in grouped.values():
        for index, item in enumerate(items):
            if item in reverse:
                counts = per_item[index]
                per_item[index] = {p: counts[lo + hi - p] for p in points}
    if group_col:
        totals: dict[tuple[None, str | None], list[dict[int, int]]] = {}
        for (_group, wave), per_item in grouped.items():
            into = totals.setdefault((None, wave), [dict.fromkeys(points, 0) for _ in items])
            for index, counts in enumerate(per_item):
                for p, c in counts.items():
                    into[index][p] += c
        grouped.update(totals)
    raw = {}
    for (group, wave), per_item in grouped.items():
        for index, item in enumerate(items):
            s = from_counts(per_item[index])
            raw[(item, group, wave)] = Cell(item, group, wave, s.n, s.mean, s.sd, s.median, s.counts, False)
    return _suppress(raw, items, min_cell, grouped=bool(group_col))


def _suppress(raw: dict, items: Sequence[str], k: int, *, grouped: bool) -> list[Cell]:
    waves = sorted({key[2] for key in raw}, key=lambda w: (w is None, w or ""))
    out: list[Cell] = []
    for item in items:
        for wave in waves:
            total = raw.get((item, None, wave))
            if total is None:
                continue
            groups = sorted(key[1] for key in raw if key[0] == item and key[2] == wave and key[1] is not None)
            hidden: set[str | None] = set()
            if total.n < k:
                hidden.add(None)
            if grouped:
                decided = suppress_counts({g: raw[(item, g, wave)].n for g in groups}, k)
                hidden |= {g for g, n in decided.items() if n is None}
                # Groups with n = 0 carry no statistics; they stay published (a structural zero).
            for group in [None, *groups]:
                cell = raw[(item, group, wave)]
                if group in hidden:
                    cell = Cell(item, group, wave, cell.n, None, None, None, None, True)
                out.append(cell)
    return out


def public_n(cell: Cell) -> int | None:
    """The n to print: None for a suppressed cell."""
    return None if cell.suppressed else cell.n


# --- reading external data (console command) ----------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if not content.strip():
        raise SurveyDataError(MESSAGES["empty"])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise SurveyDataError(MESSAGES["encoding"]) from exc


def read_responses_csv(
    content: bytes, *, items: Sequence[str], scale: tuple[int, int], group_by: str | None = None,
    wave_column: str | None = None,
):
    """Parse a CSV (`,` or `;`, UTF-8 with/without BOM or Windows-1252, header row) into a Polars DataFrame with
    Float64 item columns and text columns `__<group>`/`__<wave>`. Empty cells are missing; a value that is not a
    number or not a point of the scale raises `SurveyDataError` naming the first such row (header = line 1) and
    column. Decimal comma is accepted ("3,0")."""
    import polars as pl

    if not items:
        raise SurveyDataError(MESSAGES["no_items"])
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=separator, infer_schema=False,
                            truncate_ragged_lines=False)
    except Exception as exc:  # noqa: BLE001 - polars raises several types; all mean "not CSV"
        raise SurveyDataError(MESSAGES["bad_csv"].format(reason=str(exc).splitlines()[0][:200])) from exc
    headers = [h.strip() for h in frame.columns]
    for header in headers:
        if headers.count(header) > 1:
            raise SurveyDataError(MESSAGES["duplicate_column"].format(column=header), line=1, column=header)
    frame.columns = headers
    wanted = [*items, *(c for c in (group_by, wave_column) if c)]
    for column in wanted:
        if column not in headers:
            raise SurveyDataError(MESSAGES["missing_column"].format(column=column, found=", ".join(headers)),
                                  line=1, column=column)
    lo, hi = scale
    checks, converted = [], []
    for item in items:
        raw = pl.col(item).str.strip_chars()
        raw = pl.when(raw == "").then(None).otherwise(raw)
        number = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        converted.append(number.alias(item))
        checks.append((raw.is_not_null() & number.is_null()).alias(f"bad__{item}"))
        checks.append((number.is_not_null() & ((number < lo) | (number > hi) | (number != number.floor())))
                      .alias(f"out__{item}"))
    flags = frame.select(checks)
    first_error: tuple[int, int, str, str] | None = None
    for position, item in enumerate(items):
        for kind in ("bad", "out"):
            column = flags[f"{kind}__{item}"]
            if column.any():
                row = int(column.arg_true()[0])
                candidate = (row, position, kind, item)
                if first_error is None or candidate[:2] < first_error[:2]:
                    first_error = candidate
    if first_error is not None:
        row, _pos, kind, item = first_error
        value = frame[item][row].strip()
        key = "not_a_number" if kind == "bad" else "out_of_scale"
        raise SurveyDataError(MESSAGES[key].format(line=row + 2, column=item, value=value, lo=lo, hi=hi),
                              line=row + 2, column=item)
    extra = [
        pl.col(c).fill_null("").str.strip_chars().replace("", "–").alias(f"__{c}")
        for c in dict.fromkeys(c for c in (group_by, wave_column) if c)
    ]
    return frame.select([*converted, *extra])


# --- two samples --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MannWhitney:
    u: float  # U of the first sample
    z: float
    p: float
    n1: int
    n2: int
    test: str = TEST_NAME


def _ranks(values: Sequence[float]) -> tuple[list[float], list[int]]:
    """Mid-ranks (1-based) in the order of `values` and the sizes of the tie groups."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    ties = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        rank = (i + j) / 2 + 1
        for position in range(i, j + 1):
            ranks[order[position]] = rank
        ties.append(j - i + 1)
        i = j + 1
    return ranks, ties


def mann_whitney_u(x: Iterable[float | None], y: Iterable[float | None], *, min_n: int = 5) -> MannWhitney | None:
    """Two-sided Mann–Whitney U test; None when a sample has fewer than `min_n` values."""
    a = [float(v) for v in x if not _is_missing(v)]
    b = [float(v) for v in y if not _is_missing(v)]
    n1, n2 = len(a), len(b)
    if n1 < max(1, min_n) or n2 < max(1, min_n):
        return None
    ranks, ties = _ranks(a + b)
    r1 = math.fsum(ranks[:n1])
    u1 = r1 - n1 * (n1 + 1) / 2
    n = n1 + n2
    mu = n1 * n2 / 2
    tie_term = sum(t ** 3 - t for t in ties) / (n * (n - 1))
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term))
    if sigma == 0:
        return MannWhitney(u=u1, z=0.0, p=1.0, n1=n1, n2=n2)
    z = (abs(u1 - mu) - 0.5) / sigma
    z = max(z, 0.0)
    p = min(1.0, math.erfc(z / math.sqrt(2)))
    return MannWhitney(u=u1, z=z, p=p, n1=n1, n2=n2)


@dataclass(frozen=True)
class Comparison:
    """Expectation (earlier wave) vs effect (later wave) of one item: means, difference and the test."""

    before: Summary
    after: Summary
    difference: float | None  # after − before
    test: MannWhitney | None


def compare(before: Iterable[float | None], after: Iterable[float | None], *, min_n: int = 5) -> Comparison:
    before, after = list(before), list(after)
    s1, s2 = describe(before), describe(after)
    diff = None if s1.mean is None or s2.mean is None else s2.mean - s1.mean
    return Comparison(s1, s2, diff, mann_whitney_u(before, after, min_n=min_n))


# --- scales of several items --------------------------------------------------------------------------------------


def cronbach_alpha(rows: Sequence[Sequence[float | None]]) -> float | None:
    """Alpha over the complete rows (one row per respondent, one column per item); None for fewer than two items,
    fewer than two complete rows or zero total variance."""
    complete = [[float(v) for v in row] for row in rows if row and not any(_is_missing(v) for v in row)]
    if len(complete) < 2:
        return None
    k = len(complete[0])
    if k < 2:
        return None

    def var(values: list[float]) -> float:
        m = math.fsum(values) / len(values)
        return math.fsum((v - m) ** 2 for v in values) / (len(values) - 1)

    item_var = math.fsum(var([row[j] for row in complete]) for j in range(k))
    total_var = var([math.fsum(row) for row in complete])
    if total_var == 0:
        return None
    return k / (k - 1) * (1 - item_var / total_var)


def block_index(row: Sequence[float | None]) -> float | None:
    """Mean of the answered items of one respondent when at least half of the items were answered."""
    answered = [float(v) for v in row if not _is_missing(v)]
    if not row or len(answered) * 2 < len(row):
        return None
    return math.fsum(answered) / len(answered)


# --- charts -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    value: int
    percent: float
    start: float
    end: float
    side: str = field(default="")  # "positive" (agreeing/better), "negative" or "neutral"


def diverging_segments(counts: Mapping[int, int], scale: tuple[int, int], *, low_is_positive: bool = True
                       ) -> list[Segment]:
    """Segments of a diverging stacked bar: positive answers right of zero, negative left, a middle point of an
    odd scale split across zero. In seed 000 low values agree (1 = "stimme ganz und gar zu"), so by default the
    low half is positive. Percentages of the answers; the bar spans −(negative share) … +(positive share)."""
    lo, hi = scale
    n = sum(counts.get(p, 0) for p in range(lo, hi + 1))
    points = list(range(lo, hi + 1))
    size = len(points)
    pct = {p: (100.0 * counts.get(p, 0) / n if n else 0.0) for p in points}
    half = size // 2
    low, high = points[:half], points[size - half:]
    middle = points[half] if size % 2 else None
    positive, negative = (low, high) if low_is_positive else (high, low)
    segments: list[Segment] = []
    offset = (pct[middle] / 2) if middle is not None else 0.0
    if middle is not None:
        segments.append(Segment(middle, pct[middle], -offset, offset, "neutral"))
    # Positive side: the strongest answer is outermost.
    cursor = offset
    for p in sorted(positive, key=lambda v: abs(v - (middle if middle is not None else (lo + hi) / 2))):
        segments.append(Segment(p, pct[p], cursor, cursor + pct[p], "positive"))
        cursor += pct[p]
    cursor = -offset
    for p in sorted(negative, key=lambda v: abs(v - (middle if middle is not None else (lo + hi) / 2))):
        segments.append(Segment(p, pct[p], cursor - pct[p], cursor, "negative"))
        cursor -= pct[p]
    return sorted(segments, key=lambda s: s.value)
