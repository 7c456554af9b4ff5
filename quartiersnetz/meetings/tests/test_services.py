"""Services: meeting_record writes all or nothing, German errors on bad input, invitations by e-mail, tasks,
agreements, work log. Expected messages come from gettext of the msgid (language-independent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry
from quartiersnetz.core.services import consent_withdraw
from quartiersnetz.meetings.choices import MeetingStatus, TaskStatus
from quartiersnetz.meetings.models import Attendance, Body, CommitmentActual, Decision, Meeting, Task, WorkLogEntry
from quartiersnetz.meetings.selectors import agreement_status
from quartiersnetz.meetings.services import (
    actual_record,
    body_create,
    commitment_create,
    meeting_create,
    meeting_invite,
    meeting_record,
    meeting_update,
    membership_add,
    task_create,
    task_set_status,
    worklog_create,
)
from quartiersnetz.testing import make_contact, make_organisation

pytestmark = pytest.mark.django_db


def attendance_rows(net):
    return [
        {"organisation": net.world.org_a, "attended": True, "contact_person": net.world.contact_a, "level": "leitung"},
        {"organisation": net.kommune, "attended": True, "contact_person": None,
         "represented_person": net.kommune_contact, "represented_note": ""},
        {"organisation": net.traeger, "attended": False},
    ]


def test_meeting_record_writes_minutes_attendance_decisions_and_tasks(net):
    meeting = Meeting.objects.create(body=net.body, starts_at=timezone.now() - dt.timedelta(days=1))
    meeting_record(
        user=net.world.coach_a, meeting=meeting, minutes="TOP 1: besprochen.", minutes_approved=True,
        attendance=attendance_rows(net),
        decisions=["Jobcenter benennt Ansprechperson.", "  ", "Nächste Sitzung im Mai."],
        tasks=[{"title": "Einladung versenden", "owner": net.world.coach_a, "due_on": dt.date(2099, 1, 31)},
               {"title": "Raum reservieren", "responsible_organisation": net.kommune}],
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == (MeetingStatus.HELD, "TOP 1: besprochen.")
    assert meeting.minutes_approved is True
    rows = {a.organisation_id: a for a in meeting.attendances.all()}
    assert set(rows) == {net.world.org_a.pk, net.kommune.pk, net.traeger.pk}
    assert rows[net.world.org_a.pk].level == "leitung" and rows[net.traeger.pk].attended is False
    assert rows[net.kommune.pk].represented_person == net.kommune_contact
    assert [(d.number, d.text) for d in meeting.decisions.all()] == [
        (1, "Jobcenter benennt Ansprechperson."), (2, "Nächste Sitzung im Mai.")]
    tasks = list(meeting.tasks.order_by("title"))
    assert [(t.title, t.quartier_id, t.created_by_id) for t in tasks] == [
        ("Einladung versenden", net.world.qa.pk, net.world.coach_a.pk),
        ("Raum reservieren", net.world.qa.pk, net.world.coach_a.pk)]
    entry = AuditLogEntry.objects.filter(object_id=meeting.pk, content_type__model="meeting").latest("pk")
    assert "minutes" in entry.fields and "attendance" in entry.fields


def test_meeting_record_is_all_or_nothing(net):
    """A bad task row (owner without access to the Quartier) rolls back minutes, attendance and decisions."""
    meeting = net.meeting
    before = (list(meeting.attendances.values_list("organisation_id", "attended")), meeting.minutes)
    tasks_before = Task.objects.count()
    with pytest.raises(ApplicationError) as exc:
        meeting_record(
            user=net.world.coach_a, meeting=meeting, minutes="Neu", attendance=attendance_rows(net)[:1],
            decisions=["Ein Beschluss"], tasks=[{"title": "Gut"}, {"title": "Schlecht", "owner": net.world.coach_b}],
        )
    assert exc.value.message.startswith(_("Task {number}: {message}").split("{")[0].format())
    assert "tasks.1.owner" in exc.value.extra
    meeting.refresh_from_db()
    assert (list(meeting.attendances.values_list("organisation_id", "attended")), meeting.minutes) == before
    assert Decision.objects.filter(meeting=meeting).count() == 0
    assert Task.objects.count() == tasks_before


def test_meeting_record_rejects_foreign_organisation_and_duplicates(net):
    for rows, key in (
        ([{"organisation": net.world.org_b}], "attendance.0.organisation"),
        ([{"organisation": net.world.org_a}, {"organisation": net.world.org_a}], "attendance.1.organisation"),
        ([{"organisation": net.world.org_a, "contact_person": net.kommune_contact}], "attendance.0.contact_person"),
    ):
        with pytest.raises(ApplicationError) as exc:
            meeting_record(user=net.world.coach_a, meeting=net.meeting, minutes="x", attendance=rows)
        assert key in exc.value.extra
    assert Attendance.objects.filter(meeting=net.meeting).count() == 3


def test_meeting_record_refuses_future_meeting_and_foreign_user(net):
    with pytest.raises(ApplicationError) as exc:
        meeting_record(user=net.world.coach_a, meeting=net.future_meeting, minutes="x", attendance=[])
    assert exc.value.message == _("A meeting that has not started yet cannot have been held.")
    with pytest.raises(Http404):
        meeting_record(user=net.world.coach_b, meeting=net.meeting, minutes="x", attendance=[])
    with pytest.raises(Http404):  # evaluation and partners read, but do not write
        meeting_record(user=net.world.partner_a, meeting=net.meeting, minutes="x", attendance=[])


def test_meeting_end_before_start_is_refused_in_german(net):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ApplicationError) as exc:
        meeting_create(user=net.world.coach_a, body=net.body,
                       data={"starts_at": start, "ends_at": start - dt.timedelta(hours=1)})
    assert exc.value.message == _("The end of the meeting must be after its start.")
    assert exc.value.extra == {"ends_at": [_("The end of the meeting must be after its start.")]}
    assert Meeting.objects.filter(body=net.body).count() == 2


def test_meeting_update_counts_revisions_for_the_calendar(net):
    meeting = net.future_meeting
    meeting_update(user=net.world.coach_a, meeting=meeting, data={"agenda": "neu"})
    assert meeting.sequence == 0
    meeting_update(user=net.world.coach_a, meeting=meeting, data={"location": "Rathaus, Saal 3"})
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_invitation_mail_goes_to_consenting_contact_persons_only(net, mailoutbox):
    no_consent = make_contact(net.traeger, consents=(), first_name="Otto", last_name="Ohne")
    net.body.memberships.filter(organisation=net.traeger).update(contact_person=no_consent)
    withdrawn = net.kommune_contact.consents.get(purpose=ConsentPurpose.CONTACT)
    consent_withdraw(user=None, record=withdrawn, on=timezone.localdate())
    result = meeting_invite(user=net.world.coach_a, meeting=net.future_meeting)
    assert result.sent == [f"{net.world.contact_a.full_name} <{net.world.contact_a.email}>"]
    assert sorted(name for name, _reason in result.skipped) == ["Klara Kommunal", "Otto Ohne"]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [result.sent[0]]
    assert "2. Sitzung" in mail.subject and "01.06.2099" in mail.subject
    filename, content, mimetype = mail.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert b"BEGIN:VEVENT" in (content if isinstance(content, bytes) else content.encode())
    net.future_meeting.refresh_from_db()
    assert net.future_meeting.invitations_sent_count == 1 and net.future_meeting.invitations_sent_at is not None


def test_invitation_refused_without_recipients_and_for_past_meetings(net, mailoutbox):
    with pytest.raises(ApplicationError) as exc:
        meeting_invite(user=net.world.coach_a, meeting=net.meeting)
    assert exc.value.message == _("The meeting has already begun; no invitation was sent.")
    net.body.memberships.update(contact_person=None)
    with pytest.raises(ApplicationError):
        meeting_invite(user=net.world.coach_a, meeting=net.future_meeting)
    assert mailoutbox == []
    net.future_meeting.refresh_from_db()
    assert net.future_meeting.invitations_sent_at is None


def test_body_and_membership_rules(net):
    with pytest.raises(ApplicationError) as exc:
        body_create(user=net.world.coach_a, quartier=net.world.qa,
                    data={"name": "steuerungsgruppe marxloh", "body_type": net.body.body_type})
    assert exc.value.status == 409
    with pytest.raises(ApplicationError) as exc:
        body_create(user=net.world.coach_a, quartier=net.world.qb, data={"name": "X", "body_type": net.body.body_type})
    assert exc.value.status == 403
    with pytest.raises(ApplicationError):  # organisation of another Quartier
        membership_add(user=net.world.coach_a, body=net.body, organisation=net.world.org_b)
    with pytest.raises(ApplicationError) as exc:  # already a current member
        membership_add(user=net.world.coach_a, body=net.body, organisation=net.world.org_a)
    assert exc.value.status == 409
    with pytest.raises(ApplicationError) as exc:
        membership_add(user=net.world.coach_a, body=net.body, organisation=make_organisation(net.world.qa),
                       data={"since": dt.date(2014, 5, 1), "until": dt.date(2014, 1, 1)})
    assert exc.value.message == _("“Member until” must not be before “member since”.")
    assert Body.objects.count() == 2


def test_task_rules_and_status(net):
    with pytest.raises(ApplicationError) as exc:
        task_create(user=net.world.coach_a, quartier=net.world.qa, data={"title": "X", "owner": net.world.coach_b})
    assert "owner" in exc.value.extra
    with pytest.raises(ApplicationError):
        task_create(user=net.world.coach_a, quartier=net.world.qa, data={"title": "X", "meeting": net.body_b and
                    Meeting.objects.create(body=net.body_b, starts_at=timezone.now())})
    task = net.task
    task_set_status(user=net.world.coach_a, task=task, status=TaskStatus.DONE)
    assert task.completed_on == timezone.localdate()
    task_set_status(user=net.world.coach_a, task=task, status=TaskStatus.OPEN)
    assert task.completed_on is None
    with pytest.raises(Http404):
        task_set_status(user=net.world.coach_b, task=task, status=TaskStatus.DONE)


def test_commitment_target_must_be_positive(net):
    for value in (Decimal(0), Decimal(-5)):
        with pytest.raises(ApplicationError) as exc:
            commitment_create(user=net.world.coach_a, agreement=net.agreement,
                              data={"text": "X", "target_value": value})
        assert exc.value.message == _("The target value must be greater than 0.")
    with pytest.raises(ApplicationError) as exc:
        commitment_create(user=net.world.coach_a, agreement=net.agreement,
                          data={"text": "X", "target_value": Decimal(30), "target_value_max": Decimal(20)})
    assert "target_value_max" in exc.value.extra
    assert net.agreement.commitments.count() == 1


def test_actual_for_the_same_date_replaces_and_status_follows(net):
    actual_record(user=net.world.coach_a, commitment=net.commitment, data={"on": dt.date(2014, 12, 31),
                                                                           "value": Decimal(40)})
    assert CommitmentActual.objects.filter(commitment=net.commitment).count() == 1
    status = agreement_status(user=net.world.coach_a, agreement=net.agreement)
    assert status.rows[0].fulfilment.percent == Decimal("80.0")
    assert status.percent == Decimal("80.0")


def test_work_log_hours_must_be_between_0_and_24(net):
    for hours in (Decimal(0), Decimal("24.25"), Decimal(-1)):
        with pytest.raises(ApplicationError) as exc:
            worklog_create(user=net.world.coach_a, quartier=net.world.qa, data={
                "on": dt.date(2014, 1, 2), "activity_type": "analysis", "hours": hours, "impact_level": "A1"})
        assert exc.value.message == _("The hours must be more than 0 and at most 24.")
    with pytest.raises(ApplicationError) as exc:
        worklog_create(user=net.world.coach_a, quartier=net.world.qb, data={
            "on": dt.date(2014, 1, 2), "activity_type": "analysis", "hours": Decimal(1), "impact_level": "A1"})
    assert exc.value.status == 403
    assert WorkLogEntry.objects.count() == 1
