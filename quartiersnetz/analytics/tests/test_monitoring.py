"""Status and dynamics index: a hand-computed 6-area example, an independent pandas oracle on random data,
exclusions, weights, orientation, class boundaries, thresholds and degenerate input."""

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartiersnetz.analytics.monitoring import (
    COMBINED_CLASSES,
    Indicator,
    MonitoringError,
    Thresholds,
    dynamics_class,
    monitoring_index,
    period_change,
    standardise,
    status_class,
)

# ---------------------------------------------------------------------------------------------------------------
# The hand-made example: six areas, three status indicators, two dynamics indicators.
#
# Status (end of 2023):
#   area    ALQ (%)  SGB2 (%)  GYM (%, higher is better)
#   Nord       4        18        40
#   Süd        7        12        30
#   Ost        9        18        60
#   West       9        12        40
#   Mitte      9        18        40
#   Hafen     10        12        30
#
# ALQ:  mean 48/6 = 8; deviations −4 −1 1 1 1 2; variance (16+1+1+1+1+4)/6 = 4; sd 2
#       z = −2, −0,5, 0,5, 0,5, 0,5, 1
# SGB2: mean 15; deviations 3 −3 3 −3 3 −3; variance 9; sd 3
#       z = 1, −1, 1, −1, 1, −1
# GYM:  mean 240/6 = 40; deviations 0 −10 20 0 0 −10; variance (100+400+100)/6 = 100; sd 10
#       z = 0, −1, 2, 0, 0, −1; higher is better, so it enters with −1: 0, 1, −2, 0, 0, 1
# Sum S = zALQ + zSGB2 − zGYM:
#       Nord −2+1−0 = −1; Süd −0,5−1+1 = −0,5; Ost 0,5+1−2 = −0,5; West 0,5−1−0 = −0,5;
#       Mitte 0,5+1−0 = 1,5; Hafen 1−1+1 = 1
# mean(S) = 0; ΣS² = 1 + 0,25·3 + 2,25 + 1 = 5; sd(S) = √(5/6) = 0,912871
# Index = S / 0,912871 = S × 1,095445:
#       Nord −1,095445 (hoch), Süd/Ost/West −0,547723 (mittel), Mitte 1,643168 (sehr niedrig),
#       Hafen 1,095445 (niedrig)
#
# Dynamics 2019 → 2023 (change = 2023 − 2019):
#   area    ALQ 2019  ΔALQ   SGB2 2019  ΔSGB2
#   Nord        5      −1        20       −2
#   Süd         8      −1        12        0
#   Ost        10      −1        18        0
#   West        8       1        12        0
#   Mitte       8       1        17        1
#   Hafen       9       1        11        1
# ΔALQ: mean 0, variance 1, sd 1 → z = −1 −1 −1 1 1 1
# ΔSGB2: mean 0, variance (4+1+1)/6 = 1, sd 1 → z = −2 0 0 0 1 1
# Sum D = −3 −1 −1 1 2 2; ΣD² = 9+1+1+1+4+4 = 20; sd(D) = √(20/6) = 1,825742
# Index = D / 1,825742: −1,643168 (positiv), −0,547723, −0,547723, 0,547723 (stabil), 1,095445, 1,095445 (negativ)
#
# A seventh area "Werft" lacks GYM and must be excluded without changing any of the numbers above.

AREAS = ["Nord", "Süd", "Ost", "West", "Mitte", "Hafen"]
ALQ_2023 = [4, 7, 9, 9, 9, 10]
SGB2_2023 = [18, 12, 18, 12, 18, 12]
GYM_2023 = [40, 30, 60, 40, 40, 30]
ALQ_2019 = [5, 8, 10, 8, 8, 9]
SGB2_2019 = [20, 12, 18, 12, 17, 11]

STATUS = [Indicator("ALQ"), Indicator("SGB2"), Indicator("GYM", higher_is_worse=False)]
DYNAMICS = [Indicator("dALQ"), Indicator("dSGB2")]


def _hand_areas():
    end = {a: {"ALQ": x, "SGB2": y} for a, x, y in zip(AREAS, ALQ_2023, SGB2_2023, strict=True)}
    start = {a: {"ALQ": x, "SGB2": y} for a, x, y in zip(AREAS, ALQ_2019, SGB2_2019, strict=True)}
    end["Werft"] = {"ALQ": 11, "SGB2": 25}
    start["Werft"] = {"ALQ": 12, "SGB2": 24}
    changes = period_change(start, end)
    areas = {}
    for position, area in enumerate(AREAS):
        areas[area] = {
            "ALQ": ALQ_2023[position],
            "SGB2": SGB2_2023[position],
            "GYM": GYM_2023[position],
            "dALQ": changes[area]["ALQ"],
            "dSGB2": changes[area]["SGB2"],
        }
    areas["Werft"] = {"ALQ": 11, "SGB2": 25, "GYM": None, "dALQ": -1.0, "dSGB2": 1.0}
    return areas


def test_hand_made_example_status():
    result = monitoring_index(_hand_areas(), status=STATUS, dynamics=DYNAMICS)
    by_id = {a.id: a for a in result.areas}
    assert [a.id for a in result.areas] == AREAS
    assert [a.status_sum for a in result.areas] == pytest.approx([-1, -0.5, -0.5, -0.5, 1.5, 1])
    factor = math.sqrt(6 / 5)
    assert [a.status_index for a in result.areas] == pytest.approx(
        [-1 * factor, -0.5 * factor, -0.5 * factor, -0.5 * factor, 1.5 * factor, 1 * factor]
    )
    assert by_id["Nord"].status_index == pytest.approx(-1.095445, abs=1e-6)
    assert by_id["Mitte"].status_index == pytest.approx(1.643168, abs=1e-6)
    assert [a.status_class for a in result.areas] == [
        "hoch",
        "mittel",
        "mittel",
        "mittel",
        "sehr niedrig",
        "niedrig",
    ]
    assert by_id["Ost"].status_z == pytest.approx({"ALQ": 0.5, "SGB2": 1.0, "GYM": 2.0})
    stats = {s.name: s for s in result.status.indicators}
    assert (stats["ALQ"].mean, stats["ALQ"].sd) == pytest.approx((8, 2))
    assert (stats["SGB2"].mean, stats["SGB2"].sd) == pytest.approx((15, 3))
    assert (stats["GYM"].mean, stats["GYM"].sd) == pytest.approx((40, 10))
    assert stats["GYM"].higher_is_worse is False
    assert result.status.sum_sd == pytest.approx(math.sqrt(5 / 6))
    assert result.status.area_count == 6
    assert "Standardabweichung der Grundgesamtheit über 6 Gebiete" in result.status.formula
    assert result.status.class_rule == (
        "hoch: Index < −1; mittel: −1 ≤ Index ≤ +1; niedrig: +1 < Index ≤ +1,5; sehr niedrig: Index > +1,5"
    )


def test_hand_made_example_dynamics_and_combined_classes():
    result = monitoring_index(_hand_areas(), status=STATUS, dynamics=DYNAMICS)
    assert [a.dynamics_sum for a in result.areas] == pytest.approx([-3, -1, -1, 1, 2, 2])
    sd = math.sqrt(20 / 6)
    assert [a.dynamics_index for a in result.areas] == pytest.approx([v / sd for v in (-3, -1, -1, 1, 2, 2)])
    assert result.areas[0].dynamics_index == pytest.approx(-1.643168, abs=1e-6)
    assert [a.dynamics_class for a in result.areas] == ["positiv", "stabil", "stabil", "stabil", "negativ", "negativ"]
    assert [a.combined_class for a in result.areas] == [
        "hoch / positiv",
        "mittel / stabil",
        "mittel / stabil",
        "mittel / stabil",
        "sehr niedrig / negativ",
        "niedrig / negativ",
    ]
    assert [a.combined_code for a in result.areas] == ["1+", "2±", "2±", "2±", "4−", "3−"]
    assert all(a.combined_class in COMBINED_CLASSES for a in result.areas)
    assert len(COMBINED_CLASSES) == 12
    assert result.dynamics.class_rule == "positiv: Index < −1; stabil: −1 ≤ Index ≤ +1; negativ: Index > +1"


def test_hand_made_example_excludes_the_area_with_a_missing_value():
    result = monitoring_index(_hand_areas(), status=STATUS, dynamics=DYNAMICS)
    assert [(e.id, e.missing) for e in result.excluded] == [("Werft", ("GYM",))]
    assert result.as_dict()["excluded"] == ["Werft"]
    assert "Werft" not in [a.id for a in result.areas]


def test_as_dict_has_exactly_the_command_keys():
    result = monitoring_index(_hand_areas(), status=STATUS)
    payload = result.as_dict()
    assert set(payload) == {"areas", "excluded"}
    first = payload["areas"][0]
    assert list(first) == [
        "id",
        "status_sum",
        "status_index",
        "status_class",
        "dynamics_sum",
        "dynamics_index",
        "dynamics_class",
    ]
    assert first["id"] == "Nord"
    assert first["status_class"] == "hoch"
    assert first["dynamics_sum"] is None and first["dynamics_class"] is None
    assert result.areas[0].combined_class is None and result.areas[0].combined_code is None


def test_missing_dynamics_value_excludes_the_area_from_both_indices():
    areas = _hand_areas()
    areas["Süd"]["dALQ"] = None
    result = monitoring_index(areas, status=STATUS, dynamics=DYNAMICS)
    assert [(e.id, e.missing) for e in result.excluded] == [("Süd", ("dALQ",)), ("Werft", ("GYM",))]
    assert result.status.area_count == result.dynamics.area_count == 5


def test_nan_and_absent_keys_count_as_missing():
    areas = _hand_areas()
    areas["Süd"]["ALQ"] = float("nan")
    del areas["Ost"]["SGB2"]
    areas["West"]["GYM"] = Decimal("NaN")
    result = monitoring_index(areas, status=STATUS)
    assert [e.id for e in result.excluded] == ["Süd", "Ost", "West", "Werft"]
    assert [e.missing for e in result.excluded][:3] == [("ALQ",), ("SGB2",), ("GYM",)]


def test_period_change_is_end_minus_start_and_missing_ends_give_none():
    changes = period_change(
        {"A": {"x": 10, "y": 1}, "B": {"x": 5}, "C": {"x": 1}},
        {"A": {"x": 12.5, "y": None}, "B": {"x": 4}, "D": {"x": 3}},
    )
    assert changes == {
        "A": {"x": 2.5, "y": None},
        "B": {"x": -1.0},
        "D": {"x": None},
        "C": {"x": None},
    }


# ---------------------------------------------------------------------------------------------------------------
# Weights and orientation


def test_weights_by_hand():
    # Weight 2 on ALQ: S = 2·zALQ + zSGB2 − zGYM = −3, −1, 0, 0, 2, 2; ΣS² = 18; sd = √3
    # Index = S / √3 = −1,732051, −0,577350, 0, 0, 1,154701, 1,154701
    status = [Indicator("ALQ", weight=2), Indicator("SGB2"), Indicator("GYM", higher_is_worse=False)]
    result = monitoring_index(_hand_areas(), status=status)
    assert [a.status_sum for a in result.areas] == pytest.approx([-3, -1, 0, 0, 2, 2])
    root3 = math.sqrt(3)
    assert [a.status_index for a in result.areas] == pytest.approx([v / root3 for v in (-3, -1, 0, 0, 2, 2)], abs=1e-12)
    assert [a.status_class for a in result.areas] == ["hoch", "mittel", "mittel", "mittel", "niedrig", "niedrig"]
    assert result.status.indicators[0].weight == 2.0


def test_only_the_ratio_of_weights_matters():
    equal = monitoring_index(_hand_areas(), status=STATUS)
    doubled = monitoring_index(
        _hand_areas(),
        status=[Indicator(i.name, higher_is_worse=i.higher_is_worse, weight=3.5) for i in STATUS],
    )
    assert [a.status_index for a in doubled.areas] == pytest.approx([a.status_index for a in equal.areas])
    assert [a.status_sum for a in doubled.areas] == pytest.approx([3.5 * a.status_sum for a in equal.areas])


def test_direction_flag_equals_negating_the_column():
    flagged = monitoring_index(_hand_areas(), status=STATUS)
    negated_areas = {k: {**v, "GYM": None if v["GYM"] is None else -v["GYM"]} for k, v in _hand_areas().items()}
    negated = monitoring_index(negated_areas, status=[Indicator("ALQ"), Indicator("SGB2"), Indicator("GYM")])
    assert [a.status_index for a in negated.areas] == pytest.approx([a.status_index for a in flagged.areas])


def test_not_orienting_changes_the_result():
    wrong = monitoring_index(_hand_areas(), status=[Indicator("ALQ"), Indicator("SGB2"), Indicator("GYM")])
    # S = zALQ + zSGB2 + zGYM = −1, −2.5, 3.5, −0.5, 1.5, −1
    assert [a.status_sum for a in wrong.areas] == pytest.approx([-1, -2.5, 3.5, -0.5, 1.5, -1])


# ---------------------------------------------------------------------------------------------------------------
# Class boundaries and thresholds


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-3.0, "hoch"),
        (-1.0000001, "hoch"),
        (-1.0, "mittel"),
        (-0.9999999999999998, "mittel"),
        (-1.0000000000000002, "mittel"),  # float noise on the boundary: rounded to 10 places first
        (0.0, "mittel"),
        (1.0, "mittel"),
        (1.0000000000000002, "mittel"),
        (1.0000001, "niedrig"),
        (1.5, "niedrig"),
        (1.5000001, "sehr niedrig"),
        (2.2, "sehr niedrig"),
    ],
)
def test_status_class_boundaries(value, expected):
    assert status_class(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-1.0000001, "positiv"), (-1.0, "stabil"), (0.3, "stabil"), (1.0, "stabil"), (1.0000001, "negativ")],
)
def test_dynamics_class_boundaries(value, expected):
    assert dynamics_class(value) == expected


def test_exact_boundaries_reached_by_the_computation():
    # One indicator 1,1,1,3,3,3: mean 2, sd 1 → index exactly −1 / +1 → mittel / stabil.
    areas = {name: {"x": v, "d": v} for name, v in zip("ABCDEF", [1, 1, 1, 3, 3, 3], strict=True)}
    result = monitoring_index(areas, status=[Indicator("x")], dynamics=[Indicator("d")])
    assert [a.status_index for a in result.areas] == [-1.0, -1.0, -1.0, 1.0, 1.0, 1.0]
    assert {a.status_class for a in result.areas} == {"mittel"}
    assert {a.dynamics_class for a in result.areas} == {"stabil"}
    # Five areas 13, 7, 11, 9, 10: mean 10, sd √((9+9+1+1+0)/5) = 2 → index 1,5 / −1,5 / 0,5 / −0,5 / 0.
    areas = {name: {"x": v} for name, v in zip("ABCDE", [13, 7, 11, 9, 10], strict=True)}
    result = monitoring_index(areas, status=[Indicator("x")])
    assert [a.status_index for a in result.areas] == [1.5, -1.5, 0.5, -0.5, 0.0]
    assert [a.status_class for a in result.areas] == ["niedrig", "hoch", "mittel", "mittel", "mittel"]


def test_thresholds_are_configurable():
    thresholds = Thresholds(status_lower=-0.5, status_upper=0.5, status_very_low=1.2, dynamics_upper=0.5)
    result = monitoring_index(_hand_areas(), status=STATUS, dynamics=DYNAMICS, thresholds=thresholds)
    # Indices −1,095 −0,548 −0,548 −0,548 1,643 1,095 against −0,5 / 0,5 / 1,2:
    assert [a.status_class for a in result.areas] == ["hoch", "hoch", "hoch", "hoch", "sehr niedrig", "niedrig"]
    # Dynamics −1,643 −0,548 −0,548 0,548 1,095 1,095 against −1 / 0,5:
    assert [a.dynamics_class for a in result.areas] == ["positiv", "stabil", "stabil", "negativ", "negativ", "negativ"]
    assert result.thresholds is thresholds
    assert "niedrig: +0,5 < Index ≤ +1,2" in result.status.class_rule
    assert status_class(1.2, thresholds) == "niedrig"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"status_lower": 1.0}, "Schwellenwerte des Statusindex müssen aufsteigen"),
        ({"status_very_low": 0.5}, "angegeben: −1, +1, +0,5"),
        ({"dynamics_lower": 2.0}, "Schwellenwerte des Dynamikindex müssen aufsteigen"),
        ({"status_upper": float("nan")}, "Statusindex"),
    ],
)
def test_bad_thresholds_are_rejected_in_german(kwargs, fragment):
    with pytest.raises(MonitoringError) as exc:
        Thresholds(**kwargs)
    assert fragment in exc.value.message


# ---------------------------------------------------------------------------------------------------------------
# Degenerate and bad input


def test_constant_indicator_is_a_german_error():
    areas = {a: {"x": i, "c": 4.2} for i, a in enumerate("ABCD")}
    with pytest.raises(MonitoringError) as exc:
        monitoring_index(areas, status=[Indicator("x"), Indicator("c")])
    assert exc.value.message == (
        "Der Indikator „c“ hat in allen 4 Gebieten denselben Wert (4,2). Seine Standardabweichung ist 0, daher kann "
        "er nicht z-standardisiert werden. Bitte lassen Sie ihn beim Statusindex weg."
    )


def test_constant_dynamics_indicator_names_the_dynamics_index():
    areas = {a: {"x": i, "d": 0} for i, a in enumerate("ABC")}
    with pytest.raises(MonitoringError, match="beim Dynamikindex weg"):
        monitoring_index(areas, status=[Indicator("x")], dynamics=[Indicator("d")])


def test_indicators_that_cancel_out_are_a_german_error():
    # y = 100 − x with both oriented "higher is worse": z_y = −z_x, so every sum is 0 (up to float noise).
    areas = {a: {"x": v, "y": 100 - v} for a, v in zip("ABCDE", [0.1, 0.7, 0.3, 9.9, 4.4], strict=True)}
    with pytest.raises(MonitoringError) as exc:
        monitoring_index(areas, status=[Indicator("x"), Indicator("y")])
    assert "heben sich gegenseitig auf" in exc.value.message
    assert "Statusindex" in exc.value.message


def test_fewer_than_two_complete_areas():
    with pytest.raises(MonitoringError, match="mindestens zwei Gebiete .* vollständig sind 1"):
        monitoring_index({"A": {"x": 1}, "B": {"x": None}}, status=[Indicator("x")])
    with pytest.raises(MonitoringError, match="vollständig sind 0"):
        monitoring_index({}, status=[Indicator("x")])


@pytest.mark.parametrize(
    ("status", "fragment"),
    [
        ([], "mindestens einen Indikator"),
        ([Indicator("x"), Indicator("x")], "„x“ ist beim Statusindex mehrfach gewählt"),
        ([Indicator("x", weight=0)], "muss eine Zahl größer als 0 sein (angegeben: 0)"),
        ([Indicator("x", weight=-1)], "größer als 0"),
        ([Indicator("x", weight=float("inf"))], "größer als 0"),
        ([Indicator("x", weight=True)], "größer als 0"),
    ],
)
def test_bad_indicator_choice(status, fragment):
    with pytest.raises(MonitoringError) as exc:
        monitoring_index({"A": {"x": 1}, "B": {"x": 2}}, status=status)
    assert fragment in exc.value.message


@pytest.mark.parametrize("bad", ["3", float("inf"), True, [1]])
def test_non_numbers_are_rejected(bad):
    with pytest.raises(MonitoringError, match="Gebiet „B“, Indikator „x“: .* ist keine endliche Zahl"):
        monitoring_index({"A": {"x": 1}, "B": {"x": bad}, "C": {"x": 2}}, status=[Indicator("x")])


def test_area_ids_must_be_text():
    with pytest.raises(MonitoringError, match="Gebietskennung"):
        monitoring_index({"A": {"x": 1}, " ": {"x": 2}}, status=[Indicator("x")])


def test_decimal_values_are_accepted():
    result = monitoring_index({"A": {"x": Decimal("1.5")}, "B": {"x": Decimal("2.5")}}, status=[Indicator("x")])
    assert [a.status_index for a in result.areas] == [-1.0, 1.0]


# ---------------------------------------------------------------------------------------------------------------
# Independent oracle: pandas on random data


def _pandas_index(frame: pd.DataFrame, indicators, thresholds=(-1.0, 1.0, 1.5)):
    names = [i.name for i in indicators]
    z = (frame[names] - frame[names].mean()) / frame[names].std(ddof=0)
    weights = pd.Series({i.name: i.weight * (1 if i.higher_is_worse else -1) for i in indicators})
    total = (z * weights).sum(axis=1)
    index = (total - total.mean()) / total.std(ddof=0)
    lower, upper, very = thresholds
    classes = np.select(
        [index < lower, index <= upper, index <= very], ["hoch", "mittel", "niedrig"], default="sehr niedrig"
    )
    return total, index, classes


@pytest.mark.parametrize("seed", range(25))
def test_against_pandas_on_random_data(seed):
    rng = np.random.default_rng(seed)
    n_areas = int(rng.integers(8, 60))
    n_status = int(rng.integers(1, 6))
    n_dynamics = int(rng.integers(1, 4))
    status = [
        Indicator(f"s{k}", higher_is_worse=bool(rng.integers(0, 2)), weight=float(rng.choice([1, 1, 0.5, 2, 3.25])))
        for k in range(n_status)
    ]
    dynamics = [Indicator(f"d{k}", weight=float(rng.choice([1, 2]))) for k in range(n_dynamics)]
    columns = [i.name for i in status + dynamics]
    data = rng.normal(
        loc=rng.uniform(-5, 50, len(columns)), scale=rng.uniform(0.1, 20, len(columns)), size=(n_areas, len(columns))
    )
    frame = pd.DataFrame(data, columns=columns, index=[f"Gebiet {k:02d}" for k in range(n_areas)])
    holes = rng.random(frame.shape) < 0.04
    frame = frame.mask(holes)
    areas = {area: {c: (None if pd.isna(v) else float(v)) for c, v in row.items()} for area, row in frame.iterrows()}

    result = monitoring_index(areas, status=status, dynamics=dynamics)

    complete = frame.dropna()
    assert [e.id for e in result.excluded] == [a for a in frame.index if a not in complete.index]
    assert [a.id for a in result.areas] == list(complete.index)
    s_total, s_index, s_classes = _pandas_index(complete, status)
    d_total, d_index, _ = _pandas_index(complete, dynamics)
    np.testing.assert_allclose([a.status_sum for a in result.areas], s_total.to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose([a.status_index for a in result.areas], s_index.to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose([a.dynamics_index for a in result.areas], d_index.to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose([a.dynamics_sum for a in result.areas], d_total.to_numpy(), rtol=1e-9, atol=1e-12)
    assert [a.status_class for a in result.areas] == list(s_classes)
    d_expected = np.select([d_index < -1, d_index <= 1], ["positiv", "stabil"], default="negativ")
    assert [a.dynamics_class for a in result.areas] == list(d_expected)


def test_standardise_matches_numpy_population_sd():
    values = [3.0, 7.5, 1.25, 9.0, 4.0]
    z, mean, sd = standardise(values)
    assert mean == pytest.approx(np.mean(values))
    assert sd == pytest.approx(np.std(values, ddof=0))
    assert sd != pytest.approx(np.std(values, ddof=1))
    assert z == pytest.approx(((np.array(values) - np.mean(values)) / np.std(values)).tolist())


# ---------------------------------------------------------------------------------------------------------------
# Properties


_values = st.lists(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False), min_size=3, max_size=25
).filter(lambda v: max(v) - min(v) > 1e-3)


@settings(max_examples=60, deadline=None)
@given(values=_values, scale=st.floats(min_value=0.01, max_value=100), shift=st.floats(min_value=-1e3, max_value=1e3))
def test_index_is_standardised_and_invariant_under_positive_affine_maps(values, scale, shift):
    areas = {f"A{k}": {"x": v, "y": v * scale + shift, "z": -v} for k, v in enumerate(values)}
    base = monitoring_index(areas, status=[Indicator("x")])
    index = np.array([a.status_index for a in base.areas])
    assert index.mean() == pytest.approx(0, abs=1e-9)
    assert index.std() == pytest.approx(1, abs=1e-9)
    moved = monitoring_index(areas, status=[Indicator("y")])
    np.testing.assert_allclose([a.status_index for a in moved.areas], index, atol=1e-6)
    flipped = monitoring_index(areas, status=[Indicator("z", higher_is_worse=False)])
    np.testing.assert_allclose([a.status_index for a in flipped.areas], index, atol=1e-9)
