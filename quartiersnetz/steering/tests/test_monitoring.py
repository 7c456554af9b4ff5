"""The monitoring page, its export and the API give the same numbers as analytics.monitoring on the stored data."""

import csv
import io

import pytest

from quartiersnetz.analytics import monitoring as index

from ..demo import AREA_INDICATORS, CITY
from ..models import AreaIndicator, AreaValue, SocialArea


def _expected(programme, year, start, end, weights=None):
    areas = list(SocialArea.objects.filter(programme=programme, city=CITY).order_by("code"))
    inds = list(AreaIndicator.objects.filter(programme=programme).order_by("name"))
    weights = weights or {}

    def level(y):
        return {a.code: {i.name: float(AreaValue.objects.get(area=a, indicator=i, year=y).value) for i in inds}
                for a in areas}

    change = index.period_change(level(start), level(end))
    rows = {code: {**level(year)[code], **{f"{k} Δ": v for k, v in change[code].items()}} for code in level(year)}
    return index.monitoring_index(
        rows,
        status=[index.Indicator(i.name, i.higher_is_worse, weights.get(i.name, 1.0)) for i in inds],
        dynamics=[index.Indicator(f"{i.name} Δ", i.higher_is_worse, weights.get(i.name, 1.0)) for i in inds],
    ), inds


@pytest.mark.django_db
def test_api_returns_the_analytics_numbers(client, world, demo):
    expected, inds = _expected(world.programme, 2023, 2019, 2023, {"Kinderarmut": 2.0})
    ids = ",".join(f"{i.pk}:2" if i.name == "Kinderarmut" else str(i.pk) for i in inds)
    client.force_login(world.evaluation)
    response = client.get("/api/v1/monitoring/index", {
        "programme_id": world.programme.pk, "status": ids, "dynamics": ids, "year": 2023, "start_year": 2019,
        "end_year": 2023})
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["areas"]) == 36 and body["excluded"] == []
    got = {a["id"]: a for a in body["areas"]}
    for area in expected.areas:
        assert got[area.id]["status_index"] == pytest.approx(area.status_index, abs=1e-9)
        assert got[area.id]["dynamics_index"] == pytest.approx(area.dynamics_index, abs=1e-9)
        assert got[area.id]["status_class"] == area.status_class
        assert got[area.id]["combined_class"] == area.combined_class
    assert {a.status_class for a in expected.areas} >= {"hoch", "mittel"}


@pytest.mark.django_db
def test_page_and_export_show_the_same_numbers(client, world, demo):
    expected, inds = _expected(world.programme, 2023, 2019, 2023)
    client.force_login(world.coordination)
    response = client.get("/steuerung/sozialmonitoring/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="qn-map"' in page and "vendor/leaflet/leaflet.js" in page
    assert "<details" in page and "Formel und Eingaben" in page
    output = response.context["output"]
    got = {r.id: r for r in output.result.areas}
    for area in expected.areas:
        assert got[area.id].status_index == pytest.approx(area.status_index)
        assert got[area.id].dynamics_class == area.dynamics_class
    first = expected.areas[0]
    assert f"{first.status_index:.2f}".replace(".", ",").replace("-", "-") in page
    assert len(output.geojson["features"]) == 36
    export = client.get("/steuerung/sozialmonitoring/export/", {"format": "csv"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 37
    by_code = {r[0]: r for r in rows[1:]}
    assert float(by_code[first.id][3].replace(",", ".")) == pytest.approx(first.status_index, abs=1e-4)
    assert by_code[first.id][8] == first.combined_class
    xlsx = client.get("/steuerung/sozialmonitoring/export/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_monitoring_errors_are_german(client, world, demo):
    inds = list(AreaIndicator.objects.filter(programme=world.programme))
    client.force_login(world.coordination)
    response = client.get("/api/v1/monitoring/index", {
        "programme_id": world.programme.pk, "status": f"{inds[0].pk},{inds[0].pk}", "year": 2023})
    assert response.status_code == 400
    assert "mehrfach gewählt" in response.json()["detail"]
    response = client.get("/api/v1/monitoring/index", {"programme_id": world.other_programme.pk,
                                                        "status": str(inds[0].pk), "year": 2023})
    assert response.status_code == 404
    assert len(AREA_INDICATORS) == len(inds)


@pytest.mark.django_db
def test_api_defaults_to_all_indicators_and_the_latest_year(client, world, demo):
    client.force_login(world.evaluation)
    body = client.get("/api/v1/monitoring/index").json()
    assert len(body["areas"]) == 36 and body["dynamics_formula"] is None
    explicit = client.get("/api/v1/monitoring/index", {
        "programme_id": world.programme.pk, "year": 2023,
        "status": ",".join(str(i.pk) for i in AreaIndicator.objects.filter(programme=world.programme))}).json()
    assert body["areas"] == explicit["areas"]
    client.force_login(world.no_role)
    assert client.get("/api/v1/monitoring/index").status_code == 404
