import pytest


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_healthz_reports_database_failure(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"status": "error", "vendor": connection.vendor, "error": "RuntimeError"}


@pytest.mark.django_db
def test_nul_characters_are_refused_before_they_reach_the_database(client, world):
    client.force_login(world.coach_a)
    page = client.get("/akteure/organisationen/", {"q": "Job\x00center"})
    assert page.status_code == 400
    assert "NUL-Zeichen" in page.content.decode()
    api = client.get("/api/v1/organisations", {"q": "\x00"})
    assert api.status_code == 400
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["status"] == 400
    assert client.get("/akteure/organisationen/", {"q": "Jobcenter"}).status_code == 200


@pytest.mark.django_db
def test_ids_above_999_are_not_written_with_a_thousands_separator(client, world):
    """German number formatting must never reach ids in links and HTML ids (1.234 is not the id 1234)."""
    from quartiersnetz.testing import make_organisation

    org = make_organisation(world.qa, name="Kita Tausend", pk=12345)
    client.force_login(world.coach_a)
    html = client.get(org.get_absolute_url()).content.decode()
    assert "?organisation=12345" in html
    assert "12.345" not in html
