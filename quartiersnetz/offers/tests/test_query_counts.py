"""Query budgets of the offers pages and API: list, detail, edit form, map, matrix, comparison, duplicate
assessment, HSDS import, the public directory and its flyer (style.md rule 19, quartiersnetz/testing_queries.py).

List-like pages are counted with a few offers and again with more — each with a provider, partner organisations,
target groups, topics, locations and a contact person, so that every prefetch is exercised: the two counts must
be equal (no N+1) and match `query_counts.json`. Re-record with `UPDATE_QUERY_COUNTS=1` and review the diff
(docs/testing.md)."""

import itertools
import random

import pytest
from django.urls import reverse

from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.offers.models import DuplicateAssessment, OfferLocation
from quartiersnetz.offers.selectors import offer_matrix
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation, make_quartier
from quartiersnetz.testing_queries import stale_budget_keys

from .builders import make_offer

USERS = ["coach_a", "coordination"]
GROUPS = ["langzeitarbeitslose", "alleinerziehende", "gefluechtete", "familien"]
TOPICS = ["schulden", "arbeitsvermittlung", "sprache", "beratung"]
_seq = itertools.count()
_pairs = itertools.count()
# One cell per duplicate pair, away from the cells of add_offers(), so that the pairs are no duplicates of each other
PAIR_CELLS = [(g, t) for t in ("gesundheit", "wohnen", "beschaeftigung", "sucht") for g in
              ("langzeitarbeitslose", "jugendliche-u25", "alleinerziehende", "migrationsgeschichte", "gefluechtete",
               "aeltere", "behinderung", "familien", "frauen")]


def word(i: int, salt: str = "") -> str:
    """A made-up word of its own for `i`: the texts of different offers share no trigrams to speak of, so the
    similarity analysis flags only the pairs a test adds on purpose."""
    rng = random.Random(f"{salt}{i}")
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).capitalize()


def new_org(quartier, *, located=False):
    i = next(_seq)
    coords = {"latitude": "51.500000", "longitude": f"6.{770000 + i:06d}"} if located else {}
    return make_organisation(quartier, name=f"Träger {i:03d}", actor_type=make_actor_type("traeger", "Träger"),
                             **coords)


def add_offers(quartier, n, *, public=True):
    """`n` offers of the Quartier with everything a page may show of them. Titles and descriptions differ, so
    they are no duplicates of each other (the matrix test adds its pairs itself)."""
    offers = []
    for _ in range(n):
        i = next(_seq)
        provider = new_org(quartier, located=True)
        consents = (ConsentPurpose.CONTACT, ConsentPurpose.PUBLISH) if public else (ConsentPurpose.CONTACT,)
        contact = make_contact(provider, consents=consents)
        offer = make_offer(quartier, provider, title=f"Angebot {word(i)}", description=f"{word(i, 'd')} {word(i, 'e')}",
                           groups=GROUPS[i % 4: i % 4 + 2], topics=TOPICS[i % 3: i % 3 + 2], contact=contact,
                           opening_hours=[{"weekday": 1 + i % 5, "opens": "09:00", "closes": "12:00"}],
                           languages="Deutsch, Türkisch", capacity=10 + i)
        offer.partners.set([new_org(quartier), new_org(quartier)])
        for k in range(2):
            OfferLocation.objects.create(offer=offer, name=f"Ort {i}-{k}", street=f"Weseler Straße {i}",
                                         postal_code="47169", city="Duisburg", latitude="51.502100",
                                         longitude=f"6.{778500 + k:06d}")
        offers.append(offer)
    return offers


def add_duplicate_pairs(world, n, quartier=None):
    """`n` pairs of near-identical offers, each pair alone in its cell, every second pair assessed."""
    quartier = quartier or world.qa
    for k in range(n):
        i = next(_seq)
        group, topic = PAIR_CELLS[next(_pairs) % len(PAIR_CELLS)]
        a, b = (make_offer(quartier, new_org(quartier), title=f"Doppelt {word(i)}", description=word(i, "d"),
                           groups=(group,), topics=(topic,)) for _ in range(2))
        if k % 2:
            DuplicateAssessment.objects.create(quartier=quartier, offer_a=a, offer_b=b, verdict="confirmed",
                                               score="0.900", assessed_by=world.coach_a)


def add_quartiere(world, n):
    """`n` more Quartiere of the programme, each with offers and duplicate pairs (rows of the analysis pages)."""
    for _ in range(n):
        quartier = make_quartier(world.programme, city="Gelsenkirchen", name=f"Quartier {word(next(_seq))}")
        add_offers(quartier, 2)
        add_duplicate_pairs(world, 3, quartier)


def add_partners(offer, n):
    partners = [new_org(offer.quartier) for _ in range(n)]
    offer.partners.add(*partners)
    for person_org in partners:
        make_contact(person_org)  # more choices in the contact field of the form
    for k in range(n):
        OfferLocation.objects.create(offer=offer, name=f"Ort {next(_seq)}", street=f"Hauptstraße {k}",
                                     city="Duisburg")


# --- pages ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_offer_list(query_budget, client, world, offers, who):
    client.force_login(getattr(world, who))
    add_offers(world.qa, 3)
    url = reverse("offers:offer_list")
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_offers(world.qb, 17))
    # coach A: the 3 offers of the builder in A + 3; coordination also B's (1 + 17)
    assert len(m.result.context["object_list"]) == {"coach_a": 6, "coordination": 24}[who]


def test_offer_detail(query_budget, client, world, offers):
    client.force_login(world.coach_a)
    add_partners(offers.offer, 3)
    url = offers.offer.get_absolute_url()
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_partners(offers.offer, 17))
    assert len(m.result.context["locations"]) == 21
    assert m.result.context["contact"].name == offers.public_contact.full_name
    assert m.result.content.decode().count("Träger ") >= 20


def test_offer_update_form(query_budget, client, world, offers):
    client.force_login(world.coach_a)
    add_partners(offers.offer, 3)
    url = reverse("offers:offer_update", args=[offers.offer.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_partners(offers.offer, 17))
    form = m.result.context["form"]
    assert len(form.initial["partners"]) == 20
    assert len(form.fields["partners"].queryset) == 22  # the 20 partners, Jobcenter Duisburg, Caritas Marxloh


def test_offer_map(query_budget, client, world, offers):
    client.force_login(world.coach_a)
    add_offers(world.qa, 3)
    url = reverse("offers:quartier_map", args=[world.qa.slug])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_offers(world.qa, 17))
    payload = m.result.context["payload"]
    assert len(m.result.context["offers"]) == 23
    assert len(payload["offers"]) == 1 + 20 * 2  # the builder's located offer + two locations each
    assert len(payload["organisations"]) == 20  # the providers; partners and the builder's have no coordinates


@pytest.mark.parametrize("who", USERS)
def test_quartier_matrix(query_budget, client, world, offers, who):
    client.force_login(getattr(world, who))

    def grow(n):
        add_offers(world.qa, n)
        add_duplicate_pairs(world, n)

    grow(2)
    url = reverse("offers:quartier_matrix", args=[world.qa.slug])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(8))
    view = m.result.context["view"]
    assert view.offer_count == 3 + 10 + 20
    assert len(m.result.context["open_duplicates"]) == 5
    assert len(m.result.context["assessed_duplicates"]) == 1 + 5


def test_quartier_matrix_evaluation(query_budget, client, world, offers):
    client.force_login(world.evaluation)
    add_offers(world.qa, 3)
    url = reverse("offers:quartier_matrix", args=[world.qa.slug])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_offers(world.qa, 17))
    assert m.result.context["view"].offer_count == 23 and m.result.context["view"].offers == {}


@pytest.mark.parametrize("who", ["coordination", "evaluation"])
def test_analysis_index(query_budget, client, world, offers, who):
    user = getattr(world, who)
    client.force_login(user)
    add_offers(world.qa, 3)
    add_duplicate_pairs(world, 2)
    add_quartiere(world, 2)
    m = query_budget.assert_flat(lambda: client.get(reverse("offers:analysis_index")),
                                 add_rows=lambda: add_quartiere(world, 8))
    rows = m.result.context["rows"]
    assert len(rows) == 2 + 10
    # the overview shows the figures of each Quartier's own matrix page
    for row in rows:
        view = offer_matrix(user=user, quartier=row["quartier"])
        assert (row["offers"], row["gaps"], row["duplicates"], row["cells"]) == (
            view.offer_count, len(view.matrix.gaps), sum(1 for d in view.duplicates if d.open),
            len(view.rows) * len(view.columns))
    marxloh = next(r for r in rows if r["quartier"] == world.qa)
    assert marxloh["offers"] == 3 + 3 + 4
    assert marxloh["duplicates"] == {"coordination": 1, "evaluation": 0}[who]  # the builder's pair is assessed
    added = next(r for r in rows if r["quartier"].city == "Gelsenkirchen")
    assert added["offers"] == 2 + 6 and added["duplicates"] == {"coordination": 2, "evaluation": 0}[who]


@pytest.mark.parametrize("who", ["coordination", "evaluation"])
def test_offer_compare(query_budget, client, world, offers, who):
    client.force_login(getattr(world, who))

    def grow(n):
        add_offers(world.qa, n)
        add_offers(world.qb, n)
        add_quartiere(world, n)

    grow(2)
    url = reverse("offers:analysis_compare")
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(8))
    comparison = m.result.context["comparison"]
    assert len(comparison.quartiere) == 2 + 10
    slugs = [q.slug for q in comparison.quartiere]
    assert slugs[0] == "duisburg-marxloh" and slugs[-1] == "koeln-chorweiler"  # by city: Gelsenkirchen between
    table = m.result.context["table"]
    assert sum(row["values"][-1] for row in table) > 20  # Chorweiler: 1 + 10 offers in 2 × 2 cells each


def test_duplicate_assess(query_budget, client, world, offers):
    client.force_login(world.coach_a)
    add_offers(world.qa, 3)
    add_duplicate_pairs(world, 2)
    url = reverse("offers:quartier_duplicate_assess", args=[world.qa.slug, offers.offer.pk, offers.twin.pk])
    m = query_budget.assert_flat(lambda: client.get(url),
                                 add_rows=lambda: (add_offers(world.qa, 17), add_duplicate_pairs(world, 8)))
    pair = m.result.context["pair"]
    assert {pair.a, pair.b} == {offers.offer, offers.twin} and pair.assessment == offers.assessment


def test_hsds_import_start(query_budget, client, world):
    client.force_login(world.coach_a)
    m = query_budget(lambda: client.get(reverse("offers:hsds_import_start")))
    assert list(m.result.context["form"].fields["quartier"].queryset) == [world.qa]


def test_public_directory(query_budget, client, world, offers):
    add_offers(world.qa, 3)
    add_offers(world.qa, 2, public=False)
    url = reverse("offers_public:directory", args=[world.qa.slug])

    def grow():
        add_offers(world.qa, 17)
        add_offers(world.qa, 5, public=False)

    m = query_budget.assert_flat(lambda: client.get(url), add_rows=grow)
    entries = m.result.context["entries"]
    assert len(entries) == 1 + 20  # the builder's public offer + the public ones
    assert sum(len(e["locations"]) for e in entries) == 1 + 20 * 2


def test_public_index(query_budget, client, world, offers):
    add_offers(world.qa, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("offers_public:index")),
                                 add_rows=lambda: add_offers(world.qb, 5))
    assert [q.slug for q in m.result.context["quartiere"]] == ["duisburg-marxloh", "koeln-chorweiler"]


def test_public_flyer(query_budget, client, world, offers):
    add_offers(world.qa, 2)
    url = reverse("offers_public:flyer", args=[world.qa.slug])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_offers(world.qa, 4))
    assert m.result["Content-Type"] == "application/pdf" and m.result.content.startswith(b"%PDF")


# --- API ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_api_offer_list(query_budget, client, world, offers, who):
    client.force_login(getattr(world, who))
    first = add_offers(world.qa, 3)[0]
    m = query_budget.assert_flat(lambda: client.get("/api/v1/offers"), add_rows=lambda: add_offers(world.qa, 17))
    body = m.result.json()
    assert body["count"] == 3 + 20 + {"coach_a": 0, "coordination": 1}[who]
    item = next(o for o in body["items"] if o["id"] == first.pk)
    assert len(item["partners"]) == 2 and len(item["locations"]) == 2
    assert item["contact"]["published"] is True


def test_api_offer_detail(query_budget, client, world, offers):
    client.force_login(world.coach_a)
    add_partners(offers.offer, 3)
    url = f"/api/v1/offers/{offers.offer.pk}"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_partners(offers.offer, 17))
    assert len(m.result.json()["partners"]) == 20 and len(m.result.json()["locations"]) == 21


@pytest.mark.parametrize("path", ["offer-target-groups", "offer-topics"])
def test_api_taxonomy(query_budget, client, world, path):
    client.force_login(world.coach_a)
    m = query_budget(lambda: client.get(f"/api/v1/{path}"))
    assert m.result.json()["count"] == {"offer-target-groups": 9, "offer-topics": 12}[path]


@pytest.mark.parametrize("what", ["matrix", "duplicates"])
def test_api_matrix(query_budget, client, world, offers, what):
    client.force_login(world.coach_a)

    def grow(n):
        add_offers(world.qa, n)
        add_duplicate_pairs(world, n)

    grow(2)
    url = f"/api/v1/offers/quartiere/{world.qa.pk}/{what}"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(8))
    body = m.result.json()
    duplicates = body if what == "duplicates" else body["duplicates"]
    assert len(duplicates) == 1 + 10
    assert sum(1 for d in duplicates if d["verdict"] == "confirmed") == 1 + 5


def test_api_comparison(query_budget, client, world, offers):
    client.force_login(world.coordination)
    add_offers(world.qa, 3)
    add_quartiere(world, 1)

    def grow():
        add_offers(world.qb, 17)
        add_quartiere(world, 5)

    m = query_budget.assert_flat(lambda: client.get("/api/v1/offers-comparison"), add_rows=grow)
    body = m.result.json()
    slugs = [q["slug"] for q in body["quartiere"]]
    assert len(slugs) == 2 + 6 and slugs[0] == "duisburg-marxloh" and slugs[-1] == "koeln-chorweiler"
    assert sum(row["counts"]["koeln-chorweiler"] for row in body["rows"]) > 17


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
