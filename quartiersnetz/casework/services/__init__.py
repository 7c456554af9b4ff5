"""Writes of the case work, split by sub-domain. Import from here."""

from .cases import (
    case_consent_record,
    case_consent_withdraw,
    client_erase,
    client_export,
    client_update,
    contact_delete,
    contact_point_create,
    contact_point_update,
    contact_record,
    contact_update,
    identity_delete,
    identity_save,
)
from .conferences import (
    conference_create,
    conference_delete,
    conference_step_set_done,
    conference_update,
    outreach_create,
    outreach_delete,
    outreach_update,
)
from .referrals import ReminderResult, referral_create, referral_reminders, referral_transition
from .retention import RetentionResult, retention_run

__all__ = [
    "ReminderResult", "RetentionResult", "case_consent_record", "case_consent_withdraw", "client_erase",
    "client_export", "client_update", "conference_create", "conference_delete", "conference_step_set_done",
    "conference_update", "contact_delete", "contact_point_create", "contact_point_update", "contact_record",
    "contact_update", "identity_delete", "identity_save", "outreach_create", "outreach_delete", "outreach_update",
    "referral_create", "referral_reminders", "referral_transition", "retention_run",
]
