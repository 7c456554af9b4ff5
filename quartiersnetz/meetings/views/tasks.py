"""Pages for tasks: the list (with the overdue filter), "My tasks", detail, create, edit, status, delete."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service
from quartiersnetz.core.selectors import quartier_list_editable

from ..filtersets import MyTaskFilterForm, TaskFilterForm
from ..forms import TaskForm, TaskStatusForm
from ..selectors import can_edit_quartier, is_overdue, my_tasks, task_get, task_list
from ..services import task_create, task_delete, task_set_status, task_update
from .common import deny_aggregates_only, task_crumbs

TASK_SORT = {"due_on": "due_on", "title": "title", "status": "status", "quartier": "quartier__city",
             "owner": "owner__last_name"}


class TaskListView(ScopedListView):
    selector = staticmethod(task_list)
    filter_form_class = TaskFilterForm
    sort_fields = TASK_SORT
    default_sort = "due_on"
    template_name = "meetings/task_list.html"
    partial_template_name = "meetings/includes/task_results.html"
    export_url_name = "meetings:task_export"

    def check_access(self) -> None:
        deny_aggregates_only(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for task in context["object_list"]:
            task.overdue = is_overdue(task, today)
        context.update(title=_("Tasks"), can_create=quartier_list_editable(user=self.request.user).exists(),
                       show_quartier=True)
        return context


class MyTaskListView(TaskListView):
    """Tasks whose owner is the user. Without a status filter it shows open and in-progress tasks."""

    filter_form_class = MyTaskFilterForm
    template_name = "meetings/my_tasks.html"
    export_url_name = "meetings:my_task_export"

    @staticmethod
    def selector(*, user, filters):
        filters = dict(filters)
        if not filters.get("status"):
            filters["open"] = True
        return my_tasks(user=user, filters=filters)

    def check_access(self) -> None:
        """Everybody has own tasks (possibly none)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("My tasks")
        context["show_quartier"] = True
        return context


class TaskExportView(ScopedExportView, TaskListView):
    export_basename = "aufgaben"

    @property
    def export_sheet_title(self):
        return _("Tasks")

    def export_headers(self):
        return [_("Title"), _("Description"), _("Neighbourhood"), _("Owner"), _("Responsible organisation"),
                _("Due on"), _("Status"), _("overdue"), _("Completed on"), _("Decided in meeting")]

    def export_rows(self, queryset):
        today = timezone.localdate()
        for t in queryset:
            yield [
                t.title, t.description, t.quartier.display_name, str(t.owner) if t.owner else "",
                t.responsible_organisation.name if t.responsible_organisation else "", t.due_on,
                t.get_status_display(), is_overdue(t, today), t.completed_on,
                f"{timezone.localtime(t.meeting.starts_at):%d.%m.%Y} {t.meeting.display_title}" if t.meeting else "",
            ]


class MyTaskExportView(TaskExportView, MyTaskListView):
    export_basename = "meine-aufgaben"


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, pk: int):
    user = request.user
    task = task_get(user=user, pk=pk)
    can_edit = can_edit_quartier(user=user, quartier_id=task.quartier_id)
    can_set_status = can_edit or task.owner_id == user.pk
    status_form = TaskStatusForm(request.POST or None, initial={"status": task.status})
    if request.method == "POST":
        deny_unless(can_set_status)
        if status_form.is_valid():
            response = run_service(
                request, status_form,
                lambda: task_set_status(user=user, task=task, status=status_form.cleaned_data["status"]),
                success_message=lambda t: _("Status of “{title}” set to “{status}”.").format(
                    title=t.title, status=t.get_status_display()),
                redirect_to=task.get_absolute_url(),
            )
            if response:
                return response
    task.overdue = is_overdue(task)
    return render(request, "meetings/task_detail.html", {
        "title": task.title, "task": task, "can_edit": can_edit, "can_set_status": can_set_status,
        "status_form": status_form, "breadcrumbs": task_crumbs(task),
    })


def _saved_task(task) -> str:
    return _("Task “{title}” was saved.").format(title=task.title)


@login_required
@require_http_methods(["GET", "POST"])
def task_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    form = TaskForm(request.POST or None, user=user, initial={"owner": user.pk})
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: task_create(user=user, quartier=form.cleaned_data["quartier"], data=form.task_data()),
            success_message=_saved_task, redirect_to=lambda t: t.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("New task"), "breadcrumbs": task_crumbs(last=_("New task")),
        "cancel_url": reverse("meetings:task_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_update_view(request: HttpRequest, pk: int):
    user = request.user
    task = task_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=task.quartier_id))
    form = TaskForm(request.POST or None, user=user, instance=task)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: task_update(user=user, task=task, data=form.task_data()),
            success_message=_saved_task, redirect_to=lambda t: t.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("Edit task"), "breadcrumbs": task_crumbs(task, _("Edit")),
        "cancel_url": task.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_delete_view(request: HttpRequest, pk: int):
    user = request.user
    task = task_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=task.quartier_id))
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: task_delete(user=user, task=task),
            success_message=_("Task “{title}” was deleted.").format(title=task.title),
            redirect_to=reverse("meetings:task_list"),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": task, "error": error, "title": _("Delete task"),
        "question": _("Do you really want to delete the task “{title}”?").format(title=task.title),
        "cancel_url": task.get_absolute_url(), "breadcrumbs": task_crumbs(task, _("Delete")),
    })
