"""Reads of the surveys app, always through core.access.

Visibility
- Instruments: library instruments (no programme) for every user with a Quartier role; programme instruments
  for users who see a Quartier of the programme. Partners see none.
- Waves: a wave is visible when the user sees one of its Quartiere (coach of A: the waves fielded in A). Inside a
  wave, invitations and responses count only for the Quartiere the user sees.
- Invitations (names of institutions and persons, token links) only for users with personal-data access to the
  Quartier and never for evaluation roles (`aggregates_only`): they see suppressed aggregates only.
- Managing a wave (send, remind, import, raw exports): administration, or users who may edit every Quartier of
  the wave (coordination of the programme; a coach for a wave in the own Quartier only).
- Token pages are public: `invitation_by_token` is the only lookup and answers 404 for any other token.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from quartiersnetz.actors.models import ActorType, Organisation
from quartiersnetz.analytics.suppression import suppress_counts
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import Programme, Quartier, User

from .choices import InvitationStatus, ItemType
from .models import Instrument, InstrumentVersion, Invitation, Item, Response, Wave
from .spec import WaveSpec, spec_from_snapshot

# --- instruments --------------------------------------------------------------------------------------------------


def _visible_programme_ids(user: User) -> set[int] | None:
    scope = get_scope(user)
    if scope.is_admin:
        return None
    return set(Quartier.objects.filter(pk__in=scope.quartier_ids).values_list("programme_id", flat=True))


def coordinated_programme_ids(*, user: User) -> set[int] | None:
    """Programmes the user coordinates (None: all, administration)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    if Role.COORDINATION not in scope.roles:
        return set()
    return set(user.roles.filter(role=Role.COORDINATION).values_list("programme_id", flat=True))


def instrument_list(*, user: User, filters: dict | None = None) -> QuerySet[Instrument]:
    filters = filters or {}
    scope = get_scope(user)
    qs = Instrument.objects.select_related("programme")
    programmes = _visible_programme_ids(user)
    if programmes is not None:
        if not scope.quartier_ids:
            return qs.none()
        qs = qs.filter(Q(programme__isnull=True) | Q(programme_id__in=programmes))
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=term) | Q(description__icontains=term))
    return qs.order_by("title", "pk")


def instrument_get(*, user: User, pk: int) -> Instrument:
    try:
        return instrument_list(user=user).get(pk=pk)
    except Instrument.DoesNotExist as exc:
        raise Http404 from exc


def instrument_can_edit(*, user: User, instrument: Instrument) -> bool:
    coordinated = coordinated_programme_ids(user=user)
    if coordinated is None:
        return True
    return instrument.programme_id is not None and instrument.programme_id in coordinated


def instrument_structure(*, user: User, instrument: Instrument):
    """Blocks with their items in order (the instrument comes from instrument_get)."""
    return instrument.blocks.order_by("order", "pk").prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("order", "pk"))
    )


def item_get(*, user: User, pk: int) -> Item:
    try:
        item = Item.objects.select_related("block", "block__instrument").get(pk=pk)
    except Item.DoesNotExist as exc:
        raise Http404 from exc
    instrument_get(user=user, pk=item.block.instrument_id)
    return item


def programme_choices(*, user: User) -> QuerySet[Programme]:
    """Programmes in which the user may create waves (at least one editable Quartier)."""
    scope = get_scope(user)
    qs = Programme.objects.order_by("name")
    if scope.is_admin:
        return qs
    return qs.filter(quartiere__in=scope.edit_quartier_ids).distinct()


def editable_quartiere(*, user: User) -> QuerySet[Quartier]:
    scope = get_scope(user)
    qs = Quartier.objects.select_related("programme").order_by("city", "name")
    return qs if scope.is_admin else qs.filter(pk__in=scope.edit_quartier_ids)


def top_level_actor_types() -> QuerySet[ActorType]:
    return ActorType.objects.filter(parent__isnull=True).order_by("order", "name")


# --- waves --------------------------------------------------------------------------------------------------------


def _visible_quartier_ids(user: User) -> set[int] | None:
    scope = get_scope(user)
    return None if scope.is_admin else set(scope.quartier_ids)


def wave_list(*, user: User, filters: dict | None = None) -> QuerySet[Wave]:
    filters = filters or {}
    qs = Wave.objects.select_related("instrument", "programme", "version")
    ids = _visible_quartier_ids(user)
    if ids is not None:
        qs = qs.filter(pk__in=Wave.objects.filter(quartiere__in=ids).values("pk"))
    if instrument := filters.get("instrument"):
        qs = qs.filter(instrument_id=getattr(instrument, "pk", instrument))
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if term := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=term) | Q(code__icontains=term))
    return qs.order_by("-opens_on", "-pk")


def wave_get(*, user: User, pk: int) -> Wave:
    try:
        return wave_list(user=user).get(pk=pk)
    except Wave.DoesNotExist as exc:
        raise Http404 from exc


def wave_quartier_ids(*, user: User, wave: Wave) -> set[int]:
    """The wave's Quartiere that the user sees."""
    ids = set(wave.quartiere.values_list("pk", flat=True))
    visible = _visible_quartier_ids(user)
    return ids if visible is None else ids & visible


def wave_can_manage(*, user: User, wave: Wave) -> bool:
    scope = get_scope(user)
    if scope.is_admin:
        return True
    if scope.aggregates_only:
        return False
    return set(wave.quartiere.values_list("pk", flat=True)) <= set(scope.edit_quartier_ids)


def wave_can_see_people(*, user: User, wave: Wave) -> bool:
    scope = get_scope(user)
    if scope.is_admin:
        return True
    return not scope.aggregates_only and bool(wave_quartier_ids(user=user, wave=wave) & scope.personal_quartier_ids)


def wave_spec(wave: Wave) -> WaveSpec:
    """The structure the wave was fielded with (frozen version, restricted to the wave's blocks)."""
    return spec_from_snapshot(wave.version.snapshot, wave.block_codes)


def version_list(*, user: User, instrument: Instrument) -> QuerySet[InstrumentVersion]:
    return instrument.versions.order_by("-number")


def comparable_waves(*, user: User, wave: Wave) -> QuerySet[Wave]:
    """Other visible waves of the same instrument (for wave-to-wave comparison)."""
    return wave_list(user=user).filter(instrument_id=wave.instrument_id).exclude(pk=wave.pk)


# --- invitations and responses ------------------------------------------------------------------------------------


def invitation_list(*, user: User, wave: Wave, filters: dict | None = None) -> QuerySet[Invitation]:
    """Invitations of the wave in the user's Quartiere; 404 for users without personal-data access."""
    if not wave_can_see_people(user=user, wave=wave):
        raise Http404
    scope = get_scope(user)
    qs = wave.invitations.select_related("organisation", "contact", "quartier", "actor_type")
    if not scope.is_admin:
        qs = qs.filter(quartier_id__in=scope.personal_quartier_ids)
    filters = filters or {}
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    return qs.order_by("quartier__city", "quartier__name", "organisation__name", "pk")


def invitation_get(*, user: User, wave: Wave, pk: int) -> Invitation:
    try:
        return invitation_list(user=user, wave=wave).get(pk=pk)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc


def invitation_by_token(*, token: str) -> Invitation:
    """The public token page's only lookup: exactly this token, else 404."""
    if not token or len(token) > 64:
        raise Http404
    try:
        return Invitation.objects.select_related("wave", "wave__version", "organisation", "quartier").get(
            token=token)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc


def response_list(*, user: User, wave: Wave) -> QuerySet[Response]:
    """Responses of the wave from the user's Quartiere (imported responses without Quartier: administration and
    users who may manage the wave)."""
    ids = wave_quartier_ids(user=user, wave=wave)
    qs = wave.responses.select_related("quartier", "actor_type", "quartier__programme")
    if get_scope(user).is_admin or wave_can_manage(user=user, wave=wave):
        return qs.filter(Q(quartier_id__in=ids) | Q(quartier__isnull=True))
    return qs.filter(quartier_id__in=ids)


@dataclass(frozen=True)
class RateRow:
    label: str
    invited: int
    submitted: int | None  # None: suppressed
    rate: float | None


def response_rates(*, user: User, wave: Wave, group_by: str = "actor_type", k: int | None = None) -> list[RateRow]:
    """Invited and submitted institutions per group (actor type or Quartier) and in total. For evaluation roles
    the submitted counts pass the small-cell suppression."""
    k = k or wave.programme.min_cell_size
    ids = wave_quartier_ids(user=user, wave=wave)
    rows = wave.invitations.filter(quartier_id__in=ids).values_list(
        "actor_type__name", "quartier__city", "quartier__name", "quartier__label", "status")
    groups: dict[str, list[int]] = {}
    for type_name, city, name, label, status in rows:
        key = type_name if group_by == "actor_type" else (label or (f"{city}-{name}" if name else city))
        entry = groups.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += status == InvitationStatus.SUBMITTED
    published = {g: v[1] for g, v in groups.items()}
    if get_scope(user).aggregates_only:
        published = suppress_counts(published, k)
    out = []
    for label in sorted(groups):
        invited, submitted = groups[label][0], published[label]
        out.append(RateRow(label, invited, submitted,
                           None if submitted is None or not invited else submitted / invited))
    total_invited = sum(v[0] for v in groups.values())
    total_submitted = sum(v[1] for v in groups.values())
    out.append(RateRow("", total_invited, total_submitted,
                       total_submitted / total_invited if total_invited else None))
    return out


# --- declared ties for the network analysis -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredTieRow:
    respondent_org_id: int
    named_org_id: int
    frequency: str
    cooperation_level: str
    reliability: int | None
    openness: int | None
    shared_mission: int | None
    influence: int | None
    resources: int | None
    involvement: int | None
    wave_id: int
    wave_label: str
    opens_on: object
    closes_on: object


def declared_tie_rows(*, user: User, quartier_id: int, wave_id: int | None = None) -> list[DeclaredTieRow]:
    """Ties declared in network items of submitted, non-anonymous responses of a Quartier: one row per named
    organisation. Both organisations must be active in the Quartier (names of other Quartiere never appear).
    404 when the user does not see the Quartier."""
    visible = _visible_quartier_ids(user)
    if visible is not None and quartier_id not in visible:
        raise Http404
    waves = Wave.objects.filter(quartiere=quartier_id, anonymous=False).select_related("version")
    if wave_id is not None:
        waves = waves.filter(pk=wave_id)
    org_ids = set(Organisation.objects.filter(quartiere=quartier_id).values_list("pk", flat=True))
    out: list[DeclaredTieRow] = []
    for wave in waves.order_by("opens_on", "pk"):
        codes = [i.code for i in wave_spec(wave).network_items]
        if not codes:
            continue
        responses = wave.responses.filter(quartier_id=quartier_id, organisation__isnull=False).values_list(
            "organisation_id", "answers")
        for respondent, answers in responses:
            if respondent not in org_ids:
                continue
            for code in codes:
                for entry in answers.get(code) or []:
                    named = _int(entry.get("org"))
                    if named is None or named == respondent or named not in org_ids:
                        continue
                    out.append(DeclaredTieRow(
                        respondent_org_id=respondent, named_org_id=named, frequency=entry.get("frequency") or "",
                        cooperation_level=entry.get("level") or "kenntnis",
                        **{name: _scale4(entry.get(name)) for name in (
                            "reliability", "openness", "shared_mission", "influence", "resources", "involvement")},
                        wave_id=wave.pk, wave_label=wave.title, opens_on=wave.opens_on, closes_on=wave.closes_on,
                    ))
    return out


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scale4(value) -> int | None:
    number = _int(value)
    return number if number is not None and 1 <= number <= 4 else None


def network_item_organisations(*, invitation: Invitation) -> QuerySet[Organisation]:
    """Organisations a respondent may name in a network item: the active ones of its Quartier, not itself."""
    return (Organisation.objects.filter(quartiere=invitation.quartier_id, is_active=True)
            .exclude(pk=invitation.organisation_id).select_related("actor_type").order_by("name"))


def has_network_items(items: Iterable) -> bool:
    return any(getattr(i, "type", getattr(i, "item_type", None)) == ItemType.NETWORK for i in items)
