"""Referrals (Überleitungen) along the service chain: create, the status flow with one event per step, and the
reminders for stalled chains ("Kette gefährdet")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import User
from quartiersnetz.core.services import audit_log

from ..choices import CLOSED_STATUSES, OPEN_STATUSES, ReferralResult, ReferralStatus
from ..models import Client, Referral, ReferralEvent
from ..selectors import (
    _release_fields,
    acting_organisation_ids,
    case_scope,
    policy_for,
    problem_choices,
    referral_list,
)
from .common import check_anonymous, validate

REFERRAL_FIELDS = ("offer_name", "need", "purpose", "warm_handover", "handover_mode", "share_identity",
                   "appointment_at")

S = ReferralStatus
# to-status → (allowed from-statuses, side that may take the step: "sender", "receiver" or "either")
TRANSITIONS = {
    S.TRANSMITTED: ((S.PROPOSED,), "sender"),
    S.ACCEPTED: ((S.TRANSMITTED,), "receiver"),
    S.REJECTED: ((S.TRANSMITTED,), "receiver"),
    S.FIRST_CONTACT: ((S.ACCEPTED,), "receiver"),
    S.COMPLETED: ((S.FIRST_CONTACT,), "receiver"),
    S.CANCELLED: ((S.PROPOSED, S.TRANSMITTED, S.ACCEPTED, S.FIRST_CONTACT), "either"),
}
TIMESTAMP = {S.TRANSMITTED: "transmitted_at", S.ACCEPTED: "accepted_at", S.FIRST_CONTACT: "first_contact_at",
             S.COMPLETED: "closed_at", S.REJECTED: "closed_at", S.CANCELLED: "closed_at"}


def _may_send_for(user: User, client: Client, sender) -> bool:
    scope = case_scope(user)
    if scope.is_admin:
        return True
    acting = acting_organisation_ids(user=user)
    if sender.pk not in acting:
        return False
    if scope.sees_cases(client.quartier_id):
        return True
    # A partner refers on a case it received (the next link of the chain).
    return Referral.objects.filter(client=client, receiver=sender,
                                   status__in=[S.ACCEPTED, S.FIRST_CONTACT, S.COMPLETED]).exists()


@transaction.atomic
def referral_create(*, user: User, client: Client, sender, receiver, data: dict, transmit: bool = False,
                    confirm_anonymous: bool = False) -> Referral:
    """Propose (and optionally transmit at once) a referral. Personal data go along only with a release that
    covers the receiving organisation."""
    if not _may_send_for(user, client, sender):
        raise ApplicationError(_("You cannot refer this case on behalf of this organisation."),
                               extra={"sender": [_("Please choose your own organisation.")]}, status=403)
    if receiver.pk == sender.pk:
        raise ApplicationError(_("An organisation cannot refer to itself."),
                               extra={"receiver": [_("Please choose another organisation.")]})
    if not receiver.quartiere.filter(pk=client.quartier_id).exists():
        raise ApplicationError(_("“{name}” is not active in this neighbourhood.").format(name=receiver.name),
                               extra={"receiver": [_("Please choose an organisation of this neighbourhood.")]})
    data = {k: v for k, v in data.items() if k in REFERRAL_FIELDS}
    if data.get("need") is not None and data["need"].pk not in set(
            problem_choices(programme_id=client.quartier.programme_id).values_list("pk", flat=True)):
        raise ApplicationError(_("This problem situation is not offered in the programme."),
                               extra={"need": [_("Please choose from the list.")]})
    overridden = check_anonymous({"purpose": data.get("purpose", ""), "offer_name": data.get("offer_name", "")},
                                 confirmed=confirm_anonymous)
    now = timezone.now()
    referral = Referral(client=client, quartier=client.quartier, sender=sender, receiver=receiver, created_by=user,
                        proposed_at=now, last_progress_at=now, **data)
    if referral.share_identity and not _release_fields(referral, timezone.localdate()):
        raise ApplicationError(
            _("Identifying data may only be shared with a release from confidentiality for {name}. Record the "
              "release first or refer without personal data.").format(name=receiver.name),
            extra={"share_identity": [_("No valid release from confidentiality for this organisation.")]},
            status=409,
        )
    validate(referral)
    referral.save()
    ReferralEvent.objects.create(referral=referral, from_status="", to_status=S.PROPOSED, at=now, by=user,
                                 organisation=sender)
    audit_log(user=user, action=AuditAction.CREATE, obj=referral,
              fields=[*data.keys(), *[f"anonymisation_confirmed:{f}" for f in overridden]],
              quartier=client.quartier)
    Client.objects.filter(pk=client.pk).update(last_activity_on=max(client.last_activity_on, timezone.localdate()))
    if transmit:
        referral = referral_transition(user=user, referral=referral, to_status=S.TRANSMITTED)
    return referral


@transaction.atomic
def referral_transition(*, user: User, referral: Referral, to_status: str, note: str = "", result: str = "",
                        appointment_at: dt.datetime | None = None, at: dt.datetime | None = None) -> Referral:
    """One step of the status flow, taken by the side it belongs to; every step is an event with its time."""
    if not referral_list(user=user).filter(pk=referral.pk).exists():
        raise Http404
    if to_status not in TRANSITIONS:
        raise ApplicationError(_("Unknown status."), extra={"status": [_("Unknown status.")]})
    allowed_from, side = TRANSITIONS[to_status]
    if referral.status not in allowed_from:
        raise ApplicationError(
            _("A referral that is “{current}” cannot become “{target}”.").format(
                current=referral.get_status_display(), target=S(to_status).label),
            extra={"status": [_("This step is not possible now.")]}, status=409,
        )
    scope = case_scope(user)
    acting = acting_organisation_ids(user=user)
    sender_side = scope.is_admin or referral.sender_id in acting or scope.sees_cases(referral.quartier_id) or (
        referral.created_by_id == user.pk)
    receiver_side = scope.is_admin or referral.receiver_id in acting
    if (side == "sender" and not sender_side) or (side == "receiver" and not receiver_side) or (
            side == "either" and not (sender_side or receiver_side)):
        who = _("the receiving organisation") if side == "receiver" else _("the referring organisation")
        raise ApplicationError(_("Only {who} can take this step.").format(who=who),
                               extra={"status": [_("Not your step.")]}, status=403)
    if to_status == S.COMPLETED:
        if result not in ReferralResult.values:
            raise ApplicationError(_("Please state the result."), extra={"result": [_("Please choose a result.")]})
        referral.result = result
    elif result:
        raise ApplicationError(_("A result is only recorded when the referral is completed."),
                               extra={"result": [_("Only when completing.")]})
    if note:
        check_anonymous({"note": note})
    now = at or timezone.now()
    previous = referral.status
    referral.status = to_status
    setattr(referral, TIMESTAMP[to_status], now)
    if appointment_at is not None:
        referral.appointment_at = appointment_at
    referral.last_progress_at = now
    referral.at_risk = False
    referral.save()
    acting_for = referral.receiver if receiver_side and side != "sender" else referral.sender
    ReferralEvent.objects.create(referral=referral, from_status=previous, to_status=to_status, at=now, by=user,
                                 organisation=acting_for, note=note[:300])
    fields = ["status", TIMESTAMP[to_status]] + (["result"] if result else []) + (
        ["appointment_at"] if appointment_at else [])
    audit_log(user=user, action=AuditAction.UPDATE, obj=referral, fields=fields, quartier=referral.quartier)
    Client.objects.filter(pk=referral.client_id, last_activity_on__lt=now.date()).update(last_activity_on=now.date())
    return referral


@dataclass
class ReminderResult:
    stalled: int = 0
    mails: int = 0
    recipients: list[str] = field(default_factory=list)
    without_address: int = 0


@transaction.atomic
def referral_reminders(*, now: dt.datetime | None = None, stall_days: int | None = None,
                       dry_run: bool = False) -> ReminderResult:
    """Flag open referrals without progress for N days (programme policy, default 14) as "Kette gefährdet" and
    e-mail their owners, once per stall. The mail names only case codes and organisations, never a person."""
    now = now or timezone.now()
    result = ReminderResult()
    by_owner: dict[int, list[Referral]] = {}
    owners: dict[int, User] = {}
    qs = Referral.objects.filter(status__in=OPEN_STATUSES).select_related("client", "receiver", "quartier",
                                                                          "created_by")
    days_cache: dict[int, int] = {}
    for referral in qs:
        pid = referral.quartier.programme_id
        if pid not in days_cache:
            days_cache[pid] = stall_days or policy_for(pid)[1]
        if now - referral.last_progress_at < dt.timedelta(days=days_cache[pid]):
            continue
        if referral.reminded_at and referral.reminded_at >= referral.last_progress_at:
            continue  # already reminded for this stall
        result.stalled += 1
        if not dry_run:
            referral.at_risk = True
            referral.reminded_at = now
            referral.save(update_fields=["at_risk", "reminded_at"])
        owner = referral.created_by
        if owner is None or not owner.email or not owner.is_active:
            result.without_address += 1
            continue
        owners[owner.pk] = owner
        by_owner.setdefault(owner.pk, []).append(referral)
    for owner_pk, referrals in by_owner.items():
        owner = owners[owner_pk]
        lines = [
            _("- {code} → {receiver}: “{status}” since {date}").format(
                code=r.client.code, receiver=r.receiver.name, status=r.get_status_display(),
                date=f"{timezone.localtime(r.last_progress_at):%d.%m.%Y}")
            for r in referrals
        ]
        body = "\n".join([
            _("Hello,"), "",
            _("these referrals have made no progress for a while. The chain is at risk:"), "", *lines, "",
            _("Please ask the receiving organisation or record the next step in Quartiersnetz."),
        ])
        if not dry_run:
            EmailMessage(_("Quartiersnetz: {count} referral(s) at risk").format(count=len(referrals)), body,
                         settings.DEFAULT_FROM_EMAIL, [owner.email]).send()
        result.mails += 1
        result.recipients.append(owner.email)
    return result


def is_closed(referral: Referral) -> bool:
    return referral.status in CLOSED_STATUSES
