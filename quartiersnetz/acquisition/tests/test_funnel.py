"""Funnel arithmetic by hand (pure function, no database)."""

import datetime as dt

from quartiersnetz.acquisition.funnel import PIPELINE, compute_funnel, first_reached

D = dt.date


def test_first_reached_fills_skipped_stages_with_the_date_of_the_jump():
    events = [(D(2013, 1, 1), "identified"), (D(2013, 2, 1), "talked"), (D(2013, 3, 1), "dormant")]
    assert first_reached(events) == {"identified": D(2013, 1, 1), "approached": D(2013, 2, 1),
                                     "talked": D(2013, 2, 1)}


def test_funnel_counts_conversions_medians_and_dropouts_by_hand():
    a = [(D(2013, 1, 1), "identified"), (D(2013, 1, 11), "approached"), (D(2013, 1, 31), "talked"),
         (D(2013, 3, 1), "interest"), (D(2013, 4, 1), "loi"), (D(2013, 5, 1), "active")]
    b = [(D(2013, 1, 1), "identified"), (D(2013, 1, 21), "approached"), (D(2013, 2, 20), "dormant")]
    c = [(D(2013, 1, 1), "identified"), (D(2013, 1, 31), "approached"), (D(2013, 3, 2), "talked")]
    d = [(D(2013, 6, 1), "identified")]
    f = compute_funnel([a, b, c, d])
    assert f.total == 4
    assert [r.reached for r in f.rows] == [4, 3, 2, 1, 1, 1]
    assert [r.current for r in f.rows] == [1, 0, 1, 0, 0, 1]
    assert f.dropped_out == 1 and f.dropout_rate == 0.25
    assert f.row("identified").conversion is None
    assert f.row("approached").conversion == 0.75          # 3 of 4
    assert abs(f.row("talked").conversion - 2 / 3) < 1e-9  # 2 of 3
    assert f.row("interest").conversion == 0.5             # 1 of 2
    assert f.row("active").conversion == 1.0
    # identified → approached: a 10 days, b 20, c 30 → median 20
    assert f.row("approached").median_days == 20.0
    # approached → talked: a 20 days (11.1.→31.1.), c 30 days (31.1.→2.3.2013) → median 25
    assert f.row("talked").median_days == 25.0
    assert f.row("interest").median_days == 29.0  # a only: 31.1. → 1.3.2013
    # b dropped out after "approached"
    assert f.row("approached").dropped == 1
    assert sum(r.dropped for r in f.rows) == 1
    assert f.overall_conversion == 0.25


def test_backwards_moves_keep_the_highest_stage_reached():
    e = [(D(2014, 1, 1), "identified"), (D(2014, 2, 1), "interest"), (D(2014, 3, 1), "approached")]
    f = compute_funnel([e])
    assert [r.reached for r in f.rows] == [1, 1, 1, 1, 0, 0]
    assert f.row("approached").current == 1 and f.row("interest").current == 0


def test_empty_funnel_has_no_rates():
    f = compute_funnel([])
    assert f.total == 0 and f.dropout_rate is None and f.overall_conversion is None
    assert [r.stage for r in f.rows] == list(PIPELINE)
    assert all(r.conversion is None and r.median_days is None for r in f.rows)
