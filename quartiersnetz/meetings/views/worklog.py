"""Pages for the work log (Tätigkeitsnachweis) and its summary by activity and impact level."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.generic import (
    EXPORT_FORMATS,
    ScopedExportView,
    ScopedListView,
    deny_unless,
    export_response,
    run_action,
    run_service,
)

from ..choices import IMPACT_GROUPS, ActivityType
from ..filtersets import WorkLogFilterForm, WorkLogSummaryFilterForm
from ..forms import WorkLogForm
from ..selectors import worklog_can_create, worklog_can_edit, worklog_get, worklog_list, worklog_summary
from ..services import worklog_create, worklog_delete, worklog_update
from .common import deny_aggregates_only, worklog_crumbs


class WorkLogListView(ScopedListView):
    selector = staticmethod(worklog_list)
    filter_form_class = WorkLogFilterForm
    sort_fields = {"on": "on", "hours": "hours", "activity": "activity_type", "impact": "impact_level",
                   "quartier": "quartier__city", "person": "user__last_name"}
    default_sort = "-on"
    template_name = "meetings/worklog_list.html"
    partial_template_name = "meetings/includes/worklog_results.html"
    export_url_name = "meetings:worklog_export"

    def check_access(self) -> None:
        deny_aggregates_only(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for entry in context["object_list"]:
            entry.can_edit = worklog_can_edit(user=user, entry=entry)
        context.update(title=_("Work log"), can_create=worklog_can_create(user=user))
        return context


class WorkLogExportView(ScopedExportView, WorkLogListView):
    export_basename = "taetigkeitsnachweis"

    @property
    def export_sheet_title(self):
        return _("Work log")

    def export_headers(self):
        return [_("Date"), _("Person"), _("Neighbourhood"), _("Activity"), _("Impact level"), _("Hours"),
                _("Meeting"), _("Note")]

    def export_rows(self, queryset):
        for e in queryset:
            yield [e.on, str(e.user), e.quartier.display_name, e.get_activity_type_display(),
                   e.get_impact_level_display(), e.hours, e.meeting.display_title if e.meeting else "", e.note]


def _saved_entry(entry) -> str:
    return _("{hours} hours on {date} were saved.").format(hours=f"{entry.hours:n}".replace(".", ","),
                                                           date=f"{entry.on:%d.%m.%Y}")


@login_required
@require_http_methods(["GET", "POST"])
def worklog_create_view(request: HttpRequest):
    user = request.user
    deny_unless(worklog_can_create(user=user))
    form = WorkLogForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: worklog_create(user=user, quartier=form.cleaned_data["quartier"], data=form.entry_data()),
            success_message=_saved_entry, redirect_to=reverse("meetings:worklog_list"),
        )
        if response:
            return response
    title = _("Log work")
    return render(request, "meetings/form.html", {
        "form": form, "title": title, "breadcrumbs": worklog_crumbs(title),
        "cancel_url": reverse("meetings:worklog_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def worklog_update_view(request: HttpRequest, pk: int):
    user = request.user
    entry = worklog_get(user=user, pk=pk)
    deny_unless(worklog_can_edit(user=user, entry=entry))
    form = WorkLogForm(request.POST or None, user=user, instance=entry)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: worklog_update(user=user, entry=entry, data=form.entry_data(),
                                   quartier=form.cleaned_data["quartier"]),
            success_message=_saved_entry, redirect_to=reverse("meetings:worklog_list"),
        )
        if response:
            return response
    title = _("Edit work log entry")
    return render(request, "meetings/form.html", {
        "form": form, "title": title, "breadcrumbs": worklog_crumbs(title),
        "cancel_url": reverse("meetings:worklog_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def worklog_delete_view(request: HttpRequest, pk: int):
    user = request.user
    entry = worklog_get(user=user, pk=pk)
    deny_unless(worklog_can_edit(user=user, entry=entry))
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: worklog_delete(user=user, entry=entry),
            success_message=_("The work log entry was deleted."), redirect_to=reverse("meetings:worklog_list"),
        )
        if response:
            return response
    title = _("Delete work log entry")
    return render(request, "core/confirm_delete.html", {
        "object": entry, "error": error, "title": title,
        "question": _("Do you really want to delete the entry of {date} ({hours} hours)?").format(
            date=f"{entry.on:%d.%m.%Y}", hours=str(entry.hours).replace(".", ",")),
        "cancel_url": reverse("meetings:worklog_list"), "breadcrumbs": worklog_crumbs(title),
    })


def _pivot(rows, key: str, columns: list[tuple[str, str]]) -> list[dict]:
    """Rows per (Quartier, month) with one cell per column and a total."""
    table: OrderedDict[tuple, dict] = OrderedDict()
    for row in rows:
        entry = table.setdefault((row.quartier, row.month), {"quartier": row.quartier, "month": row.month,
                                                             "values": {}, "total": Decimal(0)})
        column = getattr(row, key)
        entry["values"][column] = entry["values"].get(column, Decimal(0)) + row.hours
        entry["total"] += row.hours
    for entry in table.values():
        entry["cells"] = [entry["values"].get(code, Decimal(0)) for code, _label in columns]
    return list(table.values())


@login_required
def worklog_summary_view(request: HttpRequest):
    """Hours by activity type and by impact level per Quartier and month: a chart and the same data as tables."""
    user = request.user
    form = WorkLogSummaryFilterForm(request.GET or None, user=user)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
    rows = worklog_summary(user=user, filters=filters)
    activity_labels = dict(ActivityType.choices)
    present = {r.activity_type for r in rows}
    activities = [(code, str(label)) for code, label in ActivityType.choices if code in present]
    groups = [(code, str(label)) for code, label in IMPACT_GROUPS.items()]
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise Http404(_("Unknown export format."))
        return export_response(
            [[r.quartier, r.month.strftime("%m/%Y"), str(activity_labels[r.activity_type]),
              str(IMPACT_GROUPS[r.impact_group]), r.hours] for r in rows],
            [_("Neighbourhood"), _("Month"), _("Activity"), _("Impact level"), _("Hours")],
            basename="taetigkeiten-auswertung", fmt=fmt, sheet_title=_("Work log summary"),
        )
    chart_data = [
        {"quartier": r.quartier, "month": r.month.isoformat(), "activity": str(activity_labels[r.activity_type]),
         "impact": str(IMPACT_GROUPS[r.impact_group]), "hours": float(r.hours)}
        for r in rows
    ]
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "meetings/worklog_summary.html", {
        "title": _("Work log summary"), "filter_form": form, "activities": activities, "groups": groups,
        "by_activity": _pivot(rows, "activity_type", activities), "by_impact": _pivot(rows, "impact_group", groups),
        "total": sum((r.hours for r in rows), Decimal(0)), "chart_data": chart_data,
        "export_query": query.urlencode(), "export_url": reverse("meetings:worklog_summary"),
        "show_list": not _aggregates_only(user), "breadcrumbs": worklog_crumbs(_("Summary")),
        "filter_form_id": "qn-filter", "results_target": "qn-results",
    })


def _aggregates_only(user) -> bool:
    from quartiersnetz.core.access import get_scope

    return get_scope(user).aggregates_only



