"""Import a validated HSDS package into one Quartier.

`plan_import` resolves everything without writing: the provider organisation of each service (by the HSDS
organization id remembered for the Quartier, else by name, else a new organisation), the existing offer (by the
stored HSDS service id in the Quartier), target groups and topics, locations and the contact person. Problems it
finds are added to the package with file, row and field, so the caller imports nothing.

`write_import` writes a plan through the ordinary services (offers, organisations, contact persons and consents,
so personal data is audited as when entered by hand). The caller runs it in one transaction: either everything
is imported or nothing. A second import of the same package updates the same records and creates none.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ActorType, ContactPerson, Organisation
from quartiersnetz.actors.services import contact_person_create, contact_person_update, organisation_create
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentMethod, ConsentPurpose
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import consent_record

from ..models import HsdsOrganisationLink, Offer, OfferLocation, TargetGroup, Topic
from ..services import (
    offer_create,
    offer_location_create,
    offer_location_delete,
    offer_location_update,
    offer_update,
)
from .reader import Package, Row, value
from .schema import STATUS_FROM_HSDS, VOCABULARY_TARGET_GROUP, VOCABULARY_TOPIC

DEFAULT_ACTOR_TYPE = "sonstige"
PROGRESS_STEP = 25
CONSENT_NOTE = "Aus HSDS-Import übernommen"


def organisation_hsds_id(organisation: Organisation) -> str:
    """The id an organisation gets in an export when no HSDS id is remembered for it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"quartiersnetz:organisation:{organisation.pk}"))


@dataclass
class OrganisationPlan:
    hsds_id: str
    row: Row
    existing: Organisation | None
    data: dict
    actor_type: ActorType | None


@dataclass
class ContactPlan:
    row: Row
    first_name: str
    last_name: str
    data: dict
    publish_since: dt.date | None


@dataclass
class LocationPlan:
    hsds_id: str
    data: dict


@dataclass
class OfferPlan:
    row: Row
    existing: Offer | None
    organisation: OrganisationPlan
    data: dict
    target_groups: list[TargetGroup]
    topics: list[Topic]
    locations: list[LocationPlan]
    contact: ContactPlan | None


@dataclass
class ImportPlan:
    package: Package
    quartier: Quartier
    organisations: dict[str, OrganisationPlan] = field(default_factory=dict)
    offers: list[OfferPlan] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.package.ok

    def counts(self) -> dict[str, int]:
        return {
            "offers_new": sum(1 for o in self.offers if o.existing is None),
            "offers_updated": sum(1 for o in self.offers if o.existing is not None),
            "organisations_new": sum(1 for o in self.organisations.values() if o.existing is None),
            "organisations_known": sum(1 for o in self.organisations.values() if o.existing is not None),
            "locations": sum(len(o.locations) for o in self.offers),
            "contacts": sum(1 for o in self.offers if o.contact is not None),
        }


def _by_name(model, name: str):
    wanted = name.strip().casefold()
    qs = model.objects.annotate(name_length=Length("name")).filter(name_length=len(name.strip()))
    return next((o for o in qs if o.name.casefold() == wanted), None)


def _group(rows: list[Row], key: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        if row.get(key):
            out.setdefault(row.get(key), []).append(row)
    return out


class _Planner:
    def __init__(self, package: Package, quartier: Quartier, user: User,
                 progress: Callable[[int], None] | None = None):
        self.p = package
        self.progress = progress
        self.quartier = quartier
        self.user = user
        self.plan = ImportPlan(package, quartier)
        self.links = {
            link.hsds_id: link.organisation
            for link in HsdsOrganisationLink.objects.filter(quartier=quartier).select_related("organisation")
        }
        self.target_groups = list(TargetGroup.objects.all())
        self.topics = list(Topic.objects.all())
        self.ignored_terms: set[str] = set()
        self.locations = {r.get("id"): r for r in package.rows("locations")}
        self.addresses = _group(package.rows("physical_addresses"), "location_id")
        self.access = _group(package.rows("accessibility_for_disabilities"), "location_id")
        self.sal_by_service = _group(package.rows("services_at_location"), "service_id")
        self.schedules = _group(package.rows("regular_schedules"), "service_id")
        self.schedules_sal = _group(package.rows("regular_schedules"), "service_at_location_id")
        self.languages = _group(package.rows("languages"), "service_id")
        self.phones_service = _group([r for r in package.rows("phones") if not r.get("contact_id")], "service_id")
        self.phones_contact = _group(package.rows("phones"), "contact_id")
        self.contacts = _group(package.rows("contacts"), "service_id")
        self.taxonomy = {r.get("id"): r for r in package.rows("taxonomy")}
        self.service_terms = _group(package.rows("service_taxonomy"), "service_id")
        self.offers = {o.hsds_id: o for o in Offer.objects.filter(quartier=quartier).prefetch_related("locations")}
        self.actor_types = {t.slug: t for t in ActorType.objects.all()}

    def organisation(self, org_id: str) -> OrganisationPlan:
        if org_id in self.plan.organisations:
            return self.plan.organisations[org_id]
        row = next(r for r in self.p.rows("organizations") if r.get("id") == org_id)
        name = row.get("name")
        existing = self.links.get(org_id) or _by_name(Organisation, name)
        slug = row.get("x_actor_type") or DEFAULT_ACTOR_TYPE
        actor_type = self.actor_types.get(slug) or self.actor_types.get(DEFAULT_ACTOR_TYPE)
        if existing is None and actor_type is None:
            self.p.problem("organizations", row.line, "x_actor_type", _("Unknown actor type “{slug}”.").format(
                slug=slug))
        data = {"name": name, "description": row.get("description"), "email": row.get("email"),
                "website": row.get("url")}
        plan = OrganisationPlan(org_id, row, existing, data, actor_type)
        self.plan.organisations[org_id] = plan
        return plan

    def terms(self, service_id: str) -> tuple[list[TargetGroup], list[Topic]]:
        groups, topics = [], []
        for link in self.service_terms.get(service_id, []):
            term = self.taxonomy.get(link.get("taxonomy_id"))
            if term is None:
                continue
            vocabulary = term.get("vocabulary")
            code = link.get("taxonomy_detail") or term.get("id").split(":", 1)[-1]
            name = term.get("name").casefold()
            found = None
            if vocabulary in (VOCABULARY_TARGET_GROUP, VOCABULARY_TOPIC):
                pool = self.target_groups if vocabulary == VOCABULARY_TARGET_GROUP else self.topics
                found = next((t for t in pool if t.slug == code), None) or next(
                    (t for t in pool if t.name.casefold() == name), None)
            else:
                found = next((t for t in self.target_groups + self.topics if t.name.casefold() == name), None)
            if found is None:
                self.ignored_terms.add(term.get("name"))
            elif isinstance(found, TargetGroup):
                groups.append(found)
            else:
                topics.append(found)
        return list(dict.fromkeys(groups)), list(dict.fromkeys(topics))

    def hours(self, service_id: str) -> list[dict]:
        rows = list(self.schedules.get(service_id, []))
        for sal in self.sal_by_service.get(service_id, []):
            rows += self.schedules_sal.get(sal.get("id"), [])
        slots = {}
        for row in rows:
            opens, closes = value(row, "regular_schedules", "opens_at"), value(row, "regular_schedules", "closes_at")
            if opens and closes:
                weekday = value(row, "regular_schedules", "weekday")
                slots[(weekday, opens, closes)] = {"weekday": weekday, "opens": opens, "closes": closes}
        return [slots[k] for k in sorted(slots)]

    def location(self, location_id: str) -> LocationPlan:
        row = self.locations[location_id]
        data = {
            "name": row.get("name"), "transportation": row.get("transportation"),
            "latitude": value(row, "locations", "latitude"), "longitude": value(row, "locations", "longitude"),
            "street": "", "postal_code": "", "city": "",
        }
        addresses = self.addresses.get(location_id, [])
        if addresses:
            address = addresses[0]
            data.update(street=address.get("address_1"), postal_code=address.get("postal_code"),
                        city=address.get("city"))
        parts = []
        for access in self.access.get(location_id, []):
            text = access.get("accessibility")
            parts.append(f"{text}: {access.get('details')}" if access.get("details") else text)
        data["accessibility"] = "\n".join(parts)
        return LocationPlan(location_id, data)

    def contact(self, service_id: str) -> ContactPlan | None:
        rows = self.contacts.get(service_id, [])
        if not rows:
            return None
        row = rows[0]
        name = row.get("name")
        if not name:
            self.p.problem("contacts", row.line, "name", _("The contact person needs a name to be imported."))
            return None
        first, _sep, last = name.rpartition(" ")
        if not first:
            first, last = "", name
        if len(first) > 100 or len(last) > 100:
            self.p.problem("contacts", row.line, "name", _("The name is too long."))
        since = value(row, "contacts", "x_publish_consent_given_on")
        if since and since > timezone.localdate():
            self.p.problem("contacts", row.line, "x_publish_consent_given_on",
                           _("Consent cannot be given in the future."))
        phones = self.phones_contact.get(row.get("id"), [])
        data = {"function": row.get("title"), "email": row.get("email"),
                "phone": phones[0].get("number") if phones else ""}
        return ContactPlan(row, first, last, data, since)

    def service(self, row: Row) -> None:
        service_id = row.get("id")
        organisation = self.organisation(row.get("organization_id"))
        groups, topics = self.terms(service_id)
        phones = self.phones_service.get(service_id, [])
        status = value(row, "services", "x_status") or STATUS_FROM_HSDS[row.get("status")]
        in_quartier = value(row, "services", "x_in_quartier")
        data = {
            "title": row.get("name"), "description": row.get("description"), "url": row.get("url"),
            "email": row.get("email"), "status": status, "costs": row.get("fees"),
            "access_note": row.get("application_process"), "access_route": row.get("x_access_route"),
            "legal_basis": row.get("x_legal_basis"), "capacity": value(row, "services", "x_capacity"),
            "valid_from": value(row, "services", "x_valid_from"),
            "valid_until": value(row, "services", "x_valid_until"),
            "in_quartier": True if in_quartier is None else in_quartier,
            "opening_hours": self.hours(service_id),
            "opening_hours_note": row.get("x_opening_hours_note"),
            "languages": ", ".join(r.get("language") for r in self.languages.get(service_id, [])),
            "phone": phones[0].get("number") if phones else row.get("x_phone"), "hsds_id": service_id,
        }
        for name, limit in (("languages", 300), ("phone", 50)):
            if len(data[name]) > limit:
                self.p.problem("services", row.line, name, _("The text is longer than {max} characters.").format(
                    max=limit))
        locations = []
        for sal in self.sal_by_service.get(service_id, []):
            location_id = sal.get("location_id")
            if location_id in self.locations and location_id not in {loc.hsds_id for loc in locations}:
                locations.append(self.location(location_id))
        self.plan.offers.append(OfferPlan(
            row, self.offers.get(service_id), organisation, data, groups, topics, locations,
            self.contact(service_id),
        ))

    def run(self) -> ImportPlan:
        if not get_scope(self.user).can_edit_quartier(self.quartier.pk):
            self.p.problem(None, None, "", _("You may not import into this neighbourhood."))
            return self.plan
        services = self.p.rows("services")
        for count, row in enumerate(services, start=1):
            self.service(row)
            if self.progress is not None and (count % PROGRESS_STEP == 0 or count == len(services)):
                self.progress(count)
        if self.ignored_terms:
            self.p.warnings.append(_("Categories without a matching target group or topic were ignored: {terms}.")
                                   .format(terms=", ".join(sorted(self.ignored_terms))))
        return self.plan


def plan_import(package: Package, *, quartier: Quartier, user: User,
                progress: Callable[[int], None] | None = None) -> ImportPlan:
    """Plan the import of a valid package (an invalid one gives an empty plan). `progress(offers_planned)` is
    called every PROGRESS_STEP services and after the last one."""
    if not package.ok:
        return ImportPlan(package, quartier)
    return _Planner(package, quartier, user, progress).run()


def _organisation(plan: OrganisationPlan, *, user: User, quartier: Quartier, summary: dict) -> Organisation:
    if plan.existing is None:
        data = {k: v for k, v in plan.data.items() if v}
        plan.existing = organisation_create(user=user, data={**data, "actor_type": plan.actor_type},
                                            quartiere=[quartier])
        summary["organisations_created"] += 1
    elif not plan.existing.quartiere.filter(pk=quartier.pk).exists():
        plan.existing.quartiere.add(quartier)  # the importing user may edit this Quartier (checked by the plan)
    HsdsOrganisationLink.objects.filter(quartier=quartier, organisation=plan.existing).exclude(
        hsds_id=plan.hsds_id).delete()
    HsdsOrganisationLink.objects.update_or_create(
        quartier=quartier, hsds_id=plan.hsds_id, defaults={"organisation": plan.existing})
    return plan.existing


def _contact(plan: ContactPlan, *, user: User, organisation: Organisation, quartier: Quartier,
             summary: dict) -> ContactPerson:
    wanted = f"{plan.first_name} {plan.last_name}".strip().casefold()
    person = next((p for p in organisation.contacts.all() if p.full_name.strip().casefold() == wanted), None)
    if person is None:
        person = contact_person_create(user=user, organisation=organisation, data={
            "first_name": plan.first_name, "last_name": plan.last_name, **plan.data})
        summary["contacts_created"] += 1
    else:
        changes = {k: v for k, v in plan.data.items() if v and getattr(person, k) != v}
        if changes:
            person = contact_person_update(user=user, person=person, data=changes)
    if plan.publish_since:
        today = timezone.localdate()
        active = any(r.purpose == ConsentPurpose.PUBLISH and r.is_active(today) for r in person.consents.all())
        if not active:
            consent_record(user=user, subject=person, purpose=ConsentPurpose.PUBLISH, given_on=plan.publish_since,
                           method=ConsentMethod.WRITTEN, scope_note=CONSENT_NOTE, quartier=quartier)
            summary["consents"] += 1
    return person


def write_import(plan: ImportPlan, *, user: User, progress=None) -> dict:
    """Write a valid plan. Run inside one transaction (see import_services)."""
    quartier = plan.quartier
    summary = {"offers_created": 0, "offers_updated": 0, "organisations_created": 0, "contacts_created": 0,
               "consents": 0, "locations": 0}
    for index, item in enumerate(plan.offers, start=1):
        organisation = _organisation(item.organisation, user=user, quartier=quartier, summary=summary)
        data = {**item.data, "provider": organisation, "target_groups": item.target_groups, "topics": item.topics}
        data["contact"] = None
        if item.contact is not None:
            data["contact"] = _contact(item.contact, user=user, organisation=organisation, quartier=quartier,
                                       summary=summary)
        if item.existing is None:
            offer = offer_create(user=user, quartier=quartier, data=data)
            summary["offers_created"] += 1
            existing_locations: dict[str, OfferLocation] = {}
        else:
            offer = offer_update(user=user, offer=item.existing, data=data)
            summary["offers_updated"] += 1
            existing_locations = {loc.hsds_id: loc for loc in offer.locations.all()}
        for loc in item.locations:
            current = existing_locations.pop(loc.hsds_id, None)
            if current is None:
                offer_location_create(user=user, offer=offer, data={**loc.data, "hsds_id": loc.hsds_id})
            else:
                offer_location_update(user=user, location=current, data=loc.data)
            summary["locations"] += 1
        for stale in existing_locations.values():
            offer_location_delete(user=user, location=stale)
        if progress is not None:
            progress(index)
    return summary
