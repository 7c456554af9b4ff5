"""Import of organisations and contact persons: preview with German row errors, all-or-nothing run, pages, CLI."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartiersnetz.actors.import_services import (
    import_batch_confirm,
    import_batch_create,
    import_batch_preview,
    import_batch_run,
)
from quartiersnetz.actors.imports import KIND_CONTACTS, KIND_ORGANISATIONS, RowAction, validate_file
from quartiersnetz.actors.models import ActorType, ContactPerson, Organisation
from quartiersnetz.core.choices import AuditAction, ConsentMethod, ConsentPurpose, Role
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry, ConsentRecord, ImportBatch, RoleAssignment
from quartiersnetz.core.tabular import write_xlsx
from quartiersnetz.testing import make_actor_type, make_organisation, make_user

DATA = Path(__file__).parent / "data"
PACKAGE = Path(__file__).resolve().parents[2]
ORG_HEADERS = ["Name", "Kurzname", "Akteurstyp", "Quartiere", "Rechtskreis", "Straße", "PLZ", "Ort", "Telefon",
               "E-Mail", "Website", "Beschreibung", "Breitengrad", "Längengrad"]


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def actor_type(slug: str, name: str) -> ActorType:
    """The seed taxonomy may already hold the type (under this name); otherwise create it."""
    return ActorType.objects.filter(name=name).first() or make_actor_type(slug=slug, name=name)


@pytest.fixture
def types(db):
    return {
        "kommune": actor_type("kommune", "Kommune"),
        "jobcenter": actor_type("jobcenter", "Jobcenter"),
        "agentur": actor_type("agentur-fuer-arbeit", "Agentur für Arbeit"),
        "begegnung": actor_type("begegnungsstaette", "Begegnungsstätte"),
    }


def messages_of(preview) -> set[tuple[int, str, str]]:
    return {(row.number, m.column, m.message) for row in preview.rows for m in row.messages}


def import_file(user, quartier, name, *, kind=KIND_ORGANISATIONS, content=None) -> ImportBatch:
    batch = import_batch_create(user=user, kind=kind, quartier=quartier, filename=name,
                                content=content if content is not None else data(name))
    return import_batch_confirm(user=user, batch=batch)


def contact_audits():
    return AuditLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(ContactPerson))


# --- the broken file ---------------------------------------------------------------------------------------------


def test_broken_file_is_rejected_row_by_row_with_german_messages(world, types):
    preview = validate_file(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                            filename="organisations_broken.csv", content=data("organisations_broken.csv"))
    assert not preview.ok
    assert preview.file_errors == []
    assert messages_of(preview) == {
        (2, "Name", _("“{column}” must not be empty.").format(column="Name")),
        (3, "Akteurstyp", _("Unknown actor type “{value}”").format(value="Zauberer")),
        (5, "Name", _("Duplicate name “{name}” (also in row {row})").format(name="Familienzentrum Marxloh", row=4)),
        (6, "PLZ", _("The postcode must have exactly 5 digits.")),
        (7, "E-Mail", _("“{value}” is not a valid e-mail address.").format(value="kein-at-zeichen.example")),
        (8, "Name", _("Contains characters that are neither UTF-8 nor Windows-1252 (bad encoding).")),
        (9, "Name", _("Name already taken: the organisation “{name}” exists and you may not change it.").format(
            name="Jobcenter Köln")),
        # Coach A does not see Köln-Chorweiler at all, so it is "unknown" (its existence is not revealed).
        (10, "Quartiere", _("Unknown neighbourhood “{value}”").format(value="Köln-Chorweiler")),
        (11, "Rechtskreis", _(
            "Unknown legal domain “{value}” (allowed: SGB II, SGB III, SGB VIII, SGB IX, SGB XII)"
        ).format(value="SGB 99")),
        (11, "Breitengrad", _("“{value}” is not a number (example: 51,4963).").format(value="51,5x")),
    }
    # The unknown actor type is reported with nothing more than its name.
    row3 = next(r for r in preview.rows if r.number == 3)
    assert len(row3.messages) == 1
    # Row 4 itself is fine (the first "Familienzentrum Marxloh"), the others are errors.
    assert {r.number: r.action for r in preview.rows}[4] == RowAction.CREATE
    assert preview.counts == {"create": 1, "update": 0, "error": 9}


def test_broken_file_writes_nothing(world, types):
    organisations, audits, contacts = Organisation.objects.count(), AuditLogEntry.objects.count(), \
        ContactPerson.objects.count()
    batch = import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                                filename="organisations_broken.csv", content=data("organisations_broken.csv"))
    preview = import_batch_preview(user=world.coach_a, batch=batch)
    assert preview.counts["error"] == 9
    with pytest.raises(ApplicationError) as exc:
        import_batch_confirm(user=world.coach_a, batch=batch)
    assert exc.value.message == _(
        "The file contains errors. Nothing was imported; please correct the file and upload it again."
    )
    assert {r["row"] for r in exc.value.extra["rows"]} == {2, 3, 5, 6, 7, 8, 9, 10, 11}
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    # Even a run that is forced past the confirmation checks everything again and writes nothing.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    batch = import_batch_run(user=world.coach_a, batch=batch)
    assert batch.status == ImportBatch.Status.FAILED
    assert {r["row"] for r in batch.result["rows"] if r["messages"]} == {2, 3, 5, 6, 7, 8, 9, 10, 11}
    assert not Organisation.objects.filter(name="Familienzentrum Marxloh").exists()
    assert Organisation.objects.count() == organisations
    assert AuditLogEntry.objects.count() == audits
    assert ContactPerson.objects.count() == contacts


def test_file_with_invalid_bytes_is_refused_as_a_whole(world, types):
    with pytest.raises(ApplicationError) as exc:
        import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                            filename="invalid_encoding.csv", content=data("invalid_encoding.csv"))
    expected = _("The file is encoded neither in UTF-8 nor in Windows-1252. "
                 "Please save it in Excel as “CSV UTF-8 (comma delimited)”.")
    assert exc.value.extra == {"file": [expected]}
    assert not ImportBatch.objects.exists()


def test_missing_required_column_is_refused(world, types):
    content = "Name;Ort\r\nTreff;Duisburg\r\n".encode("cp1252")
    with pytest.raises(ApplicationError) as exc:
        import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                            filename="x.csv", content=content)
    assert exc.value.extra["file"] == [_("The required column “{column}” is missing.").format(column="Akteurstyp")]
    with pytest.raises(ApplicationError) as exc:
        import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                            filename="x.csv", content=b"Name;Akteurstyp\r\n")
    assert exc.value.extra["file"] == [_("The file contains no data rows.")]
    assert not ImportBatch.objects.exists()


def test_upload_without_file_is_a_form_error(client, world):
    client.force_login(world.coach_a)
    response = client.post(reverse("actors:import_start", args=["organisations"]), {"quartier": world.qa.pk})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


# --- the valid files ---------------------------------------------------------------------------------------------


def assert_valid_file_imported(world, types):
    office = Organisation.objects.get(name="Stadtteilbüro Marxloh")
    assert office.short_name == "STB"
    assert office.actor_type == types["kommune"]
    assert list(office.quartiere.all()) == [world.qa]
    assert office.street == "Weseler Straße 12"
    assert office.postal_code == "47169"
    assert office.phone == "0203 283-0"
    assert office.website == "https://www.stadtteilbuero-marxloh.example"
    assert office.description == "Anlaufstelle für alle Fragen im Stadtteil"
    assert office.latitude == Decimal("51.503400")
    assert office.longitude == Decimal("6.778800")
    agency = Organisation.objects.get(name="Agentur für Arbeit Duisburg")
    assert agency.actor_type == types["agentur"]
    assert agency.legal_domain == "sgb3"
    assert agency.phone == "+49 203 302-0"
    assert list(agency.quartiere.all()) == [world.qa]
    assert (agency.latitude, agency.longitude) == (Decimal("51.433300"), Decimal("6.772600"))
    merkez = Organisation.objects.get(name="Begegnungsstätte Merkez")
    assert merkez.actor_type == types["begegnung"]
    assert merkez.description == "Treffpunkt für Familien – mit Übersetzung"
    assert merkez.latitude is None
    jobcenter = Organisation.objects.get(name="Jobcenter Duisburg")  # existed: updated, not duplicated
    assert jobcenter.pk == world.org_a.pk
    assert (jobcenter.short_name, jobcenter.legal_domain, jobcenter.street) == ("JC", "sgb2", "Mülheimer Straße 74")
    assert (jobcenter.latitude, jobcenter.longitude) == (Decimal("51.430000"), Decimal("6.775000"))
    assert list(jobcenter.quartiere.all()) == [world.qa]


def test_valid_file_imports_completely(world, types):
    before = Organisation.objects.count()
    preview = validate_file(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                            filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    assert preview.ok, messages_of(preview)
    assert [(r.number, r.action) for r in preview.rows] == [
        (2, RowAction.CREATE), (3, RowAction.CREATE), (4, RowAction.UPDATE), (5, RowAction.CREATE)
    ]
    batch = import_file(world.coach_a, world.qa, "organisations_valid.csv")
    assert batch.status == ImportBatch.Status.DONE
    assert batch.result["summary"] == {"created": 3, "updated": 1, "consents": 0}
    assert (batch.total_rows, batch.processed_rows, batch.progress_percent) == (4, 4, 100)
    assert bytes(batch.content) == b""  # the file is not kept after the import
    assert Organisation.objects.count() == before + 3
    assert_valid_file_imported(world, types)


def test_reimport_updates_instead_of_duplicating(world, types):
    import_file(world.coach_a, world.qa, "organisations_valid.csv")
    count = Organisation.objects.count()
    batch = import_file(world.coach_a, world.qa, "organisations_valid.csv")
    assert batch.status == ImportBatch.Status.DONE
    assert batch.result["summary"] == {"created": 0, "updated": 4, "consents": 0}
    assert Organisation.objects.count() == count
    assert_valid_file_imported(world, types)


def test_utf8_bom_comma_file_imports_the_same(world, types):
    batch = import_file(world.coach_a, world.qa, "organisations_valid_utf8bom.csv")
    assert batch.status == ImportBatch.Status.DONE, batch.result
    assert_valid_file_imported(world, types)


def test_xlsx_file_with_numbers_and_several_quartiere(world, types):
    rows = [
        ["Ärztehaus Chorweiler", "", "Kommune", "Köln-Chorweiler | duisburg-marxloh", "SGB XII", "", 1067, "Köln",
         "", "", "", "", 50.9, 6.87],
        ["Jobcenter Köln", "JC K", "Jobcenter", "", "sgb2", "", "", "", "", "", "", "", "", ""],
    ]
    content = write_xlsx(rows, ORG_HEADERS, "Organisationen")
    batch = import_file(world.coordination, world.qb, "organisationen.xlsx", content=content)
    assert batch.status == ImportBatch.Status.DONE, batch.result
    org = Organisation.objects.get(name="Ärztehaus Chorweiler")
    assert org.postal_code == "01067"  # Excel dropped the leading zero of the number
    assert org.legal_domain == "sgb12"
    assert set(org.quartiere.all()) == {world.qa, world.qb}
    assert (org.latitude, org.longitude) == (Decimal("50.900000"), Decimal("6.870000"))
    world.org_b.refresh_from_db()
    assert world.org_b.short_name == "JC K"
    # The same file again: the umlaut name is found (SQLite's LOWER() does not fold "Ä").
    again = import_file(world.coordination, world.qb, "organisationen.xlsx", content=content)
    assert again.result["summary"] == {"created": 0, "updated": 2, "consents": 0}


def test_visible_but_not_editable_quartier(world, types):
    user = make_user("coach_b_kontakt_a2", role=Role.COACH, quartier=world.qb)
    RoleAssignment.objects.create(user=user, role=Role.CONTACT_POINT, quartier=world.qa)
    content = "Name;Akteurstyp;Quartiere\r\nTreff;Kommune;Köln-Chorweiler, Duisburg-Marxloh\r\n".encode("cp1252")
    preview = validate_file(user=user, kind=KIND_ORGANISATIONS, quartier=world.qb, filename="x.csv",
                            content=content)
    assert messages_of(preview) == {
        (2, "Quartiere", _("You may not add organisations to the neighbourhood “{name}”.").format(
            name="Duisburg-Marxloh")),
    }


def test_update_keeps_existing_quartiere_and_empty_cells(world, types):
    org = make_organisation(world.qa, world.qb, name="Quartiersbüro", actor_type=types["kommune"],
                            city="Duisburg", phone="0203 1")
    content = "Name;Akteurstyp;Telefon;Ort\r\nquartiersbüro;Kommune;0203 2;\r\n".encode("cp1252")
    batch = import_file(world.coach_a, world.qa, "x.csv", content=content)
    assert batch.status == ImportBatch.Status.DONE, batch.result
    org.refresh_from_db()
    assert (org.name, org.phone, org.city) == ("Quartiersbüro", "0203 2", "Duisburg")
    assert set(org.quartiere.all()) == {world.qa, world.qb}


# --- contact persons ---------------------------------------------------------------------------------------------


def test_contacts_import_with_consents_and_audit(world, types):
    import_file(world.coach_a, world.qa, "organisations_valid.csv")
    audits_before = contact_audits().count()
    batch = import_file(world.coach_a, world.qa, "contacts_valid.csv", kind=KIND_CONTACTS)
    assert batch.status == ImportBatch.Status.DONE, batch.result
    assert batch.result["summary"] == {"created": 3, "updated": 0, "consents": 4}
    juergen = ContactPerson.objects.get(last_name="Müller-Lüdenscheidt")
    assert juergen.organisation == world.org_a
    assert (juergen.first_name, juergen.function) == ("Jürgen", "Teamleitung Markt & Integration")
    assert (juergen.level, juergen.decision_authority, juergen.is_deputy) == ("leitung", True, False)
    assert (juergen.email, juergen.phone) == ("j.mueller@jobcenter.example", "0203 3930-100")
    assert juergen.valid_from == dt.date(2023, 2, 1)
    aylin = ContactPerson.objects.get(first_name="Aylin", last_name="Demir")
    assert (aylin.level, aylin.decision_authority, aylin.is_deputy) == ("operativ", False, True)
    assert aylin.valid_from == dt.date(2022, 9, 1)
    guenter = ContactPerson.objects.get(last_name="Weiß")
    assert guenter.organisation.name == "Stadtteilbüro Marxloh"
    consents = {(c.object_id, c.purpose, c.given_on, c.method, c.recorded_by_id) for c in ConsentRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPerson), object_id__in=[juergen.pk, aylin.pk, guenter.pk]
    )}
    assert consents == {
        (juergen.pk, ConsentPurpose.CONTACT, dt.date(2024, 1, 15), ConsentMethod.WRITTEN, world.coach_a.pk),
        (juergen.pk, ConsentPurpose.SHARE, dt.date(2024, 1, 15), ConsentMethod.WRITTEN, world.coach_a.pk),
        (aylin.pk, ConsentPurpose.CONTACT, dt.date(2024, 3, 10), ConsentMethod.WRITTEN, world.coach_a.pk),
        (aylin.pk, ConsentPurpose.PUBLISH, dt.date(2024, 3, 10), ConsentMethod.WRITTEN, world.coach_a.pk),
    }
    new_audits = contact_audits().order_by("pk")[audits_before:]
    entries = [(e.object_id, e.action, e.username, e.quartier_id) for e in new_audits]
    assert sorted(entries) == sorted(
        [(p.pk, AuditAction.CREATE, "coach_a", world.qa.pk) for p in (juergen, aylin, guenter)]
        + [(juergen.pk, AuditAction.CREATE, "coach_a", world.qa.pk)] * 2
        + [(aylin.pk, AuditAction.CREATE, "coach_a", world.qa.pk)] * 2
    )
    assert {tuple(e.fields) for e in new_audits if e.object_id == aylin.pk and "consent" in str(e.fields)} == {
        ("consent:contact",), ("consent:publish",)
    }
    # Again: the persons are updated, the consents already on record are not repeated.
    count = ContactPerson.objects.count()
    again = import_file(world.coach_a, world.qa, "contacts_valid.csv", kind=KIND_CONTACTS)
    assert again.result["summary"] == {"created": 0, "updated": 3, "consents": 0}
    assert ContactPerson.objects.count() == count


def test_contact_rows_with_errors(world, types):
    other = make_user("coach_b_kontakt_a", role=Role.COACH, quartier=world.qb)
    RoleAssignment.objects.create(user=other, role=Role.CONTACT_POINT, quartier=world.qa)
    make_organisation(world.qb, name="Bürgerhaus Chorweiler", actor_type=types["kommune"])
    header = ("Organisation;Vorname;Nachname;Ebene;Entscheidungskompetenz;Zuständig seit;Zuständig bis;"
              "Einwilligung Kontaktaufnahme\r\n")
    rows = [
        "Gibt es nicht;Erika;Muster;;;;;",  # 2
        "Jobcenter Duisburg;Erika;Muster;;;;;",  # 3 visible in A, but only Köln may be edited
        "Bürgerhaus Chorweiler;Hans;;Chef;vielleicht;32.13.2020;;",  # 4
        "Bürgerhaus Chorweiler;Lena;Schmitz;operativ;ja;01.03.2024;01.02.2024;01.01.2999",  # 5
        "Bürgerhaus Chorweiler;Lena;Schmitz;;;;;",  # 6
        ";Ohne;Organisation;;;;;",  # 7
    ]
    content = (header + "\r\n".join(rows) + "\r\n").encode("cp1252")
    preview = validate_file(user=other, kind=KIND_CONTACTS, quartier=world.qb, filename="k.csv", content=content)
    assert messages_of(preview) == {
        (2, "Organisation", _("Unknown organisation “{value}”").format(value="Gibt es nicht")),
        (3, "Organisation", _("You may not add contact persons to the organisation “{name}”.").format(
            name="Jobcenter Duisburg")),
        (4, "Nachname", _("“{column}” must not be empty.").format(column="Nachname")),
        (4, "Ebene", _("Unknown level “{value}” (allowed: Leitung, operativ)").format(value="Chef")),
        (4, "Entscheidungskompetenz", _("“{value}” is neither “ja” nor “nein”.").format(value="vielleicht")),
        (4, "Zuständig seit", _("“{value}” is not a date (example: 31.12.2024).").format(value="32.13.2020")),
        (5, "Zuständig bis", _("“{until}” is before “{since}”.").format(until="Zuständig bis",
                                                                     since="Zuständig seit")),
        (5, "Einwilligung Kontaktaufnahme", _("A consent cannot be given in the future.")),
        (6, "Nachname", _("Duplicate person “{name}” at “{organisation}” (also in row {row})").format(
            name="Lena Schmitz", organisation="Bürgerhaus Chorweiler", row=5)),
        (7, "Organisation", _("“{column}” must not be empty.").format(column="Organisation")),
    }
    persons = ContactPerson.objects.count()
    batch = import_batch_create(user=other, kind=KIND_CONTACTS, quartier=world.qb, filename="k.csv",
                                content=content)
    with pytest.raises(ApplicationError):
        import_batch_confirm(user=other, batch=batch)
    assert ContactPerson.objects.count() == persons


# --- services: scope and races -----------------------------------------------------------------------------------


def test_cannot_import_into_a_foreign_quartier(world, types):
    with pytest.raises(ApplicationError) as exc:
        import_batch_create(user=world.coach_b, kind=KIND_ORGANISATIONS, quartier=world.qa,
                            filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    assert exc.value.message == _("You may not import into this neighbourhood.")
    assert not ImportBatch.objects.exists()


def test_only_one_of_two_racing_confirmations_runs(world, types):
    batch = import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                                filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    stale = ImportBatch.objects.get(pk=batch.pk)  # a second request that loaded the batch at the same time
    first = import_batch_confirm(user=world.coach_a, batch=batch, run_in_background=False)
    assert first.status == ImportBatch.Status.DONE
    count = Organisation.objects.count()
    with pytest.raises(ApplicationError) as exc:
        import_batch_confirm(user=world.coach_a, batch=stale)
    assert exc.value.message == _("This import has already been confirmed.")
    assert exc.value.status == 409
    # A task that arrives twice finds the batch no longer queued and leaves it alone.
    again = import_batch_run(user=world.coach_a, batch=stale)
    assert again.status == ImportBatch.Status.DONE
    assert again.result["summary"] == {"created": 3, "updated": 1, "consents": 0}
    assert Organisation.objects.count() == count


def test_confirmation_queues_a_database_task(client, world, types, settings):
    """Production path: the confirmation only enqueues; the worker runs the task later."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                                filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    batch = import_batch_confirm(user=world.coach_a, batch=batch)
    assert batch.status == ImportBatch.Status.QUEUED
    assert not Organisation.objects.filter(name="Stadtteilbüro Marxloh").exists()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "quartiersnetz.actors.tasks.run_import"
    client.force_login(world.coach_a)
    html = client.get(reverse("actors:import_status", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    result = queued.task_result  # what the worker does: rebuild the task from the stored row and call it
    returned = result.task.call(*result.args, **result.kwargs)
    assert returned["status"] == ImportBatch.Status.DONE
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert_valid_file_imported(world, types)


def test_batches_belong_to_their_creator(world, types):
    from django.http import Http404

    batch = import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                                filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    for user in (world.coach_b, world.admin):
        with pytest.raises(Http404):
            import_batch_preview(user=user, batch=batch)
        with pytest.raises(Http404):
            import_batch_confirm(user=user, batch=batch)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEW


def test_run_fails_cleanly_when_data_changed_since_the_check(world, types, monkeypatch):
    """A service error while writing rolls back every row written before it."""
    from quartiersnetz.actors import import_services

    batch = import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                                filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    real = import_services.organisation_update

    def failing_update(**kwargs):
        real(**kwargs)
        raise ApplicationError("Simulierter Fehler")

    monkeypatch.setattr(import_services, "organisation_update", failing_update)
    count = Organisation.objects.count()
    batch = import_batch_confirm(user=world.coach_a, batch=batch)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.result["message"] == _("Row {row} could not be written: nothing was imported.").format(row=4)
    assert Organisation.objects.count() == count  # rows 2 and 3 were rolled back
    world.org_a.refresh_from_db()
    assert world.org_a.short_name == ""


# --- pages -------------------------------------------------------------------------------------------------------


def upload(client, kind, name, quartier, content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, content if content is not None else data(name), content_type="text/csv")
    return client.post(reverse("actors:import_start", args=[kind]), {"file": file, "quartier": quartier.pk})


def test_pages_end_to_end_as_coach_of_quartier_a(client, world, types):
    client.force_login(world.coach_a)
    page = client.get(reverse("actors:import_start", args=["organisations"]))
    assert page.status_code == 200
    assert list(page.context["form"].fields["quartier"].queryset) == [world.qa]
    assert reverse("actors:import_template", args=["organisations"]) in page.content.decode()

    response = upload(client, "organisations", "organisations_valid.csv", world.qa)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:import_preview", args=[batch.pk])

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert _("Confirm import") in html
    assert "Stadtteilbüro Marxloh" in html and "Begegnungsstätte Merkez" in html
    assert str(RowAction.UPDATE.label) in html
    assert Organisation.objects.filter(name="Stadtteilbüro Marxloh").count() == 0  # nothing written yet

    confirmed = client.post(reverse("actors:import_confirm", args=[batch.pk]))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("actors:import_status", args=[batch.pk])
    status = client.get(confirmed["Location"])
    html = status.content.decode()
    assert status.status_code == 200
    assert _("The import is complete.") in html
    assert 'value="100"' in html and "<progress" in html
    assert "hx-trigger" not in html  # finished: no more polling
    assert f'{reverse("actors:organisation_list")}?quartier=duisburg-marxloh' in html
    assert_valid_file_imported(world, types)

    partial = client.get(confirmed["Location"], headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert 'id="import-status"' in partial.content.decode()
    assert 'hx-swap-oob="innerHTML"' in partial.content.decode()

    # A finished batch cannot be previewed or confirmed again.
    assert client.get(reverse("actors:import_preview", args=[batch.pk]))["Location"] == confirmed["Location"]
    again = client.post(reverse("actors:import_confirm", args=[batch.pk]), follow=True)
    assert _("This import has already been confirmed.") in again.content.decode()


def test_status_page_polls_while_queued(client, world, types):
    batch = import_batch_create(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa,
                                filename="organisations_valid.csv", content=data("organisations_valid.csv"))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, processed_rows=1)
    client.force_login(world.coach_a)
    html = client.get(reverse("actors:import_status", args=[batch.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="import-progress" class="qn-progress" max="100" value="25">' in html
    assert '<label class="kern-label" for="import-progress">' in html
    assert "hx-swap-oob" not in html


def test_broken_file_in_the_pages(client, world, types):
    client.force_login(world.coach_a)
    response = upload(client, "organisations", "organisations_broken.csv", world.qa)
    batch = ImportBatch.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert _("Confirm import") not in html
    assert _("The file contains errors. Nothing has been saved: please correct the file and upload it again.") in html
    assert 'id="fehler"' in html and 'tabindex="-1"' in html
    assert "qn-row-error" in html
    assert _("Unknown actor type “{value}”").format(value="Zauberer") in html
    only_errors = client.get(response["Location"] + "?nur=fehler")
    assert [r.number for r in only_errors.context["page_obj"]] == [2, 3, 5, 6, 7, 8, 9, 10, 11]
    confirm = client.post(reverse("actors:import_confirm", args=[batch.pk]))
    assert confirm["Location"] == reverse("actors:import_preview", args=[batch.pk])
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW
    assert not Organisation.objects.filter(name="Familienzentrum Marxloh").exists()


def test_unreadable_upload_is_a_form_error(client, world, types):
    client.force_login(world.coach_a)
    response = upload(client, "organisations", "invalid_encoding.csv", world.qa)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [_(
        "The file is encoded neither in UTF-8 nor in Windows-1252. "
        "Please save it in Excel as “CSV UTF-8 (comma delimited)”."
    )]
    assert not ImportBatch.objects.exists()


def test_other_quartier_cannot_see_or_use_the_batch(client, world, types):
    client.force_login(world.coach_a)
    upload(client, "organisations", "organisations_valid.csv", world.qa)
    batch = ImportBatch.objects.get()
    client.force_login(world.coach_b)
    assert client.get(reverse("actors:import_preview", args=[batch.pk])).status_code == 404
    assert client.get(reverse("actors:import_status", args=[batch.pk])).status_code == 404
    assert client.post(reverse("actors:import_confirm", args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW

    page = client.get(reverse("actors:import_start", args=["organisations"]))
    assert list(page.context["form"].fields["quartier"].queryset) == [world.qb]
    response = upload(client, "organisations", "organisations_valid.csv", world.qa)
    assert response.status_code == 200
    assert "quartier" in response.context["form"].errors
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize("username", ["contact_point_a", "evaluation", "partner_a", "no_role"])
def test_users_who_may_edit_no_quartier_get_404(client, world, username):
    client.force_login(getattr(world, username))
    assert client.get(reverse("actors:import_start", args=["organisations"])).status_code == 404
    assert client.get(reverse("actors:import_start", args=["contacts"])).status_code == 404


def test_anonymous_and_unknown_kind(client, world):
    response = client.get(reverse("actors:import_start", args=["organisations"]))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]
    client.force_login(world.coach_a)
    assert client.get(reverse("actors:import_start", args=["offers"])).status_code == 404
    assert client.get(reverse("actors:import_template", args=["offers"])).status_code == 404


@pytest.mark.parametrize(("kind", "first", "filename"), [
    ("organisations", "Name;Kurzname;Akteurstyp;Quartiere", "vorlage-organisationen.csv"),
    ("contacts", "Organisation;Vorname;Nachname;Funktion", "vorlage-ansprechpersonen.csv"),
])
def test_template_download(client, world, kind, first, filename):
    client.force_login(world.coach_a)
    response = client.get(reverse("actors:import_template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert filename in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf" + first.encode())
    assert response.content.endswith(b"\r\n")
    assert response.content.count(b"\r\n") == 1  # the header row only


def test_contacts_upload_page(client, world, types):
    client.force_login(world.coach_a)
    html = client.get(reverse("actors:import_start", args=["contacts"])).content.decode()
    assert "Einwilligung Kontaktaufnahme" in html
    assert 'enctype="multipart/form-data"' in html


# --- command line ------------------------------------------------------------------------------------------------


def test_cli_imports_a_valid_file(world, types, capsys):
    call_command("import_actors", str(DATA / "organisations_valid.csv"), kind="organisations",
                 quartier="duisburg-marxloh", user="coach_a")
    out = capsys.readouterr().out
    assert _("Imported: {created} created, {updated} updated, {consents} consents recorded.").format(
        created=3, updated=1, consents=0) in out
    assert_valid_file_imported(world, types)


def test_cli_dry_run_writes_nothing(world, types, capsys):
    count = Organisation.objects.count()
    call_command("import_actors", str(DATA / "organisations_valid.csv"), kind="organisations",
                 quartier="duisburg-marxloh", user="coach_a", dry_run=True)
    assert _("Check passed: {new} new, {updated} to be updated. Nothing was saved (dry run).").format(
        new=3, updated=1) in capsys.readouterr().out
    assert Organisation.objects.count() == count
    assert not ImportBatch.objects.exists()


def test_cli_broken_file_fails_with_row_errors(world, types, capsys):
    count, audits = Organisation.objects.count(), AuditLogEntry.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("import_actors", str(DATA / "organisations_broken.csv"), kind="organisations",
                     quartier="duisburg-marxloh", user="coach_a")
    assert exc.value.returncode == 1
    err = capsys.readouterr().err
    assert _("Row {row}, {column}: {message}").format(
        row=3, column="Akteurstyp", message=_("Unknown actor type “{value}”").format(value="Zauberer")) in err
    assert _("Row {row}, {column}: {message}").format(
        row=6, column="PLZ", message=_("The postcode must have exactly 5 digits.")) in err
    assert Organisation.objects.count() == count
    assert AuditLogEntry.objects.count() == audits


def test_cli_exit_code_through_the_console_command(world, types, monkeypatch, capsys):
    from django.db import connections

    from quartiersnetz import cli

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test transaction open
    with pytest.raises(SystemExit) as exc:
        cli.main(["quartiersnetz", "import-actors", str(DATA / "organisations_broken.csv"), "--kind",
                  "organisations", "--quartier", "duisburg-marxloh", "--user", "coach_a", "--skip-checks"])
    assert exc.value.code == 1
    assert _("The file contains errors. Nothing was imported.") in capsys.readouterr().err


def test_cli_refuses_foreign_quartier_and_unknown_user(world, types):
    with pytest.raises(CommandError) as exc:
        call_command("import_actors", str(DATA / "organisations_valid.csv"), kind="organisations",
                     quartier="duisburg-marxloh", user="coach_b")
    assert str(exc.value) == _("There is no neighbourhood “{slug}” that “{username}” may edit.").format(
        slug="duisburg-marxloh", username="coach_b")
    with pytest.raises(CommandError):
        call_command("import_actors", str(DATA / "organisations_valid.csv"), kind="organisations",
                     quartier="duisburg-marxloh", user="niemand")
    assert not ImportBatch.objects.exists()


def test_cli_help_is_plain():
    from quartiersnetz.actors.management.commands.import_actors import Command

    text = Command().create_parser("quartiersnetz", "import_actors").format_help()
    assert "--dry-run" in text and "--kind {organisations,contacts}" in text
    assert "nothing is saved" in text


# --- translations ------------------------------------------------------------------------------------------------

OWN_PYTHON = [
    "core/tabular.py", "actors/imports.py", "actors/import_services.py", "actors/views_import.py",
    "actors/management/commands/import_actors.py",
]
OWN_TEMPLATES = sorted((PACKAGE / "actors" / "templates" / "actors").glob("import_*.html"))
PENDING = PACKAGE / "locale" / "pending" / "import.json"


def python_msgids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    ids = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "gettext", "gettext_lazy"}
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            ids.add(node.args[0].value)
    return ids


def template_msgids(path: Path) -> set[str]:
    text = path.read_text()
    ids = set(re.findall(r'{%\s*translate\s+["\x27]([^"\x27]+)["\x27]', text))
    ids |= set(re.findall(r'_\("([^"]+)"\)', text))
    for body in re.findall(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", text, flags=re.S):
        body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body)
        parts = re.split(r"{%\s*plural\s*%}", body)
        ids.add("|||".join(parts))
    return ids


def all_msgids() -> set[str]:
    ids = set()
    for name in OWN_PYTHON:
        ids |= python_msgids(PACKAGE / name)
    for path in OWN_TEMPLATES:
        ids |= template_msgids(path)
    return ids


def test_every_message_has_a_german_translation():
    """Before the merge the German text is in the pending file; after it, gettext returns it."""
    pending = json.loads(PENDING.read_text()) if PENDING.exists() else {}
    msgids = all_msgids()
    assert len(msgids) > 80
    missing = []
    for msgid in sorted(msgids):
        if "|||" in msgid:
            singular, plural = msgid.split("|||")
            translated = ngettext(singular, plural, 1) != singular
            german = pending.get(msgid)
            ok = translated or (isinstance(german, list) and len(german) == 2 and all(german))
        else:
            ok = _(msgid) != msgid or bool(pending.get(msgid))
        if not ok:
            missing.append(msgid)
    assert missing == []
    for msgid, german in pending.items():
        assert "{" not in msgid or set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", str(german))), msgid


def test_unknown_actor_type_message_in_english_or_german(world, types):
    """Holds before and after the translations are merged."""
    content = "Name;Akteurstyp\r\nZauberschule;Zauberer\r\n".encode("cp1252")
    preview = validate_file(user=world.coach_a, kind=KIND_ORGANISATIONS, quartier=world.qa, filename="x.csv",
                            content=content)
    [message] = [m.message for m in preview.rows[0].messages]
    assert message in {"Unknown actor type “Zauberer”", "Unbekannter Akteurstyp „Zauberer“"}
