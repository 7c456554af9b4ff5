"""Pages for agreements, their commitments (with fulfilment) and actual values."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service
from quartiersnetz.core.selectors import quartier_list_editable

from ..filtersets import AgreementFilterForm
from ..forms import ActualForm, AgreementForm, CommitmentForm
from ..selectors import (
    COMMITMENT_PREFETCH,
    actual_get,
    agreement_get,
    agreement_list,
    agreement_status,
    can_edit_quartier,
    commitment_get,
    commitment_status,
)
from ..services import (
    actual_delete,
    actual_record,
    agreement_create,
    agreement_delete,
    agreement_update,
    commitment_create,
    commitment_delete,
    commitment_update,
)
from .common import agreement_crumbs, deny_aggregates_only


class AgreementListView(ScopedListView):
    selector = staticmethod(agreement_list)
    filter_form_class = AgreementFilterForm
    sort_fields = {"title": "title", "kind": "kind", "quartier": "quartier__city", "signed_on": "signed_on",
                   "commitments": "commitment_count"}
    default_sort = "quartier"
    template_name = "meetings/agreement_list.html"
    partial_template_name = "meetings/includes/agreement_results.html"
    export_url_name = "meetings:agreement_export"

    def check_access(self) -> None:
        deny_aggregates_only(self.request.user)

    def get_queryset(self, filters):
        return super().get_queryset(filters).prefetch_related(COMMITMENT_PREFETCH)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for agreement in context["object_list"]:
            agreement.status = agreement_status(user=user, agreement=agreement)
        context.update(title=_("Agreements"), can_create=quartier_list_editable(user=user).exists())
        return context


class AgreementExportView(ScopedExportView, AgreementListView):
    """One row per commitment (agreements without commitments get one row)."""

    export_basename = "vereinbarungen"

    @property
    def export_sheet_title(self):
        return _("Agreements")

    def export_headers(self):
        return [_("Agreement"), _("Kind"), _("Neighbourhood"), _("Parties"), _("Valid from"), _("Valid until"),
                _("Signed on"), _("Party"), _("Commitment"), _("Indicator"), _("Target value"),
                _("Target value (upper end)"), _("Unit"), _("Period"), _("at least"), _("Latest actual value"),
                _("As of"), _("Fulfilment (%)")]

    def export_rows(self, queryset):
        user = self.request.user
        for agreement in queryset:
            head = [agreement.title, agreement.get_kind_display(), agreement.quartier.display_name,
                    ", ".join(p.name for p in agreement.parties.all()), agreement.starts_on, agreement.ends_on,
                    agreement.signed_on]
            status = agreement_status(user=user, agreement=agreement)
            if not status.rows:
                yield head + [""] * 11
            for row in status.rows:
                c, f = row.commitment, row.fulfilment
                yield head + [c.party_label or (c.party.name if c.party else ""), c.text, c.indicator, c.target_value,
                              c.target_value_max, c.unit, c.get_period_display(), c.at_least, f.latest_value,
                              f.latest_on, f.percent]


@login_required
def agreement_detail(request: HttpRequest, pk: int):
    user = request.user
    agreement = agreement_get(user=user, pk=pk)
    return render(request, "meetings/agreement_detail.html", {
        "title": agreement.title, "agreement": agreement, "status": agreement_status(user=user, agreement=agreement),
        "can_edit": can_edit_quartier(user=user, quartier_id=agreement.quartier_id),
        "breadcrumbs": agreement_crumbs(agreement),
    })


def _saved_agreement(agreement) -> str:
    return _("Agreement “{title}” was saved.").format(title=agreement.title)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    form = AgreementForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: agreement_create(user=user, quartier=form.cleaned_data["quartier"], data=form.agreement_data(),
                                     parties=form.cleaned_data["parties"]),
            success_message=_saved_agreement, redirect_to=lambda a: a.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("New agreement"), "breadcrumbs": agreement_crumbs(last=_("New agreement")),
        "cancel_url": reverse("meetings:agreement_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def agreement_update_view(request: HttpRequest, pk: int):
    user = request.user
    agreement = agreement_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=agreement.quartier_id))
    form = AgreementForm(request.POST or None, user=user, instance=agreement)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: agreement_update(user=user, agreement=agreement, data=form.agreement_data(),
                                     parties=form.cleaned_data["parties"]),
            success_message=_saved_agreement, redirect_to=lambda a: a.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "meetings/form.html", {
        "form": form, "title": _("Edit agreement"), "breadcrumbs": agreement_crumbs(agreement, _("Edit")),
        "cancel_url": agreement.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def agreement_delete_view(request: HttpRequest, pk: int):
    user = request.user
    agreement = agreement_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=agreement.quartier_id))
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: agreement_delete(user=user, agreement=agreement),
            success_message=_("Agreement “{title}” was deleted.").format(title=agreement.title),
            redirect_to=reverse("meetings:agreement_list"),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": agreement, "error": error, "title": _("Delete agreement"),
        "question": _("Do you really want to delete the agreement “{title}”?").format(title=agreement.title),
        "consequences": _("Its commitments and their actual values are deleted as well."),
        "cancel_url": agreement.get_absolute_url(), "breadcrumbs": agreement_crumbs(agreement, _("Delete")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create_view(request: HttpRequest, pk: int):
    user = request.user
    agreement = agreement_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=agreement.quartier_id))
    form = CommitmentForm(request.POST or None, user=user, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: commitment_create(user=user, agreement=agreement, data=form.cleaned_data),
            success_message=_("The commitment was saved."), redirect_to=agreement.get_absolute_url(),
        )
        if response:
            return response
    title = _("New commitment")
    return render(request, "meetings/form.html", {
        "form": form, "title": title, "breadcrumbs": agreement_crumbs(agreement, title),
        "cancel_url": agreement.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def commitment_update_view(request: HttpRequest, pk: int):
    user = request.user
    commitment = commitment_get(user=user, pk=pk)
    agreement = commitment.agreement
    deny_unless(can_edit_quartier(user=user, quartier_id=agreement.quartier_id))
    form = CommitmentForm(request.POST or None, user=user, agreement=agreement, instance=commitment)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: commitment_update(user=user, commitment=commitment, data=form.cleaned_data),
            success_message=_("The commitment was saved."), redirect_to=agreement.get_absolute_url(),
        )
        if response:
            return response
    title = _("Edit commitment")
    return render(request, "meetings/form.html", {
        "form": form, "title": title, "breadcrumbs": agreement_crumbs(agreement, title),
        "cancel_url": agreement.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def commitment_delete_view(request: HttpRequest, pk: int):
    user = request.user
    commitment = commitment_get(user=user, pk=pk)
    agreement = commitment.agreement
    deny_unless(can_edit_quartier(user=user, quartier_id=agreement.quartier_id))
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: commitment_delete(user=user, commitment=commitment),
            success_message=_("The commitment was deleted."), redirect_to=agreement.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": commitment, "error": error, "title": _("Delete commitment"),
        "question": _("Do you really want to delete the commitment “{text}”?").format(text=commitment.text[:120]),
        "consequences": _("Its actual values are deleted as well."), "cancel_url": agreement.get_absolute_url(),
        "breadcrumbs": agreement_crumbs(agreement, _("Delete commitment")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def actual_create_view(request: HttpRequest, pk: int):
    """The actual values of one commitment, with a form to record a new one."""
    user = request.user
    commitment = commitment_get(user=user, pk=pk)
    agreement = commitment.agreement
    can_edit = can_edit_quartier(user=user, quartier_id=agreement.quartier_id)
    form = ActualForm(request.POST or None)
    if request.method == "POST":
        deny_unless(can_edit)
        if form.is_valid():
            response = run_service(
                request, form, lambda: actual_record(user=user, commitment=commitment, data=form.cleaned_data),
                success_message=_("The actual value was saved."),
                redirect_to=reverse("meetings:actual_create", kwargs={"pk": commitment.pk}),
            )
            if response:
                return response
    title = _("Actual values")
    return render(request, "meetings/commitment_actuals.html", {
        "title": title, "commitment": commitment, "agreement": agreement, "form": form, "can_edit": can_edit,
        "actuals": list(commitment.actuals.order_by("on")), "fulfilment": commitment_status(commitment),
        "breadcrumbs": agreement_crumbs(agreement, title),
    })


@login_required
@require_http_methods(["GET", "POST"])
def actual_delete_view(request: HttpRequest, pk: int):
    user = request.user
    actual = actual_get(user=user, pk=pk)
    commitment = actual.commitment
    deny_unless(can_edit_quartier(user=user, quartier_id=commitment.agreement.quartier_id))
    back = reverse("meetings:actual_create", kwargs={"pk": commitment.pk})
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: actual_delete(user=user, actual=actual),
            success_message=_("The actual value was deleted."), redirect_to=back,
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": actual, "error": error, "title": _("Delete actual value"),
        "question": _("Do you really want to delete the actual value of {date}?").format(
            date=f"{actual.on:%d.%m.%Y}"),
        "cancel_url": back, "breadcrumbs": agreement_crumbs(commitment.agreement, _("Delete actual value")),
    })
