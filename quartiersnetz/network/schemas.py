"""Input and output schemas of the network API: the graph of a Quartier (nodes, ties, metrics) and stored ties."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import model_validator

from quartiersnetz.core.schemas import FilterSchema, Id, InSchema

from .choices import Frequency, Source, StoredSource, TieType

SourceChoice = Literal["manual", "declared", "co_attendance", "co_membership", "joint_agreement", "referral_sent",
                       "referral_accepted", "joint_offer"]
TieTypeChoice = Literal["kenntnis", "austausch", "abstimmung", "kooperation", "verbund"]
FrequencyChoice = Literal["", "weekly", "monthly", "quarterly", "yearly", "rarely"]
StoredSourceChoice = Literal["manual", "declared"]
assert set(SourceChoice.__args__) == set(Source.values)
assert set(TieTypeChoice.__args__) == set(TieType.values)
assert set(FrequencyChoice.__args__) == {"", *Frequency.values}
assert set(StoredSourceChoice.__args__) == set(StoredSource.values)

Scale = Annotated[int, Field(ge=1, le=4)]
Weight = Annotated[float, Field(ge=0, le=100)]


# --- the graph ----------------------------------------------------------------------------------------------------


class GraphFilters(FilterSchema):
    sources: list[SourceChoice] | None = Field(None, description="Sources to combine (default: all).")
    tie_types: list[TieTypeChoice] | None = Field(
        None, description="Levels of cooperation of stored ties; observed ties have none and are kept."
    )
    min_strength: float = Field(0, ge=0, description="Drop ties weaker than this.")
    start: dt.date | None = Field(None, description="Period from (inclusive).")
    end: dt.date | None = Field(None, description="Period until (inclusive).")
    actor_types: list[str] | None = Field(None, description="Actor type slugs (own or top-level type).")
    w_manual: Weight = 1.0
    w_declared: Weight = 1.0
    w_co_attendance: Weight = 1.0
    w_co_membership: Weight = 1.0
    w_joint_agreement: Weight = 1.0
    w_referral_sent: Weight = 1.0
    w_referral_accepted: Weight = 1.0
    w_joint_offer: Weight = 1.0

    @model_validator(mode="after")
    def _period(self):
        if self.start and self.end and self.end < self.start:
            raise ValueError(_("The end of the period must not be before its start."))
        return self

    def params(self) -> dict:
        return {
            "sources": set(self.sources or Source.values),
            "tie_types": set(self.tie_types) if self.tie_types else None,
            "min_strength": self.min_strength,
            "start": self.start,
            "end": self.end,
            "actor_types": set(self.actor_types) if self.actor_types else None,
            "weights": {s: getattr(self, f"w_{s}") for s in Source.values},
        }


class GraphActorType(Schema):
    slug: str
    name: str
    group: str
    group_name: str
    colour: str


class GraphNode(Schema):
    id: int
    name: str
    short_name: str
    actor_type: GraphActorType
    url: str
    degree: int
    strength: float
    betweenness: float
    closeness: float
    eigenvector: float
    core_number: int
    articulation_point: bool
    broker: bool
    core: bool = Field(..., description="Member of the stable core (highest non-trivial k-core).")
    trust: float | None
    value: float | None


class GraphTie(Schema):
    source: int
    target: int
    strength: float
    sources: dict[str, float] = Field(..., description="Raw value per source: shared meetings, bodies, agreements, "
                                                       "referrals sent or accepted between the two (either "
                                                       "direction), joint offers, or the level of cooperation "
                                                       "(1–5) of stored ties.")
    tie_types: list[str]
    tie_type_labels: list[str]


class GraphMetrics(Schema):
    nodes: int
    ties: int
    density: float
    components: int
    main_component_size: int
    degree_centralization: float
    transitivity: float
    average_path_length: float | None
    max_core: int
    stable_core_k: int | None
    stable_core: list[int]
    brokers: list[int]
    trust: float | None
    value: float | None


class GraphJobcenter(Schema):
    nodes: list[int]
    other_actors: int
    within_1: int
    within_2: int
    share_within_1: float | None
    share_within_2: float | None
    best_betweenness_rank: int | None
    best_betweenness_node: int | None


class GraphFragility(Schema):
    id: int
    name: str
    disconnected: int
    components_after: int
    main_component_size_after: int
    density_after: float
    density_drop: float


class GraphQuartier(Schema):
    id: int
    slug: str
    name: str


class GraphOut(Schema):
    quartier: GraphQuartier
    filters: dict
    nodes: list[GraphNode]
    ties: list[GraphTie]
    metrics: GraphMetrics
    jobcenter: GraphJobcenter
    fragility: list[GraphFragility]


# --- stored ties --------------------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str


class TieOut(Schema):
    id: int
    quartier_id: int
    organisation_a: OrganisationRef
    organisation_b: OrganisationRef
    tie_type: str
    frequency: str
    reliability: int | None
    openness: int | None
    shared_mission: int | None
    influence: int | None
    resources: int | None
    involvement: int | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    source: str
    wave: str
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime


class TieFilters(FilterSchema):
    quartier_id: Id | None = None
    quartier: str | None = Field(None, max_length=80, description="Quartier slug.")
    q: str | None = Field(None, max_length=100)
    tie_type: TieTypeChoice | None = None
    source: StoredSourceChoice | None = None
    organisation: Id | None = None


class _TieFields(InSchema):
    tie_type: TieTypeChoice
    frequency: FrequencyChoice = ""
    reliability: Scale | None = None
    openness: Scale | None = None
    shared_mission: Scale | None = None
    influence: Scale | None = None
    resources: Scale | None = None
    involvement: Scale | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    source: StoredSourceChoice = "manual"
    wave: str = Field("", max_length=60)
    note: str = Field("", max_length=5000)


class TieIn(_TieFields):
    quartier_id: Id
    organisation_a_id: Id
    organisation_b_id: Id


class TiePatch(InSchema):
    organisation_a_id: Id | None = None
    organisation_b_id: Id | None = None
    tie_type: TieTypeChoice | None = None
    frequency: FrequencyChoice | None = None
    reliability: Scale | None = None
    openness: Scale | None = None
    shared_mission: Scale | None = None
    influence: Scale | None = None
    resources: Scale | None = None
    involvement: Scale | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    source: StoredSourceChoice | None = None
    wave: str | None = Field(None, max_length=60)
    note: str | None = Field(None, max_length=5000)


# --- survey waves and their comparison ----------------------------------------------------------------------------


class WaveOut(Schema):
    key: str = Field(..., description="“survey:<id>” (a survey wave) or “stored:<name>” (stored declared ties).")
    kind: Literal["survey", "stored"]
    name: str
    label: str
    date: dt.date | None = Field(..., description="Opening day of the survey wave or earliest “valid from” of the "
                                                  "stored ties.")


class WaveCompareQuery(FilterSchema):
    wave_a: str | None = Field(None, max_length=100, description="Key of the earlier wave (see …/waves).")
    wave_b: str | None = Field(None, max_length=100, description="Key of the later wave (see …/waves).")
    tie_types: list[TieTypeChoice] | None = Field(None, description="Levels of cooperation to keep.")
    min_strength: float = Field(0, ge=0, description="Drop ties weaker than this.")
    actor_types: list[str] | None = Field(None, description="Actor type slugs (own or top-level type).")
    w_declared: Weight = Field(1.0, description="Weight of declared ties (strength = weight × level).")

    def params(self) -> dict:
        return {
            "tie_types": set(self.tie_types) if self.tie_types else None,
            "min_strength": self.min_strength,
            "actor_types": set(self.actor_types) if self.actor_types else None,
            "weights": {Source.DECLARED: self.w_declared},
        }


class CompareMetric(Schema):
    name: str
    before: float | None
    after: float | None
    delta: float | None = Field(..., description="after − before")


class ComparePair(Schema):
    a: OrganisationRef
    b: OrganisationRef


class WaveCompareOut(Schema):
    quartier: GraphQuartier
    wave_a: WaveOut
    wave_b: WaveOut
    metrics: list[CompareMetric]
    nodes_new: list[OrganisationRef]
    nodes_left: list[OrganisationRef]
    nodes_kept: int
    ties_gained: list[ComparePair]
    ties_lost: list[ComparePair]
    ties_kept: int
