"""Pages of the local economy: company profiles (Branche, size, cooperation path) and business networks with
members, publicity log and the Branchenmix/critical-mass view."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service

from ..economy import FEW_INTERESTED, NO_PUBLICITY, PUBLICITY_MONTHS
from ..filtersets import CompanyFilterForm, NetworkFilterForm
from ..forms import BusinessNetworkForm, CompanyProfileForm, MemberEndForm, NetworkMemberForm, PathForm, PublicityForm
from ..selectors import (
    can_edit_quartier,
    company_can_edit,
    company_get,
    company_list,
    company_networks,
    network_get,
    network_health,
    network_list,
    network_members,
    network_membership_get,
    publicity_get,
    publicity_list,
    quartier_list_editable,
)
from ..services import (
    company_path_set,
    company_profile_create,
    company_profile_delete,
    company_profile_update,
    network_create,
    network_delete,
    network_member_add,
    network_member_remove,
    network_update,
    publicity_add,
    publicity_delete,
)
from ..wz2008 import section_name
from .common import company_crumbs, network_crumbs, require_work

# --- company profiles ---------------------------------------------------------------------------------------------


class CompanyListView(ScopedListView):
    selector = staticmethod(company_list)
    filter_form_class = CompanyFilterForm
    sort_fields = {"name": "organisation__name", "wz": "wz_code", "size": "size_class", "employees": "employees",
                   "path": "cooperation_path"}
    default_sort = "name"
    template_name = "acquisition/company_list.html"
    partial_template_name = "acquisition/includes/company_results.html"
    export_url_name = "acquisition:company_export"

    def check_access(self) -> None:
        require_work(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Companies"), can_create=quartier_list_editable(user=self.request.user).exists())
        return context


class CompanyExportView(ScopedExportView, CompanyListView):
    export_basename = "unternehmen"

    @property
    def export_sheet_title(self):
        return _("Companies")

    def export_headers(self):
        return [_("Company"), _("Neighbourhoods"), _("Sector (WZ 2008)"), _("WZ section"), _("Size class"),
                _("Employees"), _("Founded (year)"), _("Trains apprentices"), _("Cooperation path"),
                _("On this path since")]

    def export_rows(self, queryset):
        for p in queryset:
            yield [p.organisation.name, ", ".join(q.display_name for q in p.organisation.quartiere.all()), p.wz_code,
                   p.wz_section_name, p.get_size_class_display() if p.size_class else "", p.employees,
                   p.founded_year, p.trains_apprentices,
                   p.get_cooperation_path_display() if p.cooperation_path else "", p.cooperation_path_since]


@login_required
def company_detail(request: HttpRequest, pk: int):
    user = request.user
    profile = company_get(user=user, pk=pk)
    can_edit = company_can_edit(user=user, profile=profile)
    return render(request, "acquisition/company_detail.html", {
        "title": profile.organisation.name, "profile": profile, "can_edit": can_edit,
        "path_history": list(profile.path_changes.select_related("by").order_by("on", "pk")),
        "memberships": company_networks(user=user, profile=profile), "breadcrumbs": company_crumbs(profile),
    })


def _saved_profile(profile) -> str:
    return _("The company profile of “{name}” was saved.").format(name=profile.organisation.name)


@login_required
@require_http_methods(["GET", "POST"])
def company_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    form = CompanyProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_service(
            request, form,
            lambda: company_profile_create(user=user, organisation=data["organisation"], data=form.profile_data(),
                                           cooperation_path=data.get("cooperation_path") or ""),
            success_message=_saved_profile, redirect_to=lambda p: p.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("New company profile"), "cancel_url": reverse("acquisition:company_list"),
        "breadcrumbs": company_crumbs(last=_("New company profile")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def company_update_view(request: HttpRequest, pk: int):
    user = request.user
    profile = company_get(user=user, pk=pk)
    deny_unless(company_can_edit(user=user, profile=profile))
    form = CompanyProfileForm(request.POST or None, user=user, instance=profile)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: company_profile_update(user=user, profile=profile, data=form.profile_data()),
            success_message=_saved_profile, redirect_to=lambda p: p.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("Edit {name}").format(name=profile.organisation.name),
        "cancel_url": profile.get_absolute_url(), "breadcrumbs": company_crumbs(profile, _("Edit")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def company_path_view(request: HttpRequest, pk: int):
    user = request.user
    profile = company_get(user=user, pk=pk)
    deny_unless(company_can_edit(user=user, profile=profile))
    form = PathForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_service(
            request, form,
            lambda: company_path_set(user=user, profile=profile, to_path=data.get("to_path") or "",
                                     on=data.get("on"), note=data.get("note") or ""),
            success_message=_("The cooperation path was saved."), redirect_to=profile.get_absolute_url())
        if response:
            return response
    title = _("Cooperation path of {name}").format(name=profile.organisation.name)
    return render(request, "acquisition/form.html", {
        "form": form, "title": title, "cancel_url": profile.get_absolute_url(),
        "breadcrumbs": company_crumbs(profile, _("Cooperation path")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def company_delete_view(request: HttpRequest, pk: int):
    user = request.user
    profile = company_get(user=user, pk=pk)
    deny_unless(company_can_edit(user=user, profile=profile))
    name = profile.organisation.name
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: company_profile_delete(user=user, profile=profile),
            success_message=_("The company profile of “{name}” was deleted.").format(name=name),
            redirect_to=reverse("acquisition:company_list"))
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": profile, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the company profile of “{name}”?").format(name=name),
        "consequences": _("The organisation itself stays; its sector, size and path history are deleted."),
        "cancel_url": profile.get_absolute_url(), "breadcrumbs": company_crumbs(profile, _("Delete")),
    })


# --- business networks --------------------------------------------------------------------------------------------


class NetworkListView(ScopedListView):
    selector = staticmethod(network_list)
    filter_form_class = NetworkFilterForm
    sort_fields = {"name": "name", "quartier": "quartier__city", "form": "form", "members": "member_count",
                   "publicity": "last_publicity_on"}
    default_sort = "quartier"
    template_name = "acquisition/network_list.html"
    partial_template_name = "acquisition/includes/network_results.html"
    export_url_name = "acquisition:network_export"

    def check_access(self) -> None:
        require_work(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Business networks"),
                       can_create=quartier_list_editable(user=self.request.user).exists())
        return context


class NetworkExportView(ScopedExportView, NetworkListView):
    export_basename = "wirtschaftsnetzwerke"

    @property
    def export_sheet_title(self):
        return _("Business networks")

    def export_headers(self):
        return [_("Name"), _("Neighbourhood"), _("Form"), _("Format and rhythm"), _("Founded on"),
                _("Organisation (e.g. the association)"), _("Active members"), _("Critical mass"),
                _("Last publicity"), _("Goals")]

    def export_rows(self, queryset):
        for n in queryset:
            yield [n.name, n.quartier.display_name, n.get_form_display(), n.meeting_format, n.founded_on,
                   n.organisation.name if n.organisation else "", n.member_count, n.critical_mass,
                   n.last_publicity_on, n.goals]


HINT_TEXTS = {
    FEW_INTERESTED: (
        gettext_lazy("Lack of interested parties"),
        gettext_lazy("The network has fewer active members than its critical mass. Risk: it falls asleep, the work "
                     "rests on too few shoulders."),
    ),
    NO_PUBLICITY: (
        gettext_lazy("Lack of publicity"),
        gettext_lazy("No publicity entry in the last three months. Publicity should be built from day one."),
    ),
}


def _hints(codes: list[str]) -> list[dict]:
    return [{"code": c, "title": str(HINT_TEXTS[c][0]), "text": str(HINT_TEXTS[c][1])} for c in codes]


@login_required
def network_detail(request: HttpRequest, pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    can_edit = can_edit_quartier(user=user, quartier_id=network.quartier_id)
    health = network_health(user=user, network=network)
    members = network_members(user=user, network=network)
    mix = [{"section": r.section, "name": section_name(r.section) if r.section else _("no sector given"),
            "count": r.count, "share": r.share * 100} for r in health.mix]
    return render(request, "acquisition/network_detail.html", {
        "title": network.name, "network": network, "can_edit": can_edit, "health": health,
        "hints": _hints(health.hints), "mix": mix, "publicity_months": PUBLICITY_MONTHS,
        "chart_data": [{"section": r["section"] or "–", "name": str(r["name"]), "count": r["count"]} for r in mix],
        "current_members": [m for m in members if m.until is None],
        "former_members": [m for m in members if m.until is not None],
        "publicity": list(publicity_list(user=user, network=network)[:20]),
        "below_mass": health.active_members < health.critical_mass,
        "breadcrumbs": network_crumbs(network),
    })


def _saved_network(network) -> str:
    return _("The business network “{name}” was saved.").format(name=network.name)


@login_required
@require_http_methods(["GET", "POST"])
def network_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    form = BusinessNetworkForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: network_create(user=user, quartier=form.cleaned_data["quartier"], data=form.network_data()),
            success_message=_saved_network, redirect_to=lambda n: n.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("New business network"), "cancel_url": reverse("acquisition:network_list"),
        "breadcrumbs": network_crumbs(last=_("New business network")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def network_update_view(request: HttpRequest, pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=network.quartier_id))
    form = BusinessNetworkForm(request.POST or None, user=user, instance=network)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: network_update(user=user, network=network, data=form.network_data()),
            success_message=_saved_network, redirect_to=lambda n: n.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("Edit {name}").format(name=network.name), "cancel_url": network.get_absolute_url(),
        "breadcrumbs": network_crumbs(network, _("Edit")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def network_delete_view(request: HttpRequest, pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=network.quartier_id))
    name = network.name
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: network_delete(user=user, network=network),
            success_message=_("The business network “{name}” was deleted.").format(name=name),
            redirect_to=reverse("acquisition:network_list"))
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": network, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the business network “{name}”?").format(name=name),
        "consequences": _("Its memberships and publicity entries are deleted as well."),
        "cancel_url": network.get_absolute_url(), "breadcrumbs": network_crumbs(network, _("Delete")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def network_member_add_view(request: HttpRequest, pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=network.quartier_id))
    form = NetworkMemberForm(request.POST or None, user=user, network=network)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: network_member_add(user=user, network=network, organisation=form.cleaned_data["organisation"],
                                       since=form.cleaned_data.get("since")),
            success_message=lambda m: _("{name} was added to the network.").format(name=m.organisation.name),
            redirect_to=network.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("Add member"), "cancel_url": network.get_absolute_url(),
        "breadcrumbs": network_crumbs(network, _("Add member")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def network_member_remove_view(request: HttpRequest, pk: int, membership_pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=network.quartier_id))
    membership = network_membership_get(user=user, network=network, pk=membership_pk)
    name = membership.organisation.name
    form = MemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = form.cleaned_data.get("until")
        response = run_service(
            request, form, lambda: network_member_remove(user=user, membership=membership, on=until),
            success_message=(_("The membership of {name} ends on {date}.").format(name=name, date=f"{until:%d.%m.%Y}")
                             if until else _("{name} was removed from the network.").format(name=name)),
            redirect_to=network.get_absolute_url())
        if response:
            return response
    title = _("End or remove the membership of {name}").format(name=name)
    return render(request, "acquisition/form.html", {
        "form": form, "title": title, "cancel_url": network.get_absolute_url(),
        "breadcrumbs": network_crumbs(network, _("Remove member")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def publicity_create_view(request: HttpRequest, pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=network.quartier_id))
    form = PublicityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: publicity_add(user=user, network=network, data=form.cleaned_data),
            success_message=_("The publicity entry was saved."), redirect_to=network.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("New publicity entry"), "cancel_url": network.get_absolute_url(),
        "breadcrumbs": network_crumbs(network, _("New publicity entry")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def publicity_delete_view(request: HttpRequest, pk: int, entry_pk: int):
    user = request.user
    network = network_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=network.quartier_id))
    entry = publicity_get(user=user, network=network, pk=entry_pk)
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: publicity_delete(user=user, entry=entry),
            success_message=_("The publicity entry was deleted."), redirect_to=network.get_absolute_url())
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": entry, "error": error, "title": _("Delete publicity entry"),
        "question": _("Do you really want to delete the publicity entry “{text}”?").format(text=entry.text),
        "consequences": "", "cancel_url": network.get_absolute_url(),
        "breadcrumbs": network_crumbs(network, _("Delete publicity entry")),
    })
