"""Query budgets of the network pages and API (style.md rule 19, quartiersnetz/testing_queries.py).

The graph page, the exports, the comparison and the graph API read every source once per request, however many
organisations, ties, meetings, referrals or offers there are: each is counted with the tiny network and again
after adding 17 organisations with hand-entered ties and shared meetings; the counts must be equal (no N+1) and
match `query_counts.json`. Re-record with `UPDATE_QUERY_COUNTS=1` and review the diff (docs/testing.md)."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from quartiersnetz.meetings.choices import MeetingStatus
from quartiersnetz.meetings.models import Attendance, Meeting
from quartiersnetz.network.models import ManualTie
from quartiersnetz.testing import make_actor_type, make_organisation
from quartiersnetz.testing_queries import stale_budget_keys

USERS = ["coach_a", "coordination"]
_seq = itertools.count()


def grow(tiny, n):
    """n more organisations, each tied by hand to the Jobcenter and attending one meeting with the Kommune."""
    world = tiny.world
    traeger = make_actor_type("traeger", "Träger")
    for _ in range(n):
        i = next(_seq)
        org = make_organisation(world.qa, name=f"Träger {i:03d}", actor_type=traeger)
        ManualTie.objects.create(quartier=world.qa, organisation_a=tiny.jc, organisation_b=org,
                                 tie_type="kooperation", reliability=3, openness=2,
                                 valid_from=dt.date(2013, 1, 1))
        meeting = Meeting.objects.create(body=tiny.body, title=f"Sitzung {i}", status=MeetingStatus.HELD,
                                         starts_at=dt.datetime(2014, 2, 1 + i % 27, 10, tzinfo=dt.UTC))
        Attendance.objects.create(meeting=meeting, organisation=org)
        Attendance.objects.create(meeting=meeting, organisation=tiny.kommune)


PAGES = {
    "quartier_graph": "",
    "quartier_export": "?format=csv",
    "quartier_compare": "?before_start=2013-01-01&before_end=2013-12-31&after_start=2014-01-01&after_end=2014-12-31",
}


@pytest.mark.parametrize("case", [f"{page}-{who}" for page in PAGES for who in USERS])
def test_quartier_page(query_budget, client, tiny, case):
    page, who = case.split("-")
    client.force_login(getattr(tiny.world, who))
    grow(tiny, 3)
    url = reverse(f"network:{page}", kwargs={"slug": tiny.world.qa.slug}) + PAGES[page]
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(tiny, 17))
    if page == "quartier_graph":
        assert m.result.context["metrics"]["nodes"] >= 23


@pytest.mark.parametrize("who", USERS)
def test_tie_list(query_budget, client, tiny, who):
    client.force_login(getattr(tiny.world, who))
    grow(tiny, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("network:tie_list")), add_rows=lambda: grow(tiny, 17))
    assert len(m.result.context["object_list"]) >= 20


def test_index(query_budget, client, tiny):
    client.force_login(tiny.world.coordination)
    m = query_budget(lambda: client.get(reverse("network:index")))
    assert m.result.status_code == 200


def test_api_graph(query_budget, client, tiny):
    client.force_login(tiny.world.coach_a)
    grow(tiny, 3)
    url = f"/api/v1/network/quartiere/{tiny.world.qa.pk}/graph"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(tiny, 17))
    assert len(m.result.json()["nodes"]) >= 23


def test_api_ties(query_budget, client, tiny):
    client.force_login(tiny.world.coach_a)
    grow(tiny, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/network/ties"), add_rows=lambda: grow(tiny, 17))
    assert m.result.json()["count"] == 22


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
