"""The acquisition API: CRUD and the move of cases, the funnel, company profiles and business networks; foreign
objects are 404, evaluation sees only the funnel."""

import datetime as dt

import pytest

from quartiersnetz.acquisition.choices import AcquisitionStage as S
from quartiersnetz.acquisition.models import AcquisitionCase, StageChange
from quartiersnetz.core.services import api_token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/acquisition"


def auth(user) -> dict:
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_case_crud_and_move(client, world, acq):
    h = auth(world.coach_a)
    listed = client.get(f"{BASE}/cases", **h).json()
    assert listed["count"] == 1 and listed["items"][0]["stage"] == S.APPROACHED
    detail = client.get(f"{BASE}/cases/{acq.case.pk}", **h).json()
    assert [c["to_stage"] for c in detail["history"]] == [S.IDENTIFIED, S.APPROACHED]
    created = client.post(f"{BASE}/cases", content_type="application/json", data={
        "quartier_id": world.qa.pk, "organisation_id": acq.company.pk, "stage": "talked", "on": "2013-04-01",
        "owner_id": world.coach_a.pk, "next_step": "Besuch"}, **h)
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    moved = client.post(f"{BASE}/cases/{case_id}/move", content_type="application/json",
                        data={"to_stage": "loi", "on": "2013-06-01", "note": "unterschrieben"}, **h)
    assert moved.status_code == 200 and moved.json()["stage"] == "loi"
    assert [(c["from_stage"], c["to_stage"], c["on"]) for c in moved.json()["history"]] == [
        ("", "talked", "2013-04-01"), ("talked", "loi", "2013-06-01")]
    bad = client.post(f"{BASE}/cases/{case_id}/move", content_type="application/json",
                      data={"to_stage": "active", "on": "2099-01-01"}, **h)
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    assert StageChange.objects.filter(case_id=case_id).count() == 2
    patched = client.patch(f"{BASE}/cases/{case_id}", content_type="application/json",
                           data={"objections": "Zeitmangel"}, **h)
    assert patched.json()["objections"] == "Zeitmangel"
    assert client.delete(f"{BASE}/cases/{case_id}", **h).status_code == 204
    assert not AcquisitionCase.objects.filter(pk=case_id).exists()


def test_funnel_api(client, world, acq):
    funnel = client.get(f"{BASE}/funnel", {"quartier_id": world.qa.pk}, **auth(world.coach_a)).json()
    assert funnel["total"] == 1 and [s["reached"] for s in funnel["stages"]] == [1, 1, 0, 0, 0, 0]
    assert funnel["stages"][1]["median_days"] == 22.0  # 10.1. → 1.2.2014
    evaluation = client.get(f"{BASE}/funnel", {"programme_id": world.programme.pk}, **auth(world.evaluation))
    assert evaluation.status_code == 200 and evaluation.json()["total"] == 2
    assert client.get(f"{BASE}/funnel", {"quartier_id": world.qa.pk}, **auth(world.coach_b)).status_code == 404


def test_foreign_objects_are_404_and_evaluation_sees_no_cases(client, world, acq):
    for user in (world.coach_b, world.evaluation):
        h = auth(user)
        for url in (f"{BASE}/cases/{acq.case.pk}", f"{BASE}/company-profiles/{acq.profile.pk}",
                    f"{BASE}/business-networks/{acq.network.pk}"):
            assert client.get(url, **h).status_code == 404, (user, url)
        move = client.post(f"{BASE}/cases/{acq.case.pk}/move", content_type="application/json",
                           data={"to_stage": "talked"}, **h)
        assert move.status_code == 404
    assert client.get(f"{BASE}/cases", **auth(world.evaluation)).json()["count"] == 0
    # a foreign organisation in a body is a 404 on that field
    response = client.post(f"{BASE}/cases", content_type="application/json", data={
        "quartier_id": world.qa.pk, "organisation_id": world.org_b.pk}, **auth(world.coach_a))
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "organisation_id"
    assert acq.case.stage_changes.count() == 2


def test_company_and_network_api(client, world, acq):
    h = auth(world.coach_a)
    profile = client.get(f"{BASE}/company-profiles/{acq.profile.pk}", **h).json()
    assert profile["wz_section"] == "C" and profile["wz_section_name"] == "Verarbeitendes Gewerbe"
    bad = client.patch(f"{BASE}/company-profiles/{acq.profile.pk}", content_type="application/json",
                       data={"wz_code": "47.111"}, **h)
    assert bad.status_code == 422
    path = client.post(f"{BASE}/company-profiles/{acq.profile.pk}/path", content_type="application/json",
                       data={"to_path": "network", "on": "2014-07-01"}, **h)
    assert path.json()["cooperation_path"] == "network"
    network = client.get(f"{BASE}/business-networks/{acq.network.pk}", **h).json()
    assert network["hints"] == ["few_interested", "no_publicity"]
    assert network["branch_mix"] == [{"section": "C", "name": "Verarbeitendes Gewerbe", "count": 1, "share": 1.0}]
    member = client.post(f"{BASE}/business-networks/{acq.network.pk}/memberships", content_type="application/json",
                         data={"organisation_id": world.org_a.pk, "since": "2014-01-01"}, **h)
    assert member.status_code == 201
    pub = client.post(f"{BASE}/business-networks/{acq.network.pk}/publicity", content_type="application/json",
                      data={"on": dt.date.today().isoformat(), "kind": "press", "text": "Bericht"}, **h)
    assert pub.status_code == 201
    network = client.get(f"{BASE}/business-networks/{acq.network.pk}", **h).json()
    assert network["hints"] == ["few_interested"] and len(network["members"]) == 2
    assert client.delete(f"{BASE}/business-networks/{acq.network.pk}/memberships/{member.json()['id']}",
                         **h).status_code == 204
