"""Writes for meetings: plan, change, delete, and record the minutes with attendance, decisions and tasks in one
transaction (`meeting_record`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import User
from quartiersnetz.core.services import apply_and_validate, audit_log

from ..choices import MeetingStatus
from ..models import Attendance, Body, Decision, Meeting, Task
from .common import check_organisation, check_person, pick, require_edit, validate
from .tasks import build_task

MEETING_FIELDS = ("title", "starts_at", "ends_at", "location", "agenda", "status", "minutes", "minutes_approved")
SEQUENCE_FIELDS = ("starts_at", "ends_at", "location", "status", "body")
ATTENDANCE_FIELDS = ("attended", "contact_person", "represented_person", "represented_note", "level")


def _check_meeting(meeting: Meeting) -> None:
    if meeting.ends_at is not None and meeting.starts_at is not None and meeting.ends_at <= meeting.starts_at:
        raise ApplicationError(
            _("The end of the meeting must be after its start."),
            extra={"ends_at": [_("The end of the meeting must be after its start.")]},
        )
    if meeting.status == MeetingStatus.HELD and meeting.starts_at and meeting.starts_at > timezone.now():
        raise ApplicationError(
            _("A meeting that has not started yet cannot have been held."),
            extra={"status": [_("A meeting that has not started yet cannot have been held.")]},
        )


@transaction.atomic
def meeting_create(*, user: User, body: Body, data: dict) -> Meeting:
    require_edit(user, body.quartier_id)
    meeting = Meeting(body=body, **pick(data, MEETING_FIELDS))
    validate(meeting)
    _check_meeting(meeting)
    meeting.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=meeting, fields=pick(data, MEETING_FIELDS).keys(),
              quartier=body.quartier)
    return meeting


@transaction.atomic
def meeting_update(*, user: User, meeting: Meeting, data: dict, body: Body | None = None) -> Meeting:
    require_edit(user, meeting.body.quartier_id)
    data = pick(data, MEETING_FIELDS)
    if body is not None and body.pk != meeting.body_id:
        require_edit(user, body.quartier_id)
        if body.quartier_id != meeting.body.quartier_id:
            raise ApplicationError(
                _("A meeting cannot be moved to a body of another neighbourhood."),
                extra={"body": [_("Please choose a body of this neighbourhood.")]},
            )
        data["body"] = body
    try:
        fields = apply_and_validate(meeting, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_meeting(meeting)
    if set(fields) & set(SEQUENCE_FIELDS):
        meeting.sequence += 1
    meeting.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=meeting, fields=fields, quartier=meeting.body.quartier)
    return meeting


@transaction.atomic
def meeting_delete(*, user: User, meeting: Meeting) -> None:
    require_edit(user, meeting.body.quartier_id)
    if meeting.tasks.exists():
        raise ApplicationError(
            _("Tasks were decided in this meeting. Delete or reassign them first, or mark the meeting as cancelled."),
            status=409,
        )
    audit_log(user=user, action=AuditAction.DELETE, obj=meeting, quartier=meeting.body.quartier)
    meeting.delete()


def _build_attendance(meeting: Meeting, rows: list[dict]) -> list[Attendance]:
    quartier_id = meeting.body.quartier_id
    seen: set[int] = set()
    result = []
    for index, row in enumerate(rows):
        organisation = row.get("organisation")
        if organisation is None:
            raise ApplicationError(
                _("Attendance row {number}: please choose an organisation.").format(number=index + 1),
                extra={f"attendance.{index}.organisation": ["required"]},
            )
        if organisation.pk in seen:
            raise ApplicationError(
                _("{name} is listed twice in the attendance.").format(name=organisation.name),
                extra={f"attendance.{index}.organisation": ["duplicate"]},
            )
        seen.add(organisation.pk)
        check_organisation(organisation, quartier_id, field=f"attendance.{index}.organisation")
        data = pick(row, ATTENDANCE_FIELDS)
        check_person(data.get("contact_person"), organisation, field=f"attendance.{index}.contact_person")
        represented = data.get("represented_person")
        if represented is not None and represented.organisation_id != organisation.pk:
            raise ApplicationError(
                _("{person} is not a contact person of {name}.").format(person=represented.full_name,
                                                                        name=organisation.name),
                extra={f"attendance.{index}.represented_person": [
                    _("Please choose a contact person of the organisation.")
                ]},
            )
        attendance = Attendance(meeting=meeting, organisation=organisation, **data)
        validate(attendance, exclude=["meeting"])
        result.append(attendance)
    return result


@transaction.atomic
def meeting_record(
    *,
    user: User,
    meeting: Meeting,
    minutes: str,
    attendance: list[dict],
    decisions: list[str] = (),
    tasks: list[dict] = (),
    minutes_approved: bool = False,
) -> Meeting:
    """Record what happened: the meeting becomes "held", its minutes are saved, its attendance and decisions are
    replaced by the given ones and the new tasks are created, linked to the meeting. All or nothing."""
    require_edit(user, meeting.body.quartier_id)
    quartier = meeting.body.quartier
    meeting.minutes = minutes or ""
    meeting.minutes_approved = bool(minutes_approved)
    old_status = meeting.status
    meeting.status = MeetingStatus.HELD
    _check_meeting(meeting)
    attendance_rows = _build_attendance(meeting, list(attendance))
    decision_texts = [text.strip() for text in decisions if text and text.strip()]
    new_tasks: list[Task] = []
    for index, data in enumerate(tasks):
        try:
            new_tasks.append(build_task(user=user, quartier=quartier, data=data, meeting=meeting))
        except ApplicationError as exc:
            extra = {f"tasks.{index}.{field}": messages for field, messages in exc.extra.items()}
            raise ApplicationError(
                _("Task {number}: {message}").format(number=index + 1, message=exc.message), extra=extra,
                status=exc.status,
            ) from exc
    if old_status != MeetingStatus.HELD:
        meeting.sequence += 1
    meeting.save()
    meeting.attendances.all().delete()
    Attendance.objects.bulk_create(attendance_rows)
    meeting.decisions.all().delete()
    Decision.objects.bulk_create(
        Decision(meeting=meeting, number=number, text=text) for number, text in enumerate(decision_texts, start=1)
    )
    for task in new_tasks:
        task.save()
        audit_log(user=user, action=AuditAction.CREATE, obj=task, fields=["title", "meeting"], quartier=quartier)
    audit_log(user=user, action=AuditAction.UPDATE, obj=meeting,
              fields=["minutes", "minutes_approved", "status", "attendance", "decisions"], quartier=quartier)
    return meeting
