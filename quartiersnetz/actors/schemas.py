"""Input and output schemas of the actors API: actor types, organisations, contact persons and their consents.

Output of a contact person goes through `actors.selectors.contact_person_view`: e-mail and phone are null with a
`hidden_reason` when the consent needed for this user is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentMethod, ConsentPurpose
from quartiersnetz.core.schemas import MAX_ID, FilterSchema, Id, InSchema, QuartierRef

from .choices import ContactLevel, LegalDomain
from .selectors import contact_person_view

LegalDomainChoice = Literal["", "sgb2", "sgb3", "sgb8", "sgb9", "sgb12"]
LevelChoice = Literal["", "leitung", "operativ"]
PurposeChoice = Literal["contact", "share", "publish"]
MethodChoice = Literal["written", "electronic", "verbal"]
assert set(LegalDomainChoice.__args__) == set(LegalDomain.values)
assert set(LevelChoice.__args__) == {"", *ContactLevel.values}
assert set(PurposeChoice.__args__) == set(ConsentPurpose.values)
assert set(MethodChoice.__args__) == set(ConsentMethod.values)

Latitude = Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)]
Longitude = Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)]
ORGANISATION_ORDERING = (
    "name", "-name", "city", "-city", "created_at", "-created_at", "updated_at", "-updated_at",
    "contact_count", "-contact_count",
)
OrderingChoice = Literal[ORGANISATION_ORDERING]  # type: ignore[valid-type]


def _check_email(value: str | None) -> str | None:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0]) from exc
    return value


def _check_url(value: str | None) -> str | None:
    if value:
        try:
            URLValidator()(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0]) from exc
    return value


# --- Actor types --------------------------------------------------------------------------------------------------


class ActorTypeRef(Schema):
    id: int
    slug: str
    name: str


class ActorTypeOut(Schema):
    id: int
    slug: str
    name: str
    parent: ActorTypeRef | None
    legal_domain: str
    description: str
    colour: str
    order: int


# --- Organisations ------------------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    actor_type: ActorTypeRef
    quartiere: list[QuartierRef] = Field(..., description="Quartiere the organisation is active in (visible ones).")
    legal_domain: str
    street: str
    postal_code: str
    city: str
    phone: str
    email: str
    website: str
    description: str
    latitude: float | None
    longitude: float | None
    is_active: bool
    contact_count: int = Field(0, description="Number of contact persons.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_quartiere(obj, context) -> list:
        # Only Quartiere the reader may see: an organisation shared with another Quartier must not reveal it.
        scope = get_scope(context["request"].auth)
        return [q for q in obj.quartiere.all() if scope.can_see_quartier(q.pk)]

    @staticmethod
    def resolve_contact_count(obj) -> int:
        return getattr(obj, "contact_count", 0) or 0


class OrganisationFieldsMixin(InSchema):
    short_name: str = Field(None, max_length=60)
    legal_domain: LegalDomainChoice = None
    street: str = Field(None, max_length=200)
    postal_code: str = Field(None, pattern=r"^(\d{5})?$", description="Five digits or empty.")
    city: str = Field(None, max_length=100)
    phone: str = Field(None, max_length=50)
    email: str = Field(None, max_length=254)
    website: str = Field(None, max_length=200)
    description: str = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    is_active: bool = None

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str | None) -> str | None:
        return _check_email(value)

    @field_validator("website")
    @classmethod
    def _valid_website(cls, value: str | None) -> str | None:
        return _check_url(value)


class OrganisationIn(OrganisationFieldsMixin):
    name: str = Field(..., min_length=1, max_length=200)
    actor_type_id: Id
    quartier_ids: list[Id] = Field(..., min_length=1, max_length=500)
    short_name: str = Field("", max_length=60)
    legal_domain: LegalDomainChoice = ""
    street: str = Field("", max_length=200)
    postal_code: str = Field("", pattern=r"^(\d{5})?$", description="Five digits or empty.")
    city: str = Field("", max_length=100)
    phone: str = Field("", max_length=50)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    description: str = ""
    is_active: bool = True

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Please enter a name."))
        return value.strip()


class OrganisationPatch(OrganisationFieldsMixin):
    name: str = Field(None, min_length=1, max_length=200)
    actor_type_id: Id = None
    quartier_ids: list[Id] = Field(
        None, min_length=1, max_length=500,
        description="Replaces the visible Quartiere; Quartiere you cannot see stay assigned.",
    )

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Please enter a name."))
        return value.strip()


class OrganisationFilters(FilterSchema):
    q: str | None = Field(None, max_length=200, description="Search in name, short name and city.")
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    quartier_id: int | None = Field(None, ge=1, le=MAX_ID, description="Quartier id.")
    actor_type: str | None = Field(None, max_length=60, description="Actor type slug (includes its subtypes).")
    is_active: bool | None = None
    ordering: OrderingChoice = Field("name", description="Sort key; a leading minus sorts descending.")


# --- Contact persons ----------------------------------------------------------------------------------------------


class ConsentStatusOut(Schema):
    contact: bool
    share: bool
    publish: bool


def _contact_view(obj, context):
    view = getattr(obj, "_qn_contact_view", None)
    if view is None:
        view = contact_person_view(user=context["request"].auth, person=obj)
        obj._qn_contact_view = view
    return view


class ContactPersonOut(Schema):
    id: int
    organisation: OrganisationRef
    first_name: str
    last_name: str
    full_name: str
    function: str
    level: str
    decision_authority: bool
    is_deputy: bool
    email: str | None = Field(..., description="Null when hidden for lack of consent (see hidden_reason).")
    phone: str | None = Field(..., description="Null when hidden for lack of consent (see hidden_reason).")
    hidden_reason: str | None
    consents: ConsentStatusOut = Field(..., description="Which consents are active today.")
    valid_from: dt.date | None
    valid_until: dt.date | None
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_email(obj, context) -> str | None:
        return _contact_view(obj, context).email

    @staticmethod
    def resolve_phone(obj, context) -> str | None:
        return _contact_view(obj, context).phone

    @staticmethod
    def resolve_hidden_reason(obj, context) -> str | None:
        reason = _contact_view(obj, context).hidden_reason
        return str(reason) if reason else None

    @staticmethod
    def resolve_consents(obj, context) -> dict:
        return _contact_view(obj, context).consents


class ContactFieldsMixin(InSchema):
    function: str = Field(None, max_length=150)
    level: LevelChoice = None
    decision_authority: bool = None
    is_deputy: bool = None
    email: str = Field(None, max_length=254)
    phone: str = Field(None, max_length=50)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str = None

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str | None) -> str | None:
        return _check_email(value)

    @model_validator(mode="after")
    def _valid_range(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(_("'Responsible until' must not be before 'responsible since'."))
        return self


class ContactPersonIn(ContactFieldsMixin):
    organisation_id: Id
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    function: str = Field("", max_length=150)
    level: LevelChoice = ""
    decision_authority: bool = False
    is_deputy: bool = False
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    note: str = ""


class ContactPersonPatch(ContactFieldsMixin):
    organisation_id: Id = None
    first_name: str = Field(None, min_length=1, max_length=100)
    last_name: str = Field(None, min_length=1, max_length=100)


class ContactFilters(FilterSchema):
    q: str | None = Field(None, max_length=200, description="Search in names, function and organisation.")
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Organisation id.")
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    decision_authority: bool | None = None


# --- Consents -----------------------------------------------------------------------------------------------------


class ConsentOut(Schema):
    id: int
    purpose: str
    purpose_label: str
    given_on: dt.date
    method: str
    method_label: str
    scope_note: str
    valid_until: dt.date | None
    withdrawn_on: dt.date | None
    is_active: bool = Field(..., description="Active today (given, not expired, not withdrawn).")
    recorded_by: str | None = Field(None, description="User name of the person who recorded it.")
    recorded_at: dt.datetime

    @staticmethod
    def resolve_purpose_label(obj) -> str:
        return str(obj.get_purpose_display())

    @staticmethod
    def resolve_method_label(obj) -> str:
        return str(obj.get_method_display())

    @staticmethod
    def resolve_is_active(obj) -> bool:
        return obj.is_active()

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return obj.recorded_by.username if obj.recorded_by_id else None


class ConsentIn(InSchema):
    purpose: PurposeChoice
    given_on: dt.date
    method: MethodChoice = "written"
    scope_note: str = Field("", max_length=300)
    valid_until: dt.date | None = None

    @model_validator(mode="after")
    def _valid_until_after_given(self):
        if self.valid_until and self.valid_until < self.given_on:
            raise ValueError(_("'Valid until' must not be before the date the consent was given."))
        return self


class ConsentWithdrawIn(InSchema):
    on: dt.date | None = Field(None, description="Date of the withdrawal; today when omitted.")

    @field_validator("on")
    @classmethod
    def _not_in_future(cls, value: dt.date | None) -> dt.date | None:
        if value and value > timezone.localdate():
            raise ValueError(_("A withdrawal cannot lie in the future."))
        return value

