"""Duplicate-structure and gap analysis as pure functions (no Django imports): the selectors feed plain records.

The matrix has one row per target group and one column per topic. An offer sits in every cell of its target
groups × its topics. A cell without any offer is a gap (Lücke); pairs of offers in the same cell whose texts are
similar (see `similarity`) are possible duplicate structures (Doppelstrukturen). Offers without a target group
or without a topic cannot be placed and are counted as unclassified.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from .similarity import DEFAULT_THRESHOLD, SimilarPair, offer_text, similar_pairs


@dataclass(frozen=True)
class OfferRecord:
    id: int
    title: str
    description: str
    target_groups: frozenset[Hashable]
    topics: frozenset[Hashable]
    quartier: Hashable = None


@dataclass
class Matrix:
    rows: list[Hashable]
    columns: list[Hashable]
    cells: dict[tuple[Hashable, Hashable], list[int]]
    gaps: list[tuple[Hashable, Hashable]]
    duplicates: list[SimilarPair]
    unclassified: list[int] = field(default_factory=list)

    def count(self, row, column) -> int:
        return len(self.cells.get((row, column), []))

    @property
    def offer_count(self) -> int:
        """Offers placed in at least one cell plus the unclassified ones."""
        return len({i for ids in self.cells.values() for i in ids}) + len(self.unclassified)

    @property
    def row_totals(self) -> dict[Hashable, int]:
        return {r: len({o for c in self.columns for o in self.cells[(r, c)]}) for r in self.rows}

    @property
    def column_totals(self) -> dict[Hashable, int]:
        return {c: len({o for r in self.rows for o in self.cells[(r, c)]}) for c in self.columns}


def build_matrix(
    records: Iterable[OfferRecord], rows: Sequence[Hashable], columns: Sequence[Hashable],
    threshold: float = DEFAULT_THRESHOLD,
) -> Matrix:
    records = list(records)
    cells: dict[tuple, list[int]] = {(r, c): [] for r in rows for c in columns}
    unclassified = []
    for rec in sorted(records, key=lambda r: r.id):
        placed = False
        for r in rec.target_groups:
            for c in rec.topics:
                if (r, c) in cells:
                    cells[(r, c)].append(rec.id)
                    placed = True
        if not placed:
            unclassified.append(rec.id)
    gaps = [(r, c) for r in rows for c in columns if not cells[(r, c)]]
    docs = {rec.id: offer_text(rec.title, rec.description) for rec in records}
    duplicates = similar_pairs(docs, {cell: ids for cell, ids in cells.items() if len(ids) > 1}, threshold)
    return Matrix(list(rows), list(columns), cells, gaps, duplicates, unclassified)


def compare_counts(
    records: Iterable[OfferRecord], rows: Sequence[Hashable], columns: Sequence[Hashable],
    quartiere: Sequence[Hashable],
) -> dict[tuple[Hashable, Hashable], dict[Hashable, int]]:
    """Offers per cell and Quartier: {(row, column): {quartier: count}} with zeros filled in."""
    out = {(r, c): dict.fromkeys(quartiere, 0) for r in rows for c in columns}
    for rec in records:
        if rec.quartier not in quartiere:
            continue
        for r in rec.target_groups:
            for c in rec.topics:
                if (r, c) in out:
                    out[(r, c)][rec.quartier] += 1
    return out
