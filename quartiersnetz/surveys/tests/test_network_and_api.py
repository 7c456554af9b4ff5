"""Network items feed declared ties to the network analysis; the API; the console command; the demo."""

import datetime as dt
import json
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.urls import reverse

from quartiersnetz.network.selectors import network_ties
from quartiersnetz.surveys.choices import WaveStatus
from quartiersnetz.surveys.demo import load_surveys_demo
from quartiersnetz.surveys.models import Instrument, Invitation, Response, Wave
from quartiersnetz.surveys.selectors import declared_tie_rows
from quartiersnetz.surveys.services import instrument_freeze
from quartiersnetz.testing import make_actor_type, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_wave(world):
    instrument = Instrument.objects.get(slug="netzwerkbefragung-kooperationsbeziehungen")
    wave = Wave.objects.create(instrument=instrument, version=instrument_freeze(instrument=instrument),
                               programme=world.programme, title="Netzwerk", code="N", status=WaveStatus.OPEN,
                               opens_on=dt.date(2024, 1, 1), closes_on=dt.date(2030, 12, 31))
    wave.quartiere.set([world.qa])
    partner = make_organisation(world.qa, name="Kita Regenbogen")
    invitation = Invitation.objects.create(wave=wave, organisation=world.org_a, quartier=world.qa,
                                           actor_type=world.org_a.actor_type)
    return wave, invitation, partner


def test_network_item_on_the_token_page_feeds_declared_ties(client, world, network_wave):
    wave, invitation, partner = network_wave
    url = reverse("surveys_public:respond", kwargs={"token": invitation.token})
    page = client.get(url)
    html = page.content.decode()
    assert "Kita Regenbogen" in html and "Jobcenter Köln" not in html  # only organisations of the Quartier
    response = client.post(url, {"N1__0__org": str(partner.pk), "N1__0__level": "kooperation",
                                 "N1__0__frequency": "monthly", "N1__0__reliability": "4", "N1__0__openness": "3",
                                 "N2": "2", "action": "submit"})
    assert response.status_code == 302
    rows = declared_tie_rows(user=world.coach_a, quartier_id=world.qa.pk)
    assert [(r.respondent_org_id, r.named_org_id, r.cooperation_level, r.frequency, r.reliability, r.openness,
             r.influence) for r in rows] == [(world.org_a.pk, partner.pk, "kooperation", "monthly", 4, 3, None)]
    data = network_ties(user=world.coach_a, quartier_id=world.qa.pk, sources=["declared"])
    edge = next(e for e in data.edges if {e.a, e.b} == {world.org_a.pk, partner.pk})
    assert edge.sources == {"declared": 4} and edge.attrs["reliability"] == [4]
    # Outside the wave's period or with another level filter, the tie is not part of the network.
    assert not network_ties(user=world.coach_a, quartier_id=world.qa.pk, sources=["declared"],
                            end=dt.date(2023, 12, 31)).edges
    assert not network_ties(user=world.coach_a, quartier_id=world.qa.pk, sources=["declared"],
                            tie_types=["kenntnis"]).edges
    with pytest.raises(Http404):
        declared_tie_rows(user=world.coach_b, quartier_id=world.qa.pk)


def test_network_row_without_organisation_is_rejected(client, network_wave):
    wave, invitation, partner = network_wave
    url = reverse("surveys_public:respond", kwargs={"token": invitation.token})
    response = client.post(url, {"N1__0__level": "kooperation", "action": "submit"})
    assert response.status_code == 200
    assert not Response.objects.filter(wave=wave).exists()
    foreign = client.post(url, {"N1__0__org": "999999", "N1__0__level": "kooperation", "action": "submit"})
    assert foreign.status_code == 200 and not Response.objects.filter(wave=wave).exists()


def test_api_statistics_are_suppressed_aggregates(client, world, surveys):
    client.force_login(world.evaluation)
    data = client.get(f"/api/v1/surveys/waves/{surveys.wave.pk}/statistics").json()
    assert data["min_cell_size"] == 5
    assert all(c["suppressed"] and c["mean"] is None and c["n"] is None for c in data["cells"])
    rates = client.get(f"/api/v1/surveys/waves/{surveys.wave.pk}/response-rates").json()
    assert rates[-1] == {"group": None, "invited": 2, "submitted": 1, "rate": 0.5}
    assert client.get("/api/v1/surveys/waves").json()["count"] == 1
    items = client.get(f"/api/v1/surveys/waves/{surveys.wave.pk}/items").json()
    assert [i["code"] for i in items] == ["1.1", "1.2"] and items[1]["reverse_coded"] is True
    client.force_login(world.coach_b)
    assert client.get(f"/api/v1/surveys/waves/{surveys.wave.pk}/statistics").status_code == 404
    assert client.get(f"/api/v1/surveys/waves/{surveys.wave.pk}").status_code == 404


def test_survey_stats_command(tmp_path, capsys):
    path = tmp_path / "antworten.csv"
    path.write_text("id;2.1;2.5;typ;welle\n" + "".join(
        f"{i};{(i % 6) + 1};{(i % 3) + 2};{'Kommune' if i <= 6 else 'Jobcenter'};W{i % 2 + 1}\n" for i in range(1, 13)),
        encoding="utf-8-sig")
    call_command("survey_stats", responses=str(path), items="2.1,2.5", reverse="2.5", scale="1-6", group_by="typ",
                 wave_column="welle", min_cell=3)
    out = json.loads(capsys.readouterr().out)
    first = out["cells"][0]
    assert set(first) == {"item", "group", "wave", "n", "mean", "sd", "median", "counts", "suppressed"}
    assert (first["item"], first["group"], first["wave"], first["n"]) == ("2.1", None, "W1", 6)
    reversed_total = next(c for c in out["cells"] if c["item"] == "2.5" and c["group"] is None and c["wave"] == "W1")
    raw = [(i % 3) + 2 for i in range(1, 13) if i % 2 + 1 == 1]
    assert reversed_total["mean"] == pytest.approx(sum(7 - v for v in raw) / len(raw))
    path.write_text("2.1;typ\n1;a\nx;b\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("survey_stats", responses=str(path), items="2.1", scale="1-6")
    assert info.value.returncode == 2
    assert str(info.value) == "Zeile 3, Spalte „2.1“: „x“ ist keine Zahl."
    assert capsys.readouterr().out == ""


def test_demo_fields_waves_with_plausible_answers_and_is_idempotent(world):
    kommune = make_actor_type("kommune", "Kommune")
    jc = make_actor_type("jobcenter", "Jobcenter")
    traeger = make_actor_type("traeger", "Träger")
    wirtschaft = make_actor_type("wirtschaft", "Wirtschaft")
    world.programme.slug = "aktiv-fuer-arbeit"
    world.programme.save()
    for q in (world.qa, world.qb):
        for t, n in ((kommune, 1), (jc, 1), (traeger, 4), (wirtschaft, 4)):
            for i in range(n):
                make_organisation(q, name=f"{t.name} {q.slug} {i}", actor_type=t)
    quartiere = {q.slug: q for q in (world.qa, world.qb)}
    result = load_surveys_demo(quartiere=quartiere, rng=random.Random(1), reset=False)
    assert result.created and result.waves == 3  # two G.I.B. waves and the network survey
    waves = {w.code: w for w in Wave.objects.all()}
    assert waves["W1"].block_codes == ["1", "2", "3", "4", "5"] and "6" in waves["W2"].block_codes
    w1 = waves["W1"].responses.all()
    assert w1.count() >= 10 and all("6.1" not in r.answers for r in w1)
    assert all(r.organisation_id for r in w1)
    orgs = [r.organisation_id for r in w1]
    assert len(orgs) == len(set(orgs))  # one respondent per institution
    assert declared_tie_rows(user=world.admin, quartier_id=world.qa.pk)
    again = load_surveys_demo(quartiere=quartiere, rng=random.Random(1), reset=False)
    assert not again.created and Wave.objects.count() == 3
