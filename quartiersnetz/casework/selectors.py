"""Reads of the case work. Every selector takes the user first; `case_scope()` is the one place that decides.

Who sees what (docs/privacy-casework.md):
- Case role = Kontaktstelle of the Quartier (and Administration): cases, contacts, consents and identities there.
- Network roles (Netzwerkcoach, Programmkoordination, and the case role): contact points, referrals (by case code,
  never identities), case conferences and outreach of their Quartiere.
- Partner: only referrals sent by or addressed to its own organisation; the personal part only while a release
  covers the receiving organisation.
- Auswertung: suppressed statistics and chain figures only.
Everything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import Programme, Quartier, RoleAssignment, User

from .choices import ConsentKind
from .models import (
    DEFAULT_RETENTION_MONTHS,
    DEFAULT_STALL_DAYS,
    IDENTITY_FIELDS,
    CaseConference,
    CaseConsent,
    CaseworkPolicy,
    Client,
    ClientIdentity,
    Contact,
    ContactPoint,
    OutcomeStage,
    OutreachAction,
    ProblemCategory,
    Referral,
    ReferralEvent,
)


@dataclass(frozen=True)
class CaseScope:
    is_admin: bool = False
    case_quartier_ids: frozenset[int] = frozenset()  # Kontaktstelle: cases and identities
    network_quartier_ids: frozenset[int] = frozenset()  # referrals, conferences, outreach, contact points
    stats_quartier_ids: frozenset[int] = frozenset()  # suppressed aggregates
    partner_org_ids: frozenset[int] = frozenset()

    def sees_cases(self, quartier_id: int) -> bool:
        return self.is_admin or quartier_id in self.case_quartier_ids

    def sees_network(self, quartier_id: int) -> bool:
        return self.is_admin or quartier_id in self.network_quartier_ids

    def sees_stats(self, quartier_id: int) -> bool:
        return self.is_admin or quartier_id in self.stats_quartier_ids

    @property
    def has_cases(self) -> bool:
        return self.is_admin or bool(self.case_quartier_ids)

    @property
    def has_network(self) -> bool:
        return self.is_admin or bool(self.network_quartier_ids)

    @property
    def has_referrals(self) -> bool:
        return self.has_network or bool(self.partner_org_ids)

    @property
    def has_stats(self) -> bool:
        return self.is_admin or bool(self.stats_quartier_ids)


NO_SCOPE = CaseScope()


def case_scope(user) -> CaseScope:
    scope = get_scope(user)
    if not scope.authenticated:
        return NO_SCOPE
    cached = getattr(user, "_qn_case_scope", None)
    if cached is not None:
        return cached
    rows = list(RoleAssignment.objects.filter(user=user).values_list("role", "programme_id", "quartier_id"))
    case = {q for r, _p, q in rows if r == Role.CONTACT_POINT and q}
    network = set(case) | {q for r, _p, q in rows if r == Role.COACH and q}
    coordination = {p for r, p, _q in rows if r == Role.COORDINATION and p}
    evaluation = {p for r, p, _q in rows if r == Role.EVALUATION and p}
    if coordination:
        network |= set(Quartier.objects.filter(programme_id__in=coordination).values_list("id", flat=True))
    stats = set(network)
    if evaluation:
        stats |= set(Quartier.objects.filter(programme_id__in=evaluation).values_list("id", flat=True))
    result = CaseScope(
        is_admin=scope.is_admin, case_quartier_ids=frozenset(case), network_quartier_ids=frozenset(network),
        stats_quartier_ids=frozenset(stats), partner_org_ids=scope.partner_org_ids,
    )
    user._qn_case_scope = result
    return result


def _ids_q(scope: CaseScope, ids: frozenset[int], path: str = "quartier_id") -> Q:
    if scope.is_admin:
        return Q()
    return Q(**{f"{path}__in": ids}) if ids else Q(pk__in=[])


def acting_organisation_ids(*, user: User) -> set[int]:
    """Organisations the user acts for: its partner organisations and the organisations running a contact point
    in a Quartier where it has the case role."""
    scope = case_scope(user)
    ids = set(scope.partner_org_ids)
    if scope.case_quartier_ids:
        ids |= set(ContactPoint.objects.filter(quartier_id__in=scope.case_quartier_ids)
                   .values_list("organisation_id", flat=True))
    return ids


# --- policy and taxonomies ----------------------------------------------------------------------------------------


def policy_for(programme_id: int) -> tuple[int, int]:
    """(retention months, stall days) of a programme."""
    policy = CaseworkPolicy.objects.filter(programme_id=programme_id).first()
    if policy is None:
        return DEFAULT_RETENTION_MONTHS, DEFAULT_STALL_DAYS
    return policy.retention_months, policy.stall_days


def problem_choices(*, programme_id: int | None) -> QuerySet[ProblemCategory]:
    return ProblemCategory.objects.for_programme(programme_id)


def outcome_choices(*, programme_id: int | None) -> QuerySet[OutcomeStage]:
    return OutcomeStage.objects.for_programme(programme_id)


def programme_of(quartier_id: int) -> int | None:
    return Quartier.objects.filter(pk=quartier_id).values_list("programme_id", flat=True).first()


# --- contact points -----------------------------------------------------------------------------------------------


def contact_point_list(*, user: User, filters: dict | None = None) -> QuerySet[ContactPoint]:
    scope = case_scope(user)
    qs = ContactPoint.objects.filter(_ids_q(scope, scope.network_quartier_ids)).select_related(
        "quartier", "organisation")
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(organisation__name__icontains=q))
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier=quartier)
    return qs


def contact_point_get(*, user: User, pk: int) -> ContactPoint:
    try:
        return contact_point_list(user=user).get(pk=pk)
    except ContactPoint.DoesNotExist as exc:
        raise Http404 from exc


def case_contact_points(*, user: User) -> QuerySet[ContactPoint]:
    """Contact points where the user records contacts (case role)."""
    scope = case_scope(user)
    return ContactPoint.objects.filter(_ids_q(scope, scope.case_quartier_ids), is_active=True).select_related(
        "quartier")


def can_edit_contact_point(*, user: User, quartier_id: int) -> bool:
    return get_scope(user).can_edit_quartier(quartier_id)


# --- cases, contacts, identities ----------------------------------------------------------------------------------


def client_list(*, user: User, filters: dict | None = None) -> QuerySet[Client]:
    scope = case_scope(user)
    qs = Client.objects.filter(_ids_q(scope, scope.case_quartier_ids)).select_related("contact_point", "quartier")
    filters = filters or {}
    if code := (filters.get("q") or "").strip():
        qs = qs.filter(code__icontains=code)
    if cp := filters.get("contact_point"):
        qs = qs.filter(contact_point=cp)
    return qs


def client_get(*, user: User, pk: int) -> Client:
    try:
        return client_list(user=user).get(pk=pk)
    except Client.DoesNotExist as exc:
        raise Http404 from exc


def client_get_by_code(*, user: User, code: str) -> Client:
    try:
        return client_list(user=user).get(code=(code or "").strip().upper())
    except Client.DoesNotExist as exc:
        raise Http404 from exc


def identity_get(*, user: User, client: Client) -> ClientIdentity | None:
    """The identity of a case: only for the case role of the case's Quartier (separate check on purpose)."""
    if not case_scope(user).sees_cases(client.quartier_id):
        return None
    return ClientIdentity.objects.filter(client=client).first()


def consent_list(*, user: User, client: Client) -> QuerySet[CaseConsent]:
    if not case_scope(user).sees_cases(client.quartier_id):
        raise Http404
    return client.consents.select_related("recipient", "recorded_by")


def consent_get(*, user: User, pk: int) -> CaseConsent:
    scope = case_scope(user)
    try:
        return CaseConsent.objects.select_related("client", "recipient").filter(
            _ids_q(scope, scope.case_quartier_ids, "client__quartier_id")).get(pk=pk)
    except CaseConsent.DoesNotExist as exc:
        raise Http404 from exc


def has_storage_consent(client: Client, on: dt.date | None = None) -> bool:
    return any(c.is_active(on) for c in client.consents.filter(kind=ConsentKind.STORAGE))


def contact_list(*, user: User, filters: dict | None = None) -> QuerySet[Contact]:
    scope = case_scope(user)
    qs = Contact.objects.filter(_ids_q(scope, scope.case_quartier_ids)).select_related(
        "client", "contact_point", "outcome", "quartier").prefetch_related("problems")
    filters = filters or {}
    if code := (filters.get("q") or "").strip():
        qs = qs.filter(client__code__icontains=code)
    if cp := filters.get("contact_point"):
        qs = qs.filter(contact_point=cp)
    if channel := filters.get("channel"):
        qs = qs.filter(channel=channel)
    if start := filters.get("start"):
        qs = qs.filter(date__gte=start)
    if end := filters.get("end"):
        qs = qs.filter(date__lte=end)
    if (client := filters.get("client")) is not None:
        qs = qs.filter(client=client)
    return qs


def contact_get(*, user: User, pk: int) -> Contact:
    try:
        return contact_list(user=user).get(pk=pk)
    except Contact.DoesNotExist as exc:
        raise Http404 from exc


# --- referrals ----------------------------------------------------------------------------------------------------


def referral_list(*, user: User, filters: dict | None = None) -> QuerySet[Referral]:
    scope = case_scope(user)
    if scope.is_admin:
        visible = Q()
    else:
        visible = Q(pk__in=[])
        if scope.network_quartier_ids:
            visible |= Q(quartier_id__in=scope.network_quartier_ids)
        if scope.partner_org_ids:
            visible |= Q(receiver_id__in=scope.partner_org_ids) | Q(sender_id__in=scope.partner_org_ids)
    qs = Referral.objects.filter(visible).select_related("client", "sender", "receiver", "need", "quartier")
    filters = filters or {}
    if code := (filters.get("q") or "").strip():
        qs = qs.filter(client__code__icontains=code)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier=quartier)
    if filters.get("at_risk"):
        qs = qs.filter(at_risk=True)
    if filters.get("incoming"):
        qs = qs.filter(receiver_id__in=acting_organisation_ids(user=user))
    if (client := filters.get("client")) is not None:
        qs = qs.filter(client=client)
    return qs


def referral_get(*, user: User, pk: int) -> Referral:
    try:
        return referral_list(user=user).prefetch_related(
            Prefetch("events", queryset=ReferralEvent.objects.select_related("organisation"), to_attr="event_list"),
        ).get(pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class ReferralView:
    """What a user sees of a referral's personal part: the released identity fields (possibly none)."""

    referral: Referral
    personal: dict[str, str]
    personal_hidden_reason: str  # "" when shown, else why not (for the page)
    may_act_as_sender: bool
    may_act_as_receiver: bool


def _release_fields(referral: Referral, on: dt.date) -> tuple[str, ...]:
    """Identity fields the active releases of the case cover for the receiving organisation."""
    fields: list[str] = []
    for consent in CaseConsent.objects.filter(client_id=referral.client_id, kind=ConsentKind.RELEASE,
                                              recipient_id=referral.receiver_id):
        if consent.is_active(on):
            fields += consent.released_fields()
    return tuple(f for f in IDENTITY_FIELDS if f in fields)


def referral_view(*, user: User, referral: Referral) -> ReferralView:
    scope = case_scope(user)
    acting = acting_organisation_ids(user=user)
    today = timezone.localdate()
    personal: dict[str, str] = {}
    reason = ""
    identity = ClientIdentity.objects.filter(client_id=referral.client_id).first()
    if scope.sees_cases(referral.quartier_id):
        # The case role sees the identity on the case page; here only what the referral shares.
        fields = _release_fields(referral, today) if referral.share_identity else ()
        reason = "case_role"
    elif referral.receiver_id in acting and referral.share_identity:
        fields = _release_fields(referral, today)
        if not fields:
            reason = "no_consent"
    else:
        fields = ()
        reason = "not_shared" if not referral.share_identity else "not_receiver"
    if identity is not None:
        personal = {f: getattr(identity, f) for f in fields if getattr(identity, f)}
    elif fields:
        reason = "no_identity"
    sender_side = scope.is_admin or referral.sender_id in acting or scope.sees_cases(referral.quartier_id) or (
        referral.created_by_id == user.pk)
    receiver_side = scope.is_admin or referral.receiver_id in acting
    return ReferralView(referral, personal, "" if personal else reason, sender_side, receiver_side)


def referral_sender_choices(*, user: User) -> list:
    from quartiersnetz.actors.models import Organisation

    scope = case_scope(user)
    if scope.is_admin:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(pk__in=acting_organisation_ids(user=user))


def referral_receiver_choices(*, user: User, quartier_id: int | None = None):
    """Receivers: organisations active in the Quartier (the network) the referral is made in."""
    from quartiersnetz.actors.models import Organisation

    qs = Organisation.objects.filter(is_active=True)
    scope = case_scope(user)
    if quartier_id is not None:
        return qs.filter(quartiere__id=quartier_id).distinct()
    if scope.is_admin:
        return qs
    return qs.filter(quartiere__id__in=scope.network_quartier_ids).distinct()


# --- conferences and outreach -------------------------------------------------------------------------------------


def conference_list(*, user: User, filters: dict | None = None) -> QuerySet[CaseConference]:
    scope = case_scope(user)
    qs = CaseConference.objects.filter(_ids_q(scope, scope.network_quartier_ids)).select_related("quartier")
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(case_code__icontains=q))
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier=quartier)
    return qs


def conference_get(*, user: User, pk: int) -> CaseConference:
    try:
        return conference_list(user=user).prefetch_related("organisations", "steps__responsible").get(pk=pk)
    except CaseConference.DoesNotExist as exc:
        raise Http404 from exc


def outreach_list(*, user: User, filters: dict | None = None) -> QuerySet[OutreachAction]:
    scope = case_scope(user)
    qs = OutreachAction.objects.filter(_ids_q(scope, scope.network_quartier_ids)).select_related(
        "quartier", "contact_point").prefetch_related("topics")
    filters = filters or {}
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(place__icontains=q)
    if quartier := filters.get("quartier"):
        qs = qs.filter(quartier=quartier)
    return qs


def outreach_get(*, user: User, pk: int) -> OutreachAction:
    try:
        return outreach_list(user=user).get(pk=pk)
    except OutreachAction.DoesNotExist as exc:
        raise Http404 from exc


# --- Quartier choices per purpose ---------------------------------------------------------------------------------


def network_quartiere(*, user: User) -> QuerySet[Quartier]:
    scope = case_scope(user)
    return Quartier.objects.filter(_ids_q(scope, scope.network_quartier_ids, "id")).select_related("programme")


def stats_quartiere(*, user: User) -> QuerySet[Quartier]:
    scope = case_scope(user)
    return Quartier.objects.filter(_ids_q(scope, scope.stats_quartier_ids, "id")).select_related("programme")


def stats_quartier_get(*, user: User, pk: int) -> Quartier:
    try:
        return stats_quartiere(user=user).get(pk=pk)
    except Quartier.DoesNotExist as exc:
        raise Http404 from exc


def min_cell_size(quartiere) -> int:
    """The strictest minimum cell size of the programmes involved."""
    ids = {q.programme_id for q in quartiere}
    sizes = list(Programme.objects.filter(pk__in=ids).values_list("min_cell_size", flat=True))
    return max(sizes) if sizes else 5
