"""Pages for meetings: list, detail, plan, change, delete, record the minutes, and the invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.actors.selectors import contact_person_list, organisation_list
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service

from ..filtersets import MeetingFilterForm
from ..forms import AttendanceFormSet, DecisionFormSet, MeetingForm, MinutesForm, TaskRowFormSet
from ..ical import invitation_filename, meeting_invitation_ics
from ..selectors import (
    attendance_list,
    body_list_editable,
    can_edit_quartier,
    is_overdue,
    meeting_get,
    meeting_list,
    membership_list,
    shows_persons,
    task_list,
    task_owner_choices,
)
from ..services import (
    invitation_recipients,
    meeting_create,
    meeting_delete,
    meeting_invite,
    meeting_record,
    meeting_update,
)
from .common import deny_aggregates_only, meeting_crumbs


class MeetingListView(ScopedListView):
    selector = staticmethod(meeting_list)
    filter_form_class = MeetingFilterForm
    sort_fields = {"starts_at": "starts_at", "body": "body__name", "quartier": "body__quartier__city",
                   "status": "status", "attended": "attended_count"}
    default_sort = "-starts_at"
    template_name = "meetings/meeting_list.html"
    partial_template_name = "meetings/includes/meeting_results.html"
    export_url_name = "meetings:meeting_export"

    def check_access(self) -> None:
        deny_aggregates_only(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Meetings"), can_create=body_list_editable(user=self.request.user).exists())
        return context


class MeetingExportView(ScopedExportView, MeetingListView):
    export_basename = "sitzungen"

    @property
    def export_sheet_title(self):
        return _("Meetings")

    def export_headers(self):
        return [_("Starts at"), _("Ends at"), _("Title"), _("Body"), _("Neighbourhood"), _("Location"), _("Status"),
                _("Organisations present"), _("Decisions"), _("Minutes approved"), _("Agenda")]

    def export_rows(self, queryset):
        for m in queryset:
            yield [m.starts_at, m.ends_at, m.title, m.body.name, m.body.quartier.display_name, m.location,
                   m.get_status_display(), m.attended_count, m.decision_count, m.minutes_approved, m.agenda]


@login_required
def meeting_detail(request: HttpRequest, pk: int):
    user = request.user
    meeting = meeting_get(user=user, pk=pk)
    today = timezone.localdate()
    tasks = list(task_list(user=user, filters={"meeting": meeting.pk}))
    for task in tasks:
        task.overdue = is_overdue(task, today)
    return render(request, "meetings/meeting_detail.html", {
        "title": meeting.display_title, "meeting": meeting, "body": meeting.body,
        "can_edit": can_edit_quartier(user=user, quartier_id=meeting.body.quartier_id),
        "attendances": list(attendance_list(user=user, meeting=meeting)),
        "decisions": list(meeting.decisions.all()), "tasks": tasks,
        "show_persons": shows_persons(user=user, quartier_id=meeting.body.quartier_id),
        "is_future": meeting.starts_at > timezone.now(),
        "breadcrumbs": meeting_crumbs(meeting),
    })


def _saved_meeting(meeting) -> str:
    return _("Meeting of {name} on {date} was saved.").format(
        name=meeting.body.name, date=f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest):
    user = request.user
    deny_unless(body_list_editable(user=user).exists())
    initial = {}
    if body_pk := request.GET.get("body"):
        body = body_list_editable(user=user).filter(pk=body_pk if body_pk.isdigit() else 0).first()
        if body is not None:
            initial = {"body": body.pk, "location": "", "title": ""}
    form = MeetingForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: meeting_create(user=user, body=form.cleaned_data["body"], data=form.meeting_data()),
            success_message=_saved_meeting, redirect_to=lambda m: m.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("New meeting"), "breadcrumbs": meeting_crumbs(last=_("New meeting")),
        "cancel_url": reverse("meetings:meeting_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update_view(request: HttpRequest, pk: int):
    user = request.user
    meeting = meeting_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=meeting.body.quartier_id))
    form = MeetingForm(request.POST or None, user=user, instance=meeting)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: meeting_update(user=user, meeting=meeting, data=form.meeting_data(),
                                   body=form.cleaned_data["body"]),
            success_message=_saved_meeting, redirect_to=lambda m: m.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("Edit meeting"), "breadcrumbs": meeting_crumbs(meeting, _("Edit")),
        "cancel_url": meeting.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete_view(request: HttpRequest, pk: int):
    user = request.user
    meeting = meeting_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=meeting.body.quartier_id))
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: meeting_delete(user=user, meeting=meeting),
            success_message=_("The meeting was deleted."), redirect_to=reverse("meetings:meeting_list"),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": meeting, "error": error, "title": _("Delete meeting"),
        "question": _("Do you really want to delete the meeting of {name} on {date}?").format(
            name=meeting.body.name, date=f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}"),
        "consequences": _("Its attendance, minutes and decisions are deleted as well."),
        "cancel_url": meeting.get_absolute_url(), "breadcrumbs": meeting_crumbs(meeting, _("Delete")),
    })


# --- minutes ------------------------------------------------------------------------------------------------------


class _RecordContext:
    """Choices of the minutes page: organisations (members and those already recorded), their persons, owners."""

    def __init__(self, user, meeting):
        quartier_id = meeting.body.quartier_id
        existing = {a.organisation_id: a for a in attendance_list(user=user, meeting=meeting)}
        members = [m.organisation for m in membership_list(user=user, body=meeting.body, current_only=True)]
        organisations = {o.pk: o for o in members}
        for attendance in existing.values():
            organisations.setdefault(attendance.organisation_id, attendance.organisation)
        self.organisations = dict(sorted(organisations.items(), key=lambda item: item[1].name))
        self.existing = existing
        persons = contact_person_list(user=user).filter(organisation_id__in=list(self.organisations))
        self.persons: dict[int, dict[int, object]] = {}
        self.all_persons = {}
        for person in persons:
            self.persons.setdefault(person.organisation_id, {})[person.pk] = person
            self.all_persons[person.pk] = person
        self.owners = {u.pk: u for u in task_owner_choices(user=user, quartier_ids=[quartier_id])}
        self.quartier_orgs = {
            o.pk: o for o in organisation_list(user=user, filters={"quartier_id": quartier_id}).prefetch_related(None)
        }

    def attendance_initial(self) -> list[dict]:
        rows = []
        for org_id in self.organisations:
            a = self.existing.get(org_id)
            rows.append({
                "organisation": org_id, "attended": a.attended if a else False,
                "contact_person": a.contact_person_id if a else None,
                "represented_person": a.represented_person_id if a else None,
                "represented_note": a.represented_note if a else "", "level": a.level if a else "",
            })
        return rows

    def person_choices_per_row(self) -> list[list[tuple[int, str]]]:
        return [[(p.pk, p.full_name) for p in self.persons.get(org_id, {}).values()] for org_id in self.organisations]

    def attendance_rows(self, formset) -> list[dict]:
        rows = []
        for form in formset:
            data = form.cleaned_data
            organisation = self.organisations.get(data.get("organisation"))
            if organisation is None:
                raise ApplicationError(_("The attendance list is out of date. Please reload the page."))
            rows.append({
                "organisation": organisation, "attended": data.get("attended", False),
                "contact_person": self.all_persons.get(data.get("contact_person")),
                "represented_person": self.all_persons.get(data.get("represented_person")),
                "represented_note": data.get("represented_note", ""), "level": data.get("level", ""),
            })
        return rows

    def task_kwargs(self) -> dict:
        return {
            "owner_choices": [(u.pk, u.get_full_name() or u.username) for u in self.owners.values()],
            "organisation_choices": [(o.pk, o.name) for o in self.quartier_orgs.values()],
        }

    def task_rows(self, formset) -> list[dict]:
        rows = []
        for form in formset:
            data = form.cleaned_data
            if not data.get("title"):
                continue
            rows.append({
                "title": data["title"], "owner": self.owners.get(data.get("owner")),
                "responsible_organisation": self.quartier_orgs.get(data.get("responsible_organisation")),
                "due_on": data.get("due_on"),
            })
        return rows


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record_view(request: HttpRequest, pk: int):
    user = request.user
    meeting = meeting_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=meeting.body.quartier_id))
    ctx = _RecordContext(user, meeting)
    data = request.POST or None
    form = MinutesForm(data, initial={"minutes": meeting.minutes, "minutes_approved": meeting.minutes_approved})
    attendance = AttendanceFormSet(data, prefix="attendance", initial=ctx.attendance_initial(),
                                   person_choices_per_row=ctx.person_choices_per_row())
    decisions = DecisionFormSet(data, prefix="decisions",
                                initial=[{"text": d.text} for d in meeting.decisions.all()])
    tasks = TaskRowFormSet(data, prefix="tasks", form_kwargs=ctx.task_kwargs())
    if request.method == "POST" and all([form.is_valid(), attendance.is_valid(), decisions.is_valid(),
                                         tasks.is_valid()]):
        response = run_service(
            request, form,
            lambda: meeting_record(
                user=user, meeting=meeting, minutes=form.cleaned_data["minutes"],
                minutes_approved=form.cleaned_data["minutes_approved"],
                attendance=ctx.attendance_rows(attendance),
                decisions=[f.cleaned_data.get("text", "") for f in decisions],
                tasks=ctx.task_rows(tasks),
            ),
            success_message=_("The minutes were saved."), redirect_to=meeting.get_absolute_url(),
        )
        if response:
            return response
    rows = [{"form": f, "organisation": org} for f, org in zip(attendance.forms, ctx.organisations.values(),
                                                                   strict=False)]
    title = _("Record minutes")
    return render(request, "meetings/meeting_record.html", {
        "title": title, "meeting": meeting, "form": form, "attendance": attendance, "attendance_rows": rows,
        "decisions": decisions, "tasks": tasks, "breadcrumbs": meeting_crumbs(meeting, title),
        "cancel_url": meeting.get_absolute_url(),
    })


# --- invitation ---------------------------------------------------------------------------------------------------


@login_required
def meeting_invitation_download(request: HttpRequest, pk: int):
    user = request.user
    meeting = meeting_get(user=user, pk=pk)
    organizer = user.get_full_name() or user.username
    content = meeting_invitation_ics(meeting, organizer_name=organizer, organizer_email=user.email)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{invitation_filename(meeting)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_invite_view(request: HttpRequest, pk: int):
    user = request.user
    meeting = meeting_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=meeting.body.quartier_id))
    error = None
    if request.method == "POST":
        try:
            result = meeting_invite(user=user, meeting=meeting)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("The invitation was sent to {count} recipients.").format(
                count=len(result.sent)))
            return redirect(meeting.get_absolute_url())
    preview = invitation_recipients(user=user, meeting=meeting)
    title = _("Send invitation")
    return render(request, "meetings/meeting_invite.html", {
        "title": title, "meeting": meeting, "preview": preview, "error": error,
        "breadcrumbs": meeting_crumbs(meeting, title), "cancel_url": meeting.get_absolute_url(),
    })

