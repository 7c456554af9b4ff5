"""Acquisition API: cases with their stage history and the move, the funnel, company profiles and business networks
with members, publicity and Branchenmix.

Thin operations: a selector resolves every id (outside the user's scope: 404, also for ids in a body), one service
writes. Bodies of operations on existing objects are validated after the lookup (`late_body`).
"""

from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from quartiersnetz.core.api import Pagination, api_user, filters_dict, late_body, resolve_reference, validate_body
from quartiersnetz.core.schemas import Id

from .choices import AcquisitionStage
from .schemas import (
    CaseDetailOut,
    CaseFilters,
    CaseIn,
    CaseOut,
    CasePatch,
    CompanyFilters,
    CompanyIn,
    CompanyOut,
    CompanyPatch,
    FunnelOut,
    MemberIn,
    MemberOut,
    MoveIn,
    NetworkDetailOut,
    NetworkFilters,
    NetworkIn,
    NetworkOut,
    NetworkPatch,
    PathIn,
    PublicityIn,
    PublicityOut,
)
from .selectors import (
    acquisition_funnel,
    case_get,
    case_list,
    company_get,
    company_list,
    network_get,
    network_health,
    network_list,
    network_members,
    network_membership_get,
    organisation_choices,
    owner_choices,
    publicity_get,
    publicity_list,
    quartier_list_editable,
    quartier_list_work,
)
from .services import (
    acquisition_move,
    case_create,
    case_delete,
    case_update,
    company_path_set,
    company_profile_create,
    company_profile_delete,
    company_profile_update,
    network_create,
    network_delete,
    network_member_add,
    network_member_remove,
    network_update,
    publicity_add,
    publicity_delete,
)
from .wz2008 import section_name

router = Router(tags=["Akquise und lokale Ökonomie"])


def _owner(user, owner_id, quartier_ids):
    if owner_id is None:
        return None
    return resolve_reference(owner_choices(user=user, quartier_ids=quartier_ids), owner_id, field="owner_id")


def _organisation(user, organisation_id, quartier_ids, field="organisation_id"):
    if organisation_id is None:
        return None
    return resolve_reference(organisation_choices(user=user, quartier_ids=quartier_ids), organisation_id, field=field)


# --- cases --------------------------------------------------------------------------------------------------------


@router.get("/acquisition/cases", response=list[CaseOut], summary="List acquisition cases")
@paginate(Pagination)
def case_list_api(request, filters: Query[CaseFilters]):
    return case_list(user=api_user(request), filters=filters_dict(filters)).order_by("pk")


@router.get("/acquisition/cases/{case_id}", response=CaseDetailOut, summary="Get a case with its stage history")
def case_get_api(request, case_id: Id):
    return case_get(user=api_user(request), pk=case_id)


@router.post("/acquisition/cases", response={201: CaseDetailOut}, summary="Open an acquisition case")
def case_create_api(request, payload: CaseIn):
    user = api_user(request)
    data = payload.dict(exclude_unset=True)
    quartier = resolve_reference(quartier_list_work(user=user), data.pop("quartier_id"), field="quartier_id")
    organisation = _organisation(user, data.pop("organisation_id"), [quartier.pk])
    if "owner_id" in data:
        data["owner"] = _owner(user, data.pop("owner_id"), [quartier.pk])
    case = case_create(user=user, quartier=quartier, organisation=organisation,
                       stage=data.pop("stage", AcquisitionStage.IDENTIFIED), on=data.pop("on", None), data=data)
    return Status(201, case_get(user=user, pk=case.pk))


@router.patch("/acquisition/cases/{case_id}", response=CaseDetailOut, summary="Change a case",
              openapi_extra=late_body(CasePatch))
def case_update_api(request, case_id: Id):
    user = api_user(request)
    case = case_get(user=user, pk=case_id)
    data = validate_body(request, CasePatch).dict(exclude_unset=True)
    if "owner_id" in data:
        data["owner"] = _owner(user, data.pop("owner_id"), [case.quartier_id])
    case_update(user=user, case=case, data=data)
    return case_get(user=user, pk=case.pk)


@router.delete("/acquisition/cases/{case_id}", response={204: None}, summary="Delete a case")
def case_delete_api(request, case_id: Id):
    user = api_user(request)
    case_delete(user=user, case=case_get(user=user, pk=case_id))
    return Status(204, None)


@router.post("/acquisition/cases/{case_id}/move", response=CaseDetailOut, summary="Move a case to another stage",
             openapi_extra=late_body(MoveIn))
def case_move_api(request, case_id: Id):
    user = api_user(request)
    case = case_get(user=user, pk=case_id)
    payload = validate_body(request, MoveIn)
    acquisition_move(user=user, case=case, to_stage=payload.to_stage, on=payload.on, note=payload.note)
    return case_get(user=user, pk=case.pk)


@router.get("/acquisition/funnel", response=FunnelOut, summary="Acquisition funnel (per Quartier or programme)")
def funnel_api(request, quartier_id: Id | None = None, programme_id: Id | None = None):
    """Counts organisations (not persons), so no small-cell suppression applies. Without parameters: all Quartiere
    the user sees (evaluation included)."""
    result = acquisition_funnel(user=api_user(request), quartier_id=quartier_id, programme_id=programme_id)
    labels = dict(AcquisitionStage.choices)
    f = result.funnel
    return {
        "quartier_id": result.quartier.pk if result.quartier else None,
        "programme_id": result.programme.pk if result.programme else None,
        "quartier_count": result.quartier_count, "total": f.total, "dropped_out": f.dropped_out,
        "dropout_rate": f.dropout_rate, "overall_conversion": f.overall_conversion,
        "stages": [{"stage": r.stage, "label": str(labels[r.stage]), "reached": r.reached, "current": r.current,
                    "conversion": r.conversion, "median_days": r.median_days, "dropped": r.dropped} for r in f.rows],
    }


# --- company profiles ---------------------------------------------------------------------------------------------


@router.get("/acquisition/company-profiles", response=list[CompanyOut], summary="List company profiles")
@paginate(Pagination)
def company_list_api(request, filters: Query[CompanyFilters]):
    return company_list(user=api_user(request), filters=filters_dict(filters)).order_by("pk")


@router.get("/acquisition/company-profiles/{profile_id}", response=CompanyOut, summary="Get a company profile")
def company_get_api(request, profile_id: Id):
    return company_get(user=api_user(request), pk=profile_id)


@router.post("/acquisition/company-profiles", response={201: CompanyOut}, summary="Create a company profile")
def company_create_api(request, payload: CompanyIn):
    user = api_user(request)
    data = payload.dict(exclude_unset=True)
    editable = list(quartier_list_editable(user=user).values_list("pk", flat=True))
    organisation = _organisation(user, data.pop("organisation_id"), editable)
    profile = company_profile_create(user=user, organisation=organisation, data=data,
                                     cooperation_path=data.pop("cooperation_path", ""), on=data.pop("on", None))
    return Status(201, company_get(user=user, pk=profile.pk))


@router.patch("/acquisition/company-profiles/{profile_id}", response=CompanyOut, summary="Change a company profile",
              openapi_extra=late_body(CompanyPatch))
def company_update_api(request, profile_id: Id):
    user = api_user(request)
    profile = company_get(user=user, pk=profile_id)
    data = validate_body(request, CompanyPatch).dict(exclude_unset=True)
    company_profile_update(user=user, profile=profile, data=data)
    return company_get(user=user, pk=profile.pk)


@router.post("/acquisition/company-profiles/{profile_id}/path", response=CompanyOut,
             summary="Set the cooperation path", openapi_extra=late_body(PathIn))
def company_path_api(request, profile_id: Id):
    user = api_user(request)
    profile = company_get(user=user, pk=profile_id)
    payload = validate_body(request, PathIn)
    company_path_set(user=user, profile=profile, to_path=payload.to_path, on=payload.on, note=payload.note)
    return company_get(user=user, pk=profile.pk)


@router.delete("/acquisition/company-profiles/{profile_id}", response={204: None}, summary="Delete a company profile")
def company_delete_api(request, profile_id: Id):
    user = api_user(request)
    company_profile_delete(user=user, profile=company_get(user=user, pk=profile_id))
    return Status(204, None)


# --- business networks --------------------------------------------------------------------------------------------


def _network_detail(user, network):
    health = network_health(user=user, network=network, today=timezone.localdate())
    network.members = network_members(user=user, network=network)
    network.publicity_entries = list(publicity_list(user=user, network=network))
    return {
        **{f: getattr(network, f) for f in ("id", "quartier", "name", "form", "meeting_format", "founded_on",
                                            "organisation", "critical_mass", "goals", "strategic_partners",
                                            "member_count", "last_publicity_on")},
        "members": network.members, "publicity": network.publicity_entries,
        "branch_mix": [{"section": r.section, "name": section_name(r.section), "count": r.count, "share": r.share}
                       for r in health.mix],
        "hints": health.hints,
    }


@router.get("/acquisition/business-networks", response=list[NetworkOut], summary="List business networks")
@paginate(Pagination)
def network_list_api(request, filters: Query[NetworkFilters]):
    return network_list(user=api_user(request), filters=filters_dict(filters)).order_by("pk")


@router.get("/acquisition/business-networks/{network_id}", response=NetworkDetailOut,
            summary="Get a business network with members, publicity, Branchenmix and hints")
def network_get_api(request, network_id: Id):
    user = api_user(request)
    return _network_detail(user, network_get(user=user, pk=network_id))


@router.post("/acquisition/business-networks", response={201: NetworkDetailOut}, summary="Create a business network")
def network_create_api(request, payload: NetworkIn):
    user = api_user(request)
    data = payload.dict(exclude_unset=True)
    quartier = resolve_reference(quartier_list_work(user=user), data.pop("quartier_id"), field="quartier_id")
    if "organisation_id" in data:
        data["organisation"] = _organisation(user, data.pop("organisation_id"), [quartier.pk])
    network = network_create(user=user, quartier=quartier, data=data)
    return Status(201, _network_detail(user, network_get(user=user, pk=network.pk)))


@router.patch("/acquisition/business-networks/{network_id}", response=NetworkDetailOut,
              summary="Change a business network", openapi_extra=late_body(NetworkPatch))
def network_update_api(request, network_id: Id):
    user = api_user(request)
    network = network_get(user=user, pk=network_id)
    data = validate_body(request, NetworkPatch).dict(exclude_unset=True)
    if "organisation_id" in data:
        data["organisation"] = _organisation(user, data.pop("organisation_id"), [network.quartier_id])
    network_update(user=user, network=network, data=data)
    return _network_detail(user, network_get(user=user, pk=network.pk))


@router.delete("/acquisition/business-networks/{network_id}", response={204: None},
               summary="Delete a business network")
def network_delete_api(request, network_id: Id):
    user = api_user(request)
    network_delete(user=user, network=network_get(user=user, pk=network_id))
    return Status(204, None)


@router.post("/acquisition/business-networks/{network_id}/memberships", response={201: MemberOut},
             summary="Add a member", openapi_extra=late_body(MemberIn))
def network_member_add_api(request, network_id: Id):
    user = api_user(request)
    network = network_get(user=user, pk=network_id)
    payload = validate_body(request, MemberIn)
    organisation = _organisation(user, payload.organisation_id, [network.quartier_id])
    membership = network_member_add(user=user, network=network, organisation=organisation, since=payload.since,
                                    until=payload.until)
    return Status(201, membership)


@router.delete("/acquisition/business-networks/{network_id}/memberships/{membership_id}", response={204: None},
               summary="Remove a member (entry made by mistake)")
def network_member_remove_api(request, network_id: Id, membership_id: Id):
    user = api_user(request)
    network = network_get(user=user, pk=network_id)
    membership = network_membership_get(user=user, network=network, pk=membership_id)
    network_member_remove(user=user, membership=membership)
    return Status(204, None)


@router.post("/acquisition/business-networks/{network_id}/publicity", response={201: PublicityOut},
             summary="Record a publicity entry", openapi_extra=late_body(PublicityIn))
def publicity_add_api(request, network_id: Id):
    user = api_user(request)
    network = network_get(user=user, pk=network_id)
    payload = validate_body(request, PublicityIn)
    return Status(201, publicity_add(user=user, network=network, data=payload.dict()))


@router.delete("/acquisition/business-networks/{network_id}/publicity/{entry_id}", response={204: None},
               summary="Delete a publicity entry")
def publicity_delete_api(request, network_id: Id, entry_id: Id):
    user = api_user(request)
    network = network_get(user=user, pk=network_id)
    publicity_delete(user=user, entry=publicity_get(user=user, network=network, pk=entry_id))
    return Status(204, None)
