"""Background tasks of the surveys app. Tasks take IDs and call a service (style.md rule 12)."""

from __future__ import annotations

from django.tasks import task

from quartiersnetz.core.models import ImportBatch, User

from .import_services import response_import_run
from .imports import IMPORT_KIND


@task()
def run_response_import(batch_id: int, user_id: int) -> dict:
    """Run a confirmed import of survey responses (see import_services.response_import_run)."""
    user = User.objects.get(pk=user_id)
    batch = response_import_run(user=user, batch=ImportBatch.objects.get(pk=batch_id, kind=IMPORT_KIND))
    return {"batch_id": batch.pk, "status": batch.status, "summary": batch.result.get("summary", {})}
