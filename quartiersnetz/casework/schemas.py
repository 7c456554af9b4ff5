"""Input and output schemas of the case-work API. Identities never appear in list or case outputs: only in the
Art. 15 export (case role) and in a referral's `personal` block while a release covers the reader."""

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from quartiersnetz.core.schemas import FilterSchema, Id, InSchema

from .choices import Channel, HandoverMode, ReferralResult, ReferralStatus

ChannelChoice = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
HandoverChoice = Literal[tuple(HandoverMode.values)]  # type: ignore[valid-type]
StatusChoice = Literal[tuple(ReferralStatus.values)]  # type: ignore[valid-type]
StepChoice = Literal["transmitted", "accepted", "rejected", "first_contact", "completed", "cancelled"]
ResultChoice = Literal[("", *ReferralResult.values)]  # type: ignore[valid-type]
Date = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """Naive datetimes are read as Europe/Berlin; the range is what every database handles."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not (dt.datetime(1900, 1, 2, tzinfo=dt.UTC) <= value <= dt.datetime(2999, 12, 30, tzinfo=dt.UTC)):
        raise ValueError(_("Please enter a date between 1900 and 2999."))
    return value


Code = Annotated[str, Field(min_length=11, max_length=11, pattern=r"^[Kk]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}$")]


class NamedRef(Schema):
    id: int
    name: str


class ContactPointOut(Schema):
    id: int
    name: str
    quartier_id: int
    organisation: NamedRef
    street: str
    postal_code: str
    city: str
    opening_hours: str
    is_active: bool


class ClientOut(Schema):
    id: int
    code: str
    quartier_id: int
    contact_point_id: int
    age_band: str
    gender: str
    household: str
    origin: str
    sgb2: str
    unemployment: str
    access_route: str
    last_activity_on: dt.date
    has_identity: bool

    @staticmethod
    def resolve_has_identity(obj) -> bool:
        return hasattr(obj, "identity")


class ContactOut(Schema):
    id: int
    case_code: str
    contact_point_id: int
    date: dt.date
    channel: str
    is_first: bool
    problems: list[NamedRef]
    help_given: str
    minutes: int
    outcome: NamedRef | None

    @staticmethod
    def resolve_case_code(obj) -> str:
        return obj.client.code

    @staticmethod
    def resolve_problems(obj) -> list:
        return list(obj.problems.all())


class ContactIn(InSchema):
    contact_point_id: Id
    case_code: Code | None = Field(None, description="Empty: a new case is opened.")
    date: Date
    channel: ChannelChoice  # type: ignore[valid-type]
    problem_ids: list[Id] = Field(default_factory=list, max_length=30)
    help_given: str = Field("", max_length=2000)
    minutes: int = Field(0, ge=0, le=1440)
    outcome_id: Id | None = None
    age_band: str = Field("", max_length=10)
    gender: str = Field("", max_length=2)
    household: str = Field("", max_length=20)
    origin: str = Field("", max_length=10)
    sgb2: str = Field("", max_length=3)
    unemployment: str = Field("", max_length=5)
    access_route: str = Field("", max_length=20)
    confirm_anonymous: bool = False


class ContactFilters(FilterSchema):
    q: str | None = Field(None, max_length=20, description="Part of the case code.")
    channel: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class EventOut(Schema):
    from_status: str
    to_status: str
    at: dt.datetime
    organisation: NamedRef | None
    note: str


class ReferralOut(Schema):
    id: int
    case_code: str
    quartier_id: int
    sender: NamedRef
    receiver: NamedRef
    offer_name: str
    need: NamedRef | None
    purpose: str
    warm_handover: bool
    handover_mode: str
    share_identity: bool
    appointment_at: dt.datetime | None
    status: str
    result: str
    at_risk: bool
    proposed_at: dt.datetime
    transmitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    first_contact_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_case_code(obj) -> str:
        return obj.client.code


class ReferralDetailOut(ReferralOut):
    personal: dict[str, str] = Field(description="Identity fields released to the reader (empty if none).")
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.event_list


class ReferralIn(InSchema):
    case_code: Code
    sender_id: Id
    receiver_id: Id
    offer_name: str = Field("", max_length=200)
    need_id: Id | None = None
    purpose: str = Field("", max_length=2000)
    warm_handover: bool = True
    handover_mode: HandoverChoice = "gemeinsamer_termin"  # type: ignore[valid-type]
    share_identity: bool = False
    appointment_at: dt.datetime | None = None
    transmit: bool = False
    confirm_anonymous: bool = False

    @field_validator("appointment_at")
    @classmethod
    def _aware(cls, value):
        return aware(value)


class ReferralStepIn(InSchema):
    to_status: StepChoice
    result: ResultChoice = ""  # type: ignore[valid-type]
    note: str = Field("", max_length=300)
    appointment_at: dt.datetime | None = None

    @field_validator("appointment_at")
    @classmethod
    def _aware(cls, value):
        return aware(value)


class ReferralFilters(FilterSchema):
    q: str | None = Field(None, max_length=20)
    status: StatusChoice | None = None  # type: ignore[valid-type]
    quartier_id: Id | None = None
    at_risk: bool | None = None
    incoming: bool | None = None


class ConferenceOut(Schema):
    id: int
    quartier_id: int
    held_on: dt.date
    case_code: str
    title: str
    situation: str
    resources: str
    question: str
    outcome: str
    organisations: list[NamedRef]
    steps: list[str]

    @staticmethod
    def resolve_organisations(obj) -> list:
        return list(obj.organisations.all())

    @staticmethod
    def resolve_steps(obj) -> list[str]:
        return [s.description for s in obj.steps.all()]


class ConferenceIn(InSchema):
    quartier_id: Id
    held_on: Date
    case_code: str = Field("", max_length=11)
    title: str = Field(..., min_length=1, max_length=200)
    situation: str = Field(..., min_length=1, max_length=5000)
    resources: str = Field("", max_length=5000)
    question: str = Field("", max_length=2000)
    outcome: str = Field("", max_length=5000)
    organisation_ids: list[Id] = Field(default_factory=list, max_length=50)
    next_steps: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=30)
    confirm_anonymous: bool = False


class OutreachOut(Schema):
    id: int
    quartier_id: int
    contact_point_id: int | None
    place: str
    date: dt.date
    start_time: dt.time | None
    duration_minutes: int
    people_reached: int
    follow_up_contacts: int
    topics: list[NamedRef]
    topic_note: str

    @staticmethod
    def resolve_topics(obj) -> list:
        return list(obj.topics.all())


class OutreachIn(InSchema):
    quartier_id: Id
    contact_point_id: Id | None = None
    place: str = Field(..., min_length=1, max_length=200)
    date: Date
    start_time: dt.time | None = None
    duration_minutes: int = Field(120, ge=0, le=1440)
    people_reached: int = Field(..., ge=0, le=100000)
    follow_up_contacts: int = Field(0, ge=0, le=100000)
    topic_ids: list[Id] = Field(default_factory=list, max_length=30)
    topic_note: str = Field("", max_length=300)

    @field_validator("start_time")
    @classmethod
    def _local_time(cls, value):
        """A wall-clock time in the Quartier; an offset is dropped."""
        return value.replace(tzinfo=None) if value is not None else None


class QuartierFilters(FilterSchema):
    q: str | None = Field(None, max_length=100)
    quartier_id: Id | None = None


class StatsFilters(FilterSchema):
    quartier_id: Id | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class TableOut(Schema):
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]
    row_totals: list[int | None] | None = None
    column_totals: list[int | None] | None = None
    grand_total: int | None = None


class StatisticsOut(Schema):
    min_cell_size: int
    start: dt.date
    end: dt.date
    persons: int | None
    contacts_per_month: TableOut
    by_contact_point: TableOut
    by_quartier: TableOut
    problems: TableOut
    problem_percent: dict[str, list[float | None]]
    outcomes: TableOut


class PairOut(Schema):
    sender: str
    receiver: str
    sent: int | None
    accepted: int | None
    first_contact: int | None
    completed: int | None
    median_acceptance: float | None
    median_first_contact: float | None


class ChainsOut(Schema):
    min_cell_size: int
    total: dict[str, float | int | None]
    pairs: list[PairOut]
    hidden_pairs: int
    flow: dict[str, dict[str, int | None]]


class ErasedOut(Schema):
    case_code: str
    contacts: int
    referrals: int
    consents: int
    identity: int
