import random

import pytest

from ..demo import load_steering_demo
from ..models import AreaValue, Goal, PlanningMilestone, PreventionFund, SocialArea
from ..views import goal_tree


@pytest.mark.django_db
def test_demo_builds_pyramid_monitoring_series_and_fund(world, demo):
    assert demo["created"] is True
    tree = goal_tree(Goal.objects.filter(programme=world.programme).order_by("level__order", "pk"))
    assert len(tree) == 1  # one Leitziel …
    depth, node = 1, tree[0]
    while node["children"]:
        node, depth = node["children"][0], depth + 1
    assert depth == 5  # … down to a Maßnahmenziel
    assert Goal.objects.filter(quartier=world.qa).count() == 2 and Goal.objects.filter(quartier=world.qb).count() == 2
    smart = {g.title: n["smart_passed"] for n in _flatten(tree) for g in [n["goal"]]}
    assert True in smart.values() and False in smart.values()
    areas = SocialArea.objects.filter(programme=world.programme)
    assert areas.count() >= 30 and all(a.boundary["type"] == "Polygon" for a in areas)
    years = set(AreaValue.objects.values_list("year", flat=True))
    assert years == {2019, 2020, 2021, 2022, 2023}
    assert AreaValue.objects.count() == areas.count() * 5 * 5
    fund = PreventionFund.objects.get(programme=world.programme)
    assert fund.projects.count() == 10
    assert PlanningMilestone.objects.filter(is_report=True).count() == 3


@pytest.mark.django_db
def test_demo_is_deterministic_and_idempotent(world, demo):
    first = list(AreaValue.objects.order_by("area__code", "indicator__name", "year").values_list("value", flat=True))
    again = load_steering_demo(programmes={"aktiv-fuer-arbeit": world.programme},
                               quartiere={"duisburg-marxloh": world.qa, "koeln-chorweiler": world.qb},
                               rng=random.Random(2013))
    assert again == {"created": False}
    assert SocialArea.objects.count() == 36
    PreventionFund.objects.all().delete()
    SocialArea.objects.all().delete()
    from ..models import AreaIndicator, Measure, PlanningMilestone

    AreaIndicator.objects.all().delete()
    Measure.objects.all().delete()
    PlanningMilestone.objects.all().delete()
    for goal in Goal.objects.order_by("-level__order"):
        goal.delete()
    load_steering_demo(programmes={"aktiv-fuer-arbeit": world.programme},
                       quartiere={"duisburg-marxloh": world.qa, "koeln-chorweiler": world.qb},
                       rng=random.Random(2013))
    second = list(AreaValue.objects.order_by("area__code", "indicator__name", "year").values_list("value", flat=True))
    assert first == second


@pytest.mark.django_db
def test_demo_case_controlling_runs_through_three_phases(world, demo):
    from ..figures import measure_controlling
    from ..models import Measure

    measure = Measure.objects.get(title__startswith="Rückführung")
    result = measure_controlling(measure)
    phases = [r.cumulated_phase for r in result.rows]
    assert phases == ["Investphase", "Investphase", "Annäherungsphase", "Überschussphase", "Überschussphase"]


def _flatten(nodes):
    for n in nodes:
        yield n
        yield from _flatten(n["children"])
