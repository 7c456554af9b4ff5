"""Selectors: ties derived from attendance, membership and agreements; scoping; overdue and "my tasks"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.utils import timezone

from quartiersnetz.meetings.choices import MeetingStatus, TaskStatus
from quartiersnetz.meetings.models import Attendance, BodyMembership, Meeting, Task
from quartiersnetz.meetings.selectors import (
    body_list,
    co_attendance_pairs,
    co_membership_pairs,
    joint_agreement_pairs,
    meeting_list,
    my_tasks,
    task_list,
    worklog_list,
    worklog_summary,
)
from quartiersnetz.testing import make_organisation

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Berlin")


def test_co_attendance_pairs_on_a_tiny_fixture(net):
    """Meeting 1: A, K present (T absent). Meeting 2: A, K, T. Meeting 3 (cancelled): A, T. Meeting 4 (2015): A, T."""
    a, k, t = net.world.org_a, net.kommune, net.traeger
    m2 = Meeting.objects.create(body=net.body, starts_at=dt.datetime(2014, 6, 1, 10, tzinfo=TZ),
                                status=MeetingStatus.HELD)
    m3 = Meeting.objects.create(body=net.body, starts_at=dt.datetime(2014, 9, 1, 10, tzinfo=TZ),
                                status=MeetingStatus.CANCELLED)
    m4 = Meeting.objects.create(body=net.body, starts_at=dt.datetime(2015, 3, 1, 10, tzinfo=TZ),
                                status=MeetingStatus.HELD)
    for meeting, orgs in ((m2, (a, k, t)), (m3, (a, t)), (m4, (a, t))):
        for org in orgs:
            Attendance.objects.create(meeting=meeting, organisation=org)
    lo, hi = sorted((a.pk, k.pk))
    pairs = co_attendance_pairs(user=net.world.coach_a, quartier_id=net.world.qa.pk)
    expected = {(lo, hi): 2, tuple(sorted((a.pk, t.pk))): 2, tuple(sorted((k.pk, t.pk))): 1}
    assert {(x, y): n for x, y, n in pairs} == expected
    in_2014 = co_attendance_pairs(user=net.world.coach_a, quartier_id=net.world.qa.pk,
                                  start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 31))
    assert {(x, y): n for x, y, n in in_2014}[tuple(sorted((a.pk, t.pk)))] == 1
    with pytest.raises(Http404):
        co_attendance_pairs(user=net.world.coach_b, quartier_id=net.world.qa.pk)


def test_co_membership_and_joint_agreement_pairs(net):
    a, k, t = net.world.org_a, net.kommune, net.traeger
    BodyMembership.objects.filter(body=net.body, organisation=t).update(until=dt.date(2014, 1, 1))
    pairs = {(x, y): n for x, y, n in co_membership_pairs(user=net.world.coach_a, quartier_id=net.world.qa.pk)}
    assert pairs == {tuple(sorted((a.pk, k.pk))): 1}
    back = co_membership_pairs(user=net.world.coach_a, quartier_id=net.world.qa.pk, on=dt.date(2013, 6, 1))
    assert len(back) == 3
    assert joint_agreement_pairs(user=net.world.coach_a, quartier_id=net.world.qa.pk) == [
        (*sorted((a.pk, k.pk)), 1)]


def test_lists_are_scoped_and_empty_for_evaluation(net):
    w = net.world
    assert [b.name for b in body_list(user=w.coach_a)] == ["Steuerungsgruppe Marxloh"]
    assert [b.name for b in body_list(user=w.coach_b)] == ["Steuerungsgruppe Chorweiler"]
    assert len(body_list(user=w.coordination)) == 2
    assert body_list(user=w.coordination_other).count() == 0
    assert meeting_list(user=w.evaluation).count() == 0
    assert meeting_list(user=w.partner_a).count() == 2  # partners read their Quartier's meetings
    assert worklog_list(user=w.evaluation).count() == 0
    assert [r.hours for r in worklog_summary(user=w.evaluation)] == [net.entry.hours]
    assert worklog_summary(user=w.coordination_other) == []


def test_overdue_and_my_tasks(net):
    w = net.world
    today = timezone.localdate()
    Task.objects.create(quartier=w.qa, title="Zukunft", owner=w.coach_a, due_on=today + dt.timedelta(days=5))
    Task.objects.create(quartier=w.qa, title="Erledigt", owner=w.coach_a, due_on=dt.date(2014, 1, 1),
                        status=TaskStatus.DONE)
    Task.objects.create(quartier=w.qa, title="Von anderen", owner=w.coordination, due_on=dt.date(2014, 1, 1),
                        status=TaskStatus.IN_PROGRESS)
    Task.objects.create(quartier=w.qb, title="In B", owner=w.coach_b, due_on=dt.date(2014, 1, 1))
    overdue = [t.title for t in task_list(user=w.coach_a, filters={"overdue": True})]
    assert overdue == ["Von anderen", "Angebotsübersicht aktualisieren"]
    assert [t.title for t in my_tasks(user=w.coach_a, filters={"open": True})] == [
        "Angebotsübersicht aktualisieren", "Zukunft"]
    assert [t.title for t in my_tasks(user=w.coach_b)] == ["In B"]


def test_body_list_counts_current_members_and_held_meetings(net):
    make_org = make_organisation(net.world.qa, name="Kita Regenbogen")
    BodyMembership.objects.create(body=net.body, organisation=make_org, until=dt.date(2014, 1, 1))
    body = body_list(user=net.world.coach_a).get(pk=net.body.pk)
    assert (body.member_count, body.meeting_count) == (3, 1)
