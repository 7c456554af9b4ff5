"""Observed ties from the case work (referrals sent/accepted) and the offers (joint offers), their period filter
and weights, the network without case-work statistics, and the half-year series reaching the latest survey wave."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.casework.models import Client, Referral
from quartiersnetz.casework.selectors import CaseScope
from quartiersnetz.casework.tests.builders import build_casework
from quartiersnetz.core.services import api_token_create
from quartiersnetz.network.choices import Source
from quartiersnetz.network.selectors import network_series_end, network_ties
from quartiersnetz.offers.tests.builders import make_offer
from quartiersnetz.surveys.choices import WaveStatus
from quartiersnetz.surveys.models import Instrument, Response, Wave
from quartiersnetz.surveys.services import instrument_freeze
from quartiersnetz.testing import make_organisation

pytestmark = pytest.mark.django_db

REFERRALS = {"referral_sent", "referral_accepted"}


def at(*day):
    return dt.datetime(*day, 10, tzinfo=dt.UTC)


def edges(data) -> dict[tuple[str, str], tuple[float, dict]]:
    names = {n.id: n.name for n in data.nodes}
    return {tuple(sorted((names[e.a], names[e.b]))): (e.strength, e.sources) for e in data.edges}


@pytest.fixture
def referrals(tiny):
    """Referrals of Quartier A between the contact point's organisation and others (besides the one of the
    case-work builder: Kontaktstelle → Jobcenter, transmitted today, not accepted)."""
    world = tiny.world
    cw = build_casework(world)
    client = Client.objects.get(pk=cw.client.pk)
    cp = cw.cp_org

    def referral(sender, receiver, proposed, *, sent=True, accepted=False, status="transmitted"):
        return Referral.objects.create(
            client=client, quartier=world.qa, sender=sender, receiver=receiver, status=status, proposed_at=proposed,
            transmitted_at=proposed if sent else None, accepted_at=proposed if accepted else None)

    referral(cp, tiny.kita, at(2024, 3, 1), accepted=True, status="accepted")
    referral(cp, tiny.kita, at(2024, 3, 5), accepted=True, status="accepted")
    referral(cp, tiny.kita, at(2024, 3, 10), sent=False, status="proposed")  # never left the sender
    referral(tiny.kita, cp, at(2024, 4, 1), status="rejected")  # the other direction, same tie
    referral(cp, tiny.traeger, at(2023, 5, 1), accepted=True, status="accepted")
    referral(cp, world.org_b, at(2024, 5, 1))  # Jobcenter Köln is no organisation of A: never a node
    return cw


def hand_count(quartier, names):
    """Sent and accepted referrals per unordered pair of node names, counted from the rows."""
    sent, accepted = Counter(), Counter()
    for r in Referral.objects.filter(quartier=quartier).select_related("sender", "receiver"):
        if r.sender.name not in names or r.receiver.name not in names:
            continue
        key = tuple(sorted((r.sender.name, r.receiver.name)))
        sent[key] += r.transmitted_at is not None
        accepted[key] += r.accepted_at is not None
    return sent, accepted


def test_referral_ties_carry_sent_and_accepted_counts(tiny, referrals):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources=REFERRALS)
    got = edges(data)
    assert got == {
        ("Kita Sonnenschein", "Kontaktstelle Marxloh"): (5.0, {"referral_sent": 3, "referral_accepted": 2}),
        ("Kontaktstelle Marxloh", "Werkstatt Marxloh"): (2.0, {"referral_sent": 1, "referral_accepted": 1}),
        ("Jobcenter Duisburg", "Kontaktstelle Marxloh"): (1.0, {"referral_sent": 1}),
    }
    sent, accepted = hand_count(tiny.world.qa, {n.name for n in data.nodes})
    assert {k: v[1]["referral_sent"] for k, v in got.items()} == {k: n for k, n in sent.items() if n}
    assert {k: v[1]["referral_accepted"] for k, v in got.items() if "referral_accepted" in v[1]} == {
        k: n for k, n in accepted.items() if n}
    assert tiny.world.org_b.pk not in {e.a for e in data.edges} | {e.b for e in data.edges}


def test_only_accepted_referrals_when_that_source_alone_is_chosen(tiny, referrals):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources={"referral_accepted"})
    assert edges(data) == {
        ("Kita Sonnenschein", "Kontaktstelle Marxloh"): (2.0, {"referral_accepted": 2}),
        ("Kontaktstelle Marxloh", "Werkstatt Marxloh"): (1.0, {"referral_accepted": 1}),
    }


def test_period_filter_excludes_referrals_proposed_outside(tiny, referrals):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources=REFERRALS,
                        start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    # 2023 (Werkstatt) and today (Jobcenter) are outside 2024.
    assert edges(data) == {
        ("Kita Sonnenschein", "Kontaktstelle Marxloh"): (5.0, {"referral_sent": 3, "referral_accepted": 2}),
    }
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources=REFERRALS,
                        start=dt.date(2024, 3, 2), end=dt.date(2024, 3, 31))
    assert edges(data) == {
        ("Kita Sonnenschein", "Kontaktstelle Marxloh"): (2.0, {"referral_sent": 1, "referral_accepted": 1}),
    }


def test_evaluation_gets_only_pairs_with_at_least_k_referrals(tiny, referrals):
    world = tiny.world
    assert network_ties(user=world.evaluation, quartier_id=world.qa.pk, sources=REFERRALS).edges == []
    world.programme.min_cell_size = 2
    world.programme.save()
    data = network_ties(user=world.evaluation, quartier_id=world.qa.pk, sources=REFERRALS)
    # Kontaktstelle → Kita: 2 sent, 2 accepted (kept); Kita → Kontaktstelle: 1 sent (below k, dropped).
    assert edges(data) == {
        ("Kita Sonnenschein", "Kontaktstelle Marxloh"): (4.0, {"referral_sent": 2, "referral_accepted": 2}),
    }


def test_without_casework_statistics_the_network_has_no_referral_ties(client, tiny, referrals, monkeypatch):
    """A user who sees the network but not the Quartier's case-work statistics: referral_pairs answers 404, the
    network comes without referral ties (page, API and selector), never an error."""
    from quartiersnetz.casework import stats

    monkeypatch.setattr(stats, "case_scope", lambda user: CaseScope())
    user = tiny.world.coach_a
    data = network_ties(user=user, quartier_id=tiny.world.qa.pk)
    assert not any(set(e.sources) & REFERRALS for e in data.edges)
    assert edges(data)[("Jobcenter Duisburg", "Stadt Duisburg")][1] == {
        "co_attendance": 3, "co_membership": 1, "joint_agreement": 1}
    client.force_login(user)
    page = client.get(reverse("network:quartier_graph", kwargs={"slug": tiny.world.qa.slug}))
    assert page.status_code == 200
    assert not any(set(t["sources"]) & REFERRALS for t in page.context["ties"])
    _token, key = api_token_create(user=user, name="test")
    body = client.get(f"/api/v1/network/quartiere/{tiny.world.qa.pk}/graph",
                      HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["ties"] and not any(set(t["sources"]) & REFERRALS for t in body["ties"])
    monkeypatch.undo()
    assert any(set(e.sources) & REFERRALS for e in network_ties(user=user, quartier_id=tiny.world.qa.pk).edges)


@pytest.fixture
def joint(tiny):
    qa = tiny.world.qa
    together = make_offer(qa, tiny.traeger, title="Sprachkurs mit Kinderbetreuung", valid_from=dt.date(2013, 1, 1),
                          valid_until=dt.date(2013, 12, 31))
    together.partners.set([tiny.kita, tiny.firma])
    ongoing = make_offer(qa, tiny.traeger, title="Hausaufgabenhilfe")
    ongoing.partners.set([tiny.kita])
    planned = make_offer(qa, tiny.kommune, title="Jobbörse", status="planned")
    planned.partners.set([tiny.jc])  # planned: does not run yet
    make_offer(qa, tiny.kita, title="Elterncafé")  # no partners: no tie
    return together, ongoing, planned


def test_joint_offer_ties_link_provider_and_partners(tiny, joint):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources={"joint_offer"})
    assert edges(data) == {
        ("Kita Sonnenschein", "Werkstatt Marxloh"): (2.0, {"joint_offer": 2}),
        ("Bäckerei Yilmaz", "Werkstatt Marxloh"): (1.0, {"joint_offer": 1}),
        ("Bäckerei Yilmaz", "Kita Sonnenschein"): (1.0, {"joint_offer": 1}),  # two partners of one offer
    }
    in_2014 = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources={"joint_offer"},
                           start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 31))
    assert edges(in_2014) == {("Kita Sonnenschein", "Werkstatt Marxloh"): (1.0, {"joint_offer": 1})}
    # Evaluation users see the counts too (offers are not personal data).
    assert edges(network_ties(user=tiny.world.evaluation, quartier_id=tiny.world.qa.pk,
                              sources={"joint_offer"})) == edges(data)


def test_weights_per_source_scale_the_strength(tiny, referrals, joint):
    kwargs = {"user": tiny.world.coach_a, "quartier_id": tiny.world.qa.pk,
              "sources": REFERRALS | {"joint_offer"}}
    plain = edges(network_ties(**kwargs))
    weighted = edges(network_ties(**kwargs, weights={"referral_sent": 0.5, "referral_accepted": 2,
                                                     "joint_offer": 3}))
    pair = ("Kita Sonnenschein", "Kontaktstelle Marxloh")
    assert plain[pair][0] == 3 + 2 and weighted[pair][0] == 0.5 * 3 + 2 * 2
    assert weighted[("Kita Sonnenschein", "Werkstatt Marxloh")][0] == 3 * 2
    # Weight 0 for the sent referrals: a referral that was never accepted no longer makes a tie.
    only_accepted = edges(network_ties(**kwargs, weights={"referral_sent": 0}))
    assert ("Jobcenter Duisburg", "Kontaktstelle Marxloh") not in only_accepted
    assert only_accepted[pair] == (2.0, {"referral_sent": 3, "referral_accepted": 2})


def test_graph_page_and_api_show_the_breakdown(client, tiny, referrals, joint):
    client.force_login(tiny.world.coach_a)
    page = client.get(reverse("network:quartier_graph", kwargs={"slug": tiny.world.qa.slug}),
                      {"sources": ["referral_sent", "referral_accepted", "joint_offer"], "w_joint_offer": "2,5"})
    html = page.content.decode()
    sent, accepted, joint_label = (str(s.label) for s in (Source.REFERRAL_SENT, Source.REFERRAL_ACCEPTED,
                                                          Source.JOINT_OFFER))
    row = next(t for t in page.context["ties"] if {t["source_name"], t["target_name"]} == {
        "Kita Sonnenschein", "Kontaktstelle Marxloh"})
    assert row["source_list"] == [(Source.REFERRAL_ACCEPTED.label, 2), (Source.REFERRAL_SENT.label, 3)]
    assert f"{accepted}: 2; {sent}: 3" in html
    assert f"{joint_label}: 2" in html
    assert _("Weight: {source}").format(source=joint_label) in html
    _token, key = api_token_create(user=tiny.world.coach_a, name="test")
    body = client.get(f"/api/v1/network/quartiere/{tiny.world.qa.pk}/graph",
                      {"sources": ["joint_offer", "referral_accepted"], "w_joint_offer": 2},
                      HTTP_AUTHORIZATION=f"Bearer {key}").json()
    ties = {(t["source"], t["target"]): (t["strength"], t["sources"]) for t in body["ties"]}
    kita_traeger = tuple(sorted((tiny.kita.pk, tiny.traeger.pk)))
    assert ties[kita_traeger] == (4.0, {"joint_offer": 2})
    response = client.get(f"/api/v1/network/quartiere/{tiny.world.qa.pk}/graph", {"w_referral_sent": -1},
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 422 and response["Content-Type"].startswith("application/problem+json")
    export = client.get(reverse("network:quartier_export", kwargs={"slug": tiny.world.qa.slug}),
                        {"format": "csv", "sources": ["joint_offer"]})
    header = export.content.decode("utf-8-sig").splitlines()[0]
    assert joint_label in header and sent in header and accepted in header


def _network_wave(world, quartier, opens, closes, respondent, named):
    instrument = Instrument.objects.get(slug="netzwerkbefragung-kooperationsbeziehungen")
    wave = Wave.objects.create(instrument=instrument, version=instrument_freeze(instrument=instrument),
                               programme=world.programme, title=f"Netzwerk {opens.year}", code=f"N{opens.year}",
                               status=WaveStatus.CLOSED, opens_on=opens, closes_on=closes)
    wave.quartiere.set([quartier])
    Response.objects.create(wave=wave, organisation=respondent, quartier=quartier, submitted_on=opens,
                            answers={"N1": [{"org": str(named.pk), "level": "kooperation"}]})
    return wave


def test_half_year_series_reaches_the_latest_survey_wave(client, tiny):
    world = tiny.world
    assert network_series_end(user=world.coach_a, quartier=world.qa) == dt.date(2014, 1, 1)  # latest stored tie
    _network_wave(world, world.qa, dt.date(2016, 3, 1), dt.date(2016, 5, 31), tiny.traeger, tiny.lonely)
    # Another Quartier's later wave does not extend A's series.
    _network_wave(world, world.qb, dt.date(2018, 3, 1), dt.date(2018, 5, 31), world.org_b,
                  make_organisation(world.qb, name="Kita Chorweiler"))
    assert network_series_end(user=world.coach_a, quartier=world.qa) == dt.date(2016, 5, 31)
    assert network_series_end(user=world.coach_b, quartier=world.qb) == dt.date(2018, 5, 31)
    client.force_login(world.coach_a)
    response = client.get(reverse("network:quartier_timeline", kwargs={"slug": world.qa.slug}))
    points = response.context["points"]
    assert points[-1].period.label == "1. Hj. 2016" and len(points) == 7
    # The wave's declared tie (Werkstatt – Moschee) is part of that last half-year, and of no earlier one.
    last = network_ties(user=world.coach_a, quartier_id=world.qa.pk, start=dt.date(2016, 1, 1),
                        end=dt.date(2016, 6, 30), sources={"declared"})
    assert edges(last) == {("Moschee Marxloh", "Werkstatt Marxloh"): (4.0, {"declared": 4})}
    assert points[-1].network.ties == points[-2].network.ties + 1
    assert points[-1].active_nodes == points[-2].active_nodes + 1  # the Moschee was isolated before
