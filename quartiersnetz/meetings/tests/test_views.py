"""Pages of the network work: every page renders, forms validate in German, writes go through the services,
objects of other Quartiere answer 404, evaluation sees only the work-log summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pytest_django.asserts import assertContains, assertNotContains

from quartiersnetz.meetings.choices import MeetingStatus, TaskStatus
from quartiersnetz.meetings.models import Agreement, Body, CommitmentActual, Meeting, Task, WorkLogEntry

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def object_urls(net) -> list[str]:
    n = net
    return [
        reverse("meetings:body_detail", args=[n.body.pk]), reverse("meetings:body_update", args=[n.body.pk]),
        reverse("meetings:body_delete", args=[n.body.pk]), reverse("meetings:membership_create", args=[n.body.pk]),
        reverse("meetings:membership_update", args=[n.body.pk, n.body.memberships.first().pk]),
        reverse("meetings:membership_delete", args=[n.body.pk, n.body.memberships.first().pk]),
        reverse("meetings:meeting_detail", args=[n.meeting.pk]),
        reverse("meetings:meeting_update", args=[n.meeting.pk]),
        reverse("meetings:meeting_delete", args=[n.meeting.pk]),
        reverse("meetings:meeting_record", args=[n.meeting.pk]),
        reverse("meetings:meeting_invitation", args=[n.meeting.pk]),
        reverse("meetings:meeting_invite", args=[n.future_meeting.pk]),
        reverse("meetings:task_detail", args=[n.task.pk]), reverse("meetings:task_update", args=[n.task.pk]),
        reverse("meetings:task_delete", args=[n.task.pk]),
        reverse("meetings:agreement_detail", args=[n.agreement.pk]),
        reverse("meetings:agreement_update", args=[n.agreement.pk]),
        reverse("meetings:agreement_delete", args=[n.agreement.pk]),
        reverse("meetings:commitment_create", args=[n.agreement.pk]),
        reverse("meetings:commitment_update", args=[n.commitment.pk]),
        reverse("meetings:commitment_delete", args=[n.commitment.pk]),
        reverse("meetings:actual_create", args=[n.commitment.pk]),
        reverse("meetings:actual_delete", args=[n.actual.pk]),
        reverse("meetings:worklog_update", args=[n.entry.pk]), reverse("meetings:worklog_delete", args=[n.entry.pk]),
    ]


LIST_URLS = ["body_list", "body_export", "meeting_list", "meeting_export", "task_list", "task_export", "my_tasks",
             "my_task_export", "agreement_list", "agreement_export", "worklog_list", "worklog_export",
             "worklog_summary", "body_create", "meeting_create", "task_create", "agreement_create", "worklog_create"]


def test_every_page_renders_for_the_coach(client, net):
    login(client, net.world.coach_a)
    for url in object_urls(net) + [reverse(f"meetings:{name}") for name in LIST_URLS]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_objects_of_another_quartier_are_404_on_every_page(client, net):
    login(client, net.world.coach_b)
    for url in object_urls(net):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (method, url, response.status_code)
    for name in LIST_URLS[:12]:
        body = client.get(reverse(f"meetings:{name}")).content.decode(errors="replace")
        for secret in ("Steuerungsgruppe Marxloh", "Angebotsübersicht aktualisieren", "Zielvereinbarung Marxloh",
                       "Stadtteilbüro"):
            assert secret not in body, (name, secret)


def test_evaluation_sees_no_meetings_but_the_work_log_summary(client, net):
    login(client, net.world.evaluation)
    for name in ("body_list", "meeting_list", "task_list", "agreement_list", "worklog_list"):
        assert client.get(reverse(f"meetings:{name}")).status_code == 404, name
    assert client.get(reverse("meetings:meeting_detail", args=[net.meeting.pk])).status_code == 404
    response = client.get(reverse("meetings:worklog_summary"))
    assert response.status_code == 200
    assert response.context["total"] == Decimal("2.5")
    assertContains(response, "2,50")


def test_partner_reads_meeting_without_person_names_and_cannot_edit(client, net):
    login(client, net.world.partner_a)
    response = client.get(reverse("meetings:meeting_detail", args=[net.meeting.pk]))
    assert response.status_code == 200
    assertNotContains(response, net.kommune_contact.last_name)
    assert response.context["can_edit"] is False
    assert client.get(reverse("meetings:meeting_record", args=[net.meeting.pk])).status_code == 404


def test_meeting_detail_shows_agenda_attendance_minutes_decisions_and_tasks(client, net):
    response = login(client, net.world.coach_a).get(reverse("meetings:meeting_detail", args=[net.meeting.pk]))
    for text in ("Begrüßung", "Alles besprochen.", "Angebotsübersicht aktualisieren", net.kommune_contact.full_name,
                 "Bildungswerk Ruhr"):
        assertContains(response, text)
    assertContains(response, _("overdue"))


def test_meeting_list_filters(client, net):
    client = login(client, net.world.coordination)
    url = reverse("meetings:meeting_list")
    titles = lambda r: [m.title for m in r.context["object_list"]]  # noqa: E731
    assert titles(client.get(url, {"status": "planned"})) == ["2. Sitzung"]
    assert titles(client.get(url, {"start": "2014-01-01", "end": "2014-12-31"})) == ["1. Sitzung"]
    assert titles(client.get(url, {"body": net.body_b.pk})) == []
    assert titles(client.get(url, {"quartier": net.world.qa.slug, "sort": "starts_at"})) == ["1. Sitzung", "2. Sitzung"]
    export = client.get(reverse("meetings:meeting_export"), {"format": "csv", "status": "held"})
    assert export["Content-Type"].startswith("text/csv")
    assert "1. Sitzung" in export.content.decode("utf-8-sig") and "2. Sitzung" not in export.content.decode("utf-8-sig")
    assert client.get(reverse("meetings:meeting_export"), {"format": "xlsx"}).status_code == 200


def test_create_body_add_member_plan_meeting(client, net):
    client = login(client, net.world.coach_a)
    response = client.post(reverse("meetings:body_create"), {
        "quartier": net.world.qa.pk, "body_type": net.body.body_type_id, "name": "Runder Tisch Arbeit",
        "rhythm": "quarterly", "chair": net.kommune.pk, "is_active": "on", "founded_on": "2013-03-01",
    })
    body = Body.objects.get(name="Runder Tisch Arbeit")
    assert response.status_code == 302 and response["Location"] == body.get_absolute_url()
    assert body.chair == net.kommune and body.founded_on == dt.date(2013, 3, 1)
    response = client.post(reverse("meetings:membership_create", args=[body.pk]), {
        "organisation": net.world.org_a.pk, "contact_person": net.world.contact_a.pk, "role": "member",
        "since": "2013-03-01"})
    assert response.status_code == 302
    assert body.memberships.get().contact_person == net.world.contact_a
    response = client.post(reverse("meetings:meeting_create"), {
        "body": body.pk, "title": "Auftakt", "starts_at": "2099-05-04T10:00", "ends_at": "2099-05-04T09:00"})
    assert response.status_code == 200
    assertContains(response, _("The end of the meeting must be after its start."))
    assert not body.meetings.exists()
    response = client.post(reverse("meetings:meeting_create"), {
        "body": body.pk, "title": "Auftakt", "starts_at": "04.05.2099 10:00", "ends_at": "2099-05-04T12:00",
        "location": "Rathaus", "agenda": "1. Start"})
    meeting = body.meetings.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 10


def test_body_of_another_quartier_cannot_be_chosen(client, net):
    response = login(client, net.world.coach_a).post(reverse("meetings:meeting_create"), {
        "body": net.body_b.pk, "starts_at": "2099-05-04T10:00"})
    assert response.status_code == 200
    assert not Meeting.objects.filter(body=net.body_b).exists()


def record_data(net, **overrides):
    data = {
        "minutes": "Protokolltext", "minutes_approved": "on",
        "attendance-TOTAL_FORMS": "3", "attendance-INITIAL_FORMS": "3",
        "decisions-TOTAL_FORMS": "2", "decisions-INITIAL_FORMS": "0",
        "tasks-TOTAL_FORMS": "2", "tasks-INITIAL_FORMS": "0",
        "decisions-0-text": "Beschluss eins", "decisions-1-text": "",
        "tasks-0-title": "Raum buchen", "tasks-0-owner": str(net.world.coach_a.pk), "tasks-0-due_on": "2099-01-01",
        "tasks-1-title": "",
    }
    orgs = sorted([net.world.org_a, net.kommune, net.traeger], key=lambda o: o.name)
    for i, org in enumerate(orgs):
        data[f"attendance-{i}-organisation"] = str(org.pk)
        if org != net.traeger:
            data[f"attendance-{i}-attended"] = "on"
        if org == net.kommune:
            data[f"attendance-{i}-contact_person"] = str(net.kommune_contact.pk)
            data[f"attendance-{i}-level"] = "leitung"
    data.update(overrides)
    return data


def test_record_minutes_page_saves_everything(client, net):
    client = login(client, net.world.coach_a)
    url = reverse("meetings:meeting_record", args=[net.meeting.pk])
    page = client.get(url)
    assert len(page.context["attendance_rows"]) == 3
    response = client.post(url, record_data(net))
    assert response.status_code == 302, response.context and response.context["form"].errors
    meeting = Meeting.objects.get(pk=net.meeting.pk)
    assert (meeting.minutes, meeting.minutes_approved, meeting.status) == ("Protokolltext", True, MeetingStatus.HELD)
    assert sorted(meeting.attendances.filter(attended=True).values_list("organisation__name", flat=True)) == [
        "Jobcenter Duisburg", "Stadt Duisburg – Sozialplanung"]
    assert meeting.attendances.get(organisation=net.kommune).level == "leitung"
    assert list(meeting.decisions.values_list("text", flat=True)) == ["Beschluss eins"]
    assert meeting.tasks.filter(title="Raum buchen", owner=net.world.coach_a).exists()


def test_record_minutes_page_saves_nothing_on_bad_input(client, net):
    client = login(client, net.world.coach_a)
    url = reverse("meetings:meeting_record", args=[net.meeting.pk])
    response = client.post(url, record_data(net, **{"tasks-1-title": "", "tasks-1-due_on": "2099-02-01"}))
    assert response.status_code == 200
    assertContains(response, _("Please enter a title."))
    meeting = Meeting.objects.get(pk=net.meeting.pk)
    assert meeting.minutes == "Alles besprochen." and not meeting.decisions.exists()
    assert not Task.objects.filter(title="Raum buchen").exists()


def test_task_pages_overdue_and_my_tasks(client, net):
    w = net.world
    Task.objects.create(quartier=w.qa, title="Künftig", owner=w.coach_a,
                        due_on=timezone.localdate() + dt.timedelta(days=3))
    Task.objects.create(quartier=w.qa, title="Fremde Aufgabe", owner=w.coordination, due_on=dt.date(2014, 2, 1))
    client = login(client, w.coach_a)
    overdue = client.get(reverse("meetings:task_list"), {"overdue": "on"})
    assert [t.title for t in overdue.context["object_list"]] == ["Fremde Aufgabe", "Angebotsübersicht aktualisieren"]
    assertContains(overdue, _("overdue"))
    mine = client.get(reverse("meetings:my_tasks"))
    assert [t.title for t in mine.context["object_list"]] == ["Angebotsübersicht aktualisieren", "Künftig"]
    response = client.post(reverse("meetings:task_detail", args=[net.task.pk]), {"status": TaskStatus.DONE})
    assert response.status_code == 302
    net.task.refresh_from_db()
    assert net.task.status == TaskStatus.DONE
    assert [t.title for t in client.get(reverse("meetings:my_tasks")).context["object_list"]] == ["Künftig"]
    response = client.post(reverse("meetings:task_create"), {"quartier": w.qa.pk, "title": "Ohne Zuständige",
                                                              "status": "open"})
    assertContains(response, _("Please name an owner or a responsible organisation."))
    response = client.post(reverse("meetings:task_create"), {"quartier": w.qa.pk, "title": "Neu", "status": "open",
                                                              "responsible_organisation": net.kommune.pk})
    assert response.status_code == 302 and Task.objects.filter(title="Neu").exists()


def test_owner_changes_own_task_status_without_edit_rights(client, net):
    net.task.owner = net.world.contact_point_a
    net.task.save()
    client = login(client, net.world.contact_point_a)
    response = client.post(reverse("meetings:task_detail", args=[net.task.pk]), {"status": "in_progress"})
    assert response.status_code == 302
    assert client.get(reverse("meetings:task_update", args=[net.task.pk])).status_code == 404


def test_agreement_detail_shows_fulfilment_as_text_and_bar(client, net):
    response = login(client, net.world.coach_a).get(reverse("meetings:agreement_detail", args=[net.agreement.pk]))
    assertContains(response, "62,0&nbsp;%")
    assertContains(response, '<progress class="qn-progress" max="100" value="62"')
    listing = client.get(reverse("meetings:agreement_list"))
    assertContains(listing, "62,0&nbsp;%")


def test_agreement_commitment_and_actual_forms(client, net):
    client = login(client, net.world.coach_a)
    response = client.post(reverse("meetings:agreement_create"), {
        "quartier": net.world.qa.pk, "kind": "loi", "title": "LoI Stadtteilbüro", "parties": [net.kommune.pk],
        "starts_on": "2014-01-01", "ends_on": "2013-01-01"})
    assertContains(response, _("The agreement cannot end before it starts."))
    response = client.post(reverse("meetings:agreement_create"), {
        "quartier": net.world.qa.pk, "kind": "loi", "title": "LoI Stadtteilbüro", "parties": [net.kommune.pk]})
    agreement = Agreement.objects.get(title="LoI Stadtteilbüro")
    assert list(agreement.parties.all()) == [net.kommune]
    url = reverse("meetings:commitment_create", args=[agreement.pk])
    response = client.post(url, {"text": "Zusage", "target_value": "0", "period": "project"})
    assertContains(response, _("The target value must be greater than 0."))
    response = client.post(url, {"text": "Zusage", "target_value": "12,5", "unit": "Plätze", "period": "project"})
    assert response.status_code == 302
    commitment = agreement.commitments.get()
    assert commitment.target_value == Decimal("12.5")
    url = reverse("meetings:actual_create", args=[commitment.pk])
    response = client.post(url, {"on": "2014-06-30", "value": "-1"})
    assertContains(response, _("The actual value must not be negative."))
    response = client.post(url, {"on": "2014-06-30", "value": "5"})
    assert response.status_code == 302
    assert CommitmentActual.objects.get(commitment=commitment).value == Decimal(5)
    assertContains(client.get(url), "40,0&nbsp;%")


def test_work_log_pages(client, net):
    client = login(client, net.world.coach_a)
    url = reverse("meetings:worklog_create")
    data = {"quartier": net.world.qa.pk, "on": "2014-03-13", "activity_type": "acquisition", "hours": "24,5",
            "impact_level": "A2"}
    response = client.post(url, data)
    assertContains(response, _("The hours must be more than 0 and at most 24."))
    assert WorkLogEntry.objects.count() == 1
    response = client.post(url, {**data, "hours": "1,5"})
    assert response.status_code == 302
    summary = client.get(reverse("meetings:worklog_summary"), {"quartier": net.world.qa.slug})
    assert summary.context["total"] == Decimal("4.0")
    row = summary.context["by_impact"][0]
    assert (row["month"], row["cells"]) == (dt.date(2014, 3, 1), [Decimal("4.0"), Decimal(0), Decimal(0)])
    assertContains(summary, "vega-lite.min.js")
    assertContains(summary, 'id="qn-worklog-data"')
    csv = client.get(reverse("meetings:worklog_summary"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    # only the author edits an entry
    client.force_login(net.world.coordination)
    assert client.get(reverse("meetings:worklog_update", args=[net.entry.pk])).status_code == 404
    assert client.get(reverse("meetings:worklog_list")).status_code == 200


def test_invitation_download_and_send(client, net, mailoutbox):
    client = login(client, net.world.coach_a)
    response = client.get(reverse("meetings:meeting_invitation", args=[net.future_meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    page = client.get(reverse("meetings:meeting_invite", args=[net.future_meeting.pk]))
    assertContains(page, net.world.contact_a.email)
    response = client.post(reverse("meetings:meeting_invite", args=[net.future_meeting.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 2  # contact_a and the Kommune's contact (both consented)


def test_delete_body_with_meetings_is_refused(client, net):
    client = login(client, net.world.coach_a)
    response = client.post(reverse("meetings:body_delete", args=[net.body.pk]))
    assertContains(response, _("The body has meetings and cannot be deleted. Mark it as inactive instead."))
    assert Body.objects.filter(pk=net.body.pk).exists()
