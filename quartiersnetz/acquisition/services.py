"""Writes of the acquisition app: keyword-only, one transaction each, audited.

`acquisition_move` is the use case of the board: it validates the move (known stage, a different stage, a date
that is not in the future and not before the last recorded move), writes the StageChange and updates the case
together. Moving backwards is allowed and recorded like every other move.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import apply_and_validate, audit_log

from .choices import AcquisitionStage, CooperationPath, size_class_for
from .models import (
    AcquisitionCase,
    BusinessNetwork,
    BusinessNetworkMembership,
    CompanyProfile,
    CooperationPathChange,
    PublicityEntry,
    StageChange,
)
from .selectors import COMPANY_TYPE
from .wz2008 import WzError, normalise_wz

CASE_FIELDS = ("owner", "next_step", "next_step_on", "objections", "benefit")
PROFILE_FIELDS = ("wz_code", "size_class", "employees", "founded_year", "trains_apprentices", "note")
NETWORK_FIELDS = ("name", "form", "meeting_format", "founded_on", "organisation", "critical_mass", "goals",
                  "strategic_partners")
PUBLICITY_FIELDS = ("on", "kind", "text")


# --- helpers ------------------------------------------------------------------------------------------------------


def _pick(data: dict, fields: Iterable[str]) -> dict:
    return {k: v for k, v in data.items() if k in fields}


def _require_edit(user: User, quartier_id: int) -> None:
    if not get_scope(user).can_edit_quartier(quartier_id):
        raise Http404


def _require_edit_new(user: User, quartier: Quartier) -> None:
    if not get_scope(user).can_edit_quartier(quartier.pk):
        raise ApplicationError(
            _("You may not record anything in the neighbourhood {name}.").format(name=quartier.display_name),
            extra={"quartier": [_("You may not record anything in this neighbourhood.")]}, status=403,
        )


def _validate(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def _apply(instance, data: dict) -> list[str]:
    try:
        return apply_and_validate(instance, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def _check_organisation(organisation: Organisation | None, quartier_id: int, *, field: str) -> None:
    if organisation is None:
        return
    if not Organisation.quartiere.through.objects.filter(organisation_id=organisation.pk,
                                                         quartier_id=quartier_id).exists():
        raise ApplicationError(
            _("“{name}” is not active in this neighbourhood.").format(name=organisation.name),
            extra={field: [_("Please choose an organisation of this neighbourhood.")]},
        )


def _check_not_future(on: dt.date, *, field: str) -> None:
    if on > timezone.localdate():
        raise ApplicationError(
            _("The date {date} is in the future. Moves can be backdated, but not recorded in advance.").format(
                date=f"{on:%d.%m.%Y}"),
            extra={field: [_("The date must not be in the future.")]},
        )


# --- acquisition cases --------------------------------------------------------------------------------------------


def _check_owner(owner: User | None, quartier: Quartier) -> None:
    if owner is None:
        return
    scope = get_scope(owner)
    if not owner.is_active or not (scope.is_admin or (quartier.pk in scope.quartier_ids and not scope.aggregates_only)):
        raise ApplicationError(
            _("{name} has no role in this neighbourhood.").format(name=owner.get_full_name() or owner.username),
            extra={"owner": [_("Please choose a person working in this neighbourhood.")]},
        )


@transaction.atomic
def case_create(*, user: User, quartier: Quartier, organisation: Organisation, data: dict | None = None,
                stage: str = AcquisitionStage.IDENTIFIED, on: dt.date | None = None) -> AcquisitionCase:
    """Open a case; its first StageChange records the stage it starts in (identifiziert by default)."""
    _require_edit_new(user, quartier)
    data = _pick(data or {}, CASE_FIELDS)
    on = on or timezone.localdate()
    if stage not in AcquisitionStage.values:
        raise ApplicationError(_("Unknown stage."), extra={"stage": [_("Please choose a stage.")]})
    _check_not_future(on, field="on")
    _check_organisation(organisation, quartier.pk, field="organisation")
    _check_owner(data.get("owner"), quartier)
    if AcquisitionCase.objects.filter(quartier=quartier, organisation=organisation).exists():
        raise ApplicationError(
            _("There is already an acquisition case for {name} in this neighbourhood.").format(
                name=organisation.name), extra={"organisation": ["duplicate"]}, status=409)
    case = AcquisitionCase(quartier=quartier, organisation=organisation, stage=stage, stage_since=on, **data)
    _validate(case)
    case.save()
    StageChange.objects.create(case=case, from_stage="", to_stage=stage, on=on, by=user)
    audit_log(user=user, action=AuditAction.CREATE, obj=case, fields=["organisation", "stage", *data.keys()],
              quartier=quartier)
    return case


@transaction.atomic
def case_update(*, user: User, case: AcquisitionCase, data: dict) -> AcquisitionCase:
    _require_edit(user, case.quartier_id)
    data = _pick(data, CASE_FIELDS)
    if "owner" in data and data["owner"] != case.owner:
        _check_owner(data["owner"], case.quartier)
    fields = _apply(case, data)
    case.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=case, fields=fields, quartier=case.quartier)
    return case


@transaction.atomic
def case_delete(*, user: User, case: AcquisitionCase) -> None:
    _require_edit(user, case.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=case, quartier=case.quartier)
    case.delete()


@transaction.atomic
def acquisition_move(*, user: User, case: AcquisitionCase, to_stage: str, on: dt.date | None = None,
                     note: str = "") -> StageChange:
    """Move a case to another stage on a date (today by default; may be backdated, never in the future)."""
    _require_edit(user, case.quartier_id)
    case = AcquisitionCase.objects.select_for_update().get(pk=case.pk)
    on = on or timezone.localdate()
    if to_stage not in AcquisitionStage.values:
        raise ApplicationError(_("Unknown stage."), extra={"to_stage": [_("Please choose a stage.")]})
    if to_stage == case.stage:
        raise ApplicationError(
            _("{name} is already in the stage “{stage}”.").format(
                name=case.organisation.name, stage=AcquisitionStage(to_stage).label),
            extra={"to_stage": [_("Please choose another stage.")]},
        )
    _check_not_future(on, field="on")
    last = case.stage_changes.aggregate(last=Max("on"))["last"]
    if last is not None and on < last:
        raise ApplicationError(
            _("The date must not be before the last recorded move ({date}).").format(date=f"{last:%d.%m.%Y}"),
            extra={"on": [_("The date must not be before the last recorded move ({date}).").format(
                date=f"{last:%d.%m.%Y}")]},
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise ApplicationError(_("The input is not valid."),
                               extra={"note": [_("Please enter at most 500 characters.")]})
    change = StageChange.objects.create(case=case, from_stage=case.stage, to_stage=to_stage, on=on, note=note,
                                        by=user)
    AcquisitionCase.objects.filter(pk=case.pk).update(stage=to_stage, stage_since=on, updated_at=timezone.now())
    case.stage, case.stage_since = to_stage, on
    audit_log(user=user, action=AuditAction.UPDATE, obj=case, fields=["stage", "stage_since"],
              quartier=case.quartier)
    return change


# --- company profiles ---------------------------------------------------------------------------------------------


def _can_edit_organisation(user: User, organisation: Organisation) -> bool:
    scope = get_scope(user)
    return scope.is_admin or organisation.quartiere.filter(pk__in=scope.edit_quartier_ids).exists()


def _check_company_type(organisation: Organisation) -> None:
    actor_type = organisation.actor_type
    if actor_type.slug != COMPANY_TYPE and not (actor_type.parent_id and actor_type.parent.slug == COMPANY_TYPE):
        raise ApplicationError(
            _("“{name}” is not a company (actor type {type}). Company profiles are for organisations of the actor "
              "type “Unternehmen”.").format(name=organisation.name, type=actor_type.name),
            extra={"organisation": [_("Please choose an organisation of the actor type “Unternehmen”.")]},
        )


def _prepare_profile(profile: CompanyProfile) -> None:
    with contextlib.suppress(WzError):  # an invalid code is reported by full_clean in German
        profile.wz_code = normalise_wz(profile.wz_code)
    if profile.employees is not None:
        derived = size_class_for(profile.employees)
        if not profile.size_class:
            profile.size_class = derived
        elif profile.size_class != derived:
            raise ApplicationError(
                _("{count} employees do not match the size class you chose.").format(count=profile.employees),
                extra={"size_class": [_("With {count} employees the size class is “{size}”.").format(
                    count=profile.employees, size=dict(type(profile).size_class.field.choices)[derived])]},
            )
    if profile.founded_year and profile.founded_year > timezone.localdate().year:
        raise ApplicationError(_("The input is not valid."),
                               extra={"founded_year": [_("The year must not be in the future.")]})


@transaction.atomic
def company_profile_create(*, user: User, organisation: Organisation, data: dict | None = None,
                           cooperation_path: str = "", on: dt.date | None = None) -> CompanyProfile:
    if not _can_edit_organisation(user, organisation):
        raise Http404
    _check_company_type(organisation)
    if CompanyProfile.objects.filter(organisation=organisation).exists():
        raise ApplicationError(_("{name} already has a company profile.").format(name=organisation.name),
                               extra={"organisation": ["duplicate"]}, status=409)
    data = _pick(data or {}, PROFILE_FIELDS)
    profile = CompanyProfile(organisation=organisation, **data)
    _prepare_profile(profile)
    _validate(profile)
    profile.save()
    if cooperation_path:
        company_path_set(user=user, profile=profile, to_path=cooperation_path, on=on)
    audit_log(user=user, action=AuditAction.CREATE, obj=profile, fields=["organisation", *data.keys()])
    return profile


@transaction.atomic
def company_profile_update(*, user: User, profile: CompanyProfile, data: dict) -> CompanyProfile:
    if not _can_edit_organisation(user, profile.organisation):
        raise Http404
    data = _pick(data, PROFILE_FIELDS)
    fields = _apply(profile, data)
    _prepare_profile(profile)
    profile.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=profile, fields=fields)
    return profile


@transaction.atomic
def company_profile_delete(*, user: User, profile: CompanyProfile) -> None:
    if not _can_edit_organisation(user, profile.organisation):
        raise Http404
    audit_log(user=user, action=AuditAction.DELETE, obj=profile)
    profile.delete()


@transaction.atomic
def company_path_set(*, user: User, profile: CompanyProfile, to_path: str, on: dt.date | None = None,
                     note: str = "") -> CooperationPathChange:
    """Set the company's current cooperation path (or "" for none) and keep the change in its history."""
    if not _can_edit_organisation(user, profile.organisation):
        raise Http404
    on = on or timezone.localdate()
    if to_path and to_path not in CooperationPath.values:
        raise ApplicationError(_("Unknown cooperation path."), extra={"to_path": [_("Please choose a path.")]})
    if to_path == profile.cooperation_path:
        raise ApplicationError(_("The company is already on this path."),
                               extra={"to_path": [_("Please choose another path.")]})
    _check_not_future(on, field="on")
    last = profile.path_changes.aggregate(last=Max("on"))["last"]
    if last is not None and on < last:
        raise ApplicationError(
            _("The date must not be before the last recorded change ({date}).").format(date=f"{last:%d.%m.%Y}"),
            extra={"on": [_("The date must not be before the last recorded change ({date}).").format(
                date=f"{last:%d.%m.%Y}")]},
        )
    change = CooperationPathChange.objects.create(profile=profile, from_path=profile.cooperation_path,
                                                  to_path=to_path, on=on, note=(note or "").strip()[:500], by=user)
    profile.cooperation_path, profile.cooperation_path_since = to_path, (on if to_path else None)
    profile.save(update_fields=["cooperation_path", "cooperation_path_since", "updated_at"])
    audit_log(user=user, action=AuditAction.UPDATE, obj=profile, fields=["cooperation_path"])
    return change


# --- business networks --------------------------------------------------------------------------------------------


def _check_network(network: BusinessNetwork) -> None:
    _check_organisation(network.organisation, network.quartier_id, field="organisation")
    duplicate = BusinessNetwork.objects.filter(quartier_id=network.quartier_id, name__iexact=network.name.strip())
    if network.pk:
        duplicate = duplicate.exclude(pk=network.pk)
    if duplicate.exists():
        raise ApplicationError(
            _("A business network named “{name}” already exists in this neighbourhood.").format(name=network.name),
            extra={"name": ["duplicate"]}, status=409,
        )


@transaction.atomic
def network_create(*, user: User, quartier: Quartier, data: dict) -> BusinessNetwork:
    _require_edit_new(user, quartier)
    data = _pick(data, NETWORK_FIELDS)
    network = BusinessNetwork(quartier=quartier, **data)
    network.name = (network.name or "").strip()
    _validate(network)
    _check_network(network)
    network.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=network, fields=data.keys(), quartier=quartier)
    return network


@transaction.atomic
def network_update(*, user: User, network: BusinessNetwork, data: dict) -> BusinessNetwork:
    _require_edit(user, network.quartier_id)
    data = _pick(data, NETWORK_FIELDS)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    fields = _apply(network, data)
    _check_network(network)
    network.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=network, fields=fields, quartier=network.quartier)
    return network


@transaction.atomic
def network_delete(*, user: User, network: BusinessNetwork) -> None:
    _require_edit(user, network.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=network, quartier=network.quartier)
    network.delete()


@transaction.atomic
def network_member_add(*, user: User, network: BusinessNetwork, organisation: Organisation,
                       since: dt.date | None = None, until: dt.date | None = None) -> BusinessNetworkMembership:
    _require_edit(user, network.quartier_id)
    _check_organisation(organisation, network.quartier_id, field="organisation")
    if since and until and until < since:
        raise ApplicationError(_("“Member until” must not be before “member since”."),
                               extra={"until": [_("“Member until” must not be before “member since”.")]})
    if until is None and network.memberships.filter(organisation=organisation, until__isnull=True).exists():
        raise ApplicationError(_("{name} is already a member of this network.").format(name=organisation.name),
                               extra={"organisation": ["duplicate"]}, status=409)
    membership = BusinessNetworkMembership.objects.create(network=network, organisation=organisation, since=since,
                                                          until=until)
    audit_log(user=user, action=AuditAction.CREATE, obj=membership, fields=["organisation", "since", "until"],
              quartier=network.quartier)
    return membership


@transaction.atomic
def network_member_remove(*, user: User, membership: BusinessNetworkMembership,
                          on: dt.date | None = None) -> BusinessNetworkMembership | None:
    """With a date: the membership ends then (history stays). Without: the entry is deleted (made by mistake)."""
    network = membership.network
    _require_edit(user, network.quartier_id)
    if on is None:
        audit_log(user=user, action=AuditAction.DELETE, obj=membership, quartier=network.quartier)
        membership.delete()
        return None
    if membership.since and on < membership.since:
        raise ApplicationError(_("“Member until” must not be before “member since”."),
                               extra={"until": [_("“Member until” must not be before “member since”.")]})
    membership.until = on
    membership.save(update_fields=["until"])
    audit_log(user=user, action=AuditAction.UPDATE, obj=membership, fields=["until"], quartier=network.quartier)
    return membership


@transaction.atomic
def publicity_add(*, user: User, network: BusinessNetwork, data: dict) -> PublicityEntry:
    _require_edit(user, network.quartier_id)
    data = _pick(data, PUBLICITY_FIELDS)
    entry = PublicityEntry(network=network, **data)
    _validate(entry)
    if entry.on > timezone.localdate():
        raise ApplicationError(_("The input is not valid."),
                               extra={"on": [_("The date must not be in the future.")]})
    entry.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=entry, fields=data.keys(), quartier=network.quartier)
    return entry


@transaction.atomic
def publicity_delete(*, user: User, entry: PublicityEntry) -> None:
    _require_edit(user, entry.network.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=entry, quartier=entry.network.quartier)
    entry.delete()
