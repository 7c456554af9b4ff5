"""Query budgets of the survey pages and API: overview, instrument, wave monitor, analysis (style.md rule 19,
quartiersnetz/testing_queries.py). Each page is counted with a few rows and again with more: the counts must be
equal (no N+1) and match `query_counts.json`. Re-record with `UPDATE_QUERY_COUNTS=1` and review the diff
(docs/testing.md)."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from quartiersnetz.surveys.choices import InvitationStatus, ResponseSource, WaveStatus
from quartiersnetz.surveys.models import Block, Instrument, Invitation, Item, Response, Wave
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation
from quartiersnetz.testing_queries import stale_budget_keys

from .builders import build_surveys

USERS = ["coach_a", "coordination"]
_seq = itertools.count()


def add_waves(world, s, n):
    """Waves of the test instrument and further instruments of the programme."""
    for _ in range(n):
        i = next(_seq)
        wave = Wave.objects.create(instrument=s.instrument, version=s.version, programme=world.programme,
                                   title=f"Welle {i:03d}", code=f"W{i}", status=WaveStatus.CLOSED,
                                   opens_on=dt.date(2020, 1, 1) + dt.timedelta(days=i))
        wave.quartiere.set([world.qa, world.qb])
        Instrument.objects.create(slug=f"instrument-{i}", title=f"Fragebogen {i:03d}", programme=world.programme)


def add_items(world, s, n):
    """Blocks with items in the instrument, and waves of it."""
    for _ in range(n):
        i = next(_seq)
        block = Block.objects.create(instrument=s.instrument, code=f"{i + 2}", title=f"Block {i}", order=i + 2)
        Item.objects.create(block=block, code=f"{i + 2}.1", text="Aussage", item_type="likert", scale_min=1,
                            scale_max=6, order=1)
        wave = Wave.objects.create(instrument=s.instrument, version=s.version, programme=world.programme,
                                   title=f"Welle {i:03d}", code=f"W{i}")
        wave.quartiere.set([world.qa])


def add_invitations(world, s, n):
    """Invited organisations of Quartier A, every other one with a submitted response."""
    types = [make_actor_type("kita", "Kita"), make_actor_type("schule", "Schule")]
    for _ in range(n):
        i = next(_seq)
        org = make_organisation(world.qa, name=f"Einrichtung {i:03d}", actor_type=types[i % 2])
        submitted = i % 2 == 0
        invitation = Invitation.objects.create(
            wave=s.wave, organisation=org, quartier=world.qa, actor_type=org.actor_type, contact=make_contact(org),
            status=InvitationStatus.SUBMITTED if submitted else InvitationStatus.INVITED,
            submitted_on=dt.date(2024, 1, 10) if submitted else None)
        if submitted:
            Response.objects.create(wave=s.wave, invitation=invitation, organisation=org, quartier=world.qa,
                                    actor_type=org.actor_type, answers={"1.1": 1 + i % 6, "1.2": 6 - i % 6},
                                    source=ResponseSource.ONLINE, submitted_on=dt.date(2024, 1, 10))


# --- pages ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_index(query_budget, client, world, who):
    s = build_surveys(world)
    client.force_login(getattr(world, who))
    add_waves(world, s, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("surveys:index")), add_rows=lambda: add_waves(world, s, 17))
    assert len(m.result.context["waves"]) == 21


def test_instrument_detail(query_budget, client, world):
    s = build_surveys(world)
    client.force_login(world.coordination)
    add_items(world, s, 3)
    url = reverse("surveys:instrument_detail", args=[s.instrument.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_items(world, s, 17))
    assert sum(len(b.items.all()) for b in m.result.context["blocks"]) == 22
    assert len(m.result.context["waves"]) == 21


@pytest.mark.parametrize("case", [f"{page}-{who}" for page in ("wave_detail", "wave_analysis") for who in USERS])
def test_wave_page(query_budget, client, world, case):
    page, who = case.split("-")
    s = build_surveys(world)
    client.force_login(getattr(world, who))
    add_invitations(world, s, 3)
    url = reverse(f"surveys:{page}", args=[s.wave.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_invitations(world, s, 17))
    if page == "wave_detail":
        assert len(m.result.context["invitations"]) == 22
    else:
        assert m.result.context["analysis"].n_by_wave[s.wave.code] == 11  # the builder's response and 10 new


# --- API ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_api_wave_list(query_budget, client, world, who):
    s = build_surveys(world)
    client.force_login(getattr(world, who))
    add_waves(world, s, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/surveys/waves"), add_rows=lambda: add_waves(world, s, 17))
    assert m.result.json()["count"] == 21


@pytest.mark.parametrize("who", USERS)
def test_api_instrument_list(query_budget, client, world, who):
    s = build_surveys(world)
    client.force_login(getattr(world, who))
    add_waves(world, s, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/surveys/instruments"),
                                 add_rows=lambda: add_waves(world, s, 17))
    assert m.result.json()["count"] >= 21


@pytest.mark.parametrize("path", ["items", "response-rates", "statistics"])
def test_api_wave(query_budget, client, world, path):
    s = build_surveys(world)
    client.force_login(world.coach_a)
    add_invitations(world, s, 3)
    url = f"/api/v1/surveys/waves/{s.wave.pk}/{path}"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_invitations(world, s, 17))
    body = m.result.json()
    if path == "response-rates":
        assert (body[-1]["group"], body[-1]["invited"], body[-1]["submitted"]) == (None, 22, 11)  # the total row
    elif path == "items":
        assert [row["code"] for row in body] == ["1.1", "1.2"]
    else:
        assert body


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
