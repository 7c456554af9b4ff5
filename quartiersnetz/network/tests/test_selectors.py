"""Selectors: observed ties derived from the meetings app, stored ties, combination, filters and scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from quartiersnetz.analytics.network import analyse_network
from quartiersnetz.network.selectors import half_years, network_analysis, network_compare, network_ties

pytestmark = pytest.mark.django_db


def edges(data) -> dict[tuple[str, str], tuple[float, dict]]:
    names = {n.id: n.name for n in data.nodes}
    return {tuple(sorted((names[e.a], names[e.b]))): (e.strength, e.sources) for e in data.edges}


def test_observed_ties_are_derived_from_attendance_memberships_and_agreements(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk,
                        sources={"co_attendance", "co_membership", "joint_agreement"})
    # Held meetings only (the cancelled one does not count, absentees do not count).
    assert edges(data) == {
        ("Jobcenter Duisburg", "Stadt Duisburg"): (5.0, {"co_attendance": 3, "co_membership": 1,
                                                         "joint_agreement": 1}),
        ("Jobcenter Duisburg", "Werkstatt Marxloh"): (3.0, {"co_attendance": 2, "co_membership": 1}),
        ("Stadt Duisburg", "Werkstatt Marxloh"): (3.0, {"co_attendance": 2, "co_membership": 1}),
    }


def test_nodes_are_the_quartiers_organisations_only(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk)
    names = sorted(n.name for n in data.nodes)
    assert names == ["Bäckerei Yilmaz", "Jobcenter Duisburg", "Kita Sonnenschein", "Moschee Marxloh",
                     "Stadt Duisburg", "Werkstatt Marxloh"]
    # Jobcenter Köln attended a meeting of A but is not an organisation of A.
    assert tiny.world.org_b.pk not in {e.a for e in data.edges} | {e.b for e in data.edges}


def test_all_sources_combine_with_weights(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk,
                        weights={"co_attendance": 2.0, "manual": 0.5})
    got = edges(data)
    assert got[("Jobcenter Duisburg", "Stadt Duisburg")][0] == 2 * 3 + 1 + 1
    assert got[("Bäckerei Yilmaz", "Kita Sonnenschein")] == (2.0, {"manual": 4})  # Kooperation = 4, weight 0.5
    assert got[("Kita Sonnenschein", "Werkstatt Marxloh")] == (2.0, {"declared": 2})  # Austausch = 2


def test_min_strength_drops_weak_ties(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, min_strength=3.5)
    assert set(edges(data)) == {("Jobcenter Duisburg", "Stadt Duisburg"), ("Bäckerei Yilmaz", "Kita Sonnenschein")}


def test_period_filters_meetings_and_stored_ties(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, start=dt.date(2013, 1, 1),
                        end=dt.date(2013, 12, 31), sources={"co_attendance", "manual", "declared"})
    assert edges(data) == {
        ("Jobcenter Duisburg", "Stadt Duisburg"): (2.0, {"co_attendance": 2}),
        ("Jobcenter Duisburg", "Werkstatt Marxloh"): (1.0, {"co_attendance": 1}),
        ("Stadt Duisburg", "Werkstatt Marxloh"): (1.0, {"co_attendance": 1}),
        ("Kita Sonnenschein", "Werkstatt Marxloh"): (2.0, {"declared": 2}),
    }


def test_tie_type_filter_applies_to_stored_ties(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, sources={"manual", "declared"},
                        tie_types={"kooperation"})
    assert set(edges(data)) == {("Bäckerei Yilmaz", "Kita Sonnenschein")}


def test_actor_type_filter_restricts_nodes_and_ties(tiny):
    data = network_ties(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk, actor_types={"jobcenter", "kommune"})
    assert sorted(n.name for n in data.nodes) == ["Jobcenter Duisburg", "Stadt Duisburg"]
    assert set(edges(data)) == {("Jobcenter Duisburg", "Stadt Duisburg")}


def test_analysis_equals_analytics_on_the_same_graph(tiny):
    result = network_analysis(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk)
    again = analyse_network(result.data.spec())
    assert result.analysis.network == again.network
    assert result.analysis.nodes == again.nodes
    assert result.analysis.jobcenter.share_within_1 == pytest.approx(2 / 5)
    assert result.analysis.network.stable_core == [str(tiny.jc.pk), str(tiny.kommune.pk), str(tiny.traeger.pk)]
    # Trust from the stored tie with ratings (reliability 4, openness 2 → trust 3).
    assert result.scores.network["trust"] == pytest.approx(3.0)


def test_other_quartier_and_partner_get_404(tiny):
    for user in (tiny.world.coach_b, tiny.world.partner_a, tiny.world.no_role, tiny.world.coordination_other):
        with pytest.raises(Http404):
            network_ties(user=user, quartier_id=tiny.world.qa.pk)


def test_evaluation_sees_the_aggregated_network(tiny):
    data = network_ties(user=tiny.world.evaluation, quartier_id=tiny.world.qa.pk)
    assert len(data.edges) == 5


def test_compare_two_periods(tiny):
    change = network_compare(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk,
                             before=(dt.date(2013, 1, 1), dt.date(2013, 12, 31)),
                             after=(dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
                             sources={"co_attendance", "manual", "declared"})
    c = change.comparison
    assert sorted(change.name(i) for i in c.nodes_new) == ["Bäckerei Yilmaz"]
    assert c.nodes_left == []
    assert [tuple(sorted((change.name(a), change.name(b)))) for a, b in c.ties_gained] == [
        ("Bäckerei Yilmaz", "Kita Sonnenschein")]
    assert [tuple(sorted((change.name(a), change.name(b)))) for a, b in c.ties_lost] == [
        ("Kita Sonnenschein", "Werkstatt Marxloh")]
    assert c.network_deltas["nodes"] == 0 + 1  # 4 in 2013 (JC, Stadt, Werkstatt, Kita), 5 in 2014


def test_half_years():
    halves = half_years(until=dt.date(2014, 7, 1))
    assert [(h.label, h.start, h.end) for h in halves] == [
        ("1. Hj. 2013", dt.date(2013, 1, 1), dt.date(2013, 6, 30)),
        ("2. Hj. 2013", dt.date(2013, 7, 1), dt.date(2013, 12, 31)),
        ("1. Hj. 2014", dt.date(2014, 1, 1), dt.date(2014, 6, 30)),
        ("2. Hj. 2014", dt.date(2014, 7, 1), dt.date(2014, 12, 31)),
    ]
