"""HSDS import and export: a package written by the test is imported with the right counts and values; invalid
packages are rejected with file, row and field and nothing is written; a re-import updates and never
duplicates; export → import into an empty catalogue gives identical records (HSDS 1.1 and 3.0)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import AuditLogEntry, ConsentRecord
from quartiersnetz.offers.hsds.exporter import build_catalogue, export_json, export_zip
from quartiersnetz.offers.hsds.reader import PackageError, read_bytes, read_path
from quartiersnetz.offers.import_services import import_package
from quartiersnetz.offers.models import HsdsOrganisationLink, Offer, OfferLocation
from quartiersnetz.offers.selectors import publication_consent_active

DATA = Path(__file__).parent / "data"


def write_package(path: Path, tables: dict[str, str], *, encoding: dict[str, str] | None = None) -> Path:
    """A data package folder: datapackage.json listing the tables and one CSV per table (text as given)."""
    path.mkdir(parents=True, exist_ok=True)
    resources = [{"name": name, "path": f"{name}.csv", "format": "csv"} for name in tables]
    (path / "datapackage.json").write_text(json.dumps({"name": "test", "resources": resources}), encoding="utf-8")
    for name, text in tables.items():
        (path / f"{name}.csv").write_bytes(text.encode((encoding or {}).get(name, "utf-8")))
    return path


SMALL = {
    "organizations": "id,name,description,email,url\n"
                     "o1,Diakonie Marxloh,Beratungsstelle,info@diakonie.example,https://diakonie.example\n",
    "services": "id,organization_id,name,description,status,fees,application_process,x_capacity,x_legal_basis\n"
                "s1,o1,Suchtberatung,Offene Sprechstunde für Betroffene und Angehörige,active,kostenlos,"
                "Ohne Anmeldung,12,sgb2_16a\n"
                "s2,o1,Mietschuldenberatung,Hilfe bei drohendem Wohnungsverlust,temporarily closed,,,,\n",
    "locations": "id,organization_id,name,latitude,longitude,transportation\n"
                 "l1,o1,Beratungsstelle,51.5012,6.7798,Bus 910\n",
    "services_at_location": "id,service_id,location_id\nsl1,s1,l1\nsl2,s2,l1\n",
    "physical_addresses": "id,location_id,address_1,city,postal_code,country\n"
                          "a1,l1,Kaiser-Wilhelm-Straße 3,Duisburg,47169,DE\n",
    "phones": "id,service_id,contact_id,number\np1,s1,,0203 555\np2,,c1,0203 556\n",
    "contacts": "id,service_id,name,title,email,x_publish_consent_given_on\n"
                "c1,s1,Maria Schmidt,Suchtberaterin,m.schmidt@diakonie.example,2024-03-01\n",
    "regular_schedules": "id,service_id,weekday,opens_at,closes_at\nr1,s1,2,14:00,18:00\nr2,s1,4,09:00,12:00\n",
    "languages": "id,service_id,language\nla1,s1,Deutsch\nla2,s1,Polnisch\n",
    "taxonomy": "id,name,vocabulary\n"
                "quartiersnetz-zielgruppe:langzeitarbeitslose,Langzeitarbeitslose,quartiersnetz-zielgruppe\n"
                "t2,Sucht,other-vocabulary\nt3,Wohnen,quartiersnetz-handlungsfeld\n",
    "service_taxonomy": "id,service_id,taxonomy_id\nst1,s1,quartiersnetz-zielgruppe:langzeitarbeitslose\n"
                        "st2,s1,t2\nst3,s2,t3\n",
}


def _counts():
    return {
        "offers": Offer.objects.count(), "locations": OfferLocation.objects.count(),
        "organisations": Organisation.objects.count(), "contacts": ContactPerson.objects.count(),
        "consents": ConsentRecord.objects.count(), "audit": AuditLogEntry.objects.count(),
        "links": HsdsOrganisationLink.objects.count(),
    }


@pytest.mark.django_db
def test_import_of_a_small_package_written_by_the_test(world, tmp_path):
    before = _counts()
    package = read_path(write_package(tmp_path / "pkg", SMALL))
    assert package.problems == []
    plan, summary = import_package(user=world.coach_a, quartier=world.qa, package=package)
    assert summary == {"offers_created": 2, "offers_updated": 0, "organisations_created": 1, "contacts_created": 1,
                       "consents": 1, "locations": 2}
    after = _counts()
    assert after["offers"] - before["offers"] == 2
    assert after["locations"] - before["locations"] == 2
    assert after["organisations"] - before["organisations"] == 1
    suchtberatung = Offer.objects.get(quartier=world.qa, hsds_id="s1")
    assert suchtberatung.title == "Suchtberatung"
    assert suchtberatung.provider.name == "Diakonie Marxloh"
    assert suchtberatung.provider.website == "https://diakonie.example"
    assert world.qa in suchtberatung.provider.quartiere.all()
    assert suchtberatung.status == "active" and suchtberatung.costs == "kostenlos"
    assert suchtberatung.access_note == "Ohne Anmeldung" and suchtberatung.capacity == 12
    assert suchtberatung.legal_basis == "sgb2_16a"
    assert suchtberatung.opening_hours == [{"weekday": 2, "opens": "14:00", "closes": "18:00"},
                                           {"weekday": 4, "opens": "09:00", "closes": "12:00"}]
    assert suchtberatung.languages == "Deutsch, Polnisch" and suchtberatung.phone == "0203 555"
    assert [t.slug for t in suchtberatung.target_groups.all()] == ["langzeitarbeitslose"]
    assert [t.slug for t in suchtberatung.topics.all()] == ["sucht"]  # matched by name from another vocabulary
    location = suchtberatung.locations.get()
    assert (location.street, location.postal_code, location.city) == ("Kaiser-Wilhelm-Straße 3", "47169", "Duisburg")
    assert (str(location.latitude), str(location.longitude)) == ("51.501200", "6.779800")
    assert location.transportation == "Bus 910" and location.hsds_id == "l1"
    person = suchtberatung.contact
    assert (person.first_name, person.last_name, person.function, person.phone) == (
        "Maria", "Schmidt", "Suchtberaterin", "0203 556")
    assert publication_consent_active(person)
    assert person.consents.get(purpose=ConsentPurpose.PUBLISH).given_on == dt.date(2024, 3, 1)
    assert AuditLogEntry.objects.filter(object_id=person.pk, action="create").exists()
    mietschulden = Offer.objects.get(quartier=world.qa, hsds_id="s2")
    assert mietschulden.status == "paused" and mietschulden.contact is None
    assert [t.slug for t in mietschulden.topics.all()] == ["wohnen"]
    assert HsdsOrganisationLink.objects.get(quartier=world.qa, hsds_id="o1").organisation == suchtberatung.provider


@pytest.mark.django_db
def test_reimport_updates_and_never_duplicates(world, tmp_path):
    import_package(user=world.coach_a, quartier=world.qa, package=read_path(write_package(tmp_path / "a", SMALL)))
    first = _counts()
    pk = Offer.objects.get(hsds_id="s1").pk
    changed = dict(SMALL, services=SMALL["services"].replace("Suchtberatung,", "Suchtberatung und Prävention,"))
    _plan, summary = import_package(user=world.coach_a, quartier=world.qa,
                                    package=read_path(write_package(tmp_path / "b", changed)))
    assert summary["offers_created"] == 0 and summary["offers_updated"] == 2
    assert summary["organisations_created"] == 0 and summary["contacts_created"] == 0 and summary["consents"] == 0
    again = _counts()
    for key in ("offers", "locations", "organisations", "contacts", "consents", "links"):
        assert again[key] == first[key], key
    offer = Offer.objects.get(hsds_id="s1")
    assert offer.pk == pk and offer.title == "Suchtberatung und Prävention"


@pytest.mark.django_db
def test_same_package_in_another_quartier_creates_its_own_offers(world, tmp_path):
    package_dir = write_package(tmp_path / "p", SMALL)
    import_package(user=world.admin, quartier=world.qa, package=read_path(package_dir))
    import_package(user=world.admin, quartier=world.qb, package=read_path(package_dir))
    assert Offer.objects.filter(hsds_id="s1").count() == 2
    assert Organisation.objects.filter(name="Diakonie Marxloh").count() == 1


@pytest.mark.django_db
def test_invalid_package_is_rejected_with_file_row_field_and_nothing_written(world, tmp_path):
    broken = dict(SMALL)
    broken["services"] = SMALL["services"].replace("name,", "title,", 1)  # required column "name" missing
    broken["services_at_location"] = "id,service_id,location_id\nsl1,s1,l1\nsl2,s2,l9\n"  # broken reference
    before = _counts()
    package = read_path(write_package(tmp_path / "bad", broken, encoding={"physical_addresses": "cp1252"}))
    found = {(p.file, p.row, p.field): p.message for p in package.problems}
    assert found == {
        ("services.csv", 1, "name"): _("The required column is missing."),
        ("services_at_location.csv", 3, "location_id"): _("There is no entry “{id}” in {file}.").format(
            id="l9", file="locations.csv"),
        ("physical_addresses.csv", 2, ""): _("The file is not UTF-8 encoded (first invalid byte in line {line}). "
                                             "HSDS files must be saved as UTF-8.").format(line=2),
    }
    plan, summary = import_package(user=world.coach_a, quartier=world.qa, package=package)
    assert summary is None and not plan.ok
    assert _counts() == before


@pytest.mark.django_db
def test_value_rules_of_the_specification(world, tmp_path):
    bad = dict(SMALL)
    bad["services"] = ("id,organization_id,name,status,x_capacity,x_valid_from,x_valid_until\n"
                       "s1,o1,Suchtberatung,open,viele,2024-02-30,\n"
                       "s1,o1,,active,,2024-05-01,2024-04-01\n")
    bad["locations"] = "id,organization_id,latitude,longitude\nl1,o1,95,\n"
    bad["organizations"] = "id,name,email,url\no1,Diakonie,keine-mail,ftp://x\n"
    problems = {(p.file, p.row, p.field) for p in read_path(write_package(tmp_path / "v", bad)).problems}
    assert problems == {
        ("services.csv", 2, "status"), ("services.csv", 2, "x_capacity"), ("services.csv", 2, "x_valid_from"),
        ("services.csv", 3, "name"), ("services.csv", 3, "id"), ("services.csv", 3, "x_valid_until"),
        ("locations.csv", 2, "latitude"), ("locations.csv", 2, "longitude"),
        ("organizations.csv", 2, "email"), ("organizations.csv", 2, "url"),
        # s2 is gone from services.csv: the rows pointing to it are broken references now
        ("services_at_location.csv", 3, "service_id"), ("service_taxonomy.csv", 4, "service_id"),
    }


@pytest.mark.django_db
def test_plan_problems_also_write_nothing(world, tmp_path):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    package = read_path(write_package(tmp_path / "f", dict(SMALL, contacts=SMALL["contacts"].replace(
        "2024-03-01", future))))
    before = _counts()
    plan, summary = import_package(user=world.coach_a, quartier=world.qa, package=package)
    assert summary is None
    assert [(p.file, p.row, p.field, p.message) for p in package.problems] == [
        ("contacts.csv", 2, "x_publish_consent_given_on", _("Consent cannot be given in the future."))]
    assert _counts() == before


@pytest.mark.django_db
def test_a_failing_write_rolls_back_everything(world, tmp_path, monkeypatch):
    from quartiersnetz.core.exceptions import ApplicationError
    from quartiersnetz.offers.hsds import importer

    calls = {"n": 0}
    original = importer.offer_location_create

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ApplicationError("kaputt")
        return original(**kwargs)

    monkeypatch.setattr(importer, "offer_location_create", failing)
    before = _counts()
    with pytest.raises(ApplicationError):
        import_package(user=world.coach_a, quartier=world.qa, package=read_path(write_package(tmp_path / "r", SMALL)))
    assert _counts() == before


@pytest.mark.django_db
def test_coach_of_another_quartier_may_not_import(world, tmp_path):
    from quartiersnetz.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        import_package(user=world.coach_b, quartier=world.qa, package=read_path(write_package(tmp_path / "x", SMALL)))
    assert exc.value.message == _("You may not import into this neighbourhood.")
    assert Offer.objects.count() == 0


def test_unreadable_inputs_are_package_errors(tmp_path):
    with pytest.raises(PackageError) as exc:
        read_bytes(b"PK\x03\x04 kaputt", "paket.zip")
    assert exc.value.message == _("The file is not a valid zip archive.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "id,name\n")
    with pytest.raises(PackageError) as exc:
        read_bytes(buffer.getvalue(), "paket.zip")
    assert exc.value.message == _("The package has no datapackage.json.")
    with pytest.raises(PackageError) as exc:
        read_bytes(b"{kein json", "daten.json")
    assert exc.value.message == _("{file} is not valid JSON.").format(file="daten.json")
    with pytest.raises(PackageError):
        read_bytes(b"id;name\n1;x\n", "tabelle.csv")


# --- fixtures -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_fixture_packages(world):
    valid = read_path(DATA / "hsds11_valid")
    assert valid.problems == []
    assert valid.counts()["services"] == 3
    _plan, summary = import_package(user=world.coach_a, quartier=world.qa, package=valid)
    assert summary["offers_created"] == 3
    assert valid.warnings == [_("Categories without a matching target group or topic were ignored: {terms}.")
                              .format(terms="Food Pantry")]
    invalid = read_path(DATA / "hsds11_invalid")
    assert {(p.file, p.row, p.field) for p in invalid.problems} == {
        ("services.csv", 1, "status"), ("services.csv", 3, "organization_id"),
        ("services_at_location.csv", 3, "location_id"), ("physical_addresses.csv", 2, ""),
    }
    json_package = read_path(DATA / "hsds30_valid.json")
    assert json_package.problems == []
    _plan, summary = import_package(user=world.coach_a, quartier=world.qa, package=json_package)
    assert summary["offers_created"] == 2 and summary["organisations_created"] == 1
    cafe = Offer.objects.get(hsds_id="3a6c0f0e-5d54-4a1f-9a0e-6d8f3f1b0001")
    assert cafe.opening_hours == [{"weekday": 2, "opens": "15:00", "closes": "17:00"},
                                  {"weekday": 4, "opens": "15:00", "closes": "17:00"}]
    assert cafe.opening_hours_note == "In den Schulferien geschlossen."
    assert cafe.languages == "Deutsch, Arabisch" and cafe.costs == "kostenlos"
    assert {t.slug for t in cafe.target_groups.all()} == {"gefluechtete"}
    assert cafe.locations.get().accessibility == "Stufenloser Eingang"
    # Both services share one location: each offer keeps it under the same HSDS id.
    assert set(OfferLocation.objects.filter(hsds_id="loc-park").values_list("offer__title", flat=True)) == {
        "Sprachcafé im Familienzentrum", "Elterncafé"}


@pytest.mark.django_db
def test_hsds30_required_fields(world):
    data = {"contents": [{"id": "x1", "organization": {"id": "o", "name": "Org"},
                          "service_at_locations": [{"id": "sal", "location": {"id": "l"}}]}]}
    package = read_bytes(json.dumps(data).encode(), "paket.json")
    assert {(p.row, p.field) for p in package.problems} == {
        ("contents[0]", "name"), ("contents[0]", "status"),
        ("contents[0].service_at_locations[0].location", "location_type"),
    }
    assert all(p.file == "paket.json" for p in package.problems)


# --- round trip ---------------------------------------------------------------------------------------------------


def catalogue(quartier) -> list[dict]:
    """Everything an offer holds, comparable across databases (no primary keys)."""
    out = []
    for o in Offer.objects.filter(quartier=quartier).order_by("hsds_id"):
        contact = None
        if o.contact is not None:
            contact = (o.contact.full_name, o.contact.function, o.contact.email, o.contact.phone,
                       publication_consent_active(o.contact))
        out.append({
            "hsds_id": o.hsds_id, "title": o.title, "description": o.description, "provider": (
                o.provider.name, o.provider.description, o.provider.email, o.provider.website,
                o.provider.actor_type.slug),
            "target_groups": sorted(t.slug for t in o.target_groups.all()),
            "topics": sorted(t.slug for t in o.topics.all()), "legal_basis": o.legal_basis,
            "in_quartier": o.in_quartier, "opening_hours": o.opening_hours, "note": o.opening_hours_note,
            "languages": o.languages, "costs": o.costs, "access_route": o.access_route,
            "access_note": o.access_note, "capacity": o.capacity, "status": o.status, "valid_from": o.valid_from,
            "valid_until": o.valid_until, "url": o.url, "email": o.email, "phone": o.phone, "contact": contact,
            "locations": sorted(
                (loc.hsds_id, loc.name, loc.street, loc.postal_code, loc.city, str(loc.latitude),
                 str(loc.longitude), loc.accessibility, loc.transportation) for loc in o.locations.all()),
        })
    return out


def _rich_catalogue(offers):
    from quartiersnetz.actors.models import ActorType

    offers.caritas.description = "Caritasverband"
    offers.caritas.website = "https://caritas.example"
    offers.caritas.actor_type = ActorType.objects.get_or_create(slug="schuldnerberatung",
                                                                defaults={"name": "Schuldnerberatung"})[0]
    offers.caritas.save()
    Offer.objects.filter(pk=offers.offer.pk).update(
        legal_basis="sgb2_16a", in_quartier=False, opening_hours_note="In den Ferien geschlossen", costs="kostenlos",
        access_route="appointment", access_note="Termin per Telefon", capacity=20, status="planned",
        valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2025, 12, 31), url="https://caritas.example/schulden",
        email="schulden@caritas.example", phone="0203 1")
    OfferLocation.objects.create(offer=offers.offer, name="Außenstelle", street="Marktplatz 1", postal_code="47169",
                                 city="Duisburg", accessibility="Stufenlos\nmit Rampe", transportation="Bus 905")
    offers.twin.locations.create(name="Ohne Koordinaten")


def _wipe():
    """An empty catalogue: no offers, no HSDS links, none of the providers (as in a fresh database)."""
    providers = set(Offer.objects.values_list("provider_id", flat=True))
    Offer.objects.all().delete()
    HsdsOrganisationLink.objects.all().delete()
    Organisation.objects.filter(pk__in=providers).delete()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["zip", "json"])
def test_export_then_import_into_an_empty_catalogue_gives_identical_records(world, offers, fmt):
    _rich_catalogue(offers)
    before = catalogue(world.qa)
    # The contact person without publication consent is never exported (privacy): it is not part of the round trip.
    expected = [dict(o, contact=o["contact"] if o["contact"] and o["contact"][4] else None) for o in before]
    content = export_zip(world.qa, user=world.admin) if fmt == "zip" else export_json(world.qa, user=world.admin)
    _wipe()
    assert Offer.objects.count() == 0
    package = read_bytes(content, f"export.{fmt}")
    assert package.problems == []
    _plan, summary = import_package(user=world.admin, quartier=world.qa, package=package)
    assert summary["offers_created"] == len(before) == 3
    assert catalogue(world.qa) == expected
    # A second export of the imported catalogue is the same package.
    again = export_zip(world.qa, user=world.admin) if fmt == "zip" else export_json(world.qa, user=world.admin)
    if fmt == "json":
        assert json.loads(again) == json.loads(content)
    else:
        def files(blob):
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                return {n: archive.read(n) for n in archive.namelist() if n != "datapackage.json"}
        assert files(again) == files(content)


@pytest.mark.django_db
def test_export_includes_only_published_contacts_and_audits_them(world, offers):
    tables = build_catalogue(world.qa).tables
    assert [c["name"] for c in tables["contacts"]] == [offers.public_contact.full_name]
    assert world.contact_a.email not in json.dumps(tables)
    before = AuditLogEntry.objects.filter(action="export").count()
    export_zip(world.qa, user=world.coach_a)
    entries = AuditLogEntry.objects.filter(action="export").order_by("-pk")
    assert entries.count() == before + 1
    assert entries[0].object_id == offers.public_contact.pk and entries[0].username == "coach_a"
    names = zipfile.ZipFile(io.BytesIO(export_zip(world.qa, user=None))).namelist()
    assert {"datapackage.json", "organizations.csv", "services.csv", "locations.csv", "services_at_location.csv",
            "phones.csv", "contacts.csv"} <= set(names)


# --- console commands ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_console_import_and_export(world, offers, tmp_path):
    out = io.StringIO()
    call_command("import_hsds", str(DATA / "hsds11_valid"), quartier=world.qa.slug, user="coach_a", stdout=out)
    assert Offer.objects.filter(quartier=world.qa, hsds_id__startswith="svc-").count() == 3
    assert "3" in out.getvalue()
    call_command("import_hsds", str(DATA / "hsds11_valid"), quartier=world.qa.slug, user="coach_a", stdout=out)
    assert Offer.objects.filter(quartier=world.qa, hsds_id__startswith="svc-").count() == 3
    target = tmp_path / "export"
    call_command("export_hsds", str(target), quartier=world.qa.slug, stdout=io.StringIO())
    assert (target / "datapackage.json").is_file()
    assert read_path(target).counts()["services"] == Offer.objects.filter(quartier=world.qa).count()
    call_command("export_hsds", str(tmp_path / "k.json"), quartier=world.qa.slug, stdout=io.StringIO())
    assert json.loads((tmp_path / "k.json").read_text())["total_items"] == Offer.objects.filter(
        quartier=world.qa).count()


@pytest.mark.django_db
def test_console_import_of_an_invalid_package_prints_problems_and_writes_nothing(world):
    err = io.StringIO()
    before = _counts()
    with pytest.raises(CommandError):
        call_command("import_hsds", str(DATA / "hsds11_invalid"), quartier=world.qa.slug, user="coach_a",
                     stderr=err, stdout=io.StringIO())
    assert _("{file}, row {row}, field {field}: {message}").format(
        file="services_at_location.csv", row=3, field="location_id",
        message=_("There is no entry “{id}” in {file}.").format(id="loc-7", file="locations.csv")) in err.getvalue()
    assert _counts() == before
    with pytest.raises(CommandError):
        call_command("import_hsds", str(DATA / "hsds11_valid"), quartier="gibt-es-nicht", user="coach_a")
