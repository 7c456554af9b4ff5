"""Reads of the acquisition app, always through core.access.

Visibility:
- Acquisition cases (with objections and next steps) are internal work of the network: users with a role in the
  Quartier (coach, contact point, coordination, administration) see them; partners and evaluation do not (404).
- The funnel is an aggregate over organisations (not persons): coordination, coaches, contact points and
  evaluation see it for the Quartiere and programmes in their scope.
- Company profiles and business networks: the same users as the cases.
- Changes: users who may edit the Quartier (coach, coordination, administration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.models import Programme, Quartier, User

from .economy import MixRow, branch_mix, network_hints
from .funnel import Funnel, compute_funnel
from .models import (
    AcquisitionCase,
    BusinessNetwork,
    BusinessNetworkMembership,
    CompanyProfile,
    PublicityEntry,
    StageChange,
)

COMPANY_TYPE = "unternehmen"


def _work_quartier_ids(user: User) -> frozenset[int] | None:
    """Quartiere whose acquisition records the user may read; None = all (administration)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    if scope.aggregates_only:
        return frozenset()
    return scope.quartier_ids


def _in_scope(path: str, user: User) -> Q:
    ids = _work_quartier_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{path}__in": ids}) if ids else Q(pk__in=[])


def _get(qs: QuerySet, pk: int):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_edit_quartier(*, user: User, quartier_id: int) -> bool:
    return get_scope(user).can_edit_quartier(quartier_id)


def can_work(*, user: User) -> bool:
    """May open the lists of cases, companies and networks at all."""
    ids = _work_quartier_ids(user)
    return ids is None or bool(ids)


def quartier_list_work(*, user: User) -> QuerySet[Quartier]:
    return Quartier.objects.filter(_in_scope("id", user)).order_by("city", "name")


def quartier_list_editable(*, user: User) -> QuerySet[Quartier]:
    scope = get_scope(user)
    qs = Quartier.objects.order_by("city", "name")
    return qs if scope.is_admin else qs.filter(id__in=scope.edit_quartier_ids)


def quartier_for_board(*, user: User, slug: str) -> Quartier:
    try:
        return quartier_list_work(user=user).get(slug=slug)
    except Quartier.DoesNotExist as exc:
        raise Http404 from exc


def organisation_choices(*, user: User, quartier_ids) -> QuerySet[Organisation]:
    """Organisations active in the given Quartiere (which the caller took from the user's editable set)."""
    return Organisation.objects.filter(quartiere__id__in=list(quartier_ids)).select_related("actor_type").distinct() \
        .order_by("name")


def company_organisation_choices(*, user: User, quartier_ids) -> QuerySet[Organisation]:
    return organisation_choices(user=user, quartier_ids=quartier_ids).filter(
        Q(actor_type__slug=COMPANY_TYPE) | Q(actor_type__parent__slug=COMPANY_TYPE)
    )


def owner_choices(*, user: User, quartier_ids) -> QuerySet[User]:
    """Users with a coach, contact-point or coordination role for one of the Quartiere (and the user)."""
    from quartiersnetz.core.choices import Role

    programme_ids = Quartier.objects.filter(pk__in=list(quartier_ids)).values("programme_id")
    return User.objects.filter(
        Q(pk=user.pk)
        | Q(roles__role__in=[Role.COACH, Role.CONTACT_POINT], roles__quartier_id__in=list(quartier_ids))
        | Q(roles__role=Role.COORDINATION, roles__programme_id__in=programme_ids)
    ).filter(is_active=True).distinct().order_by("last_name", "first_name", "username")


# --- cases --------------------------------------------------------------------------------------------------------


def case_list(*, user: User, filters: dict | None = None) -> QuerySet[AcquisitionCase]:
    filters = filters or {}
    qs = AcquisitionCase.objects.filter(_in_scope("quartier_id", user))
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(quartier_id=quartier_id)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(organisation__name__icontains=term) | Q(next_step__icontains=term)
                       | Q(objections__icontains=term) | Q(benefit__icontains=term))
    if stage := filters.get("stage"):
        qs = qs.filter(stage=stage)
    if owner := filters.get("owner"):
        qs = qs.filter(owner_id=owner)
    if filters.get("mine") in (True, "true", "1", "on"):
        qs = qs.filter(owner=user)
    return qs.select_related("quartier", "organisation", "organisation__actor_type", "owner").order_by(
        "quartier__city", "quartier__name", "organisation__name")


def case_get(*, user: User, pk: int) -> AcquisitionCase:
    return _get(case_list(user=user), pk)


def stage_history(*, user: User, case: AcquisitionCase) -> list[StageChange]:
    """The moves of a case already resolved through case_get."""
    return list(case.stage_changes.select_related("by").order_by("on", "pk"))


def board_columns(*, user: User, quartier: Quartier) -> list[tuple[str, str, list[AcquisitionCase]]]:
    from .choices import AcquisitionStage

    cases = list(case_list(user=user, filters={"quartier_id": quartier.pk}))
    return [(value, label, [c for c in cases if c.stage == value]) for value, label in AcquisitionStage.choices]


# --- funnel -------------------------------------------------------------------------------------------------------


def funnel_quartier_list(*, user: User) -> QuerySet[Quartier]:
    """Quartiere whose funnel the user may see (evaluation included, partners not)."""
    scope = get_scope(user)
    qs = Quartier.objects.select_related("programme").order_by("city", "name")
    return qs if scope.is_admin else qs.filter(id__in=scope.quartier_ids)


def funnel_programme_list(*, user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(quartiere__in=funnel_quartier_list(user=user)).distinct().order_by("name")


@dataclass(frozen=True)
class FunnelResult:
    funnel: Funnel
    quartier: Quartier | None
    programme: Programme | None
    quartier_count: int


def acquisition_funnel(*, user: User, quartier_id: int | None = None, programme_id: int | None = None
                       ) -> FunnelResult:
    """The funnel of one Quartier, one programme or all Quartiere the user sees. Unknown ids → 404."""
    quartiere = funnel_quartier_list(user=user)
    quartier = programme = None
    if quartier_id is not None:
        quartier = _get(quartiere, quartier_id)
        quartiere = quartiere.filter(pk=quartier.pk)
    if programme_id is not None:
        programme = _get(funnel_programme_list(user=user), programme_id)
        quartiere = quartiere.filter(programme=programme)
    ids = list(quartiere.values_list("pk", flat=True))
    histories: dict[int, list] = {}
    rows = StageChange.objects.filter(case__quartier_id__in=ids).order_by("case_id", "on", "pk").values_list(
        "case_id", "on", "to_stage")
    for case_id, on, stage in rows:
        histories.setdefault(case_id, []).append((on, stage))
    return FunnelResult(funnel=compute_funnel(histories.values()), quartier=quartier, programme=programme,
                        quartier_count=len(ids))


# --- company profiles ---------------------------------------------------------------------------------------------


def company_list(*, user: User, filters: dict | None = None) -> QuerySet[CompanyProfile]:
    filters = filters or {}
    ids = _work_quartier_ids(user)
    qs = CompanyProfile.objects.all()
    if ids is not None:
        qs = qs.filter(organisation__in=Organisation.objects.filter(quartiere__id__in=ids).values("pk"))
    if quartier := filters.get("quartier"):
        qs = qs.filter(organisation__quartiere__slug=quartier)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(organisation__quartiere__id=quartier_id)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(organisation__name__icontains=term) | Q(wz_code__icontains=term))
    if section := filters.get("section"):
        qs = qs.filter(wz_code__startswith=section)
    if path := filters.get("cooperation_path"):
        qs = qs.filter(cooperation_path=path)
    if size := filters.get("size_class"):
        qs = qs.filter(size_class=size)
    if filters.get("trains_apprentices") in (True, "true", "1", "on"):
        qs = qs.filter(trains_apprentices=True)
    return qs.select_related("organisation", "organisation__actor_type").prefetch_related(
        "organisation__quartiere").order_by("organisation__name")


def company_get(*, user: User, pk: int) -> CompanyProfile:
    return _get(company_list(user=user), pk)


def company_can_edit(*, user: User, profile: CompanyProfile) -> bool:
    scope = get_scope(user)
    return scope.is_admin or any(q.pk in scope.edit_quartier_ids for q in profile.organisation.quartiere.all())


def company_networks(*, user: User, profile: CompanyProfile) -> list[BusinessNetworkMembership]:
    return list(BusinessNetworkMembership.objects.filter(
        organisation=profile.organisation, network__in=network_list(user=user)).select_related("network"))


# --- business networks --------------------------------------------------------------------------------------------


def _active_membership_q(on: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}since__isnull": True}) | Q(**{f"{prefix}since__lte": on})) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": on}))


def network_list(*, user: User, filters: dict | None = None) -> QuerySet[BusinessNetwork]:
    filters = filters or {}
    today = timezone.localdate()
    qs = BusinessNetwork.objects.filter(_in_scope("quartier_id", user))
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(quartier_id=quartier_id)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=term) | Q(goals__icontains=term) | Q(meeting_format__icontains=term))
    if form := filters.get("form"):
        qs = qs.filter(form=form)
    return qs.select_related("quartier", "organisation").annotate(
        member_count=Count("memberships", filter=_active_membership_q(today, "memberships__"), distinct=True),
        last_publicity_on=Max("publicity__on"),
    ).order_by("quartier__city", "quartier__name", "name")


def network_get(*, user: User, pk: int) -> BusinessNetwork:
    return _get(network_list(user=user), pk)


def network_members(*, user: User, network: BusinessNetwork) -> list[BusinessNetworkMembership]:
    return list(network.memberships.select_related(
        "organisation", "organisation__actor_type", "organisation__company_profile").order_by(
        "until", "organisation__name"))


def network_membership_get(*, user: User, network: BusinessNetwork, pk: int) -> BusinessNetworkMembership:
    return _get(network.memberships.select_related("organisation"), pk)


def publicity_list(*, user: User, network: BusinessNetwork) -> QuerySet[PublicityEntry]:
    return network.publicity.order_by("-on", "-pk")


def publicity_get(*, user: User, network: BusinessNetwork, pk: int) -> PublicityEntry:
    return _get(publicity_list(user=user, network=network), pk)


@dataclass(frozen=True)
class NetworkHealth:
    active_members: int
    critical_mass: int
    last_publicity: dt.date | None
    mix: list[MixRow]
    hints: list[str]


def network_health(*, user: User, network: BusinessNetwork, today: dt.date | None = None) -> NetworkHealth:
    """Branchenmix of the active members, active members vs critical mass, and the hints of §8.5 example 11."""
    today = today or timezone.localdate()
    members = network.memberships.filter(_active_membership_q(today)).select_related(
        "organisation__company_profile")
    sections = []
    for m in members:
        profile = getattr(m.organisation, "company_profile", None)
        sections.append(profile.wz_section if profile else "")
    last = network.publicity.filter(on__lte=today).aggregate(last=Max("on"))["last"]
    return NetworkHealth(
        active_members=len(sections), critical_mass=network.critical_mass, last_publicity=last,
        mix=branch_mix(sections),
        hints=network_hints(active_members=len(sections), critical_mass=network.critical_mass,
                            last_publicity=last, today=today),
    )

