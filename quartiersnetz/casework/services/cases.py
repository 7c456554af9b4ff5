"""Writes for contact points, cases, contacts, identities and consents, and the Art. 15/17 rights by pseudonym."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import User
from quartiersnetz.core.services import audit_log

from ..choices import ConsentKind, ConsentScope
from ..models import (
    IDENTITY_FIELDS,
    CaseConference,
    CaseConsent,
    Client,
    ClientIdentity,
    Contact,
    ContactPoint,
)
from ..selectors import case_scope, has_storage_consent, outcome_choices, problem_choices
from .common import check_anonymous, require_cases, validate

CONTACT_POINT_FIELDS = ("name", "organisation", "street", "postal_code", "city", "latitude", "longitude",
                        "opening_hours", "is_active")
CLIENT_FIELDS = ("age_band", "gender", "household", "origin", "sgb2", "unemployment", "access_route")
CONTACT_FIELDS = ("date", "channel", "help_given", "minutes", "outcome")


# --- contact points -----------------------------------------------------------------------------------------------


def _check_contact_point(cp: ContactPoint, staff) -> None:
    from quartiersnetz.actors.models import Organisation

    if not Organisation.quartiere.through.objects.filter(organisation_id=cp.organisation_id,
                                                         quartier_id=cp.quartier_id).exists():
        raise ApplicationError(
            _("“{name}” is not active in this neighbourhood.").format(name=cp.organisation.name),
            extra={"organisation": [_("Please choose an organisation of this neighbourhood.")]},
        )
    for member in staff or ():
        if not case_scope(member).sees_cases(cp.quartier_id):
            raise ApplicationError(
                _("{name} has no contact-point role in this neighbourhood.").format(name=member),
                extra={"staff": [_("Staff need the contact-point role in the neighbourhood.")]},
            )
    if ContactPoint.objects.filter(quartier_id=cp.quartier_id, name=cp.name).exclude(pk=cp.pk).exists():
        raise ApplicationError(_("A contact point with this name already exists in the neighbourhood."),
                               extra={"name": [_("This name is already taken.")]}, status=409)


@transaction.atomic
def contact_point_create(*, user: User, quartier, data: dict, staff=()) -> ContactPoint:
    if not get_scope(user).can_edit_quartier(quartier.pk):
        raise ApplicationError(_("You may not create contact points in this neighbourhood."),
                               extra={"quartier": [_("You may not create contact points in this neighbourhood.")]},
                               status=403)
    cp = ContactPoint(quartier=quartier, **{k: v for k, v in data.items() if k in CONTACT_POINT_FIELDS})
    validate(cp)
    _check_contact_point(cp, staff)
    cp.save()
    cp.staff.set(staff)
    audit_log(user=user, action=AuditAction.CREATE, obj=cp, fields=[*data.keys(), "staff"], quartier=quartier)
    return cp


@transaction.atomic
def contact_point_update(*, user: User, contact_point: ContactPoint, data: dict, staff=None) -> ContactPoint:
    if not get_scope(user).can_edit_quartier(contact_point.quartier_id):
        raise Http404
    changed = [k for k, v in data.items() if k in CONTACT_POINT_FIELDS and getattr(contact_point, k) != v]
    for key in changed:
        setattr(contact_point, key, data[key])
    validate(contact_point)
    _check_contact_point(contact_point, staff if staff is not None else contact_point.staff.all())
    contact_point.save()
    if staff is not None:
        contact_point.staff.set(staff)
        changed.append("staff")
    if changed:
        audit_log(user=user, action=AuditAction.UPDATE, obj=contact_point, fields=changed,
                  quartier=contact_point.quartier)
    return contact_point


# --- contacts (quick entry) ---------------------------------------------------------------------------------------


def _check_taxonomy(quartier, problems, outcome) -> None:
    allowed = set(problem_choices(programme_id=quartier.programme_id).values_list("pk", flat=True))
    if any(p.pk not in allowed for p in problems):
        raise ApplicationError(_("This problem situation is not offered in the programme."),
                               extra={"problems": [_("Please choose from the list.")]})
    if outcome is not None and outcome.pk not in set(
            outcome_choices(programme_id=quartier.programme_id).values_list("pk", flat=True)):
        raise ApplicationError(_("This activation stage is not offered in the programme."),
                               extra={"outcome": [_("Please choose from the list.")]})


def _touch(client: Client) -> None:
    latest = client.contacts.aggregate(m=Max("date"))["m"]
    candidates = [d for d in (latest, client.last_activity_on) if d]
    client.last_activity_on = max(candidates) if candidates else timezone.localdate()
    client.save(update_fields=["last_activity_on"])


@transaction.atomic
def contact_record(*, user: User, contact_point: ContactPoint, data: dict, problems=(), client: Client | None = None,
                   client_data: dict | None = None, confirm_anonymous: bool = False) -> Contact:
    """Log a contact. Without `client` a new pseudonymous case is opened (first contact)."""
    require_cases(user, contact_point.quartier_id)
    if not contact_point.is_active:
        raise ApplicationError(_("The contact point is not active."), extra={"contact_point": [_("Not active.")]})
    if client is not None and client.quartier_id != contact_point.quartier_id:
        raise ApplicationError(_("The case belongs to another neighbourhood."),
                               extra={"client": [_("Please choose a case of this neighbourhood.")]})
    date = data.get("date") or timezone.localdate()
    if date > timezone.localdate():
        raise ApplicationError(_("A contact cannot lie in the future."), extra={"date": [_("Not in the future.")]})
    overridden = check_anonymous({"help_given": data.get("help_given", "")}, confirmed=confirm_anonymous)
    _check_taxonomy(contact_point.quartier, problems, data.get("outcome"))
    new_case = client is None
    if new_case:
        client = Client(quartier=contact_point.quartier, contact_point=contact_point, last_activity_on=date,
                        **{k: v for k, v in (client_data or {}).items() if k in CLIENT_FIELDS})
        validate(client, exclude=["code"])
        client.save()
        audit_log(user=user, action=AuditAction.CREATE, obj=client, fields=(client_data or {}).keys(),
                  quartier=client.quartier)
    elif client_data:
        client_update(user=user, client=client, data=client_data)
    is_first = not client.contacts.filter(date__lte=date).exists()
    contact = Contact(client=client, contact_point=contact_point, quartier=contact_point.quartier, is_first=is_first,
                      recorded_by=user, **{k: v for k, v in data.items() if k in CONTACT_FIELDS and k != "date"},
                      date=date)
    validate(contact)
    contact.save()
    contact.problems.set(problems)
    if is_first:
        # A contact entered late can precede earlier ones: only the earliest is the first.
        client.contacts.exclude(pk=contact.pk).update(is_first=False)
    _touch(client)
    audit_log(user=user, action=AuditAction.CREATE, obj=contact,
              fields=[*[k for k in data if k in CONTACT_FIELDS], "problems",
                      *[f"anonymisation_confirmed:{f}" for f in overridden]], quartier=contact.quartier)
    return contact


@transaction.atomic
def contact_update(*, user: User, contact: Contact, data: dict, problems=None,
                   confirm_anonymous: bool = False) -> Contact:
    require_cases(user, contact.quartier_id)
    if "help_given" in data:
        check_anonymous({"help_given": data["help_given"]}, confirmed=confirm_anonymous)
    _check_taxonomy(contact.quartier, problems or [], data.get("outcome"))
    if data.get("date") and data["date"] > timezone.localdate():
        raise ApplicationError(_("A contact cannot lie in the future."), extra={"date": [_("Not in the future.")]})
    changed = [k for k, v in data.items() if k in CONTACT_FIELDS and getattr(contact, k) != v]
    for key in changed:
        setattr(contact, key, data[key])
    validate(contact)
    contact.save()
    if problems is not None:
        contact.problems.set(problems)
        changed.append("problems")
    _renumber_first(contact.client)
    _touch(contact.client)
    if changed:
        audit_log(user=user, action=AuditAction.UPDATE, obj=contact, fields=changed, quartier=contact.quartier)
    return contact


def _renumber_first(client: Client) -> None:
    first = client.contacts.order_by("date", "id").first()
    client.contacts.update(is_first=False)
    if first is not None:
        client.contacts.filter(pk=first.pk).update(is_first=True)


@transaction.atomic
def contact_delete(*, user: User, contact: Contact) -> None:
    require_cases(user, contact.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=contact, quartier=contact.quartier)
    client = contact.client
    contact.delete()
    _renumber_first(client)


# --- cases --------------------------------------------------------------------------------------------------------


@transaction.atomic
def client_update(*, user: User, client: Client, data: dict) -> Client:
    require_cases(user, client.quartier_id)
    changed = [k for k, v in data.items() if k in CLIENT_FIELDS and getattr(client, k) != v]
    for key in changed:
        setattr(client, key, data[key])
    validate(client, exclude=["code"])
    client.save()
    if changed:
        audit_log(user=user, action=AuditAction.UPDATE, obj=client, fields=changed, quartier=client.quartier)
    return client


@transaction.atomic
def identity_save(*, user: User, client: Client, data: dict) -> ClientIdentity:
    """Store or change who the case is. Only with an active storage consent; values are encrypted."""
    require_cases(user, client.quartier_id)
    if not has_storage_consent(client):
        raise ApplicationError(
            _("Identifying data may only be stored with the person's consent. Please record the consent first."),
            status=409,
        )
    data = {k: (v.isoformat() if isinstance(v, dt.date) else (v or "")).strip() for k, v in data.items()
            if k in IDENTITY_FIELDS}
    identity = ClientIdentity.objects.filter(client=client).first()
    created = identity is None
    if created:
        identity = ClientIdentity(client=client)
    changed = [k for k, v in data.items() if getattr(identity, k) != v]
    for key in changed:
        setattr(identity, key, data[key])
    identity.save()
    if changed or created:
        audit_log(user=user, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=identity,
                  fields=changed, quartier=client.quartier)
    return identity


@transaction.atomic
def identity_delete(*, user: User | None, client: Client) -> bool:
    identity = ClientIdentity.objects.filter(client=client).first()
    if identity is None:
        return False
    audit_log(user=user, action=AuditAction.DELETE, obj=identity, fields=list(IDENTITY_FIELDS),
              quartier=client.quartier)
    identity.delete()
    return True


@transaction.atomic
def case_consent_record(*, user: User, client: Client, kind: str, method: str, given_on: dt.date,
                        recipient=None, scope=(), valid_until: dt.date | None = None) -> CaseConsent:
    require_cases(user, client.quartier_id)
    if given_on > timezone.localdate():
        raise ApplicationError(_("Consent cannot be given in the future."),
                               extra={"given_on": [_("Not in the future.")]})
    scope = [s for s in ConsentScope.values if s in set(scope or ())]
    if kind == ConsentKind.RELEASE:
        if recipient is None:
            raise ApplicationError(_("Please choose the organisation the data may be released to."),
                                   extra={"recipient": [_("Please choose an organisation.")]})
        if not scope:
            raise ApplicationError(_("Please choose which data may be released."),
                                   extra={"scope": [_("Please choose at least one kind of data.")]})
    else:
        recipient, scope = None, []
    consent = CaseConsent(client=client, kind=kind, recipient=recipient, scope=scope, method=method,
                          given_on=given_on, valid_until=valid_until, recorded_by=user)
    validate(consent, exclude=["recorded_by"])
    if valid_until and valid_until < given_on:
        raise ApplicationError(_("The end of validity lies before the consent."),
                               extra={"valid_until": [_("Must not lie before the consent.")]})
    consent.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=consent, fields=["kind", "recipient", "scope", "given_on"],
              quartier=client.quartier)
    return consent


@transaction.atomic
def case_consent_withdraw(*, user: User, consent: CaseConsent, on: dt.date | None = None) -> CaseConsent:
    """Withdrawal takes effect at once. Withdrawing the storage consent deletes the identity (Art. 7(3), 17)."""
    client = consent.client
    require_cases(user, client.quartier_id)
    on = on or timezone.localdate()
    if consent.withdrawn_on:
        raise ApplicationError(_("This consent has already been withdrawn."), status=409)
    if on < consent.given_on:
        raise ApplicationError(_("The withdrawal cannot be dated before the consent was given."))
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    audit_log(user=user, action=AuditAction.UPDATE, obj=consent, fields=["withdrawn_on"], quartier=client.quartier)
    if consent.kind == ConsentKind.STORAGE and not has_storage_consent(client):
        identity_delete(user=user, client=client)
    return consent


# --- data-subject rights by pseudonym -----------------------------------------------------------------------------


def _iso(value):
    if value is None:
        return None
    return value.isoformat()


def client_export(*, user: User, client: Client) -> dict:
    """Art. 15/20: everything stored about the case, machine-readable. Audited as an export."""
    require_cases(user, client.quartier_id)
    identity = ClientIdentity.objects.filter(client=client).first()
    data = {
        "format": "quartiersnetz.casework.export/1",
        "exported_at": timezone.now().isoformat(),
        "case_code": client.code,
        "neighbourhood": client.quartier.display_name,
        "contact_point": client.contact_point.name,
        "characteristics": {f: getattr(client, f) for f in CLIENT_FIELDS},
        "created_at": _iso(client.created_at),
        "last_activity_on": _iso(client.last_activity_on),
        "identity": {f: getattr(identity, f) for f in IDENTITY_FIELDS} if identity else None,
        "consents": [
            {"kind": c.kind, "recipient": c.recipient.name if c.recipient else None, "scope": c.scope,
             "method": c.method, "given_on": _iso(c.given_on), "valid_until": _iso(c.valid_until),
             "withdrawn_on": _iso(c.withdrawn_on)}
            for c in client.consents.select_related("recipient").order_by("given_on", "pk")
        ],
        "contacts": [
            {"date": _iso(c.date), "contact_point": c.contact_point.name, "channel": c.channel,
             "first_contact": c.is_first, "problems": [p.name for p in c.problems.all()],
             "help_given": c.help_given, "minutes": c.minutes,
             "activation_stage": c.outcome.name if c.outcome else None}
            for c in client.contacts.select_related("contact_point", "outcome").prefetch_related("problems")
            .order_by("date", "pk")
        ],
        "referrals": [
            {"sender": r.sender.name, "receiver": r.receiver.name, "offer": r.offer_name,
             "need": r.need.name if r.need else None, "purpose": r.purpose, "warm_handover": r.warm_handover,
             "handover_mode": r.handover_mode, "shares_identity": r.share_identity, "status": r.status,
             "result": r.result, "appointment_at": _iso(r.appointment_at),
             "steps": [{"to": e.to_status, "at": _iso(e.at)} for e in r.events.all()]}
            for r in client.referrals.select_related("sender", "receiver", "need").prefetch_related("events")
            .order_by("proposed_at", "pk")
        ],
        "case_conferences": [
            {"held_on": _iso(c.held_on), "topic": c.title, "situation": c.situation}
            for c in CaseConference.objects.filter(client=client).order_by("held_on", "pk")
        ],
    }
    audit_log(user=user, action=AuditAction.EXPORT, obj=client, fields=["art15_export"], quartier=client.quartier)
    return data


@transaction.atomic
def client_erase(*, user: User | None, client: Client, reason: str = "art17") -> dict[str, int]:
    """Art. 17: delete the case with identity, consents, contacts and referrals. Case conferences keep their
    anonymised text but lose the link and the code. Returns what was deleted (counts)."""
    if user is not None:
        require_cases(user, client.quartier_id)
    counts = {
        "contacts": client.contacts.count(),
        "referrals": client.referrals.count(),
        "consents": client.consents.count(),
        "identity": int(ClientIdentity.objects.filter(client=client).exists()),
    }
    audit_log(user=user, action=AuditAction.DELETE, obj=client, fields=[reason], quartier=client.quartier)
    CaseConference.objects.filter(client=client).update(client=None, case_code="")
    CaseConference.objects.filter(case_code=client.code).update(case_code="")
    client.delete()
    return counts
