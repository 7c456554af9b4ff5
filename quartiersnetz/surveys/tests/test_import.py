"""Import of paper/external responses as a background task: preview, confirmation queues the task, the status page
polls the progress; the run writes all responses in one transaction or nothing (core.imports)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartiersnetz.actors.models import ActorType
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry, ImportBatch
from quartiersnetz.surveys import imports, services
from quartiersnetz.surveys.import_services import response_import_confirm, response_import_create, response_import_run
from quartiersnetz.surveys.models import Response

pytestmark = pytest.mark.django_db


def _csv(rows: int) -> bytes:
    """`rows` responses; 1.1 runs through the scale 1..6, 1.2 is 3; every row in Quartier A, actor type Jobcenter."""
    lines = ["quartier;akteurstyp;1.1;1.2"]
    lines += [f"duisburg-marxloh;jobcenter;{i % 6 + 1};3" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _upload(client, wave, content: bytes, name="papier.csv") -> str:
    response = client.post(reverse("surveys:wave_import", kwargs={"pk": wave.pk}),
                           {"file": SimpleUploadedFile(name, content, content_type="text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _status_url(batch) -> str:
    return reverse("surveys:wave_import_status", kwargs={"pk": batch.result["wave"], "batch": batch.pk})


def _imported(wave):
    return Response.objects.filter(wave=wave, source="import")


def test_confirm_runs_the_task_and_the_status_page_shows_the_result(client, world, surveys):
    """Tests use the ImmediateBackend: the task runs during the confirmation."""
    client.force_login(world.coach_a)
    before = Response.objects.count()
    preview_url = _upload(client, surveys.wave, _csv(57))
    batch = ImportBatch.objects.get(kind=imports.IMPORT_KIND, created_by=world.coach_a, status="preview",
                                    filename="papier.csv")
    assert (batch.total_rows, _imported(surveys.wave).count()) == (57, 0)  # nothing written by the preview
    response = client.post(preview_url, follow=True)
    assert response.redirect_chain == [(_status_url(batch), 302)]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.processed_rows, batch.total_rows, batch.progress_percent) == (57, 57, 100)
    assert batch.result == {"wave": surveys.wave.pk, "imported": 57, "summary": {"responses": 57}}
    assert bytes(batch.content) == b""
    assert Response.objects.count() == before + 57
    imported = _imported(surveys.wave)
    assert imported.count() == 57 and set(imported.values_list("import_batch", flat=True)) == {batch.pk}
    assert set(imported.values_list("quartier", flat=True)) == {world.qa.pk}
    assert sorted(r.answers["1.1"] for r in imported).count(1) == 10  # rows 0, 6, …, 54
    assert AuditLogEntry.objects.filter(action="import", object_id=surveys.wave.pk).count() == 1
    page = response.content.decode()
    assert "Der Import wurde gestartet." in page
    assert "Stand des Imports" in page and "Importiert" in page
    assert "Der Import ist abgeschlossen." in page and "Alle Zeilen wurden importiert." in page
    assert ngettext("%(counter)s response imported", "%(counter)s responses imported", 57) % {"counter": 57} in page
    assert 'value="100"' in page and "hx-trigger" not in page
    assert f'href="{surveys.wave.get_absolute_url()}"' in page and _("Go to the wave") in page
    # the htmx poll of a finished import: the partial with the one-off announcement, no further polling
    partial = client.get(_status_url(batch), headers={"HX-Request": "true"})
    assert partial.templates[0].name == "surveys/import_status_partial.html"
    html = partial.content.decode()
    assert 'hx-swap-oob="innerHTML">Der Import ist abgeschlossen.' in html and "hx-trigger" not in html
    # back to the preview: the import is done, so it leads to the status page
    assert client.get(preview_url)["Location"] == _status_url(batch)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_database_backend_queues_and_the_status_page_polls_the_progress(client, world, surveys):
    from django_tasks_db.models import DBTaskResult

    client.force_login(world.coach_a)
    preview_url = _upload(client, surveys.wave, _csv(120))
    batch = ImportBatch.objects.get(kind=imports.IMPORT_KIND, filename="papier.csv")
    response = client.post(preview_url)
    assert response["Location"] == _status_url(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.total_rows) == (ImportBatch.Status.QUEUED, 0, 120)
    assert _imported(surveys.wave).count() == 0
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "quartiersnetz.surveys.tasks.run_response_import"
    assert list(queued.task_result.args) == [batch.pk, world.coach_a.pk]
    page = client.get(_status_url(batch)).content.decode()
    assert "Eingereiht" in page and "0 von 120 Zeilen geprüft" in page
    assert f'hx-get="{_status_url(batch)}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert '<progress id="import-progress" class="qn-progress" max="100" value="0">' in page
    # the worker checks the rows; progress is committed as it goes
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", processed_rows=60)
    partial = client.get(_status_url(batch), headers={"HX-Request": "true"}).content.decode()
    assert "60 von 120 Zeilen geprüft" in partial and 'value="50"' in partial and "hx-swap-oob" not in partial
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", processed_rows=0)
    # what the worker does: rebuild the task from the stored row and call it
    result = queued.task_result
    returned = result.task.call(*result.args, **result.kwargs)
    assert returned == {"batch_id": batch.pk, "status": "done", "summary": {"responses": 120}}
    assert _imported(surveys.wave).count() == 120
    page = client.get(_status_url(batch)).content.decode()
    assert "Der Import ist abgeschlossen." in page and "hx-trigger" not in page


def test_read_upload_reports_progress_in_steps(world, surveys):
    calls = []
    preview = imports.read_upload(wave=surveys.wave, content=_csv(120), filename="p.csv", progress=calls.append)
    assert len(preview.rows) == 120 and calls == [50, 100, 120]
    calls.clear()
    imports.read_upload(wave=surveys.wave, content=_csv(100), filename="p.csv", progress=calls.append)
    assert calls == [50, 100]


def test_writing_phase_shows_an_indeterminate_progress_bar(client, world, surveys):
    batch = response_import_create(user=world.coach_a, wave=surveys.wave, filename="p.csv", content=_csv(3))
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", processed_rows=3,
                                                   result={**batch.result, "phase": "writing"})
    client.force_login(world.coach_a)
    page = client.get(_status_url(batch)).content.decode()
    assert "3 Zeilen werden gespeichert …" in page and "hx-trigger" in page
    assert '<progress id="import-progress" class="qn-progress" max="100">' in page


def test_data_changed_after_the_preview_fails_and_writes_nothing(client, world, surveys):
    """The actor type was renamed between confirmation and run: the run checks again and writes nothing."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        batch = response_import_create(user=world.coach_a, wave=surveys.wave, filename="p.csv", content=_csv(4))
        batch = response_import_confirm(user=world.coach_a, wave=surveys.wave, batch=batch)
    assert batch.status == ImportBatch.Status.QUEUED
    ActorType.objects.filter(slug="jobcenter").update(slug="jc", name="Arbeitsverwaltung")
    batch = response_import_run(user=world.coach_a, batch=batch)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["message"] == ("Die Datei enthält Fehler. Es wurde nichts importiert; bitte korrigieren "
                                       "Sie die Datei und laden Sie sie erneut hoch.")
    assert batch.result["problems"] == [{"row": n, "message": "„jobcenter“ ist kein Akteurstyp."} for n in (2, 3, 4, 5)]
    assert _imported(surveys.wave).count() == 0 and bytes(batch.content) == b""
    client.force_login(world.coach_a)
    page = client.get(_status_url(batch)).content.decode()
    assert "Fehlgeschlagen" in page and "Die Datei enthält Fehler. Es wurde nichts importiert" in page
    assert "Zeile 3: „jobcenter“ ist kein Akteurstyp." in page and "hx-trigger" not in page
    assert "Korrigierte Datei hochladen" in page


def test_a_row_that_fails_on_write_leaves_no_response(client, world, surveys, monkeypatch):
    """Row 4 passes the check but fails while writing: the three other rows are not written either."""
    real = services.import_row_answers

    def failing(spec, row):
        answers, errors = real(spec, row)
        return (answers, ["Speicher voll"]) if str(row.get("1.1")) == "3" else (answers, errors)

    monkeypatch.setattr(services, "import_row_answers", failing)
    client.force_login(world.coach_a)
    before = Response.objects.count()
    preview_url = _upload(client, surveys.wave, _csv(4))
    response = client.post(preview_url, follow=True)
    batch = ImportBatch.objects.get(kind=imports.IMPORT_KIND, filename="papier.csv")
    assert response.redirect_chain == [(_status_url(batch), 302)]
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["message"] == "Zeile 4 konnte nicht gespeichert werden: Es wurde nichts importiert."
    assert batch.result["problems"] == [{"row": 4, "message": "Speicher voll"}]
    assert Response.objects.count() == before
    assert not AuditLogEntry.objects.filter(action="import").exists()
    page = response.content.decode()
    assert "Zeile 4 konnte nicht gespeichert werden: Es wurde nichts importiert." in page
    assert "Zeile 4: Speicher voll" in page and "Der Import ist abgeschlossen." not in page


def test_an_error_after_the_rows_were_written_rolls_everything_back(client, world, surveys, monkeypatch):
    real = services.audit_log

    def failing_audit(**kwargs):
        real(**kwargs)
        raise RuntimeError("simulated")

    monkeypatch.setattr(services, "audit_log", failing_audit)
    batch = response_import_create(user=world.coach_a, wave=surveys.wave, filename="p.csv", content=_csv(5))
    with pytest.raises(RuntimeError):
        response_import_confirm(user=world.coach_a, wave=surveys.wave, batch=batch, run_in_background=False)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["message"] == "Der Import ist unerwartet fehlgeschlagen. Es wurde nichts importiert."
    assert _imported(surveys.wave).count() == 0
    assert not AuditLogEntry.objects.filter(action="import").exists()
    # through the page (ImmediateBackend: the task's exception is recorded, the page shows the German message)
    client.force_login(world.coach_a)
    preview_url = _upload(client, surveys.wave, _csv(5), name="zwei.csv")
    page = client.post(preview_url, follow=True).content.decode()
    assert "Der Import ist unerwartet fehlgeschlagen. Es wurde nichts importiert." in page
    assert _imported(surveys.wave).count() == 0


def test_rights_lost_before_the_run_write_nothing(world, surveys):
    batch = response_import_create(user=world.coach_a, wave=surveys.wave, filename="p.csv", content=_csv(2))
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")
    surveys.wave.quartiere.add(world.qb)  # coach A may not manage Quartier B
    batch = response_import_run(user=world.coach_a, batch=ImportBatch.objects.get(pk=batch.pk))
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["message"] == _("You may no longer import into this wave. Nothing was imported.")
    assert _imported(surveys.wave).count() == 0


def test_preview_with_errors_cannot_be_confirmed(client, world, surveys):
    client.force_login(world.coach_a)
    bad = "quartier;1.1;1.2\nduisburg-marxloh;2;3\nduisburg-marxloh;9;x\n".encode("utf-8-sig")
    preview_url = _upload(client, surveys.wave, bad)
    response = client.post(preview_url)
    assert response.status_code == 200
    assert ImportBatch.objects.get(kind=imports.IMPORT_KIND, filename="papier.csv").status == "preview"
    assert response.context["preview"].errors.keys() == {3}
    assert _imported(surveys.wave).count() == 0
    with pytest.raises(ApplicationError) as exc:
        response_import_confirm(user=world.coach_a, wave=surveys.wave,
                                batch=ImportBatch.objects.get(filename="papier.csv"))
    assert exc.value.extra == {"rows": [3]}


def test_double_confirmation_imports_once(client, world, surveys):
    batch = response_import_create(user=world.coach_a, wave=surveys.wave, filename="p.csv", content=_csv(3))
    stale = ImportBatch.objects.get(pk=batch.pk)
    assert response_import_confirm(user=world.coach_a, wave=surveys.wave, batch=batch).status == "done"
    with pytest.raises(ApplicationError) as exc:
        response_import_confirm(user=world.coach_a, wave=surveys.wave, batch=stale)
    assert (exc.value.message, exc.value.status) == ("Dieser Import wurde bereits bestätigt.", 409)
    assert response_import_run(user=world.coach_a, batch=stale).status == "done"  # a task delivered twice
    client.force_login(world.coach_a)
    preview_url = reverse("surveys:wave_import_preview", kwargs={"pk": surveys.wave.pk, "batch": batch.pk})
    response = client.post(preview_url, follow=True)
    assert response.redirect_chain == [(_status_url(batch), 302)]
    assert "Dieser Import wurde bereits bestätigt." in response.content.decode()
    assert _imported(surveys.wave).count() == 3


def test_status_page_belongs_to_the_creator_of_the_import(client, world, surveys):
    batch = response_import_create(user=world.coach_a, wave=surveys.wave, filename="p.csv", content=_csv(2))
    client.force_login(world.coach_a)
    preview_url = reverse("surveys:wave_import_preview", kwargs={"pk": surveys.wave.pk, "batch": batch.pk})
    assert client.get(_status_url(batch))["Location"] == preview_url  # not confirmed yet
    response_import_confirm(user=world.coach_a, wave=surveys.wave, batch=batch)
    assert client.get(_status_url(batch)).status_code == 200
    assert client.post(_status_url(batch)).status_code == 405
    # other Quartier, evaluation, partner, no role; coordination and admin may manage the wave but did not upload
    for other in (world.coach_b, world.evaluation, world.partner_a, world.no_role, world.coordination_other,
                  world.coordination, world.admin):
        client.force_login(other)
        for method in ("get", "post"):
            assert getattr(client, method)(_status_url(batch)).status_code == 404, (other, method)
            assert getattr(client, method)(preview_url).status_code == 404, (other, method)
    with pytest.raises(Http404):
        response_import_run(user=world.admin, batch=batch)
    # the batch under another wave's URL is a 404 as well
    from quartiersnetz.surveys.models import Wave

    other_wave = Wave.objects.create(instrument=surveys.instrument, version=surveys.version,
                                     programme=world.programme, title="Welle 2", code="W2",
                                     opens_on=surveys.wave.opens_on)
    other_wave.quartiere.set([world.qa])
    client.force_login(world.coach_a)
    assert client.get(reverse("surveys:wave_import_status",
                              kwargs={"pk": other_wave.pk, "batch": batch.pk})).status_code == 404
    client.logout()
    assert client.get(_status_url(batch))["Location"].startswith(reverse("core:login"))
