"""Writes for tasks (Aufgaben). A task decided in a meeting is created by meeting_record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import apply_and_validate, audit_log

from ..choices import TaskStatus
from ..models import Meeting, Task
from .common import check_organisation, pick, require_edit, require_edit_new, validate

TASK_FIELDS = ("title", "description", "owner", "responsible_organisation", "due_on", "status", "meeting")


def _check_task(task: Task) -> None:
    if not (task.title or "").strip():
        raise ApplicationError(_("Please enter a title."), extra={"title": [_("Please enter a title.")]})
    check_organisation(task.responsible_organisation, task.quartier_id, field="responsible_organisation")
    if task.owner is not None:
        scope = get_scope(task.owner)
        if not task.owner.is_active or scope.aggregates_only or not (
            scope.is_admin or task.quartier_id in scope.quartier_ids
        ):
            raise ApplicationError(
                _("{name} has no access to this neighbourhood and cannot own the task.").format(name=task.owner),
                extra={"owner": [_("Please choose a person with access to this neighbourhood.")]},
            )
    if task.meeting is not None and task.meeting.body.quartier_id != task.quartier_id:
        raise ApplicationError(
            _("The meeting belongs to another neighbourhood."),
            extra={"meeting": [_("Please choose a meeting of this neighbourhood.")]},
        )
    if task.status == TaskStatus.DONE and task.completed_on is None:
        task.completed_on = timezone.localdate()
    elif task.status != TaskStatus.DONE:
        task.completed_on = None


def build_task(*, user: User, quartier: Quartier, data: dict, meeting: Meeting | None = None) -> Task:
    """A validated, unsaved task (used by task_create and meeting_record)."""
    data = pick(data, TASK_FIELDS)
    if meeting is not None:
        data["meeting"] = meeting
    data["title"] = (data.get("title") or "").strip()
    task = Task(quartier=quartier, created_by=user, **data)
    validate(task, exclude=["created_by"])
    _check_task(task)
    return task


@transaction.atomic
def task_create(*, user: User, quartier: Quartier, data: dict) -> Task:
    require_edit_new(user, quartier)
    task = build_task(user=user, quartier=quartier, data=data)
    task.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=task, fields=pick(data, TASK_FIELDS).keys(),
              quartier=quartier)
    return task


@transaction.atomic
def task_update(*, user: User, task: Task, data: dict) -> Task:
    require_edit(user, task.quartier_id)
    data = pick(data, TASK_FIELDS)
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
    try:
        fields = apply_and_validate(task, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_task(task)
    task.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=task, fields=fields, quartier=task.quartier)
    return task


@transaction.atomic
def task_set_status(*, user: User, task: Task, status: str) -> Task:
    """Owners may change the status of their own tasks even without edit rights in the Quartier."""
    if status not in TaskStatus.values:
        raise ApplicationError(_("Unknown status."), extra={"status": [_("Unknown status.")]})
    if task.owner_id != user.pk:
        require_edit(user, task.quartier_id)
    if task.status == status:
        return task
    task.status = status
    _check_status_only(task)
    task.save(update_fields=["status", "completed_on", "updated_at"])
    audit_log(user=user, action=AuditAction.UPDATE, obj=task, fields=["status"], quartier=task.quartier)
    return task


def _check_status_only(task: Task) -> None:
    if task.status == TaskStatus.DONE and task.completed_on is None:
        task.completed_on = timezone.localdate()
    elif task.status != TaskStatus.DONE:
        task.completed_on = None


@transaction.atomic
def task_delete(*, user: User, task: Task) -> None:
    require_edit(user, task.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=task, quartier=task.quartier)
    task.delete()
