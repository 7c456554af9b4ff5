"""Pages: list/detail/create/edit/delete with German validation, the matrix (counts for evaluation users, offers,
gaps and duplicates for the team), exports, the map, the HSDS import with preview and progress, and the public
directory with its one-page PDF flyer."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.core.models import ImportBatch
from quartiersnetz.offers.models import DuplicateAssessment, Offer, TargetGroup, Topic

pytestmark = pytest.mark.django_db


def test_list_detail_and_filters(client, world, offers):
    client.force_login(world.coach_a)
    page = client.get(reverse("offers:offer_list")).content.decode()
    assert offers.offer.title in page and offers.hidden.title in page and offers.offer_b.title not in page
    filtered = client.get(reverse("offers:offer_list"), {"target_group": "alleinerziehende"}).content.decode()
    assert offers.hidden.title in filtered and offers.offer.title not in filtered
    searched = client.get(reverse("offers:offer_list"), {"q": "Insolvenz"}).content.decode()
    assert offers.twin.title in searched and offers.hidden.title not in searched
    detail = client.get(offers.offer.get_absolute_url()).content.decode()
    assert "Mo 09:00–12:00" in detail and offers.public_contact.full_name in detail and "Weseler Straße 12" in detail


def test_other_quartier_and_evaluation_get_404(client, world, offers):
    client.force_login(world.coach_b)
    assert client.get(offers.offer.get_absolute_url()).status_code == 404
    assert client.get(reverse("offers:offer_update", args=[offers.offer.pk])).status_code == 404
    assert offers.offer.title not in client.get(reverse("offers:offer_list")).content.decode()
    client.force_login(world.evaluation)
    assert client.get(reverse("offers:offer_list")).status_code == 404
    assert client.get(offers.offer.get_absolute_url()).status_code == 404
    assert client.get(reverse("offers:quartier_map", args=[world.qa.slug])).status_code == 404


def test_contact_point_reads_but_does_not_edit(client, world, offers):
    client.force_login(world.contact_point_a)
    assert client.get(offers.offer.get_absolute_url()).status_code == 200
    assert client.get(reverse("offers:offer_update", args=[offers.offer.pk])).status_code == 404
    assert client.post(reverse("offers:offer_delete", args=[offers.offer.pk])).status_code == 404
    assert Offer.objects.filter(pk=offers.offer.pk).exists()


def test_create_with_german_validation_and_nothing_written(client, world):
    client.force_login(world.coach_a)
    url = reverse("offers:offer_create")
    assert client.get(url).status_code == 200
    bad = {"quartier": world.qa.pk, "provider": world.org_a.pk, "title": "", "status": "active",
           "opening_hours": "Montag früh", "valid_from": "2025-02-01", "valid_until": "2025-01-01"}
    response = client.post(url, bad)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["opening_hours"] == [_("Line {line}: please write e.g. “Mo 09:00-12:00”.").format(line=1)]
    assert form.errors["valid_until"] == [_("The end must not be before the start.")]
    assert "title" in form.errors
    assert Offer.objects.count() == 0
    good = {"quartier": world.qa.pk, "provider": world.org_a.pk, "title": "Bewerbungswerkstatt", "status": "active",
            "opening_hours": "Di-Do 9-12", "target_groups": [TargetGroup.objects.get(slug="frauen").pk],
            "topics": [Topic.objects.get(slug="arbeitsvermittlung").pk], "in_quartier": "on", "capacity": "12"}
    response = client.post(url, good)
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == offer.get_absolute_url()
    assert offer.opening_hours == [{"weekday": d, "opens": "09:00", "closes": "12:00"} for d in (2, 3, 4)]
    assert offer.capacity == 12 and [t.slug for t in offer.topics.all()] == ["arbeitsvermittlung"]


def test_create_form_offers_only_permitted_providers(client, world):
    client.force_login(world.coach_a)
    response = client.post(reverse("offers:offer_create"), {
        "quartier": world.qa.pk, "provider": world.org_b.pk, "title": "x", "status": "active"})
    assert "provider" in response.context["form"].errors
    assert Offer.objects.count() == 0


def test_edit_location_and_delete(client, world, offers):
    client.force_login(world.coach_a)
    response = client.post(reverse("offers:offer_update", args=[offers.offer.pk]), {
        "provider": offers.caritas.pk, "title": "Schuldnerberatung (neu)", "status": "paused",
        "opening_hours": "Mo 09:00-12:00", "contact": offers.public_contact.pk})
    assert response.status_code == 302
    offers.offer.refresh_from_db()
    assert offers.offer.title == "Schuldnerberatung (neu)" and offers.offer.status == "paused"
    response = client.post(reverse("offers:location_create", args=[offers.offer.pk]),
                           {"name": "Treff", "street": "Markt 1", "postal_code": "471", "city": "Duisburg"})
    assert response.context["form"].errors["postal_code"] == [_("Please enter a postcode with five digits.")]
    response = client.post(reverse("offers:location_update", args=[offers.location.pk]),
                           {"name": "Zentrale", "street": "Markt 1", "postal_code": "47169", "city": "Duisburg",
                            "latitude": "51,5", "longitude": "6,78"})
    assert response.status_code == 302
    offers.location.refresh_from_db()
    assert offers.location.name == "Zentrale" and str(offers.location.latitude) == "51.500000"
    assert client.post(reverse("offers:location_delete", args=[offers.location.pk])).status_code == 302
    assert client.post(reverse("offers:offer_delete", args=[offers.offer.pk])).status_code == 302
    assert not Offer.objects.filter(pk=offers.offer.pk).exists()


def test_export_csv_of_the_list(client, world, offers):
    client.force_login(world.coach_a)
    response = client.get(reverse("offers:offer_export"), {"format": "csv", "q": "Schuldner"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert offers.offer.title in text and offers.twin.title in text and offers.hidden.title not in text


def test_matrix_for_the_team_shows_offers_gaps_and_duplicates(client, world, offers):
    DuplicateAssessment.objects.all().delete()
    client.force_login(world.coach_a)
    response = client.get(reverse("offers:quartier_matrix", args=[world.qa.slug]))
    view = response.context["view"]
    assert view.offer_count == 3
    assert len(view.matrix.gaps) == 9 * 12 - 2
    assert [(d.a.pk, d.b.pk) for d in response.context["open_duplicates"]] == [(offers.offer.pk, offers.twin.pk)]
    page = response.content.decode()
    assert _("possible duplicate") in page and offers.offer.title in page


def test_assess_and_withdraw_a_duplicate_pair(client, world, offers):
    DuplicateAssessment.objects.all().delete()
    client.force_login(world.coach_a)
    url = reverse("offers:quartier_duplicate_assess", args=[world.qa.slug, offers.offer.pk, offers.twin.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"verdict": "dismissed", "note": "andere Zielgruppe"})
    assert response.status_code == 302
    assessment = DuplicateAssessment.objects.get()
    assert (assessment.offer_a, assessment.offer_b, assessment.verdict) == (offers.offer, offers.twin, "dismissed")
    matrix = client.get(reverse("offers:quartier_matrix", args=[world.qa.slug])).context
    assert matrix["open_duplicates"] == [] and len(matrix["assessed_duplicates"]) == 1
    # a pair that is not flagged cannot be assessed
    other = reverse("offers:quartier_duplicate_assess", args=[world.qa.slug, offers.offer.pk, offers.hidden.pk])
    assert client.get(other).status_code == 404
    client.force_login(world.contact_point_a)
    assert client.post(url, {"verdict": "confirmed"}).status_code == 404
    client.force_login(world.coach_a)
    reopen = reverse("offers:quartier_duplicate_reopen", args=[world.qa.slug, assessment.pk])
    assert client.get(reopen).status_code == 405
    assert client.post(reopen).status_code == 302
    assert DuplicateAssessment.objects.count() == 0


def test_evaluation_sees_matrix_counts_only(client, world, offers):
    client.force_login(world.evaluation)
    response = client.get(reverse("offers:quartier_matrix", args=[world.qa.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["view"].offer_count == 3
    for title in (offers.offer.title, offers.twin.title, offers.hidden.title):
        assert title not in page
    export = client.get(reverse("offers:quartier_matrix_export", args=[world.qa.slug]), {"format": "csv"})
    assert export.status_code == 200 and offers.offer.title not in export.content.decode("utf-8-sig")
    listing = client.get(reverse("offers:quartier_matrix_export", args=[world.qa.slug]),
                         {"format": "csv", "layout": "list"})
    assert listing.status_code == 404
    compare = client.get(reverse("offers:analysis_compare")).content.decode()
    assert world.qa.display_name in compare and world.qb.display_name in compare
    client.force_login(world.coordination_other)
    assert client.get(reverse("offers:quartier_matrix", args=[world.qa.slug])).status_code == 404


def test_matrix_exports(client, world, offers):
    client.force_login(world.coach_a)
    csv = client.get(reverse("offers:quartier_matrix_export", args=[world.qa.slug]), {"format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[0] == _("Target group") and len(lines) == 9 + 2
    langzeit = next(line for line in lines if line.startswith("Langzeitarbeitslose")).split(";")
    schulden_index = lines[0].split(";").index("Schulden")
    assert langzeit[schulden_index] == "2"
    xlsx = client.get(reverse("offers:quartier_matrix_export", args=[world.qa.slug]), {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    listing = client.get(reverse("offers:quartier_matrix_export", args=[world.qa.slug]),
                         {"format": "csv", "layout": "list"}).content.decode("utf-8-sig")
    assert offers.twin.title in listing and _("Gap: no offer") in listing
    compare = client.get(reverse("offers:analysis_compare_export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert world.qa.display_name in compare.splitlines()[0]


def test_map_without_tiles_lists_the_offers(client, world, offers, settings):
    settings.QN_MAP_TILES_URL = ""
    client.force_login(world.coach_a)
    response = client.get(reverse("offers:quartier_map", args=[world.qa.slug]), {"topic": "schulden"})
    page = response.content.decode()
    assert 'id="qn-offer-map"' in page and "vendor/leaflet/leaflet.js" in page and 'data-tiles=""' in page
    payload = response.context["payload"]
    assert [m["title"] for m in payload["offers"]] == [offers.offer.title]
    assert payload["offers"][0]["lat"] == pytest.approx(51.5021)
    assert {o.title for o in response.context["offers"]} == {offers.offer.title, offers.twin.title}
    assert _("not on the map: no coordinates") not in page
    settings.QN_MAP_TILES_URL = "https://tile.example/{z}/{x}/{y}.png"
    page = client.get(reverse("offers:quartier_map", args=[world.qa.slug])).content.decode()
    assert 'data-tiles="https://tile.example/{z}/{x}/{y}.png"' in page


def _zip(folder) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"paket/{path.name}")
    return buffer.getvalue()


def test_hsds_upload_preview_confirm_and_status(client, world):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.coach_a)
    content = _zip(Path(__file__).parent / "data" / "hsds11_valid")
    response = client.post(reverse("offers:hsds_import_start"), {
        "quartier": world.qa.pk, "file": SimpleUploadedFile("marxloh.zip", content, "application/zip")})
    batch = ImportBatch.objects.get(kind="hsds")
    assert response["Location"] == reverse("offers:hsds_import_preview", args=[batch.pk])
    preview = client.get(response["Location"])
    assert preview.context["counts"]["offers_new"] == 3 and preview.context["preview"].ok
    assert Offer.objects.count() == 0
    response = client.post(reverse("offers:hsds_import_confirm", args=[batch.pk]))
    assert response["Location"] == reverse("offers:hsds_import_status", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.content == b""
    assert batch.result["summary"]["offers_created"] == 3
    assert Offer.objects.filter(quartier=world.qa).count() == 3
    status = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert _("The import is complete.") in status
    client.force_login(world.coach_b)
    assert client.get(reverse("offers:hsds_import_status", args=[batch.pk])).status_code == 404


def test_hsds_upload_of_an_invalid_package_shows_problems(client, world):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.coach_a)
    content = _zip(Path(__file__).parent / "data" / "hsds11_invalid")
    response = client.post(reverse("offers:hsds_import_start"), {
        "quartier": world.qa.pk, "file": SimpleUploadedFile("kaputt.zip", content, "application/zip")})
    batch = ImportBatch.objects.get(kind="hsds")
    preview = client.get(response["Location"])
    assert not preview.context["preview"].ok
    assert ("services.csv", 1, "status") in {(p.file, p.row, p.field) for p in preview.context["problems"]}
    response = client.post(reverse("offers:hsds_import_confirm", args=[batch.pk]))
    assert response["Location"] == reverse("offers:hsds_import_preview", args=[batch.pk])
    assert Offer.objects.count() == 0
    response = client.post(reverse("offers:hsds_import_start"), {
        "quartier": world.qa.pk, "file": SimpleUploadedFile("text.zip", b"kein zip", "application/zip")})
    assert response.context["form"].errors["file"] == [_("The file is not a valid zip archive.")]
    client.force_login(world.contact_point_a)
    assert client.get(reverse("offers:hsds_import_start")).status_code == 404


def test_hsds_downloads(client, world, offers):
    client.force_login(world.coach_a)
    archive = client.get(reverse("offers:quartier_hsds_zip", args=[world.qa.slug]))
    assert archive["Content-Type"] == "application/zip"
    assert "datapackage.json" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    data = client.get(reverse("offers:quartier_hsds_json", args=[world.qa.slug])).json()
    assert data["total_items"] == 3
    client.force_login(world.coach_b)
    assert client.get(reverse("offers:quartier_hsds_zip", args=[world.qa.slug])).status_code == 404


# --- public directory ---------------------------------------------------------------------------------------------


def test_public_directory_lists_only_offers_with_publication_consent(client, world, offers):
    response = client.get(reverse("offers_public:directory", args=[world.qa.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert offers.offer.title in page and offers.public_contact.full_name in page
    assert "fatma@caritas.example" in page
    for secret in (offers.twin.title, offers.hidden.title, world.contact_a.last_name, world.contact_a.email,
                   offers.offer_b.title):
        assert secret not in page
    assert client.get(reverse("offers_public:directory", args=["gibt-es-nicht"])).status_code == 404
    index = client.get(reverse("offers_public:index")).content.decode()
    assert world.qa.display_name in index and world.qb.display_name not in index


def test_public_directory_hides_withdrawn_consent_and_ended_offers(client, world, offers):
    import datetime as dt

    record = offers.public_contact.consents.get(purpose="publish")
    record.withdrawn_on = dt.date.today()
    record.save()
    url = reverse("offers_public:directory", args=[world.qa.slug])
    assert offers.offer.title not in client.get(url).content.decode()
    record.withdrawn_on = None
    record.save()
    Offer.objects.filter(pk=offers.offer.pk).update(status="ended")
    assert offers.offer.title not in client.get(url).content.decode()


def test_public_search(client, world, offers):
    url = reverse("offers_public:directory", args=[world.qa.slug])
    assert offers.offer.title in client.get(url, {"q": "Gläubigern"}).content.decode()
    assert offers.offer.title not in client.get(url, {"q": "Yoga"}).content.decode()
    assert offers.offer.title not in client.get(url, {"topic": "sprache"}).content.decode()
    assert offers.offer.title in client.get(url, {"target_group": "langzeitarbeitslose"}).content.decode()


def _make_public(world, offers, count):
    for n in range(count):
        offer = Offer.objects.create(quartier=world.qa, provider=offers.caritas, contact=offers.public_contact,
                                     title=f"Angebot Nummer {n} mit einem längeren Titel",
                                     description="Beschreibung " * 20, languages="Deutsch, Türkisch",
                                     costs="kostenlos",
                                     opening_hours=[{"weekday": d, "opens": "09:00", "closes": "12:00"}
                                                    for d in (1, 3, 5)])
        offer.locations.create(street=f"Weseler Straße {n}", postal_code="47169", city="Duisburg")


def test_flyer_is_a_one_page_pdf(client, world, offers):
    from quartiersnetz.offers.selectors import public_offer_list
    from quartiersnetz.offers.views_public import render_flyer

    response = client.get(reverse("offers_public:flyer", args=[world.qa.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    _make_public(world, offers, 45)
    offers_list = public_offer_list(quartier=world.qa)
    assert len(offers_list) == 46
    pdf, shown, pages = render_flyer(quartier=world.qa, offers=offers_list, base_url="http://testserver/",
                                     directory_url="http://testserver/verzeichnis/duisburg-marxloh/")
    assert pages == 1
    assert 10 < shown < 46
