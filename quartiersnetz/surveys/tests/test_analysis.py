"""Analysis of waves: the seed-000 acceptance examples 7–9, a small table in the style of the seed's figures
checked by hand, wave-to-wave comparison with the Mann–Whitney U test, block indices, suppression, charts."""

import datetime as dt

import pytest
from django.urls import reverse

from quartiersnetz.surveys.analysis import CHANGE_AXIS, group_means_chart, means_chart, wave_analysis
from quartiersnetz.surveys.choices import WaveStatus
from quartiersnetz.surveys.instruments import gib
from quartiersnetz.surveys.models import Instrument, Response, Wave
from quartiersnetz.surveys.services import instrument_freeze
from quartiersnetz.testing import make_actor_type, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def gib_waves(world):
    """Two G.I.B. waves in Quartiere A and B with constructed answers (one response per institution)."""
    instrument = Instrument.objects.get(slug=gib.SLUG)
    version = instrument_freeze(instrument=instrument)
    waves = {}
    for code, blocks, opens in (("W1", gib.WAVE_1_BLOCKS, dt.date(2014, 1, 13)),
                                ("W2", gib.WAVE_2_BLOCKS, dt.date(2014, 12, 1))):
        wave = Wave.objects.create(instrument=instrument, version=version, programme=world.programme,
                                   title=f"G.I.B. {code}", code=code, block_codes=blocks, opens_on=opens,
                                   status=WaveStatus.CLOSED)
        wave.quartiere.set([world.qa, world.qb])
        waves[code] = wave
    types = {slug: make_actor_type(slug, name) for slug, name in
             [("kommune", "Kommune"), ("jobcenter", "Jobcenter"), ("traeger", "Träger"),
              ("wirtschaft", "Wirtschaftsnahe Akteure")]}
    return waves, types


def _respond(wave, quartier, actor_type, answers, name):
    org = make_organisation(quartier, name=name, actor_type=actor_type)
    return Response.objects.create(wave=wave, organisation=org, quartier=quartier, actor_type=actor_type,
                                   answers=answers, submitted_on=wave.opens_on)


def test_seed_examples_7_and_8_reverse_label_and_no_small_quartier_view(world, gib_waves):
    waves, types = gib_waves
    # Welle 1: 7 Kommune (A: 3, B: 4); Welle 2: 5 Kommune and 3 business actors in A, 4 Jobcenter in B.
    raw_12 = [2, 3, 1, 2, 4, 2, 3]  # 1.2 as answered
    for i, value in enumerate(raw_12):
        _respond(waves["W1"], world.qa if i < 3 else world.qb, types["kommune"], {"1.2": value, "5.3": 2},
                 f"Kommune W1 {i}")
    for i in range(5):
        _respond(waves["W2"], world.qa, types["kommune"], {"5.3": 3, "6.1": 1}, f"Kommune W2 {i}")
    for i in range(4):
        _respond(waves["W2"], world.qb, types["jobcenter"], {"5.3": 4, "6.1": 2}, f"Jobcenter W2 {i}")
    for i in range(3):
        _respond(waves["W2"], world.qa, types["wirtschaft"], {"5.3": 5}, f"Firma W2 {i}")
    w1 = wave_analysis(user=world.coordination, wave=waves["W1"])
    item_12 = next(r for r in w1.items if r.variable == "1.2")
    assert item_12.label == "Kooperationsstrukturen sind gefestigt und dauerhaft"  # example 7: mirrored label
    assert item_12.cells[0].mean == pytest.approx(7 - sum(raw_12) / 7)  # value 7 − x: 7 − 17/7 = 4,571
    # Example 8: by Quartier, B has 4 respondents in wave 2 → no Quartier view for B (and A is hidden too, or B
    # could be computed as total minus A).
    by_quartier = wave_analysis(user=world.coordination, wave=waves["W2"], group_by="quartier")
    cells = {(c.group, c.wave): c for c in next(r for r in by_quartier.items if r.variable == "5.3").cells}
    assert cells[(world.qb.display_name, "W2")].suppressed
    assert cells[(world.qa.display_name, "W2")].suppressed
    assert cells[(None, "W2")].n == 12 and cells[(None, "W2")].mean == pytest.approx((5 * 3 + 4 * 4 + 3 * 5) / 12)
    # … while the actor-type comparison shows "Kommune | N = 7/5".
    by_type = wave_analysis(user=world.coordination, wave=waves["W2"], group_by="actor_type", compare=waves["W1"])
    assert by_type.group_label("Kommune") == "Kommune | N = 7/5"
    assert by_type.group_label("Jobcenter") == "Jobcenter | N = 0/–"  # W1: none (a zero is published); W2: 4 < 5
    business = types["wirtschaft"].name
    assert by_type.group_label(business) == f"{business} | N = 0/–"
    result = next(r for r in by_type.items if r.variable == "5.3")
    chart = group_means_chart(by_type, result)
    assert "Kommune | N = 7/5" in chart["usermeta"]["labels"]


def test_seed_example_9_block_6_axis_reference_line_and_order(world, gib_waves):
    waves, types = gib_waves
    answers = [{"6.1": 1, "6.2": 2, "6.3": 1}, {"6.1": 2, "6.2": 2, "6.3": 1}, {"6.1": 1, "6.2": 3, "6.3": 1},
               {"6.1": 2, "6.2": 2, "6.3": 2}, {"6.1": 1, "6.2": 2, "6.3": 1}]
    for i, a in enumerate(answers):
        _respond(waves["W2"], world.qa, types["traeger"], a, f"Träger {i}")
    result = wave_analysis(user=world.coordination, wave=waves["W2"])
    block6 = [r for r in result.items if r.item.block == "6"]
    chart = means_chart(result, block6, sort_by_mean=True)
    assert chart["encoding"]["x"]["title"] == CHANGE_AXIS == "Verbesserung – keine Veränderung – Verschlechterung"
    assert chart["usermeta"]["reference"] == 2.0
    rule = chart["layer"][-1]
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"] == [{"ref": 2.0}]
    # means: 6.3 = 1,2; 6.1 = 1,4; 6.2 = 2,2 → best first
    assert [label.split(" ")[0] for label in chart["usermeta"]["order"]] == ["6.3", "6.1", "6.2"]
    assert chart["encoding"]["x"]["scale"]["domain"] == [1, 3]


def test_table_in_the_style_of_figure_4_checked_by_hand(client, world, gib_waves):
    """2.1 by actor type, Welle 1 vs Welle 2, k = 5.

    Kommune W1: 1,1,2,2,2,3 → N 6, mean 11/6 = 1,83, SD sqrt((2·(5/6)²+3·(1/6)²+(7/6)²)/5) = 0,75, median 2
    Kommune W2: 2,2,2,3,3 → N 5, mean 2,40, SD sqrt((3·0,4²+2·0,6²)/4) = 0,55, median 2
    Träger W1: 2,2,3,3,3 → N 5, mean 2,60, SD 0,55, median 3; Träger W2: 2,3,3,3,4 → mean 3,00, SD 0,71
    Jobcenter W2: 4,5 → N 2: suppressed (and, complementary, no other group needs hiding: W2 has a second
    published total only with Jobcenter included → the smallest other group, Kommune or Träger, is hidden).
    Gesamt W1: N 11, mean (11+13)/11 = 2,18; Gesamt W2: 2,2,2,3,3,2,3,3,3,4,4,5 → N 12, mean 36/12 = 3,00.
    Mann–Whitney (Gesamt): U and p as computed by analytics.survey_stats (tested there by hand).
    """
    waves, types = gib_waves
    data = [("W1", "kommune", [1, 1, 2, 2, 2, 3]), ("W2", "kommune", [2, 2, 2, 3, 3]),
            ("W1", "traeger", [2, 2, 3, 3, 3]), ("W2", "traeger", [2, 3, 3, 3, 4]), ("W2", "jobcenter", [4, 5])]
    n = 0
    for wave_code, type_slug, values in data:
        for value in values:
            n += 1
            _respond(waves[wave_code], world.qa, types[type_slug], {"2.1": value}, f"Org {n}")
    result = wave_analysis(user=world.coordination, wave=waves["W2"], group_by="actor_type", compare=waves["W1"])
    item = next(r for r in result.items if r.variable == "2.1")
    names = {types["kommune"].name: "Kommune", types["traeger"].name: "Träger", types["jobcenter"].name: "Jobcenter"}
    cell = {(names.get(c.group, c.group), c.wave): c for c in item.cells}
    k1 = cell[("Kommune", "W1")]
    assert (k1.n, round(k1.mean, 2), round(k1.sd, 2), k1.median) == (6, 1.83, 0.75, 2)
    t1 = cell[("Träger", "W1")]
    assert (t1.n, round(t1.mean, 2), round(t1.sd, 2), t1.median) == (5, 2.6, 0.55, 3)
    assert cell[("Jobcenter", "W2")].suppressed
    published_w2 = [g for g in ("Kommune", "Träger") if not cell[(g, "W2")].suppressed]
    assert len(published_w2) == 1  # complementary suppression hid the smaller of the two
    survivor = cell[(published_w2[0], "W2")]
    expected = {"Kommune": (5, 2.4, 0.55, 2), "Träger": (5, 3.0, 0.71, 3)}[published_w2[0]]
    assert (survivor.n, round(survivor.mean, 2), round(survivor.sd, 2), survivor.median) == expected
    g1, g2 = cell[(None, "W1")], cell[(None, "W2")]
    assert (g1.n, round(g1.mean, 2)) == (11, 2.18)
    assert (g2.n, g2.mean) == (12, 3.0)
    assert item.test is not None and item.test.n1 == 11 and item.test.n2 == 12
    assert item.difference == pytest.approx(3.0 - 24 / 11)
    client.force_login(world.evaluation)
    page = client.get(reverse("surveys:wave_analysis", kwargs={"pk": waves["W2"].pk}),
                      {"group_by": "actor_type", "compare": waves["W1"].pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1,83" in html and "2,18" in html and "3,00" in html
    assert "Mann-Whitney-U" in html and "(n = 11/12)" in html  # the German rendering of the test's name
    assert 'aria-label=' in html and "<caption" in html


def test_block_index_and_alpha(world, gib_waves):
    waves, types = gib_waves
    rows = [(1, 2, 2), (2, 2, 3), (3, 4, 3), (4, 4, 5), (2, 3, 3)]
    for i, (a, b, c) in enumerate(rows):
        _respond(waves["W1"], world.qa, types["traeger"], {"5.1": a, "5.2": b, "5.3": c}, f"T {i}")
    result = wave_analysis(user=world.coordination, wave=waves["W1"])
    block5 = next(b for b in result.blocks if b.code == "5")
    total = next(c for c in block5.cells if c.group is None)
    means = [sum(r) / 3 for r in rows]
    assert total.n == 5 and total.mean == pytest.approx(sum(means) / 5)
    assert block5.alpha["W1"] is not None and 0 < block5.alpha["W1"] < 1


def test_coach_sees_only_own_quartier_responses(world, gib_waves):
    waves, types = gib_waves
    for i in range(5):
        _respond(waves["W1"], world.qa, types["traeger"], {"1.1": 1}, f"A {i}")
        _respond(waves["W1"], world.qb, types["traeger"], {"1.1": 6}, f"B {i}")
    coach = wave_analysis(user=world.coach_a, wave=waves["W1"])
    assert next(r for r in coach.items if r.variable == "1.1").cells[0].mean == 1.0
    coordination = wave_analysis(user=world.coordination, wave=waves["W1"])
    assert next(r for r in coordination.items if r.variable == "1.1").cells[0].mean == 3.5
