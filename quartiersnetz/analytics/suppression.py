"""Small-cell suppression for every aggregate that leaves the system. Pure Python, no Django imports.

Primary suppression hides every cell with 0 < n < k. Complementary (secondary) suppression then hides further
cells so that no hidden cell can be recovered from a published row or column total: in every row and every
column with a published total that contains a suppressed cell, at least two cells must be suppressed (the
smallest remaining non-zero cells are chosen; where none is left, the line's total is hidden instead, and
the grand total when a single row or column total is hidden). Zero cells are published: a structural zero
reveals nothing about a person, and suppressing it would not protect anyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SUPPRESSED = None


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[int | None]]  # None = suppressed
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None
    primary: frozenset[tuple[int, int]]
    secondary: frozenset[tuple[int, int]]


def suppress_counts(counts: Mapping[str, int], k: int) -> dict[str, int | None]:
    """One-dimensional: hide counts below k; if exactly one count is hidden while the total is published,
    also hide the next smallest so that the hidden one cannot be computed as total minus the rest."""
    if k < 1:
        raise ValueError("k must be at least 1")
    result: dict[str, int | None] = dict(counts)
    hidden = [key for key, n in counts.items() if 0 < n < k]
    for key in hidden:
        result[key] = SUPPRESSED
    if len(hidden) == 1:
        candidates = sorted((n, key) for key, n in counts.items() if key not in hidden and n > 0)
        if candidates:
            result[candidates[0][1]] = SUPPRESSED
    return result


def suppress_table(table: Sequence[Sequence[int]], k: int) -> SuppressedTable:
    """Two-dimensional suppression with row/column totals published (totals below k are hidden too)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    n_rows = len(table)
    n_cols = len(table[0]) if n_rows else 0
    if any(len(row) != n_cols for row in table):
        raise ValueError("all rows must have the same length")
    if any(n < 0 for row in table for n in row):
        raise ValueError("counts cannot be negative")
    primary = {(i, j) for i in range(n_rows) for j in range(n_cols) if 0 < table[i][j] < k}
    hidden = set(primary)
    row_totals = [sum(row) for row in table]
    col_totals = [sum(table[i][j] for i in range(n_rows)) for j in range(n_cols)]
    grand = sum(row_totals)
    hidden_rows = {i for i, t in enumerate(row_totals) if 0 < t < k}
    hidden_cols = {j for j, t in enumerate(col_totals) if 0 < t < k}
    changed = True
    while changed:
        changed = False
        for i in range(n_rows):
            if i not in hidden_rows:
                changed |= _protect_line(table, [(i, j) for j in range(n_cols)], hidden, hidden_rows, i)
        for j in range(n_cols):
            if j not in hidden_cols:
                changed |= _protect_line(table, [(i, j) for i in range(n_rows)], hidden, hidden_cols, j)
    hide_grand = (0 < grand < k) or len(hidden_rows) == 1 or len(hidden_cols) == 1
    cells = [[SUPPRESSED if (i, j) in hidden else table[i][j] for j in range(n_cols)] for i in range(n_rows)]
    return SuppressedTable(
        cells=cells,
        row_totals=[SUPPRESSED if i in hidden_rows else t for i, t in enumerate(row_totals)],
        column_totals=[SUPPRESSED if j in hidden_cols else t for j, t in enumerate(col_totals)],
        grand_total=SUPPRESSED if hide_grand else grand,
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
    )


def _protect_line(table, line, hidden, hidden_totals, index) -> bool:
    """If a line with a published total has exactly one hidden cell, hide the smallest other non-zero cell;
    when there is none, hide the line's total instead."""
    hidden_here = [c for c in line if c in hidden]
    if len(hidden_here) != 1:
        return False
    candidates = sorted((table[i][j], (i, j)) for (i, j) in line if (i, j) not in hidden and table[i][j] > 0)
    if candidates:
        hidden.add(candidates[0][1])
    else:
        hidden_totals.add(index)
    return True


def is_publishable(n: int, k: int) -> bool:
    """A single group (e.g. respondents of one Quartier) may be shown only with at least k members."""
    return n >= k
