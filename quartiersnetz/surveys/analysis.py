"""The evaluation of a wave: item statistics per group and wave (with small-cell protection), wave-to-wave
comparison with the Mann–Whitney U test, block indices with Cronbach's alpha, and the Vega-Lite chart specs.

Reads go through `selectors.response_list` (the user's Quartiere only); every number comes from
`analytics.survey_stats`, so page, API and exports show the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from quartiersnetz.analytics import survey_stats as stats
from quartiersnetz.core.models import User

from .choices import GroupBy, ItemType
from .models import Wave
from .selectors import response_list, wave_spec
from .spec import ItemSpec, flat_values, numeric_answer

AGREE_AXIS = "zustimmend – neutral – ablehnend"
CHANGE_AXIS = "Verbesserung – keine Veränderung – Verschlechterung"


@dataclass(frozen=True)
class Respondent:
    group: str
    wave: str
    values: dict[str, float | str | None]


def _group_label(response, group_by: str) -> str:
    if group_by == GroupBy.ACTOR_TYPE:
        return response.actor_type.name if response.actor_type_id else "–"
    if group_by == GroupBy.QUARTIER:
        return response.quartier.display_name if response.quartier_id else "–"
    if group_by == GroupBy.PROGRAMME:
        return response.quartier.programme.name if response.quartier_id else "–"
    return ""


def respondents(*, user: User, wave: Wave, group_by: str = "") -> list[Respondent]:
    spec = wave_spec(wave)
    out = []
    for response in response_list(user=user, wave=wave):
        values: dict[str, float | str | None] = {}
        for item in spec.items:
            values.update(flat_values(item, response.answers.get(item.code)))
        out.append(Respondent(_group_label(response, group_by), wave.code, values))
    return out


@dataclass
class ItemResult:
    item: ItemSpec
    variable: str
    label: str
    cells: list[stats.Cell]
    test: stats.MannWhitney | None = None
    difference: float | None = None

    def cell(self, group: str | None, wave: str) -> stats.Cell | None:
        return next((c for c in self.cells if c.group == group and c.wave == wave), None)


@dataclass
class BlockResult:
    code: str
    title: str
    items: list[str]
    cells: list[stats.Cell]
    alpha: dict[str, float | None]


@dataclass
class Analysis:
    waves: list[Wave]
    group_by: str
    k: int
    groups: list[str]
    items: list[ItemResult]
    blocks: list[BlockResult]
    n_by_wave: dict[str, int]
    group_n: dict[str, dict[str, int | None]] = field(default_factory=dict)  # group -> wave -> published N

    @property
    def wave_codes(self) -> list[str]:
        return [w.code for w in self.waves]

    def group_label(self, group: str) -> str:
        """“Kommune | N = 7/5”: the group with its respondents per wave (as in seed 000's figures)."""
        ns = ["–" if self.group_n.get(group, {}).get(w) is None else str(self.group_n[group][w])
              for w in self.wave_codes]
        return f"{group} | N = {'/'.join(ns)}"


def _variables(item: ItemSpec) -> list[tuple[str, str]]:
    if item.type == ItemType.MATRIX:
        return [(f"{item.code}_{code}", f"{item.label}: {text}") for code, text in item.rows]
    return [(item.code, item.chart_label)]


def wave_analysis(*, user: User, wave: Wave, group_by: str = "", compare: Wave | None = None) -> Analysis:
    """Statistics of the scale items of `wave` (and `compare`, e.g. the earlier wave with the expectations)."""
    waves = [compare, wave] if compare is not None else [wave]
    waves = sorted(waves, key=lambda w: (w.opens_on is None, w.opens_on, w.pk))
    k = wave.programme.min_cell_size
    spec = wave_spec(wave)
    specs = {w.pk: wave_spec(w) for w in waves}
    common = [i for i in spec.scale_items if all(s.item(i.code) is not None for s in specs.values())] \
        if compare is not None else spec.scale_items
    people = [r for w in waves for r in respondents(user=user, wave=w, group_by=group_by)]
    n_by_wave = {w.code: sum(1 for r in people if r.wave == w.code) for w in waves}
    columns: dict[str, list] = {"__group": [r.group for r in people], "__wave": [r.wave for r in people]}
    results: list[ItemResult] = []
    for item in common:
        for variable, label in _variables(item):
            columns[variable] = [numeric_answer(item, r.values.get(variable)) for r in people]
            cells = stats.aggregate(columns, items=[variable], scale=item.scale,
                                    reverse=[variable] if item.reverse_coded else [],
                                    group_by="__group" if group_by else None, wave_column="__wave", min_cell=k)
            result = ItemResult(item, variable, label, cells)
            if compare is not None:
                lo, hi = item.scale
                series = []
                for w in waves:
                    values = [v for v, r in zip(columns[variable], people, strict=True) if r.wave == w.code]
                    if item.reverse_coded:
                        values = [stats.reverse_code(v, lo, hi) for v in values]
                    series.append(values)
                published = [result.cell(None, w.code) for w in waves]
                if all(c is not None and not c.suppressed for c in published):
                    result.test = stats.mann_whitney_u(series[0], series[1], min_n=k)
                    result.difference = published[1].mean - published[0].mean
            results.append(result)
    groups = sorted({r.group for r in people}) if group_by else []
    group_n: dict[str, dict[str, int | None]] = {}
    if group_by:
        # Respondents per group and wave: suppressed like every other count.
        from quartiersnetz.analytics.suppression import suppress_counts

        for w in waves:
            counts = {g: sum(1 for r in people if r.group == g and r.wave == w.code) for g in groups}
            for g, n in suppress_counts(counts, k).items():
                group_n.setdefault(g, {})[w.code] = n
    blocks = _blocks(spec, people, group_by, k, [i for i in common if i.type != ItemType.MATRIX])
    return Analysis(waves=waves, group_by=group_by, k=k, groups=groups, items=results, blocks=blocks,
                    n_by_wave=n_by_wave, group_n=group_n)


def _blocks(spec, people, group_by, k, items) -> list[BlockResult]:
    out = []
    for block in spec.blocks:
        members = [i for i in items if i.block == block.code]
        if len(members) < 2 or len({i.scale for i in members}) != 1:
            continue
        lo, hi = members[0].scale

        def coded(item, r, lo=lo, hi=hi):
            value = numeric_answer(item, r.values.get(item.code))
            return stats.reverse_code(value, lo, hi) if item.reverse_coded else value

        matrix = [[coded(i, r) for i in members] for r in people]
        index = [stats.block_index(row) for row in matrix]
        cells = stats.aggregate({"index": index, "__group": [r.group for r in people],
                                 "__wave": [r.wave for r in people]}, items=["index"], scale=None,
                                group_by="__group" if group_by else None, wave_column="__wave", min_cell=k)
        alpha = {}
        for wave_code in sorted({r.wave for r in people}):
            rows = [row for row, r in zip(matrix, people, strict=True) if r.wave == wave_code]
            complete = [row for row in rows if all(v is not None for v in row)]
            alpha[wave_code] = stats.cronbach_alpha(complete) if len(complete) >= k else None
        out.append(BlockResult(block.code, block.title, [i.code for i in members], cells, alpha))
    return out


def fmt(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else number_format(round(value, decimals), decimal_pos=decimals)


# --- charts (Vega-Lite) -------------------------------------------------------------------------------------------


def means_chart(analysis: Analysis, items: list[ItemResult] | None = None, *, sort_by_mean: bool = False) -> dict:
    """Mean (marker) and mean ± SD (band) per item and wave, in the style of seed 000: the axis runs over the
    scale with the words of the scale's ends; the change scale gets the neutral reference line at 2,0. Suppressed
    cells are left out (the table says why)."""
    items = items if items is not None else analysis.items
    if not items:
        return {}
    first = items[0].item
    lo, hi = first.scale
    change = first.type == ItemType.CHANGE
    rows = []
    for result in items:
        ns = []
        for w in analysis.wave_codes:
            cell = result.cell(None, w)
            ns.append("–" if cell is None or cell.suppressed else str(cell.n))
            if cell is None or cell.suppressed or cell.mean is None:
                continue
            sd = cell.sd or 0.0
            rows.append({"wave": w, "mean": round(cell.mean, 2), "low": round(max(lo, cell.mean - sd), 2),
                         "high": round(min(hi, cell.mean + sd), 2), "sd": round(sd, 2), "n": cell.n,
                         "variable": result.variable})
        label = f"{result.variable} {result.label} | N = {'/'.join(ns)}"
        for row in rows:
            if row["variable"] == result.variable:
                row["label"] = label
    if sort_by_mean:
        last = analysis.wave_codes[-1]
        order = sorted({r["label"] for r in rows}, key=lambda lbl: min(
            (r["mean"] for r in rows if r["label"] == lbl and r["wave"] == last), default=99))
    else:
        order = list(dict.fromkeys(r["label"] for r in rows))
    axis_title = CHANGE_AXIS if change else AGREE_AXIS
    layers = [
        {"mark": {"type": "rule", "strokeWidth": 8, "opacity": 0.35},
         "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}}},
        {"mark": {"type": "point", "filled": True, "size": 90},
         "encoding": {"x": {"field": "mean", "type": "quantitative"},
                      "shape": {"field": "wave", "type": "nominal", "title": _("Wave")}}},
    ]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container", "data": {"values": rows},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": order, "title": None,
                  "axis": {"labelLimit": 420}},
            "x": {"type": "quantitative", "scale": {"domain": [lo, hi], "nice": False},
                  "axis": {"values": list(range(lo, hi + 1)), "format": "d"}, "title": axis_title},
            "color": {"field": "wave", "type": "nominal", "title": _("Wave")},
            "yOffset": {"field": "wave"},
            "tooltip": [{"field": "label", "title": _("Question")}, {"field": "wave", "title": _("Wave")},
                        {"field": "mean", "title": _("Mean"), "format": ".2f"},
                        {"field": "sd", "title": _("SD"), "format": ".2f"}, {"field": "n", "title": "N"}],
        },
        "layer": layers,
        "config": {"locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3]}}},
    }
    if change:
        spec["layer"].append({"mark": {"type": "rule", "strokeDash": [4, 3], "color": "#333"},
                              "data": {"values": [{"ref": 2.0}]},
                              "encoding": {"x": {"field": "ref", "type": "quantitative"}, "y": {"value": 0},
                                           "y2": {"value": "height"}}})
    spec["usermeta"] = {"axis": axis_title, "reference": 2.0 if change else None, "order": order}
    return spec


def group_means_chart(analysis: Analysis, result: ItemResult) -> dict:
    """Means per group and wave with “Gruppe | N = n1/n2” labels (seed 000, Abbildung 4/13/16)."""
    if not analysis.group_by:
        return {}
    lo, hi = result.item.scale
    rows = []
    labels = []
    for group in [None, *analysis.groups]:
        name = _("Total") if group is None else group
        ns = []
        for w in analysis.wave_codes:
            cell = result.cell(group, w)
            ns.append("–" if cell is None or cell.suppressed else str(cell.n))
        label = f"{name} | N = {'/'.join(ns)}"
        labels.append(label)
        for w in analysis.wave_codes:
            cell = result.cell(group, w)
            if cell is None or cell.suppressed or cell.mean is None:
                continue
            sd = cell.sd or 0.0
            rows.append({"label": label, "wave": w, "mean": round(cell.mean, 2), "sd": round(sd, 2), "n": cell.n,
                         "low": round(max(lo, cell.mean - sd), 2), "high": round(min(hi, cell.mean + sd), 2)})
    change = result.item.type == ItemType.CHANGE
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container",
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": labels, "title": None, "axis": {"labelLimit": 320}},
            "x": {"type": "quantitative", "scale": {"domain": [lo, hi], "nice": False},
                  "axis": {"values": list(range(lo, hi + 1)), "format": "d"},
                  "title": CHANGE_AXIS if change else AGREE_AXIS},
            "color": {"field": "wave", "type": "nominal", "title": _("Wave")}, "yOffset": {"field": "wave"},
            "tooltip": [{"field": "label"}, {"field": "wave"}, {"field": "mean", "format": ".2f"},
                        {"field": "sd", "format": ".2f"}, {"field": "n"}],
        },
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 8, "opacity": 0.35},
             "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}}},
            {"mark": {"type": "point", "filled": True, "size": 90},
             "encoding": {"x": {"field": "mean", "type": "quantitative"}, "shape": {"field": "wave"}}},
        ],
        "usermeta": {"labels": labels},
    }


def diverging_chart(analysis: Analysis, items: list[ItemResult]) -> dict:
    """Diverging stacked bars of the answer distribution (last wave, all respondents): agreeing answers right of
    zero, disagreeing left. Percent of the item's N; suppressed items are left out."""
    wave_code = analysis.wave_codes[-1]
    rows = []
    order = []
    for result in items:
        cell = result.cell(None, wave_code)
        if cell is None or cell.suppressed or not cell.n or result.item.scale is None:
            continue
        label = f"{result.variable} {result.label} | N = {cell.n}"
        order.append(label)
        points = dict(result.item.points)
        for seg in stats.diverging_segments(cell.counts, result.item.scale):
            rows.append({"label": label, "answer": points.get(seg.value, str(seg.value)), "value": seg.value,
                         "percent": round(seg.percent, 1), "start": round(seg.start, 2), "end": round(seg.end, 2)})
    if not rows:
        return {}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container",
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 420}},
            "x": {"field": "start", "type": "quantitative", "title": _("Share of answers (%): agreeing right")},
            "x2": {"field": "end"},
            "color": {"field": "answer", "type": "ordinal", "title": _("Answer"),
                      "sort": {"field": "value"}, "scale": {"scheme": "redblue", "reverse": True}},
            "tooltip": [{"field": "label"}, {"field": "answer"}, {"field": "percent", "format": ".1f"}],
        },
    }
