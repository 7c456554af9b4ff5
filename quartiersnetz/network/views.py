"""Pages of the network analysis: the graph of a Quartier with its metrics and a table view, its exports, the
change between two periods or two survey waves, the half-year time series, and the stored ties (list, create,
edit, delete).

Views are thin: the Quartier comes from `network_quartier_get` (404 outside the scope), the numbers from
`network_analysis` and friends, writes from the services.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service

from .choices import Centrality, Source
from .exports import EXPORT_FORMATS, export_file, graph_payload
from .filtersets import ManualTieFilterForm
from .forms import CompareForm, ManualTieForm, NetworkFilterForm, WaveCompareForm
from .selectors import (
    manual_tie_can_edit,
    manual_tie_get,
    manual_tie_list,
    network_analysis,
    network_can_edit,
    network_compare,
    network_compare_waves,
    network_quartier_get,
    network_quartier_list,
    network_quartier_list_editable,
    network_series_end,
    network_time_series,
    network_wave_list,
)
from .services import manual_tie_create, manual_tie_delete, manual_tie_update


def _crumbs(quartier=None, last=None) -> list[dict]:
    crumbs = [{"label": _("Network analysis"), "url": reverse("network:index")}]
    if quartier is not None:
        crumbs.append({"label": quartier.display_name,
                       "url": reverse("network:quartier_graph", kwargs={"slug": quartier.slug}) if last else None})
    if last:
        crumbs.append({"label": last, "url": None})
    return crumbs


def _filter_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@login_required
def index(request: HttpRequest):
    user = request.user
    quartiere = list(network_quartier_list(user=user))
    return render(request, "network/index.html", {
        "title": _("Network analysis"), "quartiere": quartiere, "breadcrumbs": _crumbs(),
        "can_edit_ids": set(network_quartier_list_editable(user=user).values_list("pk", flat=True)),
    })


@login_required
def quartier_graph(request: HttpRequest, slug: str):
    user = request.user
    quartier = network_quartier_get(user=user, slug=slug)
    form = NetworkFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    result = network_analysis(user=user, quartier_id=quartier.pk, **form.params())
    payload = graph_payload(result)
    names = {n["id"]: n["name"] for n in payload["nodes"]}
    ties = [dict(t, source_name=names[t["source"]], target_name=names[t["target"]],
                 source_list=[(dict(Source.choices)[s], v) for s, v in t["sources"].items()])
            for t in payload["ties"]]
    ties.sort(key=lambda t: (-t["strength"], t["source_name"], t["target_name"]))
    nodes = sorted(payload["nodes"], key=lambda n: n["name"])
    jc = payload["jobcenter"]
    return render(request, "network/quartier_graph.html", {
        "title": _("Network of {name}").format(name=quartier.display_name),
        "quartier": quartier, "form": form, "payload": payload, "metrics": payload["metrics"],
        "nodes": nodes, "ties": ties, "names": names,
        "core_names": sorted(names[i] for i in payload["metrics"]["stable_core"]),
        "broker_names": sorted(names[i] for i in payload["metrics"]["brokers"]),
        "jobcenter": jc, "jobcenter_names": [names[i] for i in jc["nodes"]],
        "jobcenter_best": names.get(jc["best_betweenness_node"]),
        "fragility": [dict(f, density_change=-f["density_drop"]) for f in payload["fragility"]],
        "jobcenter_pct1": _pct(jc["share_within_1"]), "jobcenter_pct2": _pct(jc["share_within_2"]),
        "size_by": form.chosen_size(),
        "centralities": Centrality.choices, "filter_query": _filter_query(request),
        "can_edit": network_can_edit(user=user, quartier_id=quartier.pk),
        "legend": _legend(payload["nodes"]), "breadcrumbs": _crumbs(quartier),
    })


def _pct(share: float | None) -> str:
    if share is None:
        return "–"
    return number_format(round(share * 100, 1), decimal_pos=1) + "\u00a0%"


def _legend(nodes: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for n in nodes:
        t = n["actor_type"]
        entry = seen.setdefault(t["group"], {"name": t["group_name"], "colour": t["colour"], "count": 0})
        entry["count"] += 1
    return sorted(seen.values(), key=lambda e: e["name"])


@login_required
def quartier_export(request: HttpRequest, slug: str):
    user = request.user
    quartier = network_quartier_get(user=user, slug=slug)
    fmt = request.GET.get("format", "graphml")
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Unknown export format."))
    form = NetworkFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    result = network_analysis(user=user, quartier_id=quartier.pk, **form.params())
    content, content_type, filename = export_file(result, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _comparison_rows(change) -> list[dict]:
    labels = [
        ("nodes", _("Organisations with ties")), ("ties", _("Ties")), ("density", _("Density")),
        ("components", _("Components")), ("main_component_size", _("Size of the main component")),
        ("degree_centralization", _("Degree centralisation")), ("transitivity", _("Transitivity")),
        ("average_path_length", _("Average path length")), ("max_core", _("Highest core number")),
    ]
    rows = []
    for name, label in labels:
        rows.append({"label": label, "before": getattr(change.before.analysis.network, name),
                     "after": getattr(change.after.analysis.network, name),
                     "delta": change.comparison.network_deltas.get(name)})
    return rows


COMPARE_MODES = ("periods", "waves")


@login_required
def quartier_compare(request: HttpRequest, slug: str):
    """Two periods (before_start … after_end) or two survey waves (wave_a, wave_b) of a Quartier. The kind of
    comparison comes from `mode`, else from the parameters given; periods by default."""
    user = request.user
    quartier = network_quartier_get(user=user, slug=slug)
    wave_bound = any(k in request.GET for k in WaveCompareForm.base_fields)
    mode = request.GET.get("mode")
    if mode not in COMPARE_MODES:
        mode = "waves" if wave_bound else "periods"
    filters = NetworkFilterForm(request.GET or None)
    if filters.is_bound:
        filters.is_valid()
    params = filters.params()
    params.pop("start"), params.pop("end")
    context = {
        "title": _("Change over time: {name}").format(name=quartier.display_name), "quartier": quartier,
        "mode": mode, "breadcrumbs": _crumbs(quartier, _("Change over time")),
    }
    change = None
    if mode == "waves":
        waves = network_wave_list(user=user, quartier_id=quartier.pk)
        form = WaveCompareForm(request.GET if wave_bound else None, waves=waves) if len(waves) >= 2 else None
        context.update(wave_form=form, waves=waves)
        if form is not None and form.is_bound and form.is_valid():
            d = form.cleaned_data
            change = network_compare_waves(user=user, quartier_id=quartier.pk, wave_a=d["wave_a"],
                                           wave_b=d["wave_b"], waves=waves, **params)
            context.update(before_label=change.waves[0].label, after_label=change.waves[1].label)
    else:
        bound = any(k in request.GET for k in CompareForm.base_fields)
        form = CompareForm(request.GET if bound else None, initial={
            "before_start": "2013-01-01", "before_end": "2013-12-31", "after_start": "2014-01-01",
            "after_end": "2014-12-31",
        })
        context["form"] = form
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            change = network_compare(user=user, quartier_id=quartier.pk, before=(d["before_start"], d["before_end"]),
                                     after=(d["after_start"], d["after_end"]), **params)
            context.update(before_label=_("Period 1"), after_label=_("Period 2"))
    context["change"] = change
    if change is not None:
        name = change.name
        context.update(
            rows=_comparison_rows(change),
            nodes_new=sorted(name(i) for i in change.comparison.nodes_new),
            nodes_left=sorted(name(i) for i in change.comparison.nodes_left),
            ties_gained=sorted(tuple(sorted((name(a), name(b)))) for a, b in change.comparison.ties_gained),
            ties_lost=sorted(tuple(sorted((name(a), name(b)))) for a, b in change.comparison.ties_lost),
        )
    return render(request, "network/quartier_compare.html", context)


@login_required
def quartier_timeline(request: HttpRequest, slug: str):
    user = request.user
    quartier = network_quartier_get(user=user, slug=slug)
    filters = NetworkFilterForm(request.GET or None)
    if filters.is_bound:
        filters.is_valid()
    params = filters.params()
    params.pop("start"), params.pop("end")
    until = network_series_end(user=user, quartier=quartier)
    points = network_time_series(user=user, quartier_id=quartier.pk, until=until, **params)
    series = []
    metric_labels = {
        "density": _("Density"), "degree_centralization": _("Degree centralisation"),
        "transitivity": _("Transitivity"), "nodes": _("Organisations with ties"), "ties": _("Ties"),
    }
    for p in points:
        for key, label in metric_labels.items():
            series.append({"period": p.period.label, "start": p.period.start.isoformat(), "metric": str(label),
                           "key": key, "value": getattr(p.network, key)})
    return render(request, "network/quartier_timeline.html", {
        "title": _("Network metrics by half-year: {name}").format(name=quartier.display_name),
        "quartier": quartier, "points": points, "series": series,
        "breadcrumbs": _crumbs(quartier, _("Time series")),
    })


# --- stored ties --------------------------------------------------------------------------------------------------


class ManualTieListView(ScopedListView):
    selector = staticmethod(manual_tie_list)
    filter_form_class = ManualTieFilterForm
    sort_fields = {
        "quartier": "quartier__city", "organisation_a": "organisation_a__name",
        "organisation_b": "organisation_b__name", "tie_type": "tie_type", "valid_from": "valid_from",
        "source": "source",
    }
    default_sort = "organisation_a"
    template_name = "network/tie_list.html"
    partial_template_name = "network/includes/tie_results.html"
    export_url_name = "network:tie_export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        editable = set(network_quartier_list_editable(user=user).values_list("pk", flat=True))
        for tie in context["object_list"]:
            tie.can_edit = tie.quartier_id in editable
        context.update(title=_("Ties"), editable_quartiere=network_quartier_list_editable(user=user),
                       breadcrumbs=_crumbs(None, _("Ties")))
        return context


class ManualTieExportView(ScopedExportView, ManualTieListView):
    export_basename = "beziehungen"

    @property
    def export_sheet_title(self):
        return _("Ties")

    def export_headers(self):
        return [_("Neighbourhood"), _("Organisation"), _("Partner organisation"), _("Level of cooperation"),
                _("Frequency of contact"), _("Reliability"), _("Openness"), _("Shared mission"), _("Influence"),
                _("Resources"), _("Involvement"), _("Valid from"), _("Valid until"), _("Source"), _("Survey wave"),
                _("Note")]

    def export_rows(self, queryset):
        for t in queryset:
            yield [t.quartier.display_name, t.organisation_a.name, t.organisation_b.name, t.get_tie_type_display(),
                   t.get_frequency_display() if t.frequency else "", t.reliability, t.openness, t.shared_mission,
                   t.influence, t.resources, t.involvement, t.valid_from, t.valid_until, t.get_source_display(),
                   t.wave, t.note]


def _saved(tie) -> str:
    return _("The tie “{name}” was saved.").format(name=f"{tie.organisation_a.name} – {tie.organisation_b.name}")


def _tie_list_url(quartier) -> str:
    return reverse("network:tie_list") + f"?quartier={quartier.slug}"


@login_required
@require_http_methods(["GET", "POST"])
def quartier_tie_create(request: HttpRequest, slug: str):
    user = request.user
    quartier = network_quartier_get(user=user, slug=slug)
    deny_unless(network_can_edit(user=user, quartier_id=quartier.pk))
    form = ManualTieForm(request.POST or None, user=user, quartier=quartier)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: manual_tie_create(user=user, quartier=quartier, data=form.tie_data()),
            success_message=_saved, redirect_to=_tie_list_url(quartier),
        )
        if response:
            return response
    title = _("New tie")
    return render(request, "network/tie_form.html", {
        "form": form, "title": title, "quartier": quartier, "cancel_url": _tie_list_url(quartier),
        "breadcrumbs": _crumbs(quartier, title),
    })


@login_required
@require_http_methods(["GET", "POST"])
def tie_update(request: HttpRequest, pk: int):
    user = request.user
    tie = manual_tie_get(user=user, pk=pk)
    deny_unless(manual_tie_can_edit(user=user, tie=tie))
    form = ManualTieForm(request.POST or None, user=user, quartier=tie.quartier, instance=tie)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: manual_tie_update(user=user, tie=tie, data=form.tie_data()),
            success_message=_saved, redirect_to=_tie_list_url(tie.quartier),
        )
        if response:
            return response
    title = _("Edit tie")
    return render(request, "network/tie_form.html", {
        "form": form, "title": title, "quartier": tie.quartier, "object": tie,
        "cancel_url": _tie_list_url(tie.quartier), "breadcrumbs": _crumbs(tie.quartier, title),
    })


@login_required
@require_http_methods(["GET", "POST"])
def tie_delete(request: HttpRequest, pk: int):
    user = request.user
    tie = manual_tie_get(user=user, pk=pk)
    deny_unless(manual_tie_can_edit(user=user, tie=tie))
    name = f"{tie.organisation_a.name} – {tie.organisation_b.name}"
    quartier = tie.quartier
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: manual_tie_delete(user=user, tie=tie),
            success_message=_("The tie “{name}” was deleted.").format(name=name),
            redirect_to=_tie_list_url(quartier),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": tie, "error": error, "title": _("Delete tie"),
        "question": _("Do you really want to delete the tie “{name}”?").format(name=name),
        "consequences": None, "cancel_url": _tie_list_url(quartier),
        "breadcrumbs": _crumbs(quartier, _("Delete tie")),
    })


