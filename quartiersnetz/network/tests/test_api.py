"""API: the graph endpoint (same numbers as analytics), filters as query parameters, stored-tie CRUD, scope."""

from __future__ import annotations

import json

import pytest

from quartiersnetz.analytics.network import analyse_network
from quartiersnetz.core.services import api_token_create
from quartiersnetz.network.models import ManualTie
from quartiersnetz.network.selectors import network_ties

pytestmark = pytest.mark.django_db
BASE = "/api/v1"


class Api:
    def __init__(self, client, user):
        _token, key = api_token_create(user=user, name="test")
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self.headers)

    def send(self, method, path, data=None):
        body = json.dumps(data) if data is not None else None
        return getattr(self.client, method)(BASE + path, body, content_type="application/json", **self.headers)


def test_graph_endpoint_equals_analytics(client, tiny):
    api = Api(client, tiny.world.coach_a)
    response = api.get(f"/network/quartiere/{tiny.world.qa.pk}/graph")
    assert response.status_code == 200
    body = response.json()
    expected = analyse_network(network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk).spec())
    assert body["metrics"]["nodes"] == expected.network.nodes
    assert body["metrics"]["ties"] == expected.network.ties
    assert body["metrics"]["density"] == pytest.approx(expected.network.density)
    assert body["metrics"]["average_path_length"] == pytest.approx(expected.network.average_path_length)
    assert body["jobcenter"]["share_within_2"] == pytest.approx(expected.jobcenter.share_within_2)
    assert {n["id"]: n["closeness"] for n in body["nodes"]} == pytest.approx(
        {int(n.id): n.closeness for n in expected.nodes})
    assert body["fragility"][0]["name"] == "Werkstatt Marxloh"
    assert "Jobcenter Köln" not in response.content.decode()


def test_graph_endpoint_filters(client, tiny):
    api = Api(client, tiny.world.coach_a)
    body = api.get(f"/network/quartiere/{tiny.world.qa.pk}/graph", sources=["co_attendance"], min_strength=3,
                   w_co_attendance=1).json()
    assert [(t["source"], t["target"], t["strength"]) for t in body["ties"]] == [(tiny.jc.pk, tiny.kommune.pk, 3.0)]
    response = api.get(f"/network/quartiere/{tiny.world.qa.pk}/graph", start="2014-01-01", end="2013-01-01")
    assert response.status_code == 422
    response = api.get(f"/network/quartiere/{tiny.world.qa.pk}/graph", sources=["gossip"])
    assert response.status_code == 422


def test_graph_endpoint_is_404_outside_the_scope(client, tiny):
    for user in (tiny.world.coach_b, tiny.world.partner_a, tiny.world.coordination_other):
        response = Api(client, user).get(f"/network/quartiere/{tiny.world.qa.pk}/graph")
        assert response.status_code == 404
        assert "Kita" not in response.content.decode()


def test_ties_crud(client, tiny):
    api = Api(client, tiny.world.coach_a)
    response = api.send("post", "/network/ties", {
        "quartier_id": tiny.world.qa.pk, "organisation_a_id": tiny.jc.pk, "organisation_b_id": tiny.kita.pk,
        "tie_type": "kooperation", "reliability": 4, "valid_from": "2014-02-01"})
    assert response.status_code == 201, response.content
    tie_id = response.json()["id"]
    assert response.json()["organisation_b"] == {"id": tiny.kita.pk, "name": "Kita Sonnenschein"}
    response = api.send("patch", f"/network/ties/{tie_id}", {"tie_type": "verbund", "openness": 2})
    assert response.status_code == 200 and response.json()["tie_type"] == "verbund"
    listing = api.get("/network/ties", quartier_id=tiny.world.qa.pk).json()
    assert listing["count"] == 3
    assert api.send("delete", f"/network/ties/{tie_id}").status_code == 204
    assert not ManualTie.objects.filter(pk=tie_id).exists()


def test_ties_bad_input_writes_nothing(client, tiny):
    api = Api(client, tiny.world.coach_a)
    before = ManualTie.objects.count()
    base = {"quartier_id": tiny.world.qa.pk, "organisation_a_id": tiny.jc.pk, "tie_type": "kooperation"}
    response = api.send("post", "/network/ties", {**base, "organisation_b_id": tiny.jc.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation_b"
    response = api.send("post", "/network/ties", {**base, "organisation_b_id": tiny.kita.pk, "reliability": 5})
    assert response.status_code == 422
    # An organisation of another Quartier is not a valid reference here: 404 on the field, its name never shown.
    response = api.send("post", "/network/ties", {**base, "organisation_b_id": tiny.world.org_b.pk})
    assert response.status_code == 404 and "Jobcenter Köln" not in response.content.decode()
    response = api.send("post", "/network/ties", {**base, "organisation_b_id": tiny.kita.pk,
                                                  "valid_from": "2014-05-01", "valid_until": "2014-01-01"})
    assert response.status_code == 422
    assert ManualTie.objects.count() == before


def test_ties_of_another_quartier_are_404(client, tiny):
    api = Api(client, tiny.world.coach_b)
    pk = tiny.tie_kita_firma.pk
    assert api.get(f"/network/ties/{pk}").status_code == 404
    assert api.send("patch", f"/network/ties/{pk}", {"tie_type": "verbund"}).status_code == 404
    assert api.send("delete", f"/network/ties/{pk}").status_code == 404
    assert api.get("/network/ties").json()["count"] == 0
    response = api.send("post", "/network/ties", {
        "quartier_id": tiny.world.qa.pk, "organisation_a_id": tiny.jc.pk, "organisation_b_id": tiny.kita.pk,
        "tie_type": "kooperation"})
    assert response.status_code == 404
    assert ManualTie.objects.get(pk=pk).tie_type == "kooperation"


def test_evaluation_reads_graph_but_cannot_write(client, tiny):
    api = Api(client, tiny.world.evaluation)
    assert api.get(f"/network/quartiere/{tiny.world.qa.pk}/graph").status_code == 200
    response = api.send("post", "/network/ties", {
        "quartier_id": tiny.world.qa.pk, "organisation_a_id": tiny.jc.pk, "organisation_b_id": tiny.kita.pk,
        "tie_type": "kooperation"})
    assert response.status_code == 404
    assert api.send("delete", f"/network/ties/{tiny.tie_kita_firma.pk}").status_code == 404
