"""Writes of the meetings app, split by sub-domain. Import from here: `from quartiersnetz.meetings.services import
meeting_record`."""

from .agreements import (
    actual_delete,
    actual_record,
    agreement_create,
    agreement_delete,
    agreement_update,
    commitment_create,
    commitment_delete,
    commitment_update,
)
from .bodies import (
    body_create,
    body_delete,
    body_update,
    membership_add,
    membership_end,
    membership_remove,
    membership_update,
)
from .invitations import InvitationResult, invitation_recipients, meeting_invite
from .meetings import meeting_create, meeting_delete, meeting_record, meeting_update
from .tasks import task_create, task_delete, task_set_status, task_update
from .worklog import worklog_create, worklog_delete, worklog_update

__all__ = [
    "InvitationResult", "actual_delete", "actual_record", "agreement_create", "agreement_delete", "agreement_update",
    "body_create", "body_delete", "body_update", "commitment_create", "commitment_delete", "commitment_update",
    "invitation_recipients", "meeting_create", "meeting_delete", "meeting_invite", "meeting_record",
    "meeting_update", "membership_add", "membership_end", "membership_remove", "membership_update", "task_create",
    "task_delete", "task_set_status", "task_update", "worklog_create", "worklog_delete", "worklog_update",
]
