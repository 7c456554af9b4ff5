"""Pages of the offers (Angebote): list with search, filters, sorting and export; detail; create, edit, delete;
the locations of an offer. Thin: selectors read (404 outside the scope), services write."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service

from .filtersets import OfferFilterForm
from .forms import OfferForm, OfferLocationForm
from .hours import format_hours
from .selectors import (
    offer_can_edit,
    offer_contact_view,
    offer_get,
    offer_list,
    offer_location_get,
    offer_quartiere_editable,
)
from .services import (
    offer_create,
    offer_delete,
    offer_location_create,
    offer_location_delete,
    offer_location_update,
    offer_update,
)


def deny_aggregates_only(user) -> None:
    """Evaluation users work with the matrix counts; the offers themselves do not exist for them."""
    deny_unless(not get_scope(user).aggregates_only)


def crumbs(offer=None, last=None) -> list[dict]:
    items = [{"label": _("Offers"), "url": reverse("offers:offer_list")}]
    if offer is not None:
        items.append({"label": offer.title, "url": offer.get_absolute_url() if last else None})
    if last:
        items.append({"label": last, "url": None})
    return items


class OfferListView(ScopedListView):
    selector = staticmethod(offer_list)
    filter_form_class = OfferFilterForm
    sort_fields = {
        "title": "title", "provider": "provider__name", "quartier": "quartier__city", "status": "status",
        "valid_until": "valid_until", "capacity": "capacity", "updated": "updated_at",
    }
    default_sort = "title"
    template_name = "offers/offer_list.html"
    partial_template_name = "offers/includes/offer_results.html"
    export_url_name = "offers:offer_export"

    def check_access(self) -> None:
        deny_aggregates_only(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Offers"), can_create=offer_quartiere_editable(user=self.request.user).exists())
        return context


class OfferExportView(ScopedExportView, OfferListView):
    export_basename = "angebote"

    @property
    def export_sheet_title(self):
        return _("Offers")

    def export_headers(self):
        return [_("Title"), _("Neighbourhood"), _("Provider"), _("Partner organisations"), _("Target groups"),
                _("Fields of action"), _("Legal basis"), _("Status"), _("Valid from"), _("Valid until"),
                _("Offered in the neighbourhood"), _("Opening hours"), _("Note on opening hours"), _("Languages"),
                _("Costs"), _("Access route"), _("How to get the offer"), _("Capacity (places)"), _("Addresses"),
                _("Website"), _("E-mail"), _("Phone"), _("Description")]

    def export_rows(self, queryset):
        for o in queryset:
            yield [
                o.title, o.quartier.display_name, o.provider.name, ", ".join(p.name for p in o.partners.all()),
                ", ".join(t.name for t in o.target_groups.all()),
                ", ".join(t.name for t in o.topics.all()), o.get_legal_basis_display() if o.legal_basis else "",
                o.get_status_display(), o.valid_from, o.valid_until, o.in_quartier,
                format_hours(o.opening_hours).replace("\n", "; "), o.opening_hours_note, o.languages, o.costs,
                o.get_access_route_display() if o.access_route else "", o.access_note, o.capacity,
                "; ".join(loc.address for loc in o.locations.all() if loc.address), o.url, o.email, o.phone,
                o.description,
            ]


@login_required
def offer_detail(request: HttpRequest, pk: int):
    user = request.user
    offer = offer_get(user=user, pk=pk)
    return render(request, "offers/offer_detail.html", {
        "title": offer.title, "offer": offer, "can_edit": offer_can_edit(user=user, offer=offer),
        "contact": offer_contact_view(user=user, offer=offer), "hours": format_hours(offer.opening_hours),
        "locations": list(offer.locations.all()), "breadcrumbs": crumbs(offer),
    })


def _saved(offer) -> str:
    return _("The offer “{title}” was saved.").format(title=offer.title)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create_view(request: HttpRequest):
    user = request.user
    deny_unless(offer_quartiere_editable(user=user).exists())
    form = OfferForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: offer_create(user=user, quartier=form.cleaned_data["quartier"], data=form.offer_data()),
            success_message=_saved, redirect_to=lambda o: o.get_absolute_url(),
        )
        if response:
            return response
    title = _("New offer")
    return render(request, "offers/form.html", {
        "form": form, "title": title, "breadcrumbs": crumbs(last=title), "cancel_url": reverse("offers:offer_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def offer_update_view(request: HttpRequest, pk: int):
    user = request.user
    offer = offer_get(user=user, pk=pk)
    deny_unless(offer_can_edit(user=user, offer=offer))
    form = OfferForm(request.POST or None, user=user, instance=offer)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: offer_update(user=user, offer=offer, data=form.offer_data()),
            success_message=_saved, redirect_to=lambda o: o.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "offers/form.html", {
        "form": form, "title": _("Edit {name}").format(name=offer.title), "breadcrumbs": crumbs(offer, _("Edit")),
        "cancel_url": offer.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def offer_delete_view(request: HttpRequest, pk: int):
    user = request.user
    offer = offer_get(user=user, pk=pk)
    deny_unless(offer_can_edit(user=user, offer=offer))
    error = None
    title = offer.title
    if request.method == "POST":
        response, error = run_action(
            request, lambda: offer_delete(user=user, offer=offer),
            success_message=_("The offer “{title}” was deleted.").format(title=title),
            redirect_to=reverse("offers:offer_list"),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": offer, "error": error, "title": _("Delete {name}").format(name=title),
        "question": _("Do you really want to delete the offer “{title}”?").format(title=title),
        "consequences": _("Its locations and duplicate assessments are deleted as well."),
        "cancel_url": offer.get_absolute_url(), "breadcrumbs": crumbs(offer, _("Delete")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def location_create_view(request: HttpRequest, pk: int):
    user = request.user
    offer = offer_get(user=user, pk=pk)
    deny_unless(offer_can_edit(user=user, offer=offer))
    form = OfferLocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: offer_location_create(user=user, offer=offer, data=form.location_data()),
            success_message=_("The location was saved."), redirect_to=offer.get_absolute_url(),
        )
        if response:
            return response
    title = _("New location")
    return render(request, "offers/form.html", {
        "form": form, "title": title, "breadcrumbs": crumbs(offer, title), "cancel_url": offer.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def location_update_view(request: HttpRequest, pk: int):
    user = request.user
    location = offer_location_get(user=user, pk=pk)
    offer = location.offer
    deny_unless(offer_can_edit(user=user, offer=offer))
    form = OfferLocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: offer_location_update(user=user, location=location, data=form.location_data()),
            success_message=_("The location was saved."), redirect_to=offer.get_absolute_url(),
        )
        if response:
            return response
    title = _("Edit location")
    return render(request, "offers/form.html", {
        "form": form, "title": title, "breadcrumbs": crumbs(offer, title), "cancel_url": offer.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def location_delete_view(request: HttpRequest, pk: int):
    user = request.user
    location = offer_location_get(user=user, pk=pk)
    offer = location.offer
    deny_unless(offer_can_edit(user=user, offer=offer))
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: offer_location_delete(user=user, location=location),
            success_message=_("The location was deleted."), redirect_to=offer.get_absolute_url(),
        )
        if response:
            return response
    name = str(location)
    return render(request, "core/confirm_delete.html", {
        "object": location, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the location “{name}”?").format(name=name),
        "cancel_url": offer.get_absolute_url(), "breadcrumbs": crumbs(offer, _("Delete location")),
    })
