"""Import of area indicator time series (CSV/XLSX as the statistical offices publish them).

Two layouts are recognised from the header row:
- **long**: one row per value with the columns area code (Code/Gebiet/Sozialraum/Schlüssel), indicator
  (Indikator/Merkmal), year (Jahr) and value (Wert);
- **wide**: one row per area, an area-code column, optionally a name column, and one column per indicator and year
  named "<Indikator> <Jahr>", e.g. "SGB-II-Quote 2019".
Every row is checked; the preview lists each bad row with a German message. Nothing is written before the user
confirms, and a file with errors cannot be confirmed. The confirmation queues the task `steering.tasks.run_area_import`,
which checks the rows again (committing `processed_rows` for the status page) and writes all values in ONE
transaction; the status page polls the batch with htmx.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.imports import (
    PHASE_CHECKING,
    import_dispatch,
    import_finish,
    import_progress,
    import_require_preview,
    import_start_run,
    import_writing,
)
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


PROGRESS_STEP = 50


def parse(content: bytes, filename: str, *, programme_id: int, progress: Callable[[int], None] | None = None
          ) -> Preview:
    """Check the file; `progress(rows_checked)` is called every PROGRESS_STEP rows and after the last row."""
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
            _report(progress, preview.rows, len(table.rows))
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
            _report(progress, preview.rows, len(table.rows))
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


def _report(progress: Callable[[int], None] | None, count: int, total: int) -> None:
    if progress is not None and (count % PROGRESS_STEP == 0 or count == total):
        progress(count)


def _check_programme(user, programme_id: int) -> None:
    allowed = coordination_programme_ids(user)
    if allowed is not None and programme_id not in allowed:
        raise Http404


@transaction.atomic
def area_import_start(*, user, programme, content: bytes, filename: str) -> ImportBatch:
    _check_programme(user, programme.pk)
    try:
        table = read_table(content, filename)
    except TableError as exc:
        raise ApplicationError(exc.message, extra={"file": [exc.message]}) from exc
    return ImportBatch.objects.create(kind=KIND, created_by=user, filename=filename[:255], content=content,
                                      total_rows=len(table.rows), result={"programme_id": programme.pk})


def import_batch_get(*, user, pk) -> ImportBatch:
    """The user's own batch; any other batch (another user's, another kind) is a 404."""
    batch = ImportBatch.objects.filter(kind=KIND, created_by_id=getattr(user, "pk", None), pk=pk).first()
    if batch is None:
        raise Http404
    _check_programme(user, batch.result.get("programme_id"))
    return batch


def preview_batch(batch: ImportBatch, progress: Callable[[int], None] | None = None) -> Preview:
    return parse(bytes(batch.content or b""), batch.filename, programme_id=batch.result["programme_id"],
                 progress=progress)


def _errors(preview: Preview) -> list[dict]:
    return [{"row": row, "message": message} for row, message in preview.errors]


def area_import_confirm(*, user, batch: ImportBatch, run_in_background: bool = True) -> ImportBatch:
    """Queue the import of a previewed file without errors (task `steering.tasks.run_area_import`).

    Only the creator can confirm, and only once: of two racing confirmations the conditional status update lets
    exactly one through; the other gets a 409.
    """
    batch = import_batch_get(user=user, pk=batch.pk)  # fresh status from the database, 404 for everybody else
    import_require_preview(batch)
    preview = preview_batch(batch)
    if not preview.ok:
        raise ApplicationError(_("The file contains errors. Please correct it and upload it again."),
                               extra={"file": [m for _row, m in preview.errors]})
    from .tasks import run_area_import

    return import_dispatch(batch=batch, user=user, total_rows=preview.rows,
                           result={**batch.result, "phase": PHASE_CHECKING}, task=run_area_import,
                           run=area_import_run, run_in_background=run_in_background,
                           restore_result=batch.result)


def _finish(batch: ImportBatch, status: str, result: dict, processed: int | None = None) -> None:
    """Final state (core.imports.import_finish); the programme stays in `result`, the phase goes."""
    merged = {**batch.result, **result}
    merged.pop("phase", None)
    import_finish(batch, status, merged, processed=processed)


def area_import_run(*, user, batch: ImportBatch) -> ImportBatch:
    """Run a queued batch (called by the task). A batch that is not queued (any more) is left alone.

    Every row is checked again against the current areas; then all values are written in ONE transaction:
    new indicators are created, existing values overwritten. Any error leaves the database as it was.
    """
    if batch.kind != KIND or batch.created_by_id != getattr(user, "pk", None):
        raise Http404
    if not import_start_run(batch):
        return batch
    try:
        try:
            _check_programme(user, batch.result.get("programme_id"))
        except Http404:
            _finish(batch, ImportBatch.Status.FAILED,
                    {"message": _("You may no longer import into this programme. Nothing was imported.")})
            return batch
        preview = preview_batch(batch, progress=import_progress(batch))
        if not preview.ok:
            _finish(batch, ImportBatch.Status.FAILED, {
                "errors": _errors(preview),
                "message": _("The file contains errors. Nothing was imported; please correct the file and upload "
                             "it again."),
            })
            return batch
        import_writing(batch, result=batch.result, rows=preview.rows, total_rows=preview.rows)
        with transaction.atomic():
            summary = _write(user=user, batch=batch, preview=preview)
    except Exception:
        _finish(batch, ImportBatch.Status.FAILED,
                {"message": _("The import failed unexpectedly. Nothing was imported.")})
        raise
    _finish(batch, ImportBatch.Status.DONE, {"summary": summary, "values": summary["values"],
                                             "new_indicators": preview.new_indicators}, processed=preview.rows)
    return batch


def _write(*, user, batch: ImportBatch, preview: Preview) -> dict:
    programme_id = batch.result["programme_id"]
    areas = {a.code: a for a in SocialArea.objects.filter(programme_id=programme_id)}
    indicators = {i.name: i for i in AreaIndicator.objects.filter(programme_id=programme_id)}
    for name in preview.new_indicators:
        indicators[name] = AreaIndicator.objects.create(programme_id=programme_id, name=name)
    summary = {"values": 0, "created": 0, "updated": 0, "indicators": len(preview.new_indicators)}
    for code, name, year, value in preview.values:
        _obj, created = AreaValue.objects.update_or_create(area=areas[code], indicator=indicators[name], year=year,
                                                           defaults={"value": value})
        summary["values"] += 1
        summary["created" if created else "updated"] += 1
    audit_log(user=user, action=AuditAction.IMPORT, obj=batch, fields=["values"])
    return summary
