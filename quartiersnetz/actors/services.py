"""Writes for organisations and contact persons. One transaction each; contact persons are audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.db.models.functions import Length
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import ConsentRecord, Quartier, User
from quartiersnetz.core.services import apply_and_validate, audit_log, audit_log_many, consent_record, consent_withdraw

from .models import ContactPerson, Organisation
from .selectors import contact_person_can_edit, organisation_can_edit

ORGANISATION_FIELDS = (
    "name", "short_name", "actor_type", "legal_domain", "street", "postal_code", "city", "phone", "email",
    "website", "description", "latitude", "longitude", "is_active",
)
CONTACT_FIELDS = (
    "first_name", "last_name", "function", "level", "decision_authority", "is_deputy", "email", "phone",
    "valid_from", "valid_until", "note",
)


def _check_quartiere(*, user: User, quartiere: Iterable[Quartier]) -> list[Quartier]:
    quartiere = list(quartiere)
    if not quartiere:
        raise ApplicationError(_("Please choose at least one neighbourhood."), extra={"quartiere": ["required"]})
    scope = get_scope(user)
    for q in quartiere:
        if not scope.can_edit_quartier(q.pk):
            raise ApplicationError(
                _("You may not create organisations in the neighbourhood {name}.").format(name=q.display_name),
                status=403,
            )
    return quartiere


def _name_taken(name: str, exclude_pk: int | None = None) -> bool:
    """Case-insensitive, also for umlauts (SQLite's LOWER() folds ASCII only): compare candidates of the same
    length in Python."""
    wanted = name.strip().casefold()
    qs = Organisation.objects.annotate(name_length=Length("name")).filter(name_length=len(name.strip()))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return any(existing.casefold() == wanted for existing in qs.values_list("name", flat=True))


def _validate(instance, exclude=()):
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


@transaction.atomic
def organisation_create(*, user: User, data: dict, quartiere: Iterable[Quartier]) -> Organisation:
    quartiere = _check_quartiere(user=user, quartiere=quartiere)
    name = (data.get("name") or "").strip()
    if name and _name_taken(name):
        raise ApplicationError(
            _("An organisation named “{name}” already exists.").format(name=name),
            extra={"name": ["duplicate"]}, status=409,
        )
    org = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    _validate(org)
    try:
        org.save()
    except IntegrityError as exc:  # concurrent creation with the same name
        raise ApplicationError(_("An organisation with this name already exists."), status=409) from exc
    org.quartiere.set(quartiere)
    return org


@transaction.atomic
def organisation_update(
    *, user: User, organisation: Organisation, data: dict, quartiere: Iterable[Quartier] | None = None
) -> Organisation:
    if not organisation_can_edit(user=user, organisation=organisation):
        raise Http404
    data = {k: v for k, v in data.items() if k in ORGANISATION_FIELDS}
    if "name" in data and _name_taken(data["name"], exclude_pk=organisation.pk):
        raise ApplicationError(
            _("An organisation named “{name}” already exists.").format(name=data["name"]),
            extra={"name": ["duplicate"]}, status=409,
        )
    try:
        apply_and_validate(organisation, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    organisation.save()
    if quartiere is not None:
        new = set(quartiere)
        old = set(organisation.quartiere.all())
        scope = get_scope(user)
        # A user may only add or remove Quartiere that are in their own edit scope.
        for q in new ^ old:
            if not scope.can_edit_quartier(q.pk):
                raise ApplicationError(
                    _("You may not change the assignment to the neighbourhood {name}.").format(name=q.display_name),
                    status=403,
                )
        if not new:
            raise ApplicationError(_("Please choose at least one neighbourhood."))
        organisation.quartiere.set(new)
    return organisation


@transaction.atomic
def organisation_delete(*, user: User, organisation: Organisation) -> None:
    if not organisation_can_edit(user=user, organisation=organisation):
        raise Http404
    scope = get_scope(user)
    if not scope.is_admin and organisation.pk in scope.partner_org_ids:
        raise ApplicationError(_("Partners cannot delete their own organisation."), status=403)
    for person in organisation.contacts.all():
        audit_log(user=user, action=AuditAction.DELETE, obj=person)
    try:
        organisation.delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("The organisation is still referred to (contact points, referrals …) and cannot be deleted."),
            status=409,
        ) from exc


def _first_quartier(organisation: Organisation) -> Quartier | None:
    return organisation.quartiere.order_by("pk").first()


@transaction.atomic
def contact_person_create(*, user: User, organisation: Organisation, data: dict) -> ContactPerson:
    if not organisation_can_edit(user=user, organisation=organisation):
        raise Http404
    person = ContactPerson(organisation=organisation, **{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    _validate(person)
    person.save()
    audit_log(
        user=user, action=AuditAction.CREATE, obj=person,
        fields=[k for k in data if k in CONTACT_FIELDS], quartier=_first_quartier(organisation),
    )
    return person


@transaction.atomic
def contact_person_update(
    *, user: User, person: ContactPerson, data: dict, organisation: Organisation | None = None
) -> ContactPerson:
    if not contact_person_can_edit(user=user, person=person):
        raise Http404
    data = {k: v for k, v in data.items() if k in CONTACT_FIELDS}
    if organisation is not None and organisation.pk != person.organisation_id:
        if not organisation_can_edit(user=user, organisation=organisation):
            raise ApplicationError(_("You may not assign persons to this organisation."), status=403)
        data["organisation"] = organisation
    try:
        fields = apply_and_validate(person, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    person.save()
    if fields:
        audit_log(
            user=user, action=AuditAction.UPDATE, obj=person, fields=fields,
            quartier=_first_quartier(person.organisation),
        )
    return person


@transaction.atomic
def contact_person_delete(*, user: User, person: ContactPerson) -> None:
    if not contact_person_can_edit(user=user, person=person):
        raise Http404
    audit_log(user=user, action=AuditAction.DELETE, obj=person, quartier=_first_quartier(person.organisation))
    person.consents.all().delete()
    person.delete()


@transaction.atomic
def contact_person_export_record(
    *, user: User, exported: list[tuple[ContactPerson, list[str]]]
) -> int:
    """Audit an export of personal data: one 'exported' entry per person with the fields that left the system."""
    firsts = dict(
        Organisation.quartiere.through.objects.filter(
            organisation_id__in={p.organisation_id for p, _f in exported}
        ).order_by("-quartier_id").values_list("organisation_id", "quartier_id")
    )
    quartiere = Quartier.objects.in_bulk(set(firsts.values()))
    return audit_log_many(
        user=user,
        action=AuditAction.EXPORT,
        entries=[(p, fields, quartiere.get(firsts.get(p.organisation_id))) for p, fields in exported],
    )


@transaction.atomic
def contact_consent_record(*, user: User, person: ContactPerson, **data) -> ConsentRecord:
    """Record a consent of a contact person; only users who may edit the person may do so."""
    if not contact_person_can_edit(user=user, person=person):
        raise Http404
    return consent_record(user=user, subject=person, quartier=_first_quartier(person.organisation), **data)


@transaction.atomic
def contact_consent_withdraw(*, user: User, person: ContactPerson, record: ConsentRecord, on=None) -> ConsentRecord:
    """Withdraw a consent; the record stays as evidence, the data it covered is hidden from then on."""
    if not contact_person_can_edit(user=user, person=person) or record.object_id != person.pk:
        raise Http404
    return consent_withdraw(user=user, record=record, on=on, quartier=_first_quartier(person.organisation))
