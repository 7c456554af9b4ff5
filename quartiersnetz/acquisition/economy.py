"""Local-economy arithmetic for business networks (seed 003, domain brief §8.5 example 11). Pure Python.

- `branch_mix`: members per WZ section (members without a company profile count as "" = no sector given),
- `network_hints`: "few_interested" when the active members are below the network's critical mass,
  "no_publicity" when no publicity entry lies within the last three months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

FEW_INTERESTED = "few_interested"
NO_PUBLICITY = "no_publicity"
PUBLICITY_MONTHS = 3


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (31 May − 3 months = 28/29 Feb)."""
    month0 = day.month - 1 - months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class MixRow:
    section: str
    count: int
    share: float


def branch_mix(sections: Iterable[str | None]) -> list[MixRow]:
    """Count members per section; sorted by count (descending), then section letter; "no sector" last."""
    counts = Counter(s or "" for s in sections)
    total = sum(counts.values())
    rows = [MixRow(section=s, count=n, share=n / total) for s, n in counts.items()]
    return sorted(rows, key=lambda r: (r.section == "", -r.count, r.section))


def network_hints(*, active_members: int, critical_mass: int, last_publicity: dt.date | None,
                  today: dt.date) -> list[str]:
    hints = []
    if active_members < critical_mass:
        hints.append(FEW_INTERESTED)
    if last_publicity is None or last_publicity < months_before(today, PUBLICITY_MONTHS):
        hints.append(NO_PUBLICITY)
    return hints
