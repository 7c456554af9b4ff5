"""Every steering page renders with the demo data; create/edit/delete and the template adoption work."""

import pytest
from django.urls import reverse

from ..models import Goal, GoalLevel, ImpactStep, Indicator, Measure, PreventionCase, PreventionFund, SocialArea


@pytest.mark.django_db
def test_every_page_renders_for_coordination(client, world, demo):
    client.force_login(world.coordination)
    objects = {
        "goal": Goal.objects.filter(quartier=world.qa).first(), "indicator": Indicator.objects.first(),
        "measure": Measure.objects.get(title__startswith="Rückführung"), "case": PreventionCase.objects.first(),
        "socialarea": SocialArea.objects.first(), "fund": PreventionFund.objects.first(),
    }
    urls = ["steering:overview", "steering:pyramid", "steering:indicator_rba", "steering:monitoring",
            "steering:calculator", "steering:areaimport_start"]
    pages = [reverse(u) for u in urls]
    for key in ("goal", "indicator", "measure", "socialarea", "milestone", "fund", "case"):
        pages.append(reverse(f"steering:{key}_list"))
        pages.append(reverse(f"steering:{key}_export") + "?format=xlsx")
    for key, obj in objects.items():
        pages += [reverse(f"steering:{key}_detail", kwargs={"pk": obj.pk}),
                  reverse(f"steering:{key}_update", kwargs={"pk": obj.pk})]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    measure_page = client.get(objects["measure"].get_absolute_url()).content.decode()
    assert "Überschussphase" in measure_page and "qn-controlling-spec" in measure_page
    assert "vega-embed.min.js" in measure_page
    pyramid = client.get(reverse("steering:pyramid")).content.decode()
    assert "✗ Frist" in pyramid and "✓ Kennzahl" in pyramid  # SMART badges as text
    rba = client.get(reverse("steering:indicator_rba")).content.decode()
    assert "Geht es jemandem besser?" in rba and "grün" in rba
    planning = client.get(reverse("steering:milestone_list")).content.decode()
    assert "Tertialbericht" in planning and "Fällige Berichte" in planning


@pytest.mark.django_db
def test_goal_create_form_with_german_validation(client, world):
    client.force_login(world.coach_a)
    level2 = GoalLevel.objects.get(order=2)
    response = client.post(reverse("steering:goal_create"), {
        "programme": world.programme.pk, "quartier": world.qa.pk, "level": level2.pk, "title": "Ohne Eltern"})
    assert response.status_code == 200
    assert "Jedes Ziel unterhalb der obersten Ebene braucht ein übergeordnetes Ziel." in response.content.decode()
    assert not Goal.objects.exists()
    response = client.post(reverse("steering:goal_create"), {
        "programme": world.programme.pk, "quartier": world.qb.pk, "level": GoalLevel.objects.get(order=1).pk,
        "title": "Fremdes Quartier"})
    assert response.status_code == 200 and not Goal.objects.exists()  # B is not a choice for coach A
    response = client.post(reverse("steering:goal_create"), {
        "programme": world.programme.pk, "quartier": world.qa.pk, "level": GoalLevel.objects.get(order=1).pk,
        "title": "Leitziel Marxloh", "period_end": "2025-12-31"})
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.quartier == world.qa
    response = client.post(reverse("steering:goal_delete", kwargs={"pk": goal.pk}))
    assert response.status_code == 302 and not Goal.objects.exists()


@pytest.mark.django_db
def test_adopt_template_copies_impact_levels_into_the_measure(client, world):
    measure = Measure.objects.create(programme=world.programme, quartier=world.qa, title="Netzwerkcoaching")
    client.force_login(world.coach_a)
    response = client.post(reverse("steering:measure_template", kwargs={"pk": measure.pk}),
                           {"templates": ["A2", "C2"]})
    assert response.status_code == 302
    steps = list(ImpactStep.objects.filter(measure=measure).order_by("order"))
    assert [s.text[:2] for s in steps] == ["A2", "C2"]
    assert [s.stage for s in steps] == ["output", "outcome"]
    names = set(Indicator.objects.filter(quartier=world.qa).values_list("name", flat=True))
    assert "C2: Anteil warmer Übergaben (%)" in names and len(names) == 8
    client.force_login(world.coach_b)
    assert client.post(reverse("steering:measure_template", kwargs={"pk": measure.pk}),
                       {"templates": ["A1"]}).status_code == 404


@pytest.mark.django_db
def test_indicator_api_crud_with_targets_values_and_traffic_light(client, world):
    client.force_login(world.coach_a)
    response = client.post("/api/v1/indicators", {
        "programme_id": world.programme.pk, "quartier_id": world.qa.pk, "name": "Warme Übergaben", "unit": "%",
        "type": "outcome", "direction": "higher_worse"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["rba"] == "better_off"
    assert client.post(f"/api/v1/indicators/{pk}/targets", {"period": "2024", "value": "50"},
                       content_type="application/json").status_code == 201
    assert client.post(f"/api/v1/indicators/{pk}/values", {"period": "2024", "value": "54"},
                       content_type="application/json").status_code == 201
    body = client.get(f"/api/v1/indicators/{pk}").json()
    assert body["traffic_light"] == "yellow"  # lower is better: 54 ≤ 55 (110 %)
    assert body["traffic_rule"].startswith("niedriger ist besser")
    assert client.patch(f"/api/v1/indicators/{pk}", {"tolerance_percent": "5"},
                        content_type="application/json").json()["traffic_light"] == "red"
    response = client.post("/api/v1/indicators", {"programme_id": world.programme.pk, "quartier_id": world.qc.pk,
                                                   "name": "X"}, content_type="application/json")
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "quartier_id"
    assert client.delete(f"/api/v1/indicators/{pk}").status_code == 204
