"""Writes of the response import: store the upload, confirm it, run it (as the task `tasks.run_response_import`).

The life cycle (preview → queued → running → done/failed), the progress counter and the final state are the
shared ones of `core.imports`, as for the organisation and area-value imports. The run reads the stored file
again against the wave as it is now (its Quartiere, its questions, the user's rights): if any row has an error,
nothing is written; otherwise `services.responses_import` writes all responses in ONE transaction.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

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
from quartiersnetz.core.models import ImportBatch, User

from .imports import IMPORT_KIND, ImportPreview, read_upload, response_import_batch_get
from .models import Wave
from .selectors import wave_can_manage, wave_list
from .services import responses_import


def _file_errors_message() -> str:
    return _("The file contains errors. Nothing was imported; please correct the file and upload it again.")


def _problems(preview: ImportPreview) -> list[dict]:
    return [{"row": number, "message": "; ".join(errors)} for number, errors in sorted(preview.errors.items())]


def response_import_create(*, user: User, wave: Wave, filename: str, content: bytes) -> ImportBatch:
    """Store an uploaded file for the preview. Unreadable files are refused with a German message."""
    if not wave_can_manage(user=user, wave=wave):
        raise Http404
    content = bytes(content or b"")
    preview = read_upload(wave=wave, content=content, filename=filename)
    return ImportBatch.objects.create(kind=IMPORT_KIND, created_by=user, filename=(filename or "")[:255],
                                      content=content, total_rows=len(preview.rows), result={"wave": wave.pk})


def response_import_confirm(*, user: User, wave: Wave, batch: ImportBatch,
                            run_in_background: bool = True) -> ImportBatch:
    """Queue the import of a previewed file without errors. Only the creator can confirm, and only once: of two
    racing confirmations the conditional status update lets exactly one through; the other gets a 409."""
    batch = response_import_batch_get(user=user, wave=wave, pk=batch.pk)  # fresh status; 404 for everybody else
    import_require_preview(batch)
    preview = read_upload(wave=wave, content=bytes(batch.content or b""), filename=batch.filename)
    if not preview.ok:
        raise ApplicationError(_file_errors_message(), extra={"rows": sorted(preview.errors)})
    from .tasks import run_response_import

    return import_dispatch(batch=batch, user=user, total_rows=len(preview.rows),
                           result={**batch.result, "phase": PHASE_CHECKING}, task=run_response_import,
                           run=response_import_run, run_in_background=run_in_background,
                           restore_result=batch.result)


def response_import_run(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Run a queued batch (called by the task). A batch that is not queued (any more) is left alone."""
    if batch.kind != IMPORT_KIND or batch.created_by_id != getattr(user, "pk", None):
        raise Http404
    if not import_start_run(batch):
        return batch
    base = {key: value for key, value in (batch.result or {}).items() if key != "phase"}

    def fail(message: str, problems: list[dict] | None = None) -> ImportBatch:
        import_finish(batch, ImportBatch.Status.FAILED, {**base, "message": message, "problems": problems or []})
        return batch

    no_longer = _("You may no longer import into this wave. Nothing was imported.")
    try:
        wave = wave_list(user=user).filter(pk=base.get("wave")).first()
        if wave is None or not wave_can_manage(user=user, wave=wave):
            return fail(no_longer)
        try:
            preview = read_upload(wave=wave, content=bytes(batch.content or b""), filename=batch.filename,
                                  progress=import_progress(batch))
        except ApplicationError as exc:
            return fail(_file_errors_message(), [{"row": None, "message": exc.message}])
        if not preview.ok:
            return fail(_file_errors_message(), _problems(preview))
        rows = len(preview.rows)
        import_writing(batch, result=base, rows=rows, total_rows=rows)
        try:
            count = responses_import(user=user, wave=wave, rows=preview.rows, groups=preview.groups,
                                     numbers=preview.numbers, batch=batch)
        except Http404:
            return fail(no_longer)
        except ApplicationError as exc:
            failed = (exc.extra or {}).get("rows") or []
            if failed:
                problems = [{"row": failed[0], "message": "; ".join(exc.extra.get("errors") or [exc.message])}]
                return fail(_("Row {row} could not be written: nothing was imported.").format(row=failed[0]),
                            problems)
            return fail(_("The responses could not be saved. Nothing was imported."),
                        [{"row": None, "message": exc.message}])
    except Exception:
        import_finish(batch, ImportBatch.Status.FAILED,
                      {**base, "message": _("The import failed unexpectedly. Nothing was imported.")})
        raise
    import_finish(batch, ImportBatch.Status.DONE, {**base, "imported": count, "summary": {"responses": count}},
                  processed=rows)
    return batch
