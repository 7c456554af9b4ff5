"""Statistics and chain analysis for pages, API and reports. Every table passes analytics.suppression with the
strictest `min_cell_size` of the programmes involved; suppressed cells are None ("–" on the page)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from quartiersnetz.analytics.suppression import is_publishable, suppress_counts, suppress_table
from quartiersnetz.core.models import User

from .chains import STAGES, Record, chain_figures, flow
from .choices import StatisticKind
from .models import Contact, ContactPoint, OutcomeStage, ProblemCategory, Referral, RetainedStatistic
from .selectors import case_scope, min_cell_size, stats_quartiere


def _quartiere(user: User, quartier_id: int | None):
    qs = stats_quartiere(user=user)
    if quartier_id is not None:
        qs = qs.filter(pk=quartier_id)
        if not qs.exists():
            raise Http404
    return list(qs)


def _period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    end = end or timezone.localdate()
    start = start or (end.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    return start, end


@dataclass
class Table:
    """A suppressed table: rows of (label, [cells]), optional row totals and column totals."""

    caption: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]
    row_totals: list[int | None] | None = None
    column_totals: list[int | None] | None = None
    grand_total: int | None = None
    percent: dict[str, list[float | None]] = field(default_factory=dict)

    @property
    def rows_with_totals(self) -> list[tuple[str, list[int | None], int | None]]:
        totals = self.row_totals or [None] * len(self.rows)
        return [(label, cells, total) for (label, cells), total in zip(self.rows, totals, strict=True)]

    @property
    def rows_with_percent(self) -> list[tuple[str, list[int | None], float | None, float | None]]:
        answers = self.percent.get("answers") or [None] * len(self.rows)
        persons = self.percent.get("persons") or [None] * len(self.rows)
        return [(label, cells, a, p) for (label, cells), a, p in zip(self.rows, answers, persons, strict=True)]


@dataclass
class Statistics:
    k: int
    start: dt.date
    end: dt.date
    quartiere: list
    months: Table
    by_contact_point: Table
    by_quartier: Table
    problems: Table
    outcomes: Table
    persons: int | None
    retained_included: bool


def _two_col_table(caption, columns, labels, matrix, k) -> Table:
    if not matrix:
        return Table(caption, columns, [])
    s = suppress_table(matrix, k)
    return Table(caption, columns, list(zip(labels, s.cells, strict=True)), s.row_totals, s.column_totals,
                 s.grand_total)


def statistics_for(*, user: User, quartier_id: int | None = None, contact_point_id: int | None = None,
                   start: dt.date | None = None, end: dt.date | None = None) -> Statistics:
    from django.utils.translation import gettext as _

    quartiere = _quartiere(user, quartier_id)
    k = min_cell_size(quartiere)
    start, end = _period(start, end)
    qids = [q.pk for q in quartiere]
    contacts = Contact.objects.filter(quartier_id__in=qids, date__gte=start, date__lte=end)
    retained = RetainedStatistic.objects.filter(quartier_id__in=qids, month__gte=start.replace(day=1),
                                                month__lte=end)
    if contact_point_id is not None:
        if not ContactPoint.objects.filter(pk=contact_point_id, quartier_id__in=qids).exists():
            raise Http404
        contacts = contacts.filter(contact_point_id=contact_point_id)
        retained = retained.filter(contact_point_id=contact_point_id)
    # contacts per month: first / repeat (a partition, so the table has meaningful totals)
    per_month: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for row in contacts.values("date__year", "date__month", "is_first").annotate(n=Count("id")):
        per_month[dt.date(row["date__year"], row["date__month"], 1)][0 if row["is_first"] else 1] += row["n"]
    for row in retained.filter(kind=StatisticKind.CONTACT).values("month", "is_first").annotate(n=Sum("count")):
        per_month[row["month"]][0 if row["is_first"] else 1] += row["n"]
    months = sorted(per_month)
    cols = [_("First contacts"), _("Repeat contacts")]
    month_table = _two_col_table(_("Contacts per month"), cols, [f"{m:%m/%Y}" for m in months],
                                 [per_month[m] for m in months], k)
    # by contact point and by Quartier
    per_cp: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_q: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in contacts.values("contact_point_id", "quartier_id", "is_first").annotate(n=Count("id")):
        per_cp[row["contact_point_id"]][0 if row["is_first"] else 1] += row["n"]
        per_q[row["quartier_id"]][0 if row["is_first"] else 1] += row["n"]
    for row in retained.filter(kind=StatisticKind.CONTACT).values("contact_point_id", "quartier_id",
                                                                  "is_first").annotate(n=Sum("count")):
        if row["contact_point_id"]:
            per_cp[row["contact_point_id"]][0 if row["is_first"] else 1] += row["n"]
        per_q[row["quartier_id"]][0 if row["is_first"] else 1] += row["n"]
    cps = {cp.pk: cp.name for cp in ContactPoint.objects.filter(pk__in=per_cp)}
    cp_ids = sorted(per_cp, key=lambda i: cps.get(i, ""))
    cp_table = _two_col_table(_("Contacts by contact point"), cols, [cps.get(i, "–") for i in cp_ids],
                              [per_cp[i] for i in cp_ids], k)
    qnames = {q.pk: q.display_name for q in quartiere}
    q_ids = sorted(per_q, key=lambda i: qnames.get(i, ""))
    q_table = _two_col_table(_("Contacts by neighbourhood"), cols, [qnames[i] for i in q_ids],
                             [per_q[i] for i in q_ids], k)
    # Problemlagen: answers and persons (multiple answers, so both percentages are shown)
    answers: Counter = Counter()
    persons: Counter = Counter()
    for row in contacts.values("problems").annotate(n=Count("id"), p=Count("client_id", distinct=True)):
        if row["problems"]:
            answers[row["problems"]] += row["n"]
            persons[row["problems"]] += row["p"]
    for row in retained.filter(kind=StatisticKind.PROBLEM).values("problem_id").annotate(n=Sum("count")):
        if row["problem_id"]:
            answers[row["problem_id"]] += row["n"]
    total_persons = contacts.values("client_id").distinct().count()
    names = {p.pk: p.name for p in ProblemCategory.objects.filter(pk__in=set(answers) | set(persons))}
    order = sorted(names, key=lambda i: -answers[i])
    sup_answers = suppress_counts({str(i): answers[i] for i in order}, k)
    sup_persons = suppress_counts({str(i): persons[i] for i in order}, k)
    total_answers = sum(answers.values())
    problem_rows = [(names[i], [sup_answers[str(i)], sup_persons[str(i)]]) for i in order]
    problems = Table(_("Problem situations"), [_("Answers"), _("Persons")], problem_rows)
    published_persons = total_persons if is_publishable(total_persons, k) else None
    problems.percent = {
        "answers": [_pct(sup_answers[str(i)], total_answers) for i in order],
        "persons": [_pct(sup_persons[str(i)], published_persons) for i in order],
    }
    # outcomes: persons by the latest activation stage recorded in the period
    latest: dict[int, tuple[dt.date, int | None]] = {}
    for client_id, date, outcome_id in contacts.exclude(outcome=None).values_list("client_id", "date", "outcome_id"):
        if client_id not in latest or date >= latest[client_id][0]:
            latest[client_id] = (date, outcome_id)
    by_stage = Counter(o for _d, o in latest.values())
    stages = list(OutcomeStage.objects.filter(pk__in=by_stage).order_by("order"))
    sup = suppress_counts({str(s.pk): by_stage[s.pk] for s in stages}, k)
    outcomes = Table(_("Persons by activation stage"), [_("Persons")],
                     [(s.name, [sup[str(s.pk)]]) for s in stages])
    return Statistics(k=k, start=start, end=end, quartiere=quartiere, months=month_table,
                      by_contact_point=cp_table, by_quartier=q_table, problems=problems, outcomes=outcomes,
                      persons=published_persons, retained_included=retained.exists())


def _pct(n: int | None, total: int | None) -> float | None:
    if n is None or not total:
        return None
    return round(100 * n / total, 1)


# --- chains -------------------------------------------------------------------------------------------------------


def _records(quartier_ids, start=None, end=None) -> list[tuple[Referral, Record]]:
    qs = Referral.objects.filter(quartier_id__in=quartier_ids)
    if start:
        qs = qs.filter(proposed_at__date__gte=start)
    if end:
        qs = qs.filter(proposed_at__date__lte=end)
    return [
        Record(r["sender_id"], r["receiver_id"], r["status"], r["transmitted_at"], r["accepted_at"],
               r["first_contact_at"])
        for r in qs.values("sender_id", "receiver_id", "status", "transmitted_at", "accepted_at", "first_contact_at")
    ]


@dataclass
class PairRow:
    sender: str
    receiver: str
    sent: int | None
    accepted: int | None
    first_contact: int | None
    completed: int | None
    median_acceptance: float | None
    median_first_contact: float | None


@dataclass
class ChainAnalysis:
    k: int
    quartiere: list
    total: dict
    pairs: list[PairRow]
    hidden_pairs: int
    flow: dict[str, dict[str, int | None]]


def _suppressed_figures(fig, k) -> dict:
    counts = suppress_counts({"sent": fig.sent, "accepted": fig.accepted, "first_contact": fig.first_contact,
                              "completed": fig.completed}, k)
    counts["median_acceptance"] = fig.median_days_to_acceptance if len(fig.days_to_acceptance) >= k else None
    counts["median_first_contact"] = (fig.median_days_to_first_contact
                                      if len(fig.days_to_first_contact) >= k else None)
    return counts


def chain_analysis(*, user: User, quartier_id: int | None = None, start: dt.date | None = None,
                   end: dt.date | None = None) -> ChainAnalysis:
    from quartiersnetz.actors.models import Organisation

    quartiere = _quartiere(user, quartier_id)
    k = min_cell_size(quartiere)
    records = _records([q.pk for q in quartiere], start, end)
    total, pairs = chain_figures(records)
    names = dict(Organisation.objects.filter(pk__in={o for p in pairs for o in p}).values_list("pk", "name"))
    rows, hidden = [], 0
    for (s, r), fig in sorted(pairs.items(), key=lambda item: -item[1].sent):
        if not is_publishable(fig.sent, k):
            hidden += 1
            continue
        c = _suppressed_figures(fig, k)
        rows.append(PairRow(names.get(s, "–"), names.get(r, "–"), c["sent"], c["accepted"], c["first_contact"],
                            c["completed"], c["median_acceptance"], c["median_first_contact"]))
    raw_flow = flow(records)
    reached = {"proposed": total.proposed, "transmitted": total.sent, "accepted": total.accepted,
               "first_contact": total.first_contact, "completed": total.completed}
    flow_out = {}
    for stage in STAGES:
        ends = suppress_counts({key: raw_flow[stage][key] for key in ("rejected", "cancelled", "open")}, k)
        n = reached[stage]
        flow_out[stage] = {"reached": n if (n == 0 or is_publishable(n, k)) else None, **ends}
    return ChainAnalysis(k=k, quartiere=quartiere, total=_suppressed_figures(total, k), pairs=rows,
                         hidden_pairs=hidden, flow=flow_out)


def referral_pairs(*, user: User, quartier_id: int, start: dt.date | None = None,
                   end: dt.date | None = None) -> list[tuple[int, int, int, int]]:
    """(sender_org_id, receiver_org_id, sent, accepted) for the network analysis: organisations, not persons.

    Users who see the Quartier's referrals get the exact counts; evaluation users (aggregates only) get only
    pairs with at least k referrals sent, and an accepted count below k as 0."""
    scope = case_scope(user)
    if not scope.sees_stats(quartier_id):
        raise Http404
    quartiere = _quartiere(user, quartier_id)
    _total, pairs = chain_figures(_records([quartier_id], start, end))
    out = []
    exact = scope.sees_network(quartier_id)
    k = min_cell_size(quartiere)
    for (s, r), fig in sorted(pairs.items()):
        if fig.sent == 0:
            continue
        if exact:
            out.append((s, r, fig.sent, fig.accepted))
        elif fig.sent >= k:
            out.append((s, r, fig.sent, fig.accepted if fig.accepted >= k else 0))
    return out


__all__ = ["STAGES", "chain_analysis", "referral_pairs", "statistics_for"]
