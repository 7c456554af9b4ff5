"""Actors API: actor types, organisations, contact persons and their consents.

Thin operations: a selector resolves every id (objects outside the user's scope are 404, ids in a body are 404 on
that field), one service writes. Visible but not editable is decided by the services (404, or a 403 problem where
the service says so, e.g. attaching an organisation to a Quartier outside the own edit scope).
"""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

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

from .schemas import (
    ActorTypeOut,
    ConsentIn,
    ConsentOut,
    ConsentWithdrawIn,
    ContactFilters,
    ContactPersonIn,
    ContactPersonOut,
    ContactPersonPatch,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)
from .selectors import (
    actor_type_list,
    contact_person_can_edit,
    contact_person_get,
    contact_person_list,
    organisation_get,
    organisation_list,
)
from .services import (
    contact_consent_record,
    contact_consent_withdraw,
    contact_person_create,
    contact_person_delete,
    contact_person_update,
    organisation_create,
    organisation_delete,
    organisation_update,
)

router = Router(tags=["Akteure"])


# --- Actor types --------------------------------------------------------------------------------------------------


@router.get("/actor-types", response=list[ActorTypeOut], summary="Actor types (taxonomy)")
@paginate(Pagination)
def actor_type_list_api(request):
    return actor_type_list()


# --- Organisations ------------------------------------------------------------------------------------------------


@router.get("/organisations", response=list[OrganisationOut], summary="List organisations")
@paginate(Pagination)
def organisation_list_api(request, filters: Query[OrganisationFilters]):
    data = filters_dict(filters)
    ordering = data.pop("ordering", "name")
    qs = organisation_list(user=api_user(request), filters=data)
    return qs.order_by(ordering, "pk")


@router.get("/organisations/{organisation_id}", response=OrganisationOut, summary="Get an organisation")
def organisation_get_api(request, organisation_id: Id):
    return organisation_get(user=api_user(request), pk=organisation_id)


@router.post("/organisations", response={201: OrganisationOut}, summary="Create an organisation")
def organisation_create_api(request, payload: OrganisationIn):
    user = api_user(request)
    data = payload.dict(exclude={"actor_type_id", "quartier_ids"})
    data["actor_type"] = resolve_reference(actor_type_list(), payload.actor_type_id, field="actor_type_id")
    quartiere = resolve_references(quartier_list(user=user), payload.quartier_ids, field="quartier_ids")
    organisation = organisation_create(user=user, data=data, quartiere=quartiere)
    return Status(201, organisation_get(user=user, pk=organisation.pk))


@router.patch(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="Change an organisation",
    openapi_extra=late_body(OrganisationPatch),
)
def organisation_update_api(request, organisation_id: Id):
    user = api_user(request)
    organisation = organisation_get(user=user, pk=organisation_id)
    payload = validate_body(request, OrganisationPatch)
    data = payload.dict(exclude_unset=True)
    if "actor_type_id" in data:
        data["actor_type"] = resolve_reference(actor_type_list(), data.pop("actor_type_id"), field="actor_type_id")
    quartiere = None
    if "quartier_ids" in data:
        quartiere = resolve_references(quartier_list(user=user), data.pop("quartier_ids"), field="quartier_ids")
        # The client only sees (and so only sends) its visible Quartiere; the others stay assigned.
        scope = get_scope(user)
        quartiere += [q for q in organisation.quartiere.all() if not scope.can_see_quartier(q.pk)]
    organisation_update(user=user, organisation=organisation, data=data, quartiere=quartiere)
    return organisation_get(user=user, pk=organisation.pk)


@router.delete("/organisations/{organisation_id}", response={204: None}, summary="Delete an organisation")
def organisation_delete_api(request, organisation_id: Id):
    user = api_user(request)
    organisation_delete(user=user, organisation=organisation_get(user=user, pk=organisation_id))
    return Status(204, None)


# --- Contact persons ----------------------------------------------------------------------------------------------


@router.get("/contacts", response=list[ContactPersonOut], summary="List contact persons")
@paginate(Pagination)
def contact_list_api(request, filters: Query[ContactFilters]):
    qs = contact_person_list(user=api_user(request), filters=filters_dict(filters))
    return qs.order_by("last_name", "first_name", "pk")


@router.get("/contacts/{contact_id}", response=ContactPersonOut, summary="Get a contact person")
def contact_get_api(request, contact_id: Id):
    return contact_person_get(user=api_user(request), pk=contact_id)


@router.post("/contacts", response={201: ContactPersonOut}, summary="Create a contact person")
def contact_create_api(request, payload: ContactPersonIn):
    user = api_user(request)
    organisation = resolve_reference(organisation_list(user=user), payload.organisation_id, field="organisation_id")
    person = contact_person_create(user=user, organisation=organisation, data=payload.dict(exclude={"organisation_id"}))
    return Status(201, contact_person_get(user=user, pk=person.pk))


@router.patch(
    "/contacts/{contact_id}", response=ContactPersonOut, summary="Change a contact person",
    openapi_extra=late_body(ContactPersonPatch),
)
def contact_update_api(request, contact_id: Id):
    user = api_user(request)
    person = contact_person_get(user=user, pk=contact_id)
    payload = validate_body(request, ContactPersonPatch)
    data = payload.dict(exclude_unset=True)
    organisation = None
    if "organisation_id" in data:
        organisation = resolve_reference(
            organisation_list(user=user), data.pop("organisation_id"), field="organisation_id"
        )
    contact_person_update(user=user, person=person, data=data, organisation=organisation)
    return contact_person_get(user=user, pk=person.pk)


@router.delete("/contacts/{contact_id}", response={204: None}, summary="Delete a contact person")
def contact_delete_api(request, contact_id: Id):
    user = api_user(request)
    contact_person_delete(user=user, person=contact_person_get(user=user, pk=contact_id))
    return Status(204, None)


# --- Consents of a contact person ---------------------------------------------------------------------------------


def _editable_contact(user, contact_id: int):
    """Consents are recorded by those who may edit the person; the others get 404 like for any edit."""
    person = contact_person_get(user=user, pk=contact_id)
    if not contact_person_can_edit(user=user, person=person):
        raise Http404
    return person


@router.get("/contacts/{contact_id}/consents", response=list[ConsentOut], summary="Consents of a contact person")
@paginate(Pagination)
def consent_list_api(request, contact_id: Id):
    person = contact_person_get(user=api_user(request), pk=contact_id)
    return person.consents.select_related("recorded_by").order_by("-given_on", "-id")


@router.post(
    "/contacts/{contact_id}/consents", response={201: ConsentOut}, summary="Record a consent",
    openapi_extra=late_body(ConsentIn),
)
def consent_create_api(request, contact_id: Id):
    user = api_user(request)
    person = _editable_contact(user, contact_id)
    payload = validate_body(request, ConsentIn)
    record = contact_consent_record(user=user, person=person, **payload.dict())
    return Status(201, record)


@router.post(
    "/contacts/{contact_id}/consents/{consent_id}/withdraw", response=ConsentOut, summary="Withdraw a consent",
    openapi_extra=late_body(ConsentWithdrawIn, required=False),
)
def consent_withdraw_api(request, contact_id: Id, consent_id: Id):
    user = api_user(request)
    person = _editable_contact(user, contact_id)
    try:
        record = person.consents.select_related("recorded_by").get(pk=consent_id)
    except person.consents.model.DoesNotExist as exc:
        raise Http404 from exc
    payload = validate_body(request, ConsentWithdrawIn)
    return contact_consent_withdraw(user=user, person=person, record=record, on=payload.on)
