"""Offers API: CRUD with locations, matrix and duplicates, assessments, comparison, HSDS export, scoping."""

from __future__ import annotations

import json

import pytest
from django.utils.translation import gettext as _

from quartiersnetz.core.services import api_token_create
from quartiersnetz.offers.models import DuplicateAssessment, Offer, TargetGroup, Topic

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


def test_offer_crud(client, world, offers):
    api = Api(client, world.coach_a)
    items = api.get("/offers").json()["items"]
    assert {i["title"] for i in items} == {offers.offer.title, offers.twin.title, offers.hidden.title}
    response = api.send("post", "/offers", {
        "quartier_id": world.qa.pk, "provider_id": offers.caritas.pk, "title": "Elterncafé",
        "target_group_ids": [TargetGroup.objects.get(slug="familien").pk],
        "topic_ids": [Topic.objects.get(slug="beratung").pk], "contact_id": offers.public_contact.pk,
        "opening_hours": [{"weekday": 5, "opens": "09:00", "closes": "11:00"}], "status": "planned",
        "locations": [{"name": "Familienzentrum", "street": "Parkstraße 3", "postal_code": "47169", "city": "Duisburg",
                       "latitude": 51.4995, "longitude": 6.7741}],
    })
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["target_groups"][0]["slug"] == "familien" and data["status"] == "planned"
    assert data["contact"]["name"] == offers.public_contact.full_name and data["contact"]["published"] is True
    assert data["locations"][0]["street"] == "Parkstraße 3"
    offer_id = data["id"]
    response = api.send("patch", f"/offers/{offer_id}", {"title": "Elterncafé am Freitag", "locations": []})
    assert response.status_code == 200 and response.json()["title"] == "Elterncafé am Freitag"
    assert response.json()["locations"] == []
    assert api.send("delete", f"/offers/{offer_id}").status_code == 204
    assert not Offer.objects.filter(pk=offer_id).exists()


def test_offer_validation_errors_are_german_problems(client, world, offers):
    api = Api(client, world.coach_a)
    response = api.send("post", "/offers", {"quartier_id": world.qa.pk, "provider_id": world.org_b.pk, "title": "x"})
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "provider_id"
    response = api.send("post", "/offers", {
        "quartier_id": world.qa.pk, "provider_id": world.org_a.pk, "title": "x",
        "opening_hours": [{"weekday": 1, "opens": "12:00", "closes": "09:00"}]})
    assert response.status_code == 422
    assert _("The closing time must be after the opening time.") in [e["message"] for e in response.json()["errors"]]
    response = api.send("post", "/offers", {
        "quartier_id": world.qa.pk, "provider_id": world.org_a.pk, "title": "x",
        "contact_id": offers.public_contact.pk})
    assert response.status_code == 422
    assert response.json()["detail"] == _("The contact person must work for the provider.")
    assert Offer.objects.filter(title="x").count() == 0


def test_other_quartier_gets_404(client, world, offers):
    api = Api(client, world.coach_b)
    assert api.get(f"/offers/{offers.offer.pk}").status_code == 404
    assert api.send("patch", f"/offers/{offers.offer.pk}", {"title": "x"}).status_code == 404
    assert api.send("delete", f"/offers/{offers.offer.pk}").status_code == 404
    assert [i["title"] for i in api.get("/offers").json()["items"]] == [offers.offer_b.title]
    assert api.get(f"/offers/quartiere/{world.qa.pk}/matrix").status_code == 404
    assert api.get(f"/offers/quartiere/{world.qa.pk}/hsds").status_code == 404


def test_matrix_and_duplicates(client, world, offers):
    DuplicateAssessment.objects.all().delete()
    api = Api(client, world.coach_a)
    data = api.get(f"/offers/quartiere/{world.qa.pk}/matrix").json()
    assert data["offers"] == 3 and data["gaps"] == 9 * 12 - 2
    flagged = [c for c in data["cells"] if c["possible_duplicate"]]
    assert len(flagged) == 1 and sorted(flagged[0]["offer_ids"]) == sorted([offers.offer.pk, offers.twin.pk])
    assert [(d["offer_a_id"], d["offer_b_id"]) for d in data["duplicates"]] == [(offers.offer.pk, offers.twin.pk)]
    response = api.send("post", f"/offers/quartiere/{world.qa.pk}/duplicates", {
        "offer_a_id": offers.twin.pk, "offer_b_id": offers.offer.pk, "verdict": "confirmed", "note": "zusammenlegen"})
    assert response.status_code == 200 and response.json()["verdict"] == "confirmed"
    assert DuplicateAssessment.objects.get().note == "zusammenlegen"
    listing = api.get(f"/offers/quartiere/{world.qa.pk}/duplicates").json()
    assert listing[0]["verdict"] == "confirmed"
    response = api.send("post", f"/offers/quartiere/{world.qa.pk}/duplicates", {
        "offer_a_id": offers.offer.pk, "offer_b_id": offers.hidden.pk, "verdict": "confirmed"})
    assert response.status_code == 404


def test_evaluation_gets_counts_without_offers(client, world, offers):
    api = Api(client, world.evaluation)
    data = api.get(f"/offers/quartiere/{world.qa.pk}/matrix").json()
    assert data["offers"] == 3 and data["duplicates"] is None
    assert all(c["offer_ids"] is None for c in data["cells"])
    assert offers.offer.title not in json.dumps(data)
    assert api.get("/offers").json()["items"] == []
    assert api.get(f"/offers/quartiere/{world.qa.pk}/duplicates").status_code == 404
    assert api.get(f"/offers/quartiere/{world.qa.pk}/hsds").status_code == 404
    comparison = api.get("/offers-comparison").json()
    assert {q["slug"] for q in comparison["quartiere"]} == {world.qa.slug, world.qb.slug}
    row = next(r for r in comparison["rows"] if r["counts"][world.qa.slug] == 2)
    assert row["counts"][world.qb.slug] == 0


def test_hsds_export_and_taxonomies(client, world, offers):
    api = Api(client, world.coach_a)
    data = api.get(f"/offers/quartiere/{world.qa.pk}/hsds").json()
    assert data["total_items"] == 3
    assert {s["name"] for s in data["contents"]} == {offers.offer.title, offers.twin.title, offers.hidden.title}
    assert len(api.get("/offer-target-groups").json()["items"]) == 9
    assert len(api.get("/offer-topics").json()["items"]) == 12
