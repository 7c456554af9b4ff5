"""Query budgets of the case work pages and API: contact points, cases, contacts, referrals, case conferences,
outreach, statistics and chains (style.md rule 19, quartiersnetz/testing_queries.py). Each list and detail page is
counted with a few rows and again with more: the counts must be equal (no N+1) and match `query_counts.json`.
Re-record with `UPDATE_QUERY_COUNTS=1` and review the diff (docs/testing.md)."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.casework import services
from quartiersnetz.casework.choices import CaseConsentMethod, Channel, ConsentKind
from quartiersnetz.casework.models import ConferenceStep, ProblemCategory, ReferralEvent
from quartiersnetz.core.choices import Role
from quartiersnetz.testing import make_organisation, make_user
from quartiersnetz.testing_queries import stale_budget_keys

from .builders import build_casework

NETWORK_USERS = ["coach_a", "coordination"]
_seq = itertools.count()


def problems():
    return list(ProblemCategory.objects.filter(programme=None).order_by("pk")[:2])


def add_contacts(world, cw, n, client=None):
    """Contacts at the contact point, each a new case (or more contacts of `client`), with a storage consent and
    a referral for every new case."""
    today = timezone.localdate()
    for _ in range(n):
        i = next(_seq)
        contact = services.contact_record(
            user=world.contact_point_a, contact_point=cw.contact_point, problems=problems(), client=client,
            data={"date": today - dt.timedelta(days=i % 20), "channel": Channel.CONSULTATION,
                  "help_given": "Beraten", "minutes": 20},
            client_data=None if client else {"age_band": "35-49", "gender": "m"})
        if client is None:
            services.case_consent_record(user=world.contact_point_a, client=contact.client, kind=ConsentKind.STORAGE,
                                         method=CaseConsentMethod.WRITTEN, given_on=today)
            services.referral_create(user=world.contact_point_a, client=contact.client, sender=cw.cp_org,
                                     receiver=world.org_a, transmit=True,
                                     data={"need": problems()[0], "purpose": "Beratung", "share_identity": False,
                                           "handover_mode": "begleitet"})


def add_case_history(world, cw, n):
    """More contacts, consents and referrals of the one case of the builder."""
    add_contacts(world, cw, n, client=cw.client)
    today = timezone.localdate()
    for _ in range(n):
        org = make_organisation(world.qa, name=f"Beratungsstelle {next(_seq):03d}")
        services.case_consent_record(user=world.contact_point_a, client=cw.client, kind=ConsentKind.RELEASE,
                                     recipient=org, scope=["name"], method=CaseConsentMethod.WRITTEN, given_on=today)
        services.referral_create(user=world.contact_point_a, client=cw.client, sender=cw.cp_org, receiver=org,
                                 transmit=False, data={"need": problems()[0], "purpose": "Beratung",
                                                       "share_identity": True, "handover_mode": "begleitet"})


def add_contact_points(world, cw, n):
    for _ in range(n):
        i = next(_seq)
        org = make_organisation(world.qa, name=f"Anlaufstelle Träger {i:03d}")
        staff = make_user(f"kontakt{i}", role=Role.CONTACT_POINT, quartier=world.qa)
        services.contact_point_create(user=world.coach_a, quartier=world.qa, staff=[staff],
                                      data={"name": f"Anlaufstelle {i:03d}", "organisation": org})


def add_staff(world, cw, n):
    for _ in range(n):
        staff = make_user(f"beraterin{next(_seq)}", role=Role.CONTACT_POINT, quartier=world.qa)
        cw.contact_point.staff.add(staff)


def add_conferences(world, cw, n):
    for _ in range(n):
        services.conference_create(
            user=world.coach_a, quartier=world.qa, organisations=[world.org_a, cw.cp_org],
            steps=[{"description": "Termin vereinbaren", "responsible": world.org_a}],
            data={"held_on": timezone.localdate(), "title": f"Fallbesprechung {next(_seq):03d}",
                  "situation": "Schulden und Arbeitssuche."})


def add_steps(world, cw, n):
    for _ in range(n):
        org = make_organisation(world.qa, name=f"Verein {next(_seq):03d}")
        cw.conference.organisations.add(org)
        ConferenceStep.objects.create(conference=cw.conference, description="Nächster Schritt", responsible=org)


def add_outreach(world, cw, n):
    for _ in range(n):
        services.outreach_create(
            user=world.coach_a, quartier=world.qa, staff=[world.coach_a], topics=problems(),
            data={"place": f"Spielplatz {next(_seq):03d}", "date": timezone.localdate(), "people_reached": 10,
                  "follow_up_contacts": 1, "contact_point": cw.contact_point})


def add_events(world, cw, n):
    for _ in range(n):
        ReferralEvent.objects.create(referral=cw.referral, from_status="transmitted", to_status="transmitted",
                                     by=world.contact_point_a, organisation=cw.cp_org, note=f"Notiz {next(_seq)}")


# --- pages ----------------------------------------------------------------------------------------------------------

# page: (grow, users, how many rows the page lists after growing)
LISTS = {
    "contact_point_list": (add_contact_points, NETWORK_USERS, 21),
    "client_list": (add_contacts, ["contact_point_a"], 21),
    "contact_list": (add_contacts, ["contact_point_a"], 21),
    "referral_list": (add_contacts, ["coach_a", "contact_point_a", "partner_a"], 21),
    "conference_list": (add_conferences, NETWORK_USERS, 21),
    "outreach_list": (add_outreach, NETWORK_USERS, 21),
}


@pytest.mark.parametrize("case", [f"{page}-{who}" for page, (_g, users, _n) in LISTS.items() for who in users])
def test_list_page(query_budget, client, world, case):
    page, who = case.split("-")
    cw = build_casework(world)
    client.force_login(getattr(world, who))
    grow, _users, expected = LISTS[page]
    grow(world, cw, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse(f"casework:{page}")),
                                 add_rows=lambda: grow(world, cw, 17))
    assert len(m.result.context["object_list"]) == expected


@pytest.mark.parametrize("who", ["contact_point_a", "coach_a", "partner_a"])
def test_index(query_budget, client, world, who):
    cw = build_casework(world)
    client.force_login(getattr(world, who))
    add_contacts(world, cw, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("casework:index")),
                                 add_rows=lambda: add_contacts(world, cw, 17))
    assert m.result.context["open_referrals"] == 21


def test_contact_point_detail(query_budget, client, world):
    cw = build_casework(world)
    client.force_login(world.coach_a)
    add_staff(world, cw, 3)
    url = reverse("casework:contact_point_detail", args=[cw.contact_point.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_staff(world, cw, 17))
    assert len(m.result.context["staff"]) == 21


def test_client_detail(query_budget, client, world):
    cw = build_casework(world)
    client.force_login(world.contact_point_a)
    add_case_history(world, cw, 3)
    url = reverse("casework:client_detail", args=[cw.client.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_case_history(world, cw, 17))
    context = m.result.context
    assert (len(context["contacts"]), len(context["consents"]), len(context["referrals"])) == (21, 22, 21)


@pytest.mark.parametrize("who", ["contact_point_a", "partner_a"])
def test_referral_detail(query_budget, client, world, who):
    cw = build_casework(world)
    client.force_login(getattr(world, who))
    add_events(world, cw, 3)
    url = reverse("casework:referral_detail", args=[cw.referral.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_events(world, cw, 17))
    assert len(m.result.context["referral"].event_list) == 22  # proposed → transmitted and the 20 notes


def test_conference_detail(query_budget, client, world):
    cw = build_casework(world)
    client.force_login(world.coach_a)
    add_steps(world, cw, 3)
    url = reverse("casework:conference_detail", args=[cw.conference.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_steps(world, cw, 17))
    assert len(m.result.context["steps"]) == 21


@pytest.mark.parametrize("case", ["statistics-coordination", "statistics-evaluation", "chains-coordination",
                                  "chains-evaluation"])
def test_statistics(query_budget, client, world, case):
    page, who = case.split("-")
    cw = build_casework(world)
    client.force_login(getattr(world, who))
    add_contacts(world, cw, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse(f"casework:{page}")),
                                 add_rows=lambda: add_contacts(world, cw, 17))
    assert m.result.status_code == 200


# --- API ------------------------------------------------------------------------------------------------------------

API = {
    "contact-points": (add_contact_points, NETWORK_USERS),
    "clients": (add_contacts, ["contact_point_a"]),
    "case-contacts": (add_contacts, ["contact_point_a"]),
    "referrals": (add_contacts, ["coach_a", "contact_point_a", "partner_a"]),
    "case-conferences": (add_conferences, NETWORK_USERS),
    "outreach": (add_outreach, NETWORK_USERS),
    "statistics": (add_contacts, ["coordination", "evaluation"]),
    "chains": (add_contacts, ["coordination", "evaluation"]),
}


@pytest.mark.parametrize("case", [f"{path}-{who}" for path, (_g, users) in API.items() for who in users])
def test_api(query_budget, client, world, case):
    path, who = case.rsplit("-", 1)
    cw = build_casework(world)
    client.force_login(getattr(world, who))
    grow, _users = API[path]
    grow(world, cw, 3)
    m = query_budget.assert_flat(lambda: client.get(f"/api/v1/casework/{path}"),
                                 add_rows=lambda: grow(world, cw, 17))
    body = m.result.json()
    if path == "statistics":
        assert body["persons"] == 21
    elif path == "chains":
        assert body["total"]["sent"] == 21
    else:
        assert body["count"] == 21


def test_api_referral_detail(query_budget, client, world):
    cw = build_casework(world)
    client.force_login(world.partner_a)
    add_events(world, cw, 3)
    url = f"/api/v1/casework/referrals/{cw.referral.pk}"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_events(world, cw, 17))
    assert len(m.result.json()["events"]) == 22


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
