"""Sending a meeting's invitation by e-mail (Django's mail backend) with the iCalendar file attached.

Recipients are the contact persons named in the body's current memberships who have an active consent to be
contacted ('contact') and an e-mail address. Everyone else is listed as skipped with a reason. One message per
recipient, so that addresses are not disclosed to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction, ConsentPurpose
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import User
from quartiersnetz.core.services import audit_log, consent_is_active

from ..choices import MeetingStatus
from ..ical import invitation_filename, meeting_invitation_ics
from ..models import Meeting
from ..selectors import membership_list
from .common import require_edit


@dataclass
class InvitationResult:
    sent: list[str] = field(default_factory=list)  # "Name <address>"
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (organisation or person, reason)


def invitation_recipients(*, user: User, meeting: Meeting) -> InvitationResult:
    """Who would receive the invitation (and who not, and why). Reads only."""
    result = InvitationResult()
    for membership in membership_list(user=user, body=meeting.body, current_only=True).prefetch_related(
        "contact_person__consents"
    ):
        person = membership.contact_person
        if person is None:
            result.skipped.append((membership.organisation.name, _("no contact person named for the body")))
        elif not person.email:
            result.skipped.append((person.full_name, _("no e-mail address")))
        elif not consent_is_active(person, ConsentPurpose.CONTACT, records=list(person.consents.all())):
            result.skipped.append((person.full_name, _("no valid consent to be contacted")))
        else:
            result.sent.append(f"{person.full_name} <{person.email}>")
    return result


@transaction.atomic
def meeting_invite(*, user: User, meeting: Meeting) -> InvitationResult:
    require_edit(user, meeting.body.quartier_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("The meeting is cancelled; no invitation was sent."), status=409)
    if meeting.starts_at <= timezone.now():
        raise ApplicationError(_("The meeting has already begun; no invitation was sent."), status=409)
    result = invitation_recipients(user=user, meeting=meeting)
    if not result.sent:
        raise ApplicationError(
            _("Nobody can be invited: no member has a contact person with an e-mail address and a valid consent "
              "to be contacted."),
            status=409,
        )
    organizer_name = user.get_full_name() or user.username
    ics = meeting_invitation_ics(meeting, organizer_name=organizer_name, organizer_email=user.email)
    local = timezone.localtime(meeting.starts_at)
    subject = _("Invitation: {title} on {date}").format(title=meeting.display_title, date=f"{local:%d.%m.%Y}")
    text = render_to_string("meetings/email/invitation.txt", {"meeting": meeting, "starts": local,
                                                               "sender": organizer_name})
    reply_to = [user.email] if user.email else None
    for recipient in result.sent:
        message = EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient], reply_to=reply_to)
        message.attach(invitation_filename(meeting), ics, "text/calendar; charset=utf-8; method=PUBLISH")
        message.send()
    meeting.invitations_sent_at = timezone.now()
    meeting.invitations_sent_count = len(result.sent)
    meeting.save(update_fields=["invitations_sent_at", "invitations_sent_count", "updated_at"])
    audit_log(user=user, action=AuditAction.UPDATE, obj=meeting, fields=["invitations_sent_at"],
              quartier=meeting.body.quartier)
    return result
