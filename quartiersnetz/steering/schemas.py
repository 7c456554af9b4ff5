"""Input and output schemas of the steering API (separate In, Patch and Out schemas; ids of related objects)."""


import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from quartiersnetz.core.schemas import FilterSchema, Id, InSchema

Text = Annotated[str, Field(max_length=300)]
LongText = Annotated[str, Field(max_length=10000)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Value = Annotated[Decimal, Field(max_digits=18, decimal_places=4)]
IndicatorTypeChoice = Literal["input", "output", "outcome", "impact"]
RbaChoice = Literal["", "how_much", "how_well", "better_off"]
DirectionChoice = Literal["higher_better", "higher_worse"]
StatusChoice = Literal["draft", "adopted", "achieved", "discarded"]
MethodChoice = Literal["estimated", "extrapolated", "proven"]


class ScopeFilters(FilterSchema):
    q: str | None = None
    quartier: str | None = Field(None, description="Quartier slug, or '-' for programme-level objects only.")
    programme: str | None = Field(None, description="Programme slug.")


# --- goals --------------------------------------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    programme_id: int
    quartier_id: int | None
    level_id: int
    level: str = Field(..., alias="level.name")
    parent_id: int | None
    number: str
    title: str
    description: str
    owner_organisation_id: int | None
    owner_text: str
    period_start: dt.date | None
    period_end: dt.date | None
    nkf_product: str
    status: str
    smart_override_reason: str
    smart_missing: list[str]

    @staticmethod
    def resolve_smart_missing(obj) -> list[str]:
        from .figures import goal_smart

        return list(goal_smart(obj).missing)


class GoalIn(InSchema):
    programme_id: Id
    quartier_id: Id | None = None
    level_id: Id
    parent_id: Id | None = None
    number: Annotated[str, Field(max_length=20)] = ""
    title: Text
    description: LongText = ""
    owner_organisation_id: Id | None = None
    owner_text: Annotated[str, Field(max_length=200)] = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    nkf_product: Annotated[str, Field(max_length=60)] = ""


class GoalPatch(InSchema):
    quartier_id: Id | None = None
    level_id: Id | None = None
    parent_id: Id | None = None
    number: Annotated[str, Field(max_length=20)] | None = None
    title: Text | None = None
    description: LongText | None = None
    owner_organisation_id: Id | None = None
    owner_text: Annotated[str, Field(max_length=200)] | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    nkf_product: Annotated[str, Field(max_length=60)] | None = None


class GoalStatusIn(InSchema):
    status: StatusChoice
    override_reason: LongText = ""


class GoalFilters(ScopeFilters):
    level: int | None = None
    status: StatusChoice | None = None


# --- indicators ---------------------------------------------------------------------------------------------------


class TargetOut(Schema):
    id: int
    period: str
    start: dt.date | None
    end: dt.date | None
    value: float


class ValueOut(Schema):
    id: int
    period: str
    area_id: int | None
    value: float


class IndicatorOut(Schema):
    id: int
    programme_id: int
    quartier_id: int | None
    goal_id: int | None
    name: str
    type: str
    rba_question: str
    rba: str
    unit: str
    direction: str
    tolerance_percent: float
    source: str
    baseline_value: float | None
    baseline_date: dt.date | None
    notes: str
    targets: list[TargetOut]
    values: list[ValueOut]
    traffic_light: str | None
    traffic_rule: str

    @staticmethod
    def resolve_targets(obj):
        return list(obj.targets.all())

    @staticmethod
    def resolve_values(obj):
        return list(obj.values.all())

    @staticmethod
    def resolve_traffic_light(obj):
        from .figures import indicator_status

        return indicator_status(obj).light

    @staticmethod
    def resolve_traffic_rule(obj):
        from .figures import indicator_status

        return indicator_status(obj).rule


class IndicatorIn(InSchema):
    programme_id: Id
    quartier_id: Id | None = None
    goal_id: Id | None = None
    name: Annotated[str, Field(min_length=1, max_length=200)]
    type: IndicatorTypeChoice = "output"
    rba_question: RbaChoice = ""
    unit: Annotated[str, Field(max_length=40)] = ""
    direction: DirectionChoice = "higher_better"
    tolerance_percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = Decimal(10)
    source: Annotated[str, Field(max_length=200)] = ""
    baseline_value: Value | None = None
    baseline_date: dt.date | None = None
    notes: LongText = ""


class IndicatorPatch(InSchema):
    goal_id: Id | None = None
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    type: IndicatorTypeChoice | None = None
    rba_question: RbaChoice | None = None
    unit: Annotated[str, Field(max_length=40)] | None = None
    direction: DirectionChoice | None = None
    tolerance_percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] | None = None
    source: Annotated[str, Field(max_length=200)] | None = None
    baseline_value: Value | None = None
    baseline_date: dt.date | None = None
    notes: LongText | None = None


class TargetIn(InSchema):
    period: Annotated[str, Field(min_length=1, max_length=40)]
    start: dt.date | None = None
    end: dt.date | None = None
    value: Value


class ValueIn(InSchema):
    period: Annotated[str, Field(min_length=1, max_length=40)]
    area_id: Id | None = None
    value: Value


class IndicatorFilters(ScopeFilters):
    type: IndicatorTypeChoice | None = None
    goal: int | None = None


# --- social areas -------------------------------------------------------------------------------------------------


class SocialAreaOut(Schema):
    id: int
    programme_id: int
    city: str
    code: str
    name: str
    population: int | None
    boundary: dict | None


class SocialAreaIn(InSchema):
    programme_id: Id
    city: Annotated[str, Field(min_length=1, max_length=100)]
    code: Annotated[str, Field(min_length=1, max_length=40)]
    name: Annotated[str, Field(min_length=1, max_length=150)]
    population: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    boundary: dict | None = None


class SocialAreaPatch(InSchema):
    city: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    code: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    name: Annotated[str, Field(min_length=1, max_length=150)] | None = None
    population: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    boundary: dict | None = None


class AreaValueOut(Schema):
    id: int
    area_id: int
    indicator_id: int
    indicator: str = Field(..., alias="indicator.name")
    year: int
    value: float


class AreaValueIn(InSchema):
    indicator_id: Id
    year: Annotated[int, Field(ge=1900, le=2200)]
    value: Value


class SocialAreaFilters(FilterSchema):
    q: str | None = None
    city: str | None = None
    programme: str | None = None


# --- measures and cases -------------------------------------------------------------------------------------------


class StepOut(Schema):
    id: int
    stage: str
    order: int
    text: str
    indicator_ids: list[int]

    @staticmethod
    def resolve_indicator_ids(obj):
        return [i.pk for i in obj.indicators.all()]


class MeasureOut(Schema):
    id: int
    programme_id: int
    quartier_id: int | None
    title: str
    description: str
    start: dt.date | None
    end: dt.date | None
    personnel_costs_per_period: float
    goal_ids: list[int]
    steps: list[StepOut]

    @staticmethod
    def resolve_goal_ids(obj):
        return [g.pk for g in obj.goals.all()]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class MeasureIn(InSchema):
    programme_id: Id
    quartier_id: Id | None = None
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: LongText = ""
    start: dt.date | None = None
    end: dt.date | None = None
    personnel_costs_per_period: Amount = Decimal(0)
    goal_ids: list[Id] = []


class MeasurePatch(InSchema):
    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    description: LongText | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    personnel_costs_per_period: Amount | None = None
    goal_ids: list[Id] | None = None


class CasePeriodOut(Schema):
    id: int
    period: str
    start: dt.date
    planned_savings: float
    months_avoided: float
    actual_costs: float


class CaseOut(Schema):
    id: int
    measure_id: int
    code: str
    avoided_alternative: str
    monthly_rate: float
    goal_reached: bool | None
    periods: list[CasePeriodOut]

    @staticmethod
    def resolve_periods(obj):
        return list(obj.periods.all())


class CaseIn(InSchema):
    measure_id: Id
    code: Annotated[str, Field(min_length=1, max_length=30)]
    avoided_alternative: Annotated[str, Field(min_length=1, max_length=120)]
    monthly_rate: Amount
    goal_reached: bool | None = None


class CasePatch(InSchema):
    code: Annotated[str, Field(min_length=1, max_length=30)] | None = None
    avoided_alternative: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    monthly_rate: Amount | None = None
    goal_reached: bool | None = None


class CasePeriodIn(InSchema):
    period: Annotated[str, Field(min_length=1, max_length=40)]
    start: dt.date
    planned_savings: Amount = Decimal(0)
    months_avoided: Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2)] = Decimal(0)
    actual_costs: Amount = Decimal(0)


# --- funds --------------------------------------------------------------------------------------------------------


class FundProjectOut(Schema):
    id: int
    fund_id: int
    name: str
    year: int | None
    costs: float
    savings: float
    method: str


class FundYearOut(Schema):
    year: int | None
    costs: float
    savings: float
    net: float
    factor: float | None
    balance: float | None


class FundOut(Schema):
    id: int
    programme_id: int
    name: str
    municipality: str
    cap_per_year: float | None
    total_costs: float | None = None
    total_savings: float | None = None
    factor: float | None = None
    factor_display: str | None = None
    by_year: list[FundYearOut] = []


class FundProjectIn(InSchema):
    fund_id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    costs: Amount
    savings: Amount
    method: MethodChoice = "estimated"


class FundProjectPatch(InSchema):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    costs: Amount | None = None
    savings: Amount | None = None
    method: MethodChoice | None = None


class FundProjectFilters(FilterSchema):
    fund: int | None = None
    year: int | None = None
    q: str | None = None


# --- computations -------------------------------------------------------------------------------------------------


class MonitoringQuery(FilterSchema):
    programme_id: int | None = Field(None, description="Default: the first programme with social areas.")
    status: str | None = Field(None, description="Area-indicator ids with optional weight: '3,5:2' (id:weight). "
                                                 "Default: every indicator of the programme, weight 1.")
    dynamics: str | None = Field(None, description="Like status; needs start_year and end_year.")
    year: int | None = Field(None, description="Year of the status index. Default: the latest year with values.")
    start_year: int | None = None
    end_year: int | None = None
    status_lower: float = -1.0
    status_upper: float = 1.0
    status_very_low: float = 1.5
    dynamics_lower: float = -1.0
    dynamics_upper: float = 1.0


class MonitoringAreaOut(Schema):
    id: str
    name: str
    status_sum: float
    status_index: float
    status_class: str
    dynamics_sum: float | None
    dynamics_index: float | None
    dynamics_class: str | None
    combined_class: str | None


class MonitoringOut(Schema):
    areas: list[MonitoringAreaOut]
    excluded: list[str]
    status_formula: str
    status_rule: str
    dynamics_formula: str | None
    dynamics_rule: str | None


class CalculatorIn(InSchema):
    cases: Annotated[Decimal, Field(ge=0, le=10**9, max_digits=14, decimal_places=2)]
    avoided_share: Annotated[Decimal, Field(ge=0, le=1, max_digits=8, decimal_places=6,
                                            description="Fraction 0–1, e.g. 0.4 for 40 %.")]
    cost_per_case: Annotated[Decimal, Field(ge=0, le=10**10, max_digits=14, decimal_places=2)]
    staff_costs: Annotated[Decimal, Field(ge=0, le=10**12, max_digits=16, decimal_places=2)] = Decimal(0)
    programme_costs: Annotated[Decimal, Field(ge=0, le=10**12, max_digits=16, decimal_places=2)] = Decimal(0)


class CalculatorOut(Schema):
    avoided_cases: Decimal
    gross_savings: Decimal
    total_costs: Decimal
    net_effect: Decimal
    factor: Decimal | None
    factor_display: str
    break_even_cases: Decimal | None
    break_even_share: Decimal | None
    formula: str
    inputs: dict[str, Decimal]
    warnings: list[str]
