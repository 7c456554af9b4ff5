"""Pages for bodies (Gremien) and their members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service
from quartiersnetz.core.selectors import quartier_list_editable

from ..filtersets import BodyFilterForm
from ..forms import BodyForm, MembershipForm
from ..selectors import (
    body_get,
    body_list,
    can_edit_quartier,
    meeting_list,
    membership_get,
    membership_list,
    shows_persons,
)
from ..services import body_create, body_delete, body_update, membership_add, membership_remove, membership_update
from .common import body_crumbs, deny_aggregates_only


class BodyListView(ScopedListView):
    selector = staticmethod(body_list)
    filter_form_class = BodyFilterForm
    sort_fields = {
        "name": "name", "type": "body_type__order", "quartier": "quartier__city", "members": "member_count",
        "meetings": "meeting_count", "last_meeting": "last_meeting_at",
    }
    default_sort = "quartier"
    template_name = "meetings/body_list.html"
    partial_template_name = "meetings/includes/body_results.html"
    export_url_name = "meetings:body_export"

    def check_access(self) -> None:
        deny_aggregates_only(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Bodies"), can_create=quartier_list_editable(user=self.request.user).exists())
        return context


class BodyExportView(ScopedExportView, BodyListView):
    export_basename = "gremien"

    @property
    def export_sheet_title(self):
        return _("Bodies")

    def export_headers(self):
        return [_("Name"), _("Body type"), _("Neighbourhood"), _("Topics"), _("Target groups"), _("Meeting rhythm"),
                _("Chaired by"), _("Predecessor body"), _("active"), _("Founded on"), _("Members"),
                _("Meetings held"), _("Last meeting")]

    def export_rows(self, queryset):
        for body in queryset:
            yield [
                body.name, body.body_type.name, body.quartier.display_name, body.topics, body.target_groups,
                body.get_rhythm_display() if body.rhythm else "", body.chair.name if body.chair else "",
                body.predecessor.name if body.predecessor else "", body.is_active, body.founded_on,
                body.member_count, body.meeting_count, body.last_meeting_at,
            ]


@login_required
def body_detail(request: HttpRequest, pk: int):
    user = request.user
    body = body_get(user=user, pk=pk)
    can_edit = can_edit_quartier(user=user, quartier_id=body.quartier_id)
    memberships = list(membership_list(user=user, body=body))
    return render(request, "meetings/body_detail.html", {
        "title": body.name, "body": body, "can_edit": can_edit,
        "current_members": [m for m in memberships if m.until is None],
        "former_members": [m for m in memberships if m.until is not None],
        "show_persons": shows_persons(user=user, quartier_id=body.quartier_id),
        "meetings": list(meeting_list(user=user, filters={"body": body.pk})[:12]),
        "successors": list(body_list(user=user).filter(predecessor=body)),
        "breadcrumbs": body_crumbs(body),
    })


def _saved_body(body) -> str:
    return _("Body “{name}” was saved.").format(name=body.name)


@login_required
@require_http_methods(["GET", "POST"])
def body_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    form = BodyForm(request.POST or None, user=user, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: body_create(user=user, quartier=form.cleaned_data["quartier"], data=form.body_data()),
            success_message=_saved_body, redirect_to=lambda b: b.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("New body"), "breadcrumbs": body_crumbs(last=_("New body")),
        "cancel_url": reverse("meetings:body_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def body_update_view(request: HttpRequest, pk: int):
    user = request.user
    body = body_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=body.quartier_id))
    form = BodyForm(request.POST or None, user=user, instance=body)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: body_update(user=user, body=body, data=form.body_data()),
            success_message=_saved_body, redirect_to=lambda b: b.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("Edit {name}").format(name=body.name), "breadcrumbs": body_crumbs(body, _("Edit")),
        "cancel_url": body.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def body_delete_view(request: HttpRequest, pk: int):
    user = request.user
    body = body_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=body.quartier_id))
    error = None
    name = body.name
    if request.method == "POST":
        response, error = run_action(
            request, lambda: body_delete(user=user, body=body),
            success_message=_("Body “{name}” was deleted.").format(name=name),
            redirect_to=reverse("meetings:body_list"),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": body, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the body “{name}”?").format(name=name),
        "consequences": _("Its memberships are deleted as well."), "cancel_url": body.get_absolute_url(),
        "breadcrumbs": body_crumbs(body, _("Delete")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def membership_create_view(request: HttpRequest, pk: int):
    user = request.user
    body = body_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=body.quartier_id))
    form = MembershipForm(request.POST or None, user=user, body=body)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: membership_add(user=user, body=body, organisation=form.cleaned_data["organisation"],
                                   data=form.membership_data()),
            success_message=lambda m: _("{name} was added to the body.").format(name=m.organisation.name),
            redirect_to=body.get_absolute_url(),
        )
        if response:
            return response
    title = _("Add member")
    return render(request, "meetings/form.html", {
        "form": form, "title": title, "breadcrumbs": body_crumbs(body, title), "cancel_url": body.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def membership_update_view(request: HttpRequest, pk: int, membership_pk: int):
    user = request.user
    body = body_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=body.quartier_id))
    membership = membership_get(user=user, body=body, pk=membership_pk)
    form = MembershipForm(request.POST or None, user=user, body=body, instance=membership)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: membership_update(user=user, membership=membership, data=form.membership_data()),
            success_message=lambda m: _("The membership of {name} was saved.").format(name=m.organisation.name),
            redirect_to=body.get_absolute_url(),
        )
        if response:
            return response
    title = _("Membership of {name}").format(name=membership.organisation.name)
    return render(request, "meetings/form.html", {
        "form": form, "title": title, "breadcrumbs": body_crumbs(body, title), "cancel_url": body.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def membership_delete_view(request: HttpRequest, pk: int, membership_pk: int):
    user = request.user
    body = body_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=body.quartier_id))
    membership = membership_get(user=user, body=body, pk=membership_pk)
    name = membership.organisation.name
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: membership_remove(user=user, membership=membership),
            success_message=_("{name} was removed from the body.").format(name=name),
            redirect_to=body.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": membership, "error": error, "title": _("Remove member"),
        "question": _("Remove {name} from the body “{body}”?").format(name=name, body=body.name),
        "consequences": _("Use this only for entries made by mistake. For an organisation that left the body, "
                          "enter the end date of its membership instead: the history stays available."),
        "confirm_label": _("Yes, remove"), "cancel_url": body.get_absolute_url(),
        "breadcrumbs": body_crumbs(body, _("Remove member")),
    })
