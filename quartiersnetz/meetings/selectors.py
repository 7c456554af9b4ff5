"""Reads of the meetings app, always through core.access.

Visibility: bodies, meetings, tasks and agreements belong to a Quartier; users see those of the Quartiere in their
scope (partners: the Quartiere of their organisation). Evaluation users work with aggregates only: for them these
lists are empty and detail pages answer 404; they see the work-log summary. The work log itself is visible to users
with a role in the Quartier (not partners); an entry is changed only by its author (or administration).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.models import User

from .choices import OPEN_TASK_STATUSES, MeetingStatus
from .fulfilment import CommitmentFulfilment, agreement_fulfilment, commitment_fulfilment
from .models import (
    Agreement,
    Attendance,
    Body,
    BodyMembership,
    BodyType,
    Commitment,
    CommitmentActual,
    Meeting,
    Task,
    WorkLogEntry,
)


def _network_quartier_q(user: User, path: str) -> Q:
    """Quartiere whose network records (bodies, meetings, tasks, agreements) the user may read."""
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    if scope.aggregates_only:
        return Q(pk__in=[])
    ids = scope.quartier_ids | scope.partner_quartier_ids
    return Q(**{f"{path}__in": ids}) if ids else Q(pk__in=[])


def can_edit_quartier(*, user: User, quartier_id: int) -> bool:
    return get_scope(user).can_edit_quartier(quartier_id)


def shows_persons(*, user: User, quartier_id: int) -> bool:
    """Names of contact persons (attendance, memberships) are personal data: only for users with personal scope."""
    scope = get_scope(user)
    return scope.is_admin or quartier_id in scope.personal_quartier_ids


def _truthy(value) -> bool:
    return value in (True, "true", "1", "on")


def _get(qs: QuerySet, pk: int):
    try:
        return qs.get(pk=pk)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc


def _apply_quartier_filters(qs: QuerySet, filters: dict, path: str) -> QuerySet:
    if quartier := filters.get("quartier"):
        qs = qs.filter(**{f"{path}__slug": quartier})
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(**{f"{path}_id": quartier_id})
    return qs


# --- body types and bodies ----------------------------------------------------------------------------------------


def body_type_list(*, active_only: bool = False) -> QuerySet[BodyType]:
    qs = BodyType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def _current_membership_q(on: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}since__isnull": True}) | Q(**{f"{prefix}since__lte": on})) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": on})
    )


def body_list(*, user: User, filters: dict | None = None) -> QuerySet[Body]:
    filters = filters or {}
    today = timezone.localdate()
    qs = Body.objects.filter(_network_quartier_q(user, "quartier"))
    qs = _apply_quartier_filters(qs, filters, "quartier")
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=term) | Q(topics__icontains=term) | Q(target_groups__icontains=term))
    if body_type := filters.get("body_type"):
        qs = qs.filter(body_type__slug=body_type)
    if (active := filters.get("is_active")) not in (None, ""):
        qs = qs.filter(is_active=_truthy(active))
    if organisation := filters.get("organisation"):
        qs = qs.filter(pk__in=BodyMembership.objects.filter(organisation_id=organisation).values("body_id"))
    return (
        qs.select_related("quartier", "body_type", "chair", "predecessor")
        .annotate(
            member_count=Count(
                "memberships", filter=_current_membership_q(today, "memberships__"), distinct=True
            ),
            meeting_count=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD), distinct=True),
            last_meeting_at=Max("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)),
        )
        .order_by("quartier__city", "quartier__name", "name")
    )


def body_get(*, user: User, pk: int) -> Body:
    return _get(body_list(user=user), pk)


def body_list_editable(*, user: User) -> QuerySet[Body]:
    scope = get_scope(user)
    qs = Body.objects.select_related("quartier", "body_type")
    return qs if scope.is_admin else qs.filter(quartier_id__in=scope.edit_quartier_ids)


def membership_list(*, user: User, body: Body, current_only: bool = False) -> QuerySet[BodyMembership]:
    """Members of a body the user has already been allowed to see (body from body_get)."""
    qs = body.memberships.select_related("organisation", "organisation__actor_type", "contact_person")
    if current_only:
        qs = qs.filter(_current_membership_q(timezone.localdate()))
    return qs.order_by("until", "role", "organisation__name")


def membership_get(*, user: User, body: Body, pk: int) -> BodyMembership:
    return _get(membership_list(user=user, body=body), pk)


# --- meetings -----------------------------------------------------------------------------------------------------


def meeting_list(*, user: User, filters: dict | None = None) -> QuerySet[Meeting]:
    filters = filters or {}
    qs = Meeting.objects.filter(_network_quartier_q(user, "body__quartier"))
    qs = _apply_quartier_filters(qs, filters, "body__quartier")
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(title__icontains=term) | Q(body__name__icontains=term) | Q(agenda__icontains=term)
            | Q(location__icontains=term)
        )
    if body := filters.get("body"):
        qs = qs.filter(body_id=body)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if start := filters.get("start"):
        qs = qs.filter(starts_at__date__gte=start)
    if end := filters.get("end"):
        qs = qs.filter(starts_at__date__lte=end)
    return (
        qs.select_related("body", "body__quartier", "body__body_type")
        .annotate(
            attended_count=Count("attendances", filter=Q(attendances__attended=True), distinct=True),
            decision_count=Count("decisions", distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def meeting_get(*, user: User, pk: int) -> Meeting:
    return _get(meeting_list(user=user), pk)


def attendance_list(*, user: User, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related(
        "organisation", "organisation__actor_type", "contact_person", "represented_person"
    ).order_by("-attended", "organisation__name")


# --- tasks --------------------------------------------------------------------------------------------------------


def task_list(*, user: User, filters: dict | None = None) -> QuerySet[Task]:
    filters = filters or {}
    qs = Task.objects.filter(_network_quartier_q(user, "quartier"))
    qs = _apply_quartier_filters(qs, filters, "quartier")
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=term) | Q(description__icontains=term))
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if _truthy(filters.get("open")):
        qs = qs.filter(status__in=OPEN_TASK_STATUSES)
    if _truthy(filters.get("overdue")):
        qs = qs.filter(status__in=OPEN_TASK_STATUSES, due_on__lt=timezone.localdate())
    if _truthy(filters.get("mine")):
        qs = qs.filter(owner=user)
    if owner := filters.get("owner"):
        qs = qs.filter(owner_id=owner)
    if organisation := filters.get("organisation"):
        qs = qs.filter(responsible_organisation_id=organisation)
    if meeting := filters.get("meeting"):
        qs = qs.filter(meeting_id=meeting)
    return qs.select_related("quartier", "owner", "responsible_organisation", "meeting", "meeting__body").order_by(
        F("due_on").asc(nulls_last=True), "pk"
    )


def task_get(*, user: User, pk: int) -> Task:
    return _get(task_list(user=user), pk)


def my_tasks(*, user: User, filters: dict | None = None) -> QuerySet[Task]:
    return task_list(user=user, filters={**(filters or {}), "mine": True})


def is_overdue(task: Task, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return task.status in OPEN_TASK_STATUSES and task.due_on is not None and task.due_on < today


def task_owner_choices(*, user: User, quartier_ids: Iterable[int] | None = None) -> QuerySet[User]:
    """Users who may own tasks: active users with a coach, contact-point or coordination role for one of the
    Quartiere the user may edit (or the given ones), and the user."""
    scope = get_scope(user)
    ids = set(quartier_ids) if quartier_ids is not None else set(scope.edit_quartier_ids)
    if not scope.is_admin:
        ids &= set(scope.edit_quartier_ids)
    q = Q(pk=user.pk) | Q(roles__quartier_id__in=ids)
    q |= Q(roles__programme__quartiere__id__in=ids, roles__role="coordination")
    if scope.is_admin and quartier_ids is None:
        q = Q()
    return User.objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name", "username")


# --- agreements ---------------------------------------------------------------------------------------------------


def agreement_list(*, user: User, filters: dict | None = None) -> QuerySet[Agreement]:
    filters = filters or {}
    qs = Agreement.objects.filter(_network_quartier_q(user, "quartier"))
    qs = _apply_quartier_filters(qs, filters, "quartier")
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=term) | Q(text__icontains=term))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if organisation := filters.get("organisation"):
        qs = qs.filter(parties__id=organisation)
    return (
        qs.select_related("quartier")
        .prefetch_related("parties")
        .annotate(commitment_count=Count("commitments", distinct=True))
        .order_by("quartier__city", "quartier__name", "kind", "title", "pk")
    )


def agreement_get(*, user: User, pk: int) -> Agreement:
    return _get(agreement_list(user=user), pk)


def commitment_list(*, user: User, agreement: Agreement):
    """The agreement's commitments with their actuals (reuses a prefetch of `COMMITMENT_PREFETCH`)."""
    if "commitments" in getattr(agreement, "_prefetched_objects_cache", {}):
        return agreement.commitments.all()
    return agreement.commitments.select_related("party").prefetch_related(
        Prefetch("actuals", queryset=CommitmentActual.objects.order_by("on", "pk"))
    )


COMMITMENT_PREFETCH = Prefetch(
    "commitments",
    queryset=Commitment.objects.select_related("party").prefetch_related(
        Prefetch("actuals", queryset=CommitmentActual.objects.order_by("on", "pk"))
    ),
)


def commitment_get(*, user: User, pk: int) -> Commitment:
    qs = Commitment.objects.filter(_network_quartier_q(user, "agreement__quartier")).select_related(
        "agreement", "agreement__quartier", "party"
    )
    return _get(qs, pk)


def actual_get(*, user: User, pk: int) -> CommitmentActual:
    qs = CommitmentActual.objects.filter(_network_quartier_q(user, "commitment__agreement__quartier"))
    return _get(qs.select_related("commitment", "commitment__agreement", "commitment__agreement__quartier"), pk)


@dataclass(frozen=True)
class CommitmentRow:
    commitment: Commitment
    fulfilment: CommitmentFulfilment


@dataclass(frozen=True)
class AgreementStatus:
    rows: list[CommitmentRow]
    ratio: Decimal | None  # mean capped fulfilment (0 … 1)

    @property
    def percent(self) -> Decimal | None:
        from .fulfilment import to_percent

        return None if self.ratio is None else to_percent(self.ratio)


def commitment_status(commitment: Commitment, as_of: dt.date | None = None) -> CommitmentFulfilment:
    actuals = [(a.on, a.value) for a in commitment.actuals.all()]
    return commitment_fulfilment(
        target=commitment.target_value, period=commitment.period, actuals=actuals, as_of=as_of
    )


def agreement_status(*, user: User, agreement: Agreement, as_of: dt.date | None = None) -> AgreementStatus:
    rows = [CommitmentRow(c, commitment_status(c, as_of)) for c in commitment_list(user=user, agreement=agreement)]
    return AgreementStatus(rows=rows, ratio=agreement_fulfilment([r.fulfilment for r in rows]))


# --- work log -----------------------------------------------------------------------------------------------------


def _worklog_scope_q(user: User, *, aggregates: bool) -> Q:
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    if scope.aggregates_only and not aggregates:
        return Q(pk__in=[])
    return Q(quartier_id__in=scope.quartier_ids) if scope.quartier_ids else Q(pk__in=[])


def _worklog_filters(qs: QuerySet, user: User, filters: dict) -> QuerySet:
    qs = _apply_quartier_filters(qs, filters, "quartier")
    if _truthy(filters.get("mine")):
        qs = qs.filter(user=user)
    if activity := filters.get("activity_type"):
        qs = qs.filter(activity_type=activity)
    if level := filters.get("impact_level"):
        qs = qs.filter(impact_level__startswith=level) if len(level) == 1 else qs.filter(impact_level=level)
    if start := filters.get("start"):
        qs = qs.filter(on__gte=start)
    if end := filters.get("end"):
        qs = qs.filter(on__lte=end)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(note__icontains=term)
    return qs


def worklog_list(*, user: User, filters: dict | None = None) -> QuerySet[WorkLogEntry]:
    qs = WorkLogEntry.objects.filter(_worklog_scope_q(user, aggregates=False))
    qs = _worklog_filters(qs, user, filters or {})
    return qs.select_related("user", "quartier", "meeting").order_by("-on", "-pk")


def worklog_get(*, user: User, pk: int) -> WorkLogEntry:
    return _get(worklog_list(user=user), pk)


def worklog_can_edit(*, user: User, entry: WorkLogEntry) -> bool:
    scope = get_scope(user)
    return scope.is_admin or (entry.user_id == user.pk and scope.can_edit_quartier(entry.quartier_id))


def worklog_can_create(*, user: User) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.edit_quartier_ids)


@dataclass(frozen=True)
class SummaryRow:
    quartier_id: int
    quartier: str
    month: dt.date
    activity_type: str
    impact_group: str
    hours: Decimal


def worklog_summary(*, user: User, filters: dict | None = None) -> list[SummaryRow]:
    """Hours per Quartier, month, activity type and impact group (A/B/C). Evaluation users may read it."""
    from quartiersnetz.core.models import Quartier

    qs = WorkLogEntry.objects.filter(_worklog_scope_q(user, aggregates=True))
    filters = dict(filters or {})
    qs = _worklog_filters(qs, user, filters)
    rows = (
        qs.annotate(month=TruncMonth("on"))
        .values("quartier_id", "month", "activity_type", "impact_level")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    names = {q.pk: q.display_name for q in Quartier.objects.filter(pk__in={r["quartier_id"] for r in rows})}
    merged: dict[tuple, Decimal] = {}
    for r in rows:
        month = r["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        key = (r["quartier_id"], month, r["activity_type"], r["impact_level"][0])
        merged[key] = merged.get(key, Decimal(0)) + r["hours"]
    return [
        SummaryRow(qid, names.get(qid, ""), month, activity, group, hours)
        for (qid, month, activity, group), hours in sorted(
            merged.items(), key=lambda item: (names.get(item[0][0], ""), item[0][1], item[0][2], item[0][3])
        )
    ]


# --- ties for the network analysis ------------------------------------------------------------------------------


def _check_quartier(user: User, quartier_id: int) -> None:
    scope = get_scope(user)
    if not (scope.is_admin or scope.can_see_quartier(quartier_id)):
        raise Http404


def co_attendance_pairs(
    *, user: User, quartier_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> list[tuple[int, int, int]]:
    """(org_a_id, org_b_id, meetings) with org_a_id < org_b_id: organisations that attended the same meetings of
    the Quartier's bodies (cancelled meetings do not count). Derived from Attendance; nothing is copied."""
    _check_quartier(user, quartier_id)
    qs = Attendance.objects.filter(attended=True, meeting__body__quartier_id=quartier_id).exclude(
        meeting__status=MeetingStatus.CANCELLED
    )
    if start:
        qs = qs.filter(meeting__starts_at__date__gte=start)
    if end:
        qs = qs.filter(meeting__starts_at__date__lte=end)
    pairs = (
        qs.filter(meeting__attendances__attended=True,
                  meeting__attendances__organisation_id__gt=F("organisation_id"))
        .values_list("organisation_id", "meeting__attendances__organisation_id")
        .annotate(n=Count("meeting_id", distinct=True))
        .order_by("organisation_id", "meeting__attendances__organisation_id")
    )
    return [(a, b, n) for a, b, n in pairs]


def co_membership_pairs(*, user: User, quartier_id: int, on: dt.date | None = None) -> list[tuple[int, int, int]]:
    """(org_a_id, org_b_id, shared bodies) for memberships current on `on` (default today)."""
    _check_quartier(user, quartier_id)
    on = on or timezone.localdate()
    qs = BodyMembership.objects.filter(_current_membership_q(on), body__quartier_id=quartier_id)
    pairs = (
        qs.filter(_current_membership_q(on, "body__memberships__"),
                  body__memberships__organisation_id__gt=F("organisation_id"))
        .values_list("organisation_id", "body__memberships__organisation_id")
        .annotate(n=Count("body_id", distinct=True))
        .order_by("organisation_id", "body__memberships__organisation_id")
    )
    return [(a, b, n) for a, b, n in pairs]


def joint_agreement_pairs(*, user: User, quartier_id: int) -> list[tuple[int, int, int]]:
    """(org_a_id, org_b_id, agreements) for organisations that are parties to the same agreements."""
    _check_quartier(user, quartier_id)
    through = Agreement.parties.through
    qs = through.objects.filter(agreement__quartier_id=quartier_id)
    pairs = (
        qs.filter(agreement__parties__id__gt=F("organisation_id"))
        .values_list("organisation_id", "agreement__parties__id")
        .annotate(n=Count("agreement_id", distinct=True))
        .order_by("organisation_id", "agreement__parties__id")
    )
    return [(a, b, n) for a, b, n in pairs]
