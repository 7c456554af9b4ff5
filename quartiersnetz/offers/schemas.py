"""Input and output schemas of the offers API: offers with their locations, taxonomies, the analysis matrix and
duplicate assessments."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from quartiersnetz.core.schemas import MAX_INT, FilterSchema, Id, InSchema

from .choices import AccessRoute, DuplicateVerdict, LegalBasis, OfferStatus

StatusChoice = Literal["active", "planned", "paused", "ended"]
LegalBasisChoice = Literal["", "sgb2_16a", "sgb2_16d", "sgb2_16e", "sgb2_16i", "sgb2_16h", "sgb2", "sgb3", "sgb8",
                           "sgb9", "sgb12", "aufenthg", "other"]
AccessRouteChoice = Literal["", "open", "appointment", "registration", "referral_jc", "referral"]
VerdictChoice = Literal["confirmed", "dismissed"]
assert set(StatusChoice.__args__) == set(OfferStatus.values)
assert set(LegalBasisChoice.__args__) == set(LegalBasis.values)
assert set(AccessRouteChoice.__args__) == {"", *AccessRoute.values}
assert set(VerdictChoice.__args__) == set(DuplicateVerdict.values)

Time = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM")]


class Slot(InSchema):
    weekday: int = Field(..., ge=1, le=7, description="1 = Monday … 7 = Sunday")
    opens: Time
    closes: Time

    @model_validator(mode="after")
    def _order(self):
        if self.closes <= self.opens:
            raise ValueError(_("The closing time must be after the opening time."))
        return self


class LocationIn(InSchema):
    name: str = Field("", max_length=200)
    street: str = Field("", max_length=200)
    postal_code: str = Field("", pattern=r"^(\d{5})?$")
    city: str = Field("", max_length=100)
    latitude: Annotated[Decimal, Field(ge=-90, le=90, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, decimal_places=6)] | None = None
    accessibility: str = ""
    transportation: str = Field("", max_length=300)
    hsds_id: str = Field("", max_length=100, description="Keeps the location when the list is sent again.")


class OfferFields(InSchema):
    provider_id: Id = None
    partner_ids: list[Id] = Field(None, description="Partner organisations running the offer with the provider "
                                                    "(active in the Quartier, not the provider); replaces the list.")
    title: str = Field(None, min_length=1, max_length=200)
    description: str = None
    target_group_ids: list[Id] = None
    topic_ids: list[Id] = None
    legal_basis: LegalBasisChoice = None
    in_quartier: bool = None
    opening_hours: list[Slot] = None
    opening_hours_note: str = Field(None, max_length=300)
    languages: str = Field(None, max_length=300)
    costs: str = Field(None, max_length=200)
    access_route: AccessRouteChoice = None
    access_note: str = None
    capacity: int | None = Field(None, ge=0, le=MAX_INT)
    status: StatusChoice = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    contact_id: Id | None = None
    url: str = Field(None, max_length=200)
    email: str = Field(None, max_length=254)
    phone: str = Field(None, max_length=50)
    locations: list[LocationIn] = Field(None, description="All locations; replaces the stored list.")

    @field_validator("title", "description", "opening_hours_note", "languages", "costs", "access_note", "url",
                     "email", "phone")
    @classmethod
    def _no_none(cls, value):
        if value is None:
            raise ValueError(_("This field cannot be empty (null)."))
        return value

    @model_validator(mode="after")
    def _dates(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(_("The end must not be before the start."))
        return self


class OfferIn(OfferFields):
    quartier_id: Id
    provider_id: Id
    title: str = Field(..., min_length=1, max_length=200)


class OfferPatch(OfferFields):
    pass


class OfferFilters(FilterSchema):
    q: str | None = Field(None, max_length=100)
    quartier: str | None = Field(None, max_length=80, description="Quartier slug")
    quartier_id: int | None = None
    target_group: str | None = Field(None, max_length=60, description="Target group slug")
    topic: str | None = Field(None, max_length=60, description="Topic slug")
    status: StatusChoice | None = None
    legal_basis: LegalBasisChoice | None = None
    access_route: AccessRouteChoice | None = None
    provider: int | None = Field(None, description="Organisation id")


class TermOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    order: int
    is_active: bool


class TermRef(Schema):
    id: int
    slug: str
    name: str


class Ref(Schema):
    id: int
    name: str


class QuartierRef(Schema):
    id: int
    slug: str
    display_name: str


class LocationOut(Schema):
    id: int
    name: str
    street: str
    postal_code: str
    city: str
    latitude: float | None
    longitude: float | None
    accessibility: str
    transportation: str
    hsds_id: str


class ContactOut(Schema):
    name: str | None
    function: str
    email: str | None
    phone: str | None
    published: bool = Field(..., description="Publication consent active: listed in the public directory.")
    hidden_reason: str | None


class OfferOut(Schema):
    id: int
    quartier: QuartierRef
    provider: Ref
    partners: list[Ref] = Field(..., description="Partner organisations (a joint offer ties them in the network "
                                                 "analysis).")
    title: str
    description: str
    target_groups: list[TermRef]
    topics: list[TermRef]
    legal_basis: str
    in_quartier: bool
    opening_hours: list[dict]
    opening_hours_note: str
    languages: str
    costs: str
    access_route: str
    access_note: str
    capacity: int | None
    status: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    contact: ContactOut | None
    url: str
    email: str
    phone: str
    locations: list[LocationOut]
    hsds_id: str
    created_at: dt.datetime
    updated_at: dt.datetime


class MatrixCellOut(Schema):
    target_group_id: int
    topic_id: int
    count: int
    gap: bool
    possible_duplicate: bool
    offer_ids: list[int] | None = Field(None, description="Not for evaluation users (aggregates only).")


class DuplicateOut(Schema):
    offer_a_id: int
    offer_b_id: int
    offer_a_title: str
    offer_b_title: str
    score: float
    cells: list[list[int]] = Field(..., description="[target_group_id, topic_id] pairs shared by both offers.")
    verdict: str | None
    note: str


class MatrixOut(Schema):
    quartier: QuartierRef
    threshold: float
    target_groups: list[TermRef]
    topics: list[TermRef]
    cells: list[MatrixCellOut]
    gaps: int
    offers: int
    unclassified: int
    duplicates: list[DuplicateOut] | None = Field(None, description="Not for evaluation users.")


class MatrixFilters(FilterSchema):
    threshold: float = Field(0.5, ge=0.1, le=1, description="Similarity threshold for possible duplicates.")


class DuplicateAssessIn(InSchema):
    offer_a_id: Id
    offer_b_id: Id
    verdict: VerdictChoice
    note: str = Field("", max_length=2000)
    threshold: float = Field(0.5, ge=0.1, le=1)


class ComparisonFilters(FilterSchema):
    quartier: list[str] | None = Field(None, description="Quartier slugs (default: all visible).")


class ComparisonRowOut(Schema):
    target_group_id: int
    topic_id: int
    counts: dict[str, int] = Field(..., description="Quartier slug → number of current offers.")


class ComparisonOut(Schema):
    quartiere: list[QuartierRef]
    target_groups: list[TermRef]
    topics: list[TermRef]
    rows: list[ComparisonRowOut]
