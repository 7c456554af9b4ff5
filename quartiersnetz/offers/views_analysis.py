"""Pages of the duplicate-structure and gap analysis (matrix, comparison, exports, assessments) and the map.

Evaluation users see the counts of the matrix and the comparison; the offers in the cells, the duplicate pairs
and the map need a role in the Quartier (coach, contact point, partner, coordination)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.generic import EXPORT_FORMATS, deny_unless, export_response, run_service

from .filtersets import MapFilterForm
from .forms import DuplicateAssessForm, ThresholdForm
from .selectors import (
    analysis_quartier_get,
    analysis_quartier_list,
    duplicate_assessment_get,
    duplicate_pair_get,
    offer_comparison,
    offer_map_payload,
    offer_matrix,
    offer_matrix_summaries,
    shows_offer_details,
)
from .services import duplicate_assess, duplicate_reopen
from .views import deny_aggregates_only


def _crumbs(quartier=None, last=None) -> list[dict]:
    items = [{"label": _("Offer analysis"), "url": reverse("offers:analysis_index")}]
    if quartier is not None:
        items.append({"label": quartier.display_name,
                      "url": reverse("offers:quartier_matrix", kwargs={"slug": quartier.slug}) if last else None})
    if last:
        items.append({"label": last, "url": None})
    return items


@login_required
def analysis_index(request: HttpRequest):
    user = request.user
    rows = [{"quartier": s.quartier, "offers": s.offers, "gaps": s.gaps, "duplicates": s.open_duplicates,
             "cells": s.cells} for s in offer_matrix_summaries(user=user)]
    return render(request, "offers/analysis_index.html", {
        "title": _("Offer analysis"), "rows": rows, "details": shows_offer_details(user=user),
        "breadcrumbs": _crumbs(),
    })


def _threshold(request) -> ThresholdForm:
    return ThresholdForm(request.GET if "threshold" in request.GET else None)


@login_required
def quartier_matrix(request: HttpRequest, slug: str):
    user = request.user
    quartier = analysis_quartier_get(user=user, slug=slug)
    form = _threshold(request)
    view = offer_matrix(user=user, quartier=quartier, threshold=form.value())
    return render(request, "offers/matrix.html", {
        "title": _("Offers, gaps and duplicate structures: {name}").format(name=quartier.display_name),
        "quartier": quartier, "view": view, "table": view.table(), "form": form,
        "can_assess": get_scope(user).can_edit_quartier(quartier.pk) and view.details,
        "open_duplicates": [d for d in view.duplicates if d.open],
        "assessed_duplicates": [d for d in view.duplicates if not d.open],
        "threshold_query": request.GET.urlencode(), "breadcrumbs": _crumbs(quartier),
    })


@login_required
def matrix_export(request: HttpRequest, slug: str):
    user = request.user
    quartier = analysis_quartier_get(user=user, slug=slug)
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Unknown export format."))
    view = offer_matrix(user=user, quartier=quartier, threshold=_threshold(request).value())
    if request.GET.get("layout") == "list":
        deny_unless(view.details)
        headers = [_("Target group"), _("Field of action"), _("Offer"), _("Provider"),
                   _("Possible duplicate structure")]
        rows = []
        for row in view.table():
            for cell in row["cells"]:
                if not cell["offers"]:
                    rows.append([row["target_group"].name, cell["topic"].name, _("Gap: no offer"), "", ""])
                for offer in cell["offers"]:
                    rows.append([row["target_group"].name, cell["topic"].name, offer.title, offer.provider.name,
                                 cell["duplicate"]])
        return export_response(rows, headers, basename=f"angebote-{quartier.slug}-liste", fmt=fmt,
                               sheet_title=str(_("Offers per cell")))
    headers = [_("Target group"), *[t.name for t in view.columns], _("Offers in total")]
    rows = [[row["target_group"].name, *[c["count"] for c in row["cells"]], row["total"]] for row in view.table()]
    totals = view.matrix.column_totals
    rows.append([_("Offers in total"), *[totals[t.pk] for t in view.columns], view.offer_count])
    return export_response(rows, headers, basename=f"angebotsmatrix-{quartier.slug}", fmt=fmt,
                           sheet_title=str(_("Offer matrix")))


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_assess_view(request: HttpRequest, slug: str, pk: int, other: int):
    user = request.user
    quartier = analysis_quartier_get(user=user, slug=slug)
    threshold = _threshold(request).value()
    pair = duplicate_pair_get(user=user, quartier=quartier, a=pk, b=other, threshold=threshold)
    deny_unless(get_scope(user).can_edit_quartier(quartier.pk))
    initial = {"verdict": pair.assessment.verdict, "note": pair.assessment.note} if pair.assessment else None
    form = DuplicateAssessForm(request.POST or None, initial=initial)
    back = reverse("offers:quartier_matrix", kwargs={"slug": quartier.slug}) + "#doppelstrukturen"
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: duplicate_assess(user=user, quartier=quartier, a=pair.a, b=pair.b, score=pair.score,
                                     verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"]),
            success_message=_("The assessment was saved."), redirect_to=back,
        )
        if response:
            return response
    title = _("Assess possible duplicate structure")
    return render(request, "offers/duplicate_assess.html", {
        "title": title, "quartier": quartier, "pair": pair, "form": form, "cancel_url": back,
        "breadcrumbs": _crumbs(quartier, title),
    })


@login_required
def duplicate_reopen_view(request: HttpRequest, slug: str, pk: int):
    user = request.user
    quartier = analysis_quartier_get(user=user, slug=slug)
    assessment = duplicate_assessment_get(user=user, quartier=quartier, pk=pk)  # 404 first, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    duplicate_reopen(user=user, assessment=assessment)
    messages.success(request, _("The assessment was withdrawn; the pair is open again."))
    return redirect(reverse("offers:quartier_matrix", kwargs={"slug": quartier.slug}) + "#doppelstrukturen")


def _compare_slugs(request) -> list[str]:
    return [s for s in request.GET.getlist("quartier") if s]


@login_required
def offer_compare(request: HttpRequest):
    user = request.user
    comparison = offer_comparison(user=user, quartier_slugs=_compare_slugs(request))
    only_gaps = request.GET.get("nur") == "luecken"
    table = comparison.table()
    if only_gaps:
        table = [row for row in table if row["gaps"]]
    return render(request, "offers/compare.html", {
        "title": _("Comparison across neighbourhoods"), "comparison": comparison, "table": table,
        "all_quartiere": list(analysis_quartier_list(user=user)), "selected": set(_compare_slugs(request)),
        "only_gaps": only_gaps, "export_query": request.GET.urlencode(),
        "breadcrumbs": _crumbs(None, _("Comparison across neighbourhoods")),
    })


@login_required
def compare_export(request: HttpRequest):
    user = request.user
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Unknown export format."))
    comparison = offer_comparison(user=user, quartier_slugs=_compare_slugs(request))
    headers = [_("Target group"), _("Field of action"), *[q.display_name for q in comparison.quartiere],
               _("Neighbourhoods without offer")]
    rows = [[r["target_group"].name, r["topic"].name, *r["values"], r["gaps"]] for r in comparison.table()]
    return export_response(rows, headers, basename="angebote-vergleich", fmt=fmt,
                           sheet_title=str(_("Comparison")))


@login_required
def offer_map(request: HttpRequest, slug: str):
    user = request.user
    deny_aggregates_only(user)
    quartier = analysis_quartier_get(user=user, slug=slug)
    form = MapFilterForm(request.GET or None, user=user)
    filters = {k: v for k, v in (form.cleaned_data if form.is_bound and form.is_valid() else {}).items() if v}
    payload = offer_map_payload(user=user, quartier=quartier, filters=filters)
    offers = payload.pop("offer_list")
    return render(request, "offers/map.html", {
        "title": _("Map of the offers: {name}").format(name=quartier.display_name), "quartier": quartier,
        "form": form, "payload": payload, "offers": offers, "filter_form_id": "qn-map-filter",
        "tiles_url": getattr(settings, "QN_MAP_TILES_URL", ""),
        "breadcrumbs": _crumbs(quartier, _("Map")),
    })
