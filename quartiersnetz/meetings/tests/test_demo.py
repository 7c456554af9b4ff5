"""The demo loader: every Quartier's steering group (ThINKA: 9 of 11) has at least six held meetings with
attendance and minutes; open and overdue tasks exist; the Table-7 Zielvereinbarungen carry their targets and
actual values."""

from __future__ import annotations

import json
import random

import pytest
from django.db.models import Count
from django.utils import timezone

from quartiersnetz.core.models import Quartier
from quartiersnetz.demo.loader import load_demo
from quartiersnetz.meetings.choices import OPEN_TASK_STATUSES, AgreementKind, MeetingStatus
from quartiersnetz.meetings.demo import DATA_FILE, load_meetings_demo
from quartiersnetz.meetings.models import Agreement, Attendance, Body, Commitment, Meeting, Task, WorkLogEntry
from quartiersnetz.meetings.selectors import agreement_status

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(db):
    load_demo()  # loads the meetings demo too; regenerate it here with its own stream
    quartiere = {q.slug: q for q in Quartier.objects.all()}
    result = load_meetings_demo(quartiere=quartiere, rng=random.Random(2014), reset=True)
    return {"result": result, "quartiere": quartiere}


def test_every_quartier_has_a_steering_group_with_six_meetings(demo):
    assert demo["result"].created
    gib = {q["slug"] for q in json.loads(DATA_FILE.read_text(encoding="utf-8"))}
    quartiere = demo["quartiere"]
    with_sg = 0
    for slug, quartier in quartiere.items():
        steering = Body.objects.filter(quartier=quartier, body_type__slug="steuerungsgruppe").first()
        if steering is None:
            assert slug not in gib, slug  # only ThINKA sites may lack one
            steering = Body.objects.get(quartier=quartier, body_type__slug="runder-tisch")
        else:
            with_sg += 1
            assert 7 <= steering.memberships.count() <= 10, slug
            types = set(steering.memberships.values_list("organisation__actor_type__slug", flat=True))
            assert {"jobcenter", "agentur-fuer-arbeit"} <= types, slug
        held = steering.meetings.filter(status=MeetingStatus.HELD)
        assert held.count() >= 6, slug
        assert not held.filter(minutes="").exists(), slug
        assert held.annotate(n=Count("attendances")).filter(n=0).count() == 0, slug
        assert Meeting.objects.filter(body=steering, status=MeetingStatus.PLANNED,
                                      starts_at__gt=timezone.now()).exists(), slug
    assert with_sg == 10 + 9


def test_jobcenter_attends_more_often_than_businesses(demo):
    from quartiersnetz.meetings.models import BodyMembership

    def top_type(org_type):
        return org_type.parent.slug if org_type.parent_id else org_type.slug

    seats: dict[str, int] = {}
    members_by_body: dict[int, list[str]] = {}
    for m in BodyMembership.objects.select_related("organisation__actor_type__parent"):
        members_by_body.setdefault(m.body_id, []).append(top_type(m.organisation.actor_type))
    for body_id in Meeting.objects.filter(status=MeetingStatus.HELD).values_list("body_id", flat=True):
        for kind in members_by_body.get(body_id, []):
            seats[kind] = seats.get(kind, 0) + 1
    present: dict[str, int] = {}
    for a in Attendance.objects.filter(attended=True).select_related("organisation__actor_type__parent"):
        kind = top_type(a.organisation.actor_type)
        present[kind] = present.get(kind, 0) + 1
    jobcenter = present["jobcenter"] / seats["jobcenter"]
    business = present.get("wirtschaft", 0) / seats["wirtschaft"]
    assert jobcenter > 0.8 > 0.4 > business


def test_open_and_overdue_tasks_everywhere(demo):
    today = timezone.localdate()
    for quartier in demo["quartiere"].values():
        tasks = Task.objects.filter(quartier=quartier, status__in=OPEN_TASK_STATUSES)
        assert tasks.filter(due_on__lt=today).exists(), quartier.slug
        assert tasks.filter(due_on__gte=today).exists(), quartier.slug
    marxloh = demo["quartiere"]["duisburg-marxloh"]
    assert Task.objects.filter(quartier=marxloh, owner__username="coach.marxloh").exists()
    assert WorkLogEntry.objects.filter(quartier=marxloh, user__username="coach.marxloh").count() > 100


def test_table_7_target_agreements_with_actuals(demo):
    sites = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for site in sites:
        quartier = demo["quartiere"][site["slug"]]
        agreements = Agreement.objects.filter(quartier=quartier, kind=AgreementKind.TARGET)
        assert agreements.count() == (2 if site["slug"] == "koeln-chorweiler" else 1), site["slug"]
        numeric = Commitment.objects.filter(agreement__in=agreements, target_value__isnull=False)
        assert numeric.count() == len(site["target_agreement"]["targets"]), site["slug"]
        assert not numeric.annotate(n=Count("actuals")).filter(n=0).exists(), site["slug"]
        for agreement in agreements:
            assert agreement.parties.filter(actor_type__slug__in=["jobcenter", "agentur-fuer-arbeit"]).exists()
    bielefeld = Agreement.objects.get(quartier__slug="bielefeld-sieker", kind=AgreementKind.TARGET)
    assert bielefeld.commitments.filter(party_label="Jobcenter", target_value__isnull=False).count() == 6
    scharnhorst = Agreement.objects.get(quartier__slug="dortmund-scharnhorst-ost", kind=AgreementKind.TARGET)
    firms = scharnhorst.commitments.get(unit="Betriebe")
    status = agreement_status(user=None, agreement=scharnhorst)
    row = next(r for r in status.rows if r.commitment.pk == firms.pk)
    assert (row.fulfilment.latest_value, str(row.fulfilment.percent)) == (31, "62.0")


def test_second_run_leaves_the_data_alone_and_reset_regenerates(demo):
    quartiere = demo["quartiere"]
    before = Meeting.objects.count()
    again = load_meetings_demo(quartiere=quartiere, rng=random.Random(2014))
    assert again.created is False and Meeting.objects.count() == before
    reset = load_meetings_demo(quartiere=quartiere, rng=random.Random(2014), reset=True)
    assert reset.created is True and reset.meetings == before
