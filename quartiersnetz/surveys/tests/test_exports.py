"""Exports (CSV for German Excel, XLSX, SPSS .sav read back with pyreadstat), the codebook, and the import of
paper/external responses (CSV and .sav) with preview and row errors."""

import csv
import io
import json
import os
import tempfile
from decimal import Decimal

import openpyxl
import pyreadstat
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quartiersnetz.core.models import ImportBatch
from quartiersnetz.surveys.models import Response
from quartiersnetz.surveys.spec import DONT_KNOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, surveys):
    from quartiersnetz.testing import make_organisation

    for i, (a, b) in enumerate([(1, 2), (2, DONT_KNOW), (3, 4), (2, 6)]):
        org = make_organisation(world.qa, name=f"Träger {i}")
        Response.objects.create(wave=surveys.wave, organisation=org, quartier=world.qa, actor_type=org.actor_type,
                                answers={"1.1": a, "1.2": b}, submitted_on=surveys.response.submitted_on)
    return surveys


def _read_sav(content: bytes):
    handle, path = tempfile.mkstemp(suffix=".sav")
    with os.fdopen(handle, "wb") as fh:
        fh.write(content)
    try:
        return pyreadstat.read_sav(path, user_missing=True, output_format="dict")
    finally:
        os.unlink(path)


def test_sav_export_keeps_variable_and_value_labels_and_values(client, world, answered):
    client.force_login(world.coach_a)
    response = client.get(reverse("surveys:wave_export", kwargs={"pk": answered.wave.pk}), {"format": "sav"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.sav"')
    data, meta = _read_sav(response.content)
    assert meta.column_names[:5] == ["respondent", "quartier", "akteurstyp", "quelle", "datum"]
    assert meta.column_names_to_labels["v1_1"] == "1.1 Die Zusammenarbeit ist gut."
    assert meta.column_names_to_labels["v1_2"] == "1.2 Die Beziehungen sind eher lose."  # raw values, raw wording
    assert meta.variable_value_labels["v1_1"][1.0] == "1 – stimme ganz und gar zu"
    assert meta.variable_value_labels["v1_1"][-1.0] == "weiß nicht/keine Angabe"
    assert meta.missing_ranges["v1_1"] == [{"lo": -1.0, "hi": -1.0}]
    assert sorted(data["v1_1"]) == [1.0, 2.0, 2.0, 2.0, 3.0]
    assert sorted(v for v in data["v1_2"]) == [-1.0, 2.0, 4.0, 5.0, 6.0]  # raw values; −1 = weiß nicht
    assert set(data["quartier"]) == {world.qa.display_name}


def test_csv_export_opens_with_german_excel_settings(client, world, answered):
    client.force_login(world.coach_a)
    response = client.get(reverse("surveys:wave_statistics_export", kwargs={"pk": answered.wave.pk}),
                          {"format": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Question", "Label", "Group", "Wave", "N"] or header[4] == "N"
    row = next(r for r in body if r[0] == "1.1")
    # 1.1: 2, 1, 2, 3, 2 → mean 2, SD sqrt(2/4) = 0,7071
    assert int(row[4]) == 5
    assert Decimal(row[5].replace(",", ".")) == Decimal("2")
    assert Decimal(row[6].replace(",", ".")) == Decimal("0.7071")
    assert "," in row[6] and "." not in row[6]
    data = client.get(reverse("surveys:wave_export", kwargs={"pk": answered.wave.pk}), {"format": "csv"})
    lines = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:7] == ["respondent", "quartier", "akteurstyp", "quelle", "datum", "1.1", "1.2"]
    assert sorted(r[6] for r in lines[1:]) == ["", "2", "4", "5", "6"]  # weiß nicht is empty in CSV


def test_xlsx_export_and_codebook(client, world, answered):
    client.force_login(world.coach_a)
    response = client.get(reverse("surveys:wave_export", kwargs={"pk": answered.wave.pk}), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][5:7] == ["1.1", "1.2"]
    html = client.get(reverse("surveys:wave_codebook", kwargs={"pk": answered.wave.pk})).content.decode()
    assert "v1_2" in html and "Kooperationsstrukturen sind gefestigt und dauerhaft" in html
    assert "-1 = weiß nicht/keine Angabe" in html
    pdf = client.get(reverse("surveys:wave_codebook", kwargs={"pk": answered.wave.pk}), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_import_csv_with_preview_row_errors_and_nothing_written(client, world, surveys):
    client.force_login(world.coach_a)
    url = reverse("surveys:wave_import", kwargs={"pk": surveys.wave.pk})
    before = Response.objects.count()
    bad = "quartier;1.1;1.2\nduisburg-marxloh;2;3\nduisburg-marxloh;9;x\n".encode("utf-8-sig")
    response = client.post(url, {"file": SimpleUploadedFile("papier.csv", bad, content_type="text/csv")})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "1.1" in html and ("9" in html) and preview.context["preview"].errors.keys() == {3}
    assert client.post(response["Location"]).status_code == 200
    assert Response.objects.count() == before
    good = "quartier;akteurstyp;1.1;1.2\nduisburg-marxloh;jobcenter;2;weiß nicht\n;;5;\n".encode("utf-8-sig")
    response = client.post(url, {"file": SimpleUploadedFile("papier.csv", good, content_type="text/csv")})
    confirm = client.post(response["Location"])
    assert confirm.status_code == 302
    # sorted in Python: ordering by a JSON column differs between SQLite (text) and PostgreSQL (jsonb)
    imported = sorted(Response.objects.filter(source="import"), key=lambda r: json.dumps(r.answers, sort_keys=True))
    assert [r.answers for r in imported] == [{"1.1": 2, "1.2": DONT_KNOW}, {"1.1": 5}]
    assert imported[0].quartier == world.qa and imported[0].organisation is None
    assert ImportBatch.objects.filter(kind="survey_responses", status="done").count() == 1


def test_import_sav_roundtrip(client, world, answered):
    client.force_login(world.coach_a)
    sav = client.get(reverse("surveys:wave_export", kwargs={"pk": answered.wave.pk}), {"format": "sav"}).content
    before = Response.objects.filter(wave=answered.wave).count()
    url = reverse("surveys:wave_import", kwargs={"pk": answered.wave.pk})
    response = client.post(url, {"file": SimpleUploadedFile("daten.sav", sav)})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.post(response["Location"]).status_code == 302
    imported = Response.objects.filter(wave=answered.wave, source="import")
    assert imported.count() == before
    assert sorted(str(r.answers.get("1.2")) for r in imported) == sorted(
        str(r.answers.get("1.2")) for r in Response.objects.filter(wave=answered.wave).exclude(source="import"))


def test_import_is_404_for_evaluation_and_foreign_coach(client, world, surveys):
    url = reverse("surveys:wave_import", kwargs={"pk": surveys.wave.pk})
    for user in (world.evaluation, world.coach_b, world.partner_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
