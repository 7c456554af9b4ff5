"""CSV/XLSX exports of organisations and contact persons: formula injection, filters, consent, audit."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.models import AuditLogEntry
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x","y")'


def csv_rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "CSV for German Excel starts with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def evil_org(world):
    return make_organisation(world.qa, name=EVIL, city="-1+1")


def test_organisation_csv_neutralises_formulas(client, world, evil_org):
    client.force_login(world.coach_a)
    response = client.get(reverse("actors:organisation_export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert re.fullmatch(r'attachment; filename="organisationen-\d{4}-\d{2}-\d{2}\.csv"',
                        response["Content-Disposition"])
    rows = csv_rows(response)
    assert rows[0][0] == _("Name")
    by_name = {row[0]: row for row in rows[1:]}
    assert "'" + EVIL in by_name
    assert EVIL not in by_name
    assert by_name["'" + EVIL][rows[0].index(_("Town"))] == "'-1+1"


def test_organisation_xlsx_neutralises_formulas(client, world, evil_org):
    client.force_login(world.coach_a)
    response = client.get(reverse("actors:organisation_export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    names = [row[0] for row in rows[1:]]
    assert "'" + EVIL in names
    assert all(not str(name).startswith("=") for name in names)
    workbook = load_workbook(io.BytesIO(response.content))
    cell = next(c for c in workbook.active["A"] if c.value and str(c.value).startswith("'="))
    assert cell.data_type == "s"


def test_organisation_export_honours_filters_and_scope(client, world):
    kita = make_actor_type("kita-export", "Kita Export")
    make_organisation(world.qa, name="Kita Sonne", actor_type=kita)
    make_organisation(world.qa, name="Stiller Verein", is_active=False)
    client.force_login(world.coach_a)
    url = reverse("actors:organisation_export")
    all_rows = csv_rows(client.get(url, {"format": "csv"}))
    assert sorted(r[0] for r in all_rows[1:]) == ["Jobcenter Duisburg", "Kita Sonne", "Stiller Verein"]
    filtered = csv_rows(client.get(url, {"format": "csv", "actor_type": "kita-export"}))
    assert [r[0] for r in filtered[1:]] == ["Kita Sonne"]
    inactive = xlsx_rows(client.get(url, {"format": "xlsx", "is_active": "false"}))
    assert [r[0] for r in inactive[1:]] == ["Stiller Verein"]
    searched = csv_rows(client.get(url, {"format": "csv", "q": "jobcenter", "sort": "-name"}))
    assert [r[0] for r in searched[1:]] == ["Jobcenter Duisburg"]
    # Another Quartier's organisation never appears, even when asked for by filter.
    foreign = csv_rows(client.get(url, {"format": "csv", "quartier": world.qb.slug}))
    assert "Jobcenter Köln" not in [r[0] for r in foreign[1:]]


def test_organisation_export_unknown_format_is_404(client, world):
    client.force_login(world.coach_a)
    assert client.get(reverse("actors:organisation_export"), {"format": "ods"}).status_code == 404


def test_organisation_export_for_evaluation_has_no_contact_column(client, world):
    client.force_login(world.evaluation)
    rows = csv_rows(client.get(reverse("actors:organisation_export"), {"format": "csv"}))
    assert _("Contact persons") not in rows[0]
    assert sorted(r[0] for r in rows[1:]) == ["Jobcenter Duisburg", "Jobcenter Köln"]


def test_contact_export_respects_consent_and_neutralises(client, world):
    silent = make_contact(world.org_a, consents=(), first_name="Stefan", last_name="Still")
    make_contact(world.org_a, first_name=EVIL, last_name="Formel")
    client.force_login(world.coach_a)
    response = client.get(reverse("actors:contact_export"), {"format": "csv"})
    assert re.fullmatch(r'attachment; filename="ansprechpersonen-\d{4}-\d{2}-\d{2}\.csv"',
                        response["Content-Disposition"])
    rows = csv_rows(response)
    header = rows[0]
    by_last = {r[header.index(_("Last name"))]: r for r in rows[1:]}
    assert set(by_last) == {world.contact_a.last_name, "Still", "Formel"}
    email, phone, note = header.index(_("E-mail")), header.index(_("Phone (direct line)")), header.index(
        _("Note on contact details"))
    assert by_last[world.contact_a.last_name][email] == world.contact_a.email
    assert by_last["Still"][email] == "" and by_last["Still"][phone] == ""
    assert by_last["Still"][note] == _("Contact details hidden: no valid consent to be contacted.")
    assert silent.email not in response.content.decode("utf-8-sig")
    assert by_last["Formel"][header.index(_("First name"))] == "'" + EVIL


def test_contact_export_xlsx_neutralises(client, world):
    make_contact(world.org_a, first_name=EVIL, last_name="Formel")
    client.force_login(world.coach_a)
    rows = xlsx_rows(client.get(reverse("actors:contact_export"), {"format": "xlsx"}))
    assert "'" + EVIL in [r[0] for r in rows[1:]]


def test_contact_export_is_audited_per_person(client, world):
    make_contact(world.org_a, consents=(), first_name="Stefan", last_name="Still")
    client.force_login(world.coach_a)
    client.get(reverse("actors:contact_export"), {"format": "csv", "q": "still"})
    entries = list(AuditLogEntry.objects.filter(action=AuditAction.EXPORT))
    assert len(entries) == 1
    (entry,) = entries
    assert entry.object_repr == "Stefan Still" and entry.username == "coach_a" and entry.quartier == world.qa
    # Contact details were hidden, so they are not listed as exported.
    assert "email" not in entry.fields and "last_name" in entry.fields
    client.get(reverse("actors:contact_export"), {"format": "xlsx"})
    exported = AuditLogEntry.objects.filter(action=AuditAction.EXPORT, object_id=world.contact_a.pk).get()
    assert "email" in exported.fields and "phone" in exported.fields
    assert AuditLogEntry.objects.filter(action=AuditAction.EXPORT).count() == 3


def test_contact_export_filters_and_scope(client, world):
    boss = make_contact(world.org_a, first_name="Berta", last_name="Chefin", decision_authority=True)
    client.force_login(world.coach_a)
    rows = csv_rows(client.get(reverse("actors:contact_export"), {"format": "csv", "decision_authority": "true"}))
    assert [r[1] for r in rows[1:]] == [boss.last_name]
    rows = csv_rows(client.get(reverse("actors:contact_export"), {"format": "csv"}))
    assert world.contact_b.last_name not in [r[1] for r in rows[1:]]


def test_contact_export_is_404_for_evaluation(client, world):
    client.force_login(world.evaluation)
    assert client.get(reverse("actors:contact_export"), {"format": "csv"}).status_code == 404
    assert not AuditLogEntry.objects.exists()
