"""Import of area values: wide and long layouts, bad rows listed row by row, nothing written before confirmation."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from quartiersnetz.core.models import ImportBatch

from ..models import AreaIndicator, AreaValue, SocialArea


@pytest.fixture
def areas(world):
    return [SocialArea.objects.create(programme=world.programme, city="Musterstadt", code=c, name=f"Gebiet {c}")
            for c in ("01", "02", "03")]


def _upload(client, world, content: bytes, name="werte.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/steuerung/sozialraeume/import/", {"programme": world.programme.pk, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


WIDE = "Code;Name;SGB-II-Quote 2019;SGB-II-Quote 2020;Wahlbeteiligung 2020\n01;A;12,4;12,9;48,5\n02;B;8,1;7,9;61\n"
LONG = "Gebiet;Indikator;Jahr;Wert\n01;Kinderarmut;2021;25,5\n02;Kinderarmut;2021;1.234,5\n"


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "layout", "count"), [(WIDE, "wide", 6), (LONG, "long", 2)])
def test_wide_and_long_layout_preview_then_confirm(client, world, areas, content, layout, count):
    client.force_login(world.coordination)
    preview_url = _upload(client, world, content.encode("utf-8"))
    response = client.get(preview_url)
    page = response.content.decode()
    assert response.context["preview"].layout == layout
    assert response.context["preview"].errors == []
    assert "Jetzt importieren" in page
    assert AreaValue.objects.count() == 0  # preview writes nothing
    response = client.post(preview_url)
    assert response.status_code == 302
    assert AreaValue.objects.count() == count
    if layout == "long":
        assert AreaValue.objects.get(area__code="02").value == Decimal("1234.5")
    else:
        value = AreaValue.objects.get(area__code="01", indicator__name="SGB-II-Quote", year=2020).value
        assert value == Decimal("12.9")
        assert set(AreaIndicator.objects.values_list("name", flat=True)) == {"SGB-II-Quote", "Wahlbeteiligung"}
    assert client.post(preview_url).status_code == 200  # a second confirmation does not import again
    assert AreaValue.objects.count() == count


@pytest.mark.django_db
def test_xlsx_wide_layout(client, world, areas):
    wb = Workbook()
    ws = wb.active
    ws.append(["Sozialraum", "Arbeitslosenquote 2022"])
    ws.append(["01", 7.5])
    ws.append(["03", 9])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(world.coordination)
    url = _upload(client, world, buf.getvalue(), "werte.xlsx")
    client.post(url)
    assert sorted(AreaValue.objects.values_list("area__code", "value")) == [("01", Decimal("7.5")), ("03", Decimal(9))]


@pytest.mark.django_db
def test_bad_rows_are_listed_in_german_and_nothing_is_written(client, world, areas):
    content = ("Code;Indikator;Jahr;Wert\n01;SGB-II-Quote;2019;12,4\n99;SGB-II-Quote;2019;3\n"
               "02;SGB-II-Quote;neunzehn;3\n03;SGB-II-Quote;2019;viel\n01;SGB-II-Quote;2019;12,5\n")
    client.force_login(world.coordination)
    url = _upload(client, world, content.encode("utf-8"))
    response = client.get(url)
    errors = response.context["preview"].errors
    assert errors == [
        (3, "Unbekannte Gebietskennung „99“."),
        (4, "„neunzehn“ ist keine Jahreszahl."),
        (5, "„viel“ ist keine Zahl (SGB-II-Quote 2019)."),
        (6, "SGB-II-Quote 2019 für das Gebiet 01 kommt doppelt vor."),
    ]
    page = response.content.decode()
    assert "Zeile 3" in page and "Es wurde nichts gespeichert" in page and "Jetzt importieren" not in page
    response = client.post(url)
    assert "Die Datei enthält Fehler" in response.content.decode()
    assert AreaValue.objects.count() == 0 and AreaIndicator.objects.count() == 0
    assert ImportBatch.objects.get().status == "preview"


@pytest.mark.django_db
def test_unrecognised_columns_and_foreign_users(client, world, areas):
    client.force_login(world.coordination)
    url = _upload(client, world, b"Code;Irgendwas\n01;3\n")
    errors = client.get(url).context["preview"].errors
    assert errors[0][0] == 1 and "Nicht erkannte Spalten: „Irgendwas“" in errors[0][1]
    client.force_login(world.coach_a)  # not the uploader and no coordination: 404
    assert client.get(url).status_code == 404
    assert client.get("/steuerung/sozialraeume/import/").status_code == 404
