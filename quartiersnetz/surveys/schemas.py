"""Output schemas of the surveys API. The API is read-only: instruments, waves, response rates and statistics
(suppressed aggregates, the same numbers as the analysis page)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from quartiersnetz.core.schemas import FilterSchema


class InstrumentOut(Schema):
    id: int
    slug: str
    title: str
    description: str
    source: str
    programme_id: int | None


class ItemOut(Schema):
    code: str
    text: str
    type: str
    scale_min: int | None
    scale_max: int | None
    reverse_coded: bool
    wording_published: bool


class WaveOut(Schema):
    id: int
    title: str
    code: str
    instrument_id: int
    version: int
    programme_id: int
    status: str
    purpose: str
    anonymous: bool
    opens_on: dt.date | None
    closes_on: dt.date | None
    block_codes: list[str]


class RateOut(Schema):
    group: str | None = Field(description="Actor type or Quartier; null for the total.")
    invited: int
    submitted: int | None = Field(description="Null when suppressed (small cell).")
    rate: float | None


class CellOut(Schema):
    item: str
    label: str
    group: str | None
    wave: str
    n: int | None = Field(description="Null when suppressed.")
    mean: float | None
    sd: float | None
    median: float | None
    counts: dict[str, int] | None
    suppressed: bool


class TestOut(Schema):
    item: str
    test: str
    u: float
    z: float
    p: float
    n1: int
    n2: int
    difference: float | None


class StatisticsOut(Schema):
    waves: list[str]
    group_by: str
    min_cell_size: int
    cells: list[CellOut]
    tests: list[TestOut]


class StatisticsFilters(FilterSchema):
    group_by: Literal["", "actor_type", "quartier", "programme"] = ""
    compare: int | None = Field(None, ge=1, description="Id of another wave of the same instrument.")


class RateFilters(FilterSchema):
    group_by: Literal["actor_type", "quartier"] = "actor_type"
