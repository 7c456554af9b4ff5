import itertools

import pytest

from quartiersnetz.analytics.suppression import is_publishable, suppress_counts, suppress_table


def test_counts_below_k_are_hidden_and_a_single_hidden_count_gets_a_partner():
    result = suppress_counts({"Kommune": 7, "Jobcenter": 2, "Träger": 12, "Kita": 0}, k=5)
    assert result == {"Kommune": None, "Jobcenter": None, "Träger": 12, "Kita": 0}


def test_counts_with_two_small_cells_need_no_partner():
    assert suppress_counts({"a": 1, "b": 3, "c": 9}, k=5) == {"a": None, "b": None, "c": 9}


def test_counts_reject_bad_k():
    with pytest.raises(ValueError):
        suppress_counts({"a": 1}, k=0)


def test_table_complementary_suppression_by_hand():
    table = [
        [12, 3, 20],
        [8, 15, 9],
        [30, 11, 6],
    ]
    result = suppress_table(table, k=5)
    assert result.primary == {(0, 1)}
    # Row 0 needs a partner: smallest other non-zero is 12 at (0, 0); column 1 needs one: 11 at (2, 1).
    # Then column 0 has (0,0) alone -> 8 at (1, 0); row 2 has (2,1) alone -> 6 at (2, 2);
    # row 1 has (1,0) alone -> 9 at (1, 2); column 2 now has (1,2),(2,2): fine.
    assert result.secondary == {(0, 0), (2, 1), (1, 0), (2, 2), (1, 2)}
    assert result.row_totals == [35, 32, 47]
    assert result.grand_total == 114
    assert not _recoverable_strict(table, result)


@pytest.mark.parametrize("seed", range(30))
def test_no_hidden_cell_is_alone_in_its_row_or_column(seed):
    import random

    rng = random.Random(seed)
    rows, cols = rng.randint(2, 6), rng.randint(2, 6)
    table = [[rng.choice([0, 1, 2, 3, 4, 5, 8, 13, 21]) for _ in range(cols)] for _ in range(rows)]
    result = suppress_table(table, k=5)
    for i, j in itertools.product(range(rows), range(cols)):
        if 0 < table[i][j] < 5:
            assert result.cells[i][j] is None
        if table[i][j] == 0:
            assert result.cells[i][j] == 0
    assert not _recoverable_strict(table, result)


def _recoverable_strict(table, result):
    """Independent oracle: a hidden cell is recoverable when it is the only hidden cell of a line whose total is
    published, or when exactly one line total is hidden while the grand total is published."""
    rows, cols = len(table), len(table[0])
    for i in range(rows):
        hidden = [j for j in range(cols) if result.cells[i][j] is None]
        if len(hidden) == 1 and result.row_totals[i] is not None:
            return True
    for j in range(cols):
        hidden = [i for i in range(rows) if result.cells[i][j] is None]
        if len(hidden) == 1 and result.column_totals[j] is not None:
            return True
    single_hidden_total = (
        sum(t is None for t in result.row_totals) == 1 or sum(t is None for t in result.column_totals) == 1
    )
    return result.grand_total is not None and single_hidden_total


def test_small_totals_are_hidden():
    result = suppress_table([[1, 2], [0, 0]], k=5)
    assert result.row_totals == [None, 0]
    assert result.grand_total is None


def test_publishable():
    assert is_publishable(5, 5)
    assert not is_publishable(4, 5)
