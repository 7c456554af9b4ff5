"""Fulfilment arithmetic against hand calculations (pure functions, no database)."""

import datetime as dt
from decimal import Decimal

from quartiersnetz.meetings.fulfilment import (
    PER_YEAR,
    PROJECT,
    CommitmentFulfilment,
    agreement_fulfilment,
    commitment_fulfilment,
)

D = Decimal


def test_fifty_firms_per_year_thirty_one_by_december_is_62_percent():
    # Acceptance example 3: "Netzwerkcoach erschließt 50 Betriebe jährlich", 31 by 31.12. → 31/50 = 62 %.
    f = commitment_fulfilment(
        target=D(50), period=PER_YEAR,
        actuals=[(dt.date(2014, 3, 31), D(8)), (dt.date(2014, 12, 31), D(31)), (dt.date(2014, 6, 30), D(17))],
    )
    assert f.latest_value == D(31)
    assert f.latest_on == dt.date(2014, 12, 31)
    assert f.percent == D("62.0")
    assert f.capped_percent == 62


def test_per_year_counts_start_again_each_calendar_year():
    actuals = [(dt.date(2013, 12, 31), D(55)), (dt.date(2014, 3, 31), D(10))]
    f = commitment_fulfilment(target=D(50), period=PER_YEAR, actuals=actuals)
    assert [(y.year, y.value) for y in f.years] == [(2013, D(55)), (2014, D(10))]
    assert f.years[0].ratio == D("1.1")
    assert f.percent == D("20.0")  # the latest year counts: 10 / 50
    # Looking back from 31.12.2013, 2013 is the latest year: 55 / 50 = 110 % (uncapped), capped 100 %.
    back = commitment_fulfilment(target=D(50), period=PER_YEAR, actuals=actuals, as_of=dt.date(2013, 12, 31))
    assert back.percent == D("110.0")
    assert back.capped == D(1)


def test_project_term_uses_latest_cumulative_value_up_to_as_of():
    actuals = [(dt.date(2013, 6, 30), D(4)), (dt.date(2014, 6, 30), D(12)), (dt.date(2014, 12, 31), D(19))]
    assert commitment_fulfilment(target=D(30), period=PROJECT, actuals=actuals).percent == D("63.3")
    f = commitment_fulfilment(target=D(30), period=PROJECT, actuals=actuals, as_of=dt.date(2014, 7, 1))
    assert (f.latest_value, f.percent) == (D(12), D("40.0"))


def test_no_actual_and_no_target():
    none_yet = commitment_fulfilment(target=D(5), period=PROJECT, actuals=[])
    assert none_yet.ratio is None and none_yet.has_target and none_yet.capped == 0
    qualitative = commitment_fulfilment(target=None, period=PROJECT, actuals=[(dt.date(2014, 1, 1), D(3))])
    assert qualitative.ratio is None and not qualitative.has_target


def test_bielefeld_jobcenter_quotas_by_hand():
    """Acceptance example 4: six Jobcenter commitment lines with target and actual; the agreement's fulfilment is
    the mean of the capped ratios: (24/30 + 5/5 → 1 + 14/20 + 33/30 → 1 + 12/30 + 0/20) / 6."""
    lines = [(30, 24), (5, 6), (20, 14), (30, 33), (30, 12), (20, 0)]
    items = [commitment_fulfilment(target=D(t), period=PROJECT, actuals=[(dt.date(2014, 12, 31), D(a))])
             for t, a in lines]
    assert [i.percent for i in items] == [D("80.0"), D("120.0"), D("70.0"), D("110.0"), D("40.0"), D("0.0")]
    expected = (D("0.8") + 1 + D("0.7") + 1 + D("0.4") + 0) / 6  # = 3.9 / 6 = 0.65
    assert agreement_fulfilment(items) == expected == D("0.65")


def test_agreement_ignores_commitments_without_numeric_target_and_counts_missing_actuals_as_zero():
    with_value = commitment_fulfilment(target=D(10), period=PROJECT, actuals=[(dt.date(2014, 1, 1), D(5))])
    missing = commitment_fulfilment(target=D(10), period=PROJECT, actuals=[])
    qualitative = CommitmentFulfilment(None, None, None, None)
    assert agreement_fulfilment([with_value, missing, qualitative]) == D("0.25")
    assert agreement_fulfilment([qualitative]) is None
