"""Exports of a wave: the response data (CSV for German Excel, XLSX, SPSS .sav with variable and value labels),
the statistics table (CSV, XLSX) and the codebook (HTML, PDF).

Response data holds no names and no tokens: one row per response with Quartier, actor type, source and the
variables of `ItemSpec.variables()`. Missing answers are empty. "Weiß nicht/keine Angabe" is empty in CSV/XLSX
and −1 in SPSS, declared there as user-missing with a value label. Values are exported as answered (reverse
coding is documented in the codebook and applied in the statistics). SPSS variable names: the item number with
a leading "v" and "_" for every character SPSS does not allow ("1.2" → "v1_2").
"""

from __future__ import annotations

import os
import re
import tempfile

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from quartiersnetz.core import tabular

from .analysis import Analysis
from .choices import ItemType
from .models import Wave
from .selectors import response_list, wave_spec
from .spec import DONT_KNOW, DONT_KNOW_LABEL, ItemSpec, WaveSpec, flat_values

DONT_KNOW_CODE = -1
META_COLUMNS = ("respondent", "quartier", "akteurstyp", "quelle", "datum")


def spss_name(variable: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", variable)
    if not name[:1].isalpha():
        name = "v" + name
    return name[:64]


def variable_table(spec: WaveSpec) -> list[dict]:
    """Every variable of the flat data with its item, label, value labels and coding notes (the codebook)."""
    out = []
    for item in spec.items:
        for code, label in item.variables():
            values = _value_labels(item, code)
            out.append({"variable": code, "spss": spss_name(code), "label": label, "item": item,
                        "values": values, "reverse": item.reverse_coded,
                        "measure": "scale" if item.type == ItemType.NUMBER else
                        ("nominal" if item.type in (ItemType.SINGLE, ItemType.TEXT, ItemType.DATE,
                                                    ItemType.MULTIPLE) else "ordinal")})
    return out


def _value_labels(item: ItemSpec, variable: str) -> dict[int, str]:
    if item.is_scale:
        labels = dict(item.points)
        if item.dont_know:
            labels[DONT_KNOW_CODE] = DONT_KNOW_LABEL
        return labels
    if item.type == ItemType.SINGLE:
        labels = {int(v): lbl for v, lbl in item.choices if v.lstrip("-").isdigit()}
        if item.dont_know:
            labels[DONT_KNOW_CODE] = DONT_KNOW_LABEL
        return labels
    if item.type == ItemType.MULTIPLE:
        return {0: "nicht genannt", 1: "genannt"}
    return {}


def _value(item: ItemSpec, variable: str, answer, *, spss: bool):
    raw = answer
    if item.type == ItemType.MATRIX and isinstance(answer, dict):
        raw = answer.get(variable[len(item.code) + 1:])
    if raw == DONT_KNOW:
        return DONT_KNOW_CODE if spss else None
    value = flat_values(item, answer).get(variable)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def response_rows(*, user, wave: Wave, spss: bool = False) -> tuple[list[str], list[list]]:
    spec = wave_spec(wave)
    variables = variable_table(spec)
    headers = [*META_COLUMNS, *(v["variable"] for v in variables)]
    rows = []
    for number, response in enumerate(response_list(user=user, wave=wave), start=1):
        row = [number, response.quartier.display_name if response.quartier_id else "",
               response.actor_type.name if response.actor_type_id else "", response.get_source_display(),
               response.submitted_on]
        for v in variables:
            item = v["item"]
            row.append(_value(item, v["variable"], response.answers.get(item.code), spss=spss))
        rows.append(row)
    return headers, rows


def responses_csv(*, user, wave: Wave) -> bytes:
    headers, rows = response_rows(user=user, wave=wave)
    return tabular.write_csv(rows, headers)


def responses_xlsx(*, user, wave: Wave) -> bytes:
    headers, rows = response_rows(user=user, wave=wave)
    return tabular.write_xlsx(rows, headers, wave.code or "Daten")


def responses_sav(*, user, wave: Wave) -> bytes:
    """SPSS .sav with variable labels, value labels and "weiß nicht" (−1) as user-missing."""
    import polars as pl
    import pyreadstat

    spec = wave_spec(wave)
    variables = variable_table(spec)
    headers, rows = response_rows(user=user, wave=wave, spss=True)
    names = ["respondent", "quartier", "akteurstyp", "quelle", "datum", *(v["spss"] for v in variables)]
    numeric = {v["spss"] for v in variables if v["item"].type not in (ItemType.TEXT, ItemType.DATE)
               and not (v["item"].type == ItemType.SINGLE and not v["values"])}
    columns = {}
    for index, name in enumerate(names):
        values = [row[index] for row in rows]
        if name == "respondent":
            columns[name] = pl.Series(name, values, dtype=pl.Float64)
        elif name in numeric:
            columns[name] = pl.Series(name, [None if v in (None, "") else float(v) for v in values], dtype=pl.Float64)
        elif name == "datum":
            columns[name] = pl.Series(name, [v.strftime("%d.%m.%Y") if v else "" for v in values], dtype=pl.Utf8)
        else:
            columns[name] = pl.Series(name, ["" if v is None else str(v) for v in values], dtype=pl.Utf8)
    frame = pl.DataFrame(columns)
    labels = {"respondent": _("Respondent number"), "quartier": _("Neighbourhood"), "akteurstyp": _("Actor type"),
              "quelle": _("Source"), "datum": _("Submitted on")}
    labels.update({v["spss"]: v["label"][:250] for v in variables})
    value_labels = {v["spss"]: {float(k): lbl for k, lbl in v["values"].items()}
                    for v in variables if v["values"] and v["spss"] in numeric}
    missing = {v["spss"]: [float(DONT_KNOW_CODE)] for v in variables
               if DONT_KNOW_CODE in v["values"] and v["spss"] in numeric}
    measure = {v["spss"]: v["measure"] for v in variables if v["spss"] in numeric}
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(frame, path, file_label=wave.title[:60], column_labels=labels,
                             variable_value_labels=value_labels, missing_ranges=missing, variable_measure=measure)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def statistics_rows(analysis: Analysis) -> tuple[list[str], list[list]]:
    """One row per item × group × wave; suppressed cells keep their row with empty statistics."""
    headers = [_("Question"), _("Label"), _("Group"), _("Wave"), "N", _("Mean"), _("SD"), _("Median"),
               _("Suppressed"), _("Distribution (counts)")]
    rows = []
    for result in analysis.items:
        for cell in result.cells:
            counts = "" if cell.counts is None else " | ".join(f"{k}: {v}" for k, v in cell.counts.items())
            rows.append([result.variable, result.label, cell.group or _("Total"), cell.wave,
                         None if cell.suppressed else cell.n,
                         None if cell.mean is None else round(cell.mean, 4),
                         None if cell.sd is None else round(cell.sd, 4),
                         cell.median, _("yes") if cell.suppressed else _("no"), counts])
    return headers, rows


def codebook_context(wave: Wave) -> dict:
    spec = wave_spec(wave)
    return {"wave": wave, "spec": spec, "variables": variable_table(spec), "dont_know_code": DONT_KNOW_CODE,
            "dont_know_label": DONT_KNOW_LABEL, "title": _("Codebook: {title}").format(title=wave.title)}


def codebook_html(wave: Wave) -> str:
    return render_to_string("surveys/codebook.html", codebook_context(wave))


def codebook_pdf(wave: Wave) -> bytes:
    from weasyprint import HTML

    return HTML(string=codebook_html(wave)).write_pdf()
