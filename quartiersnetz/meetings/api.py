"""Meetings API: bodies and members, meetings (with attendance, minutes and the invitation), tasks, agreements with
commitments and actual values, and the work log.

Thin operations: a selector resolves every id (objects outside the user's scope are 404, ids in a body are 404 on
that field), one service writes. Bodies of operations on existing objects are validated after the lookup
(`late_body`), so that a foreign object is a 404 whatever the body says.
"""

from django.http import Http404, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from quartiersnetz.actors.selectors import contact_person_list, organisation_list
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.api import (
    Pagination,
    api_user,
    filters_dict,
    late_body,
    resolve_reference,
    resolve_references,
    validate_body,
)
from quartiersnetz.core.schemas import Id
from quartiersnetz.core.selectors import quartier_list

from .ical import invitation_filename, meeting_invitation_ics
from .schemas import (
    ActualIn,
    ActualOut,
    AgreementFilters,
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    BodyFilters,
    BodyIn,
    BodyOut,
    BodyPatch,
    BodyTypeOut,
    CommitmentIn,
    CommitmentOut,
    CommitmentPatch,
    InvitationOut,
    MeetingFilters,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MeetingRecordIn,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    TaskFilters,
    TaskIn,
    TaskOut,
    TaskPatch,
    WorkLogFilters,
    WorkLogIn,
    WorkLogOut,
    WorkLogPatch,
    WorkLogSummaryOut,
)
from .selectors import (
    COMMITMENT_PREFETCH,
    actual_get,
    agreement_get,
    agreement_list,
    body_get,
    body_list,
    body_type_list,
    commitment_get,
    meeting_get,
    meeting_list,
    membership_get,
    membership_list,
    shows_persons,
    task_get,
    task_list,
    task_owner_choices,
    worklog_get,
    worklog_list,
    worklog_summary,
)
from .services import (
    actual_delete,
    actual_record,
    agreement_create,
    agreement_delete,
    agreement_update,
    body_create,
    body_delete,
    body_update,
    commitment_create,
    commitment_delete,
    commitment_update,
    meeting_create,
    meeting_delete,
    meeting_invite,
    meeting_record,
    meeting_update,
    membership_add,
    membership_remove,
    membership_update,
    task_create,
    task_delete,
    task_update,
    worklog_create,
    worklog_delete,
    worklog_update,
)

router = Router(tags=["Netzwerkarbeit"])

# id field in a body → (data key, queryset factory)
REFERENCES = {
    "quartier_id": ("quartier", lambda user: quartier_list(user=user)),
    "body_type_id": ("body_type", lambda user: body_type_list()),
    "chair_id": ("chair", lambda user: organisation_list(user=user)),
    "predecessor_id": ("predecessor", lambda user: body_list(user=user)),
    "organisation_id": ("organisation", lambda user: organisation_list(user=user)),
    "contact_person_id": ("contact_person", lambda user: contact_person_list(user=user)),
    "represented_person_id": ("represented_person", lambda user: contact_person_list(user=user)),
    "responsible_organisation_id": ("responsible_organisation", lambda user: organisation_list(user=user)),
    "owner_id": ("owner", lambda user: task_owner_choices(user=user)),
    "meeting_id": ("meeting", lambda user: meeting_list(user=user)),
    "party_id": ("party", lambda user: organisation_list(user=user)),
    "body_id": ("body", lambda user: body_list(user=user)),
}


def _resolve(user, data: dict, *, prefix: str = "") -> dict:
    """Replace `<name>_id` keys by the objects they name (None stays None)."""
    out = {}
    for key, value in data.items():
        if key in REFERENCES:
            name, queryset = REFERENCES[key]
            out[name] = None if value is None else resolve_reference(queryset(user), value, field=prefix + key)
        else:
            out[key] = value
    return out


# --- body types and bodies ----------------------------------------------------------------------------------------


@router.get("/body-types", response=list[BodyTypeOut], summary="Body types")
@paginate(Pagination)
def body_type_list_api(request):
    return body_type_list().order_by("order", "name", "pk")


@router.get("/bodies", response=list[BodyOut], summary="List bodies")
@paginate(Pagination)
def body_list_api(request, filters: Query[BodyFilters]):
    return body_list(user=api_user(request), filters=filters_dict(filters)).order_by("name", "pk")


@router.get("/bodies/{body_id}", response=BodyOut, summary="Get a body")
def body_get_api(request, body_id: Id):
    return body_get(user=api_user(request), pk=body_id)


@router.post("/bodies", response={201: BodyOut}, summary="Create a body")
def body_create_api(request, payload: BodyIn):
    user = api_user(request)
    data = _resolve(user, payload.dict())
    body = body_create(user=user, quartier=data.pop("quartier"), data=data)
    return Status(201, body_get(user=user, pk=body.pk))


@router.patch("/bodies/{body_id}", response=BodyOut, summary="Change a body", openapi_extra=late_body(BodyPatch))
def body_update_api(request, body_id: Id):
    user = api_user(request)
    body = body_get(user=user, pk=body_id)
    payload = validate_body(request, BodyPatch)
    body_update(user=user, body=body, data=_resolve(user, payload.dict(exclude_unset=True)))
    return body_get(user=user, pk=body.pk)


@router.delete("/bodies/{body_id}", response={204: None}, summary="Delete a body")
def body_delete_api(request, body_id: Id):
    user = api_user(request)
    body_delete(user=user, body=body_get(user=user, pk=body_id))
    return Status(204, None)


def _membership_out(user, membership):
    if not shows_persons(user=user, quartier_id=membership.body.quartier_id):
        membership.contact_person = None
    return membership


@router.get("/bodies/{body_id}/members", response=list[MembershipOut], summary="Members of a body")
@paginate(Pagination)
def membership_list_api(request, body_id: Id):
    user = api_user(request)
    body = body_get(user=user, pk=body_id)
    return [_membership_out(user, m) for m in membership_list(user=user, body=body)]


@router.post(
    "/bodies/{body_id}/members", response={201: MembershipOut}, summary="Add a member",
    openapi_extra=late_body(MembershipIn),
)
def membership_create_api(request, body_id: Id):
    user = api_user(request)
    body = body_get(user=user, pk=body_id)
    payload = validate_body(request, MembershipIn)
    data = _resolve(user, payload.dict())
    membership = membership_add(user=user, body=body, organisation=data.pop("organisation"), data=data)
    return Status(201, membership)


@router.patch(
    "/bodies/{body_id}/members/{membership_id}", response=MembershipOut, summary="Change a membership",
    openapi_extra=late_body(MembershipPatch),
)
def membership_update_api(request, body_id: Id, membership_id: Id):
    user = api_user(request)
    membership = membership_get(user=user, body=body_get(user=user, pk=body_id), pk=membership_id)
    payload = validate_body(request, MembershipPatch)
    membership = membership_update(user=user, membership=membership,
                                   data=_resolve(user, payload.dict(exclude_unset=True)))
    return _membership_out(user, membership)


@router.delete("/bodies/{body_id}/members/{membership_id}", response={204: None}, summary="Remove a member")
def membership_delete_api(request, body_id: Id, membership_id: Id):
    user = api_user(request)
    membership = membership_get(user=user, body=body_get(user=user, pk=body_id), pk=membership_id)
    membership_remove(user=user, membership=membership)
    return Status(204, None)


# --- meetings -----------------------------------------------------------------------------------------------------


def _meetings(user, filters=None):
    return meeting_list(user=user, filters=filters).prefetch_related(
        "attendances__organisation", "attendances__contact_person", "attendances__represented_person", "decisions"
    )


def _meeting(user, pk):
    try:
        return _meetings(user).get(pk=pk)
    except meeting_list(user=user).model.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/meetings", response=list[MeetingOut], summary="List meetings")
@paginate(Pagination)
def meeting_list_api(request, filters: Query[MeetingFilters]):
    return _meetings(api_user(request), filters_dict(filters)).order_by("-starts_at", "-pk")


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="Get a meeting with attendance and decisions")
def meeting_get_api(request, meeting_id: Id):
    return _meeting(api_user(request), meeting_id)


@router.post("/meetings", response={201: MeetingOut}, summary="Plan a meeting")
def meeting_create_api(request, payload: MeetingIn):
    user = api_user(request)
    data = _resolve(user, payload.dict())
    meeting = meeting_create(user=user, body=data.pop("body"), data=data)
    return Status(201, _meeting(user, meeting.pk))


@router.patch(
    "/meetings/{meeting_id}", response=MeetingOut, summary="Change a meeting", openapi_extra=late_body(MeetingPatch)
)
def meeting_update_api(request, meeting_id: Id):
    user = api_user(request)
    meeting = meeting_get(user=user, pk=meeting_id)
    payload = validate_body(request, MeetingPatch)
    data = _resolve(user, payload.dict(exclude_unset=True))
    body = data.pop("body", None)
    meeting_update(user=user, meeting=meeting, data=data, body=body)
    return _meeting(user, meeting.pk)


@router.delete("/meetings/{meeting_id}", response={204: None}, summary="Delete a meeting")
def meeting_delete_api(request, meeting_id: Id):
    user = api_user(request)
    meeting_delete(user=user, meeting=meeting_get(user=user, pk=meeting_id))
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/record", response=MeetingOut,
    summary="Record minutes, attendance, decisions and new tasks (all or nothing)",
    openapi_extra=late_body(MeetingRecordIn),
)
def meeting_record_api(request, meeting_id: Id):
    user = api_user(request)
    meeting = meeting_get(user=user, pk=meeting_id)
    payload = validate_body(request, MeetingRecordIn)
    attendance = [_resolve(user, row.dict(), prefix=f"attendance.{i}.") for i, row in enumerate(payload.attendance)]
    tasks = [_resolve(user, row.dict(), prefix=f"tasks.{i}.") for i, row in enumerate(payload.tasks)]
    meeting_record(
        user=user, meeting=meeting, minutes=payload.minutes, minutes_approved=payload.minutes_approved,
        attendance=attendance, decisions=payload.decisions, tasks=tasks,
    )
    return _meeting(user, meeting.pk)


@router.get(
    "/meetings/{meeting_id}/invitation.ics", summary="The meeting as an iCalendar file (RFC 5545)",
    openapi_extra={"responses": {"200": {"description": "iCalendar file",
                                         "content": {"text/calendar": {"schema": {"type": "string"}}}}}},
)
def meeting_invitation_api(request, meeting_id: Id):
    user = api_user(request)
    meeting = meeting_get(user=user, pk=meeting_id)
    content = meeting_invitation_ics(meeting, organizer_name=user.get_full_name() or user.username,
                                     organizer_email=user.email)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{invitation_filename(meeting)}"'
    return response


@router.post("/meetings/{meeting_id}/invite", response=InvitationOut, summary="Send the invitation by e-mail")
def meeting_invite_api(request, meeting_id: Id):
    user = api_user(request)
    result = meeting_invite(user=user, meeting=meeting_get(user=user, pk=meeting_id))
    return {"sent": result.sent, "skipped": [list(item) for item in result.skipped]}


# --- tasks --------------------------------------------------------------------------------------------------------


@router.get("/tasks", response=list[TaskOut], summary="List tasks (overdue=true, mine=true)")
@paginate(Pagination)
def task_list_api(request, filters: Query[TaskFilters]):
    return task_list(user=api_user(request), filters=filters_dict(filters))


@router.get("/tasks/{task_id}", response=TaskOut, summary="Get a task")
def task_get_api(request, task_id: Id):
    return task_get(user=api_user(request), pk=task_id)


@router.post("/tasks", response={201: TaskOut}, summary="Create a task")
def task_create_api(request, payload: TaskIn):
    user = api_user(request)
    data = _resolve(user, payload.dict())
    task = task_create(user=user, quartier=data.pop("quartier"), data=data)
    return Status(201, task_get(user=user, pk=task.pk))


@router.patch("/tasks/{task_id}", response=TaskOut, summary="Change a task", openapi_extra=late_body(TaskPatch))
def task_update_api(request, task_id: Id):
    user = api_user(request)
    task = task_get(user=user, pk=task_id)
    payload = validate_body(request, TaskPatch)
    task_update(user=user, task=task, data=_resolve(user, payload.dict(exclude_unset=True)))
    return task_get(user=user, pk=task.pk)


@router.delete("/tasks/{task_id}", response={204: None}, summary="Delete a task")
def task_delete_api(request, task_id: Id):
    user = api_user(request)
    task_delete(user=user, task=task_get(user=user, pk=task_id))
    return Status(204, None)


# --- agreements ---------------------------------------------------------------------------------------------------


def _agreements(user, filters=None):
    return agreement_list(user=user, filters=filters).prefetch_related(COMMITMENT_PREFETCH)


def _agreement(user, pk):
    try:
        return _agreements(user).get(pk=pk)
    except agreement_list(user=user).model.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/agreements", response=list[AgreementOut], summary="List agreements with commitments and fulfilment")
@paginate(Pagination)
def agreement_list_api(request, filters: Query[AgreementFilters]):
    return _agreements(api_user(request), filters_dict(filters))


@router.get("/agreements/{agreement_id}", response=AgreementOut, summary="Get an agreement")
def agreement_get_api(request, agreement_id: Id):
    return _agreement(api_user(request), agreement_id)


def _parties(user, ids):
    return resolve_references(organisation_list(user=user), ids, field="party_ids")


@router.post("/agreements", response={201: AgreementOut}, summary="Create an agreement")
def agreement_create_api(request, payload: AgreementIn):
    user = api_user(request)
    data = _resolve(user, payload.dict(exclude={"party_ids"}))
    agreement = agreement_create(user=user, quartier=data.pop("quartier"), data=data,
                                 parties=_parties(user, payload.party_ids))
    return Status(201, _agreement(user, agreement.pk))


@router.patch(
    "/agreements/{agreement_id}", response=AgreementOut, summary="Change an agreement",
    openapi_extra=late_body(AgreementPatch),
)
def agreement_update_api(request, agreement_id: Id):
    user = api_user(request)
    agreement = agreement_get(user=user, pk=agreement_id)
    payload = validate_body(request, AgreementPatch)
    data = payload.dict(exclude_unset=True)
    parties = None
    if "party_ids" in data:
        parties = _parties(user, data.pop("party_ids") or [])
        # Parties the caller cannot see stay.
        scope = get_scope(user)
        visible = set(organisation_list(user=user).values_list("pk", flat=True)) if not scope.is_admin else None
        if visible is not None:
            parties += [p for p in agreement.parties.all() if p.pk not in visible]
    agreement_update(user=user, agreement=agreement, data=data, parties=parties)
    return _agreement(user, agreement.pk)


@router.delete("/agreements/{agreement_id}", response={204: None}, summary="Delete an agreement")
def agreement_delete_api(request, agreement_id: Id):
    user = api_user(request)
    agreement_delete(user=user, agreement=agreement_get(user=user, pk=agreement_id))
    return Status(204, None)


@router.post(
    "/agreements/{agreement_id}/commitments", response={201: CommitmentOut}, summary="Add a commitment",
    openapi_extra=late_body(CommitmentIn),
)
def commitment_create_api(request, agreement_id: Id):
    user = api_user(request)
    agreement = agreement_get(user=user, pk=agreement_id)
    payload = validate_body(request, CommitmentIn)
    data = _resolve(user, payload.dict(exclude_unset=False))
    if data.get("order") is None:
        data.pop("order", None)
    commitment = commitment_create(user=user, agreement=agreement, data=data)
    return Status(201, commitment_get(user=user, pk=commitment.pk))


@router.get("/commitments/{commitment_id}", response=CommitmentOut, summary="Get a commitment with its actuals")
def commitment_get_api(request, commitment_id: Id):
    return commitment_get(user=api_user(request), pk=commitment_id)


@router.patch(
    "/commitments/{commitment_id}", response=CommitmentOut, summary="Change a commitment",
    openapi_extra=late_body(CommitmentPatch),
)
def commitment_update_api(request, commitment_id: Id):
    user = api_user(request)
    commitment = commitment_get(user=user, pk=commitment_id)
    payload = validate_body(request, CommitmentPatch)
    commitment_update(user=user, commitment=commitment, data=_resolve(user, payload.dict(exclude_unset=True)))
    return commitment_get(user=user, pk=commitment.pk)


@router.delete("/commitments/{commitment_id}", response={204: None}, summary="Delete a commitment")
def commitment_delete_api(request, commitment_id: Id):
    user = api_user(request)
    commitment_delete(user=user, commitment=commitment_get(user=user, pk=commitment_id))
    return Status(204, None)


@router.post(
    "/commitments/{commitment_id}/actuals", response={201: ActualOut},
    summary="Record a cumulative actual value (replaces a value of the same date)", openapi_extra=late_body(ActualIn),
)
def actual_create_api(request, commitment_id: Id):
    user = api_user(request)
    commitment = commitment_get(user=user, pk=commitment_id)
    payload = validate_body(request, ActualIn)
    return Status(201, actual_record(user=user, commitment=commitment, data=payload.dict()))


@router.delete("/commitment-actuals/{actual_id}", response={204: None}, summary="Delete an actual value")
def actual_delete_api(request, actual_id: Id):
    user = api_user(request)
    actual_delete(user=user, actual=actual_get(user=user, pk=actual_id))
    return Status(204, None)


# --- work log -----------------------------------------------------------------------------------------------------


@router.get("/work-log", response=list[WorkLogOut], summary="List work log entries")
@paginate(Pagination)
def worklog_list_api(request, filters: Query[WorkLogFilters]):
    return worklog_list(user=api_user(request), filters=filters_dict(filters))


@router.get("/work-log/summary", response=list[WorkLogSummaryOut],
            summary="Hours per Quartier, month, activity type and impact group")
def worklog_summary_api(request, filters: Query[WorkLogFilters]):
    return worklog_summary(user=api_user(request), filters=filters_dict(filters))


@router.get("/work-log/{entry_id}", response=WorkLogOut, summary="Get a work log entry")
def worklog_get_api(request, entry_id: Id):
    return worklog_get(user=api_user(request), pk=entry_id)


@router.post("/work-log", response={201: WorkLogOut}, summary="Log work (for the caller)")
def worklog_create_api(request, payload: WorkLogIn):
    user = api_user(request)
    data = _resolve(user, payload.dict())
    entry = worklog_create(user=user, quartier=data.pop("quartier"), data=data)
    return Status(201, worklog_get(user=user, pk=entry.pk))


@router.patch(
    "/work-log/{entry_id}", response=WorkLogOut, summary="Change an own work log entry",
    openapi_extra=late_body(WorkLogPatch),
)
def worklog_update_api(request, entry_id: Id):
    user = api_user(request)
    entry = worklog_get(user=user, pk=entry_id)
    payload = validate_body(request, WorkLogPatch)
    data = _resolve(user, payload.dict(exclude_unset=True))
    quartier = data.pop("quartier", None)
    worklog_update(user=user, entry=entry, data=data, quartier=quartier)
    return worklog_get(user=user, pk=entry.pk)


@router.delete("/work-log/{entry_id}", response={204: None}, summary="Delete an own work log entry")
def worklog_delete_api(request, entry_id: Id):
    user = api_user(request)
    worklog_delete(user=user, entry=worklog_get(user=user, pk=entry_id))
    return Status(204, None)
