"""Case-work API under /api/v1/casework/. Thin: selectors resolve every id within the user's scope (404
otherwise), one service writes. Operations on existing objects validate their body after the lookup."""

from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.api import (
    Pagination,
    ReferenceNotFound,
    api_user,
    late_body,
    resolve_reference,
    resolve_references,
    validate_body,
)
from quartiersnetz.core.schemas import Id

from . import services
from .models import Client, OutcomeStage, ProblemCategory
from .schemas import (
    ChainsOut,
    ClientOut,
    Code,
    ConferenceIn,
    ConferenceOut,
    ContactFilters,
    ContactIn,
    ContactOut,
    ContactPointOut,
    ErasedOut,
    OutreachIn,
    OutreachOut,
    QuartierFilters,
    ReferralDetailOut,
    ReferralFilters,
    ReferralIn,
    ReferralOut,
    ReferralStepIn,
    StatisticsOut,
    StatsFilters,
)
from .selectors import (
    case_contact_points,
    case_scope,
    client_get,
    client_get_by_code,
    client_list,
    conference_get,
    conference_list,
    contact_get,
    contact_list,
    contact_point_get,
    contact_point_list,
    network_quartiere,
    outreach_get,
    outreach_list,
    referral_get,
    referral_list,
    referral_receiver_choices,
    referral_sender_choices,
    referral_view,
)
from .stats import chain_analysis, statistics_for

router = Router(tags=["Fallarbeit"])
CaseCode = Annotated[Code, Field(description="Case code, e.g. K-7F3Q-9M2X")]


def _need(condition: bool) -> None:
    if not condition:
        raise Http404


def _clean(filters) -> dict:
    return {k: v for k, v in filters.dict().items() if v not in (None, "")}


# --- contact points -----------------------------------------------------------------------------------------------


@router.get("/casework/contact-points", response=list[ContactPointOut], summary="Contact points")
@paginate(Pagination)
def contact_point_list_api(request, filters: Query[QuartierFilters]):
    user = api_user(request)
    data = _clean(filters)
    if "quartier_id" in data:
        data["quartier"] = data.pop("quartier_id")
    return contact_point_list(user=user, filters=data).order_by("name", "pk")


@router.get("/casework/contact-points/{contact_point_id}", response=ContactPointOut, summary="Get a contact point")
def contact_point_get_api(request, contact_point_id: Id):
    return contact_point_get(user=api_user(request), pk=contact_point_id)


# --- cases and data-subject rights --------------------------------------------------------------------------------


@router.get("/casework/clients", response=list[ClientOut], summary="Cases (contact point of the Quartier only)")
@paginate(Pagination)
def client_list_api(request, q: str | None = None):
    user = api_user(request)
    _need(case_scope(user).has_cases)
    return client_list(user=user, filters={"q": q or ""}).select_related("identity").order_by("code")


@router.get("/casework/clients/{client_id}", response=ClientOut, summary="Get a case")
def client_get_api(request, client_id: Id):
    return client_get(user=api_user(request), pk=client_id)


@router.get("/casework/clients/{client_id}/export", response=dict, summary="Art. 15/20 export of a case")
def client_export_api(request, client_id: Id):
    user = api_user(request)
    return services.client_export(user=user, client=client_get(user=user, pk=client_id))


@router.get("/casework/clients/by-code/{code}/export", response=dict, summary="Art. 15/20 export by case code")
def client_export_by_code_api(request, code: CaseCode):
    user = api_user(request)
    return services.client_export(user=user, client=client_get_by_code(user=user, code=code))


def _erase(user, client: Client) -> dict:
    code = client.code
    counts = services.client_erase(user=user, client=client)
    return {"case_code": code, **counts}


@router.delete("/casework/clients/{client_id}", response=ErasedOut, summary="Art. 17 erasure of a case")
def client_erase_api(request, client_id: Id):
    user = api_user(request)
    return _erase(user, client_get(user=user, pk=client_id))


@router.delete("/casework/clients/by-code/{code}", response=ErasedOut, summary="Art. 17 erasure by case code")
def client_erase_by_code_api(request, code: CaseCode):
    user = api_user(request)
    return _erase(user, client_get_by_code(user=user, code=code))


# --- contacts -----------------------------------------------------------------------------------------------------


@router.get("/casework/case-contacts", response=list[ContactOut], summary="Contacts (contact point only)")
@paginate(Pagination)
def contact_list_api(request, filters: Query[ContactFilters]):
    user = api_user(request)
    _need(case_scope(user).has_cases)
    return contact_list(user=user, filters=_clean(filters)).order_by("-date", "-pk")


@router.get("/casework/case-contacts/{contact_id}", response=ContactOut, summary="Get a contact")
def contact_get_api(request, contact_id: Id):
    return contact_get(user=api_user(request), pk=contact_id)


@router.post("/casework/case-contacts", response={201: ContactOut}, summary="Record a contact (quick entry)")
def contact_create_api(request, payload: ContactIn):
    user = api_user(request)
    cp = resolve_reference(case_contact_points(user=user), payload.contact_point_id, field="contact_point_id")
    client = None
    if payload.case_code:
        client = client_list(user=user).filter(code=payload.case_code.upper()).first()
        if client is None:
            raise ReferenceNotFound("case_code", payload.case_code)
    problems = resolve_references(ProblemCategory.objects.all(), payload.problem_ids, field="problem_ids")
    outcome = (resolve_reference(OutcomeStage.objects.all(), payload.outcome_id, field="outcome_id")
               if payload.outcome_id else None)
    bands = {k: getattr(payload, k) for k in ("age_band", "gender", "household", "origin", "sgb2", "unemployment",
                                              "access_route") if getattr(payload, k)}
    contact = services.contact_record(
        user=user, contact_point=cp, client=client, problems=problems, client_data=bands,
        data={"date": payload.date, "channel": payload.channel, "help_given": payload.help_given,
              "minutes": payload.minutes, "outcome": outcome},
        confirm_anonymous=payload.confirm_anonymous)
    return Status(201, contact_get(user=user, pk=contact.pk))


@router.delete("/casework/case-contacts/{contact_id}", response={204: None}, summary="Delete a contact")
def contact_delete_api(request, contact_id: Id):
    user = api_user(request)
    services.contact_delete(user=user, contact=contact_get(user=user, pk=contact_id))
    return Status(204, None)


# --- referrals ----------------------------------------------------------------------------------------------------


def _referral_detail(user, pk: int):
    referral = referral_get(user=user, pk=pk)
    referral.personal = referral_view(user=user, referral=referral).personal
    return referral


@router.get("/casework/referrals", response=list[ReferralOut], summary="Referrals visible to the user")
@paginate(Pagination)
def referral_list_api(request, filters: Query[ReferralFilters]):
    user = api_user(request)
    _need(case_scope(user).has_referrals)
    data = _clean(filters)
    if "quartier_id" in data:
        data["quartier"] = data.pop("quartier_id")
    return referral_list(user=user, filters=data).order_by("-proposed_at", "-pk")


@router.get("/casework/referrals/{referral_id}", response=ReferralDetailOut, summary="Get a referral")
def referral_get_api(request, referral_id: Id):
    return _referral_detail(api_user(request), referral_id)


@router.post("/casework/referrals", response={201: ReferralDetailOut}, summary="Create a referral")
def referral_create_api(request, payload: ReferralIn):
    user = api_user(request)
    code = payload.case_code.upper()
    client = Client.objects.filter(code=code).filter(
        pk__in=client_list(user=user).values("pk")).first() or Client.objects.filter(
        code=code, referrals__in=referral_list(user=user, filters={"incoming": True})).first()
    if client is None:
        raise ReferenceNotFound("case_code", payload.case_code)
    sender = resolve_reference(referral_sender_choices(user=user), payload.sender_id, field="sender_id")
    receiver = resolve_reference(referral_receiver_choices(user=user, quartier_id=client.quartier_id),
                                 payload.receiver_id, field="receiver_id")
    need = resolve_reference(ProblemCategory.objects.all(), payload.need_id, field="need_id") if payload.need_id \
        else None
    data = {k: getattr(payload, k) for k in ("offer_name", "purpose", "warm_handover", "handover_mode",
                                             "share_identity", "appointment_at")}
    data["need"] = need
    referral = services.referral_create(user=user, client=client, sender=sender, receiver=receiver, data=data,
                                        transmit=payload.transmit, confirm_anonymous=payload.confirm_anonymous)
    return Status(201, _referral_detail(user, referral.pk))


@router.post("/casework/referrals/{referral_id}/steps", response=ReferralDetailOut,
             summary="Record the next step of a referral", openapi_extra=late_body(ReferralStepIn))
def referral_step_api(request, referral_id: Id):
    user = api_user(request)
    referral = referral_get(user=user, pk=referral_id)
    payload = validate_body(request, ReferralStepIn)
    services.referral_transition(user=user, referral=referral, to_status=payload.to_status, note=payload.note,
                                 result=payload.result, appointment_at=payload.appointment_at)
    return _referral_detail(user, referral.pk)


@router.get("/casework/chains", response=ChainsOut, summary="Chain analysis (suppressed)")
def chains_api(request, filters: Query[StatsFilters]):
    user = api_user(request)
    _need(case_scope(user).has_stats)
    a = chain_analysis(user=user, quartier_id=filters.quartier_id, start=filters.start, end=filters.end)
    return {"min_cell_size": a.k, "total": a.total, "pairs": a.pairs, "hidden_pairs": a.hidden_pairs, "flow": a.flow}


@router.get("/casework/statistics", response=StatisticsOut, summary="Statistics (suppressed)")
def statistics_api(request, filters: Query[StatsFilters]):
    user = api_user(request)
    _need(case_scope(user).has_stats)
    s = statistics_for(user=user, quartier_id=filters.quartier_id, start=filters.start, end=filters.end)
    return {"min_cell_size": s.k, "start": s.start, "end": s.end, "persons": s.persons,
            "contacts_per_month": s.months, "by_contact_point": s.by_contact_point, "by_quartier": s.by_quartier,
            "problems": s.problems, "problem_percent": s.problems.percent, "outcomes": s.outcomes}


# --- conferences and outreach -------------------------------------------------------------------------------------


@router.get("/casework/case-conferences", response=list[ConferenceOut], summary="Case conferences")
@paginate(Pagination)
def conference_list_api(request, filters: Query[QuartierFilters]):
    user = api_user(request)
    _need(case_scope(user).has_network)
    data = _clean(filters)
    if "quartier_id" in data:
        data["quartier"] = data.pop("quartier_id")
    return conference_list(user=user, filters=data).prefetch_related("organisations", "steps").order_by(
        "-held_on", "-pk")


@router.get("/casework/case-conferences/{conference_id}", response=ConferenceOut, summary="Get a case conference")
def conference_get_api(request, conference_id: Id):
    return conference_get(user=api_user(request), pk=conference_id)


@router.post("/casework/case-conferences", response={201: ConferenceOut},
             summary="Record an anonymised case conference (texts are checked for identifiers)")
def conference_create_api(request, payload: ConferenceIn):
    user = api_user(request)
    quartier = resolve_reference(network_quartiere(user=user), payload.quartier_id, field="quartier_id")
    orgs = resolve_references(Organisation.objects.filter(quartiere=quartier), payload.organisation_ids,
                              field="organisation_ids")
    data = {k: getattr(payload, k) for k in ("held_on", "case_code", "title", "situation", "resources", "question",
                                             "outcome")}
    conference = services.conference_create(
        user=user, quartier=quartier, data=data, organisations=orgs,
        steps=[{"description": s} for s in payload.next_steps], confirm_anonymous=payload.confirm_anonymous)
    return Status(201, conference_get(user=user, pk=conference.pk))


@router.get("/casework/outreach", response=list[OutreachOut], summary="Outreach actions")
@paginate(Pagination)
def outreach_list_api(request, filters: Query[QuartierFilters]):
    user = api_user(request)
    _need(case_scope(user).has_network)
    data = _clean(filters)
    if "quartier_id" in data:
        data["quartier"] = data.pop("quartier_id")
    return outreach_list(user=user, filters=data).order_by("-date", "-pk")


@router.get("/casework/outreach/{outreach_id}", response=OutreachOut, summary="Get an outreach action")
def outreach_get_api(request, outreach_id: Id):
    return outreach_get(user=api_user(request), pk=outreach_id)


@router.post("/casework/outreach", response={201: OutreachOut}, summary="Record an outreach action")
def outreach_create_api(request, payload: OutreachIn):
    user = api_user(request)
    quartier = resolve_reference(network_quartiere(user=user), payload.quartier_id, field="quartier_id")
    from .models import ContactPoint

    cp = (resolve_reference(ContactPoint.objects.filter(quartier=quartier), payload.contact_point_id,
                            field="contact_point_id") if payload.contact_point_id else None)
    topics = resolve_references(ProblemCategory.objects.all(), payload.topic_ids, field="topic_ids")
    data = {k: getattr(payload, k) for k in ("place", "date", "start_time", "duration_minutes", "people_reached",
                                             "follow_up_contacts", "topic_note")}
    data["contact_point"] = cp
    action = services.outreach_create(user=user, quartier=quartier, data=data, staff=[user], topics=topics)
    return Status(201, outreach_get(user=user, pk=action.pk))
