"""Reads of the offers app, always through core.access.

Visibility: offers belong to a Quartier; users see those of the Quartiere in their scope (partners: the
Quartiere of their organisations). Evaluation users work with aggregates: offer lists are empty for them and
detail pages answer 404, but they see the matrix counts and the comparison across Quartiere. Offers are changed
by users who may edit the Quartier, and by partners for offers of their own organisation.

The public directory (`public_*`) needs no user: it lists only current offers whose contact person's
publication consent is active, and shows nothing else of the contact person than what was consented to.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.actors.selectors import contact_person_list, contact_person_view, organisation_list
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import ConsentRecord, Quartier, User
from quartiersnetz.core.selectors import quartier_list

from .analysis import Matrix, OfferRecord, build_matrix, compare_counts
from .choices import OfferStatus
from .models import DuplicateAssessment, Offer, OfferLocation, TargetGroup, Topic
from .similarity import DEFAULT_THRESHOLD

PUBLIC_STATUSES = (OfferStatus.ACTIVE, OfferStatus.PLANNED)


def _truthy(value) -> bool:
    return value in (True, "true", "1", "on")


def _offer_quartier_q(user: User, path: str = "quartier_id") -> Q:
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    if scope.aggregates_only:
        return Q(pk__in=[])
    ids = scope.quartier_ids | scope.partner_quartier_ids
    return Q(**{f"{path}__in": ids}) if ids else Q(pk__in=[])


# --- taxonomies ---------------------------------------------------------------------------------------------------


def target_group_list(*, active_only: bool = False) -> QuerySet[TargetGroup]:
    qs = TargetGroup.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def topic_list(*, active_only: bool = False) -> QuerySet[Topic]:
    qs = Topic.objects.all()
    return qs.filter(is_active=True) if active_only else qs


# --- offers -------------------------------------------------------------------------------------------------------


def _consents_prefetch(prefix: str) -> Prefetch:
    return Prefetch(f"{prefix}consents", queryset=ConsentRecord.objects.order_by("-given_on"))


def _partners_prefetch() -> Prefetch:
    return Prefetch("partners", queryset=Organisation.objects.order_by("name", "pk"))


def apply_offer_filters(qs: QuerySet[Offer], filters: dict) -> QuerySet[Offer]:
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier__slug=quartier)
    if quartier_id := filters.get("quartier_id"):
        qs = qs.filter(quartier_id=quartier_id)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(title__icontains=term) | Q(description__icontains=term) | Q(provider__name__icontains=term)
            | Q(languages__icontains=term) | Q(locations__street__icontains=term)
            | Q(target_groups__name__icontains=term) | Q(topics__name__icontains=term)
        )
    if target_group := filters.get("target_group"):
        qs = qs.filter(target_groups__slug=target_group)
    if topic := filters.get("topic"):
        qs = qs.filter(topics__slug=topic)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if legal_basis := filters.get("legal_basis"):
        qs = qs.filter(legal_basis=legal_basis)
    if access_route := filters.get("access_route"):
        qs = qs.filter(access_route=access_route)
    if provider := filters.get("provider"):
        qs = qs.filter(provider_id=provider)
    if (inside := filters.get("in_quartier")) not in (None, ""):
        qs = qs.filter(in_quartier=_truthy(inside))
    return qs


def offer_list(*, user: User, filters: dict | None = None) -> QuerySet[Offer]:
    filters = filters or {}
    qs = Offer.objects.filter(_offer_quartier_q(user))
    qs = apply_offer_filters(qs, filters)
    if any(filters.get(k) for k in ("q", "target_group", "topic")):
        qs = Offer.objects.filter(pk__in=qs.values("pk"))
    return (
        qs.select_related("quartier", "provider", "provider__actor_type", "contact", "contact__organisation")
        .prefetch_related("target_groups", "topics", "locations", _partners_prefetch(),
                          _consents_prefetch("contact__"))
        .annotate(location_count=Count("locations", distinct=True))
        .order_by("quartier__city", "quartier__name", "title", "pk")
    )


def offer_get(*, user: User, pk: int) -> Offer:
    try:
        return offer_list(user=user).get(pk=pk)
    except Offer.DoesNotExist as exc:
        raise Http404 from exc


def offer_can_edit(*, user: User, offer: Offer) -> bool:
    scope = get_scope(user)
    if scope.can_edit_quartier(offer.quartier_id):
        return True
    return offer.provider_id in scope.partner_org_ids and offer.quartier_id in scope.partner_quartier_ids


def offer_quartiere_editable(*, user: User) -> QuerySet[Quartier]:
    """Quartiere in which the user may create offers (own Quartiere; partners: those of their organisation)."""
    scope = get_scope(user)
    qs = Quartier.objects.select_related("programme").order_by("city", "name")
    if scope.is_admin:
        return qs
    return qs.filter(pk__in=scope.edit_quartier_ids | scope.partner_quartier_ids)


def offer_provider_choices(*, user: User, quartier_ids) -> QuerySet[Organisation]:
    """Organisations that may provide an offer: active in the Quartier; partners only their own."""
    scope = get_scope(user)
    qs = organisation_list(user=user).filter(quartiere__id__in=list(quartier_ids)).prefetch_related(None)
    if not scope.is_admin and not (set(quartier_ids) & scope.edit_quartier_ids):
        qs = qs.filter(pk__in=scope.partner_org_ids)
    return qs.distinct().order_by("name")


def offer_partner_choices(*, user: User, quartier_ids, offer: Offer | None = None) -> QuerySet[Organisation]:
    """Organisations that may be named as partners of an offer: active in the Quartier and visible to the user
    (unlike the provider, partners need not be the user's own organisation). The partners an offer already has
    stay choosable (they are shown on its page anyway), so that editing never drops them unseen."""
    q = Q(pk__in=organisation_list(user=user).filter(quartiere__id__in=list(quartier_ids)).values("pk"))
    if offer is not None and offer.pk:
        q |= Q(pk__in=offer.partners.values("pk"))
    return Organisation.objects.filter(q).select_related("actor_type").order_by("name", "pk")


def joint_offer_pairs(*, user: User, quartier_id: int, start: dt.date | None = None,
                      end: dt.date | None = None) -> list[tuple[int, int, int]]:
    """(organisation a, organisation b, number of joint offers) for the network analysis, a < b.

    An offer with partner organisations ties its provider to every partner and the partners to each other. It
    counts for a period when its validity (valid_from – valid_until, open ends unbounded) overlaps the period;
    without a period every offer counts. Planned offers do not run yet and never count. Counts of offers are not
    personal data, so evaluation users get them too. 404 when the user does not see the Quartier."""
    if not get_scope(user).can_see_quartier(quartier_id):
        raise Http404
    qs = Offer.objects.filter(quartier_id=quartier_id).exclude(status=OfferStatus.PLANNED)
    if start:
        qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
    if end:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
    members: dict[int, set[int]] = {}
    for offer_id, provider_id in qs.filter(partners__isnull=False).distinct().values_list("pk", "provider_id"):
        members[offer_id] = {provider_id}
    for offer_id, org_id in Offer.partners.through.objects.filter(offer_id__in=list(members)).values_list(
            "offer_id", "organisation_id"):
        members[offer_id].add(org_id)
    counts: Counter[tuple[int, int]] = Counter()
    for orgs in members.values():
        counts.update(combinations(sorted(orgs), 2))
    return [(a, b, n) for (a, b), n in sorted(counts.items())]


def offer_contact_choices(*, user: User, organisation_ids) -> QuerySet[ContactPerson]:
    return contact_person_list(user=user).filter(organisation_id__in=list(organisation_ids))


def offer_location_get(*, user: User, pk: int) -> OfferLocation:
    try:
        return OfferLocation.objects.select_related("offer", "offer__quartier").get(
            pk=pk, offer__in=Offer.objects.filter(_offer_quartier_q(user)).values("pk")
        )
    except OfferLocation.DoesNotExist as exc:
        raise Http404 from exc


def publication_consent_active(person: ContactPerson | None) -> bool:
    if person is None:
        return False
    today = timezone.localdate()
    return any(r.purpose == ConsentPurpose.PUBLISH and r.is_active(today) for r in person.consents.all())


@dataclass(frozen=True)
class OfferContact:
    """What the user may see of an offer's contact person."""

    name: str | None
    function: str
    email: str | None
    phone: str | None
    published: bool
    hidden_reason: str | None


def offer_contact_view(*, user: User, offer: Offer) -> OfferContact | None:
    """Names need personal scope (or publication consent); e-mail and phone follow the contact consents."""
    from django.utils.translation import gettext as _

    person = offer.contact
    if person is None:
        return None
    published = publication_consent_active(person)
    scope = get_scope(user)
    personal = (scope.is_admin or offer.quartier_id in scope.personal_quartier_ids
                or person.organisation_id in scope.partner_org_ids)
    if published:
        return OfferContact(person.full_name, person.function, person.email, person.phone, True, None)
    if not personal:
        return OfferContact(None, "", None, None, False, _("The contact person is only shown to the team of the "
                                                           "neighbourhood."))
    view = contact_person_view(user=user, person=person)
    return OfferContact(person.full_name, person.function, view.email, view.phone, False, view.hidden_reason)


# --- analysis -----------------------------------------------------------------------------------------------------


def analysis_quartier_list(*, user: User) -> QuerySet[Quartier]:
    """Quartiere whose matrix the user may see (evaluation users included: counts only)."""
    return quartier_list(user=user)


def analysis_quartier_get(*, user: User, slug: str) -> Quartier:
    try:
        return analysis_quartier_list(user=user).get(slug=slug)
    except Quartier.DoesNotExist as exc:
        raise Http404 from exc


def shows_offer_details(*, user: User) -> bool:
    """Evaluation users see the counts of the matrix, not the offers in it."""
    return not get_scope(user).aggregates_only


def _records(quartier_ids) -> list[OfferRecord]:
    """Current offers (not ended) of the Quartiere as plain records for the pure analysis."""
    offers = list(
        Offer.objects.filter(quartier_id__in=list(quartier_ids)).exclude(status=OfferStatus.ENDED)
        .values_list("pk", "title", "description", "quartier_id")
    )
    ids = [o[0] for o in offers]
    groups: dict[int, set[int]] = {}
    for offer_id, tg in Offer.target_groups.through.objects.filter(offer_id__in=ids).values_list(
            "offer_id", "targetgroup_id"):
        groups.setdefault(offer_id, set()).add(tg)
    topics: dict[int, set[int]] = {}
    for offer_id, topic in Offer.topics.through.objects.filter(offer_id__in=ids).values_list("offer_id", "topic_id"):
        topics.setdefault(offer_id, set()).add(topic)
    return [
        OfferRecord(pk, title, description, frozenset(groups.get(pk, ())), frozenset(topics.get(pk, ())), qid)
        for pk, title, description, qid in offers
    ]


@dataclass
class DuplicateRow:
    a: Offer
    b: Offer
    score: float
    cells: list[tuple[TargetGroup, Topic]]
    assessment: DuplicateAssessment | None

    @property
    def open(self) -> bool:
        return self.assessment is None


@dataclass
class MatrixView:
    quartier: Quartier
    rows: list[TargetGroup]
    columns: list[Topic]
    matrix: Matrix
    offers: dict[int, Offer] = field(default_factory=dict)
    duplicates: list[DuplicateRow] = field(default_factory=list)
    details: bool = True
    threshold: float = DEFAULT_THRESHOLD

    def table(self) -> list[dict]:
        """One dict per row: the target group and its cells (count, offers, gap and duplicate flags)."""
        flagged = {cell for d in self.duplicates if d.open for cell in ((c[0].pk, c[1].pk) for c in d.cells)}
        out = []
        for tg in self.rows:
            cells = []
            for topic in self.columns:
                ids = self.matrix.cells[(tg.pk, topic.pk)]
                cells.append({
                    "topic": topic, "count": len(ids), "gap": not ids,
                    "duplicate": (tg.pk, topic.pk) in flagged,
                    "offers": [self.offers[i] for i in ids if i in self.offers] if self.details else [],
                })
            out.append({"target_group": tg, "cells": cells, "total": self.matrix.row_totals[tg.pk]})
        return out

    @property
    def gap_cells(self) -> list[tuple[TargetGroup, Topic]]:
        rows = {t.pk: t for t in self.rows}
        columns = {t.pk: t for t in self.columns}
        return [(rows[r], columns[c]) for r, c in self.matrix.gaps]

    @property
    def offer_count(self) -> int:
        return self.matrix.offer_count


def offer_matrix(*, user: User, quartier: Quartier, threshold: float = DEFAULT_THRESHOLD) -> MatrixView:
    """The target group × topic matrix of a Quartier with gaps and possible duplicates (the caller resolved the
    Quartier through `analysis_quartier_get`)."""
    if not get_scope(user).can_see_quartier(quartier.pk):
        raise Http404
    rows = list(target_group_list(active_only=True))
    columns = list(topic_list(active_only=True))
    matrix = build_matrix(_records([quartier.pk]), [r.pk for r in rows], [c.pk for c in columns], threshold)
    details = shows_offer_details(user=user)
    view = MatrixView(quartier, rows, columns, matrix, details=details, threshold=threshold)
    if not details:
        return view
    ids = {i for cell in matrix.cells.values() for i in cell}
    view.offers = {o.pk: o for o in Offer.objects.filter(pk__in=ids).select_related("provider")}
    assessments = {
        (a.offer_a_id, a.offer_b_id): a
        for a in DuplicateAssessment.objects.filter(quartier=quartier).select_related("assessed_by")
    }
    rows_by_pk = {r.pk: r for r in rows}
    columns_by_pk = {c.pk: c for c in columns}
    view.duplicates = [
        DuplicateRow(view.offers[p.a], view.offers[p.b], p.score,
                     [(rows_by_pk[r], columns_by_pk[c]) for r, c in p.cells], assessments.get((p.a, p.b)))
        for p in matrix.duplicates
    ]
    return view


@dataclass(frozen=True)
class MatrixSummary:
    """The key figures of one Quartier's matrix, for the analysis overview."""

    quartier: Quartier
    offers: int
    gaps: int
    open_duplicates: int  # 0 for users who see counts only
    cells: int


def offer_matrix_summaries(*, user: User, threshold: float = DEFAULT_THRESHOLD) -> list[MatrixSummary]:
    """The figures of `offer_matrix` for every Quartier the user may analyse, in a fixed number of queries (one
    read of the offers, their terms and the assessments for all Quartiere, not one matrix per Quartier)."""
    quartiere = list(analysis_quartier_list(user=user))
    rows = list(target_group_list(active_only=True).values_list("pk", flat=True))
    columns = list(topic_list(active_only=True).values_list("pk", flat=True))
    records: dict[int, list[OfferRecord]] = {q.pk: [] for q in quartiere}
    for record in _records(list(records)):
        records[record.quartier].append(record)
    details = shows_offer_details(user=user)
    assessed = set(
        DuplicateAssessment.objects.filter(quartier_id__in=list(records))
        .values_list("quartier_id", "offer_a_id", "offer_b_id")
    ) if details else set()
    out = []
    for quartier in quartiere:
        matrix = build_matrix(records[quartier.pk], rows, columns, threshold)
        open_pairs = sum(1 for p in matrix.duplicates if (quartier.pk, p.a, p.b) not in assessed) if details else 0
        out.append(MatrixSummary(quartier, matrix.offer_count, len(matrix.gaps), open_pairs, len(rows) * len(columns)))
    return out


def duplicate_pair_get(*, user: User, quartier: Quartier, a: int, b: int,
                       threshold: float = DEFAULT_THRESHOLD) -> DuplicateRow:
    """A flagged pair of the Quartier's matrix; anything else (also pairs below the threshold) is a 404."""
    if not shows_offer_details(user=user):
        raise Http404
    a, b = min(a, b), max(a, b)
    for row in offer_matrix(user=user, quartier=quartier, threshold=threshold).duplicates:
        if row.a.pk == a and row.b.pk == b:
            return row
    raise Http404


@dataclass
class Comparison:
    quartiere: list[Quartier]
    rows: list[TargetGroup]
    columns: list[Topic]
    counts: dict[tuple[int, int], dict[int, int]]

    def table(self) -> list[dict]:
        out = []
        for tg in self.rows:
            for topic in self.columns:
                per = self.counts[(tg.pk, topic.pk)]
                values = [per[q.pk] for q in self.quartiere]
                out.append({"target_group": tg, "topic": topic, "values": values,
                            "gaps": sum(1 for v in values if v == 0)})
        return out


def offer_comparison(*, user: User, quartier_slugs: list[str] | None = None) -> Comparison:
    """Offers per cell and Quartier for the visible Quartiere (optionally only the given ones)."""
    quartiere = list(analysis_quartier_list(user=user))
    if quartier_slugs:
        quartiere = [q for q in quartiere if q.slug in set(quartier_slugs)]
    rows = list(target_group_list(active_only=True))
    columns = list(topic_list(active_only=True))
    counts = compare_counts(_records([q.pk for q in quartiere]), [r.pk for r in rows], [c.pk for c in columns],
                            [q.pk for q in quartiere])
    return Comparison(quartiere, rows, columns, counts)


# --- map ----------------------------------------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def offer_map_payload(*, user: User, quartier: Quartier, filters: dict | None = None) -> dict:
    """Markers of a Quartier's offers (each location with coordinates) and organisations, plus its boundary."""
    filters = dict(filters or {}, quartier_id=quartier.pk)
    offers = list(offer_list(user=user, filters=filters))
    markers = []
    for offer in offers:
        for loc in offer.locations.all():
            if loc.latitude is None:
                continue
            markers.append({
                "id": offer.pk, "title": offer.title, "provider": offer.provider.name, "address": loc.address,
                "lat": _float(loc.latitude), "lon": _float(loc.longitude), "url": offer.get_absolute_url(),
                "target_groups": [t.name for t in offer.target_groups.all()],
                "topics": [t.name for t in offer.topics.all()],
            })
    organisations = [
        {"id": o.pk, "name": o.name, "lat": _float(o.latitude), "lon": _float(o.longitude),
         "url": o.get_absolute_url(), "type": o.actor_type.name}
        for o in organisation_list(user=user, filters={"quartier_id": quartier.pk}).filter(latitude__isnull=False)
    ] if shows_offer_details(user=user) else []
    return {"offers": markers, "organisations": organisations, "boundary": quartier.boundary or None,
            "offer_list": offers}


# --- public directory ---------------------------------------------------------------------------------------------


def public_quartier_list() -> QuerySet[Quartier]:
    """Quartiere with at least one offer in the public directory."""
    ids = {o.quartier_id for o in _public_offers(Offer.objects.all())}
    return Quartier.objects.filter(pk__in=ids).order_by("city", "name")


def public_quartier_get(*, slug: str) -> Quartier:
    try:
        return Quartier.objects.get(slug=slug)
    except Quartier.DoesNotExist as exc:
        raise Http404 from exc


def _public_offers(qs: QuerySet[Offer]) -> list[Offer]:
    today = timezone.localdate()
    qs = (
        qs.filter(status__in=PUBLIC_STATUSES, contact__consents__purpose=ConsentPurpose.PUBLISH)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .distinct()
    )
    qs = Offer.objects.filter(pk__in=qs.values("pk")).select_related("provider", "contact", "quartier")
    qs = qs.prefetch_related("target_groups", "topics", "locations", _consents_prefetch("contact__"))
    return [o for o in qs.order_by("title", "pk") if publication_consent_active(o.contact)]


def public_offer_list(*, quartier: Quartier, filters: dict | None = None) -> list[Offer]:
    """Current offers of the Quartier whose contact person consented to publication. Searchable by text, target
    group and topic."""
    filters = dict(filters or {})
    for key in ("status", "legal_basis", "access_route", "provider", "in_quartier", "quartier"):
        filters.pop(key, None)
    qs = apply_offer_filters(Offer.objects.filter(quartier=quartier), filters)
    return _public_offers(qs)


def duplicate_assessment_get(*, user: User, quartier: Quartier, pk: int) -> DuplicateAssessment:
    """An assessment of the Quartier, for users who see the offers of its matrix."""
    if not shows_offer_details(user=user) or not get_scope(user).can_see_quartier(quartier.pk):
        raise Http404
    try:
        return DuplicateAssessment.objects.get(quartier=quartier, pk=pk)
    except DuplicateAssessment.DoesNotExist as exc:
        raise Http404 from exc
