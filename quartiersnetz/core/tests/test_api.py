"""Core API: authentication (token and session), problem+json errors, pagination, Quartiere, audit log, tokens."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from quartiersnetz.core.choices import AuditAction, Role
from quartiersnetz.core.models import ApiToken, AuditLogEntry, Quartier
from quartiersnetz.core.services import api_token_create
from quartiersnetz.testing import make_quartier, make_user

API = "/api/v1"
PROBLEM = "application/problem+json"


def auth(user, name="test"):
    _token, key = api_token_create(user=user, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def get(client, url, user=None, **extra):
    headers = auth(user) if user is not None else {}
    return client.get(API + url, **headers, **extra)


def send(client, method, url, data, user):
    body = data if isinstance(data, str) else json.dumps(data)
    return getattr(client, method)(API + url, data=body, content_type="application/json", **auth(user))


def assert_problem(response, status, title=None):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["instance"] == response.wsgi_request.path
    assert body["type"].startswith(("about:blank", "https://quartiersnetz.example/probleme/"))
    assert body["title"] and body["detail"]
    if title is not None:
        assert body["title"] == title
    return body


# --- Authentication ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_token_auth_identifies_the_user_and_their_quartiere(client, world):
    response = get(client, "/me", world.coach_a)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "coach_a"
    assert body["is_admin"] is False
    assert body["roles"] == [
        {"role": "coach", "label": body["roles"][0]["label"], "programme": None, "quartier": "duisburg-marxloh",
         "organisation_id": None}
    ]
    assert body["quartiere"] == ["duisburg-marxloh"]


@pytest.mark.django_db
def test_me_of_coordination_lists_the_programme_quartiere(client, world):
    body = get(client, "/me", world.coordination).json()
    assert sorted(body["quartiere"]) == ["duisburg-marxloh", "koeln-chorweiler"]
    assert body["roles"][0]["programme"] == "aktiv"


@pytest.mark.django_db
def test_token_last_used_is_updated_at_most_once_a_minute(client, world):
    token, key = api_token_create(user=world.coach_a, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert token.last_used_at is None
    assert client.get(f"{API}/me", **headers).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    recent = timezone.now() - dt.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get(f"{API}/me", **headers)
    token.refresh_from_db()
    assert token.last_used_at == recent
    old = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    client.get(f"{API}/me", **headers)
    token.refresh_from_db()
    assert token.last_used_at > old + dt.timedelta(minutes=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Bearer qn_unknown-key", "Bearer ", "Token abc", "Bearer not-a-qn-key", "Basic dXNlcjpwdw=="],
)
def test_bad_tokens_get_401_problem(client, world, header):
    response = client.get(f"{API}/me", HTTP_AUTHORIZATION=header)
    body = assert_problem(response, 401, title="Nicht angemeldet")
    assert body["type"] == "https://quartiersnetz.example/probleme/authentifizierung"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_expired_token_gets_401(client, world):
    token, key = api_token_create(user=world.coach_a, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_problem(response, 401)
    token.refresh_from_db()
    assert token.last_used_at is None


@pytest.mark.django_db
def test_token_that_expires_later_works(client, world):
    token, key = api_token_create(
        user=world.coach_a, name="soon", expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


@pytest.mark.django_db
def test_token_of_deactivated_user_gets_401(client, world):
    headers = auth(world.coach_a)
    world.coach_a.is_active = False
    world.coach_a.save()
    assert_problem(client.get(f"{API}/me", **headers), 401)


@pytest.mark.django_db
def test_anonymous_gets_401_problem(client, world):
    for url in ("/me", "/quartiere", f"/quartiere/{world.qa.pk}", "/organisations", "/contacts"):
        assert_problem(client.get(API + url), 401)


@pytest.mark.django_db
def test_session_auth_works_for_get(client, world):
    client.force_login(world.coach_a)
    response = client.get(f"{API}/quartiere")
    assert response.status_code == 200
    assert [q["slug"] for q in response.json()["items"]] == ["duisburg-marxloh"]


@pytest.mark.django_db
def test_wrong_token_is_not_rescued_by_a_session(client, world):
    client.force_login(world.admin)
    assert_problem(client.get(f"{API}/me", HTTP_AUTHORIZATION="Bearer qn_wrong"), 401)


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordination)
    data = json.dumps({"programme_id": world.programme.pk, "slug": "essen-katernberg", "city": "Essen",
                       "name": "Katernberg"})
    response = client.post(f"{API}/quartiere", data=data, content_type="application/json")
    body = assert_problem(response, 403, title="Keine Berechtigung")
    assert "CSRF" in body["detail"]
    assert not Quartier.objects.filter(slug="essen-katernberg").exists()

    csrf_value = "A" * 32  # a valid CSRF secret: the cookie and the header must match
    client.cookies["csrftoken"] = csrf_value
    response = client.post(
        f"{API}/quartiere", data=data, content_type="application/json", HTTP_X_CSRFTOKEN=csrf_value
    )
    assert response.status_code == 201, response.content
    assert Quartier.objects.filter(slug="essen-katernberg").exists()


@pytest.mark.django_db
def test_token_requests_need_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    data = json.dumps({"programme_id": world.programme.pk, "slug": "essen-katernberg", "city": "Essen",
                       "name": "Katernberg"})
    response = client.post(f"{API}/quartiere", data=data, content_type="application/json", **auth(world.coordination))
    assert response.status_code == 201


def test_schema_and_docs_are_served(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    assert "Problem" in schema["components"]["schemas"]
    patch = schema["paths"]["/api/v1/quartiere/{quartier_id}"]["patch"]
    assert patch["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/QuartierPatch"
    }
    assert "QuartierPatch" in schema["components"]["schemas"]
    assert "application/problem+json" in patch["responses"]["404"]["content"]
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_every_schema_reference_resolves(client):
    schema = client.get(f"{API}/openapi.json").json()
    components = schema["components"]["schemas"]
    refs = set()

    def collect(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema)
    assert len(refs) > 10
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in components, ref
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation["operationId"], (path, method)
            assert {"200", "201", "204"} & set(operation["responses"]), (path, method)
            assert "401" in operation["responses"], (path, method)


# --- Problem details -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_validation_error_is_422_problem_with_german_field_errors(client, world):
    response = send(client, "post", "/quartiere", {"programme_id": "x", "slug": "a b", "city": ""},
                    world.coordination)
    body = assert_problem(response, 422, title="Ungültige Eingabe")
    assert body["type"] == "https://quartiersnetz.example/probleme/validierung"
    errors = {e["field"]: e for e in body["errors"]}
    assert set(errors) == {"programme_id", "slug", "city", "name"}
    assert errors["programme_id"]["message"] == "Bitte geben Sie eine ganze Zahl ein."
    assert errors["slug"]["message"] == "Der Wert hat ein ungültiges Format."
    assert errors["city"]["message"] == "Bitte geben Sie mindestens 1 Zeichen ein."
    assert errors["name"]["message"] == "Dieses Feld ist erforderlich."
    assert errors["name"]["location"] == "body"
    assert Quartier.objects.count() == 3


@pytest.mark.django_db
def test_unknown_fields_are_rejected(client, world):
    response = send(client, "patch", f"/quartiere/{world.qa.pk}", {"nmae": "Neu"}, world.coach_a)
    body = assert_problem(response, 422)
    assert body["errors"] == [
        {"field": "nmae", "location": "body", "message": "Dieses Feld ist nicht erlaubt.", "type": "extra_forbidden"}
    ]


@pytest.mark.django_db
def test_unreadable_json_is_400_problem(client, world):
    response = send(client, "post", "/quartiere", "{not json", world.coordination)
    body = assert_problem(response, 400, title="Ungültige Anfrage")
    assert "JSON" in body["detail"]
    response = send(client, "patch", f"/quartiere/{world.qa.pk}", "{not json", world.coach_a)
    assert_problem(response, 400)


@pytest.mark.django_db
def test_nul_characters_are_rejected(client, world):
    response = send(client, "patch", f"/quartiere/{world.qa.pk}", {"description": "a\x00b"}, world.coach_a)
    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "description"
    assert "NUL" in body["errors"][0]["message"]


@pytest.mark.django_db
def test_deeply_nested_json_is_rejected(client, world):
    boundary = {"type": "Polygon", "coordinates": []}
    node = boundary["coordinates"]
    for _ in range(100):
        node.append([])
        node = node[0]
    response = send(client, "patch", f"/quartiere/{world.qa.pk}", {"boundary": boundary}, world.coach_a)
    body = assert_problem(response, 422)
    assert body["errors"][0] == {
        "field": "boundary", "location": "body", "message": "Der Wert ist zu tief verschachtelt.", "type": "value_error"
    }
    response = send(client, "patch", f"/quartiere/{world.qa.pk}", "[" * 100000 + "]" * 100000, world.coach_a)
    assert_problem(response, 400)
    world.qa.refresh_from_db()
    assert world.qa.boundary is None


@pytest.mark.django_db
def test_not_found_is_404_problem_in_german(client, world):
    body = assert_problem(get(client, "/quartiere/999999", world.admin), 404, title="Nicht gefunden")
    assert body["type"] == "about:blank"
    assert body["detail"] == "Die angeforderte Ressource wurde nicht gefunden."


@pytest.mark.django_db
def test_unexpected_errors_are_500_problem_without_internals(client, world, monkeypatch):
    from quartiersnetz.core import api as core_api

    def boom(**kwargs):
        raise RuntimeError("secret internals: /etc/passwd")

    monkeypatch.setattr(core_api, "programme_list", boom)
    response = get(client, "/programmes", world.admin)
    body = assert_problem(response, 500, title="Interner Fehler")
    assert "secret" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("exception", "status", "title"),
    [
        ("permission_denied", 403, "Keine Berechtigung"),
        ("throttled", 429, "Zu viele Anfragen"),
        ("integrity", 409, "Konflikt"),
        ("application", 409, "Konflikt"),
    ],
)
def test_exceptions_map_to_problems(client, world, monkeypatch, exception, status, title):
    from django.core.exceptions import PermissionDenied
    from django.db import IntegrityError
    from ninja.errors import Throttled

    from quartiersnetz.core import api as core_api
    from quartiersnetz.core.exceptions import ApplicationError

    exceptions = {
        "permission_denied": PermissionDenied("internal reason"),
        "throttled": Throttled(wait=5),
        "integrity": IntegrityError("UNIQUE constraint failed: secret_table.column"),
        "application": ApplicationError("Schon vorhanden.", extra={"name": ["duplicate"], "__all__": ["Kaputt."]},
                                        status=409),
    }

    def raise_it(**kwargs):
        raise exceptions[exception]

    monkeypatch.setattr(core_api, "programme_list", raise_it)
    response = get(client, "/programmes", world.admin)
    body = assert_problem(response, status, title=title)
    assert "secret_table" not in response.content.decode()
    assert "internal reason" not in response.content.decode()
    if exception == "application":
        assert body["detail"] == "Schon vorhanden."
        assert body["errors"] == [
            {"field": "name", "message": "Schon vorhanden."}, {"field": "", "message": "Kaputt."}
        ]


# --- Pagination ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pagination_limit_and_offset(client, world):
    for i in range(4):
        make_quartier(world.programme, slug=f"extra-{i}", city="Zwickau", name=f"Ort {i}")
    all_items = get(client, "/quartiere?limit=200", world.admin).json()
    assert all_items["count"] == 7
    assert len(all_items["items"]) == 7
    page = get(client, "/quartiere?limit=2&offset=3", world.admin).json()
    assert page["count"] == 7
    assert [q["slug"] for q in page["items"]] == [q["slug"] for q in all_items["items"][3:5]]
    beyond = get(client, "/quartiere?offset=100", world.admin).json()
    assert beyond == {"count": 7, "items": []}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["limit=0", "limit=201", "offset=-1", "limit=abc"])
def test_pagination_bounds_are_validated(client, world, query):
    body = assert_problem(get(client, f"/quartiere?{query}", world.admin), 422)
    assert body["errors"][0]["field"] == query.split("=")[0]
    assert body["errors"][0]["location"] == "query"


# --- Programmes and Quartiere --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_programmes_are_scoped(client, world):
    assert [p["slug"] for p in get(client, "/programmes", world.coach_a).json()["items"]] == ["aktiv"]
    assert {p["slug"] for p in get(client, "/programmes", world.admin).json()["items"]} == {"aktiv", "thinka-test"}
    assert get(client, "/programmes", world.no_role).json() == {"count": 0, "items": []}


@pytest.mark.django_db
def test_quartier_list_is_scoped_and_filtered(client, world):
    assert [q["slug"] for q in get(client, "/quartiere", world.coach_a).json()["items"]] == ["duisburg-marxloh"]
    assert [q["slug"] for q in get(client, "/quartiere", world.coordination).json()["items"]] == [
        "duisburg-marxloh", "koeln-chorweiler",
    ]
    assert [q["slug"] for q in get(client, "/quartiere?q=chorw", world.admin).json()["items"]] == ["koeln-chorweiler"]
    assert [q["slug"] for q in get(client, "/quartiere?programme=thinka-test", world.admin).json()["items"]] == [
        "jena-lobeda"
    ]
    assert get(client, "/quartiere", world.partner_a).json()["count"] == 1


@pytest.mark.django_db
def test_quartier_get_by_id_and_slug(client, world):
    by_id = get(client, f"/quartiere/{world.qa.pk}", world.coach_a).json()
    by_slug = get(client, f"/quartiere/by-slug/{world.qa.slug}", world.coach_a).json()
    assert by_id == by_slug
    assert by_id["display_name"] == "Duisburg-Marxloh"
    assert by_id["programme"] == {"id": world.programme.pk, "slug": "aktiv", "name": "Aktiv für Arbeit"}
    assert by_id["organisation_count"] == 1


@pytest.mark.django_db
def test_coach_of_a_gets_404_for_quartier_b(client, world):
    before = Quartier.objects.get(pk=world.qb.pk)
    assert_problem(get(client, f"/quartiere/{world.qb.pk}", world.coach_a), 404)
    assert_problem(get(client, f"/quartiere/by-slug/{world.qb.slug}", world.coach_a), 404)
    assert_problem(send(client, "patch", f"/quartiere/{world.qb.pk}", {"name": "X"}, world.coach_a), 404)
    # even an invalid body does not reveal more than 404
    assert_problem(send(client, "patch", f"/quartiere/{world.qb.pk}", {"name": ""}, world.coach_a), 404)
    assert_problem(send(client, "delete", f"/quartiere/{world.qb.pk}", {}, world.coach_a), 404)
    after = Quartier.objects.get(pk=world.qb.pk)
    assert (after.name, after.city) == (before.name, before.city)


@pytest.mark.django_db
def test_coordination_creates_a_quartier(client, world):
    response = send(client, "post", "/quartiere", {
        "programme_id": world.programme.pk, "slug": "essen-katernberg", "city": "Essen", "name": "Katernberg",
        "population": 23000, "unemployment_rate": "12.5", "start": "2024-01-01", "approach_type": "inhaltlich",
    }, world.coordination)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "essen-katernberg"
    assert body["unemployment_rate"] == 12.5
    assert body["organisation_count"] == 0
    quartier = Quartier.objects.get(slug="essen-katernberg")
    assert quartier.population == 23000
    entry = AuditLogEntry.objects.get(object_id=quartier.pk, action=AuditAction.CREATE)
    assert entry.username == "koordination"


@pytest.mark.django_db
def test_quartier_create_rules(client, world):
    data = {"programme_id": world.programme.pk, "slug": "neu", "city": "Essen", "name": "Neu"}
    # a coach sees the programme but may not create Quartiere: 403 problem from the service
    body = assert_problem(send(client, "post", "/quartiere", data, world.coach_a), 403)
    assert "Programmkoordination" in body["detail"]
    # a programme outside the scope is a 404 on the reference
    body = assert_problem(
        send(client, "post", "/quartiere", {**data, "programme_id": world.other_programme.pk}, world.coordination),
        404,
    )
    assert body["errors"] == [{"field": "programme_id", "message": body["detail"]}]
    assert str(world.other_programme.pk) in body["detail"]
    # duplicate slug: 422 from model validation in the service
    body = assert_problem(send(client, "post", "/quartiere", {**data, "slug": world.qa.slug}, world.coordination), 422)
    assert body["type"] == "https://quartiersnetz.example/probleme/validierung"
    assert [e["field"] for e in body["errors"]] == ["slug"]
    assert "existiert bereits" in body["errors"][0]["message"]
    # end before start
    body = assert_problem(
        send(client, "post", "/quartiere", {**data, "start": "2024-01-01", "end": "2023-01-01"}, world.coordination),
        422,
    )
    assert body["errors"][0]["message"] == "Das Enddatum darf nicht vor dem Startdatum liegen."
    assert not Quartier.objects.filter(slug="neu").exists()
    assert not AuditLogEntry.objects.filter(action=AuditAction.CREATE).exists()


@pytest.mark.django_db
def test_coach_updates_own_quartier(client, world):
    response = send(client, "patch", f"/quartiere/{world.qa.pk}", {"population": 20500, "coach_fte": "1.5"},
                    world.coach_a)
    assert response.status_code == 200, response.content
    assert response.json()["population"] == 20500
    assert response.json()["coach_fte"] == 1.5
    world.qa.refresh_from_db()
    assert world.qa.population == 20500
    assert world.qa.name == "Marxloh"  # fields not sent stay
    entry = AuditLogEntry.objects.get(object_id=world.qa.pk, action=AuditAction.UPDATE)
    assert entry.fields == ["coach_fte", "population"]


@pytest.mark.django_db
def test_quartier_update_rejects_null_for_required_fields_and_writes_nothing(client, world):
    body = assert_problem(send(client, "patch", f"/quartiere/{world.qa.pk}", {"city": None, "population": -1},
                               world.coach_a), 422)
    assert {e["field"] for e in body["errors"]} == {"city", "population"}
    world.qa.refresh_from_db()
    assert world.qa.city == "Duisburg"
    assert not AuditLogEntry.objects.exists()


@pytest.mark.django_db
def test_contact_point_and_evaluation_cannot_update_quartier(client, world):
    for user in (world.contact_point_a, world.evaluation, world.partner_a):
        assert_problem(send(client, "patch", f"/quartiere/{world.qa.pk}", {"name": "X"}, user), 404)
    world.qa.refresh_from_db()
    assert world.qa.name == "Marxloh"


@pytest.mark.django_db
def test_quartier_delete(client, world):
    # still has organisations: 409 conflict, nothing deleted
    body = assert_problem(send(client, "delete", f"/quartiere/{world.qa.pk}", {}, world.admin), 409, title="Konflikt")
    assert "Organisationen" in body["detail"]
    assert Quartier.objects.filter(pk=world.qa.pk).exists()
    empty = make_quartier(world.programme, slug="leer")
    assert_problem(send(client, "delete", f"/quartiere/{empty.pk}", {}, world.coach_a), 404)  # coach: no delete
    response = send(client, "delete", f"/quartiere/{empty.pk}", {}, world.coordination)
    assert response.status_code == 204
    assert not Quartier.objects.filter(pk=empty.pk).exists()


# --- Audit log -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_log_is_for_administration_only(client, world):
    send(client, "patch", f"/quartiere/{world.qa.pk}", {"population": 1}, world.coach_a)
    send(client, "patch", f"/quartiere/{world.qb.pk}", {"population": 2}, world.coach_b)
    body = get(client, "/audit-log", world.admin).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["username"] == "coach_b"
    assert first["object_type"] == "core.quartier"
    assert first["quartier"] == "koeln-chorweiler"
    assert first["fields"] == ["population"]
    filtered = get(client, "/audit-log?quartier=duisburg-marxloh&action=update", world.admin).json()
    assert [e["username"] for e in filtered["items"]] == ["coach_a"]
    for user in (world.coach_a, world.coordination, world.evaluation, world.no_role):
        assert_problem(get(client, "/audit-log", user), 404)


# --- API tokens ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_token_create_list_and_delete(client, world):
    response = send(client, "post", "/tokens", {"name": "  Export-Skript "}, world.coach_a)
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "Export-Skript"
    assert created["key"].startswith("qn_")
    assert created["prefix"] == created["key"][3:11]
    token = ApiToken.objects.get(pk=created["id"])
    assert token.key_hash == ApiToken.hash_key(created["key"])
    # the new key works and is never shown again
    listed = client.get(f"{API}/tokens", HTTP_AUTHORIZATION=f"Bearer {created['key']}").json()
    assert created["id"] in [t["id"] for t in listed["items"]]
    assert all("key" not in t for t in listed["items"])
    assert created["key"] not in json.dumps(listed)
    # others do not see or delete it
    assert created["id"] not in [t["id"] for t in get(client, "/tokens", world.admin).json()["items"]]
    assert_problem(send(client, "delete", f"/tokens/{created['id']}", {}, world.admin), 404)
    assert ApiToken.objects.filter(pk=created["id"]).exists()
    response = send(client, "delete", f"/tokens/{created['id']}", {}, world.coach_a)
    assert response.status_code == 204
    assert not ApiToken.objects.filter(pk=created["id"]).exists()
    assert_problem(client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {created['key']}"), 401)


@pytest.mark.django_db
def test_token_create_validates_name_and_expiry(client, world):
    count = ApiToken.objects.count()
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    far = (timezone.now() + dt.timedelta(days=4000)).isoformat()
    body = assert_problem(send(client, "post", "/tokens", {"name": "   ", "expires_at": past}, world.coach_a), 422)
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages == {
        "name": "Bitte geben Sie eine Bezeichnung für das Token an.",
        "expires_at": "Das Ablaufdatum muss in der Zukunft liegen.",
    }
    body = assert_problem(send(client, "post", "/tokens", {"name": "x", "expires_at": far}, world.coach_a), 422)
    assert body["errors"][0]["message"] == "Ein Token darf höchstens zehn Jahre gültig sein."
    # +1 for the token that authenticated the requests above
    assert ApiToken.objects.count() == count + 2


# --- Management command --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_api_token_command(client, world):
    out = StringIO()
    call_command("create_api_token", "coach_a", "Nachtlauf", "--expires-days", "30", stdout=out)
    lines = out.getvalue().splitlines()
    key = next(line for line in lines if line.startswith("qn_"))
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(key))
    assert token.user == world.coach_a
    assert token.name == "Nachtlauf"
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["username"] == "coach_a"
    out = StringIO()
    call_command("create_api_token", "coach_a", "Nur Schlüssel", "--key-only", stdout=out)
    assert out.getvalue().strip().startswith("qn_")
    assert len(out.getvalue().strip().splitlines()) == 1


@pytest.mark.django_db
def test_create_api_token_command_rejects_unknown_users(world):
    count = ApiToken.objects.count()
    with pytest.raises(CommandError, match="niemand"):
        call_command("create_api_token", "niemand", "x")
    user = make_user("weg", role=Role.COACH, quartier=world.qa, is_active=False)
    with pytest.raises(CommandError, match="deaktiviert"):
        call_command("create_api_token", user.username, "x")
    with pytest.raises(CommandError):
        call_command("create_api_token", "coach_a", "x", "--expires-days", "0")
    assert ApiToken.objects.count() == count
