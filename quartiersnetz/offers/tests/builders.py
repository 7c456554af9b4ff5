"""Test data of the offers app on top of the shared test world. Importable without pytest (tests/test_access.py
uses `build_offers`)."""

from __future__ import annotations

from dataclasses import dataclass

from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import ImportBatch
from quartiersnetz.testing import make_contact, make_organisation

from ..models import DuplicateAssessment, HsdsOrganisationLink, Offer, OfferLocation, TargetGroup, Topic


@dataclass
class Offers:
    world: object
    caritas: object
    public_contact: object
    offer: object  # in Quartier A, contact with publication consent
    twin: object  # near-duplicate of `offer` in the same cell, by another provider
    hidden: object  # in Quartier A, contact without publication consent
    offer_b: object  # in Quartier B
    location: object
    assessment: object
    link: object
    batch: object  # an HSDS import of coach_a in preview


def term(model, slug):
    return model.objects.get(slug=slug)


def make_offer(quartier, provider, *, title, description="", groups=(), topics=(), contact=None, **kw) -> Offer:
    offer = Offer.objects.create(quartier=quartier, provider=provider, title=title, description=description,
                                 contact=contact, **kw)
    offer.target_groups.set([term(TargetGroup, s) for s in groups])
    offer.topics.set([term(Topic, s) for s in topics])
    return offer


def build_offers(world) -> Offers:
    caritas = make_organisation(world.qa, name="Caritas Marxloh")
    public_contact = make_contact(caritas, consents=(ConsentPurpose.CONTACT, ConsentPurpose.PUBLISH),
                                  first_name="Fatma", last_name="Öffentlich", email="fatma@caritas.example")
    offer = make_offer(
        world.qa, caritas, title="Schuldnerberatung im Stadtteil",
        description="Beratung bei Schulden und Überschuldung, Haushaltsplan, Verhandlung mit Gläubigern.",
        groups=("langzeitarbeitslose",), topics=("schulden",), contact=public_contact,
        opening_hours=[{"weekday": 1, "opens": "09:00", "closes": "12:00"}], languages="Deutsch, Türkisch",
    )
    twin = make_offer(
        world.qa, world.org_a, title="Schuldner- und Insolvenzberatung",
        description="Beratung bei Überschuldung und Schulden, Haushaltsplan, Gespräche mit Gläubigern.",
        groups=("langzeitarbeitslose",), topics=("schulden",),
    )
    hidden = make_offer(world.qa, world.org_a, title="Jobcoaching für Alleinerziehende", groups=("alleinerziehende",),
                        topics=("arbeitsvermittlung",), contact=world.contact_a)
    offer_b = make_offer(world.qb, world.org_b, title="Sprachcafé Chorweiler", groups=("gefluechtete",),
                         topics=("sprache",))
    location = OfferLocation.objects.create(offer=offer, name="Beratungszentrum", street="Weseler Straße 12",
                                            postal_code="47169", city="Duisburg", latitude="51.502100",
                                            longitude="6.778500")
    assessment = DuplicateAssessment.objects.create(quartier=world.qa, offer_a=offer, offer_b=twin,
                                                    verdict="confirmed", score="0.700", assessed_by=world.coach_a)
    link = HsdsOrganisationLink.objects.create(quartier=world.qa, organisation=caritas, hsds_id="org-caritas")
    batch = ImportBatch.objects.create(kind="hsds", created_by=world.coach_a, quartier=world.qa, filename="a.json",
                                       content=b"[]")
    return Offers(world, caritas, public_contact, offer, twin, hidden, offer_b, location, assessment, link, batch)
