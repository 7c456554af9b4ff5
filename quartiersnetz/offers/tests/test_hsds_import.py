"""The HSDS import runs on the shared import life cycle (core.imports) and shows its status through the shared
include (core/includes/import_status.html): queued → running with "n of m offers checked" → writing → done with the
German summary; a failed run writes nothing and lists its problems (file, row, field) as {row, column, message}."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ActorType, Organisation
from quartiersnetz.core.models import ImportBatch, RoleAssignment
from quartiersnetz.offers.hsds.importer import PROGRESS_STEP, plan_import
from quartiersnetz.offers.hsds.reader import read_bytes, read_path
from quartiersnetz.offers.models import Offer
from quartiersnetz.offers.views_hsds import _problems

from .test_hsds import SMALL, write_package

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
DB_BACKEND = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"paket/{path.name}")
    return buffer.getvalue()


def _status_url(batch) -> str:
    return reverse("offers:hsds_import_status", args=[batch.pk])


def _queue(client, user, quartier):
    """Upload the valid fixture package and confirm it with the database backend: the batch waits in the queue."""
    client.force_login(user)
    client.post(reverse("offers:hsds_import_start"), {
        "quartier": quartier.pk, "file": SimpleUploadedFile("marxloh.zip", _zip(DATA / "hsds11_valid"))})
    batch = ImportBatch.objects.get(kind="hsds", filename="marxloh.zip")
    with DB_BACKEND:
        response = client.post(reverse("offers:hsds_import_confirm", args=[batch.pk]))
    assert response["Location"] == _status_url(batch)
    batch.refresh_from_db()
    from django_tasks_db.models import DBTaskResult

    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "quartiersnetz.offers.tasks.run_hsds_import"
    assert list(queued.task_result.args) == [batch.pk, user.pk]
    return batch, queued.task_result


def test_status_page_shows_offer_progress_and_the_german_summary(client, world):
    batch, task = _queue(client, world.coach_a, world.qa)
    assert (batch.status, batch.processed_rows, batch.total_rows) == (ImportBatch.Status.QUEUED, 0, 3)
    assert Offer.objects.count() == 0
    page = client.get(_status_url(batch)).content.decode()
    assert "Paket „marxloh.zip“ für das Quartier" in page
    assert "Eingereiht" in page and "0 von 3 Angeboten geprüft" in page
    assert f'hx-get="{_status_url(batch)}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert '<progress id="import-progress" class="qn-progress" max="100" value="0">' in page
    assert '<div id="import-announcement" class="qn-visually-hidden" aria-live="polite"></div>' in page
    # the worker plans the offers; the counter is committed as it goes
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", processed_rows=2)
    partial = client.get(_status_url(batch), headers={"HX-Request": "true"}).content.decode()
    assert "Läuft" in partial and "2 von 3 Angeboten geprüft" in partial and 'value="67"' in partial
    assert "hx-swap-oob" not in partial and "<h1" not in partial
    # writing: one transaction nobody can watch, so the bar is indeterminate
    ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=3, result={**batch.result, "phase": "writing"})
    partial = client.get(_status_url(batch), headers={"HX-Request": "true"}).content.decode()
    assert "3 Angebote werden gespeichert …" in partial
    assert '<progress id="import-progress" class="qn-progress" max="100">' in partial
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", processed_rows=0, result=batch.result)
    # what the worker does: rebuild the task from the stored row and call it
    returned = task.task.call(*task.args, **task.kwargs)
    assert returned["status"] == "done" and returned["summary"]["offers_created"] == 3
    batch.refresh_from_db()
    assert (batch.processed_rows, batch.total_rows, batch.progress_percent, bytes(batch.content)) == (3, 3, 100, b"")
    assert "phase" not in batch.result and Offer.objects.filter(quartier=world.qa).count() == 3
    partial = client.get(_status_url(batch), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert "Alle Angebote wurden importiert." in partial and "Der Import ist abgeschlossen." in partial
    assert "<li>Angebote: 3 angelegt, 0 aktualisiert</li>" in partial
    assert "<li>Angelegte Organisationen: 2</li>" in partial
    assert "<li>Angelegte Ansprechpersonen: 1, erfasste Einwilligungen zur Veröffentlichung: 1</li>" in partial
    offers_url = f'{reverse("offers:offer_list")}?quartier={world.qa.slug}'
    assert f'href="{offers_url}"' in partial and "Zu den Angeboten" in partial
    assert f'href="{reverse("offers:hsds_import_start")}"' in partial and "Weiteres Paket importieren" in partial
    assert '<div id="import-announcement" hx-swap-oob="innerHTML">Der Import ist abgeschlossen.</div>' in partial
    client.force_login(world.coach_b)
    assert client.get(_status_url(batch)).status_code == 404


def test_a_run_that_finds_problems_shows_file_row_and_field_and_writes_nothing(client, world):
    """The default actor type was renamed between confirmation and run: the run plans again and stops."""
    batch, task = _queue(client, world.coach_a, world.qa)
    ActorType.objects.filter(slug="sonstige").update(slug="andere")
    organisations = Organisation.objects.count()
    returned = task.task.call(*task.args, **task.kwargs)
    assert returned["status"] == "failed"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and bytes(batch.content) == b""
    assert batch.result["message"] == ("Das Paket enthält Fehler. Es wurde nichts importiert; bitte korrigieren Sie "
                                       "es und laden Sie es erneut hoch.")
    assert Offer.objects.count() == 0 and Organisation.objects.count() == organisations
    response = client.get(_status_url(batch))
    field = _("field {field}").format(field="x_actor_type")
    assert response.context["problems"] == [
        {"row": row, "column": f"organizations.csv, {field}", "message": "Unbekannter Akteurstyp „sonstige“."}
        for row in (2, 3)]
    page = response.content.decode()
    assert "Fehlgeschlagen" in page and "hx-trigger" not in page
    assert "Das Paket enthält Fehler. Es wurde nichts importiert" in page
    assert f"<li>Zeile 2, organizations.csv, {field}: Unbekannter Akteurstyp „sonstige“.</li>" in page
    assert "Korrigiertes Paket hochladen" in page and "Der Import ist abgeschlossen." not in page


def test_a_run_without_the_right_any_more_names_the_package(client, world):
    """A problem without row and field (the coach lost the Quartier): the package's name leads the message."""
    batch, task = _queue(client, world.coach_a, world.qa)
    RoleAssignment.objects.filter(user=world.coach_a).delete()
    assert task.task.call(*task.args, **task.kwargs)["status"] == "failed"
    assert Offer.objects.count() == 0
    response = client.get(_status_url(batch))
    assert response.context["problems"] == [
        {"row": None, "column": "marxloh.zip", "message": "In dieses Quartier dürfen Sie nicht importieren."}]
    assert "<li>marxloh.zip: In dieses Quartier dürfen Sie nicht importieren.</li>" in response.content.decode()


def test_problems_of_csv_and_json_packages_map_onto_row_and_column():
    field = _("field {field}").format
    csv = read_path(DATA / "hsds11_invalid")
    mapped = _problems({"problems": [p.as_dict() for p in csv.problems]})
    assert {(p["row"], p["column"]) for p in mapped} == {
        (1, f"services.csv, {field(field='status')}"), (3, f"services.csv, {field(field='organization_id')}"),
        (3, f"services_at_location.csv, {field(field='location_id')}"), (2, "physical_addresses.csv")}
    assert all(p["message"] for p in mapped)
    data = b'{"contents": [{"id": "x1", "organization": {"id": "o", "name": "Org"}, "status": "active"}]}'
    package = read_bytes(data, "paket.json")
    assert _problems({"problems": [p.as_dict() for p in package.problems]}) == [
        {"row": None, "column": f"paket.json, contents[0], {field(field='name')}",
         "message": _("A value is required.")}]
    assert _problems({}) == []


def test_a_failed_json_import_shows_the_path_instead_of_a_row(client, world):
    package = read_bytes(b'{"contents": [{"id": "x1", "organization": {"id": "o", "name": "Org"}}]}', "paket.json")
    batch = ImportBatch.objects.create(
        kind="hsds", created_by=world.coach_a, quartier=world.qa, filename="paket.json", status="failed",
        result={"message": "Das Paket enthält Fehler.", "problems": [p.as_dict() for p in package.problems]})
    client.force_login(world.coach_a)
    page = client.get(_status_url(batch)).content.decode()
    field = _("field {field}").format(field="status")
    assert f"<li>paket.json, contents[0], {field}: Ein Wert ist erforderlich.</li>" in page
    assert "Zeile contents" not in page


def test_planning_reports_progress_in_steps(world, tmp_path):
    calls = []
    plan_import(read_path(write_package(tmp_path / "small", SMALL)), quartier=world.qa, user=world.coach_a,
                progress=calls.append)
    assert calls == [2]
    many = PROGRESS_STEP + 5
    services = "id,organization_id,name,status\n" + "".join(f"s{n},o1,Angebot {n},active\n" for n in range(many))
    calls.clear()
    plan = plan_import(read_path(write_package(tmp_path / "many", {**SMALL, "services": services})),
                       quartier=world.qa, user=world.coach_a, progress=calls.append)
    assert plan.ok and calls == [PROGRESS_STEP, many]


def test_a_refused_enqueue_returns_the_batch_to_the_preview_and_a_second_confirmation_is_refused(world, monkeypatch):
    from quartiersnetz.core.exceptions import ApplicationError
    from quartiersnetz.offers import tasks
    from quartiersnetz.offers.import_services import import_batch_confirm, import_batch_create

    batch = import_batch_create(user=world.coach_a, quartier=world.qa, filename="marxloh.zip",
                                content=_zip(DATA / "hsds11_valid"))

    class Refusing:
        def enqueue(self, *args):
            raise RuntimeError("queue down")

    monkeypatch.setattr(tasks, "run_hsds_import", Refusing())
    with pytest.raises(RuntimeError):
        import_batch_confirm(user=world.coach_a, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and "phase" not in batch.result
    assert batch.result["counts"]["offers_new"] == 3 and bytes(batch.content) != b""
    monkeypatch.undo()
    with DB_BACKEND:
        assert import_batch_confirm(user=world.coach_a, batch=batch).status == ImportBatch.Status.QUEUED
        with pytest.raises(ApplicationError) as exc:
            import_batch_confirm(user=world.coach_a, batch=batch)
    assert exc.value.status == 409 and exc.value.message == "Dieser Import wurde bereits bestätigt."
    assert Offer.objects.count() == 0
