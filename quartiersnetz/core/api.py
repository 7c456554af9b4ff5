"""Core API: the current user, programmes, Quartiere, the audit log and API tokens.

Also holds the small building blocks every app's API uses: the pagination class, `api_user()` and
`resolve_reference()`. Operations are thin: one selector or service call each (style.md rule 10).
"""

import json
from typing import Annotated

import pydantic
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from .access import forget_scope, get_scope
from .models import User
from .schemas import (
    ApiTokenCreatedOut,
    ApiTokenIn,
    ApiTokenOut,
    AuditFilters,
    AuditLogEntryOut,
    Id,
    MeOut,
    ProgrammeOut,
    QuartierFilters,
    QuartierIn,
    QuartierOut,
    QuartierPatch,
    Slug,
)
from .selectors import api_token_list, audit_list, programme_list, quartier_get, quartier_list
from .services import api_token_create, api_token_revoke, quartier_create, quartier_delete, quartier_update

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    """`?limit=50&offset=0` → `{"count": n, "items": [...]}`; at most 200 items per request."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–200).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of items to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class ReferenceNotFound(Http404):
    """A referenced object (e.g. `programme_id` in a body) does not exist or is outside the user's scope."""

    def __init__(self, field: str, value):
        self.field = field
        self.value = value
        super().__init__(field)


def api_user(request: HttpRequest) -> User:
    """The user the request authenticated as (token or session)."""
    return request.auth


def resolve_reference(queryset: QuerySet, pk: int, *, field: str):
    """Look up a referenced object in a scoped queryset (from a selector); unknown or invisible → 404 on the field."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise ReferenceNotFound(field, pk) from exc


def resolve_references(queryset: QuerySet, pks: list[int], *, field: str) -> list:
    """Like resolve_reference for a list of ids; every id must be visible."""
    objects = {obj.pk: obj for obj in queryset.filter(pk__in=set(pks))}
    for pk in pks:
        if pk not in objects:
            raise ReferenceNotFound(field, pk)
    return [objects[pk] for pk in dict.fromkeys(pks)]


# Bodies of operations on an existing object are validated after the object lookup, so that an object outside the
# user's scope is a 404 whatever the body says (as in the pages). The root API adds these schemas to the OpenAPI
# components; `late_body()` documents the request body of such an operation.
LATE_BODY_SCHEMAS: dict[str, type[Schema]] = {}


def late_body(schema: type[Schema], *, required: bool = True) -> dict:
    """`openapi_extra` for an operation that validates `schema` with `validate_body()` after its lookup."""
    LATE_BODY_SCHEMAS[schema.__name__] = schema
    return {
        "requestBody": {
            "required": required,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}},
        }
    }


def validate_body[S: Schema](request: HttpRequest, schema: type[S]) -> S:
    """Parse and validate the JSON body like ninja does for a `payload: Schema` parameter (same error locations)."""
    try:
        data = json.loads(request.body) if request.body else {}
    except (ValueError, RecursionError) as exc:
        raise HttpError(400, "Cannot parse request body") from exc
    try:
        return schema.model_validate(data, context={"request": request})
    except pydantic.ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            error = dict(error)
            error["loc"] = ("body", "payload", *error["loc"])
            error.pop("input", None)
            errors.append(error)
        raise ValidationError(errors) from exc


def filters_dict(filters: Schema) -> dict:
    return {k: v for k, v in filters.dict().items() if v not in (None, "")}


router = Router(tags=["Kern"])


# --- Current user -------------------------------------------------------------------------------------------------


@router.get("/me", response=MeOut, summary="Current user, roles and visible Quartiere")
def me(request):
    user = api_user(request)
    scope = get_scope(user)
    roles = [
        {
            "role": a.role,
            "label": str(a.get_role_display()),
            "programme": a.programme.slug if a.programme_id else None,
            "quartier": a.quartier.slug if a.quartier_id else None,
            "organisation_id": a.organisation_id,
        }
        for a in user.roles.select_related("programme", "quartier").order_by("role", "pk")
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": user.get_full_name(),
        "is_admin": scope.is_admin,
        "roles": roles,
        "quartiere": list(quartier_list(user=user).values_list("slug", flat=True)),
    }


# --- Programmes ---------------------------------------------------------------------------------------------------


@router.get("/programmes", response=list[ProgrammeOut], summary="Programmes with visible Quartiere")
@paginate(Pagination)
def programme_list_api(request):
    return programme_list(user=api_user(request)).order_by("name", "pk")


# --- Quartiere ----------------------------------------------------------------------------------------------------


def _quartier_data(payload: QuartierIn | QuartierPatch, user: User) -> dict:
    data = payload.dict(exclude_unset=True)
    if "programme_id" in data:
        data["programme"] = resolve_reference(programme_list(user=user), data.pop("programme_id"), field="programme_id")
    return data


def _quartier_by_id(user: User, quartier_id: int):
    return get_object_or_404(quartier_list(user=user), pk=quartier_id)


@router.get("/quartiere", response=list[QuartierOut], summary="List Quartiere")
@paginate(Pagination)
def quartier_list_api(request, filters: Query[QuartierFilters]):
    return quartier_list(user=api_user(request), filters=filters_dict(filters)).order_by("city", "name", "pk")


@router.get("/quartiere/{quartier_id}", response=QuartierOut, summary="Get a Quartier by id")
def quartier_get_api(request, quartier_id: Id):
    return _quartier_by_id(api_user(request), quartier_id)


@router.get("/quartiere/by-slug/{slug}", response=QuartierOut, summary="Get a Quartier by slug")
def quartier_get_by_slug_api(request, slug: Annotated[Slug, Field(max_length=80)]):
    return quartier_get(user=api_user(request), slug=slug)


@router.post("/quartiere", response={201: QuartierOut}, summary="Create a Quartier")
def quartier_create_api(request, payload: QuartierIn):
    user = api_user(request)
    quartier = quartier_create(user=user, data=_quartier_data(payload, user))
    forget_scope(user)  # the new Quartier widens the scope computed before it existed
    return Status(201, _quartier_by_id(user, quartier.pk))


@router.patch(
    "/quartiere/{quartier_id}", response=QuartierOut, summary="Change a Quartier",
    openapi_extra=late_body(QuartierPatch),
)
def quartier_update_api(request, quartier_id: Id):
    user = api_user(request)
    quartier = _quartier_by_id(user, quartier_id)
    payload = validate_body(request, QuartierPatch)
    quartier_update(user=user, quartier=quartier, data=_quartier_data(payload, user))
    return _quartier_by_id(user, quartier.pk)


@router.delete("/quartiere/{quartier_id}", response={204: None}, summary="Delete a Quartier")
def quartier_delete_api(request, quartier_id: Id):
    user = api_user(request)
    quartier_delete(user=user, quartier=_quartier_by_id(user, quartier_id))
    return Status(204, None)


# --- Audit log ----------------------------------------------------------------------------------------------------


@router.get("/audit-log", response=list[AuditLogEntryOut], summary="Audit log (administration only)")
@paginate(Pagination)
def audit_list_api(request, filters: Query[AuditFilters]):
    return audit_list(user=api_user(request), filters=filters_dict(filters)).order_by("-timestamp", "-id")


# --- API tokens ---------------------------------------------------------------------------------------------------


@router.get("/tokens", response=list[ApiTokenOut], summary="Own API tokens")
@paginate(Pagination)
def api_token_list_api(request):
    return api_token_list(user=api_user(request)).order_by("-created_at", "-pk")


@router.post("/tokens", response={201: ApiTokenCreatedOut}, summary="Create an API token (the key is shown once)")
def api_token_create_api(request, payload: ApiTokenIn):
    token, key = api_token_create(user=api_user(request), name=payload.name, expires_at=payload.expires_at)
    token.key = key
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke an own API token")
def api_token_delete_api(request, token_id: Id):
    user = api_user(request)
    token = get_object_or_404(api_token_list(user=user), pk=token_id)
    api_token_revoke(user=user, token=token)
    return Status(204, None)

