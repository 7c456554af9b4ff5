"""Input and output schemas of the core API (HackSoft style: separate In, Patch and Out schemas).

Input schemas forbid unknown fields, so a typo in a PATCH body is a 422 and not a silent no-op. Every text value
of an input is checked for NUL characters, which PostgreSQL cannot store.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator, model_validator

from .choices import ApproachType, AuditAction

# Database limits: ids are 64-bit, PositiveIntegerField and PositiveSmallIntegerField are 32/16-bit in PostgreSQL.
MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1
MAX_SMALLINT = 2**15 - 1
MAX_TOKEN_LIFETIME = dt.timedelta(days=3660)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, Field(min_length=1, pattern=r"^[-a-zA-Z0-9_]+$")]


MAX_JSON_DEPTH = 64


def _has_nul(value: Any) -> bool:
    """True when a string anywhere in the value contains NUL. Iterative, so deep nesting cannot crash it."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict | list | tuple):
            if depth >= MAX_JSON_DEPTH:
                raise ValueError(_("The value is nested too deeply."))
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class InSchema(Schema):
    """Base of all request bodies and filter sets."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError(_("Text must not contain NUL characters."))
        return value


class FilterSchema(InSchema):
    """Query parameters of a list; unknown query parameters are ignored like in the pages."""

    model_config = ConfigDict(extra="ignore")


# --- Programmes ---------------------------------------------------------------------------------------------------


class ProgrammeRef(Schema):
    id: int
    slug: str
    name: str


class ProgrammeOut(Schema):
    id: int
    slug: str
    name: str
    funder: str
    description: str
    start: dt.date | None
    end: dt.date | None
    min_cell_size: int


# --- Quartiere ----------------------------------------------------------------------------------------------------


class QuartierRef(Schema):
    id: int
    slug: str
    display_name: str


class QuartierOut(Schema):
    id: int
    slug: str
    programme: ProgrammeRef
    city: str
    name: str
    display_name: str
    population: int | None
    population_approx: bool
    unemployment_rate: float | None
    sgb2_quota: float | None
    provider: str
    coach_fte: float | None
    coach_count: int | None
    loi_partners: int | None
    approach_type: str
    starting_situation: str
    start: dt.date | None
    end: dt.date | None
    extended_until: dt.date | None
    boundary: dict | None
    description: str
    organisation_count: int = Field(0, description="Number of organisations active in the Quartier.")

    @staticmethod
    def resolve_organisation_count(obj) -> int:
        return getattr(obj, "organisation_count", 0) or 0


Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=4, decimal_places=1)]
ApproachChoice = Literal["", "strukturell", "ansprachezentriert", "inhaltlich"]
assert set(ApproachChoice.__args__) == {"", *ApproachType.values}


class QuartierFieldsMixin(InSchema):
    """Fields shared by create and update; in PATCH every field is optional and only sent fields change."""

    population: int | None = Field(None, ge=0, le=MAX_INT)
    population_approx: bool = None
    unemployment_rate: Percent | None = None
    sgb2_quota: Percent | None = None
    provider: str = Field(None, max_length=200)
    coach_fte: Annotated[Decimal, Field(ge=0, max_digits=4, decimal_places=2)] | None = None
    coach_count: int | None = Field(None, ge=0, le=MAX_SMALLINT)
    loi_partners: int | None = Field(None, ge=0, le=MAX_SMALLINT)
    approach_type: ApproachChoice = None
    starting_situation: str = None
    start: dt.date | None = None
    end: dt.date | None = None
    extended_until: dt.date | None = None
    boundary: dict | None = Field(None, description="GeoJSON geometry or feature of the area boundary.")
    description: str = None


class QuartierIn(QuartierFieldsMixin):
    programme_id: Id
    slug: Slug = Field(..., max_length=80)
    city: str = Field(..., min_length=1, max_length=100)
    name: str = Field(..., min_length=1, max_length=150)

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.start and self.end and self.end < self.start:
            raise ValueError(_("The end date must not be before the start date."))
        return self


class QuartierPatch(QuartierFieldsMixin):
    programme_id: Id = None
    slug: Slug = Field(None, max_length=80)
    city: str = Field(None, min_length=1, max_length=100)
    name: str = Field(None, min_length=1, max_length=150)


class QuartierFilters(FilterSchema):
    q: str | None = Field(None, max_length=200, description="Search in city, name and provider.")
    programme: str | None = Field(None, max_length=60, description="Programme slug.")


# --- Current user -------------------------------------------------------------------------------------------------


class RoleOut(Schema):
    role: str
    label: str
    programme: str | None = Field(None, description="Programme slug (coordination, evaluation).")
    quartier: str | None = Field(None, description="Quartier slug (coach, contact point).")
    organisation_id: int | None = Field(None, description="Organisation id (partner).")


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    full_name: str
    is_admin: bool
    roles: list[RoleOut]
    quartiere: list[str] = Field(..., description="Slugs of the Quartiere the user may see.")


# --- Audit log ----------------------------------------------------------------------------------------------------


class AuditLogEntryOut(Schema):
    id: int
    timestamp: dt.datetime
    username: str
    action: str
    action_label: str
    object_type: str = Field(..., description="app_label.model of the changed object.")
    object_id: int
    object_repr: str
    fields: list[str]
    quartier: str | None = Field(None, description="Quartier slug.")
    remote_addr: str | None

    @staticmethod
    def resolve_action_label(obj) -> str:
        return str(obj.get_action_display())

    @staticmethod
    def resolve_object_type(obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_quartier(obj) -> str | None:
        return obj.quartier.slug if obj.quartier_id else None


class AuditFilters(FilterSchema):
    q: str | None = Field(None, max_length=200, description="Search in user name and object.")
    action: Literal["create", "update", "delete", "export", "import"] | None = None
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")


assert {"create", "update", "delete", "export", "import"} == set(AuditAction.values)


# --- API tokens ---------------------------------------------------------------------------------------------------


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    key: str = Field(..., description="The secret key. It is shown only once; only its hash is stored.")


class ApiTokenIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_at: dt.datetime | None = Field(None, description="Optional expiry (ISO 8601), at most ten years ahead.")

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Please enter a name for the token."))
        return value.strip()

    @field_validator("expires_at")
    @classmethod
    def _expiry_in_future(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        now = timezone.now()
        if value <= now:
            raise ValueError(_("The expiry date must lie in the future."))
        if value > now + MAX_TOKEN_LIFETIME:
            raise ValueError(_("A token may be valid for at most ten years."))
        return value
