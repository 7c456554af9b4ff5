"""Chain-analysis figures against a hand-computed fixture (pure function and through the database)."""

import datetime as dt

from quartiersnetz.casework.chains import Record, chain_figures, flow
from quartiersnetz.casework.models import Client, Referral
from quartiersnetz.casework.stats import chain_analysis, referral_pairs
from quartiersnetz.testing import make_organisation

T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


def d(days):
    return T0 + dt.timedelta(days=days)


# sender 1 → receiver 2: r1 completed, r2 stuck after first contact, r3 rejected, r4 cancelled before sending;
# sender 1 → receiver 3: r5 accepted (open), r6 completed.
FIXTURE = [
    ("completed", d(0), d(2), d(5), 2),
    ("first_contact", d(0), d(4), d(10), 2),
    ("rejected", d(0), None, None, 2),
    ("cancelled", None, None, None, 2),
    ("accepted", d(0), d(1), None, 3),
    ("completed", d(0), d(3), d(6), 3),
]


def records(sender=1, receivers=None):
    receivers = receivers or {2: 2, 3: 3}
    return [Record(sender, receivers[r], status, t, a, f) for status, t, a, f, r in FIXTURE]


def test_chain_figures_match_the_hand_computed_values():
    total, pairs = chain_figures(records())
    assert (total.proposed, total.sent, total.accepted, total.first_contact, total.completed) == (6, 5, 4, 3, 2)
    assert (total.rejected, total.cancelled, total.open) == (1, 1, 2)
    assert total.median_days_to_acceptance == 2.5  # median of 2, 4, 1, 3
    assert total.median_days_to_first_contact == 6  # median of 5, 10, 6
    a, b = pairs[(1, 2)], pairs[(1, 3)]
    assert (a.sent, a.accepted, a.first_contact, a.completed) == (3, 2, 2, 1)
    assert (a.median_days_to_acceptance, a.median_days_to_first_contact) == (3.0, 7.5)
    assert (b.sent, b.accepted, b.first_contact, b.completed) == (2, 2, 1, 1)
    assert (b.median_days_to_acceptance, b.median_days_to_first_contact) == (2.0, 6)


def test_flow_shows_where_chains_break():
    f = flow(records())
    assert f["proposed"] == {"next": 5, "rejected": 0, "cancelled": 1, "open": 0}
    assert f["transmitted"] == {"next": 4, "rejected": 1, "cancelled": 0, "open": 0}
    assert f["accepted"] == {"next": 3, "rejected": 0, "cancelled": 0, "open": 1}
    assert f["first_contact"] == {"next": 2, "rejected": 0, "cancelled": 0, "open": 1}
    assert f["completed"] == {"next": 0, "rejected": 0, "cancelled": 0, "open": 0}


def _store(world, cw):
    r2 = make_organisation(world.qa, name="Schuldnerberatung Marxloh")
    r3 = make_organisation(world.qa, name="Migrationsberatung Marxloh")
    Referral.objects.all().delete()
    client = Client.objects.get(pk=cw.client.pk)
    for status, t, a, f, r in FIXTURE:
        Referral.objects.create(client=client, quartier=world.qa, sender=cw.cp_org, receiver=r2 if r == 2 else r3,
                                status=status, proposed_at=T0, transmitted_at=t, accepted_at=a, first_contact_at=f,
                                result="solved" if status == "completed" else "")
    return r2, r3


def test_chain_analysis_from_the_database_with_suppression(world, cw):
    r2, r3 = _store(world, cw)
    world.programme.min_cell_size = 2
    world.programme.save()
    analysis = chain_analysis(user=world.coach_a, quartier_id=world.qa.pk)
    assert analysis.k == 2
    assert analysis.total["sent"] == 5 and analysis.total["accepted"] == 4 and analysis.total["completed"] == 2
    assert analysis.total["median_acceptance"] == 2.5 and analysis.total["median_first_contact"] == 6
    rows = {p.receiver: p for p in analysis.pairs}
    # a single completed referral (1 < k) is suppressed, and the smallest other cell (accepted: 2, ties broken
    # by name) with it, so that it cannot be recovered
    assert (rows[r2.name].sent, rows[r2.name].accepted, rows[r2.name].first_contact) == (3, None, 2)
    assert rows[r2.name].completed is None
    assert (rows[r3.name].sent, rows[r3.name].accepted, rows[r3.name].completed) == (2, 2, None)
    assert rows[r3.name].median_acceptance == 2.0 and rows[r3.name].median_first_contact is None
    # the flow: reached per stage, and where chains ended (single cases suppressed)
    assert analysis.flow["proposed"] == {"reached": 6, "rejected": 0, "cancelled": None, "open": 0}
    assert analysis.flow["transmitted"] == {"reached": 5, "rejected": None, "cancelled": 0, "open": 0}
    assert analysis.flow["accepted"]["reached"] == 4 and analysis.flow["completed"]["reached"] == 2
    # with the default k = 5 no pair is publishable and the totals below 5 are hidden
    world.programme.min_cell_size = 5
    world.programme.save()
    analysis = chain_analysis(user=world.evaluation, quartier_id=world.qa.pk)
    assert analysis.pairs == [] and analysis.hidden_pairs == 2
    assert analysis.total["sent"] == 5 and analysis.total["completed"] is None


def test_referral_pairs_for_the_network_analysis(world, cw, client):
    r2, r3 = _store(world, cw)
    pairs = referral_pairs(user=world.coach_a, quartier_id=world.qa.pk)
    assert pairs == sorted([(cw.cp_org.pk, r2.pk, 3, 2), (cw.cp_org.pk, r3.pk, 2, 2)])
    assert referral_pairs(user=world.evaluation, quartier_id=world.qa.pk) == []  # all pairs below k = 5
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        referral_pairs(user=world.coach_b, quartier_id=world.qa.pk)
    client.force_login(world.coach_a)
    body = client.get("/fallarbeit/ketten/", {"quartier": world.qa.pk}).content.decode()
    assert "<svg" in body and "Median" in body
