"""Query budgets of the meetings pages and API: bodies, meetings, tasks, agreements, work log (style.md rule 19,
quartiersnetz/testing_queries.py). Each list and detail page is counted with a few rows and again with more: the
counts must be equal (no N+1) and match `query_counts.json`. Re-record with `UPDATE_QUERY_COUNTS=1` and review the
diff (docs/testing.md)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from quartiersnetz.meetings.choices import CommitmentPeriod, MeetingStatus
from quartiersnetz.meetings.models import (
    Agreement,
    Attendance,
    Body,
    BodyMembership,
    BodyType,
    Commitment,
    CommitmentActual,
    Decision,
    Meeting,
    Task,
    WorkLogEntry,
)
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation
from quartiersnetz.testing_queries import stale_budget_keys

from .builders import TZ, build_net

USERS = ["coach_a", "coordination"]
_seq = itertools.count()


def new_org(world):
    i = next(_seq)
    org = make_organisation(world.qa, name=f"Partner {i:03d}", actor_type=make_actor_type("traeger", "Träger"))
    return org, make_contact(org)


def add_bodies(net, n):
    steering = BodyType.objects.get(slug="steuerungsgruppe")
    for _ in range(n):
        i = next(_seq)
        body = Body.objects.create(quartier=net.world.qa, body_type=steering, name=f"Runder Tisch {i:03d}",
                                   chair=net.world.org_a, predecessor=net.body)
        for _ in range(2):
            org, person = new_org(net.world)
            BodyMembership.objects.create(body=body, organisation=org, contact_person=person)
        Meeting.objects.create(body=body, title=f"Sitzung {i}", starts_at=dt.datetime(2014, 1, 1 + i % 28, tzinfo=TZ),
                               status=MeetingStatus.HELD)


def add_members(net, n):
    for k in range(n):
        org, person = new_org(net.world)
        until = dt.date(2014, 1, 1) if k % 3 == 0 else None
        BodyMembership.objects.create(body=net.body, organisation=org, contact_person=person,
                                      since=dt.date(2013, 1, 1), until=until)


def add_meetings(net, n, body=None):
    for _ in range(n):
        i = next(_seq)
        meeting = Meeting.objects.create(body=body or net.body, title=f"Sitzung {i:03d}",
                                         starts_at=dt.datetime(2015, 1, 1, tzinfo=TZ) + dt.timedelta(days=i),
                                         status=MeetingStatus.HELD, minutes="Protokoll")
        Attendance.objects.create(meeting=meeting, organisation=net.world.org_a, contact_person=net.world.contact_a)
        Attendance.objects.create(meeting=meeting, organisation=net.kommune, represented_person=net.kommune_contact)
        Decision.objects.create(meeting=meeting, text=f"Beschluss {i}")


def add_attendance(net, n):
    for _ in range(n):
        org, person = new_org(net.world)
        Attendance.objects.create(meeting=net.meeting, organisation=org, contact_person=person,
                                  represented_person=net.kommune_contact)
        i = next(_seq)
        Decision.objects.create(meeting=net.meeting, number=i, text=f"Beschluss {i}")
        Task.objects.create(quartier=net.world.qa, title=f"Folgeaufgabe {i}", owner=net.world.coach_a,
                            responsible_organisation=org, meeting=net.meeting, due_on=dt.date(2014, 5, 1))


def add_tasks(net, n):
    for _ in range(n):
        i = next(_seq)
        org, _person = new_org(net.world)
        Task.objects.create(quartier=net.world.qa, title=f"Aufgabe {i:03d}", owner=net.world.coach_a,
                            responsible_organisation=org, meeting=net.meeting,
                            due_on=dt.date(2014, 1, 1) + dt.timedelta(days=i))


def add_agreements(net, n):
    for _ in range(n):
        i = next(_seq)
        agreement = Agreement.objects.create(quartier=net.world.qa, kind="target", title=f"Vereinbarung {i:03d}")
        org, _person = new_org(net.world)
        agreement.parties.set([net.world.org_a, org])
        commitment = Commitment.objects.create(agreement=agreement, party=org, text="Zusage", target_value=Decimal(10),
                                               unit="Plätze", period=CommitmentPeriod.PER_YEAR)
        CommitmentActual.objects.create(commitment=commitment, on=dt.date(2014, 12, 31), value=Decimal(7))


def add_commitments(net, n):
    for _ in range(n):
        org, _person = new_org(net.world)
        commitment = Commitment.objects.create(agreement=net.agreement, party=org, text=f"Zusage {next(_seq)}",
                                               target_value=Decimal(10), unit="Plätze",
                                               period=CommitmentPeriod.PER_YEAR)
        for year in (2013, 2014):
            CommitmentActual.objects.create(commitment=commitment, on=dt.date(year, 12, 31), value=Decimal(4))


def add_worklog(net, n):
    for _ in range(n):
        i = next(_seq)
        WorkLogEntry.objects.create(user=net.world.coach_a, quartier=net.world.qa, on=dt.date(2014, 1 + i % 12, 1),
                                    activity_type="bodies", hours=Decimal("1.5"), impact_level="A4",
                                    meeting=net.meeting, note=f"Eintrag {i}")


# --- pages ----------------------------------------------------------------------------------------------------------


LIST_PAGES = ["body_list", "meeting_list", "task_list", "agreement_list", "worklog_list"]
LIST_GROW = {"body_list": add_bodies, "meeting_list": add_meetings, "task_list": add_tasks, "my_tasks": add_tasks,
             "agreement_list": add_agreements, "worklog_list": add_worklog}


@pytest.mark.parametrize("case", [f"{p}-{who}" for p in LIST_PAGES for who in USERS] + ["my_tasks-coach_a"])
def test_list_page(query_budget, client, world, case):
    page, who = case.split("-")
    net = build_net(world)
    client.force_login(getattr(world, who))
    grow = LIST_GROW[page]
    grow(net, 3)
    url = reverse(f"meetings:{page}")
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(net, 17))
    assert len(m.result.context["object_list"]) >= 20


def test_body_detail(query_budget, client, world):
    net = build_net(world)
    client.force_login(world.coach_a)

    def grow(n):
        add_members(net, n)
        add_meetings(net, n)
        add_bodies(net, 1)  # a successor

    grow(3)
    url = reverse("meetings:body_detail", args=[net.body.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: grow(17))
    assert len(m.result.context["current_members"]) + len(m.result.context["former_members"]) == 23
    assert len(m.result.context["meetings"]) == 12


def test_meeting_detail(query_budget, client, world):
    net = build_net(world)
    client.force_login(world.coach_a)
    add_attendance(net, 3)
    url = reverse("meetings:meeting_detail", args=[net.meeting.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_attendance(net, 17))
    assert len(m.result.context["attendances"]) == 23
    assert len(m.result.context["tasks"]) == 21


def test_task_detail(query_budget, client, world):
    net = build_net(world)
    client.force_login(world.coach_a)
    m = query_budget(lambda: client.get(reverse("meetings:task_detail", args=[net.task.pk])))
    assert m.result.context["task"] == net.task


def test_agreement_detail(query_budget, client, world):
    net = build_net(world)
    client.force_login(world.coach_a)
    add_commitments(net, 3)
    url = reverse("meetings:agreement_detail", args=[net.agreement.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_commitments(net, 17))
    assert len(m.result.context["status"].rows) == 21


def test_worklog_summary(query_budget, client, world):
    net = build_net(world)
    client.force_login(world.evaluation)
    add_worklog(net, 3)
    url = reverse("meetings:worklog_summary")
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_worklog(net, 17))
    assert m.result.status_code == 200


# --- API ------------------------------------------------------------------------------------------------------------

API = {
    "bodies": add_bodies,
    "meetings": add_meetings,
    "tasks": add_tasks,
    "agreements": add_agreements,
    "work-log": add_worklog,
    "work-log/summary": add_worklog,
}


@pytest.mark.parametrize("case", [f"{p}-{who}" for p in API for who in USERS])
def test_api_list(query_budget, client, world, case):
    path, who = case.rsplit("-", 1)
    net = build_net(world)
    client.force_login(getattr(world, who))
    grow = API[path]
    grow(net, 3)
    m = query_budget.assert_flat(lambda: client.get(f"/api/v1/{path}"), add_rows=lambda: grow(net, 17))
    body = m.result.json()
    if path == "work-log/summary":
        assert sum(Decimal(str(row["hours"])) for row in body) == Decimal("2.5") + 20 * Decimal("1.5")
    else:
        assert body["count"] >= 20


def test_api_body_members(query_budget, client, world):
    net = build_net(world)
    client.force_login(world.coach_a)
    add_members(net, 3)
    url = f"/api/v1/bodies/{net.body.pk}/members"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_members(net, 17))
    assert m.result.json()["count"] == 23


def test_api_body_type_list(query_budget, client, world):
    client.force_login(world.coach_a)
    m = query_budget(lambda: client.get("/api/v1/body-types"))
    assert m.result.json()["count"] == BodyType.objects.count() > 0


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
