"""Survey statistics against pandas (oracle) on random data with missing values, and against hand calculations."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartiersnetz.analytics.suppression import suppress_counts
from quartiersnetz.analytics.survey_stats import (
    TEST_NAME,
    SurveyDataError,
    aggregate,
    block_index,
    compare,
    cronbach_alpha,
    describe,
    diverging_segments,
    from_counts,
    mann_whitney_u,
    parse_scale,
    read_responses_csv,
    reverse_code,
)

GROUPS = ["Kommune", "Jobcenter", "Träger"]
WAVES = ["Welle 1", "Welle 2"]


def _close(a, b):
    if a is None or (isinstance(b, float) and math.isnan(b)):
        return a is None and (b is None or math.isnan(b))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


answers = st.one_of(st.none(), st.integers(min_value=1, max_value=6))
rows = st.lists(
    st.tuples(answers, answers, st.sampled_from(GROUPS), st.sampled_from(WAVES)), min_size=0, max_size=60
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows, k=st.integers(min_value=1, max_value=6))
def test_aggregate_matches_pandas_with_reverse_coding_and_suppression(rows, k):
    columns = {
        "1.1": [r[0] for r in rows], "1.2": [r[1] for r in rows],
        "typ": [r[2] for r in rows], "welle": [r[3] for r in rows],
    }
    cells = aggregate(columns, items=["1.1", "1.2"], scale=(1, 6), reverse=["1.2"], group_by="typ",
                      wave_column="welle", min_cell=k)
    frame = pd.DataFrame(columns).astype({"1.1": "float64", "1.2": "float64"})
    frame["1.2"] = 7 - frame["1.2"]  # reverse coding by hand: 7 − x
    by_key = {(c.item, c.group, c.wave): c for c in cells}
    for item in ("1.1", "1.2"):
        for wave, in_wave in frame.groupby("welle"):
            groups = {g: sub[item].dropna() for g, sub in in_wave.groupby("typ")}
            expected_hidden = {g for g, n in suppress_counts({g: len(v) for g, v in groups.items()}, k).items()
                               if n is None}
            for group, values in [(None, in_wave[item].dropna()), *groups.items()]:
                cell = by_key[(item, group, wave)]
                assert cell.n == len(values)
                hidden = (group is None and len(values) < k) or group in expected_hidden
                assert cell.suppressed == hidden
                if hidden:
                    assert (cell.mean, cell.sd, cell.median, cell.counts) == (None, None, None, None)
                    continue
                if len(values):
                    assert _close(cell.mean, values.mean())
                    assert _close(cell.median, values.median())
                    assert _close(cell.sd, values.std(ddof=1) if len(values) > 1 else float("nan"))
                else:
                    assert cell.mean is None
                counts = values.value_counts().to_dict()
                assert cell.counts == {p: int(counts.get(float(p), 0)) for p in range(1, 7)}
    # No hidden group can be recovered: per item and wave none or at least two groups are hidden, or the total
    # is hidden as well (a single non-empty group whose total is below k).
    for item in ("1.1", "1.2"):
        for wave in {r[3] for r in rows}:
            hidden = [c for c in cells if c.item == item and c.wave == wave and c.group and c.suppressed]
            assert len(hidden) != 1 or by_key[(item, None, wave)].suppressed


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 7)), max_size=40))
def test_describe_and_counts_agree_with_pandas(values):
    series = pd.Series(values, dtype="float64").dropna()
    summary = describe(values, scale=(1, 7))
    assert summary.n == len(series)
    if len(series):
        assert _close(summary.mean, series.mean())
        assert _close(summary.median, series.median())
        assert _close(summary.sd, series.std(ddof=1) if len(series) > 1 else float("nan"))
        assert math.isclose(sum(summary.percents.values()), 100.0)
    same = from_counts(summary.counts)
    assert (same.n, same.mean, same.median) == (summary.n, summary.mean, summary.median)


def test_reverse_coding_is_min_plus_max_minus_value():
    assert [reverse_code(v, 1, 6) for v in (1, 2, 6, None)] == [6, 5, 1, None]
    assert reverse_code(1, 1, 3) == 3
    assert parse_scale("1-6") == (1, 6)
    with pytest.raises(SurveyDataError, match="Skala"):
        parse_scale("6-1")


def test_small_table_in_the_style_of_figure_16_by_hand():
    """Item 5.3 by actor type and wave, k = 3. Constructed answers (1 = stimme ganz und gar zu … 6 = lehne ab).

    Kommune W1: 1, 2, 2 → n 3, mean 5/3 = 1,667, SD sqrt(((1−5/3)²+2·(2−5/3)²)/2) = sqrt(1/3) = 0,577, median 2
    Kommune W2: 2, 3, 4, 3 → n 4, mean 3, SD sqrt((1+0+1+0)/3) = 0,816, median 3
    Jobcenter W1: 3, 4, 5 → n 3, mean 4, SD 1, median 4
    Jobcenter W2: 4, 5 → n 2 < 3: suppressed, and Träger W2 (n 1) is suppressed too
    Träger W1: 2, 2, 3, 1 → n 4, mean 2, SD sqrt((0+0+1+1)/3) = 0,816, median 2
    Gesamt W1: n 10, mean (5+12+8)/10 = 2,5; Gesamt W2: 2,3,4,3,4,5,6 → n 7, mean 27/7 = 3,857, median 4
    """
    data = [
        ("Kommune", "W1", 1), ("Kommune", "W1", 2), ("Kommune", "W1", 2),
        ("Kommune", "W2", 2), ("Kommune", "W2", 3), ("Kommune", "W2", 4), ("Kommune", "W2", 3),
        ("Jobcenter", "W1", 3), ("Jobcenter", "W1", 4), ("Jobcenter", "W1", 5),
        ("Jobcenter", "W2", 4), ("Jobcenter", "W2", 5),
        ("Träger", "W1", 2), ("Träger", "W1", 2), ("Träger", "W1", 3), ("Träger", "W1", 1),
        ("Träger", "W2", 6), ("Träger", "W2", None),
    ]
    cells = aggregate({"typ": [d[0] for d in data], "welle": [d[1] for d in data], "5.3": [d[2] for d in data]},
                      items=["5.3"], scale=(1, 6), group_by="typ", wave_column="welle", min_cell=3)
    got = {(c.group, c.wave): c for c in cells}
    kommune1 = got[("Kommune", "W1")]
    assert (kommune1.n, round(kommune1.mean, 3), round(kommune1.sd, 3), kommune1.median) == (3, 1.667, 0.577, 2)
    assert kommune1.counts == {1: 1, 2: 2, 3: 0, 4: 0, 5: 0, 6: 0}
    kommune2 = got[("Kommune", "W2")]
    assert (kommune2.n, kommune2.mean, round(kommune2.sd, 3), kommune2.median) == (4, 3, 0.816, 3)
    jc1 = got[("Jobcenter", "W1")]
    assert (jc1.n, jc1.mean, jc1.sd, jc1.median) == (3, 4, 1, 4)
    traeger1 = got[("Träger", "W1")]
    assert (traeger1.n, traeger1.mean, round(traeger1.sd, 3), traeger1.median) == (4, 2, 0.816, 2)
    assert got[("Jobcenter", "W2")].suppressed and got[("Jobcenter", "W2")].mean is None
    assert got[("Träger", "W2")].suppressed  # n 1: primary
    assert not got[("Kommune", "W2")].suppressed  # two groups hidden already: no further suppression
    total1, total2 = got[(None, "W1")], got[(None, "W2")]
    assert (total1.n, total1.mean, total1.median) == (10, 2.5, 2)
    assert (total2.n, round(total2.mean, 3), total2.median) == (7, 3.857, 4)
    assert [c.group for c in cells if c.wave == "W1"] == [None, "Jobcenter", "Kommune", "Träger"]


def test_mann_whitney_u_by_hand():
    """x = 1…5, y = 3…7. Mid-ranks: 1→1, 2→2, 3→3,5, 4→5,5, 5→7,5, 6→9, 7→10. R1 = 19,5, U1 = 19,5 − 15 = 4,5.
    μ = 12,5; three ties of size 2: Σ(t³−t) = 18, σ² = 25/12 · (11 − 18/90) = 22,5; z = (8 − 0,5)/√22,5 = 1,5811;
    p = 2 · (1 − Φ(1,5811)) = 0,1138."""
    result = mann_whitney_u([1, 2, 3, 4, 5], [3, 4, 5, 6, 7])
    assert result.u == 4.5
    assert math.isclose(result.z, 7.5 / math.sqrt(22.5))
    assert round(result.p, 4) == 0.1138
    assert (result.n1, result.n2, result.test) == (5, 5, TEST_NAME)
    assert mann_whitney_u([1, 2, 3, 4], [1, 2, 3, 4, 5]) is None  # n1 < 5: no test
    assert mann_whitney_u([2] * 5, [2] * 6).p == 1.0


def test_mann_whitney_u_large_sample_matches_rank_formula_from_pandas():
    rng = np.random.default_rng(7)
    x, y = rng.integers(1, 7, 40).tolist(), rng.integers(2, 7, 35).tolist()
    ranks = pd.Series(x + y).rank(method="average")
    u1 = ranks[:40].sum() - 40 * 41 / 2
    result = mann_whitney_u(x + [None], y)
    assert math.isclose(result.u, u1)
    counts = pd.Series(x + y).value_counts()
    sigma = math.sqrt(40 * 35 / 12 * (76 - ((counts**3 - counts).sum()) / (75 * 74)))
    assert math.isclose(result.z, (abs(u1 - 700) - 0.5) / sigma)


def test_compare_expectation_and_effect():
    result = compare([2, 2, 1, 3, 2], [3, 3, 2, 4, 3])
    assert result.before.mean == 2 and result.after.mean == 3 and result.difference == 1
    assert result.test is not None and result.test.n1 == 5


def test_cronbach_alpha_by_hand_and_against_pandas():
    rows = [[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [None, 1, 1]]
    complete = pd.DataFrame(rows[:4])
    k = 3
    expected = k / (k - 1) * (1 - complete.var(ddof=1).sum() / complete.sum(axis=1).var(ddof=1))
    assert math.isclose(cronbach_alpha(rows), expected)
    # by hand: item variances 1,6667 + 1,3333 + 1,5833 = 4,5833; sums 5, 7, 10, 13 → variance 12,25
    assert math.isclose(cronbach_alpha(rows), 1.5 * (1 - (5 / 3 + 4 / 3 + 19 / 12) / 12.25))
    assert cronbach_alpha([[1, 2]]) is None
    assert cronbach_alpha([[1], [2]]) is None


def test_block_index_needs_half_of_the_items():
    assert block_index([1, 2, None]) == 1.5
    assert block_index([1, None, None]) is None
    assert block_index([]) is None


def test_diverging_segments_put_agreement_right_and_split_the_middle():
    even = diverging_segments({1: 2, 2: 2, 3: 1, 4: 1, 5: 2, 6: 2}, (1, 6))
    by_value = {s.value: s for s in even}
    assert by_value[3].start == 0 and by_value[3].end == 10  # 1 of 10 answers next to zero, right
    assert by_value[1].end == 50  # 1 = stimme ganz und gar zu: outermost right
    assert by_value[4].end == 0 and by_value[6].start == -50
    odd = diverging_segments({1: 2, 2: 2, 3: 0}, (1, 3))  # change scale: 1 = Verbesserung, 2 = keine Änderung
    middle = {s.value: s for s in odd}[2]
    assert (middle.start, middle.end, middle.side) == (-25, 25, "neutral")


def test_read_responses_csv_reports_row_and_column():
    content = "\ufeffid;2.1;2.5;typ\n1;1;6;Kommune\n2;;3;Jobcenter\n3;2,0;x;Träger\n".encode()
    with pytest.raises(SurveyDataError) as info:
        read_responses_csv(content, items=["2.1", "2.5"], scale=(1, 6), group_by="typ")
    assert info.value.message == "Zeile 4, Spalte „2.5“: „x“ ist keine Zahl."
    content = b"2.1,typ\n1,a\n7,b\n"
    with pytest.raises(SurveyDataError, match="Zeile 3, Spalte „2.1“: Der Wert „7“ liegt nicht auf der Skala 1–6"):
        read_responses_csv(content, items=["2.1"], scale=(1, 6))
    with pytest.raises(SurveyDataError, match="Spalte „9.9“ fehlt"):
        read_responses_csv(b"2.1\n1\n", items=["9.9"], scale=(1, 6))
    frame = read_responses_csv("2.1;typ\n1;a\n;b\n2,0;\n".encode("cp1252"), items=["2.1"], scale=(1, 6),
                               group_by="typ")
    assert frame["2.1"].to_list() == [1.0, None, 2.0]
    assert frame["__typ"].to_list() == ["a", "b", "–"]


def test_aggregate_rejects_values_outside_the_scale():
    with pytest.raises(SurveyDataError, match="Skala 1–3"):
        aggregate({"6.1": [1, 4]}, items=["6.1"], scale=(1, 3))


def test_aggregate_without_scale_gives_means_of_indices():
    cells = aggregate({"index": [1.5, 2.5, None], "w": ["a", "a", "a"]}, items=["index"], scale=None,
                      wave_column="w", min_cell=2)
    assert (cells[0].n, cells[0].mean, cells[0].counts) == (2, 2.0, None)
