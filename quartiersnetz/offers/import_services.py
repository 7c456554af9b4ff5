"""Writes of the HSDS import in the web interface: store the upload, confirm it, run it (as a task).

The batch (core.ImportBatch, kind "hsds") keeps the uploaded zip or JSON file until the import ran. The preview
reads and validates the package and plans the import without writing. The run checks and plans everything again
and writes the whole package in ONE transaction through the ordinary services: if anything is wrong, nothing is
imported. The life cycle (preview → queued → running → done/failed), the progress counter (offers checked) and
the final state (the file is dropped) are the shared ones of `core.imports`, as for the organisation, area-value
and survey imports; the writing is one transaction that other connections cannot watch, so the status page shows
the phase "writing" until it commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
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
from quartiersnetz.core.tabular import TableError, check_size

from .hsds.importer import ImportPlan, plan_import, write_import
from .hsds.reader import Package, PackageError, read_bytes

KIND_HSDS = "hsds"


@dataclass
class HsdsPreview:
    package: Package
    plan: ImportPlan

    @property
    def ok(self) -> bool:
        return self.package.ok and self.plan.ok

    def as_dict(self) -> dict:
        return {
            "format": self.package.format, "tables": self.package.counts(), "counts": self.plan.counts(),
            "problems": [p.as_dict() for p in self.package.problems], "warnings": list(self.package.warnings),
        }


def import_batch_get(*, user: User, pk: int) -> ImportBatch:
    """An HSDS import batch of the user; everybody else's is a 404."""
    try:
        return ImportBatch.objects.select_related("quartier").get(pk=pk, kind=KIND_HSDS, created_by=user)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc


def _check_user(*, user: User, batch: ImportBatch) -> None:
    if batch.created_by_id != getattr(user, "pk", None) or batch.kind != KIND_HSDS:
        raise Http404


def _check_quartier(*, user: User, quartier: Quartier | None) -> None:
    if quartier is None or not get_scope(user).can_edit_quartier(quartier.pk):
        message = _("You may not import into this neighbourhood.")
        raise ApplicationError(message, extra={"quartier": [message]}, status=403)


def read_package(content: bytes, filename: str) -> Package:
    """Read an uploaded package; unreadable files become an ApplicationError with the message under "file"."""
    try:
        check_size(len(content))
        return read_bytes(content, filename)
    except TableError as exc:
        raise ApplicationError(exc.message, extra={"file": [exc.message]}) from exc
    except PackageError as exc:
        raise ApplicationError(exc.message, extra={"file": [exc.message]}) from exc


def hsds_preview(*, user: User, quartier: Quartier, content: bytes, filename: str,
                 progress: Callable[[int], None] | None = None) -> HsdsPreview:
    """Read and plan a package; `progress(offers_checked)` is called while the offers are planned."""
    package = read_package(content, filename)
    return HsdsPreview(package, plan_import(package, quartier=quartier, user=user, progress=progress))


@transaction.atomic
def import_batch_create(*, user: User, quartier: Quartier, filename: str, content: bytes) -> ImportBatch:
    _check_quartier(user=user, quartier=quartier)
    content = bytes(content or b"")
    package = read_package(content, filename)
    return ImportBatch.objects.create(
        kind=KIND_HSDS, created_by=user, quartier=quartier, filename=(filename or "")[:255], content=content,
        status=ImportBatch.Status.PREVIEW, total_rows=len(package.rows("services")),
    )


def import_batch_preview(*, user: User, batch: ImportBatch) -> HsdsPreview:
    _check_user(user=user, batch=batch)
    preview = hsds_preview(user=user, quartier=batch.quartier, content=bytes(batch.content or b""),
                           filename=batch.filename)
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(result=preview.as_dict())
    return preview


def import_batch_confirm(*, user: User, batch: ImportBatch, run_in_background: bool = True) -> ImportBatch:
    """Queue the import; only a valid batch in preview, and only once."""
    _check_user(user=user, batch=batch)
    import_require_preview(batch)
    preview = import_batch_preview(user=user, batch=batch)
    if not preview.ok:
        raise ApplicationError(
            _("The package contains errors. Nothing was imported; please correct it and upload it again."),
            extra={"problems": [p.as_dict() for p in preview.package.problems]},
        )
    from .tasks import run_hsds_import

    return import_dispatch(batch=batch, user=user, total_rows=len(preview.plan.offers),
                           result={**preview.as_dict(), "phase": PHASE_CHECKING}, task=run_hsds_import,
                           run=import_batch_run, run_in_background=run_in_background,
                           restore_result=preview.as_dict())


def import_batch_run(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Run a queued batch (called by the task). A batch that is not queued (any more) is left alone."""
    _check_user(user=user, batch=batch)
    if not import_start_run(batch):
        return batch
    preview = None
    failed = _("The package contains errors. Nothing was imported; please correct it and upload it again.")
    try:
        try:
            preview = hsds_preview(user=user, quartier=batch.quartier, content=bytes(batch.content or b""),
                                   filename=batch.filename, progress=import_progress(batch))
        except ApplicationError as exc:
            import_finish(batch, ImportBatch.Status.FAILED, {"message": exc.message, "problems": []})
            return batch
        if not preview.ok:
            import_finish(batch, ImportBatch.Status.FAILED, {**preview.as_dict(), "message": failed})
            return batch
        offers = len(preview.plan.offers)
        import_writing(batch, result=preview.as_dict(), rows=offers, total_rows=offers)
        with transaction.atomic():
            summary = write_import(preview.plan, user=user)
    except ApplicationError as exc:
        result = preview.as_dict() if preview is not None else {}
        import_finish(batch, ImportBatch.Status.FAILED, {
            **result, "message": _("The package could not be written: {error} Nothing was imported.").format(
                error=exc.message)})
        return batch
    except Exception:
        result = preview.as_dict() if preview is not None else {}
        import_finish(batch, ImportBatch.Status.FAILED, {
            **result, "message": _("The import failed unexpectedly. Nothing was imported.")})
        raise
    import_finish(batch, ImportBatch.Status.DONE, {**preview.as_dict(), "summary": summary}, processed=offers)
    return batch


def import_package(*, user: User, quartier: Quartier, package: Package) -> tuple[ImportPlan, dict | None]:
    """Import an already read package directly (console command): plan, and if valid write in one transaction.
    Returns the plan and the summary (None when nothing was written)."""
    _check_quartier(user=user, quartier=quartier)
    plan = plan_import(package, quartier=quartier, user=user)
    if not plan.ok:
        return plan, None
    with transaction.atomic():
        summary = write_import(plan, user=user)
    return plan, summary
