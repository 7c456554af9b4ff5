"""Reads of organisations and contact persons, always through core.access."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import ConsentRecord, User

from .models import ActorType, ContactPerson, Organisation


def _organisation_scope_q(user: User) -> Q | None:
    """None means everything; otherwise a Q restricting organisations to the user's scope."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    q = Q(pk__in=[])
    if scope.quartier_ids:
        q |= Q(quartiere__id__in=scope.quartier_ids)
    if scope.partner_org_ids:
        q |= Q(pk__in=scope.partner_org_ids)
    return q


def organisation_list(*, user: User, filters: dict | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    scope_q = _organisation_scope_q(user)
    if scope_q is not None:
        qs = qs.filter(pk__in=Organisation.objects.filter(scope_q).values("pk"))
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(city__icontains=q))
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartiere__slug=quartier)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(quartiere__id=quartier_id)
    if actor_type := filters.get("actor_type"):
        qs = qs.filter(Q(actor_type__slug=actor_type) | Q(actor_type__parent__slug=actor_type))
    if (active := filters.get("is_active")) not in (None, ""):
        qs = qs.filter(is_active=active in (True, "true", "1", "on"))
    return (
        qs.select_related("actor_type")
        .prefetch_related("quartiere")
        .annotate(contact_count=Count("contacts", distinct=True))
        .order_by("name")
    )


def organisation_get(*, user: User, pk: int) -> Organisation:
    try:
        return organisation_list(user=user).get(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def organisation_can_edit(*, user: User, organisation: Organisation) -> bool:
    scope = get_scope(user)
    if scope.is_admin or organisation.pk in scope.partner_org_ids:
        return True
    return any(q.pk in scope.edit_quartier_ids for q in organisation.quartiere.all())


def organisation_list_editable(*, user: User) -> QuerySet[Organisation]:
    scope = get_scope(user)
    qs = Organisation.objects.all()
    if scope.is_admin:
        return qs
    return qs.filter(Q(quartiere__id__in=scope.edit_quartier_ids) | Q(pk__in=scope.partner_org_ids)).distinct()


def actor_type_list() -> QuerySet[ActorType]:
    return ActorType.objects.select_related("parent").order_by("order", "name")


def contact_person_list(*, user: User, filters: dict | None = None) -> QuerySet[ContactPerson]:
    """Contact persons are personal data: evaluation users never see them."""
    scope = get_scope(user)
    qs = ContactPerson.objects.all()
    if not scope.is_admin:
        q = Q(pk__in=[])
        if scope.personal_quartier_ids:
            q |= Q(organisation__quartiere__id__in=scope.personal_quartier_ids)
        if scope.partner_org_ids:
            q |= Q(organisation_id__in=scope.partner_org_ids)
        qs = qs.filter(pk__in=ContactPerson.objects.filter(q).values("pk"))
    filters = filters or {}
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(function__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    if org := filters.get("organisation"):
        qs = qs.filter(organisation_id=org)
    if quartier := filters.get("quartier"):
        qs = qs.filter(organisation__quartiere__slug=quartier)
    if (authority := filters.get("decision_authority")) not in (None, ""):
        qs = qs.filter(decision_authority=authority in (True, "true", "1", "on"))
    return (
        qs.select_related("organisation", "organisation__actor_type")
        .prefetch_related(Prefetch("consents", queryset=ConsentRecord.objects.order_by("-given_on")))
        .distinct()
        .order_by("last_name", "first_name")
    )


def contact_person_get(*, user: User, pk: int) -> ContactPerson:
    try:
        return contact_person_list(user=user).get(pk=pk)
    except ContactPerson.DoesNotExist as exc:
        raise Http404 from exc


def contact_person_can_edit(*, user: User, person: ContactPerson) -> bool:
    return organisation_can_edit(user=user, organisation=person.organisation)


@dataclass(frozen=True)
class ContactView:
    """What of a contact person may be shown to this user, given the consents on record."""

    person: ContactPerson
    email: str | None
    phone: str | None
    hidden_reason: str | None
    consents: dict[str, bool]


def contact_person_view(*, user: User, person: ContactPerson) -> ContactView:
    """Contact details need the purpose's consent: own organisation and coaches need 'Kontaktaufnahme';
    partners of other organisations need 'Weitergabe an Netzwerkpartner'. Administration sees all."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = timezone.localdate()
    records = list(person.consents.all())
    active = {p: any(r.purpose == p and r.is_active(today) for r in records) for p in ConsentPurpose.values}
    scope = get_scope(user)
    if scope.is_admin or person.organisation_id in scope.partner_org_ids:
        return ContactView(person, person.email, person.phone, None, active)
    needed = ConsentPurpose.CONTACT
    if needed and not active[needed]:
        return ContactView(
            person, None, None,
            _("Contact details hidden: no valid consent to be contacted."), active,
        )
    return ContactView(person, person.email, person.phone, None, active)


def contact_person_public_list(*, quartier_id: int) -> list[ContactPerson]:
    """Contact persons whose publication consent is active (for public directories)."""
    from django.utils import timezone

    today = timezone.localdate()
    qs = (
        ContactPerson.objects.filter(organisation__quartiere__id=quartier_id, consents__purpose=ConsentPurpose.PUBLISH)
        .prefetch_related("consents")
        .select_related("organisation")
        .distinct()
    )
    return [
        p for p in qs if any(r.purpose == ConsentPurpose.PUBLISH and r.is_active(today) for r in p.consents.all())
    ]
