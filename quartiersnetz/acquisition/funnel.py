"""Acquisition funnel arithmetic. Pure Python, no Django imports (style.md rule 13): tested by hand.

Input: per case its stage history as (date, stage) events in order (the first event is the stage the case was
created in). Output per pipeline stage:
- `reached`: cases that reached at least this stage at some time (a case that skipped a stage counts for it too;
  a case that became dormant keeps the stages it had reached),
- `current`: cases in this stage now,
- `conversion`: reached here / reached at the previous stage (None for the first stage or when nobody reached the
  previous one),
- `median_days`: median days from first reaching the previous stage to first reaching this one (cases that reached
  both),
- `dropped`: dormant cases whose highest stage was this one.
Drop-outs are cases whose current stage is `dormant` (ruhend/ausgeschieden).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PIPELINE: tuple[str, ...] = ("identified", "approached", "talked", "interest", "loi", "active")
DORMANT = "dormant"
RANK = {stage: i for i, stage in enumerate(PIPELINE)}

Event = tuple[dt.date, str]


@dataclass(frozen=True)
class StageRow:
    stage: str
    reached: int
    current: int
    conversion: float | None
    median_days: float | None
    dropped: int


@dataclass(frozen=True)
class Funnel:
    rows: tuple[StageRow, ...]
    total: int
    dropped_out: int

    @property
    def dropout_rate(self) -> float | None:
        return self.dropped_out / self.total if self.total else None

    @property
    def overall_conversion(self) -> float | None:
        """Share of all cases that reached the last stage (aktiver Partner)."""
        return self.rows[-1].reached / self.total if self.total and self.rows else None

    def row(self, stage: str) -> StageRow:
        for row in self.rows:
            if row.stage == stage:
                return row
        raise KeyError(stage)


def first_reached(events: Sequence[Event]) -> dict[str, dt.date]:
    """For each pipeline stage: the first date on which the case stood at this stage or a later one."""
    out: dict[str, dt.date] = {}
    for on, stage in sorted(events, key=lambda e: e[0]):
        rank = RANK.get(stage)
        if rank is None:
            continue
        for earlier in PIPELINE[: rank + 1]:
            if earlier not in out:
                out[earlier] = on
    return out


def compute_funnel(histories: Iterable[Sequence[Event]]) -> Funnel:
    """The funnel over many cases. Each history is ordered as recorded (ties on the same date keep their order)."""
    reached = dict.fromkeys(PIPELINE, 0)
    current = dict.fromkeys((*PIPELINE, DORMANT), 0)
    dropped = dict.fromkeys(PIPELINE, 0)
    gaps: dict[str, list[int]] = {stage: [] for stage in PIPELINE}
    total = 0
    for events in histories:
        if not events:
            continue
        total += 1
        firsts = first_reached(events)
        for stage in firsts:
            reached[stage] += 1
        for prev, stage in zip(PIPELINE, PIPELINE[1:], strict=False):
            if prev in firsts and stage in firsts:
                gaps[stage].append((firsts[stage] - firsts[prev]).days)
        now = events[-1][1]
        if now in current:
            current[now] += 1
        if now == DORMANT and firsts:
            highest = max(firsts, key=RANK.__getitem__)
            dropped[highest] += 1
    rows = []
    for i, stage in enumerate(PIPELINE):
        before = reached[PIPELINE[i - 1]] if i else 0
        rows.append(StageRow(
            stage=stage, reached=reached[stage], current=current[stage],
            conversion=(reached[stage] / before) if i and before else None,
            median_days=float(statistics.median(gaps[stage])) if gaps[stage] else None,
            dropped=dropped[stage],
        ))
    return Funnel(rows=tuple(rows), total=total, dropped_out=current[DORMANT])
