"""Writes of the offers app: offers, their locations and the coaches' duplicate assessments. One transaction
each. Offers are not personal data, but their contact person is: linking, changing or dropping the contact person
of an offer is audited (it decides what the public directory shows)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import audit_log

from .choices import DuplicateVerdict
from .hours import valid_slots
from .models import DuplicateAssessment, Offer, OfferLocation, TargetGroup, Topic
from .selectors import offer_can_edit, offer_partner_choices

OFFER_FIELDS = (
    "provider", "title", "description", "legal_basis", "in_quartier", "opening_hours", "opening_hours_note",
    "languages", "costs", "access_route", "access_note", "capacity", "status", "valid_from", "valid_until",
    "contact", "url", "email", "phone", "hsds_id",
)
LOCATION_FIELDS = (
    "name", "street", "postal_code", "city", "latitude", "longitude", "accessibility", "transportation", "hsds_id",
)


def _validate(instance, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def _check_relations(offer: Offer, *, user: User | None) -> None:
    errors: dict[str, list[str]] = {}
    if not offer.provider.quartiere.filter(pk=offer.quartier_id).exists():
        errors["provider"] = [_("The provider is not active in this neighbourhood.")]
    elif user is not None:
        scope = get_scope(user)
        if not scope.can_edit_quartier(offer.quartier_id) and offer.provider_id not in scope.partner_org_ids:
            errors["provider"] = [_("You may only enter offers of your own organisation.")]
    if offer.contact is not None and offer.contact.organisation_id != offer.provider_id:
        errors["contact"] = [_("The contact person must work for the provider.")]
    if not valid_slots(offer.opening_hours):
        errors["opening_hours"] = [_("The opening hours are not valid.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], extra=errors)


def _partners(offer: Offer, data: dict) -> list[Organisation] | None:
    """The partner organisations the offer has after this write; None when they are not written."""
    if "partners" not in data:
        return None if offer.pk is None else list(offer.partners.all())
    partners = list(dict.fromkeys(data["partners"] or []))
    if any(not isinstance(p, Organisation) for p in partners):
        raise ApplicationError(_("The input is not valid."), extra={"partners": [_("Unknown entry.")]})
    return partners


def _check_partners(offer: Offer, partners: list[Organisation] | None, *, user: User | None) -> None:
    """The provider is no partner of its own offer; partners added now must be active in the Quartier (and, for a
    user, among the organisations it may choose). Partners already linked stay valid, even if they left."""
    if not partners:
        return
    if any(p.pk == offer.provider_id for p in partners):
        message = _("The provider cannot also be a partner organisation.")
        raise ApplicationError(message, extra={"partners": [message]})
    linked = set(offer.partners.values_list("pk", flat=True)) if offer.pk else set()
    added = [p.pk for p in partners if p.pk not in linked]
    if not added:
        return
    if user is None:
        allowed = set(Organisation.quartiere.through.objects.filter(
            quartier_id=offer.quartier_id, organisation_id__in=added).values_list("organisation_id", flat=True))
    else:
        allowed = set(offer_partner_choices(user=user, quartier_ids=[offer.quartier_id])
                      .filter(pk__in=added).values_list("pk", flat=True))
    if any(pk not in allowed for pk in added):
        message = _("Partner organisations must be active in this neighbourhood.")
        raise ApplicationError(message, extra={"partners": [message]})


def _set_partners(offer: Offer, partners: list[Organisation] | None) -> list[str]:
    if partners is None:
        return []
    changed = {p.pk for p in offer.partners.all()} != {p.pk for p in partners}
    if changed:
        offer.partners.set(partners)
    return ["partners"] if changed else []


def _set_terms(offer: Offer, data: dict) -> list[str]:
    changed = []
    for name, model in (("target_groups", TargetGroup), ("topics", Topic)):
        if name not in data:
            continue
        terms = list(data[name])
        if any(not isinstance(t, model) for t in terms):
            raise ApplicationError(_("The input is not valid."), extra={name: [_("Unknown entry.")]})
        if {t.pk for t in getattr(offer, name).all()} != {t.pk for t in terms}:
            changed.append(name)
        getattr(offer, name).set(terms)
    return changed


def _audit_contact(*, user, offer: Offer, action: str, fields) -> None:
    audit_log(user=user, action=action, obj=offer, fields=fields, quartier=offer.quartier)


def _hsds_taken(offer: Offer) -> bool:
    return Offer.objects.filter(quartier_id=offer.quartier_id, hsds_id=offer.hsds_id).exclude(pk=offer.pk).exists()


@transaction.atomic
def offer_create(*, user: User | None, quartier: Quartier, data: dict, system: bool = False) -> Offer:
    """Create an offer in a Quartier. `system=True` (console import) skips the user's permission checks."""
    if not system and not get_scope(user).can_see_quartier(quartier.pk):
        raise Http404
    values = {k: v for k, v in data.items() if k in OFFER_FIELDS and not (k == "hsds_id" and not v)}
    offer = Offer(quartier=quartier, created_by=user if user is not None and user.is_authenticated else None,
                  **values)
    if _hsds_taken(offer):
        message = _("An offer with this HSDS id already exists in the neighbourhood.")
        raise ApplicationError(message, extra={"hsds_id": [message]}, status=409)
    _validate(offer)
    _check_relations(offer, user=None if system else user)
    partners = _partners(offer, data)
    _check_partners(offer, partners, user=None if system else user)
    offer.save()
    _set_terms(offer, data)
    _set_partners(offer, partners)
    if offer.contact_id:
        _audit_contact(user=user, offer=offer, action=AuditAction.CREATE, fields=["contact"])
    return offer


@transaction.atomic
def offer_update(*, user: User | None, offer: Offer, data: dict, system: bool = False) -> Offer:
    if not system and not offer_can_edit(user=user, offer=offer):
        raise Http404
    values = {k: v for k, v in data.items() if k in OFFER_FIELDS}
    old_contact = offer.contact_id
    changed = [k for k, v in values.items() if getattr(offer, k) != v]
    for name, value in values.items():
        setattr(offer, name, value)
    if _hsds_taken(offer):
        raise ApplicationError(_("An offer with this HSDS id already exists in the neighbourhood."), status=409)
    _validate(offer)
    _check_relations(offer, user=None if system else user)
    partners = _partners(offer, data)
    _check_partners(offer, partners, user=None if system else user)
    offer.save()
    changed += _set_terms(offer, data)
    changed += _set_partners(offer, partners)
    if "contact" in values and offer.contact_id != old_contact:
        _audit_contact(user=user, offer=offer, action=AuditAction.UPDATE, fields=["contact"])
    offer._changed_fields = changed
    return offer


@transaction.atomic
def offer_delete(*, user: User, offer: Offer) -> None:
    if not offer_can_edit(user=user, offer=offer):
        raise Http404
    if offer.contact_id:
        _audit_contact(user=user, offer=offer, action=AuditAction.DELETE, fields=["contact"])
    offer.delete()


def _check_address(location: OfferLocation) -> None:
    parts = (location.street, location.postal_code, location.city)
    if any(parts) and not all(parts):
        message = _("Please give street, postcode and town together.")
        missing = [n for n, v in zip(("street", "postal_code", "city"), parts, strict=True) if not v]
        raise ApplicationError(message, extra={name: [message] for name in missing})
    if location.postal_code and not (location.postal_code.isdigit() and len(location.postal_code) == 5):
        message = _("Please enter a postcode with five digits.")
        raise ApplicationError(message, extra={"postal_code": [message]})


def _coordinates(data: dict) -> None:
    for name in ("latitude", "longitude"):
        value = data.get(name)
        if value is not None and not isinstance(value, Decimal):
            data[name] = Decimal(str(value)).quantize(Decimal("0.000001"))


@transaction.atomic
def offer_location_create(*, user: User | None, offer: Offer, data: dict, system: bool = False) -> OfferLocation:
    if not system and not offer_can_edit(user=user, offer=offer):
        raise Http404
    data = {k: v for k, v in data.items() if k in LOCATION_FIELDS}
    _coordinates(data)
    location = OfferLocation(offer=offer, **data)
    _validate(location)
    _check_address(location)
    try:
        location.save()
    except IntegrityError as exc:
        raise ApplicationError(_("The location could not be saved.")) from exc
    return location


@transaction.atomic
def offer_location_update(*, user: User | None, location: OfferLocation, data: dict,
                          system: bool = False) -> OfferLocation:
    if not system and not offer_can_edit(user=user, offer=location.offer):
        raise Http404
    data = {k: v for k, v in data.items() if k in LOCATION_FIELDS}
    _coordinates(data)
    for name, value in data.items():
        setattr(location, name, value)
    _validate(location)
    _check_address(location)
    location.save()
    return location


@transaction.atomic
def offer_location_delete(*, user: User, location: OfferLocation) -> None:
    if not offer_can_edit(user=user, offer=location.offer):
        raise Http404
    location.delete()


@transaction.atomic
def duplicate_assess(*, user: User, quartier: Quartier, a: Offer, b: Offer, score: float, verdict: str,
                     note: str = "") -> DuplicateAssessment:
    """Store (or change) the coach's verdict on a flagged pair. Only users who may edit the Quartier assess."""
    if not get_scope(user).can_edit_quartier(quartier.pk) or a.quartier_id != quartier.pk or \
            b.quartier_id != quartier.pk:
        raise Http404
    if verdict not in DuplicateVerdict.values:
        message = _("Please choose an assessment.")
        raise ApplicationError(message, extra={"verdict": [message]})
    if a.pk == b.pk:
        raise ApplicationError(_("An offer cannot duplicate itself."))
    first, second = (a, b) if a.pk < b.pk else (b, a)
    assessment, _created = DuplicateAssessment.objects.update_or_create(
        offer_a=first, offer_b=second,
        defaults={"quartier": quartier, "verdict": verdict, "score": Decimal(str(round(score, 3))),
                  "note": (note or "").strip(), "assessed_by": user},
    )
    return assessment


@transaction.atomic
def duplicate_reopen(*, user: User, assessment: DuplicateAssessment) -> None:
    if not get_scope(user).can_edit_quartier(assessment.quartier_id):
        raise Http404
    assessment.delete()


def terms_by_slug(model, slugs: Iterable[str]) -> list:
    return list(model.objects.filter(slug__in=list(slugs)))


@transaction.atomic
def offer_locations_set(*, user: User, offer: Offer, locations: list[dict]) -> list[OfferLocation]:
    """Replace the locations of an offer (API). Locations with a known `hsds_id` are updated, the rest created,
    locations not named any more deleted."""
    if not offer_can_edit(user=user, offer=offer):
        raise Http404
    current = {loc.hsds_id: loc for loc in offer.locations.all()}
    kept = []
    for data in locations:
        existing = current.pop(data.get("hsds_id") or "", None)
        if existing is None:
            kept.append(offer_location_create(user=user, offer=offer, data=data))
        else:
            kept.append(offer_location_update(user=user, location=existing, data=data))
    for stale in current.values():
        stale.delete()
    return kept
