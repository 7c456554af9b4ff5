"""API of the network work: CRUD, the minutes in one call, the iCalendar file, problem+json errors, scoping."""

from __future__ import annotations

import json

import icalendar
import pytest
from django.utils.translation import gettext as _

from quartiersnetz.core.services import api_token_create
from quartiersnetz.meetings.models import Body, CommitmentActual, Meeting, Task, WorkLogEntry

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


@pytest.fixture
def api_a(client, net):
    return Api(client, net.world.coach_a)


def test_bodies_crud_and_members(api_a, net):
    listing = api_a.get("/bodies").json()
    assert [b["name"] for b in listing["items"]] == ["Steuerungsgruppe Marxloh"]
    assert listing["items"][0]["member_count"] == 3 and listing["items"][0]["meeting_count"] == 1
    response = api_a.send("post", "/bodies", {"quartier_id": net.world.qa.pk, "body_type_id": net.body.body_type_id,
                                              "name": "Arbeitskreis Jugend", "rhythm": "monthly",
                                              "chair_id": net.kommune.pk})
    assert response.status_code == 201, response.content
    body_id = response.json()["id"]
    assert response.json()["chair"]["name"] == net.kommune.name
    response = api_a.send("post", f"/bodies/{body_id}/members", {"organisation_id": net.world.org_a.pk,
                                                                 "contact_person_id": net.world.contact_a.pk})
    assert response.status_code == 201 and response.json()["contact_person"]["id"] == net.world.contact_a.pk
    members = api_a.get(f"/bodies/{body_id}/members").json()["items"]
    assert [m["organisation"]["name"] for m in members] == ["Jobcenter Duisburg"]
    assert api_a.send("patch", f"/bodies/{body_id}", {"name": "AK Jugend"}).json()["name"] == "AK Jugend"
    assert api_a.send("delete", f"/bodies/{body_id}/members/{members[0]['id']}").status_code == 204
    assert api_a.send("delete", f"/bodies/{body_id}").status_code == 204
    assert not Body.objects.filter(pk=body_id).exists()


def test_meeting_create_with_bad_times_is_a_german_problem(api_a, net):
    response = api_a.send("post", "/meetings", {"body_id": net.body.pk, "starts_at": "2099-01-01T10:00:00",
                                                "ends_at": "2099-01-01T09:00:00"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["message"] == _("The end of the meeting must be after its start.")
    response = api_a.send("post", "/meetings", {"body_id": net.body.pk, "starts_at": "2099-01-01T10:00:00"})
    assert response.status_code == 201
    assert response.json()["starts_at"] == "2099-01-01T09:00:00Z"  # 10:00 Berlin winter time


def test_record_minutes_in_one_call_and_rollback(api_a, net):
    url = f"/meetings/{net.meeting.pk}/record"
    bad = {"minutes": "Neu", "attendance": [{"organisation_id": net.world.org_a.pk}],
           "decisions": ["A"], "tasks": [{"title": "T", "owner_id": net.world.coach_b.pk}]}
    response = api_a.send("post", url, bad)
    assert response.status_code == 404  # coach_b is not a user coach_a may assign
    assert response.json()["errors"][0]["field"] == "tasks.0.owner_id"
    assert Meeting.objects.get(pk=net.meeting.pk).minutes == "Alles besprochen."
    good = {"minutes": "Neu", "minutes_approved": True,
            "attendance": [{"organisation_id": net.world.org_a.pk, "contact_person_id": net.world.contact_a.pk,
                            "level": "operativ"},
                           {"organisation_id": net.kommune.pk, "attended": False}],
            "decisions": ["Beschluss"], "tasks": [{"title": "Nachfassen", "owner_id": net.world.coach_a.pk,
                                                   "due_on": "2099-02-01"}]}
    response = api_a.send("post", url, good)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "held" and data["minutes"] == "Neu"
    assert [(a["organisation"]["id"], a["attended"], a["level"]) for a in data["attendance"]] == [
        (net.world.org_a.pk, True, "operativ"), (net.kommune.pk, False, "")]
    assert data["decisions"] == [{"number": 1, "text": "Beschluss"}]
    assert Task.objects.filter(title="Nachfassen", meeting=net.meeting).exists()


def test_invitation_ics_endpoint(api_a, net):
    response = api_a.get(f"/meetings/{net.future_meeting.pk}/invitation.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Rathaus"


def test_tasks_overdue_and_mine(api_a, net):
    data = api_a.get("/tasks", overdue="true").json()
    assert [(t["title"], t["overdue"]) for t in data["items"]] == [("Angebotsübersicht aktualisieren", True)]
    assert api_a.get("/tasks", mine="true").json()["count"] == 1
    response = api_a.send("post", "/tasks", {"quartier_id": net.world.qa.pk, "title": "Neu", "due_on": "2099-01-01",
                                             "responsible_organisation_id": net.kommune.pk})
    assert response.status_code == 201 and response.json()["overdue"] is False
    task_id = response.json()["id"]
    assert api_a.send("patch", f"/tasks/{task_id}", {"status": "done"}).json()["completed_on"] is not None
    assert api_a.send("delete", f"/tasks/{task_id}").status_code == 204


def test_agreements_commitments_and_actuals(api_a, net):
    data = api_a.get(f"/agreements/{net.agreement.pk}").json()
    assert (data["fulfilment_percent"], data["commitments"][0]["latest_value"]) == ("62.0", "31.00")
    response = api_a.send("post", f"/agreements/{net.agreement.pk}/commitments",
                          {"text": "Fünf Plätze", "target_value": 0})
    assert response.status_code == 422
    response = api_a.send("post", f"/agreements/{net.agreement.pk}/commitments",
                          {"text": "Fünf Plätze", "target_value": 5, "unit": "Plätze"})
    assert response.status_code == 201
    commitment_id = response.json()["id"]
    response = api_a.send("post", f"/commitments/{commitment_id}/actuals", {"on": "2014-12-31", "value": 4})
    assert response.status_code == 201
    data = api_a.get(f"/agreements/{net.agreement.pk}").json()
    assert float(data["fulfilment_percent"]) == pytest.approx(71.0)  # (62 % + 80 %) / 2
    actual_id = CommitmentActual.objects.get(commitment_id=commitment_id).pk
    assert api_a.send("delete", f"/commitment-actuals/{actual_id}").status_code == 204
    response = api_a.send("post", "/agreements", {"quartier_id": net.world.qa.pk, "kind": "cooperation",
                                                  "title": "Kooperation", "party_ids": [net.world.org_b.pk]})
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "party_ids"


def test_work_log_api(api_a, net):
    response = api_a.send("post", "/work-log", {"quartier_id": net.world.qa.pk, "on": "2014-05-05",
                                                "activity_type": "analysis", "hours": 25, "impact_level": "A1"})
    assert response.status_code == 422
    response = api_a.send("post", "/work-log", {"quartier_id": net.world.qa.pk, "on": "2014-05-05",
                                                "activity_type": "analysis", "hours": "1.25", "impact_level": "A1"})
    assert response.status_code == 201
    assert WorkLogEntry.objects.count() == 2
    summary = api_a.get("/work-log/summary", quartier_id=net.world.qa.pk).json()
    assert {(r["activity_type"], r["impact_group"]) for r in summary} == {("bodies", "A"), ("analysis", "A")}


def test_another_quartier_is_404_in_the_api(client, net):
    api_b = Api(client, net.world.coach_b)
    paths = [f"/bodies/{net.body.pk}", f"/bodies/{net.body.pk}/members", f"/meetings/{net.meeting.pk}",
             f"/meetings/{net.meeting.pk}/invitation.ics", f"/tasks/{net.task.pk}", f"/agreements/{net.agreement.pk}",
             f"/commitments/{net.commitment.pk}", f"/work-log/{net.entry.pk}"]
    for path in paths:
        response = api_b.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/problem+json")
    for method, path in (("patch", f"/meetings/{net.meeting.pk}"), ("post", f"/meetings/{net.meeting.pk}/record"),
                         ("delete", f"/tasks/{net.task.pk}"), ("post", f"/commitments/{net.commitment.pk}/actuals"),
                         ("delete", f"/commitment-actuals/{net.actual.pk}")):
        assert api_b.send(method, path, {}).status_code == 404, path
    assert api_b.get("/meetings").json()["count"] == 0
    assert Task.objects.filter(pk=net.task.pk).exists()
