"""Demo offers: 100+ offers across the Quartiere, deterministic, with deliberate duplicates and gaps."""

import random

import pytest

from quartiersnetz.core.models import Quartier
from quartiersnetz.offers.demo import PREFIX, load_offers_demo
from quartiersnetz.offers.models import Offer, OfferLocation
from quartiersnetz.offers.selectors import offer_matrix
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation, make_quartier

pytestmark = pytest.mark.django_db

TYPES = ("schuldnerberatung", "traeger", "familienzentrum", "kontaktstelle", "erwerbslosenberatung", "jobcenter",
         "beratungsstelle", "verein", "kita", "migrationsberatung")


def _sites(world, count=6):
    quartiere = {}
    for n in range(count):
        q = make_quartier(world.programme, slug=f"demo-{n}", city="Demostadt", name=f"Viertel {n}")
        for index, slug in enumerate(TYPES):
            org = make_organisation(q, name=f"{slug} {n}", actor_type=make_actor_type(slug=slug, name=slug),
                                    latitude="51.500000", longitude="6.700000", street=f"Weg {index}", city="Demostadt")
            if index % 3 == 0:
                make_contact(org, consents=("contact", "publish"))
        quartiere[q.slug] = q
    return quartiere


def _snapshot():
    return sorted(Offer.objects.values_list("hsds_id", "title", "provider__name", "status", "capacity"))


def test_demo_has_many_offers_duplicates_and_gaps(world):
    quartiere = _sites(world)
    result = load_offers_demo(quartiere=quartiere, rng=random.Random(7))
    assert result.created and result.offers == Offer.objects.count() >= 6 * 10
    assert all(10 <= Offer.objects.filter(quartier=q).count() <= 30 for q in quartiere.values())
    assert result.locations == OfferLocation.objects.count() >= result.offers
    assert all(o.hsds_id.startswith(PREFIX) for o in Offer.objects.all())
    duplicates = gaps = 0
    for q in quartiere.values():
        view = offer_matrix(user=world.admin, quartier=q)
        duplicates += len(view.duplicates)
        gaps += len(view.matrix.gaps)
    assert duplicates >= 3
    assert gaps > 6 * 50


def test_demo_is_deterministic_and_idempotent(world):
    quartiere = _sites(world, count=3)
    load_offers_demo(quartiere=quartiere, rng=random.Random(7))
    first = _snapshot()
    again = load_offers_demo(quartiere=quartiere, rng=random.Random(99))
    assert not again.created and _snapshot() == first
    load_offers_demo(quartiere=quartiere, rng=random.Random(7), reset=True)
    assert _snapshot() == first


def test_full_demo_has_100_plus_offers():
    """The real demo (all Quartiere of `load-demo`) holds 100+ offers."""
    from quartiersnetz.demo.loader import load_demo

    load_demo()
    quartiere = {q.slug: q for q in Quartier.objects.all()}
    result = load_offers_demo(quartiere=quartiere, rng=random.Random(2018))
    assert result.offers >= 100
    assert Offer.objects.filter(contact__isnull=False).count() > 0


def test_demo_gives_some_offers_partners_of_the_same_quartier(world):
    quartiere = _sites(world, count=3)
    load_offers_demo(quartiere=quartiere, rng=random.Random(7))
    joint = Offer.objects.filter(partners__isnull=False).distinct()
    assert 0 < joint.count() < Offer.objects.count()
    for offer in joint.prefetch_related("partners__quartiere"):
        partners = list(offer.partners.all())
        assert 1 <= len(partners) <= 2 and offer.provider not in partners
        assert all(offer.quartier in p.quartiere.all() for p in partners)

    def links():
        return sorted(Offer.partners.through.objects.values_list("offer__hsds_id", "organisation__name"))

    first = links()
    load_offers_demo(quartiere=quartiere, rng=random.Random(7), reset=True)
    assert links() == first
