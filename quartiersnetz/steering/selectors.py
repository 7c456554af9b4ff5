"""Reads of the steering app. Every selector takes the user first and applies core.access.

Rules (issue 9, "Access"):
- An object of a Quartier (goal, indicator, measure with their targets, values, steps and cases) is visible to whoever
  sees that Quartier and editable by whoever may edit it (coach of the Quartier, coordination, admin).
- A programme-level object (goal/indicator/measure without Quartier, social areas and their indicators, planning
  milestones, prevention funds) is visible to everyone who sees any Quartier of the programme (coordination,
  evaluation, coaches and contact points there) and editable only by the programme's coordination and admins.
- Evaluation sees everything of its programme here: these are aggregates, no personal data is stored.
- Anything else is a 404.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import Programme, Quartier, RoleAssignment

from .models import (
    AreaIndicator,
    AreaValue,
    CasePeriodCost,
    FundProject,
    Goal,
    GoalLevel,
    ImpactStep,
    ImpactTemplate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PlanningMilestone,
    PreventionCase,
    PreventionFund,
    SocialArea,
)

# --- scope helpers ------------------------------------------------------------------------------------------------


def visible_programme_ids(user) -> set[int] | None:
    """Programmes the user sees a Quartier of; None means all (admin)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    if not scope.quartier_ids:
        return set()
    cached = getattr(user, "_qn_steering_programmes", None)
    if cached is None:
        cached = set(Quartier.objects.filter(id__in=scope.quartier_ids).values_list("programme_id", flat=True))
        user._qn_steering_programmes = cached
    return cached


def coordination_programme_ids(user) -> set[int] | None:
    """Programmes whose programme-level steering objects the user may change; None means all (admin)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    if Role.COORDINATION not in scope.roles:
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role=Role.COORDINATION).values_list("programme_id", flat=True)
    )


def scope_q(user, prefix: str = "") -> Q:
    """Q for models with `programme` and optional `quartier` (Scoped), reached through `prefix`."""
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    if not scope.authenticated:
        return Q(pk__in=[])
    p = f"{prefix}__" if prefix else ""
    programmes = visible_programme_ids(user)
    return Q(**{f"{p}quartier_id__in": scope.quartier_ids}) | Q(
        **{f"{p}quartier__isnull": True, f"{p}programme_id__in": programmes}
    )


def programme_q(user, prefix: str = "") -> Q:
    """Q for programme-level models (social areas, funds, milestones)."""
    programmes = visible_programme_ids(user)
    if programmes is None:
        return Q()
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}programme_id__in": programmes})


def can_edit_scoped(user, *, programme_id: int, quartier_id: int | None) -> bool:
    scope = get_scope(user)
    if scope.is_admin:
        return True
    if quartier_id:
        return scope.can_edit_quartier(quartier_id)
    allowed = coordination_programme_ids(user)
    return programme_id in allowed


def can_edit(user, obj) -> bool:
    """May the user change this steering object (or its children)?"""
    root = owner_of(obj)
    return can_edit_scoped(user, programme_id=root.programme_id, quartier_id=getattr(root, "quartier_id", None))


def owner_of(obj):
    """The object that carries the scope (programme/quartier)."""
    if isinstance(obj, IndicatorTarget | IndicatorValue):
        return obj.indicator
    if isinstance(obj, ImpactStep | PreventionCase):
        return obj.measure
    if isinstance(obj, CasePeriodCost):
        return obj.case.measure
    if isinstance(obj, FundProject):
        return obj.fund
    if isinstance(obj, AreaValue):
        return obj.area
    return obj


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def programme_list_for_steering(*, user) -> QuerySet[Programme]:
    programmes = visible_programme_ids(user)
    qs = Programme.objects.all()
    return qs if programmes is None else qs.filter(id__in=programmes)


def programme_list_editable(*, user) -> QuerySet[Programme]:
    """Programmes in which the user may create programme-level objects."""
    ids = coordination_programme_ids(user)
    qs = Programme.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def quartier_list_editable(*, user) -> QuerySet[Quartier]:
    scope = get_scope(user)
    qs = Quartier.objects.select_related("programme")
    return qs if scope.is_admin else qs.filter(id__in=scope.edit_quartier_ids)


def can_create_anything(user) -> bool:
    return programme_list_editable(user=user).exists() or quartier_list_editable(user=user).exists()


# --- goals --------------------------------------------------------------------------------------------------------


def goal_level_list() -> QuerySet[GoalLevel]:
    return GoalLevel.objects.all()


def goal_list(*, user, filters: dict | None = None) -> QuerySet[Goal]:
    qs = (
        Goal.objects.filter(scope_q(user))
        .select_related("level", "programme", "quartier", "parent", "owner_organisation")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets")))
    )
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(nkf_product__icontains=q))
    if level := filters.get("level"):
        qs = qs.filter(level_id=level)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if programme := filters.get("programme"):
        qs = qs.filter(programme__slug=programme)
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier) if quartier != "-" else qs.filter(quartier__isnull=True)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(quartier_id=quartier_id)
    return qs


def goal_get(*, user, pk) -> Goal:
    # The detail page shows each indicator's traffic light, which reads its values too.
    return _get(goal_list(user=user).prefetch_related("indicators__values"), pk)


# --- indicators ---------------------------------------------------------------------------------------------------


def indicator_list(*, user, filters: dict | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.filter(scope_q(user)).select_related("goal", "programme", "quartier").prefetch_related(
        "targets", "values"
    )
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(source__icontains=q))
    if kind := filters.get("type"):
        qs = qs.filter(type=kind)
    if goal := filters.get("goal"):
        qs = qs.filter(goal_id=goal)
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier) if quartier != "-" else qs.filter(quartier__isnull=True)
    if programme := filters.get("programme"):
        qs = qs.filter(programme__slug=programme)
    return qs


def indicator_get(*, user, pk) -> Indicator:
    return _get(indicator_list(user=user), pk)


def indicator_target_get(*, user, pk) -> IndicatorTarget:
    return _get(IndicatorTarget.objects.filter(scope_q(user, "indicator")).select_related("indicator"), pk)


def indicator_value_get(*, user, pk) -> IndicatorValue:
    return _get(IndicatorValue.objects.filter(scope_q(user, "indicator")).select_related("indicator"), pk)


# --- measures -----------------------------------------------------------------------------------------------------


def measure_list(*, user, filters: dict | None = None) -> QuerySet[Measure]:
    qs = (
        Measure.objects.filter(scope_q(user))
        .select_related("programme", "quartier")
        .annotate(case_count=Count("cases", distinct=True))
    )
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier) if quartier != "-" else qs.filter(quartier__isnull=True)
    if programme := filters.get("programme"):
        qs = qs.filter(programme__slug=programme)
    return qs


def measure_get(*, user, pk) -> Measure:
    return _get(measure_list(user=user).prefetch_related("goals", "steps__indicators"), pk)


def impact_template_list() -> QuerySet[ImpactTemplate]:
    return ImpactTemplate.objects.all()


def impact_step_get(*, user, pk) -> ImpactStep:
    return _get(ImpactStep.objects.filter(scope_q(user, "measure")).select_related("measure"), pk)


# --- cases --------------------------------------------------------------------------------------------------------


def case_list(*, user, filters: dict | None = None) -> QuerySet[PreventionCase]:
    qs = PreventionCase.objects.filter(scope_q(user, "measure")).select_related(
        "measure", "measure__quartier", "measure__programme"
    ).prefetch_related("periods")
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(code__icontains=q) | Q(avoided_alternative__icontains=q))
    if measure := filters.get("measure"):
        qs = qs.filter(measure_id=measure)
    return qs


def case_get(*, user, pk) -> PreventionCase:
    return _get(case_list(user=user), pk)


def case_period_get(*, user, pk) -> CasePeriodCost:
    return _get(CasePeriodCost.objects.filter(scope_q(user, "case__measure")).select_related("case__measure"), pk)


# --- social areas -------------------------------------------------------------------------------------------------


def social_area_list(*, user, filters: dict | None = None) -> QuerySet[SocialArea]:
    qs = SocialArea.objects.filter(programme_q(user)).select_related("programme").annotate(
        value_count=Count("values")
    )
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(city__icontains=q))
    if city := filters.get("city"):
        qs = qs.filter(city=city)
    if programme := filters.get("programme"):
        qs = qs.filter(programme__slug=programme)
    if programme_id := filters.get("programme_id"):
        qs = qs.filter(programme_id=programme_id)
    return qs


def social_area_get(*, user, pk) -> SocialArea:
    return _get(social_area_list(user=user), pk)


def area_indicator_list(*, user, filters: dict | None = None) -> QuerySet[AreaIndicator]:
    qs = AreaIndicator.objects.filter(programme_q(user)).select_related("programme")
    filters = filters or {}
    if programme_id := filters.get("programme_id"):
        qs = qs.filter(programme_id=programme_id)
    return qs


def area_indicator_get(*, user, pk) -> AreaIndicator:
    return _get(area_indicator_list(user=user), pk)


def area_value_list(*, user, filters: dict | None = None) -> QuerySet[AreaValue]:
    qs = AreaValue.objects.filter(programme_q(user, "area")).select_related("area", "indicator")
    filters = filters or {}
    if area := filters.get("area"):
        qs = qs.filter(area_id=area)
    if indicator := filters.get("indicator"):
        qs = qs.filter(indicator_id=indicator)
    if year := filters.get("year"):
        qs = qs.filter(year=year)
    return qs


def area_value_get(*, user, pk) -> AreaValue:
    return _get(area_value_list(user=user), pk)


def monitoring_programmes(*, user) -> QuerySet[Programme]:
    """Programmes with social areas the user may see."""
    return programme_list_for_steering(user=user).filter(
        id__in=SocialArea.objects.values("programme_id")
    ).order_by("name")


def monitoring_data(*, user, programme_id: int, city: str | None = None):
    """Areas (ordered), indicators and {(area_id, indicator_id, year): value} of one programme (and city)."""
    areas = social_area_list(user=user, filters={"programme_id": programme_id})
    if city:
        areas = areas.filter(city=city)
    areas = list(areas.order_by("code"))
    indicators = list(area_indicator_list(user=user, filters={"programme_id": programme_id}))
    values = {
        (v.area_id, v.indicator_id, v.year): v.value
        for v in AreaValue.objects.filter(area__in=areas).only("area_id", "indicator_id", "year", "value")
    }
    return areas, indicators, values


# --- planning, funds ----------------------------------------------------------------------------------------------


def milestone_list(*, user, filters: dict | None = None) -> QuerySet[PlanningMilestone]:
    qs = PlanningMilestone.objects.filter(programme_q(user)).select_related("programme")
    filters = filters or {}
    if programme := filters.get("programme"):
        qs = qs.filter(programme__slug=programme)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(responsible__icontains=q))
    return qs


def milestone_get(*, user, pk) -> PlanningMilestone:
    return _get(milestone_list(user=user), pk)


def fund_list(*, user, filters: dict | None = None) -> QuerySet[PreventionFund]:
    qs = PreventionFund.objects.filter(programme_q(user)).select_related("programme").annotate(
        project_count=Count("projects")
    )
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(municipality__icontains=q))
    return qs


def fund_get(*, user, pk) -> PreventionFund:
    return _get(fund_list(user=user).prefetch_related("projects"), pk)


def fund_project_list(*, user, filters: dict | None = None) -> QuerySet[FundProject]:
    qs = FundProject.objects.filter(programme_q(user, "fund")).select_related("fund")
    filters = filters or {}
    if fund := filters.get("fund"):
        qs = qs.filter(fund_id=fund)
    if year := filters.get("year"):
        qs = qs.filter(year=year)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(name__icontains=q)
    return qs


def fund_project_get(*, user, pk) -> FundProject:
    return _get(fund_project_list(user=user), pk)
