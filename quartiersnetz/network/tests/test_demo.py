"""Demo ties: every Quartier gets a visible core (k >= 3), brokers and a Jobcenter integration figure;
deterministic and idempotent."""

from __future__ import annotations

import random

import pytest

from quartiersnetz.network.demo import load_network_demo
from quartiersnetz.network.models import ManualTie
from quartiersnetz.network.selectors import network_analysis
from quartiersnetz.testing import make_actor_type, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_quartier(world):
    q = world.qa  # already has "Jobcenter Duisburg" (type jobcenter)
    types = {slug: make_actor_type(slug, name) for slug, name in [
        ("agentur-fuer-arbeit", "Agentur für Arbeit"), ("kommune", "Kommune"),
        ("stadtteilmanagement", "Stadtteilmanagement"), ("traeger", "Träger"), ("soziale-dienste", "Soziale Dienste"),
        ("multiplikator", "Multiplikator"), ("wirtschaft", "Wirtschaft"), ("kontaktstelle", "Kontaktstelle")]}
    familienzentrum = make_actor_type("familienzentrum", "Familienzentrum", parent=types["multiplikator"])
    kammer = make_actor_type("kammer", "Kammer", parent=types["wirtschaft"])
    for slug, count in [("agentur-fuer-arbeit", 1), ("kommune", 2), ("stadtteilmanagement", 1), ("traeger", 3),
                        ("soziale-dienste", 6), ("multiplikator", 8), ("wirtschaft", 6), ("kontaktstelle", 1)]:
        for i in range(count):
            make_organisation(q, name=f"{types[slug].name} {i + 1}", actor_type=types[slug])
    make_organisation(q, name="Familienzentrum Nord", actor_type=familienzentrum)
    make_organisation(q, name="IHK Niederrhein", actor_type=kammer)
    return q


def test_demo_gives_core_brokers_and_jobcenter_figure(world, demo_quartier):
    result = load_network_demo(quartiere={demo_quartier.slug: demo_quartier}, rng=random.Random(1))
    assert result.created and result.ties > 40
    analysis = network_analysis(user=world.coach_a, quartier_id=demo_quartier.pk).analysis
    assert analysis.network.stable_core_k >= 3
    assert world.org_a.pk in {int(i) for i in analysis.network.stable_core}  # the Jobcenter is in the core
    assert sum(n.broker for n in analysis.nodes) >= 2
    assert analysis.jobcenter.share_within_1 is not None and analysis.jobcenter.share_within_2 > 0.5
    # Both survey waves and hand-entered ties exist; wave 2 is larger (growth).
    waves = {w: ManualTie.objects.filter(wave=w).count() for w in ("Welle 1 (2013)", "Welle 2 (2014)")}
    assert 0 < waves["Welle 1 (2013)"] < waves["Welle 2 (2014)"]
    assert ManualTie.objects.filter(source="manual").exists()
    # Every tie links two organisations of the Quartier.
    ids = set(demo_quartier.organisations.values_list("pk", flat=True))
    assert all(t.organisation_a_id in ids and t.organisation_b_id in ids for t in ManualTie.objects.all())


def test_demo_is_deterministic_and_idempotent(world, demo_quartier):
    quartiere = {demo_quartier.slug: demo_quartier}

    def snapshot():
        return sorted(ManualTie.objects.values_list("organisation_a_id", "organisation_b_id", "tie_type", "wave",
                                                    "reliability"))

    load_network_demo(quartiere=quartiere, rng=random.Random(7))
    first = snapshot()
    again = load_network_demo(quartiere=quartiere, rng=random.Random(99))
    assert not again.created and snapshot() == first
    load_network_demo(quartiere=quartiere, rng=random.Random(7), reset=True)
    assert snapshot() == first


def test_demo_network_shows_referral_and_joint_offer_ties(world, demo_quartier):
    """With the case-work and offers demos loaded, the network of a demo Quartier has referral ties (counts equal to
    the demo's referrals) and joint-offer ties."""
    from collections import Counter

    from quartiersnetz.casework.demo import load_casework_demo
    from quartiersnetz.casework.models import Referral
    from quartiersnetz.offers.demo import load_offers_demo
    from quartiersnetz.offers.models import Offer

    quartiere = {demo_quartier.slug: demo_quartier}
    load_casework_demo(quartiere=quartiere, rng=random.Random(6))
    load_offers_demo(quartiere=quartiere, rng=random.Random(5))
    data = network_analysis(user=world.coach_a, quartier_id=demo_quartier.pk).data
    sent: Counter = Counter()
    for a, b in Referral.objects.filter(quartier=demo_quartier, transmitted_at__isnull=False).values_list(
            "sender_id", "receiver_id"):
        sent[(min(a, b), max(a, b))] += 1
    got = {(e.a, e.b): e.sources.get("referral_sent") for e in data.edges if "referral_sent" in e.sources}
    assert len(got) >= 3 and got == dict(sent)
    assert any(e.sources.get("referral_accepted") for e in data.edges)
    joint = [e for e in data.edges if e.sources.get("joint_offer")]
    assert joint
    offers_with_partners = Offer.objects.filter(quartier=demo_quartier, partners__isnull=False).distinct()
    assert offers_with_partners.exists()
    assert all(1 <= o.partners.count() <= 2 and o.provider not in o.partners.all() for o in offers_with_partners)
