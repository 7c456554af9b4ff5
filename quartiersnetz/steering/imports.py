"""Import of area indicator time series (CSV/XLSX as the statistical offices publish them).

Two layouts are recognised from the header row:
- **long**: one row per value with the columns area code (Code/Gebiet/Sozialraum/Schlüssel), indicator
  (Indikator/Merkmal), year (Jahr) and value (Wert);
- **wide**: one row per area, an area-code column, optionally a name column, and one column per indicator and year
  named "<Indikator> <Jahr>", e.g. "SGB-II-Quote 2019".
Every row is checked; the preview lists each bad row with a German message. Nothing is written before the user
confirms, and a file with errors cannot be confirmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import ImportBatch
from quartiersnetz.core.services import audit_log
from quartiersnetz.core.tabular import TableError, cell_text, normalise_header, parse_german_decimal, read_table

from .models import AreaIndicator, AreaValue, SocialArea
from .selectors import coordination_programme_ids

KIND = "steering_area_values"
AREA_HEADERS = {"code", "gebiet", "gebietskennung", "sozialraum", "schlussel", "schluessel", "raumeinheit", "area",
                "planungsraum", "kennung", "nr", "nummer"}
NAME_HEADERS = {"name", "bezeichnung", "gebietsname"}
INDICATOR_HEADERS = {"indikator", "merkmal", "indicator", "kennzahl"}
YEAR_HEADERS = {"jahr", "year"}
VALUE_HEADERS = {"wert", "value"}
MISSING = {"", ".", "..", "-", "–", "x", "/", "k.a."}
_WIDE = re.compile(r"^(.*\S)\s+(\d{4})$")


@dataclass
class Preview:
    layout: str = ""
    values: list[tuple[str, str, int, Decimal]] = field(default_factory=list)  # code, indicator, year, value
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    new_indicators: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.values)


def _norm(value) -> str:
    return normalise_header(value).replace(" ", "").replace("-", "").replace("_", "")


def parse(content: bytes, filename: str, *, programme_id: int) -> Preview:
    preview = Preview()
    try:
        table = read_table(content, filename)
    except TableError as exc:
        preview.errors.append((None, exc.message))
        return preview
    heads = [_norm(h) for h in table.headers]

    def find(names):
        return next((i for i, h in enumerate(heads) if h in names), None)

    area_col = find(AREA_HEADERS)
    if area_col is None:
        preview.errors.append((table.header_row, _(
            "No column with the area code found (expected e.g. “Code”, “Gebiet” or “Sozialraum”)."
        )))
        return preview
    codes = set(SocialArea.objects.filter(programme_id=programme_id).values_list("code", flat=True))
    ind_col, year_col, value_col = find(INDICATOR_HEADERS), find(YEAR_HEADERS), find(VALUE_HEADERS)
    issues = {(i.row, i.column): i.message for i in table.issues}
    seen: set[tuple[str, str, int]] = set()

    def add(row_no, code, indicator, year, raw):
        text = cell_text(raw).strip()
        if text.lower() in MISSING:
            return
        try:
            value = parse_german_decimal(text)
        except ValueError:
            preview.errors.append((row_no, _("“{value}” is not a number ({indicator} {year}).").format(
                value=text, indicator=indicator, year=year)))
            return
        key = (code, indicator, year)
        if key in seen:
            preview.errors.append((row_no, _("{indicator} {year} for area {code} appears twice.").format(
                indicator=indicator, year=year, code=code)))
            return
        seen.add(key)
        preview.values.append((code, indicator, year, value))

    if ind_col is not None and year_col is not None and value_col is not None:
        preview.layout = "long"
        for row in table.rows:
            preview.rows += 1
            if any((row.number, c) in issues for c in range(len(table.headers))):
                preview.errors.append((row.number, _("The row contains characters that cannot be read.")))
                continue
            code = cell_text(row.get(area_col)).strip()
            indicator = cell_text(row.get(ind_col)).strip()
            year_text = cell_text(row.get(year_col)).strip()
            if code not in codes:
                preview.errors.append((row.number, _("Unknown area code “{code}”.").format(code=code)))
                continue
            if not indicator:
                preview.errors.append((row.number, _("The indicator is missing.")))
                continue
            if not re.fullmatch(r"\d{4}", year_text) or not 1900 <= int(year_text) <= 2200:
                preview.errors.append((row.number, _("“{year}” is not a year.").format(year=year_text)))
                continue
            add(row.number, code, indicator, int(year_text), row.get(value_col))
    else:
        preview.layout = "wide"
        name_col = find(NAME_HEADERS)
        columns = []
        unknown = []
        for i, header in enumerate(table.headers):
            if i in (area_col, name_col) or _norm(header) in {"einwohner", "population", "bevolkerung"}:
                continue
            match = _WIDE.match(header.strip())
            if match:
                columns.append((i, match.group(1).strip(), int(match.group(2))))
            else:
                unknown.append(header)
        if unknown or not columns:
            preview.errors.append((table.header_row, _(
                "Columns not recognised: {columns}. Wide layout needs columns like “SGB-II-Quote 2019”, long layout "
                "the columns Code, Indikator, Jahr and Wert."
            ).format(columns=", ".join(f"„{h}“" for h in unknown) or "–")))
            return preview
        for row in table.rows:
            preview.rows += 1
            if any((row.number, c) in issues for c in range(len(table.headers))):
                preview.errors.append((row.number, _("The row contains characters that cannot be read.")))
                continue
            code = cell_text(row.get(area_col)).strip()
            if code not in codes:
                preview.errors.append((row.number, _("Unknown area code “{code}”.").format(code=code)))
                continue
            for i, indicator, year in columns:
                add(row.number, code, indicator, year, row.get(i))
    known = set(AreaIndicator.objects.filter(programme_id=programme_id).values_list("name", flat=True))
    preview.new_indicators = sorted({v[1] for v in preview.values} - known)
    if not preview.values and not preview.errors:
        preview.errors.append((None, _("The file contains no values.")))
    return preview


def _check_programme(user, programme_id: int) -> None:
    allowed = coordination_programme_ids(user)
    if allowed is not None and programme_id not in allowed:
        raise Http404


@transaction.atomic
def area_import_start(*, user, programme, content: bytes, filename: str) -> ImportBatch:
    _check_programme(user, programme.pk)
    try:
        read_table(content, filename)
    except TableError as exc:
        raise ApplicationError(exc.message, extra={"file": [exc.message]}) from exc
    return ImportBatch.objects.create(kind=KIND, created_by=user, filename=filename[:255], content=content,
                                      result={"programme_id": programme.pk})


def import_batch_get(*, user, pk) -> ImportBatch:
    batch = ImportBatch.objects.filter(kind=KIND, created_by=user, pk=pk).first()
    if batch is None:
        raise Http404
    _check_programme(user, batch.result.get("programme_id"))
    return batch


def preview_batch(batch: ImportBatch) -> Preview:
    return parse(bytes(batch.content), batch.filename, programme_id=batch.result["programme_id"])


@transaction.atomic
def area_import_confirm(*, user, batch: ImportBatch) -> int:
    """Write the values of a previewed file (new indicators are created, existing values overwritten)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_programme(user, batch.result.get("programme_id"))
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ApplicationError(_("This import has already been carried out."), status=409)
    preview = preview_batch(batch)
    if not preview.ok:
        raise ApplicationError(_("The file contains errors. Please correct it and upload it again."))
    programme_id = batch.result["programme_id"]
    areas = {a.code: a for a in SocialArea.objects.filter(programme_id=programme_id)}
    indicators = {i.name: i for i in AreaIndicator.objects.filter(programme_id=programme_id)}
    for name in preview.new_indicators:
        indicators[name] = AreaIndicator.objects.create(programme_id=programme_id, name=name)
    count = 0
    for code, name, year, value in preview.values:
        AreaValue.objects.update_or_create(area=areas[code], indicator=indicators[name], year=year,
                                           defaults={"value": value})
        count += 1
    batch.status = ImportBatch.Status.DONE
    batch.total_rows = batch.processed_rows = preview.rows
    batch.result = {**batch.result, "values": count, "new_indicators": preview.new_indicators}
    batch.save(update_fields=["status", "total_rows", "processed_rows", "result"])
    audit_log(user=user, action=AuditAction.IMPORT, obj=batch, fields=["values"])
    return count
