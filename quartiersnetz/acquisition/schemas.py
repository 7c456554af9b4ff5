"""Input and output schemas of the acquisition API (separate In, Patch and Out schemas per resource)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from quartiersnetz.core.schemas import FilterSchema, Id, InSchema, QuartierRef

from .choices import AcquisitionStage, CooperationPath, NetworkForm, PublicityKind, SizeClass

StageChoice = Literal[tuple(AcquisitionStage.values)]  # type: ignore[valid-type]
PathChoice = Literal[("", *CooperationPath.values)]  # type: ignore[valid-type]
SizeChoice = Literal[("", *SizeClass.values)]  # type: ignore[valid-type]
FormChoice = Literal[tuple(NetworkForm.values)]  # type: ignore[valid-type]
KindChoice = Literal[tuple(PublicityKind.values)]  # type: ignore[valid-type]
Date = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]
Text = Annotated[str, Field(max_length=10_000)]


class NamedRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    username: str
    full_name: str

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.get_full_name() or obj.username


# --- cases --------------------------------------------------------------------------------------------------------


class StageChangeOut(Schema):
    id: int
    from_stage: str
    to_stage: str
    on: dt.date
    note: str
    by: UserRef | None


class CaseOut(Schema):
    id: int
    quartier: QuartierRef
    organisation: NamedRef
    stage: str
    stage_label: str
    stage_since: dt.date
    owner: UserRef | None
    next_step: str
    next_step_on: dt.date | None
    objections: str
    benefit: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_stage_display())


class CaseDetailOut(CaseOut):
    history: list[StageChangeOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.stage_changes.select_related("by").order_by("on", "pk"))


class CaseFields(InSchema):
    owner_id: Id | None = None
    next_step: Annotated[str, Field(max_length=300)] = None
    next_step_on: Date | None = None
    objections: Text = None
    benefit: Text = None


class CaseIn(CaseFields):
    quartier_id: Id
    organisation_id: Id
    stage: StageChoice = "identified"
    on: Date | None = Field(None, description="Date of the first stage; empty: today. Not in the future.")


class CasePatch(CaseFields):
    pass


class MoveIn(InSchema):
    to_stage: StageChoice
    on: Date | None = Field(None, description="Date of the move; empty: today. May be backdated, never in the "
                                              "future or before the last move.")
    note: Annotated[str, Field(max_length=500)] = ""


class CaseFilters(FilterSchema):
    q: str | None = None
    quartier: str | None = Field(None, description="Slug of a Quartier.")
    quartier_id: int | None = None
    stage: StageChoice | None = None
    owner: int | None = Field(None, description="User id of the responsible person.")
    mine: bool | None = None


class FunnelStageOut(Schema):
    stage: str
    label: str
    reached: int = Field(description="Cases that reached at least this stage.")
    current: int
    conversion: float | None = Field(description="Reached here / reached at the previous stage (0–1).")
    median_days: float | None = Field(description="Median days from first reaching the previous stage.")
    dropped: int = Field(description="Dormant cases whose highest stage was this one.")


class FunnelOut(Schema):
    quartier_id: int | None
    programme_id: int | None
    quartier_count: int
    total: int
    dropped_out: int
    dropout_rate: float | None
    overall_conversion: float | None
    stages: list[FunnelStageOut]


# --- company profiles ---------------------------------------------------------------------------------------------


class CompanyOut(Schema):
    id: int
    organisation: NamedRef
    wz_code: str
    wz_section: str
    wz_section_name: str
    size_class: str
    employees: int | None
    founded_year: int | None
    trains_apprentices: bool
    cooperation_path: str
    cooperation_path_since: dt.date | None
    note: str


class CompanyFields(InSchema):
    wz_code: Annotated[str, Field(max_length=12)] = None
    size_class: SizeChoice = None
    employees: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    founded_year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    trains_apprentices: bool = None
    note: Text = None


class CompanyIn(CompanyFields):
    organisation_id: Id
    cooperation_path: PathChoice = ""
    on: Date | None = Field(None, description="Since when the company is on the path; empty: today.")


class CompanyPatch(CompanyFields):
    pass


class PathIn(InSchema):
    to_path: PathChoice
    on: Date | None = None
    note: Annotated[str, Field(max_length=500)] = ""


class CompanyFilters(FilterSchema):
    q: str | None = None
    quartier: str | None = None
    quartier_id: int | None = None
    section: str | None = Field(None, description="WZ 2008 section letter A–U.")
    size_class: SizeChoice | None = None
    cooperation_path: PathChoice | None = None


# --- business networks --------------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    organisation: NamedRef
    since: dt.date | None
    until: dt.date | None
    wz_section: str

    @staticmethod
    def resolve_wz_section(obj) -> str:
        profile = getattr(obj.organisation, "company_profile", None)
        return profile.wz_section if profile else ""


class PublicityOut(Schema):
    id: int
    on: dt.date
    kind: str
    text: str


class MixOut(Schema):
    section: str = Field(description="WZ 2008 section letter; empty: no sector given.")
    name: str
    count: int
    share: float


class NetworkOut(Schema):
    id: int
    quartier: QuartierRef
    name: str
    form: str
    meeting_format: str
    founded_on: dt.date | None
    organisation: NamedRef | None
    critical_mass: int
    goals: str
    strategic_partners: str
    member_count: int = Field(0, description="Active members today.")
    last_publicity_on: dt.date | None = None


class NetworkDetailOut(NetworkOut):
    members: list[MemberOut]
    publicity: list[PublicityOut]
    branch_mix: list[MixOut]
    hints: list[str] = Field(description="few_interested (below critical mass), no_publicity (none in 3 months).")


class NetworkFields(InSchema):
    meeting_format: Annotated[str, Field(max_length=200)] = None
    founded_on: Date | None = None
    organisation_id: Id | None = None
    critical_mass: Annotated[int, Field(ge=1, le=10_000)] = None
    goals: Text = None
    strategic_partners: Text = None


class NetworkIn(NetworkFields):
    quartier_id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    form: FormChoice


class NetworkPatch(NetworkFields):
    name: Annotated[str, Field(min_length=1, max_length=200)] = None
    form: FormChoice = None


class NetworkFilters(FilterSchema):
    q: str | None = None
    quartier: str | None = None
    quartier_id: int | None = None
    form: FormChoice | None = None


class MemberIn(InSchema):
    organisation_id: Id
    since: Date | None = None
    until: Date | None = None


class PublicityIn(InSchema):
    on: Date
    kind: KindChoice
    text: Annotated[str, Field(min_length=1, max_length=500)]
