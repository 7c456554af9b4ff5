"""Retention: case records are kept for the programme's period after the last activity (default 24 months), then
reduced to anonymous counts (RetainedStatistic) and deleted. Run daily: `quartiersnetz casework-retention`."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.models import Programme
from quartiersnetz.core.services import audit_log_many

from ..choices import StatisticKind
from ..models import CaseConference, Client, Contact, Referral, RetainedStatistic
from ..selectors import policy_for


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass
class RetentionResult:
    cutoffs: dict[str, dt.date] = field(default_factory=dict)  # programme slug → oldest date kept
    clients: int = 0
    contacts: int = 0
    referrals: int = 0
    statistic_rows: int = 0
    dry_run: bool = False


def expired_clients(*, today: dt.date) -> tuple[list[int], dict[str, dt.date]]:
    """Ids of cases whose last activity (case, contacts, referral steps) lies before their programme's cutoff."""
    ids: list[int] = []
    cutoffs: dict[str, dt.date] = {}
    for programme in Programme.objects.all():
        months, _days = policy_for(programme.pk)
        cutoff = months_before(today, months)
        cutoffs[programme.slug] = cutoff
        qs = Client.objects.filter(quartier__programme=programme).annotate(
            last_contact=Max("contacts__date"),
            last_referral=Max(TruncDate("referrals__last_progress_at")),
        )
        for client in qs:
            last = max(d for d in (client.last_activity_on, client.last_contact, client.last_referral) if d)
            if last < cutoff:
                ids.append(client.pk)
    return ids, cutoffs


def _aggregate(client_ids: list[int]) -> list[RetainedStatistic]:
    contacts: Counter = Counter()
    problems: Counter = Counter()
    referrals: Counter = Counter()
    for c in Contact.objects.filter(client_id__in=client_ids).prefetch_related("problems"):
        month = month_of(c.date)
        contacts[(month, c.quartier_id, c.contact_point_id, c.outcome_id, c.channel, c.is_first)] += 1
        for p in c.problems.all():
            problems[(month, c.quartier_id, c.contact_point_id, p.pk)] += 1
    for r in Referral.objects.filter(client_id__in=client_ids):
        referrals[(month_of(timezone.localtime(r.proposed_at).date()), r.quartier_id, r.status)] += 1
    rows = [
        RetainedStatistic(kind=StatisticKind.CONTACT, month=m, quartier_id=q, contact_point_id=cp, outcome_id=o,
                          channel=ch, is_first=first, count=n)
        for (m, q, cp, o, ch, first), n in contacts.items()
    ]
    rows += [
        RetainedStatistic(kind=StatisticKind.PROBLEM, month=m, quartier_id=q, contact_point_id=cp, problem_id=p,
                          count=n)
        for (m, q, cp, p), n in problems.items()
    ]
    rows += [
        RetainedStatistic(kind=StatisticKind.REFERRAL, month=m, quartier_id=q, referral_status=s, count=n)
        for (m, q, s), n in referrals.items()
    ]
    return rows


@transaction.atomic
def retention_run(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionResult:
    today = today or timezone.localdate()
    ids, cutoffs = expired_clients(today=today)
    result = RetentionResult(cutoffs=cutoffs, clients=len(ids), dry_run=dry_run)
    result.contacts = Contact.objects.filter(client_id__in=ids).count()
    result.referrals = Referral.objects.filter(client_id__in=ids).count()
    if not ids:
        return result
    rows = _aggregate(ids)
    result.statistic_rows = len(rows)
    if dry_run:
        return result
    RetainedStatistic.objects.bulk_create(rows, batch_size=500)
    clients = list(Client.objects.filter(pk__in=ids).select_related("quartier"))
    audit_log_many(user=None, action=AuditAction.DELETE,
                   entries=[(c, ["retention"], c.quartier) for c in clients])
    codes = [c.code for c in clients]
    CaseConference.objects.filter(client_id__in=ids).update(client=None, case_code="")
    CaseConference.objects.filter(case_code__in=codes).update(case_code="")
    Client.objects.filter(pk__in=ids).delete()
    return result


__all__ = ["RetentionResult", "expired_clients", "months_before", "retention_run"]
