"""Query budgets of the core pages and API: start page, Quartiere, audit log, API tokens (style.md rule 19,
quartiersnetz/testing_queries.py). Re-record with `UPDATE_QUERY_COUNTS=1` and review the diff (docs/testing.md)."""

import itertools

import pytest
from django.urls import reverse

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.services import api_token_create, audit_log
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation, make_quartier
from quartiersnetz.testing_queries import stale_budget_keys

_seq = itertools.count()
TYPES = [("kita", "Kita"), ("schule", "Schule"), ("traeger", "Träger"), ("jobcenter", "Jobcenter")]


def add_organisations(world, n):
    """Organisations of several actor types with a contact person each, in Quartier A."""
    for _ in range(n):
        i = next(_seq)
        slug, name = TYPES[i % len(TYPES)]
        make_contact(make_organisation(world.qa, name=f"Organisation {i:03d}", actor_type=make_actor_type(slug, name)))


def add_quartiere(world, n):
    for _ in range(n):
        i = next(_seq)
        q = make_quartier(world.programme, slug=f"stadt-{i}", city=f"Stadt {i:03d}", name=f"Mitte {i:03d}")
        make_organisation(q, name=f"Verein {i:03d}")


def add_partner_contacts(world, n):
    for _ in range(n):
        make_contact(world.org_a)


# Who opens the page, and which rows grow for that user.
HOME = {
    "coach_a": add_organisations,
    "coordination": add_quartiere,
    "partner_a": add_partner_contacts,
    "admin": add_quartiere,
}


@pytest.mark.parametrize("who", list(HOME))
def test_home(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    grow = HOME[who]
    grow(world, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("core:home")), add_rows=lambda: grow(world, 17))
    assert m.result.status_code == 200 and m.result.context["title"] == "Start"


@pytest.mark.parametrize("who", ["coach_a", "coordination"])
def test_quartier_list(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    grow = add_organisations if who == "coach_a" else add_quartiere
    grow(world, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("core:quartier_list")), add_rows=lambda: grow(world, 17))
    expected = 1 if who == "coach_a" else 22  # Quartier A / A, B and the 20 new ones of the programme
    assert len(m.result.context["object_list"]) == expected


def test_quartier_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    add_organisations(world, 3)
    url = reverse("core:quartier_detail", args=[world.qa.slug])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_organisations(world, 17))
    assert m.result.context["contact_count"] == 21
    assert sum(row["count"] for row in m.result.context["type_counts"]) == 21


def add_audit_entries(world, n):
    for _ in range(n):
        audit_log(user=world.coach_a, action=AuditAction.UPDATE, obj=make_contact(world.org_a), fields=["email"],
                  quartier=world.qa)


def test_audit_list(query_budget, client, world):
    client.force_login(world.admin)
    add_audit_entries(world, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("core:audit_list")),
                                 add_rows=lambda: add_audit_entries(world, 17))
    assert len(m.result.context["object_list"]) == 20


def add_tokens(user, n):
    for _ in range(n):
        api_token_create(user=user, name=f"Skript {next(_seq)}")


def test_token_list(query_budget, client, world):
    client.force_login(world.coach_a)
    add_tokens(world.coach_a, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("core:token_list")),
                                 add_rows=lambda: add_tokens(world.coach_a, 17))
    assert len(m.result.context["tokens"]) == 20


# --- API ------------------------------------------------------------------------------------------------------------


def test_api_me(query_budget, client, world):
    client.force_login(world.coordination)
    m = query_budget(lambda: client.get("/api/v1/me"))
    assert m.result.json()["quartiere"] == [world.qa.slug, world.qb.slug]


def test_api_programme_list(query_budget, client, world):
    from quartiersnetz.testing import make_programme

    client.force_login(world.admin)

    def add_programmes(n):
        for _ in range(n):
            make_quartier(make_programme())

    add_programmes(3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/programmes"), add_rows=lambda: add_programmes(17))
    assert m.result.json()["count"] == 22


@pytest.mark.parametrize("who", ["coach_a", "coordination"])
def test_api_quartier_list(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    grow = add_organisations if who == "coach_a" else add_quartiere
    grow(world, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/quartiere"), add_rows=lambda: grow(world, 17))
    assert m.result.json()["count"] == (1 if who == "coach_a" else 22)


def test_api_audit_list(query_budget, client, world):
    client.force_login(world.admin)
    add_audit_entries(world, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/audit-log"),
                                 add_rows=lambda: add_audit_entries(world, 17))
    assert m.result.json()["count"] == 20


def test_api_token_list(query_budget, client, world):
    client.force_login(world.coach_a)
    add_tokens(world.coach_a, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/tokens"), add_rows=lambda: add_tokens(world.coach_a, 17))
    assert m.result.json()["count"] == 20


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
