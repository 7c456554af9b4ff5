"""Property-based API test: schemathesis generates requests from the OpenAPI schema; no answer may be a 5xx.

Every operation is called as an administrator (token auth) against a database with the test world. Generated
ids are mostly mapped onto the world's objects, so that requests reach the services and the database instead of
stopping at a 404.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error

from quartiersnetz.core.models import ConsentRecord
from quartiersnetz.core.services import api_token_create
from quartiersnetz.testing import build_world, make_contact, make_quartier

SCHEMA_PATH = "/api/v1/openapi.json"
schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())


def test_schema_is_valid_openapi_3_1():
    assert schema.raw_schema["openapi"].startswith("3.1.")
    schema.validate()  # against the OpenAPI 3.1 meta-schema shipped with schemathesis
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20


@pytest.fixture
def api_world(db):
    """Each operation runs in the test's transaction (rolled back afterwards, far cheaper than flushing every table
    on PostgreSQL). The in-process WSGI app would close the connection at the end of each request like a real
    server; as in Django's test client, that signal handler is switched off for the duration."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield _api_world()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _api_world():
    world = build_world()
    empty = make_quartier(world.programme, slug="leer", city="Leerstadt", name="Leer")
    contact = make_contact(world.org_a, consents=())
    _token, key = api_token_create(user=world.admin, name="schemathesis")
    other_token, _key = api_token_create(user=world.admin, name="zweites")
    ids = {
        "quartier_id": [world.qa.pk, world.qb.pk, world.qc.pk, empty.pk],
        "programme_id": [world.programme.pk, world.other_programme.pk],
        "organisation_id": [world.org_a.pk, world.org_b.pk, world.org_c.pk],
        "actor_type_id": [world.org_a.actor_type_id],
        "contact_id": [world.contact_a.pk, world.contact_b.pk, contact.pk],
        "consent_id": list(ConsentRecord.objects.values_list("pk", flat=True)),
        "token_id": [other_token.pk],  # not the token the test authenticates with
    }
    ids["organisation"] = ids["organisation_id"]
    return {"headers": {"Authorization": f"Bearer {key}"}, "ids": ids}


def _aim(value, choices):
    """Map most generated ids onto existing objects; every fifth stays as generated (usually a 404)."""
    if isinstance(value, bool) or not isinstance(value, int) or not choices or value % 5 == 4:
        return value
    return choices[value % len(choices)]


def aim_at_world(case, ids: dict) -> None:
    for params in (case.path_parameters, case.query):
        for name, value in list((params or {}).items()):
            if name in ids:
                params[name] = _aim(value, ids[name])
    if isinstance(case.body, dict):
        for name, value in list(case.body.items()):
            if name == "quartier_ids" and isinstance(value, list):
                case.body[name] = [_aim(v, ids["quartier_id"]) for v in value]
            elif name in ids:
                case.body[name] = _aim(value, ids[name])


@schema.parametrize()
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_api_answers_without_server_errors(case, api_world):
    aim_at_world(case, api_world["ids"])
    case.call_and_validate(headers=api_world["headers"], checks=[not_a_server_error])
