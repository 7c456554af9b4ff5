"""WZ 2008 validation, Branchenmix and the hints of §8.5 example 11 (pure functions) and their page."""

import datetime as dt

import pytest

from quartiersnetz.acquisition.economy import FEW_INTERESTED, NO_PUBLICITY, branch_mix, months_before, network_hints
from quartiersnetz.acquisition.wz2008 import SECTIONS, WzError, normalise_wz, parse_wz, section_of_division


@pytest.mark.parametrize("value, expected", [
    ("G", ("G", "")), ("47.11", ("G", "47.11")), ("g 47.11", ("G", "47.11")), ("C10.71", ("C", "10.71")),
    ("56", ("I", "56")), ("47.1", ("G", "47.1")), ("47.11.0", ("G", "47.11.0")), ("U 99", ("U", "99")),
])
def test_parse_wz_accepts_sections_and_codes(value, expected):
    assert parse_wz(value) == expected


@pytest.mark.parametrize("value, kind", [
    ("Z", "format"), ("4711", "format"), ("47.111", "format"), ("Handel", "format"), ("", "format"),
    ("04", "unknown_division"), ("34.1", "unknown_division"), ("F 47.11", "mismatch"),
])
def test_parse_wz_rejects_bad_codes(value, kind):
    with pytest.raises(WzError) as info:
        parse_wz(value)
    assert info.value.kind == kind


def test_sections_cover_all_21_letters_and_divisions():
    assert list(SECTIONS) == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert section_of_division(47) == "G" and section_of_division(88) == "Q" and section_of_division(4) is None
    assert normalise_wz(" 47.11 ") == "G 47.11" and normalise_wz("") == ""


def test_branch_mix_counts_and_orders_by_hand():
    rows = branch_mix(["G", "G", "I", "", None, "C", "G"])
    assert [(r.section, r.count) for r in rows] == [("G", 3), ("C", 1), ("I", 1), ("", 2)]
    assert abs(rows[0].share - 3 / 7) < 1e-9


def test_months_before_clamps_the_day():
    assert months_before(dt.date(2014, 5, 31), 3) == dt.date(2014, 2, 28)
    assert months_before(dt.date(2014, 2, 15), 3) == dt.date(2013, 11, 15)


def test_hints_for_critical_mass_and_publicity():
    today = dt.date(2014, 6, 30)
    assert network_hints(active_members=9, critical_mass=10, last_publicity=dt.date(2014, 6, 1), today=today) == [
        FEW_INTERESTED]
    assert network_hints(active_members=10, critical_mass=10, last_publicity=dt.date(2014, 3, 30),
                         today=today) == []
    assert network_hints(active_members=10, critical_mass=10, last_publicity=dt.date(2014, 3, 29),
                         today=today) == [NO_PUBLICITY]
    assert network_hints(active_members=0, critical_mass=1, last_publicity=None, today=today) == [
        FEW_INTERESTED, NO_PUBLICITY]
