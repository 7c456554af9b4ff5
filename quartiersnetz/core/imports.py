"""The shared life cycle of an `ImportBatch` run as a background task.

preview → (confirm) queued → (task) running → done | failed. The apps keep what differs (reading the file,
checking rows, writing); the status transitions and the progress counter live here so that every import
behaves alike (actors, steering, surveys, offers HSDS):

- `import_require_preview` refuses (409) a batch that is no longer waiting for confirmation.
- `import_claim` moves a batch from preview to queued; of two racing confirmations exactly one wins.
- `import_dispatch` claims a checked batch and hands it to its task (or runs it at once).
- `import_enqueue` hands the batch to its task; if the task backend refuses, the batch returns to preview.
- `import_start_run` moves queued to running; a task delivered twice finds the batch no longer queued.
- `import_progress` gives the callback that commits `processed_rows` while the rows are checked, so the status
  page (polled with htmx) can show "n of m rows checked".
- `import_writing` switches to the phase "writing": the rows are written in ONE transaction whose progress no
  other connection can see, so the status page shows an indeterminate progress bar until it commits.
- `import_finish` stores the final state and drops the uploaded file (it may hold personal data).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from .exceptions import ApplicationError
from .models import ImportBatch, User

PHASE_CHECKING = "checking"
PHASE_WRITING = "writing"


def import_claim(*, batch: ImportBatch, user: User, total_rows: int, result: dict) -> bool:
    """Preview → queued, for the batch's creator only. False when another confirmation came first."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, created_by=user, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.QUEUED, processed_rows=0, total_rows=total_rows, result=result
        )
    )


def _already_confirmed() -> ApplicationError:
    return ApplicationError(_("This import has already been confirmed."), status=409)


def import_require_preview(batch: ImportBatch) -> None:
    """409 unless the batch still waits for confirmation."""
    if batch.status != ImportBatch.Status.PREVIEW:
        raise _already_confirmed()


def import_dispatch(
    *, batch: ImportBatch, user: User, total_rows: int, result: dict, task, run: Callable[..., object],
    run_in_background: bool = True, restore_result: dict | None = None,
) -> ImportBatch:
    """Claim the checked batch (409 when another confirmation came first), then enqueue `task` or, without the
    background, call `run(user=user, batch=batch)` at once. Returns the batch as stored afterwards."""
    if not import_claim(batch=batch, user=user, total_rows=total_rows, result=result):
        raise _already_confirmed()
    if run_in_background:
        import_enqueue(batch=batch, user=user, task=task, restore_result=restore_result)
    else:
        run(user=user, batch=batch)
    batch.refresh_from_db()
    return batch


def import_enqueue(*, batch: ImportBatch, user: User, task, restore_result: dict | None = None) -> None:
    """Enqueue `task(batch.pk, user.pk)`. If the backend refuses, the batch goes back to preview (with
    `restore_result` when given) so that it can be confirmed again, and the error is raised."""
    try:
        task.enqueue(batch.pk, user.pk)
    except Exception:
        update: dict = {"status": ImportBatch.Status.PREVIEW}
        if restore_result is not None:
            update["result"] = restore_result
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(**update)
        raise


def import_start_run(batch: ImportBatch) -> bool:
    """Queued → running. False (the batch is left alone) when it is not queued (any more)."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING, processed_rows=0
    )
    batch.refresh_from_db()
    return bool(claimed)


def import_progress(batch: ImportBatch) -> Callable[[int], None]:
    """Callback `progress(rows_checked)` that commits the counter for the status page."""

    def progress(count: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=count)

    return progress


def import_writing(batch: ImportBatch, *, result: dict, rows: int, total_rows: int | None = None) -> None:
    """All rows checked; writing starts (phase "writing" in `result`)."""
    update = {"result": {**result, "phase": PHASE_WRITING}, "processed_rows": rows}
    if total_rows is not None:
        update["total_rows"] = total_rows
    ImportBatch.objects.filter(pk=batch.pk).update(**update)


def import_finish(batch: ImportBatch, status: str, result: dict, processed: int | None = None) -> None:
    """Final state. The file is dropped; the outcome stays in `result`."""
    update = {"status": status, "result": result, "content": b""}
    if processed is not None:
        update["processed_rows"] = processed
    ImportBatch.objects.filter(pk=batch.pk).update(**update)
    batch.refresh_from_db()


def import_status_context(batch: ImportBatch) -> dict:
    """What every status page shows (template `core/includes/import_status.html`)."""
    result = batch.result or {}
    polling = batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    return {
        "batch": batch, "result": result, "polling": polling,
        "writing": batch.status == ImportBatch.Status.RUNNING and result.get("phase") == PHASE_WRITING,
        "percent": batch.progress_percent, "summary": result.get("summary"), "message": result.get("message", ""),
    }
