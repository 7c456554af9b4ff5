"""Pages of the steering app. Thin: a selector reads (scoped), a form validates, a service writes.

Most objects share the generic list/export/create/update/delete views configured by a `Spec`; the pages with their
own figures (pyramid, goal, indicator, measure, fund, monitoring, calculator, planning) follow below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quartiersnetz.analytics import monitoring as index
from quartiersnetz.analytics import prevention, seed004
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.filtersets import FilterForm
from quartiersnetz.core.generic import (
    ScopedExportView,
    ScopedListView,
    deny_unless,
    export_response,
    import_status_response,
    run_action,
    run_service,
)
from quartiersnetz.core.imports import import_status_context
from quartiersnetz.core.models import ImportBatch

from . import imports, selectors, services
from . import monitoring as mon
from .choices import SMART_LABELS, SMART_SHORT, TRAFFIC_LABELS, GoalStatus, IndicatorType, MilestoneKind, RbaQuestion
from .figures import fund_figures, goal_smart, indicator_status, measure_controlling
from .forms import AreaImportForm, CalculatorForm, GoalStatusForm, MonitoringForm, SteeringForm, TemplateForm
from .models import (
    CasePeriodCost,
    FundProject,
    Goal,
    ImpactStep,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PlanningMilestone,
    PreventionCase,
    PreventionFund,
    SocialArea,
)

# --- filter forms -------------------------------------------------------------------------------------------------


def _blank(label):
    return [("", label)]


class ScopeFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=gettext_lazy("Neighbourhood"), required=False)

    def setup_choices(self):
        from quartiersnetz.core.selectors import quartier_list

        self.fields["quartier"].choices = _blank(_("All")) + [("-", _("Programme level only"))] + [
            (q.slug, q.display_name) for q in quartier_list(user=self.user)
        ]


class GoalFilterForm(ScopeFilterForm):
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def setup_choices(self):
        super().setup_choices()
        self.fields["level"].choices = _blank(_("All levels")) + [(str(lv.pk), lv.name)
                                                                   for lv in selectors.goal_level_list()]
        self.fields["status"].choices = _blank(_("All")) + list(GoalStatus.choices)


class IndicatorFilterForm(ScopeFilterForm):
    type = forms.ChoiceField(label=gettext_lazy("Type"), required=False)

    def setup_choices(self):
        super().setup_choices()
        self.fields["type"].choices = _blank(_("All types")) + list(IndicatorType.choices)


class MilestoneFilterForm(FilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def setup_choices(self):
        self.fields["kind"].choices = _blank(_("All")) + list(MilestoneKind.choices)


# --- generic object pages -----------------------------------------------------------------------------------------


@dataclass
class Spec:
    key: str  # URL name prefix = lower-case model name
    model: type
    fields: tuple[str, ...]
    list_selector: object
    getter: object
    columns: list  # (label, function(obj) -> value, sort key or None)
    sort_fields: dict = field(default_factory=dict)
    default_sort: str = ""
    filter_form: type = FilterForm
    m2m: tuple[str, ...] = ()
    export_basename: str = ""
    # For children: the parent's getter and the field that points to it (create URL carries the parent's pk).
    parent_getter: object = None
    parent_field: str = ""

    @property
    def title(self):
        return self.model._meta.verbose_name_plural

    @property
    def singular(self):
        return self.model._meta.verbose_name

    def detail_url(self, obj):
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse(f"steering:{self.key}_list")


def _money(value):
    return None if value is None else prevention.quantize(Decimal(value), 2)


SPECS: dict[str, Spec] = {
    "goal": Spec(
        "goal", Goal,
        ("programme", "quartier", "level", "parent", "number", "title", "description", "owner_organisation",
         "owner_text", "period_start", "period_end", "nkf_product"),
        selectors.goal_list, selectors.goal_get,
        [(gettext_lazy("Level"), lambda o: o.level.name, "level"),
         (gettext_lazy("Goal"), lambda o: str(o), "title"),
         (gettext_lazy("Scope"), lambda o: o.scope_label, None),
         (gettext_lazy("Status"), lambda o: o.get_status_display(), "status"),
         (gettext_lazy("SMART"), lambda o: _smart_text(o), None),
         (gettext_lazy("Deadline"), lambda o: o.period_end, "period_end")],
        {"level": "level__order", "title": "title", "status": "status", "period_end": "period_end"}, "level",
        GoalFilterForm, export_basename="ziele",
    ),
    "indicator": Spec(
        "indicator", Indicator,
        ("programme", "quartier", "goal", "name", "type", "rba_question", "unit", "direction", "tolerance_percent",
         "source", "baseline_value", "baseline_date", "notes"),
        selectors.indicator_list, selectors.indicator_get,
        [(gettext_lazy("Indicator"), lambda o: o.name, "name"),
         (gettext_lazy("Type"), lambda o: o.get_type_display(), "type"),
         (gettext_lazy("Unit"), lambda o: o.unit, None),
         (gettext_lazy("Scope"), lambda o: o.scope_label, None),
         (gettext_lazy("Traffic light"), lambda o: _light_text(o), None)],
        {"name": "name", "type": "type"}, "name", IndicatorFilterForm, export_basename="kennzahlen",
    ),
    "measure": Spec(
        "measure", Measure,
        ("programme", "quartier", "title", "description", "start", "end", "personnel_costs_per_period"),
        selectors.measure_list, selectors.measure_get,
        [(gettext_lazy("Measure"), lambda o: o.title, "title"),
         (gettext_lazy("Scope"), lambda o: o.scope_label, None),
         (gettext_lazy("Start"), lambda o: o.start, "start"),
         (gettext_lazy("Cases"), lambda o: o.case_count, "cases")],
        {"title": "title", "start": "start", "cases": "case_count"}, "title", ScopeFilterForm, m2m=("goals",),
        export_basename="massnahmen",
    ),
    "socialarea": Spec(
        "socialarea", SocialArea, ("programme", "city", "code", "name", "population", "boundary"),
        selectors.social_area_list, selectors.social_area_get,
        [(gettext_lazy("Code"), lambda o: o.code, "code"),
         (gettext_lazy("Name"), lambda o: o.name, "name"),
         (gettext_lazy("City / municipality"), lambda o: o.city, "city"),
         (gettext_lazy("Population"), lambda o: o.population, "population"),
         (gettext_lazy("Values"), lambda o: o.value_count, None)],
        {"code": "code", "name": "name", "city": "city", "population": "population"}, "code",
        export_basename="sozialraeume",
    ),
    "milestone": Spec(
        "milestone", PlanningMilestone, ("programme", "month", "title", "kind", "responsible", "is_report"),
        selectors.milestone_list, selectors.milestone_get,
        [(gettext_lazy("Month"), lambda o: _month_name(o.month), "month"),
         (gettext_lazy("Milestone"), lambda o: o.title, "title"),
         (gettext_lazy("Kind"), lambda o: o.get_kind_display(), "kind"),
         (gettext_lazy("Responsible"), lambda o: o.responsible, None),
         (gettext_lazy("Programme"), lambda o: o.programme.name, None)],
        {"month": "month", "title": "title", "kind": "kind"}, "month", MilestoneFilterForm,
        export_basename="planungszyklus",
    ),
    "fund": Spec(
        "fund", PreventionFund, ("programme", "name", "municipality", "cap_per_year", "description"),
        selectors.fund_list, selectors.fund_get,
        [(gettext_lazy("Fund"), lambda o: o.name, "name"),
         (gettext_lazy("Municipality"), lambda o: o.municipality, "municipality"),
         (gettext_lazy("Cap per year (€)"), lambda o: _money(o.cap_per_year), None),
         (gettext_lazy("Projects"), lambda o: o.project_count, None)],
        {"name": "name", "municipality": "municipality"}, "name", export_basename="praeventionsfonds",
    ),
    "case": Spec(
        "case", PreventionCase, ("code", "avoided_alternative", "monthly_rate", "goal_reached"),
        selectors.case_list, selectors.case_get,
        [(gettext_lazy("Case code"), lambda o: o.code, "code"),
         (gettext_lazy("Measure"), lambda o: o.measure.title, None),
         (gettext_lazy("Avoided alternative"), lambda o: o.avoided_alternative, None),
         (gettext_lazy("Cost per month (€)"), lambda o: _money(o.monthly_rate), None)],
        {"code": "code"}, "code", export_basename="faelle",
        parent_getter=selectors.measure_get, parent_field="measure",
    ),
    "fundproject": Spec(
        "fundproject", FundProject, ("name", "year", "costs", "savings", "method"),
        selectors.fund_project_list, selectors.fund_project_get, [], parent_getter=selectors.fund_get,
        parent_field="fund",
    ),
    "indicatortarget": Spec(
        "indicatortarget", IndicatorTarget, ("period", "start", "end", "value"), None,
        selectors.indicator_target_get, [], parent_getter=selectors.indicator_get, parent_field="indicator",
    ),
    "indicatorvalue": Spec(
        "indicatorvalue", IndicatorValue, ("period", "area", "value"), None,
        selectors.indicator_value_get, [], parent_getter=selectors.indicator_get, parent_field="indicator",
    ),
    "impactstep": Spec(
        "impactstep", ImpactStep, ("stage", "order", "text"), None, selectors.impact_step_get, [],
        m2m=("indicators",), parent_getter=selectors.measure_get, parent_field="measure",
    ),
    "caseperiod": Spec(
        "caseperiod", CasePeriodCost, ("period", "start", "planned_savings", "months_avoided", "actual_costs"), None,
        selectors.case_period_get, [], parent_getter=selectors.case_get, parent_field="case",
    ),
}


def _month_name(month: int) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[month])


def _smart_text(goal) -> str:
    result = goal_smart(goal)
    if result.passed:
        return _("complete")
    return _("missing: {missing}").format(missing=", ".join(str(SMART_SHORT[m]) for m in result.missing))


def _light_text(indicator) -> str:
    status = indicator_status(indicator)
    return str(TRAFFIC_LABELS[status.light]) if status.light else "–"


def _cell(value):
    from django.utils.formats import number_format

    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return value


class SpecListView(ScopedListView):
    spec: Spec
    template_name = "steering/object_list.html"
    partial_template_name = "steering/includes/object_results.html"

    def get_filter_form(self):
        return self.spec.filter_form(self.request.GET or None, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sorting = context["sorting"]
        context.update(
            title=self.spec.title,
            columns=[{"label": label, "sort": sorting.get(key) if key else None}
                     for label, _f, key in self.spec.columns],
            rows=[{"url": self.spec.detail_url(o), "cells": [_cell(f(o)) for _l, f, _k in self.spec.columns]}
                  for o in context["object_list"]],
            create_url=reverse(f"steering:{self.spec.key}_create") if self.spec.parent_getter is None
            and selectors.can_create_anything(self.request.user) else None,
            export_url=reverse(f"steering:{self.spec.key}_export"),
            breadcrumbs=_crumbs(),
        )
        return context


class SpecExportView(ScopedExportView, SpecListView):
    def export_headers(self):
        return [str(label) for label, _f, _k in self.spec.columns]

    def export_rows(self, queryset):
        for obj in queryset:
            yield [f(obj) for _l, f, _k in self.spec.columns]

    @property
    def export_basename(self):
        return self.spec.export_basename

    @property
    def export_sheet_title(self):
        return str(self.spec.title)


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Steering"), "url": reverse("steering:overview")}, *items]


def _form_page(request, form, title, cancel_url, **extra):
    return render(request, "steering/form.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "breadcrumbs": _crumbs({"label": title, "url": None}),
        **extra,
    })


def make_create_view(spec: Spec):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk=None):
        user = request.user
        parent = None
        if spec.parent_getter is not None:
            parent = spec.parent_getter(user=user, pk=pk)
            deny_unless(selectors.can_edit(user, parent))
        else:
            deny_unless(selectors.can_create_anything(user))
        initial = {k: v for k, v in request.GET.items() if k in spec.fields}
        form = SteeringForm(request.POST or None, model=spec.model, fields=spec.fields, user=user,
                            m2m_fields=spec.m2m, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.data_for_service()
            if parent is not None:
                data[spec.parent_field] = parent
            response = run_service(
                request, form,
                lambda: services.object_create(user=user, model=spec.model, data=data, m2m=form.m2m()),
                success_message=_("“{name}” was saved.").format(name=data.get("title") or data.get("name")
                                                              or data.get("code") or data.get("period")
                                                              or spec.singular),
                redirect_to=lambda obj: parent.get_absolute_url() if parent is not None else spec.detail_url(obj),
            )
            if response:
                return response
        cancel = parent.get_absolute_url() if parent is not None else reverse(f"steering:{spec.key}_list")
        return _form_page(request, form, _("New: {what}").format(what=spec.singular), cancel)

    return view


def make_update_view(spec: Spec):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        user = request.user
        obj = spec.getter(user=user, pk=pk)
        deny_unless(selectors.can_edit(user, obj))
        form = SteeringForm(request.POST or None, model=spec.model, fields=spec.fields, user=user, instance=obj,
                            m2m_fields=spec.m2m)
        parent = getattr(obj, spec.parent_field) if spec.parent_field else None
        target = parent.get_absolute_url() if parent is not None else spec.detail_url(obj)
        if request.method == "POST" and form.is_valid():
            response = run_service(
                request, form,
                lambda: services.object_update(user=user, instance=obj, data=form.data_for_service(), m2m=form.m2m()),
                success_message=_("“{name}” was saved.").format(name=obj), redirect_to=target,
            )
            if response:
                return response
        return _form_page(request, form, _("Edit: {name}").format(name=obj), target)

    return view


def make_delete_view(spec: Spec):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        user = request.user
        obj = spec.getter(user=user, pk=pk)
        deny_unless(selectors.can_edit(user, obj))
        parent = getattr(obj, spec.parent_field) if spec.parent_field else None
        back = parent.get_absolute_url() if parent is not None else reverse(f"steering:{spec.key}_list")
        error = None
        if request.method == "POST":
            name = str(obj)
            response, error = run_action(
                request, lambda: services.object_delete(user=user, instance=obj),
                success_message=_("“{name}” was deleted.").format(name=name), redirect_to=back,
            )
            if response:
                return response
        return render(request, "core/confirm_delete.html", {
            "title": _("Delete: {name}").format(name=obj), "error": error,
            "question": _("Do you really want to delete “{name}”?").format(name=obj), "cancel_url": back,
            "breadcrumbs": _crumbs({"label": str(obj), "url": None}),
        })

    return view


def _spec_attrs(spec: Spec) -> dict:
    return {"spec": spec, "selector": staticmethod(spec.list_selector), "sort_fields": spec.sort_fields,
            "default_sort": spec.default_sort}


def make_list_view(spec: Spec):
    return type(f"{spec.key.title()}ListView", (SpecListView,), _spec_attrs(spec)).as_view()


def make_export_view(spec: Spec):
    return type(f"{spec.key.title()}ExportView", (SpecExportView,), _spec_attrs(spec)).as_view()


# --- overview and pyramid -----------------------------------------------------------------------------------------


@login_required
def overview(request):
    user = request.user
    links = [
        (reverse("steering:pyramid"), _("Goal pyramid"), _("Goals from Leitziel to Maßnahmenziel with SMART check.")),
        (reverse("steering:indicator_list"), _("Indicators"), _("Key figures with targets, actuals and traffic light "
                                                                 "(RBA view).")),
        (reverse("steering:monitoring"), _("Social monitoring"), _("Status and dynamics index of the social areas "
                                                                     "with map.")),
        (reverse("steering:measure_list"), _("Measures"), _("Measures with impact chains and case controlling.")),
        (reverse("steering:milestone_list"), _("Planning cycle"), _("Yearly cycle and reports due.")),
        (reverse("steering:fund_list"), _("Prevention funds"), _("Funded projects, savings and factor.")),
        (reverse("steering:calculator"), _("Prevention economics"), _("Calculator: net effect and break-even.")),
    ]
    return render(request, "steering/overview.html", {
        "title": _("Impact-oriented steering"), "links": links,
        "goal_count": selectors.goal_list(user=user).count(),
        "indicator_count": selectors.indicator_list(user=user).count(),
    })


def _goal_node(goal, children_of, smart_cache):
    result = smart_cache[goal.pk]
    return {
        "goal": goal,
        "smart": [{"code": c, "label": SMART_LABELS[c], "short": SMART_SHORT[c], "ok": c not in result.missing}
                  for c in ("specific", "measurable", "responsible", "deadline", "baseline")],
        "smart_passed": result.passed,
        "children": [_goal_node(c, children_of, smart_cache) for c in children_of.get(goal.pk, [])],
    }


def goal_tree(goals) -> list[dict]:
    goals = list(goals)
    ids = {g.pk for g in goals}
    children_of: dict = {}
    roots = []
    for g in goals:
        if g.parent_id and g.parent_id in ids:
            children_of.setdefault(g.parent_id, []).append(g)
        else:
            roots.append(g)
    smart_cache = {g.pk: goal_smart(g) for g in goals}
    return [_goal_node(g, children_of, smart_cache) for g in roots]


@login_required
def pyramid(request):
    user = request.user
    form = ScopeFilterForm(request.GET or None, user=user)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    goals = selectors.goal_list(user=user, filters=filters).order_by("level__order", "number", "title")
    return render(request, "steering/pyramid.html", {
        "title": _("Goal pyramid"), "tree": goal_tree(goals), "filter_form": form, "filter_form_id": "qn-filter",
        "results_target": "qn-results", "levels": selectors.goal_level_list(),
        "can_create": selectors.can_create_anything(user), "breadcrumbs": _crumbs({"label": _("Goal pyramid"),
                                                                                   "url": None}),
        "smart_labels": [SMART_LABELS[c] for c in SMART_LABELS],
    })


@login_required
def goal_detail(request, pk):
    user = request.user
    goal = selectors.goal_get(user=user, pk=pk)
    result = goal_smart(goal)
    indicators = [{"obj": i, "status": indicator_status(i)} for i in goal.indicators.all()]
    return render(request, "steering/goal_detail.html", {
        "title": str(goal), "goal": goal, "smart": [{"label": SMART_LABELS[c], "ok": c not in result.missing}
                                                    for c in SMART_LABELS],
        "smart_passed": result.passed, "indicators": indicators,
        "children": selectors.goal_list(user=user).filter(parent=goal),
        "can_edit": selectors.can_edit(user, goal), "status_form": GoalStatusForm(initial={"status": goal.status}),
        "breadcrumbs": _crumbs({"label": _("Goal pyramid"), "url": reverse("steering:pyramid")},
                               {"label": str(goal), "url": None}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def goal_status(request, pk):
    user = request.user
    goal = selectors.goal_get(user=user, pk=pk)
    deny_unless(selectors.can_edit(user, goal))
    form = GoalStatusForm(request.POST or None, initial={"status": goal.status})
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: services.goal_set_status(user=user, goal=goal, status=form.cleaned_data["status"],
                                             override_reason=form.cleaned_data["override_reason"]),
            success_message=_("The status was changed."), redirect_to=goal.get_absolute_url(),
        )
        if response:
            return response
    result = goal_smart(goal)
    return _form_page(request, form, _("Change status: {name}").format(name=goal), goal.get_absolute_url(),
                      smart_missing=[SMART_LABELS[m] for m in result.missing])


# --- indicators ---------------------------------------------------------------------------------------------------


def rba_groups(indicators) -> list[dict]:
    groups = {q: [] for q in RbaQuestion.values}
    for ind in indicators:
        groups[ind.rba].append({"obj": ind, "status": indicator_status(ind)})
    return [{"label": label, "items": groups[value]} for value, label in RbaQuestion.choices]


@login_required
def indicator_rba(request):
    user = request.user
    return render(request, "steering/indicator_rba.html", {
        "title": _("Indicators by RBA question"),
        "groups": rba_groups(selectors.indicator_list(user=user)),
        "breadcrumbs": _crumbs({"label": _("Indicators"), "url": reverse("steering:indicator_list")},
                               {"label": _("RBA view"), "url": None}),
    })


@login_required
def indicator_detail(request, pk):
    user = request.user
    indicator = selectors.indicator_get(user=user, pk=pk)
    targets = {t.period: t for t in indicator.targets.all()}
    values = list(indicator.values.select_related("area"))
    from .smart import traffic_light

    tol = Decimal(indicator.tolerance_percent) / 100
    rows = []
    for v in values:
        target = targets.get(v.period)
        light = traffic_light(v.value, target.value if target else None,
                              higher_is_better=indicator.higher_is_better, tolerance=tol)
        rows.append({"value": v, "target": target, "light": light, "light_label": TRAFFIC_LABELS.get(light)})
    return render(request, "steering/indicator_detail.html", {
        "title": indicator.name, "indicator": indicator, "status": indicator_status(indicator),
        "targets": targets.values(), "rows": rows, "can_edit": selectors.can_edit(user, indicator),
        "traffic_labels": TRAFFIC_LABELS, "rba_label": dict(RbaQuestion.choices)[indicator.rba],
        "breadcrumbs": _crumbs({"label": _("Indicators"), "url": reverse("steering:indicator_list")},
                               {"label": indicator.name, "url": None}),
    })


# --- measures, cases ----------------------------------------------------------------------------------------------


def _controlling_chart(result) -> dict:
    data = []
    for row in result.rows:
        for series, value in ((_("Planned savings (cumulated)"), row.cumulated_planned_savings),
                              (_("Actual savings (cumulated)"), row.cumulated_actual_savings),
                              (_("Personnel costs (cumulated)"), row.cumulated_actual_costs)):
            data.append({"period": row.period, "series": str(series), "euro": float(value),
                         "phase": row.cumulated_phase})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": str(_("Planned and actual savings and personnel costs, cumulated per period")),
        "width": "container", "height": 260, "data": {"values": data},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": str(_("Period")), "sort": None},
            "y": {"field": "euro", "type": "quantitative", "title": "€"},
            "color": {"field": "series", "type": "nominal", "title": None},
            "strokeDash": {"field": "series", "type": "nominal", "title": None},
            "shape": {"field": "series", "type": "nominal", "title": None},
            "tooltip": [{"field": "period"}, {"field": "series"}, {"field": "euro", "format": ",.0f"},
                        {"field": "phase"}],
        },
    }


@login_required
def measure_detail(request, pk):
    user = request.user
    measure = selectors.measure_get(user=user, pk=pk)
    controlling = None
    error = None
    try:
        controlling = measure_controlling(measure)
    except prevention.CalculationError as exc:
        error = exc.message
    return render(request, "steering/measure_detail.html", {
        "title": measure.title, "measure": measure, "steps": measure.steps.prefetch_related("indicators"),
        "goals": measure.goals.all(), "cases": measure.cases.all(), "controlling": controlling,
        "controlling_error": error,
        "chart": _controlling_chart(controlling) if controlling else None,
        "can_edit": selectors.can_edit(user, measure), "template_form": TemplateForm(),
        "breadcrumbs": _crumbs({"label": _("Measures"), "url": reverse("steering:measure_list")},
                               {"label": measure.title, "url": None}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def measure_template(request, pk):
    user = request.user
    measure = selectors.measure_get(user=user, pk=pk)
    deny_unless(selectors.can_edit(user, measure))
    if request.method == "GET":
        return redirect(measure.get_absolute_url())
    form = TemplateForm(request.POST)
    if form.is_valid():
        templates = services.impact_templates_by_code(form.cleaned_data["templates"])
        response, error = run_action(
            request, lambda: services.measure_apply_template(user=user, measure=measure, templates=templates),
            success_message=_("The template was copied into the impact chain."),
            redirect_to=measure.get_absolute_url(),
        )
        if response:
            return response
        from django.contrib import messages

        messages.error(request, error)
    else:
        from django.contrib import messages

        messages.error(request, _("Please choose at least one impact level."))
    return redirect(measure.get_absolute_url())


@login_required
def case_detail(request, pk):
    user = request.user
    case = selectors.case_get(user=user, pk=pk)
    rows = []
    for p in case.periods.all():
        saving = prevention.case_saving(case.monthly_rate, p.months_avoided)
        rows.append({"period": p, "saving": saving, "contribution": saving.value - p.actual_costs})
    return render(request, "steering/case_detail.html", {
        "title": _("Case {code}").format(code=case.code), "case": case, "rows": rows,
        "can_edit": selectors.can_edit(user, case),
        "breadcrumbs": _crumbs({"label": case.measure.title, "url": case.measure.get_absolute_url()},
                               {"label": case.code, "url": None}),
    })


# --- social areas -------------------------------------------------------------------------------------------------


@login_required
def socialarea_detail(request, pk):
    user = request.user
    area = selectors.social_area_get(user=user, pk=pk)
    values = list(area.values.select_related("indicator").order_by("indicator__name", "year"))
    years = sorted({v.year for v in values})
    table: dict = {}
    for v in values:
        table.setdefault(v.indicator, {})[v.year] = v.value
    return render(request, "steering/socialarea_detail.html", {
        "title": str(area), "area": area, "years": years,
        "table": [{"indicator": ind, "cells": [row.get(y) for y in years]} for ind, row in table.items()],
        "can_edit": selectors.can_edit(user, area),
        "breadcrumbs": _crumbs({"label": _("Social areas"), "url": reverse("steering:socialarea_list")},
                               {"label": str(area), "url": None}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def areaimport_start(request):
    user = request.user
    deny_unless(selectors.programme_list_editable(user=user).exists())
    form = AreaImportForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        response = run_service(
            request, form,
            lambda: imports.area_import_start(user=user, programme=form.cleaned_data["programme"],
                                              content=upload.read(), filename=upload.name),
            success_message=_("The file was read. Please check the preview."),
            redirect_to=lambda batch: reverse("steering:areaimport_preview", kwargs={"pk": batch.pk}),
        )
        if response:
            return response
    return render(request, "steering/import_start.html", {
        "title": _("Import area values"), "form": form, "cancel_url": reverse("steering:socialarea_list"),
        "breadcrumbs": _crumbs({"label": _("Social areas"), "url": reverse("steering:socialarea_list")},
                               {"label": _("Import"), "url": None}),
    })


def _import_crumbs(last: str) -> list[dict]:
    return _crumbs({"label": _("Social areas"), "url": reverse("steering:socialarea_list")},
                   {"label": _("Import"), "url": reverse("steering:areaimport_start")},
                   {"label": last, "url": None})


@login_required
@require_http_methods(["GET", "POST"])
def areaimport_preview(request, pk):
    """Preview (GET) and confirmation (POST): the confirmation queues the import and leads to the status page."""
    from django.contrib import messages

    user = request.user
    batch = imports.import_batch_get(user=user, pk=pk)  # another user's batch is a 404 whatever the method
    if batch.status != ImportBatch.Status.PREVIEW and request.method != "POST":
        return redirect("steering:areaimport_status", pk=batch.pk)
    error = None
    if request.method == "POST":
        try:
            imports.area_import_confirm(user=user, batch=batch)
        except ApplicationError as exc:
            batch.refresh_from_db()
            if batch.status != ImportBatch.Status.PREVIEW:
                messages.error(request, exc.message)
                return redirect("steering:areaimport_status", pk=batch.pk)
            error = exc.message
        else:
            messages.success(request, _("The import has been started."))
            return redirect("steering:areaimport_status", pk=batch.pk)
    preview = imports.preview_batch(batch)
    return render(request, "steering/import_preview.html", {
        "title": _("Preview of the import"), "batch": batch, "preview": preview, "error": error,
        "sample": preview.values[:20], "breadcrumbs": _import_crumbs(_("Preview")),
    })


@never_cache
@login_required
def areaimport_status(request, pk):
    """Status of a confirmed import; while queued or running the partial is polled with htmx."""
    batch = imports.import_batch_get(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if batch.status == ImportBatch.Status.PREVIEW:
        return redirect("steering:areaimport_preview", pk=batch.pk)
    result = batch.result or {}
    context = {
        **import_status_context(batch), "new_indicators": result.get("new_indicators", []),
        "problems": result.get("errors", []),
        "list_url": reverse("steering:socialarea_list"), "list_label": _("Go to the social areas"),
        "start_url": reverse("steering:areaimport_start"),
        "status_url": reverse("steering:areaimport_status", kwargs={"pk": batch.pk}),
        "title": _("Import status"), "breadcrumbs": _import_crumbs(_("Status")),
    }
    return import_status_response(request, page_template="steering/import_status.html",
                                  partial_template="steering/import_status_partial.html", context=context)


# --- monitoring ---------------------------------------------------------------------------------------------------


def _monitoring(request):
    """Form and (when valid) the computed MonitoringOutput for the current GET parameters."""
    user = request.user
    programmes = list(selectors.monitoring_programmes(user=user))
    if not programmes:
        return None, None, None, []
    try:
        programme_id = int(request.GET.get("programme") or programmes[0].pk)
    except ValueError:
        programme_id = programmes[0].pk
    if programme_id not in {p.pk for p in programmes}:
        raise Http404
    areas, indicators, values = selectors.monitoring_data(user=user, programme_id=programme_id)
    years = mon.available_years(values)
    data = request.GET.copy()
    if "year" not in data and years:
        # First visit: every indicator in both indices, latest year, dynamics over the whole series.
        data.update({"programme": programme_id, "year": years[-1], "start_year": years[0], "end_year": years[-1]})
        for ind in indicators:
            data.setdefault(f"s_{ind.pk}", "1")
            data.setdefault(f"d_{ind.pk}", "1")
        for name in ("status_lower", "status_upper", "status_very_low", "dynamics_lower", "dynamics_upper"):
            data.setdefault(name, str(getattr(index.DEFAULT_THRESHOLDS, name)).replace(".", ","))
    form = MonitoringForm(data, programmes=programmes, years=years, indicators=indicators)
    output = None
    error = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            thresholds = index.Thresholds(d["status_lower"], d["status_upper"], d["status_very_low"],
                                          d["dynamics_lower"], d["dynamics_upper"])
            output = mon.compute(
                user=user, programme_id=d["programme"],
                status=[mon.Choice(i, w) for i, w in form.weights("s")],
                dynamics=[mon.Choice(i, w) for i, w in form.weights("d")] if d.get("start_year") else [],
                year=d["year"], start_year=d.get("start_year"), end_year=d.get("end_year"), thresholds=thresholds,
            )
        except index.MonitoringError as exc:
            error = exc.message
        except ApplicationError as exc:
            error = exc.message
    return form, output, error, indicators


@login_required
def monitoring(request):
    form, output, error, indicators = _monitoring(request)
    rows = mon.result_rows(output) if output else []
    from django.conf import settings

    return render(request, "steering/monitoring.html", {
        "title": _("Social monitoring"), "form": form, "output": output, "error": error, "rows": rows,
        "indicator_fields": [(form[f"s_{i.pk}"], form[f"d_{i.pk}"], i) for i in indicators] if form else [],
        "geojson": output.geojson if output else None,
        "tiles_url": getattr(settings, "QN_MAP_TILES_URL", ""),
        "status_classes": [(index.STATUS_CODES[c], c) for c in index.STATUS_CLASSES],
        "dynamics_classes": [(index.DYNAMICS_CODES[c], c) for c in index.DYNAMICS_CLASSES],
        "export_query": request.GET.urlencode(),
        "breadcrumbs": _crumbs({"label": _("Social monitoring"), "url": None}),
    })


@login_required
def monitoring_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, output, error, _i = _monitoring(request)
    if output is None:
        raise Http404
    return export_response(mon.result_rows(output), mon.result_headers(), basename="sozialmonitoring", fmt=fmt,
                           sheet_title=_("Social monitoring"))


# --- planning cycle -----------------------------------------------------------------------------------------------


def due_reports(milestones, today: dt.date, months: int = 12) -> list[dict]:
    """Report milestones in the next `months` months (this month included), in date order."""
    out = []
    for offset in range(months):
        month = (today.month - 1 + offset) % 12 + 1
        year = today.year + (today.month - 1 + offset) // 12
        for m in milestones:
            if m.month == month and m.is_report:
                out.append({"milestone": m, "due": dt.date(year, month, 1)})
    return out


class MilestoneListView(SpecListView):
    spec = SPECS["milestone"]
    selector = staticmethod(selectors.milestone_list)
    sort_fields = SPECS["milestone"].sort_fields
    default_sort = "month"
    template_name = "steering/milestone_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        all_milestones = list(selectors.milestone_list(user=self.request.user))
        context["due"] = due_reports(all_milestones, timezone.localdate())
        return context


# --- funds --------------------------------------------------------------------------------------------------------


@login_required
def fund_detail(request, pk):
    user = request.user
    fund = selectors.fund_get(user=user, pk=pk)
    figures = fund_figures(fund)
    projects = list(fund.projects.all())
    rows = list(zip(projects, figures.projects, strict=True)) if figures else []
    return render(request, "steering/fund_detail.html", {
        "title": fund.name, "fund": fund, "figures": figures, "rows": rows,
        "can_edit": selectors.can_edit(user, fund),
        "breadcrumbs": _crumbs({"label": _("Prevention funds"), "url": reverse("steering:fund_list")},
                               {"label": fund.name, "url": None}),
    })


# --- calculator ---------------------------------------------------------------------------------------------------

PRESETS = {
    "dortmund": {
        "label": gettext_lazy("Dortmund 2011: outreach senior offices"),
        "values": {"cases": seed004.DORTMUND_CASES_REVIEWED_2011, "avoided_share": 40,
                   "cost_per_case": seed004.DORTMUND_COST_PER_RESIDENT_YEAR,
                   "staff_costs": seed004.DORTMUND_BUDGET_PER_YEAR, "programme_costs": 0},
    },
    "bielefeld": {
        "label": gettext_lazy("Bielefeld: “Reintegration Jugendlicher” (20 cases, 12 months at 4,000 €)"),
        "values": {"cases": seed004.REINTEGRATION_CASES, "avoided_share": 100,
                   "cost_per_case": seed004.REINTEGRATION_MONTHLY_RATE * 12,
                   "staff_costs": seed004.REINTEGRATION_PERSONNEL_COSTS_PER_YEAR, "programme_costs": 0},
    },
}


def _preset_initial(key):
    values = PRESETS[key]["values"]
    return {k: prevention.format_de(Decimal(v)) for k, v in values.items()}


@login_required
def calculator(request):
    preset = request.GET.get("preset")
    form = CalculatorForm(_preset_initial(preset)) if preset in PRESETS else CalculatorForm(request.GET or None)
    result = None
    error = None
    if form.is_bound and form.is_valid():
        try:
            result = prevention.prevention_economics(**form.calculation_kwargs())
        except prevention.CalculationError as exc:
            error = exc.message
    return render(request, "steering/calculator.html", {
        "title": _("Prevention economics calculator"), "form": form, "result": result, "error": error,
        "presets": [(k, v["label"]) for k, v in PRESETS.items()],
        "factor": prevention.format_factor(result.factor) if result and result.factor is not None else "–",
        "breadcrumbs": _crumbs({"label": _("Prevention economics"), "url": None}),
    })
