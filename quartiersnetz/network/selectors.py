"""Reads of the network analysis, always through core.access.

Visibility: the network of a Quartier is visible to users who see that Quartier with a role in it (coach, contact
point, coordination, evaluation, administration). Partners see only their own organisation, so the network of
their Quartier is not theirs to see (404). Objects of other Quartiere are 404.

Ties come from eight sources. Stored ties (`ManualTie`): entered by hand or declared in a survey; declared ties
also come from the network items of survey waves (`surveys.selectors.declared_tie_rows`, source "declared", the
cooperation level as for stored ties, the wave's field period as validity). Observed ties are derived on every
call from the other apps through their selectors (nothing is copied):
- co_attendance: number of held meetings of the Quartier's bodies that both organisations attended;
- co_membership: number of bodies of the Quartier in which both are members on the period's end (or today);
- joint_agreement: number of agreements of the Quartier to which both are parties;
- referral_sent / referral_accepted: referrals of the Quartier's case work between the two organisations (either
  direction) that were sent (transmitted) / accepted, proposed in the period (`casework.stats.referral_pairs`:
  evaluation users get only pairs with at least k referrals; users without the Quartier's case-work statistics
  get no referral ties at all);
- joint_offer: number of offers of the Quartier that both run together (provider and partner organisations, or
  two partners), running in the period (`offers.selectors.joint_offer_pairs`).
A stored tie contributes its level of cooperation (Kenntnis 1 … Verbund 5); several stored ties of one source
between the same pair count once, with the highest level. The strength of a tie is the weighted sum over the
chosen sources: sum(weights[source] * value[source]); an accepted referral therefore counts under both referral
sources (weight one of them 0 to count it once). Only organisations of the Quartier are nodes; a derived pair
with an organisation outside the Quartier is dropped, so no name of another Quartier can appear.

Change over time compares two periods (`network_compare`) or two survey waves (`network_compare_waves`). The waves
of a Quartier (`network_wave_list`) are the survey waves with declared rows for it (key "survey:<id>") and the
distinct wave names of its stored declared ties (key "stored:<name>"); the network of one wave has only the
declared ties of that wave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Organisation
from quartiersnetz.analytics import network as nx_analytics
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User

from .choices import ALL_SOURCES, REFERRAL_SOURCES, TIE_TYPE_LEVEL, Source, StoredSource
from .models import SCALE_FIELDS, ManualTie

FIRST_HALF_YEAR = dt.date(2013, 1, 1)


# --- access -------------------------------------------------------------------------------------------------------


def network_quartier_ids(*, user: User) -> set[int] | None:
    """Quartiere whose network the user may see; None means all (administration)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    return set(scope.quartier_ids)


def network_quartier_list(*, user: User) -> QuerySet[Quartier]:
    ids = network_quartier_ids(user=user)
    qs = Quartier.objects.select_related("programme").order_by("city", "name")
    return qs if ids is None else qs.filter(pk__in=ids)


def network_quartier_get(*, user: User, slug: str | None = None, pk: int | None = None) -> Quartier:
    qs = network_quartier_list(user=user)
    try:
        return qs.get(slug=slug) if slug is not None else qs.get(pk=pk)
    except Quartier.DoesNotExist as exc:
        raise Http404 from exc


def network_can_edit(*, user: User, quartier_id: int) -> bool:
    return get_scope(user).can_edit_quartier(quartier_id)


def network_quartier_list_editable(*, user: User) -> QuerySet[Quartier]:
    scope = get_scope(user)
    qs = network_quartier_list(user=user)
    return qs if scope.is_admin else qs.filter(pk__in=scope.edit_quartier_ids)


def quartier_organisations(*, user: User, quartier: Quartier) -> QuerySet[Organisation]:
    """Organisations of a Quartier whose network the user may see (the quartier comes from network_quartier_get)."""
    ids = network_quartier_ids(user=user)
    if ids is not None and quartier.pk not in ids:
        raise Http404
    return (
        Organisation.objects.filter(quartiere=quartier)
        .select_related("actor_type", "actor_type__parent")
        .order_by("name", "pk")
    )


# --- stored ties --------------------------------------------------------------------------------------------------


def manual_tie_list(*, user: User, filters: dict | None = None) -> QuerySet[ManualTie]:
    filters = filters or {}
    qs = ManualTie.objects.all()
    ids = network_quartier_ids(user=user)
    if ids is not None:
        qs = qs.filter(quartier_id__in=ids)
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(quartier_id=quartier_id)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(organisation_a__name__icontains=term) | Q(organisation_b__name__icontains=term)
            | Q(note__icontains=term) | Q(wave__icontains=term)
        )
    if tie_type := filters.get("tie_type"):
        qs = qs.filter(tie_type=tie_type)
    if source := filters.get("source"):
        qs = qs.filter(source=source)
    if wave := filters.get("wave"):
        qs = qs.filter(wave=wave)
    if organisation := filters.get("organisation"):
        qs = qs.filter(Q(organisation_a_id=organisation) | Q(organisation_b_id=organisation))
    return qs.select_related(
        "quartier", "organisation_a", "organisation_b", "organisation_a__actor_type", "organisation_b__actor_type",
        "created_by",
    ).order_by("quartier__city", "quartier__name", "organisation_a__name", "organisation_b__name", "pk")


def manual_tie_get(*, user: User, pk: int) -> ManualTie:
    try:
        return manual_tie_list(user=user).get(pk=pk)
    except ManualTie.DoesNotExist as exc:
        raise Http404 from exc


def manual_tie_can_edit(*, user: User, tie: ManualTie) -> bool:
    return network_can_edit(user=user, quartier_id=tie.quartier_id)


# --- the network of a Quartier ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkNode:
    id: int
    name: str
    short_name: str
    actor_type: str  # slug of the organisation's own type
    actor_type_name: str
    group: str  # top-level type slug (Jobcenter detection, broker rule)
    group_name: str
    colour: str
    url: str


@dataclass
class NetworkEdge:
    a: int
    b: int
    strength: float = 0.0
    sources: dict[str, float] = field(default_factory=dict)  # source -> raw value (count or level)
    tie_types: set[str] = field(default_factory=set)
    attrs: dict[str, list[int]] = field(default_factory=dict)  # trust/value ratings of the stored ties


@dataclass(frozen=True)
class NetworkParams:
    sources: frozenset[str]
    start: dt.date | None
    end: dt.date | None
    min_strength: float
    tie_types: frozenset[str] | None
    actor_types: frozenset[str] | None
    weights: dict[str, float]
    wave: str | None = None  # key of the survey wave whose declared ties alone make the network


@dataclass(frozen=True)
class NetworkData:
    quartier: Quartier
    params: NetworkParams
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]

    def spec(self) -> nx_analytics.GraphSpec:
        """The graph for analytics.network: node ids are organisation ids as text, types are top-level slugs."""
        return nx_analytics.GraphSpec(
            nodes=[nx_analytics.Node(str(n.id), n.group) for n in self.nodes],
            edges=[
                nx_analytics.Tie(
                    str(e.a), str(e.b), e.strength,
                    {k: sum(v) / len(v) for k, v in e.attrs.items() if v},
                )
                for e in self.edges
            ],
        )


def _overlaps(start: dt.date | None, end: dt.date | None) -> Q:
    q = Q()
    if start:
        q &= Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    if end:
        q &= Q(valid_from__isnull=True) | Q(valid_from__lte=end)
    return q


def _nodes(user: User, quartier: Quartier, actor_types: frozenset[str] | None) -> list[NetworkNode]:
    nodes = []
    for org in quartier_organisations(user=user, quartier=quartier):
        t = org.actor_type
        top = t.parent if t.parent_id else t
        if actor_types and t.slug not in actor_types and top.slug not in actor_types:
            continue
        nodes.append(NetworkNode(
            id=org.pk, name=org.name, short_name=org.short_name, actor_type=t.slug, actor_type_name=t.name,
            group=top.slug, group_name=top.name, colour=t.colour or top.colour,
            url=reverse("actors:organisation_detail", kwargs={"pk": org.pk}),
        ))
    return nodes


def _observed_pairs(user: User, quartier_id: int, source: str, start, end) -> list[tuple[int, int, int]]:
    from quartiersnetz.meetings import selectors as meetings

    if source == Source.CO_ATTENDANCE:
        return meetings.co_attendance_pairs(user=user, quartier_id=quartier_id, start=start, end=end)
    if source == Source.CO_MEMBERSHIP:
        return meetings.co_membership_pairs(user=user, quartier_id=quartier_id, on=end or timezone.localdate())
    if source == Source.JOINT_AGREEMENT:
        return meetings.joint_agreement_pairs(user=user, quartier_id=quartier_id)
    if source == Source.JOINT_OFFER:
        from quartiersnetz.offers.selectors import joint_offer_pairs

        try:
            return joint_offer_pairs(user=user, quartier_id=quartier_id, start=start, end=end)
        except Http404:
            return []
    raise ValueError(source)


def _referral_rows(user: User, quartier_id: int, start, end) -> list[tuple[int, int, int, int]]:
    """(sender, receiver, sent, accepted) from the case work's statistics, already small-cell suppressed for
    evaluation users. A user who may see the network but not the Quartier's case-work statistics gets no rows
    (the network without referral ties), never an error."""
    from quartiersnetz.casework.stats import referral_pairs

    try:
        return referral_pairs(user=user, quartier_id=quartier_id, start=start, end=end)
    except Http404:
        return []


def _survey_declared_rows(user: User, quartier_id: int, start, end, tie_types, wave_id: int | None = None) -> list:
    """Ties declared in the network items of survey waves (surveys app, read through its selector; nothing is
    copied). A wave counts for a period when its field period overlaps it; unknown levels are skipped. `wave_id`
    keeps the rows of that survey wave only."""
    from quartiersnetz.surveys.selectors import declared_tie_rows

    rows = []
    for row in declared_tie_rows(user=user, quartier_id=quartier_id, wave_id=wave_id):
        if row.cooperation_level not in TIE_TYPE_LEVEL:
            continue
        if tie_types and row.cooperation_level not in tie_types:
            continue
        if start and row.closes_on and row.closes_on < start:
            continue
        if end and row.opens_on and row.opens_on > end:
            continue
        rows.append(row)
    return rows


# --- survey waves -------------------------------------------------------------------------------------------------

WAVE_SURVEY = "survey"
WAVE_STORED = "stored"
WAVE_REQUIRED = _("Please choose a survey wave.")
WAVE_UNKNOWN = _("Please choose one of the survey waves of this neighbourhood.")
WAVE_SAME = _("Please choose two different survey waves.")


@dataclass(frozen=True)
class NetworkWave:
    """A survey wave with declared ties in a Quartier: a wave of the surveys app with answers to its network items
    (key "survey:<id>"), or the wave name of stored declared ties (key "stored:<name>")."""

    key: str
    kind: str  # WAVE_SURVEY or WAVE_STORED
    name: str  # the survey wave's title or the stored wave name
    label: str  # German, tells the two kinds apart
    date: dt.date | None  # opening day of the survey wave / earliest "valid from" of the stored ties
    survey_id: int | None = None


def network_wave_list(*, user: User, quartier_id: int) -> list[NetworkWave]:
    """The survey waves with declared ties of a Quartier the user may see (404 otherwise), oldest first (waves
    without a date last). A survey wave is listed when its network items name at least one pair of organisations
    of the Quartier; a stored wave name when at least one stored declared tie of the Quartier carries it."""
    quartier = network_quartier_get(user=user, pk=quartier_id)
    waves: list[NetworkWave] = []
    seen: set[int] = set()
    for row in _survey_declared_rows(user, quartier.pk, None, None, None):
        if row.wave_id in seen:
            continue
        seen.add(row.wave_id)
        waves.append(NetworkWave(
            key=f"{WAVE_SURVEY}:{row.wave_id}", kind=WAVE_SURVEY, name=row.wave_label,
            label=gettext("{title} – survey").format(title=row.wave_label), date=row.opens_on or row.closes_on,
            survey_id=row.wave_id,
        ))
    stored = (
        ManualTie.objects.filter(quartier=quartier, source=StoredSource.DECLARED).exclude(wave="")
        .values("wave").annotate(first=Min("valid_from")).order_by("wave")
    )
    for row in stored:
        waves.append(NetworkWave(
            key=f"{WAVE_STORED}:{row['wave']}", kind=WAVE_STORED, name=row["wave"],
            label=gettext("{name} – ties entered").format(name=row["wave"]), date=row["first"],
        ))
    waves.sort(key=lambda w: (w.date is None, w.date or dt.date.min, w.label, w.key))
    return waves


def wave_pair_errors(*, waves: Iterable[NetworkWave], wave_a: str | None, wave_b: str | None) -> dict[str, list]:
    """German errors per field for a pair of wave keys: both required, both among `waves`, different."""
    keys = {w.key for w in waves}
    errors: dict[str, list] = {}
    for name, key in (("wave_a", wave_a), ("wave_b", wave_b)):
        if not key:
            errors[name] = [WAVE_REQUIRED]
        elif key not in keys:
            errors[name] = [WAVE_UNKNOWN]
    if not errors and wave_a == wave_b:
        errors["wave_b"] = [WAVE_SAME]
    return errors


def network_ties(
    *,
    user: User,
    quartier_id: int,
    sources: Iterable[str] = ALL_SOURCES,
    start: dt.date | None = None,
    end: dt.date | None = None,
    min_strength: float = 0,
    tie_types: Iterable[str] | None = None,
    actor_types: Iterable[str] | None = None,
    weights: dict[str, float] | None = None,
    wave: NetworkWave | None = None,
) -> NetworkData:
    """Nodes (organisations of the Quartier) and combined weighted ties with their per-source breakdown.

    `tie_types` restricts the stored (manual, declared) ties; observed ties have no type and are kept.
    `actor_types` restricts the nodes (own type or top-level type slug); ties keep only both-ends-visible pairs.
    Ties with strength < `min_strength` (and ties of strength 0) are dropped.
    `wave` (from `network_wave_list` of this Quartier) keeps only the ties declared in that survey wave: the
    survey's rows of that wave, or the stored declared ties with that wave name; sources and period are then
    ignored.
    """
    quartier = network_quartier_get(user=user, pk=quartier_id)
    if wave is not None:
        sources, start, end = (Source.DECLARED,), None, None
    params = NetworkParams(
        sources=frozenset(s for s in sources if s in ALL_SOURCES),
        start=start, end=end, min_strength=float(min_strength or 0),
        tie_types=frozenset(tie_types) if tie_types else None,
        actor_types=frozenset(actor_types) if actor_types else None,
        weights={s: float((weights or {}).get(s, 1.0)) for s in ALL_SOURCES},
        wave=wave.key if wave is not None else None,
    )
    nodes = _nodes(user, quartier, params.actor_types)
    node_ids = {n.id for n in nodes}
    edges: dict[tuple[int, int], NetworkEdge] = {}

    def edge(a: int, b: int) -> NetworkEdge | None:
        if a == b or a not in node_ids or b not in node_ids:
            return None
        key = (a, b) if a < b else (b, a)
        if key not in edges:
            edges[key] = NetworkEdge(*key)
        return edges[key]

    stored = [s for s in (Source.MANUAL, Source.DECLARED) if s in params.sources]
    if wave is not None and wave.kind != WAVE_STORED:
        stored = []
    if stored:
        qs = ManualTie.objects.filter(quartier=quartier, source__in=stored).filter(_overlaps(start, end))
        if wave is not None:
            qs = qs.filter(wave=wave.name)
        if params.tie_types:
            qs = qs.filter(tie_type__in=params.tie_types)
        for row in qs.values("organisation_a_id", "organisation_b_id", "source", "tie_type", *SCALE_FIELDS):
            e = edge(row["organisation_a_id"], row["organisation_b_id"])
            if e is None:
                continue
            level = TIE_TYPE_LEVEL[row["tie_type"]]
            e.sources[row["source"]] = max(e.sources.get(row["source"], 0), level)
            e.tie_types.add(row["tie_type"])
            for name in SCALE_FIELDS:
                if row[name] is not None:
                    e.attrs.setdefault(name, []).append(row[name])
    survey_rows = Source.DECLARED in params.sources and (wave is None or wave.kind == WAVE_SURVEY)
    if survey_rows:
        wave_id = wave.survey_id if wave is not None else None
        for row in _survey_declared_rows(user, quartier.pk, start, end, params.tie_types, wave_id):
            e = edge(row.respondent_org_id, row.named_org_id)
            if e is None:
                continue
            e.sources[Source.DECLARED] = max(e.sources.get(Source.DECLARED, 0), TIE_TYPE_LEVEL[row.cooperation_level])
            e.tie_types.add(row.cooperation_level)
            for name in SCALE_FIELDS:
                value = getattr(row, name)
                if value is not None:
                    e.attrs.setdefault(name, []).append(value)
    for source in (Source.CO_ATTENDANCE, Source.CO_MEMBERSHIP, Source.JOINT_AGREEMENT, Source.JOINT_OFFER):
        if source not in params.sources:
            continue
        for a, b, count in _observed_pairs(user, quartier.pk, source, start, end):
            e = edge(a, b)
            if e is not None and count:
                e.sources[source] = e.sources.get(source, 0) + count
    if params.sources & set(REFERRAL_SOURCES):
        for sender, receiver, sent, accepted in _referral_rows(user, quartier.pk, start, end):
            e = edge(sender, receiver)
            if e is None:
                continue
            for source, count in ((Source.REFERRAL_SENT, sent), (Source.REFERRAL_ACCEPTED, accepted)):
                if source in params.sources and count:
                    e.sources[source] = e.sources.get(source, 0) + count
    kept = []
    for key in sorted(edges):
        e = edges[key]
        e.strength = sum(params.weights[s] * v for s, v in e.sources.items())
        if e.strength > 0 and e.strength >= params.min_strength:
            kept.append(e)
    return NetworkData(quartier=quartier, params=params, nodes=nodes, edges=kept)


@dataclass(frozen=True)
class NetworkResult:
    data: NetworkData
    analysis: nx_analytics.NetworkAnalysis
    scores: nx_analytics.AttributeScores

    @property
    def nodes_by_id(self) -> dict[str, NetworkNode]:
        return {str(n.id): n for n in self.data.nodes}


def network_analysis(*, user: User, quartier_id: int, **params) -> NetworkResult:
    """`network_ties` plus everything `analytics.network.analyse_network` computes, and trust/value scores."""
    data = network_ties(user=user, quartier_id=quartier_id, **params)
    spec = data.spec()
    return NetworkResult(
        data=data, analysis=nx_analytics.analyse_network(spec), scores=nx_analytics.trust_value_scores(spec)
    )


# --- change over time ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkChange:
    before: NetworkResult
    after: NetworkResult
    comparison: nx_analytics.NetworkComparison
    waves: tuple[NetworkWave, NetworkWave] | None = None  # set when two survey waves were compared

    def name(self, node_id: str) -> str:
        for result in (self.after, self.before):
            node = result.nodes_by_id.get(node_id)
            if node is not None:
                return node.name
        return node_id


def network_compare(
    *, user: User, quartier_id: int, before: tuple[dt.date | None, dt.date | None],
    after: tuple[dt.date | None, dt.date | None], **params,
) -> NetworkChange:
    """Two periods of one Quartier with the same filters: ties gained/lost, new/left actors, metric deltas.

    An organisation counts as present in a period when it has at least one tie there (isolated organisations
    belong to every period and would hide who joined or left)."""
    results = [
        _tied_result(network_ties(user=user, quartier_id=quartier_id, start=start, end=end, **params))
        for start, end in (before, after)
    ]
    return NetworkChange(results[0], results[1], nx_analytics.compare_networks(results[0].analysis,
                                                                                results[1].analysis))


def _tied_result(data: NetworkData) -> NetworkResult:
    """The analysis of the organisations with at least one tie (see network_compare)."""
    tied = {e.a for e in data.edges} | {e.b for e in data.edges}
    data = NetworkData(data.quartier, data.params, [n for n in data.nodes if n.id in tied], data.edges)
    spec = data.spec()
    return NetworkResult(data, nx_analytics.analyse_network(spec), nx_analytics.trust_value_scores(spec))


def network_compare_waves(
    *, user: User, quartier_id: int, wave_a: str | None, wave_b: str | None,
    waves: list[NetworkWave] | None = None, **params,
) -> NetworkChange:
    """Two survey waves of one Quartier (keys from `network_wave_list`): each network has only the ties declared in
    its wave; the filters for levels of cooperation, minimum strength, actor types and the weight of declared ties
    apply, sources and periods do not. As in network_compare, an organisation counts in a wave when it has at least
    one tie there.

    `waves` may pass the list the caller already has for this Quartier. Missing, unknown (for instance a wave of
    another Quartier) or equal keys raise ApplicationError (422) with German errors per field."""
    quartier = network_quartier_get(user=user, pk=quartier_id)
    if waves is None:
        waves = network_wave_list(user=user, quartier_id=quartier.pk)
    errors = wave_pair_errors(waves=waves, wave_a=wave_a, wave_b=wave_b)
    if errors:
        raise ApplicationError(gettext("Please choose two different survey waves of this neighbourhood."),
                               extra=errors, status=422)
    by_key = {w.key: w for w in waves}
    for name in ("sources", "start", "end"):
        params.pop(name, None)
    chosen = (by_key[wave_a], by_key[wave_b])
    results = [_tied_result(network_ties(user=user, quartier_id=quartier.pk, wave=w, **params)) for w in chosen]
    return NetworkChange(results[0], results[1],
                         nx_analytics.compare_networks(results[0].analysis, results[1].analysis), waves=chosen)


@dataclass(frozen=True)
class HalfYear:
    label: str
    start: dt.date
    end: dt.date


def half_years(*, first: dt.date = FIRST_HALF_YEAR, until: dt.date | None = None) -> list[HalfYear]:
    until = until or timezone.localdate()
    halves = []
    year, half = first.year, 1 if first.month <= 6 else 2
    while True:
        start = dt.date(year, 1, 1) if half == 1 else dt.date(year, 7, 1)
        if start > until:
            break
        end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        halves.append(HalfYear(f"{half}. Hj. {year}", start, end))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return halves


def network_series_end(*, user: User, quartier: Quartier) -> dt.date:
    """Where the half-year series ends: the end of the Quartier's funding (or extension), the latest date of a
    stored tie or the latest field period of a survey wave with declared ties (its closing day, or its opening
    day when it has none), whichever is later, but not after today; today when none is known."""
    today = timezone.localdate()
    dates = [d for d in (quartier.extended_until, quartier.end) if d]
    for row in manual_tie_list(user=user, filters={"quartier_id": quartier.pk}).values("valid_from", "valid_until"):
        dates += [d for d in row.values() if d]
    for row in _survey_declared_rows(user, quartier.pk, None, None, None):
        dates += [d for d in (row.opens_on, row.closes_on) if d]
    return min(max(dates), today) if dates else today


@dataclass(frozen=True)
class TimePoint:
    period: HalfYear
    active_nodes: int
    network: nx_analytics.NetworkMetrics


def network_time_series(*, user: User, quartier_id: int, until: dt.date | None = None, **params) -> list[TimePoint]:
    """The main network metrics per half-year (computed on the fly, nothing cached). Each half-year analyses the
    organisations with at least one tie in it."""
    points = []
    for period in half_years(until=until):
        data = network_ties(user=user, quartier_id=quartier_id, start=period.start, end=period.end, **params)
        tied = {e.a for e in data.edges} | {e.b for e in data.edges}
        spec = NetworkData(data.quartier, data.params, [n for n in data.nodes if n.id in tied], data.edges).spec()
        metrics = nx_analytics.network_metrics(nx_analytics.build_graph(spec))
        points.append(TimePoint(period=period, active_nodes=len(tied), network=metrics))
    return points
