"""Input and output schemas of the meetings API (separate In, Patch and Out schemas per resource)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from quartiersnetz.core.schemas import MAX_ID, FilterSchema, Id, InSchema, QuartierRef

from .choices import (
    ActivityType,
    AgreementKind,
    AttendanceLevel,
    CommitmentPeriod,
    ImpactLevel,
    MeetingStatus,
    MemberRole,
    Rhythm,
    TaskStatus,
)

RhythmChoice = Literal["", "weekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly", "irregular"]
RoleChoice = Literal["chair", "member", "guest"]
MeetingStatusChoice = Literal["planned", "held", "cancelled"]
LevelChoice = Literal["", "leitung", "operativ"]
TaskStatusChoice = Literal["open", "in_progress", "done", "dropped"]
KindChoice = Literal["loi", "cooperation", "target", "declaration"]
PeriodChoice = Literal["per_year", "project"]
ActivityChoice = Literal[tuple(ActivityType.values)]  # type: ignore[valid-type]
ImpactChoice = Literal[tuple(ImpactLevel.values)]  # type: ignore[valid-type]
assert set(RhythmChoice.__args__) == {"", *Rhythm.values}
assert set(RoleChoice.__args__) == set(MemberRole.values)
assert set(MeetingStatusChoice.__args__) == set(MeetingStatus.values)
assert set(LevelChoice.__args__) == {"", *AttendanceLevel.values}
assert set(TaskStatusChoice.__args__) == set(TaskStatus.values)
assert set(KindChoice.__args__) == set(AgreementKind.values)
assert set(PeriodChoice.__args__) == set(CommitmentPeriod.values)

Amount = Annotated[Decimal, Field(ge=0, le=Decimal("9999999999.99"), max_digits=12, decimal_places=2)]
Hours = Annotated[Decimal, Field(gt=0, le=24, max_digits=4, decimal_places=2)]
# Dates within the range every database and the iCalendar format handle.
Date = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]
DateTime = Annotated[dt.datetime, Field(description="ISO 8601; without a zone it is read as Europe/Berlin.")]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not (dt.datetime(1900, 1, 2, tzinfo=dt.UTC) <= value <= dt.datetime(2999, 12, 30, tzinfo=dt.UTC)):
        raise ValueError(_("Please enter a date between 1900 and 2999."))
    return value


class NamedRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class UserRef(Schema):
    id: int
    username: str
    full_name: str

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.get_full_name() or obj.username


# --- body types and bodies ----------------------------------------------------------------------------------------


class BodyTypeOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    order: int
    is_active: bool


class BodyOut(Schema):
    id: int
    quartier: QuartierRef
    body_type: BodyTypeOut
    name: str
    topics: str
    target_groups: str
    rhythm: str
    chair: NamedRef | None
    predecessor: NamedRef | None
    is_active: bool
    founded_on: dt.date | None
    description: str
    member_count: int = 0
    meeting_count: int = Field(0, description="Meetings held.")
    created_at: dt.datetime
    updated_at: dt.datetime


class BodyFields(InSchema):
    topics: str = None
    target_groups: str = None
    rhythm: RhythmChoice = None
    chair_id: Id | None = None
    predecessor_id: Id | None = None
    is_active: bool = None
    founded_on: Date | None = None
    description: str = None


class BodyIn(BodyFields):
    quartier_id: Id
    body_type_id: Id
    name: str = Field(..., min_length=1, max_length=200)
    topics: str = ""
    target_groups: str = ""
    rhythm: RhythmChoice = ""
    is_active: bool = True
    description: str = ""


class BodyPatch(BodyFields):
    body_type_id: Id = None
    name: str = Field(None, min_length=1, max_length=200)


class BodyFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    quartier_id: int | None = Field(None, ge=1, le=MAX_ID)
    body_type: str | None = Field(None, max_length=60, description="Body type slug.")
    is_active: bool | None = None
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Bodies with this member organisation.")


class MembershipOut(Schema):
    id: int
    organisation: NamedRef
    contact_person: PersonRef | None = Field(None, description="Null for readers without access to persons.")
    role: str
    since: dt.date | None
    until: dt.date | None


class MembershipIn(InSchema):
    organisation_id: Id
    contact_person_id: Id | None = None
    role: RoleChoice = "member"
    since: Date | None = None
    until: Date | None = None

    @model_validator(mode="after")
    def _range(self):
        if self.since and self.until and self.until < self.since:
            raise ValueError(_("“Member until” must not be before “member since”."))
        return self


class MembershipPatch(InSchema):
    contact_person_id: Id | None = None
    role: RoleChoice = None
    since: Date | None = None
    until: Date | None = None


# --- meetings -----------------------------------------------------------------------------------------------------


class BodyRef(Schema):
    id: int
    name: str
    quartier: QuartierRef


class AttendanceOut(Schema):
    organisation: NamedRef
    attended: bool
    contact_person: PersonRef | None
    represented_person: PersonRef | None
    represented_note: str
    level: str


class DecisionOut(Schema):
    number: int
    text: str


class MeetingOut(Schema):
    id: int
    body: BodyRef
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    agenda: str
    status: str
    minutes: str
    minutes_approved: bool
    sequence: int
    invitations_sent_at: dt.datetime | None
    invitations_sent_count: int
    attendance: list[AttendanceOut] = Field(..., description="Persons are null for readers without access to them.")
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_attendance(obj, context) -> list:
        from .selectors import shows_persons

        rows = list(obj.attendances.all())
        if not shows_persons(user=context["request"].auth, quartier_id=obj.body.quartier_id):
            for row in rows:
                row.contact_person = None
                row.represented_person = None
                row.represented_note = ""
        return rows

    @staticmethod
    def resolve_decisions(obj) -> list:
        return list(obj.decisions.all())


class MeetingFields(InSchema):
    title: str = Field(None, max_length=200)
    ends_at: DateTime | None = None
    location: str = Field(None, max_length=300)
    agenda: str = None

    @field_validator("starts_at", "ends_at", check_fields=False)
    @classmethod
    def _make_aware(cls, value):
        return _aware(value)


class MeetingIn(MeetingFields):
    body_id: Id
    starts_at: DateTime
    title: str = Field("", max_length=200)
    location: str = Field("", max_length=300)
    agenda: str = ""

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError(_("The end of the meeting must be after its start."))
        return self


class MeetingPatch(MeetingFields):
    body_id: Id = None
    starts_at: DateTime = None
    status: MeetingStatusChoice = None


class AttendanceIn(InSchema):
    organisation_id: Id
    attended: bool = True
    contact_person_id: Id | None = None
    represented_person_id: Id | None = None
    represented_note: str = Field("", max_length=200)
    level: LevelChoice = ""


class RecordTaskIn(InSchema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    owner_id: Id | None = None
    responsible_organisation_id: Id | None = None
    due_on: Date | None = None


class MeetingRecordIn(InSchema):
    minutes: str = ""
    minutes_approved: bool = False
    attendance: list[AttendanceIn] = Field(default_factory=list, max_length=500)
    decisions: list[Annotated[str, Field(max_length=10000)]] = Field(default_factory=list, max_length=200)
    tasks: list[RecordTaskIn] = Field(default_factory=list, max_length=200)


class MeetingFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    quartier_id: int | None = Field(None, ge=1, le=MAX_ID)
    body: int | None = Field(None, ge=1, le=MAX_ID, description="Body id.")
    status: MeetingStatusChoice | None = None
    start: Date | None = Field(None, description="Meetings starting on or after this date.")
    end: Date | None = Field(None, description="Meetings starting on or before this date.")


class InvitationOut(Schema):
    sent: list[str] = Field(..., description="Recipients (name and address).")
    skipped: list[list[str]] = Field(..., description="[name, reason] of members who were not invited.")


# --- tasks --------------------------------------------------------------------------------------------------------


class MeetingRef(Schema):
    id: int
    starts_at: dt.datetime
    body_id: int


class TaskOut(Schema):
    id: int
    quartier: QuartierRef
    title: str
    description: str
    owner: UserRef | None
    responsible_organisation: NamedRef | None
    due_on: dt.date | None
    status: str
    completed_on: dt.date | None
    overdue: bool
    meeting: MeetingRef | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_overdue(obj) -> bool:
        from .selectors import is_overdue

        return is_overdue(obj)


class TaskFields(InSchema):
    description: str = None
    owner_id: Id | None = None
    responsible_organisation_id: Id | None = None
    due_on: Date | None = None
    status: TaskStatusChoice = None
    meeting_id: Id | None = None


class TaskIn(TaskFields):
    quartier_id: Id
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    status: TaskStatusChoice = "open"


class TaskPatch(TaskFields):
    title: str = Field(None, min_length=1, max_length=200)


class TaskFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    quartier_id: int | None = Field(None, ge=1, le=MAX_ID)
    status: TaskStatusChoice | None = None
    overdue: bool | None = Field(None, description="Only open tasks past their due date.")
    mine: bool | None = Field(None, description="Only tasks owned by the caller.")
    meeting: int | None = Field(None, ge=1, le=MAX_ID, description="Meeting id.")


# --- agreements ---------------------------------------------------------------------------------------------------


class ActualOut(Schema):
    id: int
    on: dt.date
    value: Decimal
    note: str


class CommitmentOut(Schema):
    id: int
    order: int
    party: NamedRef | None
    party_label: str
    text: str
    indicator: str
    target_value: Decimal | None
    target_value_max: Decimal | None
    unit: str
    period: str
    at_least: bool
    actuals: list[ActualOut]
    latest_value: Decimal | None = Field(None, description="The actual value that counts (cumulative).")
    latest_on: dt.date | None = None
    fulfilment_percent: Decimal | None = Field(None, description="Latest actual / target × 100, uncapped.")

    @staticmethod
    def resolve_actuals(obj) -> list:
        return list(obj.actuals.all())

    @staticmethod
    def _status(obj):
        from .selectors import commitment_status

        status = getattr(obj, "_qn_status", None)
        if status is None:
            status = obj._qn_status = commitment_status(obj)
        return status

    @staticmethod
    def resolve_latest_value(obj):
        return CommitmentOut._status(obj).latest_value

    @staticmethod
    def resolve_latest_on(obj):
        return CommitmentOut._status(obj).latest_on

    @staticmethod
    def resolve_fulfilment_percent(obj):
        return CommitmentOut._status(obj).percent


class AgreementOut(Schema):
    id: int
    quartier: QuartierRef
    kind: str
    title: str
    parties: list[NamedRef]
    starts_on: dt.date | None
    ends_on: dt.date | None
    signed_on: dt.date | None
    text: str
    commitments: list[CommitmentOut]
    fulfilment_percent: Decimal | None = Field(
        None, description="Mean of the commitments' fulfilment (each capped at 100 %) over numeric targets."
    )

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.parties.all())

    @staticmethod
    def resolve_commitments(obj) -> list:
        return list(obj.commitments.all())

    @staticmethod
    def resolve_fulfilment_percent(obj, context):
        from .selectors import agreement_status

        return agreement_status(user=context["request"].auth, agreement=obj).percent


class AgreementFields(InSchema):
    starts_on: Date | None = None
    ends_on: Date | None = None
    signed_on: Date | None = None
    text: str = None
    party_ids: list[Id] = Field(None, max_length=200)


class AgreementIn(AgreementFields):
    quartier_id: Id
    kind: KindChoice
    title: str = Field(..., min_length=1, max_length=200)
    text: str = ""
    party_ids: list[Id] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _range(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(_("The agreement cannot end before it starts."))
        return self


class AgreementPatch(AgreementFields):
    kind: KindChoice = None
    title: str = Field(None, min_length=1, max_length=200)


class AgreementFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    quartier_id: int | None = Field(None, ge=1, le=MAX_ID)
    kind: KindChoice | None = None
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Agreements with this party.")


class CommitmentFields(InSchema):
    order: int = Field(None, ge=0, le=32767)
    party_id: Id | None = None
    party_label: str = Field(None, max_length=100)
    indicator: str = Field(None, max_length=200)
    target_value: Amount | None = None
    target_value_max: Amount | None = None
    unit: str = Field(None, max_length=60)
    period: PeriodChoice = None
    at_least: bool = None

    @field_validator("target_value")
    @classmethod
    def _positive(cls, value):
        if value is not None and value <= 0:
            raise ValueError(_("The target value must be greater than 0."))
        return value


class CommitmentIn(CommitmentFields):
    text: str = Field(..., min_length=1, max_length=10000)
    party_label: str = Field("", max_length=100)
    indicator: str = Field("", max_length=200)
    unit: str = Field("", max_length=60)
    period: PeriodChoice = "project"
    at_least: bool = False


class CommitmentPatch(CommitmentFields):
    text: str = Field(None, min_length=1, max_length=10000)


class ActualIn(InSchema):
    on: Date
    value: Amount
    note: str = Field("", max_length=300)


# --- work log -----------------------------------------------------------------------------------------------------


class WorkLogOut(Schema):
    id: int
    user: UserRef
    quartier: QuartierRef
    on: dt.date
    activity_type: str
    hours: Decimal
    impact_level: str
    meeting_id: int | None
    note: str
    created_at: dt.datetime


class WorkLogFields(InSchema):
    meeting_id: Id | None = None
    note: str = Field(None, max_length=500)


class WorkLogIn(WorkLogFields):
    quartier_id: Id
    on: Date
    activity_type: ActivityChoice
    hours: Hours
    impact_level: ImpactChoice
    note: str = Field("", max_length=500)


class WorkLogPatch(WorkLogFields):
    quartier_id: Id = None
    on: Date = None
    activity_type: ActivityChoice = None
    hours: Hours = None
    impact_level: ImpactChoice = None


class WorkLogFilters(FilterSchema):
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    quartier_id: int | None = Field(None, ge=1, le=MAX_ID)
    activity_type: ActivityChoice | None = None
    impact_level: str | None = Field(None, pattern=r"^[ABC][1-5]?$", description="A level (A1) or a group (A).")
    start: Date | None = None
    end: Date | None = None
    mine: bool | None = None


class WorkLogSummaryOut(Schema):
    quartier_id: int
    quartier: str
    month: dt.date
    activity_type: str
    impact_group: str
    hours: Decimal


class TieOut(Schema):
    organisation_a: int
    organisation_b: int
    count: int
