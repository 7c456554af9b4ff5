"""Import of area values: wide and long layouts, bad rows listed row by row, nothing written before confirmation."""

import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry, ImportBatch

from ..imports import area_import_confirm, area_import_run, area_import_start
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
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("steering:areaimport_status", kwargs={"pk": batch.pk})
    assert AreaValue.objects.count() == count
    if layout == "long":
        assert AreaValue.objects.get(area__code="02").value == Decimal("1234.5")
    else:
        value = AreaValue.objects.get(area__code="01", indicator__name="SGB-II-Quote", year=2020).value
        assert value == Decimal("12.9")
        assert set(AreaIndicator.objects.values_list("name", flat=True)) == {"SGB-II-Quote", "Wahlbeteiligung"}
    # a second confirmation does not import again: it leads to the status page with a message
    response = client.post(preview_url, follow=True)
    assert response.redirect_chain == [(reverse("steering:areaimport_status", kwargs={"pk": batch.pk}), 302)]
    assert "Dieser Import wurde bereits bestätigt." in response.content.decode()
    assert AreaValue.objects.count() == count
    assert client.get(preview_url)["Location"] == reverse("steering:areaimport_status", kwargs={"pk": batch.pk})


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


# --- background run and status page --------------------------------------------------------------------------------


def _status_url(batch) -> str:
    return reverse("steering:areaimport_status", kwargs={"pk": batch.pk})


@pytest.mark.django_db
def test_confirm_runs_the_task_and_status_page_shows_the_summary(client, world, areas):
    """Tests use the ImmediateBackend: the task runs during the confirmation."""
    AreaIndicator.objects.create(programme=world.programme, name="SGB-II-Quote")
    existing = AreaValue.objects.create(area=areas[0], indicator=AreaIndicator.objects.get(), year=2019,
                                        value=Decimal(1))
    client.force_login(world.coordination)
    preview_url = _upload(client, world, WIDE.encode("utf-8"))
    batch = ImportBatch.objects.get()
    response = client.post(preview_url, follow=True)
    assert response.redirect_chain == [(_status_url(batch), 302)]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.processed_rows, batch.total_rows, batch.progress_percent) == (2, 2, 100)
    assert batch.result["summary"] == {"values": 6, "created": 5, "updated": 1, "indicators": 1}
    assert batch.result["new_indicators"] == ["Wahlbeteiligung"]
    assert bytes(batch.content) == b""
    existing.refresh_from_db()
    assert existing.value == Decimal("12.4")
    assert AuditLogEntry.objects.filter(action="import", object_id=batch.pk).count() == 1
    page = response.content.decode()
    assert "Der Import wurde gestartet." in page
    assert "Der Import ist abgeschlossen." in page
    assert 'value="100"' in page and "hx-trigger" not in page
    summary = response.context["summary"]
    assert (summary["values"], summary["created"], summary["updated"]) == (6, 5, 1)
    for singular, plural, n in [
        ("%(counter)s value imported", "%(counter)s values imported", 6),
        ("%(counter)s new value", "%(counter)s new values", 5),
        ("%(counter)s existing value overwritten", "%(counter)s existing values overwritten", 1),
        ("%(counter)s indicator created", "%(counter)s indicators created", 1),
    ]:
        assert ngettext(singular, plural, n) % {"counter": n} in page
    assert ">Wahlbeteiligung<" not in page and ": Wahlbeteiligung</li>" in page
    # htmx poll of a finished import: the partial and the one-off announcement, no further polling
    partial = client.get(_status_url(batch), HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "steering/import_status_partial.html"
    html = partial.content.decode()
    assert 'hx-swap-oob="innerHTML">Der Import ist abgeschlossen.' in html and "hx-trigger" not in html


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_confirm_with_database_backend_only_queues_and_status_page_polls(client, world, areas):
    from django_tasks_db.models import DBTaskResult

    client.force_login(world.coordination)
    preview_url = _upload(client, world, LONG.encode("utf-8"))
    batch = ImportBatch.objects.get()
    response = client.post(preview_url)
    assert response["Location"] == _status_url(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
    assert (batch.processed_rows, batch.total_rows) == (0, 2)
    assert AreaValue.objects.count() == 0
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "quartiersnetz.steering.tasks.run_area_import"
    assert list(queued.task_result.args) == [batch.pk, world.coordination.pk]
    page = client.get(_status_url(batch)).content.decode()
    assert "Eingereiht" in page
    assert f'hx-get="{_status_url(batch)}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert '<progress id="import-progress" class="qn-progress" max="100" value="0">' in page
    assert "0 von 2 Zeilen geprüft" in page
    partial = client.get(_status_url(batch), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "hx-swap-oob" not in partial
    # what the worker does: rebuild the task from the stored row and call it
    result = queued.task_result
    returned = result.task.call(*result.args, **result.kwargs)
    assert returned == {"batch_id": batch.pk, "status": "done",
                        "summary": {"values": 2, "created": 2, "updated": 0, "indicators": 1}}
    assert AreaValue.objects.get(area__code="02").value == Decimal("1234.5")
    page = client.get(_status_url(batch)).content.decode()
    assert "Der Import ist abgeschlossen." in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_running_import_shows_writing_phase(client, world, areas):
    batch = area_import_start(user=world.coordination, programme=world.programme, content=LONG.encode(),
                              filename="w.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", processed_rows=2, total_rows=2,
                                                   result={**batch.result, "phase": "writing"})
    client.force_login(world.coordination)
    page = client.get(_status_url(batch)).content.decode()
    assert "hx-trigger" in page
    assert '<progress id="import-progress" class="qn-progress" max="100">' in page  # indeterminate while writing


@pytest.mark.django_db
def test_double_confirmation_runs_once(client, world, areas):
    batch = area_import_start(user=world.coordination, programme=world.programme, content=LONG.encode(),
                              filename="w.csv")
    stale = ImportBatch.objects.get(pk=batch.pk)  # a second request that loaded the batch at the same time
    first = area_import_confirm(user=world.coordination, batch=batch)
    assert first.status == ImportBatch.Status.DONE
    assert AreaValue.objects.count() == 2
    AreaValue.objects.update(value=Decimal(0))  # a second run would write the file's values again
    with pytest.raises(ApplicationError) as exc:
        area_import_confirm(user=world.coordination, batch=stale)
    assert exc.value.message == _("This import has already been confirmed.")
    assert exc.value.status == 409
    # a task delivered twice finds the batch no longer queued and leaves it alone
    again = area_import_run(user=world.coordination, batch=stale)
    assert again.status == ImportBatch.Status.DONE
    assert set(AreaValue.objects.values_list("value", flat=True)) == {Decimal(0)}
    assert AuditLogEntry.objects.filter(action="import", object_id=batch.pk).count() == 1
    # and through the page: the second POST does not import again
    client.force_login(world.coordination)
    assert client.post(reverse("steering:areaimport_preview", kwargs={"pk": batch.pk}))["Location"] == \
        _status_url(batch)
    assert set(AreaValue.objects.values_list("value", flat=True)) == {Decimal(0)}


@pytest.mark.django_db
def test_failed_run_writes_nothing_and_lists_the_errors(client, world, areas):
    """Data changed between preview and run (an area was deleted): the run fails, nothing is written."""
    batch = area_import_start(user=world.coordination, programme=world.programme, content=LONG.encode(),
                              filename="w.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")
    areas[1].delete()
    batch = area_import_run(user=world.coordination, batch=ImportBatch.objects.get(pk=batch.pk))
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["errors"] == [{"row": 3, "message": "Unbekannte Gebietskennung „02“."}]
    assert AreaValue.objects.count() == 0 and AreaIndicator.objects.count() == 0
    client.force_login(world.coordination)
    page = client.get(_status_url(batch)).content.decode()
    assert "Die Datei enthält Fehler. Es wurde nichts importiert" in page
    assert "Zeile 3: Unbekannte Gebietskennung „02“." in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_error_while_writing_rolls_back_every_value(world, areas, monkeypatch):
    from .. import imports

    batch = area_import_start(user=world.coordination, programme=world.programme, content=WIDE.encode(),
                              filename="w.csv")
    real = imports.audit_log

    def failing_audit(**kwargs):
        real(**kwargs)
        raise RuntimeError("simulated")

    monkeypatch.setattr(imports, "audit_log", failing_audit)
    with pytest.raises(RuntimeError):
        area_import_confirm(user=world.coordination, batch=batch, run_in_background=False)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["message"] == "Der Import ist unerwartet fehlgeschlagen. Es wurde nichts importiert."
    assert AreaValue.objects.count() == 0 and AreaIndicator.objects.count() == 0
    assert not AuditLogEntry.objects.filter(action="import").exists()


@pytest.mark.django_db
def test_status_page_belongs_to_the_creator(client, world, areas):
    batch = area_import_start(user=world.coordination, programme=world.programme, content=LONG.encode(),
                              filename="w.csv")
    client.force_login(world.coordination)
    assert client.get(_status_url(batch))["Location"] == reverse("steering:areaimport_preview",
                                                                 kwargs={"pk": batch.pk})  # not confirmed yet
    area_import_confirm(user=world.coordination, batch=batch)
    assert client.get(_status_url(batch)).status_code == 200
    assert client.post(_status_url(batch)).status_code == 405
    for other in (world.coach_a, world.coordination_other, world.admin):
        client.force_login(other)
        for method in ("get", "post"):
            assert getattr(client, method)(_status_url(batch)).status_code == 404, (other, method)
            assert getattr(client, method)(reverse("steering:areaimport_preview",
                                                   kwargs={"pk": batch.pk})).status_code == 404
    with pytest.raises(Http404):
        area_import_run(user=world.admin, batch=batch)
    client.logout()
    assert client.get(_status_url(batch))["Location"].startswith(reverse("core:login"))
