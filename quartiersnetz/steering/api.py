"""Steering API: goals, indicators (with targets and values), social areas and their values, measures, cases,
prevention funds and their projects; the monitoring index and the prevention calculator.

Thin operations: a selector resolves every id (outside the scope → 404, ids in a body → 404 on that field), one
service writes. Computations call the same functions as the pages.
"""


from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from quartiersnetz.actors.selectors import organisation_list
from quartiersnetz.analytics import monitoring as index
from quartiersnetz.analytics import prevention
from quartiersnetz.core.api import Pagination, api_user, filters_dict, late_body, resolve_reference, validate_body
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.schemas import Id
from quartiersnetz.core.selectors import quartier_list

from . import monitoring as mon
from . import selectors as sel
from . import services
from .figures import fund_figures
from .models import (
    AreaValue,
    CasePeriodCost,
    FundProject,
    Goal,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PreventionCase,
    SocialArea,
)
from .schemas import (
    AreaValueIn,
    AreaValueOut,
    CalculatorIn,
    CalculatorOut,
    CaseIn,
    CaseOut,
    CasePatch,
    CasePeriodIn,
    FundOut,
    FundProjectFilters,
    FundProjectIn,
    FundProjectOut,
    FundProjectPatch,
    GoalFilters,
    GoalIn,
    GoalOut,
    GoalPatch,
    GoalStatusIn,
    IndicatorFilters,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    MeasureIn,
    MeasureOut,
    MeasurePatch,
    MonitoringOut,
    MonitoringQuery,
    ScopeFilters,
    SocialAreaFilters,
    SocialAreaIn,
    SocialAreaOut,
    SocialAreaPatch,
    TargetIn,
    TargetOut,
    ValueIn,
    ValueOut,
)

router = Router(tags=["Steuerung"])

REFERENCES = {
    "programme_id": ("programme", lambda u: sel.programme_list_for_steering(user=u)),
    "quartier_id": ("quartier", lambda u: quartier_list(user=u)),
    "level_id": ("level", lambda u: sel.goal_level_list()),
    "parent_id": ("parent", lambda u: sel.goal_list(user=u)),
    "goal_id": ("goal", lambda u: sel.goal_list(user=u)),
    "owner_organisation_id": ("owner_organisation", lambda u: organisation_list(user=u)),
    "area_id": ("area", lambda u: sel.social_area_list(user=u)),
    "indicator_id": ("indicator", lambda u: sel.area_indicator_list(user=u)),
    "measure_id": ("measure", lambda u: sel.measure_list(user=u)),
    "fund_id": ("fund", lambda u: sel.fund_list(user=u)),
}


def _resolve(user, data: dict) -> dict:
    """`*_id` keys → objects from scoped selectors (None stays None)."""
    out = {}
    for key, value in data.items():
        if key in REFERENCES:
            name, queryset = REFERENCES[key]
            out[name] = None if value is None else resolve_reference(queryset(user), value, field=key)
        else:
            out[key] = value
    return out


def _create(request, model, payload, *, m2m=None):
    user = api_user(request)
    return services.object_create(user=user, model=model, data=_resolve(user, payload.dict()), m2m=m2m)


def _update(request, instance, schema, *, m2m_key=None, m2m_queryset=None):
    user = api_user(request)
    data = validate_body(request, schema).dict(exclude_unset=True)
    m2m = None
    if m2m_key and m2m_key in data:
        ids = data.pop(m2m_key) or []
        m2m = {m2m_key.removesuffix("_ids") + "s": [resolve_reference(m2m_queryset, pk, field=m2m_key) for pk in ids]}
    return services.object_update(user=user, instance=instance, data=_resolve(user, data), m2m=m2m)


def _delete(request, instance):
    services.object_delete(user=api_user(request), instance=instance)
    return Status(204, None)


# --- goals --------------------------------------------------------------------------------------------------------


@router.get("/goals", response=list[GoalOut], summary="List goals")
@paginate(Pagination)
def goal_list_api(request, filters: Query[GoalFilters]):
    return sel.goal_list(user=api_user(request), filters=filters_dict(filters)).order_by("level__order", "pk")


@router.get("/goals/{goal_id}", response=GoalOut, summary="Get a goal with its SMART check")
def goal_get_api(request, goal_id: Id):
    return sel.goal_get(user=api_user(request), pk=goal_id)


@router.post("/goals", response={201: GoalOut}, summary="Create a goal")
def goal_create_api(request, payload: GoalIn):
    goal = _create(request, Goal, payload)
    return Status(201, sel.goal_get(user=api_user(request), pk=goal.pk))


@router.patch("/goals/{goal_id}", response=GoalOut, summary="Change a goal", openapi_extra=late_body(GoalPatch))
def goal_update_api(request, goal_id: Id):
    user = api_user(request)
    goal = _update(request, sel.goal_get(user=user, pk=goal_id), GoalPatch)
    return sel.goal_get(user=user, pk=goal.pk)


@router.post("/goals/{goal_id}/status", response=GoalOut, summary="Change the status (adoption needs SMART)",
             openapi_extra=late_body(GoalStatusIn))
def goal_status_api(request, goal_id: Id):
    user = api_user(request)
    goal = sel.goal_get(user=user, pk=goal_id)
    payload = validate_body(request, GoalStatusIn)
    services.goal_set_status(user=user, goal=goal, status=payload.status, override_reason=payload.override_reason)
    return sel.goal_get(user=user, pk=goal.pk)


@router.delete("/goals/{goal_id}", response={204: None}, summary="Delete a goal")
def goal_delete_api(request, goal_id: Id):
    return _delete(request, sel.goal_get(user=api_user(request), pk=goal_id))


# --- indicators ---------------------------------------------------------------------------------------------------


@router.get("/indicators", response=list[IndicatorOut], summary="List indicators with targets and values")
@paginate(Pagination)
def indicator_list_api(request, filters: Query[IndicatorFilters]):
    return sel.indicator_list(user=api_user(request), filters=filters_dict(filters)).order_by("name", "pk")


@router.get("/indicators/{indicator_id}", response=IndicatorOut, summary="Get an indicator")
def indicator_get_api(request, indicator_id: Id):
    return sel.indicator_get(user=api_user(request), pk=indicator_id)


@router.post("/indicators", response={201: IndicatorOut}, summary="Create an indicator")
def indicator_create_api(request, payload: IndicatorIn):
    obj = _create(request, Indicator, payload)
    return Status(201, sel.indicator_get(user=api_user(request), pk=obj.pk))


@router.patch("/indicators/{indicator_id}", response=IndicatorOut, summary="Change an indicator",
              openapi_extra=late_body(IndicatorPatch))
def indicator_update_api(request, indicator_id: Id):
    user = api_user(request)
    obj = _update(request, sel.indicator_get(user=user, pk=indicator_id), IndicatorPatch)
    return sel.indicator_get(user=user, pk=obj.pk)


@router.delete("/indicators/{indicator_id}", response={204: None}, summary="Delete an indicator")
def indicator_delete_api(request, indicator_id: Id):
    return _delete(request, sel.indicator_get(user=api_user(request), pk=indicator_id))


@router.post("/indicators/{indicator_id}/targets", response={201: TargetOut}, summary="Add a target value",
             openapi_extra=late_body(TargetIn))
def indicator_target_create_api(request, indicator_id: Id):
    user = api_user(request)
    indicator = sel.indicator_get(user=user, pk=indicator_id)
    data = validate_body(request, TargetIn).dict()
    target = services.object_create(user=user, model=IndicatorTarget, data={**data, "indicator": indicator})
    return Status(201, target)


@router.post("/indicators/{indicator_id}/values", response={201: ValueOut}, summary="Add an actual value",
             openapi_extra=late_body(ValueIn))
def indicator_value_create_api(request, indicator_id: Id):
    user = api_user(request)
    indicator = sel.indicator_get(user=user, pk=indicator_id)
    data = _resolve(user, validate_body(request, ValueIn).dict())
    value = services.object_create(user=user, model=IndicatorValue, data={**data, "indicator": indicator})
    return Status(201, value)


@router.delete("/indicator-targets/{target_id}", response={204: None}, summary="Delete a target value")
def indicator_target_delete_api(request, target_id: Id):
    return _delete(request, sel.indicator_target_get(user=api_user(request), pk=target_id))


@router.delete("/indicator-values/{value_id}", response={204: None}, summary="Delete an actual value")
def indicator_value_delete_api(request, value_id: Id):
    return _delete(request, sel.indicator_value_get(user=api_user(request), pk=value_id))


# --- social areas -------------------------------------------------------------------------------------------------


@router.get("/social-areas", response=list[SocialAreaOut], summary="List social areas")
@paginate(Pagination)
def social_area_list_api(request, filters: Query[SocialAreaFilters]):
    return sel.social_area_list(user=api_user(request), filters=filters_dict(filters)).order_by("city", "code")


@router.get("/social-areas/{area_id}", response=SocialAreaOut, summary="Get a social area")
def social_area_get_api(request, area_id: Id):
    return sel.social_area_get(user=api_user(request), pk=area_id)


@router.post("/social-areas", response={201: SocialAreaOut}, summary="Create a social area")
def social_area_create_api(request, payload: SocialAreaIn):
    return Status(201, _create(request, SocialArea, payload))


@router.patch("/social-areas/{area_id}", response=SocialAreaOut, summary="Change a social area",
              openapi_extra=late_body(SocialAreaPatch))
def social_area_update_api(request, area_id: Id):
    return _update(request, sel.social_area_get(user=api_user(request), pk=area_id), SocialAreaPatch)


@router.delete("/social-areas/{area_id}", response={204: None}, summary="Delete a social area")
def social_area_delete_api(request, area_id: Id):
    return _delete(request, sel.social_area_get(user=api_user(request), pk=area_id))


@router.get("/social-areas/{area_id}/values", response=list[AreaValueOut], summary="Indicator values of an area")
@paginate(Pagination)
def area_value_list_api(request, area_id: Id):
    user = api_user(request)
    area = sel.social_area_get(user=user, pk=area_id)
    return sel.area_value_list(user=user, filters={"area": area.pk}).order_by("indicator__name", "year")


@router.post("/social-areas/{area_id}/values", response={201: AreaValueOut}, summary="Add or replace a value",
             openapi_extra=late_body(AreaValueIn))
def area_value_create_api(request, area_id: Id):
    user = api_user(request)
    area = sel.social_area_get(user=user, pk=area_id)
    payload = validate_body(request, AreaValueIn)
    indicator = resolve_reference(sel.area_indicator_list(user=user, filters={"programme_id": area.programme_id}),
                                  payload.indicator_id, field="indicator_id")
    existing = AreaValue.objects.filter(area=area, indicator=indicator, year=payload.year).first()
    if existing is not None:
        return Status(201, services.object_update(user=user, instance=existing, data={"value": payload.value}))
    value = services.object_create(user=user, model=AreaValue, data={
        "area": area, "indicator": indicator, "year": payload.year, "value": payload.value})
    return Status(201, value)


@router.delete("/area-values/{value_id}", response={204: None}, summary="Delete an area value")
def area_value_delete_api(request, value_id: Id):
    return _delete(request, sel.area_value_get(user=api_user(request), pk=value_id))


# --- measures -----------------------------------------------------------------------------------------------------


@router.get("/measures", response=list[MeasureOut], summary="List measures with their impact chains")
@paginate(Pagination)
def measure_list_api(request, filters: Query[ScopeFilters]):
    return sel.measure_list(user=api_user(request), filters=filters_dict(filters)).prefetch_related(
        "goals", "steps__indicators").order_by("title", "pk")


@router.get("/measures/{measure_id}", response=MeasureOut, summary="Get a measure")
def measure_get_api(request, measure_id: Id):
    return sel.measure_get(user=api_user(request), pk=measure_id)


@router.post("/measures", response={201: MeasureOut}, summary="Create a measure")
def measure_create_api(request, payload: MeasureIn):
    user = api_user(request)
    goals = [resolve_reference(sel.goal_list(user=user), pk, field="goal_ids") for pk in payload.goal_ids]
    data = payload.dict(exclude={"goal_ids"})
    measure = services.object_create(user=user, model=Measure, data=_resolve(user, data), m2m={"goals": goals})
    return Status(201, sel.measure_get(user=user, pk=measure.pk))


@router.patch("/measures/{measure_id}", response=MeasureOut, summary="Change a measure",
              openapi_extra=late_body(MeasurePatch))
def measure_update_api(request, measure_id: Id):
    user = api_user(request)
    measure = _update(request, sel.measure_get(user=user, pk=measure_id), MeasurePatch, m2m_key="goal_ids",
                      m2m_queryset=sel.goal_list(user=user))
    return sel.measure_get(user=user, pk=measure.pk)


@router.delete("/measures/{measure_id}", response={204: None}, summary="Delete a measure")
def measure_delete_api(request, measure_id: Id):
    return _delete(request, sel.measure_get(user=api_user(request), pk=measure_id))


# --- cases --------------------------------------------------------------------------------------------------------


@router.get("/cases", response=list[CaseOut], summary="List pseudonymised prevention cases")
@paginate(Pagination)
def case_list_api(request, measure: int | None = None):
    return sel.case_list(user=api_user(request), filters={"measure": measure}).order_by("measure", "code")


@router.get("/cases/{case_id}", response=CaseOut, summary="Get a case with its periods")
def case_get_api(request, case_id: Id):
    return sel.case_get(user=api_user(request), pk=case_id)


@router.post("/cases", response={201: CaseOut}, summary="Create a case")
def case_create_api(request, payload: CaseIn):
    case = _create(request, PreventionCase, payload)
    return Status(201, sel.case_get(user=api_user(request), pk=case.pk))


@router.patch("/cases/{case_id}", response=CaseOut, summary="Change a case", openapi_extra=late_body(CasePatch))
def case_update_api(request, case_id: Id):
    user = api_user(request)
    case = _update(request, sel.case_get(user=user, pk=case_id), CasePatch)
    return sel.case_get(user=user, pk=case.pk)


@router.delete("/cases/{case_id}", response={204: None}, summary="Delete a case")
def case_delete_api(request, case_id: Id):
    return _delete(request, sel.case_get(user=api_user(request), pk=case_id))


@router.post("/cases/{case_id}/periods", response={201: CaseOut}, summary="Add a period to a case",
             openapi_extra=late_body(CasePeriodIn))
def case_period_create_api(request, case_id: Id):
    user = api_user(request)
    case = sel.case_get(user=user, pk=case_id)
    data = validate_body(request, CasePeriodIn).dict()
    services.object_create(user=user, model=CasePeriodCost, data={**data, "case": case})
    return Status(201, sel.case_get(user=user, pk=case.pk))


# --- funds --------------------------------------------------------------------------------------------------------


def _fund_out(fund) -> dict:
    figures = fund_figures(fund)
    out = {"id": fund.pk, "programme_id": fund.programme_id, "name": fund.name, "municipality": fund.municipality,
           "cap_per_year": fund.cap_per_year, "by_year": []}
    if figures:
        out.update(total_costs=figures.total.costs, total_savings=figures.total.savings, factor=figures.total.factor,
                   factor_display=figures.total.display,
                   by_year=[{"year": y.year, "costs": y.costs, "savings": y.savings, "net": y.net,
                             "factor": y.factor, "balance": y.balance} for y in figures.by_year])
    return out


@router.get("/funds", response=list[FundOut], summary="List prevention funds with factor")
def fund_list_api(request):
    return [_fund_out(f) for f in sel.fund_list(user=api_user(request)).prefetch_related("projects")]


@router.get("/funds/{fund_id}", response=FundOut, summary="Get a prevention fund with factor by year and total")
def fund_get_api(request, fund_id: Id):
    return _fund_out(sel.fund_get(user=api_user(request), pk=fund_id))


@router.get("/fund-projects", response=list[FundProjectOut], summary="List fund projects")
@paginate(Pagination)
def fund_project_list_api(request, filters: Query[FundProjectFilters]):
    return sel.fund_project_list(user=api_user(request), filters=filters_dict(filters)).order_by("year", "pk")


@router.get("/fund-projects/{project_id}", response=FundProjectOut, summary="Get a fund project")
def fund_project_get_api(request, project_id: Id):
    return sel.fund_project_get(user=api_user(request), pk=project_id)


@router.post("/fund-projects", response={201: FundProjectOut}, summary="Create a fund project")
def fund_project_create_api(request, payload: FundProjectIn):
    return Status(201, _create(request, FundProject, payload))


@router.patch("/fund-projects/{project_id}", response=FundProjectOut, summary="Change a fund project",
              openapi_extra=late_body(FundProjectPatch))
def fund_project_update_api(request, project_id: Id):
    return _update(request, sel.fund_project_get(user=api_user(request), pk=project_id), FundProjectPatch)


@router.delete("/fund-projects/{project_id}", response={204: None}, summary="Delete a fund project")
def fund_project_delete_api(request, project_id: Id):
    return _delete(request, sel.fund_project_get(user=api_user(request), pk=project_id))


# --- computations -------------------------------------------------------------------------------------------------


def _choices(text: str | None, field: str) -> list[mon.Choice]:
    choices = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        pk, _sep, weight = part.partition(":")
        try:
            choices.append(mon.Choice(int(pk), float(weight) if weight else 1.0))
        except ValueError as exc:
            message = _("“{part}” is not an indicator id (with optional :weight).").format(part=part)
            raise ApplicationError(message, extra={field: [message]}, status=422) from exc
    return choices


@router.get("/monitoring/index", response=MonitoringOut, summary="Status and dynamics index of the social areas")
def monitoring_index_api(request, query: Query[MonitoringQuery]):
    user = api_user(request)
    programmes = sel.monitoring_programmes(user=user)
    programme = programmes.filter(pk=query.programme_id).first() if query.programme_id else programmes.first()
    if programme is None:
        raise Http404
    _areas, indicators, values = sel.monitoring_data(user=user, programme_id=programme.pk)
    years = mon.available_years(values)
    status = _choices(query.status, "status") if query.status else [mon.Choice(i.pk) for i in indicators]
    year = query.year or (years[-1] if years else None)
    if year is None or not status:
        message = _("No values of the social areas have been entered for this programme yet.")
        raise ApplicationError(message, status=404)
    try:
        thresholds = index.Thresholds(query.status_lower, query.status_upper, query.status_very_low,
                                      query.dynamics_lower, query.dynamics_upper)
    except index.MonitoringError as exc:
        raise ApplicationError(exc.message, status=422) from exc
    out = mon.compute(user=user, programme_id=programme.pk, status=status,
                      dynamics=_choices(query.dynamics, "dynamics"), year=year, start_year=query.start_year,
                      end_year=query.end_year, thresholds=thresholds)
    r = out.result
    return {
        "areas": [{**a.as_dict(), "name": out.areas[a.id].name, "combined_class": a.combined_class}
                  for a in r.areas],
        "excluded": [e.id for e in r.excluded],
        "status_formula": r.status.formula, "status_rule": r.status.class_rule,
        "dynamics_formula": r.dynamics.formula if r.dynamics else None,
        "dynamics_rule": r.dynamics.class_rule if r.dynamics else None,
    }


@router.post("/prevention/calculate", response=CalculatorOut, summary="Prevention economics: net effect, break-even")
def prevention_calculate_api(request, payload: CalculatorIn):
    try:
        result = prevention.prevention_economics(**payload.dict())
    except prevention.CalculationError as exc:
        raise ApplicationError(exc.message, status=422) from exc
    return {
        "avoided_cases": result.avoided_cases, "gross_savings": result.gross_savings,
        "total_costs": result.total_costs, "net_effect": result.net_effect, "factor": result.factor,
        "factor_display": prevention.format_factor(result.factor) if result.factor is not None else "–",
        "break_even_cases": result.break_even_cases, "break_even_share": result.break_even_share,
        "formula": result.formula, "inputs": result.inputs, "warnings": list(result.warnings),
    }
