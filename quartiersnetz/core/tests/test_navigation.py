"""Every page in the navigation answers for every role that is shown it; groups and sub-navigation work."""

import pytest
from django.urls import reverse

from quartiersnetz.core.context_processors import NAV


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["admin", "coordination", "evaluation", "coach_a", "contact_point_a", "partner_a", "no_role"]
)
def test_every_navigation_link_answers(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get("/")
    assert response.status_code == 200
    groups = response.context["nav_groups"]
    assert groups, who
    for group in groups:
        for item in group["items"]:
            page = client.get(item["url"])
            assert page.status_code == 200, (who, item["url"], page.status_code)


@pytest.mark.django_db
def test_sub_navigation_shows_the_active_group(client, world):
    client.force_login(world.coach_a)
    response = client.get(reverse("actors:contact_list"))
    html = response.content.decode()
    assert 'aria-label="Bereichsnavigation"' in html
    sub = [item["label"] for item in response.context["nav_sub_items"]]
    assert [str(label) for label in sub] == ["Organisationen", "Ansprechpersonen", "Akquise"]
    assert 'aria-current="page"' in html


@pytest.mark.django_db
def test_evaluation_is_not_shown_personal_data_pages(client, world):
    client.force_login(world.evaluation)
    urls = {item["url"] for group in client.get("/").context["nav_groups"] for item in group["items"]}
    assert reverse("actors:contact_list") not in urls
    assert reverse("core:audit_list") not in urls


def test_navigation_names_resolve():
    for _group, entries in NAV:
        for name, _label, _pred in entries:
            assert reverse(name)
