"""Chain analysis of referrals: pure computation (no Django), unit-tested against a hand-computed fixture.

A record is a referral reduced to its sender, receiver, status and step times. "Sent" means transmitted to the
receiver (a referral that was only proposed has not left the sender). Medians are in days (float) from
transmission to acceptance and from transmission to the first contact.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

STAGES = ("proposed", "transmitted", "accepted", "first_contact", "completed")
ENDS = ("rejected", "cancelled", "open")


@dataclass(frozen=True)
class Record:
    sender: int
    receiver: int
    status: str
    transmitted_at: datetime | None = None
    accepted_at: datetime | None = None
    first_contact_at: datetime | None = None


@dataclass
class ChainFigures:
    proposed: int = 0
    sent: int = 0
    accepted: int = 0
    first_contact: int = 0
    completed: int = 0
    rejected: int = 0
    cancelled: int = 0
    open: int = 0
    days_to_acceptance: list[float] = field(default_factory=list)
    days_to_first_contact: list[float] = field(default_factory=list)

    @property
    def median_days_to_acceptance(self) -> float | None:
        return statistics.median(self.days_to_acceptance) if self.days_to_acceptance else None

    @property
    def median_days_to_first_contact(self) -> float | None:
        return statistics.median(self.days_to_first_contact) if self.days_to_first_contact else None

    def add(self, r: Record) -> None:
        self.proposed += 1
        if r.transmitted_at is not None:
            self.sent += 1
        if r.accepted_at is not None:
            self.accepted += 1
            if r.transmitted_at is not None:
                self.days_to_acceptance.append(_days(r.transmitted_at, r.accepted_at))
        if r.first_contact_at is not None:
            self.first_contact += 1
            if r.transmitted_at is not None:
                self.days_to_first_contact.append(_days(r.transmitted_at, r.first_contact_at))
        if r.status == "completed":
            self.completed += 1
        elif r.status == "rejected":
            self.rejected += 1
        elif r.status == "cancelled":
            self.cancelled += 1
        else:
            self.open += 1


def _days(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / 86400, 2)


def chain_figures(records: Iterable[Record]) -> tuple[ChainFigures, dict[tuple[int, int], ChainFigures]]:
    """Totals and figures per (sender, receiver) pair."""
    total = ChainFigures()
    pairs: dict[tuple[int, int], ChainFigures] = {}
    for r in records:
        total.add(r)
        pairs.setdefault((r.sender, r.receiver), ChainFigures()).add(r)
    return total, pairs


def last_stage(r: Record) -> str:
    if r.status == "completed":
        return "completed"
    if r.first_contact_at is not None:
        return "first_contact"
    if r.accepted_at is not None:
        return "accepted"
    if r.transmitted_at is not None:
        return "transmitted"
    return "proposed"


def flow(records: Iterable[Record]) -> dict[str, dict[str, int]]:
    """Where chains end: for each stage, how many went on to the next stage and how many ended there as
    rejected, cancelled or still open. The basis of the flow chart and its table."""
    out = {stage: {"next": 0, "rejected": 0, "cancelled": 0, "open": 0} for stage in STAGES}
    for r in records:
        end = last_stage(r)
        index = STAGES.index(end)
        for stage in STAGES[:index]:
            out[stage]["next"] += 1
        if end != "completed":
            kind = r.status if r.status in ("rejected", "cancelled") else "open"
            out[end][kind] += 1
    return out
