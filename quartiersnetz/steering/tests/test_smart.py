from decimal import Decimal

import pytest

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry

from ..models import Goal, GoalLevel, Indicator, IndicatorTarget
from ..services import goal_set_status
from ..smart import GoalFacts, IndicatorFacts, smart_check, traffic_light


def test_smart_check_lists_every_missing_point_in_order():
    assert smart_check(GoalFacts()).missing == ("specific", "measurable", "responsible", "deadline", "baseline")
    facts = GoalFacts(indicators=(IndicatorFacts(unit="%", has_target=True, has_baseline=True),),
                      has_owner=True, has_deadline=True)
    assert smart_check(facts).passed
    no_unit = GoalFacts(indicators=(IndicatorFacts(unit=" ", has_target=True, has_baseline=False),),
                        has_owner=True, has_deadline=False)
    assert smart_check(no_unit).missing == ("measurable", "deadline", "baseline")


@pytest.mark.parametrize(("actual", "target", "higher", "expected"), [
    (100, 100, True, "green"), (101, 100, True, "green"), (90, 100, True, "yellow"), (89.99, 100, True, "red"),
    (100, 100, False, "green"), (99, 100, False, "green"), (110, 100, False, "yellow"), (110.01, 100, False, "red"),
    (None, 100, True, None), (5, None, True, None),
    (-10, -10, True, "green"), (-11, -10, True, "yellow"), (-12, -10, True, "red"),
])
def test_traffic_light_rule_including_inverted_direction(actual, target, higher, expected):
    assert traffic_light(actual, target, higher_is_better=higher) == expected


def test_traffic_light_tolerance_is_configurable():
    assert traffic_light(80, 100, tolerance=Decimal("0.2")) == "yellow"
    assert traffic_light(80, 100) == "red"
    assert traffic_light(100.5, 100, higher_is_better=False, tolerance=0) == "red"


def _goal(world, **kw):
    return Goal.objects.create(programme=world.programme, quartier=world.qa, level=GoalLevel.objects.get(order=1),
                               title="Weniger Langzeitarbeitslose", **kw)


@pytest.mark.django_db
def test_adopting_an_incomplete_goal_is_blocked_with_german_message_and_nothing_written(world):
    goal = _goal(world, owner_text="Coach")
    audits = AuditLogEntry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        goal_set_status(user=world.coach_a, goal=goal, status="adopted")
    message = exc.value.message
    assert message.startswith("Das Ziel kann nicht beschlossen werden")
    for missing in ("Kennzahl", "Zielwert mit Einheit", "Frist", "Ausgangswert"):
        assert missing in message
    assert "verantwortlich" not in message  # the owner is named
    goal.refresh_from_db()
    assert goal.status == "draft" and goal.smart_override_reason == ""
    assert AuditLogEntry.objects.count() == audits


@pytest.mark.django_db
def test_override_reason_or_complete_smart_allows_adoption(world):
    goal = _goal(world)
    goal_set_status(user=world.coach_a, goal=goal, status="adopted", override_reason="Beschluss des Rates")
    goal.refresh_from_db()
    assert (goal.status, goal.smart_override_reason) == ("adopted", "Beschluss des Rates")

    import datetime as dt

    complete = _goal(world, owner_text="Coach", period_end=dt.date(2025, 12, 31))
    ind = Indicator.objects.create(programme=world.programme, quartier=world.qa, goal=complete, name="Quote",
                                   unit="%", baseline_value=Decimal(12))
    IndicatorTarget.objects.create(indicator=ind, period="2025", value=Decimal(10))
    goal_set_status(user=world.coach_a, goal=Goal.objects.get(pk=complete.pk), status="adopted")
    complete.refresh_from_db()
    assert complete.status == "adopted" and complete.smart_override_reason == ""


@pytest.mark.django_db
def test_status_page_shows_the_block_and_api_answers_422(client, world):
    goal = _goal(world)
    client.force_login(world.coach_a)
    response = client.post(f"/steuerung/ziele/{goal.pk}/status/", {"status": "adopted", "override_reason": ""})
    assert response.status_code == 200
    assert "Das Ziel kann nicht beschlossen werden" in response.content.decode()
    response = client.post(f"/api/v1/goals/{goal.pk}/status", {"status": "adopted"}, content_type="application/json")
    assert response.status_code == 422
    assert "Kennzahl" in response.json()["detail"]
    goal.refresh_from_db()
    assert goal.status == "draft"


@pytest.mark.django_db
def test_parent_must_be_one_level_up(world):
    from ..services import goal_create

    top = _goal(world)
    with pytest.raises(ApplicationError) as exc:
        goal_create(user=world.coach_a, data={"programme": world.programme, "quartier": world.qa,
                                              "level": GoalLevel.objects.get(order=3), "parent": top, "title": "X"})
    assert "direkt darüber" in str(exc.value.extra["parent"])
    with pytest.raises(ApplicationError):
        goal_create(user=world.coach_a, data={"programme": world.programme, "quartier": world.qa,
                                              "level": GoalLevel.objects.get(order=2), "title": "ohne Eltern"})
    child = goal_create(user=world.coach_a, data={"programme": world.programme, "quartier": world.qa,
                                                  "level": GoalLevel.objects.get(order=2), "parent": top, "title": "Y"})
    assert child.parent == top
