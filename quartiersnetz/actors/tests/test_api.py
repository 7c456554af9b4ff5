"""Actors API: organisations, contact persons and consents — scope, filters, CRUD, consent-dependent output."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.models import AuditLogEntry, ConsentRecord
from quartiersnetz.core.services import api_token_create
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation

API = "/api/v1"
PROBLEM = "application/problem+json"


def auth(user):
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def get(client, url, user):
    return client.get(API + url, **auth(user))


def send(client, method, url, data, user):
    return getattr(client, method)(API + url, data=json.dumps(data), content_type="application/json", **auth(user))


def items(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["items"]


def assert_problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["instance"] == response.wsgi_request.path
    return body


def snapshot():
    """Counts of everything an API write could touch."""
    return (
        Organisation.objects.count(), ContactPerson.objects.count(), ConsentRecord.objects.count(),
        AuditLogEntry.objects.count(),
        sorted(Organisation.objects.values_list("name", "email", "is_active")),
        sorted(ContactPerson.objects.values_list("last_name", "email", "organisation_id")),
    )


# --- Actor types ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_actor_types_are_listed_with_parent(client, world):
    parent = make_actor_type("test-eltern", "Testtyp Eltern", order=50)
    make_actor_type("test-kind", "Testtyp Kind", parent=parent, order=51)
    body = {t["slug"]: t for t in items(get(client, "/actor-types?limit=200", world.coach_a))}
    assert {"jobcenter", "test-eltern", "test-kind"} <= set(body)
    assert body["test-kind"]["parent"] == {"id": parent.pk, "slug": "test-eltern", "name": "Testtyp Eltern"}
    assert body["test-eltern"]["parent"] is None


# --- Organisations: reading ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", ["Jobcenter Duisburg", "Jobcenter Köln", "Stadtteilbüro Lobeda"]),
        ("coordination", ["Jobcenter Duisburg", "Jobcenter Köln"]),
        ("evaluation", ["Jobcenter Duisburg", "Jobcenter Köln"]),
        ("coach_a", ["Jobcenter Duisburg"]),
        ("contact_point_a", ["Jobcenter Duisburg"]),
        ("partner_a", ["Jobcenter Duisburg"]),
        ("coordination_other", ["Stadtteilbüro Lobeda"]),
        ("no_role", []),
    ],
)
def test_organisation_list_is_scoped(client, world, who, expected):
    response = get(client, "/organisations", getattr(world, who))
    assert [o["name"] for o in items(response)] == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.django_db
def test_partner_sees_only_its_own_organisation(client, world):
    make_organisation(world.qa, name="Kita Sonnenschein")
    assert [o["name"] for o in items(get(client, "/organisations", world.partner_a))] == ["Jobcenter Duisburg"]
    assert get(client, f"/organisations/{world.org_a.pk}", world.partner_a).status_code == 200
    other = Organisation.objects.get(name="Kita Sonnenschein")
    assert_problem(get(client, f"/organisations/{other.pk}", world.partner_a), 404)
    assert_problem(get(client, f"/organisations/{world.org_b.pk}", world.partner_a), 404)


@pytest.mark.django_db
def test_organisation_filters_and_ordering(client, world):
    school = make_actor_type("test-schule", "Testschule")
    make_organisation(world.qa, name="Anne-Frank-Schule", actor_type=school, city="Duisburg")
    make_organisation(world.qa, name="Zentrum alt", is_active=False)
    multiplier = make_actor_type("test-multi", "Testmultiplikator")
    mosque = make_actor_type("test-moschee", "Testmoschee", parent=multiplier)
    make_organisation(world.qb, name="Moscheeverein", actor_type=mosque)

    def names(query):
        return [o["name"] for o in items(get(client, f"/organisations?{query}", world.coordination))]

    assert names("q=schule") == ["Anne-Frank-Schule"]
    assert names("quartier=koeln-chorweiler") == ["Jobcenter Köln", "Moscheeverein"]
    assert names(f"quartier_id={world.qa.pk}") == ["Anne-Frank-Schule", "Jobcenter Duisburg", "Zentrum alt"]
    assert names("actor_type=test-schule") == ["Anne-Frank-Schule"]
    assert names("actor_type=test-multi") == ["Moscheeverein"]  # subtypes included
    assert names("is_active=false") == ["Zentrum alt"]
    assert "Zentrum alt" not in names("is_active=true")
    assert names("ordering=-name&quartier_id=" + str(world.qa.pk)) == [
        "Zentrum alt", "Jobcenter Duisburg", "Anne-Frank-Schule",
    ]
    # a filter on a Quartier outside the scope finds nothing rather than leaking
    assert names(f"quartier_id={world.qc.pk}") == []
    body = assert_problem(get(client, "/organisations?ordering=password", world.coordination), 422)
    assert body["errors"][0]["field"] == "ordering"
    assert body["errors"][0]["message"].startswith("Bitte wählen Sie einen der Werte:")


@pytest.mark.django_db
def test_organisation_pagination(client, world):
    for i in range(5):
        make_organisation(world.qa, name=f"Verein {i}")
    page = get(client, "/organisations?limit=2&offset=2", world.coach_a).json()
    assert page["count"] == 6
    assert [o["name"] for o in page["items"]] == ["Verein 1", "Verein 2"]


@pytest.mark.django_db
def test_shared_organisation_shows_only_visible_quartiere(client, world):
    world.org_a.quartiere.add(world.qb)
    body = get(client, f"/organisations/{world.org_a.pk}", world.coach_a).json()
    assert [q["slug"] for q in body["quartiere"]] == ["duisburg-marxloh"]
    body = get(client, f"/organisations/{world.org_a.pk}", world.coordination).json()
    assert sorted(q["slug"] for q in body["quartiere"]) == ["duisburg-marxloh", "koeln-chorweiler"]
    assert body["contact_count"] == 1
    assert body["actor_type"]["slug"] == "jobcenter"


@pytest.mark.django_db
def test_coach_of_a_gets_404_for_organisation_of_b(client, world):
    before = snapshot()
    url = f"/organisations/{world.org_b.pk}"
    assert_problem(get(client, url, world.coach_a), 404)
    assert_problem(send(client, "patch", url, {"name": "Übernommen"}, world.coach_a), 404)
    assert_problem(send(client, "patch", url, {"name": ""}, world.coach_a), 404)  # invalid body: still 404
    assert_problem(send(client, "delete", url, {}, world.coach_a), 404)
    assert snapshot() == before


# --- Organisations: writing ----------------------------------------------------------------------------------------


def org_payload(world, **kw):
    data = {"name": "Familienzentrum Marxloh", "actor_type_id": world.org_a.actor_type_id,
            "quartier_ids": [world.qa.pk], "email": "info@fz-marxloh.de", "postal_code": "47169",
            "latitude": "51.503100", "longitude": "6.782000"}
    data.update(kw)
    return data


@pytest.mark.django_db
def test_coach_creates_organisation_in_own_quartier(client, world):
    response = send(client, "post", "/organisations", org_payload(world), world.coach_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Familienzentrum Marxloh"
    assert [q["slug"] for q in body["quartiere"]] == ["duisburg-marxloh"]
    assert body["latitude"] == 51.5031
    org = Organisation.objects.get(pk=body["id"])
    assert list(org.quartiere.all()) == [world.qa]
    assert org.is_active is True


@pytest.mark.django_db
def test_organisation_references_are_resolved_in_scope(client, world):
    before = snapshot()
    # Quartier B is invisible to coach A: 404 on the reference
    body = assert_problem(
        send(client, "post", "/organisations", org_payload(world, quartier_ids=[world.qb.pk]), world.coach_a), 404
    )
    assert body["errors"][0]["field"] == "quartier_ids"
    # a Kontaktstelle sees Quartier A but may not edit there: 403 problem from the service
    body = assert_problem(send(client, "post", "/organisations", org_payload(world), world.contact_point_a), 403)
    assert "Marxloh" in body["detail"]
    # a partner sees its Quartier but may not attach organisations to it
    assert_problem(send(client, "post", "/organisations", org_payload(world), world.partner_a), 403)
    # unknown actor type
    body = assert_problem(
        send(client, "post", "/organisations", org_payload(world, actor_type_id=999999), world.coach_a), 404
    )
    assert body["errors"][0]["field"] == "actor_type_id"
    assert snapshot() == before


@pytest.mark.django_db
def test_organisation_create_validation_in_german(client, world):
    before = snapshot()
    response = send(client, "post", "/organisations", org_payload(
        world, name="", quartier_ids=[], email="kein-mail", website="nope", postal_code="4716", latitude="91",
        legal_domain="sgb99",
    ), world.coach_a)
    body = assert_problem(response, 422)
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert errors["name"] == "Bitte geben Sie mindestens 1 Zeichen ein."
    assert errors["quartier_ids"] == "Bitte geben Sie mindestens 1 Einträge an."
    assert errors["email"] == "Bitte gültige E-Mail-Adresse eingeben."
    assert errors["website"] == "Bitte eine gültige Adresse eingeben."
    assert errors["postal_code"] == "Der Wert hat ein ungültiges Format."
    assert errors["latitude"] == "Der Wert darf höchstens 90 sein."
    assert errors["legal_domain"].startswith("Bitte wählen Sie einen der Werte:")
    # duplicate name (case-insensitive): 409 problem with the field
    body = assert_problem(
        send(client, "post", "/organisations", org_payload(world, name="jobcenter duisburg"), world.coach_a), 409
    )
    assert body["errors"] == [{"field": "name", "message": body["detail"]}]
    assert "jobcenter duisburg" in body["detail"]
    assert snapshot() == before


@pytest.mark.django_db
def test_organisation_update(client, world):
    url = f"/organisations/{world.org_a.pk}"
    response = send(client, "patch", url, {"short_name": "JC DU", "is_active": False}, world.coach_a)
    assert response.status_code == 200, response.content
    assert response.json()["short_name"] == "JC DU"
    world.org_a.refresh_from_db()
    assert (world.org_a.short_name, world.org_a.is_active, world.org_a.name) == ("JC DU", False, "Jobcenter Duisburg")
    # the partner edits its own organisation
    assert send(client, "patch", url, {"phone": "0203 99"}, world.partner_a).status_code == 200
    # visible but not editable: evaluation and Kontaktstelle get 404, nothing changes
    before = snapshot()
    for user in (world.evaluation, world.contact_point_a):
        assert_problem(send(client, "patch", url, {"name": "X"}, user), 404)
    assert snapshot() == before


@pytest.mark.django_db
def test_organisation_update_keeps_invisible_quartiere(client, world):
    world.org_a.quartiere.add(world.qb)
    url = f"/organisations/{world.org_a.pk}"
    response = send(client, "patch", url, {"quartier_ids": [world.qa.pk]}, world.coach_a)
    assert response.status_code == 200, response.content
    assert set(world.org_a.quartiere.all()) == {world.qa, world.qb}
    # coordination sees both and may remove B
    response = send(client, "patch", url, {"quartier_ids": [world.qa.pk]}, world.coordination)
    assert response.status_code == 200
    assert list(world.org_a.quartiere.all()) == [world.qa]
    # coach A cannot reach B at all
    body = assert_problem(send(client, "patch", url, {"quartier_ids": [world.qb.pk]}, world.coach_a), 404)
    assert body["errors"][0]["field"] == "quartier_ids"
    assert list(world.org_a.quartiere.all()) == [world.qa]


@pytest.mark.django_db
def test_organisation_delete(client, world):
    url = f"/organisations/{world.org_a.pk}"
    body = assert_problem(send(client, "delete", url, {}, world.partner_a), 403)
    assert body["detail"] == "Partner können ihre eigene Organisation nicht löschen."
    assert Organisation.objects.filter(pk=world.org_a.pk).exists()
    assert send(client, "delete", url, {}, world.coach_a).status_code == 204
    assert not Organisation.objects.filter(pk=world.org_a.pk).exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.DELETE, object_id=world.contact_a.pk).exists()


# --- Contact persons -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_list_is_scoped(client, world):
    assert [c["id"] for c in items(get(client, "/contacts", world.coach_a))] == [world.contact_a.pk]
    assert [c["id"] for c in items(get(client, "/contacts", world.partner_a))] == [world.contact_a.pk]
    assert [c["id"] for c in items(get(client, "/contacts", world.contact_point_a))] == [world.contact_a.pk]
    assert {c["id"] for c in items(get(client, "/contacts", world.coordination))} == {
        world.contact_a.pk, world.contact_b.pk
    }
    assert items(get(client, "/contacts", world.no_role)) == []


@pytest.mark.django_db
def test_evaluation_gets_404_on_contacts(client, world):
    assert items(get(client, "/contacts", world.evaluation)) == []
    assert_problem(get(client, f"/contacts/{world.contact_a.pk}", world.evaluation), 404)
    assert_problem(get(client, f"/contacts/{world.contact_a.pk}/consents", world.evaluation), 404)
    before = snapshot()
    assert_problem(send(client, "patch", f"/contacts/{world.contact_a.pk}", {"note": "x"}, world.evaluation), 404)
    assert_problem(send(client, "delete", f"/contacts/{world.contact_a.pk}", {}, world.evaluation), 404)
    body = assert_problem(send(client, "post", "/contacts", {
        "organisation_id": world.org_a.pk, "first_name": "A", "last_name": "B"}, world.evaluation), 404)
    assert body["detail"] == "Die angeforderte Ressource wurde nicht gefunden."
    assert snapshot() == before


@pytest.mark.django_db
def test_contact_filters(client, world):
    make_contact(world.org_a, first_name="Ali", last_name="Yılmaz", decision_authority=True, function="Leitung")
    other_org = make_organisation(world.qa, name="Kita Regenbogen")
    make_contact(other_org, first_name="Bea", last_name="Schulz")

    def names(query):
        return [c["last_name"] for c in items(get(client, f"/contacts?{query}", world.coach_a))]

    assert names("q=yılmaz") == ["Yılmaz"]
    assert names("q=regenbogen") == ["Schulz"]
    assert names(f"organisation={other_org.pk}") == ["Schulz"]
    assert names("decision_authority=true") == ["Yılmaz"]
    assert len(names("decision_authority=false")) == 2
    assert len(names("quartier=duisburg-marxloh")) == 3
    assert names("quartier=koeln-chorweiler") == []
    assert names(f"organisation={world.org_b.pk}") == []


@pytest.mark.django_db
def test_coach_of_a_gets_404_for_contact_of_b(client, world):
    before = snapshot()
    url = f"/contacts/{world.contact_b.pk}"
    assert_problem(get(client, url, world.coach_a), 404)
    assert_problem(send(client, "patch", url, {"last_name": "X"}, world.coach_a), 404)
    assert_problem(send(client, "delete", url, {}, world.coach_a), 404)
    assert_problem(get(client, f"{url}/consents", world.coach_a), 404)
    consent = world.contact_b.consents.first()
    assert_problem(send(client, "post", f"{url}/consents", {}, world.coach_a), 404)
    assert_problem(send(client, "post", f"{url}/consents/{consent.pk}/withdraw", {}, world.coach_a), 404)
    # B's consent through A's contact
    path = f"/contacts/{world.contact_a.pk}/consents/{consent.pk}/withdraw"
    assert_problem(send(client, "post", path, {}, world.coach_a), 404)
    # moving A's contact into B's organisation
    body = assert_problem(send(client, "patch", f"/contacts/{world.contact_a.pk}",
                               {"organisation_id": world.org_b.pk}, world.coach_a), 404)
    assert body["errors"][0]["field"] == "organisation_id"
    assert snapshot() == before


@pytest.mark.django_db
def test_contact_crud(client, world):
    response = send(client, "post", "/contacts", {
        "organisation_id": world.org_a.pk, "first_name": "Hatice", "last_name": "Demir", "function": "Leitung",
        "level": "leitung", "decision_authority": True, "email": "h.demir@example.org", "valid_from": "2024-02-01",
    }, world.coach_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Hatice Demir"
    assert body["organisation"] == {"id": world.org_a.pk, "name": "Jobcenter Duisburg"}
    # no consent recorded yet: the coach does not see the e-mail address
    assert body["email"] is None
    assert body["hidden_reason"] == "Kontaktdaten verborgen: keine gültige Einwilligung zur Kontaktaufnahme."
    assert body["consents"] == {"contact": False, "share": False, "publish": False}
    person = ContactPerson.objects.get(pk=body["id"])
    assert person.email == "h.demir@example.org"
    assert AuditLogEntry.objects.get(action=AuditAction.CREATE, object_id=person.pk).quartier == world.qa

    response = send(client, "patch", f"/contacts/{person.pk}", {"function": "Bereichsleitung"}, world.coach_a)
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.function, person.first_name) == ("Bereichsleitung", "Hatice")
    assert AuditLogEntry.objects.get(action=AuditAction.UPDATE, object_id=person.pk).fields == ["function"]

    assert send(client, "delete", f"/contacts/{person.pk}", {}, world.coach_a).status_code == 204
    assert not ContactPerson.objects.filter(pk=person.pk).exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.DELETE, object_id=person.pk).exists()


@pytest.mark.django_db
def test_contact_validation_writes_nothing(client, world):
    before = snapshot()
    body = assert_problem(send(client, "post", "/contacts", {
        "organisation_id": world.org_a.pk, "first_name": "", "last_name": "X" * 101, "email": "@",
        "valid_from": "2024-05-01", "valid_until": "2024-04-01", "level": "chef",
    }, world.coach_a), 422)
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert errors["first_name"] == "Bitte geben Sie mindestens 1 Zeichen ein."
    assert errors["last_name"] == "Bitte geben Sie höchstens 100 Zeichen ein."
    assert errors["email"] == "Bitte gültige E-Mail-Adresse eingeben."
    assert "level" in errors
    # range check on an existing person: valid_until before the stored valid_from
    world.contact_a.valid_from = dt.date(2024, 5, 1)
    world.contact_a.save()
    before = snapshot()
    body = assert_problem(
        send(client, "patch", f"/contacts/{world.contact_a.pk}", {"valid_until": "2024-01-01"}, world.coach_a), 422
    )
    assert body["type"] == "https://quartiersnetz.example/probleme/validierung"
    assert body["errors"]
    world.contact_a.refresh_from_db()
    assert world.contact_a.valid_until is None
    # the Kontaktstelle sees the person but may not change it
    assert_problem(send(client, "patch", f"/contacts/{world.contact_a.pk}", {"note": "x"}, world.contact_point_a), 404)
    assert snapshot() == before


# --- Consents ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consent_withdrawal_hides_contact_data(client, world):
    url = f"/contacts/{world.contact_a.pk}"
    assert get(client, url, world.coach_a).json()["email"] == world.contact_a.email
    consents = items(get(client, f"{url}/consents", world.coach_a))
    assert [(c["purpose"], c["is_active"]) for c in consents] == [("contact", True)]

    response = send(client, "post", f"{url}/consents/{consents[0]['id']}/withdraw", {}, world.coach_a)
    assert response.status_code == 200, response.content
    assert response.json()["withdrawn_on"] == timezone.localdate().isoformat()
    assert response.json()["is_active"] is False

    for user in (world.coach_a, world.contact_point_a, world.coordination):
        body = get(client, url, user).json()
        assert body["email"] is None and body["phone"] is None
        assert body["hidden_reason"] == "Kontaktdaten verborgen: keine gültige Einwilligung zur Kontaktaufnahme."
        listed = items(get(client, f"/contacts?q={world.contact_a.last_name}", user))
        assert listed[0]["email"] is None
        assert world.contact_a.email not in json.dumps(listed)
    # administration and the own organisation still see the data (contact_person_view)
    assert get(client, url, world.admin).json()["email"] == world.contact_a.email
    assert get(client, url, world.partner_a).json()["email"] == world.contact_a.email
    entry = AuditLogEntry.objects.get(object_id=world.contact_a.pk, action=AuditAction.UPDATE)
    assert entry.fields == ["consent:contact:withdrawn"]
    assert entry.username == "coach_a"


@pytest.mark.django_db
def test_record_consent_and_show_data_again(client, world):
    person = make_contact(world.org_a, consents=())
    url = f"/contacts/{person.pk}"
    assert get(client, url, world.coach_a).json()["email"] is None
    response = send(client, "post", f"{url}/consents", {
        "purpose": "contact", "given_on": "2025-03-01", "method": "electronic", "scope_note": "per E-Mail",
    }, world.coach_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["purpose"], body["method"], body["recorded_by"], body["is_active"]) == (
        "contact", "electronic", "coach_a", True
    )
    assert get(client, url, world.coach_a).json()["email"] == person.email
    assert ConsentRecord.objects.get(pk=body["id"]).object_id == person.pk


@pytest.mark.django_db
def test_consent_errors_write_nothing(client, world):
    url = f"/contacts/{world.contact_a.pk}/consents"
    consent = world.contact_a.consents.get()
    before = snapshot()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    body = assert_problem(send(client, "post", url, {"purpose": "contact", "given_on": tomorrow}, world.coach_a), 400)
    assert body["detail"] == "Eine Einwilligung kann nicht in der Zukunft erteilt sein."
    body = assert_problem(send(client, "post", url, {"purpose": "spam", "given_on": "2024-01-01"}, world.coach_a), 422)
    assert body["errors"][0]["field"] == "purpose"
    body = assert_problem(send(client, "post", url, {
        "purpose": "share", "given_on": "2024-01-01", "valid_until": "2023-01-01"}, world.coach_a), 422)
    assert body["errors"] == [{
        "field": "", "location": "body", "type": "value_error",
        "message": "„Gültig bis“ darf nicht vor dem Datum der Erteilung liegen.",
    }]
    # a Kontaktstelle reads consents but does not record them
    assert len(items(get(client, url, world.contact_point_a))) == 1
    assert_problem(send(client, "post", url, {"purpose": "share", "given_on": "2024-01-01"},
                        world.contact_point_a), 404)
    withdraw = f"{url}/{consent.pk}/withdraw"
    body = assert_problem(send(client, "post", withdraw, {"on": "2020-01-01"}, world.coach_a), 400)
    assert body["detail"] == "Der Widerruf kann nicht vor der Erteilung liegen."
    body = assert_problem(send(client, "post", withdraw, {"on": tomorrow}, world.coach_a), 422)
    assert body["errors"][0]["message"] == "Ein Widerruf kann nicht in der Zukunft liegen."
    assert snapshot() == before
    assert send(client, "post", withdraw, {"on": "2024-06-30"}, world.coach_a).status_code == 200
    after_withdrawal = snapshot()
    body = assert_problem(send(client, "post", withdraw, {}, world.coach_a), 400)
    assert body["detail"] == "Diese Einwilligung wurde bereits widerrufen."
    assert snapshot() == after_withdrawal
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2024, 6, 30)


@pytest.mark.django_db
def test_withdraw_accepts_an_empty_body(client, world):
    consent = world.contact_a.consents.get()
    url = f"{API}/contacts/{world.contact_a.pk}/consents/{consent.pk}/withdraw"
    response = client.post(url, data="", content_type="application/json", **auth(world.coach_a))
    assert response.status_code == 200, response.content
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_the_number_of_items(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = auth(world.coordination)

    def count(url):
        client.get(API + url, **headers)  # warm up (content types, scope)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API + url, **headers).status_code == 200
        return len(ctx.captured_queries)

    few = (count("/organisations"), count("/contacts"))
    for i in range(8):
        org = make_organisation(world.qa, world.qb, name=f"Träger {i}")
        make_contact(org)
    assert (count("/organisations"), count("/contacts")) == few
