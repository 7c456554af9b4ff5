"""A few browser journeys through the German UI, with an axe-core WCAG 2.1 AA audit of every page visited.

Kept few and deterministic (style.md): fixed data from build_world(), waits on elements, never on time.
"""

import pytest

from quartiersnetz.testing import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-Passwort-123"


def login(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("h1")


def test_login_page_is_german_and_accessible(page, live_server, axe, screenshot):
    page.goto(f"{live_server.url}/anmelden/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Anmelden"
    screenshot("01-anmelden")
    assert axe() == []
    page.get_by_label("Benutzername").fill("niemand")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert "Benutzername oder Passwort ist falsch" in page.locator("[role=alert]").inner_text()


def test_coach_sees_exactly_their_quartier(page, live_server, axe, screenshot):
    world = build_world()
    login(page, live_server, "coach_a")
    body = page.locator("main").inner_text()
    assert "Duisburg-Marxloh" in body
    assert "Köln-Chorweiler" not in body
    screenshot("02-start-coach")
    assert axe() == []

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Akteure").click()
    page.get_by_role("navigation", name="Bereichsnavigation").get_by_role("link", name="Ansprechpersonen").wait_for()
    page.wait_for_selector("table")
    table = page.locator("main table").inner_text()
    assert "Jobcenter Duisburg" in table
    assert "Jobcenter Köln" not in table
    screenshot("03-organisationen")
    assert axe() == []

    page.get_by_role("link", name="Jobcenter Duisburg").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Jobcenter Duisburg"
    assert axe() == []

    # An object of another Quartier is "not found", not "forbidden".
    response = page.goto(f"{live_server.url}/akteure/organisationen/{world.org_b.pk}/")
    assert response.status == 404
    assert "Seite nicht gefunden" in page.locator("h1").inner_text()


def test_create_organisation_with_german_validation(page, live_server, axe, screenshot):
    build_world()
    login(page, live_server, "coach_a")
    page.goto(f"{live_server.url}/akteure/organisationen/neu/")
    page.locator("#id_name").fill("Familienzentrum Am Park")
    page.locator("#id_actor_type").select_option(label="Jobcenter")
    page.locator("#id_postal_code").fill("4716")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_selector("[role=alert]")
    main = page.locator("main").inner_text()
    assert "Bitte geben Sie eine fünfstellige Postleitzahl ein" in main
    assert "Dieses Feld ist erforderlich" not in main  # the coach's only Quartier is preselected
    screenshot("04-formularfehler")
    assert axe() == []
    page.locator("#id_postal_code").fill("47169")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Familienzentrum Am Park"
    assert "gespeichert" in page.locator("main").inner_text()
