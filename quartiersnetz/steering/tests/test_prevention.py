"""Prevention fund and calculator through pages and API, against the seed-004 numbers."""

from decimal import Decimal

import pytest

from quartiersnetz.analytics import seed004

from ..models import FundProject, PreventionFund


@pytest.fixture
def hannover(world):
    fund = PreventionFund.objects.create(programme=world.programme, name="Experimentiertopf", municipality="Hannover",
                                         cap_per_year=Decimal(1_000_000))
    FundProject.objects.create(fund=fund, name="2005–2011 insgesamt", costs=seed004.HANNOVER_DRAWN_2005_2011,
                               savings=seed004.HANNOVER_SAVINGS_2005_2011)
    return fund


@pytest.mark.django_db
def test_hannover_totals_give_factor_2_8_on_page_and_api(client, world, hannover):
    client.force_login(world.evaluation)
    page = client.get(f"/steuerung/praeventionsfonds/{hannover.pk}/").content.decode()
    assert "1 : 2,81" in page
    assert "2.050.000" in page and "5.760.000" in page and "Formel und Eingaben" in page
    body = client.get(f"/api/v1/funds/{hannover.pk}").json()
    assert body["factor"] == pytest.approx(2.8098, abs=1e-4)
    assert body["factor_display"] == "1 : 2,81"
    assert round(body["factor"], 1) == 2.8  # the printed "1 : 2,8"


@pytest.mark.django_db
def test_ten_hannover_projects_sum_to_214_and_688_thousand(client, world, demo):
    fund = PreventionFund.objects.get(name__startswith="Experimentiertopf Hannover")
    client.force_login(world.coordination)
    body = client.get(f"/api/v1/funds/{fund.pk}").json()
    assert (body["total_costs"], body["total_savings"]) == (214_000, 688_000)
    assert body["factor_display"] == "1 : 3,21"
    page = client.get(fund.get_absolute_url()).content.decode()
    assert page.count("Einsparung unter den Kosten") == 1  # the midwife project (19 vs 13 T€)
    assert "1 : 0,68" in page


@pytest.mark.django_db
def test_fund_project_api_crud_and_yearly_balance(client, world, hannover):
    client.force_login(world.coordination)
    response = client.post("/api/v1/fund-projects", {"fund_id": hannover.pk, "name": "Kita-Projekt", "year": 2012,
                                                     "costs": "100000", "savings": "250000"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    body = client.get(f"/api/v1/funds/{hannover.pk}").json()
    year = next(y for y in body["by_year"] if y["year"] == 2012)
    assert (year["factor"], year["balance"]) == (2.5, 900_000)
    response = client.patch(f"/api/v1/fund-projects/{pk}", {"savings": "-1"}, content_type="application/json")
    assert response.status_code == 422
    assert client.delete(f"/api/v1/fund-projects/{pk}").status_code == 204
    client.force_login(world.evaluation)  # evaluation reads, but may not change
    assert client.post("/api/v1/fund-projects", {"fund_id": hannover.pk, "name": "X", "costs": "1", "savings": "1"},
                       content_type="application/json").status_code == 403
    assert FundProject.objects.filter(fund=hannover).count() == 1


@pytest.mark.django_db
def test_calculator_page_accepts_german_numbers_dortmund(client, world):
    client.force_login(world.coach_a)
    response = client.get("/steuerung/praeventionsrechner/", {
        "cases": "650", "avoided_share": "40", "cost_per_case": "12.000", "staff_costs": "1.500.000,00"})
    result = response.context["result"]
    assert result.gross_savings == Decimal("3120000") and result.avoided_cases == 260
    assert result.net_effect == Decimal("1620000")
    page = response.content.decode()
    assert "3.120.000 €" in page and "1 : 2,08" in page and "Formel und Eingaben" in page
    preset = client.get("/steuerung/praeventionsrechner/", {"preset": "dortmund"})
    assert preset.context["result"].gross_savings == Decimal("3120000")
    bielefeld = client.get("/steuerung/praeventionsrechner/", {"preset": "bielefeld"}).context["result"]
    assert (bielefeld.gross_savings, bielefeld.net_effect) == (Decimal("960000"), Decimal("840000"))


@pytest.mark.django_db
def test_calculator_page_rejects_bad_input_in_german(client, world):
    client.force_login(world.coach_a)
    response = client.get("/steuerung/praeventionsrechner/", {"cases": "viele", "avoided_share": "140",
                                                               "cost_per_case": "1"})
    form = response.context["form"]
    assert response.context["result"] is None
    assert form.errors["cases"] == ["Bitte eine Zahl eingeben."] or "Zahl" in form.errors["cases"][0]
    assert "100" in form.errors["avoided_share"][0]


@pytest.mark.django_db
def test_calculator_api_dortmund(client, world):
    client.force_login(world.coach_a)
    response = client.post("/api/v1/prevention/calculate", {
        "cases": 650, "avoided_share": "0.4", "cost_per_case": 12000, "staff_costs": 1500000},
        content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert Decimal(body["gross_savings"]) == 3_120_000
    assert Decimal(body["net_effect"]) == 1_620_000
    assert body["factor_display"] == "1 : 2,08"
    assert Decimal(body["break_even_cases"]).quantize(Decimal("0.1")) == Decimal("312.5")
    assert "Bruttoersparnis" in body["formula"]
    bad = client.post("/api/v1/prevention/calculate", {"cases": 1, "avoided_share": 2, "cost_per_case": 1},
                      content_type="application/json")
    assert bad.status_code == 422
