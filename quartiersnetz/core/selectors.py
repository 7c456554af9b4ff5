"""Reads of the core app. Every selector takes the user first and applies core.access."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .access import get_scope, quartier_q
from .models import ApiToken, AuditLogEntry, Programme, Quartier, User


def programme_list(*, user: User) -> QuerySet[Programme]:
    scope = get_scope(user)
    qs = Programme.objects.all()
    if scope.is_admin:
        return qs
    ids = scope.quartier_ids | scope.partner_quartier_ids
    return qs.filter(quartiere__id__in=ids).distinct()


def programme_list_editable(*, user: User) -> QuerySet[Programme]:
    scope = get_scope(user)
    if scope.is_admin:
        return Programme.objects.all()
    return Programme.objects.filter(quartiere__id__in=scope.edit_quartier_ids).distinct()


def quartier_list(*, user: User, filters: dict | None = None) -> QuerySet[Quartier]:
    """Quartiere the user may see, with organisation counts."""
    qs = (
        Quartier.objects.filter(quartier_q(user))
        .select_related("programme")
        .annotate(organisation_count=Count("organisations", distinct=True))
    )
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(city__icontains=q) | Q(name__icontains=q) | Q(provider__icontains=q))
    if programme := filters.get("programme"):
        qs = qs.filter(programme__slug=programme)
    return qs.order_by("city", "name")


def quartier_list_editable(*, user: User) -> QuerySet[Quartier]:
    scope = get_scope(user)
    qs = Quartier.objects.select_related("programme")
    return qs if scope.is_admin else qs.filter(id__in=scope.edit_quartier_ids)


def quartier_get(*, user: User, slug: str) -> Quartier:
    try:
        return quartier_list(user=user).get(slug=slug)
    except Quartier.DoesNotExist as exc:
        raise Http404 from exc


def audit_list(*, user: User, filters: dict | None = None) -> QuerySet[AuditLogEntry]:
    """Only Administration reads the audit log."""
    if not get_scope(user).is_admin:
        raise Http404
    qs = AuditLogEntry.objects.select_related("content_type", "quartier")
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(username__icontains=q) | Q(object_repr__icontains=q))
    if action := filters.get("action"):
        qs = qs.filter(action=action)
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier)
    return qs


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_count(*, user: User) -> int:
    """Active accounts: a figure for the administration start page only."""
    if not get_scope(user).is_admin:
        raise Http404
    return User.objects.filter(is_active=True).count()
