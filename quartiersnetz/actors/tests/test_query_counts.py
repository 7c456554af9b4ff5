"""Query budgets of the actors pages and API (style.md rule 19, quartiersnetz/testing_queries.py).

Each page is counted with a few rows and again with more: the two counts must be equal (no N+1) and match
`query_counts.json`. Re-record with `UPDATE_QUERY_COUNTS=1` and review the diff (docs/testing.md)."""

import datetime as dt
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from quartiersnetz.actors.models import ContactPerson
from quartiersnetz.core.choices import ConsentMethod, ConsentPurpose
from quartiersnetz.core.models import ConsentRecord
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation
from quartiersnetz.testing_queries import stale_budget_keys

USERS = ["coach_a", "coordination"]
_seq = itertools.count()


def add_organisations(world, n):
    kita = make_actor_type("kita", "Kita")
    for _ in range(n):
        i = next(_seq)
        org = make_organisation(world.qa, world.qb, name=f"Träger {i:03d}", actor_type=kita if i % 2 else None)
        make_contact(org)


def add_contacts(organisation, n):
    for _ in range(n):
        make_contact(organisation, consents=(ConsentPurpose.CONTACT, ConsentPurpose.SHARE))


@pytest.mark.parametrize("who", USERS)
def test_organisation_list(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    add_organisations(world, 3)
    url = reverse("actors:organisation_list")
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_organisations(world, 17))
    assert m.result.content.decode().count("Träger ") >= 20


def test_organisation_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    add_contacts(world.org_a, 3)
    url = reverse("actors:organisation_detail", args=[world.org_a.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_contacts(world.org_a, 17))
    assert len(m.result.context["contacts"]) == 21


@pytest.mark.parametrize("who", USERS)
def test_contact_list(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    add_contacts(world.org_a, 3)
    url = reverse("actors:contact_list")
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_contacts(world.org_a, 17))
    assert len(m.result.context["object_list"]) == {"coach_a": 21, "coordination": 22}[who]  # + contact_b


def test_contact_detail(query_budget, client, world):
    client.force_login(world.coach_a)
    person = world.contact_a
    ct = ContentType.objects.get_for_model(ContactPerson)

    def add_consents(n):
        for i in range(n):
            ConsentRecord.objects.create(content_type=ct, object_id=person.pk, purpose=ConsentPurpose.SHARE,
                                         given_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                                         method=ConsentMethod.WRITTEN, withdrawn_on=dt.date(2021, 1, 1))

    add_consents(2)
    url = reverse("actors:contact_detail", args=[person.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_consents(17))
    assert len(m.result.context["consents"]) == 20


@pytest.mark.parametrize("who", USERS)
def test_api_organisation_list(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    add_organisations(world, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/organisations"),
                                 add_rows=lambda: add_organisations(world, 17))
    assert m.result.json()["count"] >= 21


@pytest.mark.parametrize("who", USERS)
def test_api_contact_list(query_budget, client, world, who):
    client.force_login(getattr(world, who))
    add_contacts(world.org_a, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/contacts"), add_rows=lambda: add_contacts(world.org_a, 17))
    assert m.result.json()["count"] >= 21


def test_api_actor_type_list(query_budget, client, world):
    client.force_login(world.coach_a)

    def add_types(n, start):
        for i in range(start, start + n):
            make_actor_type(f"typ-{i}", f"Typ {i}", parent=make_actor_type())

    add_types(3, 0)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/actor-types"), add_rows=lambda: add_types(17, 3))
    assert m.result.json()["count"] >= 20


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
