"""Background tasks of the steering app. Tasks take IDs and call a service (style.md rule 12)."""

from __future__ import annotations

from django.tasks import task

from quartiersnetz.core.models import ImportBatch, User

from .imports import KIND, area_import_run


@task()
def run_area_import(batch_id: int, user_id: int) -> dict:
    """Run a confirmed import of area indicator values (see imports.area_import_run)."""
    user = User.objects.get(pk=user_id)
    batch = ImportBatch.objects.get(pk=batch_id, kind=KIND)
    batch = area_import_run(user=user, batch=batch)
    return {"batch_id": batch.pk, "status": batch.status, "summary": batch.result.get("summary", {})}
