"""Writes for the work log (Tätigkeitsnachweis). Users log their own hours in Quartiere they work in."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import apply_and_validate, audit_log

from ..models import WorkLogEntry
from ..selectors import worklog_can_edit
from .common import pick, require_edit_new, validate

WORKLOG_FIELDS = ("on", "activity_type", "hours", "impact_level", "meeting", "note")
MAX_HOURS = Decimal(24)


def _check_entry(entry: WorkLogEntry) -> None:
    if entry.hours is None or entry.hours <= 0 or entry.hours > MAX_HOURS:
        raise ApplicationError(
            _("The hours must be more than 0 and at most 24."),
            extra={"hours": [_("The hours must be more than 0 and at most 24.")]},
        )
    if entry.on and entry.on > timezone.localdate():
        raise ApplicationError(
            _("Work cannot be logged for a future date."), extra={"on": [_("Work cannot be logged for a future date.")]}
        )
    if entry.meeting is not None and entry.meeting.body.quartier_id != entry.quartier_id:
        raise ApplicationError(
            _("The meeting belongs to another neighbourhood."),
            extra={"meeting": [_("Please choose a meeting of this neighbourhood.")]},
        )


@transaction.atomic
def worklog_create(*, user: User, quartier: Quartier, data: dict) -> WorkLogEntry:
    require_edit_new(user, quartier)
    entry = WorkLogEntry(user=user, quartier=quartier, **pick(data, WORKLOG_FIELDS))
    _check_entry(entry)
    validate(entry)
    entry.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=entry, fields=pick(data, WORKLOG_FIELDS).keys(),
              quartier=quartier)
    return entry


@transaction.atomic
def worklog_update(*, user: User, entry: WorkLogEntry, data: dict, quartier: Quartier | None = None) -> WorkLogEntry:
    if not worklog_can_edit(user=user, entry=entry):
        raise Http404
    data = pick(data, WORKLOG_FIELDS)
    if quartier is not None and quartier.pk != entry.quartier_id:
        require_edit_new(user, quartier)
        data["quartier"] = quartier
    try:
        fields = apply_and_validate(entry, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_entry(entry)
    entry.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=entry, fields=fields, quartier=entry.quartier)
    return entry


@transaction.atomic
def worklog_delete(*, user: User, entry: WorkLogEntry) -> None:
    if not worklog_can_edit(user=user, entry=entry):
        raise Http404
    audit_log(user=user, action=AuditAction.DELETE, obj=entry, quartier=entry.quartier)
    entry.delete()
