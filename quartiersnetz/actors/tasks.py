"""Background tasks of the actors app. Tasks take IDs and call a service (style.md rule 12)."""

from __future__ import annotations

from django.tasks import task

from quartiersnetz.core.models import ImportBatch, User

from .import_services import import_batch_run


@task()
def run_import(batch_id: int, user_id: int) -> dict:
    """Run a confirmed organisation/contact import (see import_services.import_batch_run)."""
    user = User.objects.get(pk=user_id)
    batch = ImportBatch.objects.get(pk=batch_id)
    batch = import_batch_run(user=user, batch=batch)
    return {"batch_id": batch.pk, "status": batch.status, "summary": batch.result.get("summary", {})}
