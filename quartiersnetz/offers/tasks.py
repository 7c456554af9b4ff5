"""Background tasks of the offers app. Tasks take IDs and call a service (style.md rule 12)."""

from __future__ import annotations

from django.tasks import task

from quartiersnetz.core.models import ImportBatch, User

from .import_services import import_batch_run


@task()
def run_hsds_import(batch_id: int, user_id: int) -> dict:
    """Run a confirmed HSDS import (see import_services.import_batch_run)."""
    user = User.objects.get(pk=user_id)
    batch = import_batch_run(user=user, batch=ImportBatch.objects.get(pk=batch_id))
    return {"batch_id": batch.pk, "status": batch.status, "summary": batch.result.get("summary", {})}
