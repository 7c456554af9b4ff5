"""Access: Quartier objects are scoped by their Quartier, programme objects by the programme; outside → 404."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from quartiersnetz.core.choices import Role
from quartiersnetz.testing import make_user

from ..models import Goal, GoalLevel, Indicator, Measure
from .access_targets import targets


def _steering_routes():
    def walk(resolver, prefix="", ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), f"{ns}{p.name}"

    return [(r, n) for r, n in walk(get_resolver()) if n.startswith("steering:")]


def _fill(route, name, values):
    for pattern, params in values.items():
        if pattern != "api" and re.match(pattern, name):
            return re.sub(r"<int:pk>", str(params["pk"]), route)
    raise AssertionError(f"no target for {name}")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coach_b", "contact_point_b", "coordination_other", "no_role"])
def test_every_steering_object_url_is_404_for_outsiders(client, world, who):
    """The same walk as tests/test_access.py, restricted to this app (proves access_targets is complete)."""
    users = {"coach_b": world.coach_b, "coordination_other": world.coordination_other, "no_role": world.no_role,
             "contact_point_b": make_user("kontaktstelle_b", role=Role.CONTACT_POINT, quartier=world.qb)}
    values = targets(world)
    client.force_login(users[who])
    checked = 0
    for route, name in _steering_routes():
        if "<" not in route:
            response = client.get("/" + route)
            assert response.status_code in (200, 302, 404), (name, response.status_code)
            assert "Ziel A" not in response.content.decode() and "Kennzahl A" not in response.content.decode()
            continue
        url = "/" + _fill(route, name, values)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (who, method, url, response.status_code)
            checked += 1
    assert checked > 40
    from quartiersnetz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    api_checked = 0
    for path, item in schema["paths"].items():
        if not any(p in path for p in ("/goals/", "/indicators/", "/indicator-", "/social-areas/", "/area-values/",
                                       "/measures/", "/cases/", "/funds/", "/fund-projects/")):
            continue
        filled = path
        for pattern, replacement in values["api"]:
            filled = re.sub(pattern, replacement, filled)
        assert "{" not in filled, filled
        for method in item:
            if method in ("get", "post", "patch", "delete"):
                response = getattr(client, method)(filled, {} if method == "get" else "{}",
                                                   **({} if method == "get" else {"content_type": "application/json"}))
                assert response.status_code == 404, (who, method, filled, response.status_code)
                api_checked += 1
    assert api_checked > 20


@pytest.mark.django_db
def test_coach_b_gets_404_on_a_goals_indicators_measures_but_sees_programme_goals(client, world):
    level = GoalLevel.objects.get(order=1)
    goal_a = Goal.objects.create(programme=world.programme, quartier=world.qa, level=level, title="Ziel A")
    programme_goal = Goal.objects.create(programme=world.programme, level=level, title="Programmziel")
    indicator = Indicator.objects.create(programme=world.programme, quartier=world.qa, name="Kennzahl A")
    measure = Measure.objects.create(programme=world.programme, quartier=world.qa, title="Maßnahme A")
    client.force_login(world.coach_b)
    for url in (f"/steuerung/ziele/{goal_a.pk}/", f"/steuerung/kennzahlen/{indicator.pk}/",
                f"/steuerung/massnahmen/{measure.pk}/", f"/api/v1/goals/{goal_a.pk}",
                f"/api/v1/indicators/{indicator.pk}", f"/api/v1/measures/{measure.pk}"):
        assert client.get(url).status_code == 404, url
    listed = {g["title"] for g in client.get("/api/v1/goals").json()["items"]}
    assert listed == {"Programmziel"}
    assert client.get(f"/steuerung/ziele/{programme_goal.pk}/").status_code == 200
    # Visible but not editable for a coach: the edit page and the API change are 404.
    assert client.get(f"/steuerung/ziele/{programme_goal.pk}/bearbeiten/").status_code == 404
    assert client.patch(f"/api/v1/goals/{programme_goal.pk}", {"title": "X"},
                        content_type="application/json").status_code == 404
    # Creating a programme-level goal is reserved for coordination.
    response = client.post("/api/v1/goals", {"programme_id": world.programme.pk, "level_id": level.pk,
                                             "title": "Neu"}, content_type="application/json")
    assert response.status_code == 403
    assert "Programmkoordination" in response.json()["detail"]
    client.force_login(world.coordination)
    assert client.patch(f"/api/v1/goals/{programme_goal.pk}", {"title": "Programmziel neu"},
                        content_type="application/json").status_code == 200
    client.force_login(world.coordination_other)
    assert client.get(f"/api/v1/goals/{programme_goal.pk}").status_code == 404


@pytest.mark.django_db
def test_evaluation_sees_the_aggregates_but_changes_nothing(client, world, demo):
    client.force_login(world.evaluation)
    for url in ("/steuerung/", "/steuerung/zielpyramide/", "/steuerung/kennzahlen/", "/steuerung/kennzahlen/rba/",
                "/steuerung/sozialmonitoring/", "/steuerung/sozialraeume/", "/steuerung/praeventionsfonds/",
                "/steuerung/massnahmen/", "/steuerung/planungszyklus/", "/steuerung/praeventionsrechner/"):
        assert client.get(url).status_code == 200, url
    goals = client.get("/api/v1/goals").json()
    assert goals["count"] == demo["goals"]
    assert client.get("/api/v1/social-areas").json()["count"] == 36
    marxloh_goal = Goal.objects.filter(quartier=world.qa).first()
    assert client.get(f"/steuerung/ziele/{marxloh_goal.pk}/bearbeiten/").status_code == 404
    assert client.delete(f"/api/v1/goals/{marxloh_goal.pk}").status_code == 404
    # Coordination of another programme sees none of it.
    client.force_login(world.coordination_other)
    assert client.get("/api/v1/goals").json()["count"] == 0
    assert client.get("/api/v1/social-areas").json()["count"] == 0
