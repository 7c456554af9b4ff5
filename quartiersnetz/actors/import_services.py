"""Writes of the organisation/contact import: store the upload, confirm it, run it.

The run checks every row again; if any row has an error nothing is written. Otherwise all rows are written in
ONE transaction through the ordinary services (`organisation_create`/`organisation_update`,
`contact_person_create`/`contact_person_update`, `core.services.consent_record`), so contact persons and
consents are audited exactly as when they are entered by hand.

Progress and status transitions are the shared ones of `core.imports`: `processed_rows` counts the rows checked
(committed as the check goes on, so the status page can show it); writing is one transaction whose progress no
other connection can see, so the status page shows the phase "writing" with an indeterminate progress bar until
the transaction commits.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentMethod
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
from quartiersnetz.core.models import ImportBatch, Quartier, User
from quartiersnetz.core.services import consent_record
from quartiersnetz.core.tabular import read_table

from .imports import (
    KIND_ORGANISATIONS,
    KINDS,
    ContactPayload,
    OrganisationPayload,
    PreviewResult,
    RowResult,
    check_columns,
    validate_file,
)
from .services import contact_person_create, contact_person_update, organisation_create, organisation_update


class _RowFailed(Exception):
    def __init__(self, row: RowResult, message: str):
        super().__init__(message)
        self.row = row
        self.message = message


def _check_user(*, user: User, batch: ImportBatch) -> None:
    if batch.created_by_id != getattr(user, "pk", None) or batch.kind not in KINDS:
        raise Http404


def _check_quartier(*, user: User, quartier: Quartier | None) -> None:
    if quartier is None or not get_scope(user).can_edit_quartier(quartier.pk):
        message = _("You may not import into this neighbourhood.")
        raise ApplicationError(message, extra={"quartier": [message]}, status=403)


@transaction.atomic
def import_batch_create(
    *, user: User, kind: str, quartier: Quartier, filename: str, content: bytes
) -> ImportBatch:
    """Store an uploaded file for preview. Unreadable files (size, encoding, format, missing required columns)
    are refused here with German messages under extra["file"]; row errors are the preview's business."""
    if kind not in KINDS:
        raise ApplicationError(_("Unknown import type."))
    _check_quartier(user=user, quartier=quartier)
    content = bytes(content or b"")
    try:
        table = read_table(content, filename)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, extra={"file": [exc.message]}, status=exc.status) from exc
    file_errors = check_columns(kind=kind, table=table)
    if file_errors:
        raise ApplicationError(file_errors[0], extra={"file": file_errors})
    return ImportBatch.objects.create(
        kind=kind, created_by=user, quartier=quartier, filename=(filename or "")[:255], content=content,
        status=ImportBatch.Status.PREVIEW, total_rows=len(table.rows),
    )


def _validate(*, user: User, batch: ImportBatch, progress=None) -> PreviewResult:
    return validate_file(
        user=user, kind=batch.kind, quartier=batch.quartier, filename=batch.filename,
        content=bytes(batch.content or b""), progress=progress,
    )


def import_batch_preview(*, user: User, batch: ImportBatch) -> PreviewResult:
    """Check the stored file against the current data; remember the outcome on the batch."""
    _check_user(user=user, batch=batch)
    preview = _validate(user=user, batch=batch)
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        result=preview.as_dict(), total_rows=len(preview.rows)
    )
    return preview


def import_batch_confirm(*, user: User, batch: ImportBatch, run_in_background: bool = True) -> ImportBatch:
    """Queue the import. Only a batch in preview without errors can be confirmed, and only once: of two
    racing confirmations, the conditional status update lets exactly one through."""
    _check_user(user=user, batch=batch)
    import_require_preview(batch)
    preview = _validate(user=user, batch=batch)
    if not preview.ok:
        raise ApplicationError(
            _("The file contains errors. Nothing was imported; please correct the file and upload it again."),
            extra={"rows": [r.as_dict() for r in preview.error_rows], "file": preview.file_errors},
        )
    from .tasks import run_import

    return import_dispatch(batch=batch, user=user, total_rows=len(preview.rows),
                           result={**preview.as_dict(), "phase": PHASE_CHECKING}, task=run_import,
                           run=import_batch_run, run_in_background=run_in_background)


def import_batch_run(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Run a queued batch (called by the task `run_import`). A batch that is not queued is left alone."""
    _check_user(user=user, batch=batch)
    if not import_start_run(batch):
        return batch
    preview = None
    try:
        preview = _validate(user=user, batch=batch, progress=import_progress(batch))
        if not preview.ok:
            import_finish(batch, ImportBatch.Status.FAILED, {
                **preview.as_dict(),
                "message": _("The file contains errors. Nothing was imported; please correct the file and upload "
                             "it again."),
            })
            return batch
        import_writing(batch, result=preview.as_dict(), rows=len(preview.rows))
        with transaction.atomic():
            summary = _write(user=user, batch=batch, preview=preview)
    except _RowFailed as failure:
        failure.row.error("", failure.message)
        import_finish(batch, ImportBatch.Status.FAILED, {
            **preview.as_dict(),
            "message": _("Row {row} could not be written: nothing was imported.").format(row=failure.row.number),
        })
        return batch
    except Exception:
        result = preview.as_dict() if preview is not None else {}
        import_finish(batch, ImportBatch.Status.FAILED, {
            **result, "message": _("The import failed unexpectedly. Nothing was imported."),
        })
        raise
    import_finish(batch, ImportBatch.Status.DONE, {**preview.as_dict(), "summary": summary},
            processed=len(preview.rows))
    return batch


def _describe(exc: ApplicationError) -> str:
    details = []
    for field, errors in (exc.extra or {}).items():
        if isinstance(errors, list | tuple) and errors:
            details.append(f"{field}: {', '.join(str(e) for e in errors)}")
    return f"{exc.message} ({'; '.join(details)})" if details else exc.message


def _audit_quartier(organisation, default: Quartier | None) -> Quartier | None:
    quartiere = list(organisation.quartiere.all())
    if default is not None and default in quartiere:
        return default
    return min(quartiere, key=lambda q: q.pk) if quartiere else default


def _write(*, user: User, batch: ImportBatch, preview: PreviewResult) -> dict:
    summary = {"created": 0, "updated": 0, "consents": 0}
    for row in preview.rows:
        try:
            if preview.kind == KIND_ORGANISATIONS:
                _write_organisation(user=user, payload=row.payload, summary=summary)
            else:
                _write_contact(user=user, payload=row.payload, summary=summary, quartier=batch.quartier)
        except ApplicationError as exc:
            raise _RowFailed(row, _describe(exc)) from exc
        except Http404 as exc:
            raise _RowFailed(row, _("You may no longer change this entry.")) from exc
    return summary


def _write_organisation(*, user: User, payload: OrganisationPayload, summary: dict) -> None:
    if payload.existing is None:
        organisation_create(user=user, data=payload.data, quartiere=payload.quartiere)
        summary["created"] += 1
        return
    current = list(payload.existing.quartiere.all())
    added = [q for q in payload.quartiere if q not in current]
    # Imports only add Quartiere; existing assignments are kept.
    organisation_update(
        user=user, organisation=payload.existing, data=payload.data,
        quartiere=current + added if added else None,
    )
    summary["updated"] += 1


def _write_contact(*, user: User, payload: ContactPayload, summary: dict, quartier: Quartier | None) -> None:
    if payload.existing is None:
        person = contact_person_create(user=user, organisation=payload.organisation, data=payload.data)
        summary["created"] += 1
        known = set()
    else:
        person = contact_person_update(user=user, person=payload.existing, data=payload.data)
        summary["updated"] += 1
        known = {(r.purpose, r.given_on) for r in payload.existing.consents.all()}
    audit_quartier = _audit_quartier(payload.organisation, quartier)
    for purpose, given_on in payload.consents.items():
        if (purpose, given_on) in known:
            continue
        consent_record(
            user=user, subject=person, purpose=purpose, given_on=given_on, method=ConsentMethod.WRITTEN,
            quartier=audit_quartier,
        )
        summary["consents"] += 1
