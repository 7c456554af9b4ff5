"""Pages of the core app: start page per role, Quartiere, audit log, API tokens.

Expected texts are taken from gettext of the msgid, so the tests hold before and after the German catalogue is
merged; the values (numbers, names) are asserted literally.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from pytest_django.asserts import assertContains, assertNotContains

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.models import ApiToken, AuditLogEntry, Quartier
from quartiersnetz.testing import make_actor_type, make_organisation, make_quartier, make_user

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def quartier_names(response) -> list[str]:
    return [q.display_name for q in response.context["object_list"]]


def quartier_form_data(programme, **overrides) -> dict:
    data = {
        "programme": programme.pk, "city": "Gelsenkirchen", "name": "Schalke", "slug": "",
        "population": "20.000", "population_approx": "on", "unemployment_rate": "18,6", "sgb2_quota": "",
        "provider": "Stadt Gelsenkirchen", "coach_fte": "1", "coach_count": "2", "loi_partners": "4",
        "approach_type": "strukturell", "starting_situation": "", "start": "2013-04-01", "end": "2015-03-31",
        "extended_until": "", "description": "",
    }
    data.update(overrides)
    return data


# --- start page --------------------------------------------------------------------------------------------------


def test_home_requires_login(client, world):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_home_admin_shows_counts_and_audit_link(client, world):
    response = login(client, world.admin).get(reverse("core:home"))
    assert response.status_code == 200
    counts = {str(item["label"]): item["value"] for item in response.context["admin_counts"]}
    assert counts[_("Programmes")] == 2
    assert counts[_("Neighbourhoods")] == 3
    assert counts[_("Organisations")] == 3
    assert counts[_("User accounts")] == 9
    assertContains(response, reverse("core:audit_list"))
    assertContains(response, _("The platform at a glance"))


@pytest.mark.parametrize("role", ["coordination", "evaluation"])
def test_home_programme_roles_compare_their_quartiere(client, world, role):
    world.qa.unemployment_rate = Decimal("16.2")
    world.qa.coach_fte = Decimal("2")
    world.qa.save()
    response = login(client, getattr(world, role)).get(reverse("core:home"))
    assert response.status_code == 200
    (block,) = response.context["programmes"]
    assert block["programme"] == world.programme
    assert sorted(q.display_name for q in block["quartiere"]) == ["Duisburg-Marxloh", "Köln-Chorweiler"]
    assertContains(response, "16,2&nbsp;%")
    assertNotContains(response, "Lobeda")


def test_home_coach_sees_own_quartier_card_with_type_counts(client, world):
    response = login(client, world.coach_a).get(reverse("core:home"))
    (card,) = response.context["local_cards"]
    assert card["quartier"] == world.qa
    assert [(r["type_name"], r["count"]) for r in card["type_counts"]] == [("Jobcenter", 1)]
    assert card["contact_count"] == 1
    assertContains(response, "?quartier=duisburg-marxloh&amp;actor_type=jobcenter")
    assertNotContains(response, "Chorweiler")


def test_home_partner_sees_own_organisation_and_contacts(client, world):
    response = login(client, world.partner_a).get(reverse("core:home"))
    (item,) = response.context["partner_orgs"]
    assert item["organisation"] == world.org_a
    assert [cv.person for cv in item["contacts"]] == [world.contact_a]
    assertContains(response, world.contact_a.email)
    assertNotContains(response, "Jobcenter Köln")


def test_home_without_role_shows_friendly_message(client, world):
    response = login(client, world.no_role).get(reverse("core:home"))
    assert response.status_code == 200
    assertContains(response, _("No role has been assigned to you yet."))


def test_logout_get_shows_confirmation_and_post_logs_out(client, world):
    assert client.get(reverse("core:logout")).url == reverse("core:login")
    client = login(client, world.coach_a)
    page = client.get(reverse("core:logout"))
    assert page.status_code == 200
    assertContains(page, _("Do you want to log out of Quartiersnetz?"))
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


# --- Quartier list -----------------------------------------------------------------------------------------------


def test_quartier_list_is_scoped(client, world):
    assert quartier_names(login(client, world.coach_a).get(reverse("core:quartier_list"))) == ["Duisburg-Marxloh"]
    client.logout()
    names = quartier_names(login(client, world.coordination).get(reverse("core:quartier_list")))
    assert names == ["Duisburg-Marxloh", "Köln-Chorweiler"]


def test_quartier_list_search_filter_and_sort(client, world):
    client = login(client, world.admin)
    url = reverse("core:quartier_list")
    assert quartier_names(client.get(url, {"q": "chorw"})) == ["Köln-Chorweiler"]
    assert quartier_names(client.get(url, {"programme": world.other_programme.slug})) == ["Jena-Lobeda"]
    Quartier.objects.filter(pk=world.qa.pk).update(unemployment_rate=Decimal("16.2"))
    Quartier.objects.filter(pk=world.qb.pk).update(unemployment_rate=Decimal("17.6"))
    # Missing values go last in both directions.
    assert quartier_names(client.get(url, {"sort": "unemployment_rate"})) == [
        "Duisburg-Marxloh", "Köln-Chorweiler", "Jena-Lobeda"]
    response = client.get(url, {"sort": "-unemployment_rate"})
    assert quartier_names(response) == ["Köln-Chorweiler", "Duisburg-Marxloh", "Jena-Lobeda"]
    assertContains(response, 'aria-sort="descending"')
    make_organisation(world.qb, name="Zweite Organisation")
    assert quartier_names(client.get(url, {"sort": "-organisations"}))[0] == "Köln-Chorweiler"


def test_quartier_list_unknown_filter_value_is_ignored(client, world):
    response = login(client, world.coach_a).get(reverse("core:quartier_list"), {"programme": "gibt-es-nicht"})
    assert response.status_code == 200
    assert quartier_names(response) == ["Duisburg-Marxloh"]


def test_quartier_list_pagination(client, world):
    for n in range(30):
        make_quartier(world.programme, slug=f"zz-{n:02d}", city="Zstadt", name=f"Q{n:02d}")
    client = login(client, world.admin)
    page1 = client.get(reverse("core:quartier_list"))
    assert len(page1.context["object_list"]) == 25
    page2 = client.get(reverse("core:quartier_list"), {"page": 2})
    assert len(page2.context["object_list"]) == 8
    assertContains(page2, _("Page %(n)s of %(total)s") % {"n": 2, "total": 2})


def test_quartier_list_htmx_returns_only_results(client, world):
    response = login(client, world.admin).get(
        reverse("core:quartier_list"), {"q": "Jena"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="qn-results")
    html = response.content.decode()
    assert html.strip().startswith('<div id="qn-results">')
    assert "<html" not in html
    assert "Lobeda" in html and "Marxloh" not in html
    assert "HX-Target" in response["Vary"]
    # The sort order travels with the results so that the filter form keeps it after the swap.
    assert 'name="sort" value="city" form="qn-filter"' in html
    # A history restore gets the whole page.
    full = client.get(reverse("core:quartier_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="qn-results",
                      HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in full.content.decode()


def test_quartier_export_csv_honours_filters(client, world):
    response = login(client, world.admin).get(
        reverse("core:quartier_export"), {"format": "csv", "programme": world.programme.slug})
    assert response.status_code == 200
    assert re.match(r'attachment; filename="quartiere-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
    text = response.content.decode("utf-8-sig")
    assert "Marxloh" in text and "Chorweiler" in text and "Lobeda" not in text


def test_quartier_export_unknown_format_is_404(client, world):
    response = login(client, world.admin).get(reverse("core:quartier_export"), {"format": "pdf"})
    assert response.status_code == 404


# --- Quartier detail ---------------------------------------------------------------------------------------------


def test_quartier_detail_formats_facts_in_german(client, world):
    Quartier.objects.filter(pk=world.qa.pk).update(
        population=17500, population_approx=True, unemployment_rate=Decimal("16.2"), sgb2_quota=None,
        coach_fte=Decimal("0.75"),
    )
    response = login(client, world.coach_a).get(reverse("core:quartier_detail", args=[world.qa.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{_('approx.')} 17.500" in html
    assert "16,2&nbsp;%" in html
    assert "0,75" in html
    assert re.search(r'kern-description-list-item__value">–', html)
    organisations = reverse("actors:organisation_list")
    assertContains(response, f"{organisations}?quartier=duisburg-marxloh&amp;actor_type=jobcenter")
    assert response.context["contact_count"] == 1
    assertContains(response, reverse("actors:contact_list") + "?quartier=duisburg-marxloh")


def test_quartier_detail_counts_subtypes_under_their_parent(client, world):
    parent = make_actor_type("multiplikator-test", "Multiplikator Test")
    kita = make_actor_type("kita-test", "Kita Test", parent=parent)
    make_organisation(world.qa, name="Kita Sonnenschein", actor_type=kita)
    make_organisation(world.qa, name="Multi direkt", actor_type=parent)
    response = login(client, world.coach_a).get(reverse("core:quartier_detail", args=[world.qa.slug]))
    counts = {r["type_slug"]: r["count"] for r in response.context["type_counts"]}
    assert counts == {"jobcenter": 1, "multiplikator-test": 2}
    # The linked list shows exactly as many organisations as the count says.
    listed = client.get(reverse("actors:organisation_list"), {"quartier": "duisburg-marxloh",
                                                                "actor_type": "multiplikator-test"})
    assert len(listed.context["object_list"]) == 2


def test_quartier_detail_hides_contact_count_from_evaluation(client, world):
    response = login(client, world.evaluation).get(reverse("core:quartier_detail", args=[world.qa.slug]))
    assert response.status_code == 200
    assert response.context["contact_count"] is None
    assertNotContains(response, reverse("actors:contact_list"))


@pytest.mark.parametrize("name", ["quartier_detail", "quartier_update", "quartier_delete"])
def test_quartier_pages_of_other_quartier_are_404(client, world, name):
    response = login(client, world.coach_b).get(reverse(f"core:{name}", args=[world.qa.slug]))
    assert response.status_code == 404
    client.logout()
    response = login(client, world.coordination_other).get(reverse(f"core:{name}", args=[world.qa.slug]))
    assert response.status_code == 404


# --- Quartier create / edit / delete -----------------------------------------------------------------------------


def test_quartier_create_by_coordination(client, world):
    client = login(client, world.coordination)
    form = client.get(reverse("core:quartier_create")).context["form"]
    assert list(form.fields["programme"].queryset) == [world.programme]
    response = client.post(reverse("core:quartier_create"), quartier_form_data(world.programme))
    quartier = Quartier.objects.get(slug="gelsenkirchen-schalke")
    assert response.status_code == 302 and response.url == quartier.get_absolute_url()
    assert quartier.population == 20000 and quartier.population_approx is True
    assert quartier.unemployment_rate == Decimal("18.6") and quartier.sgb2_quota is None
    assert quartier.start == dt.date(2013, 4, 1)
    assert AuditLogEntry.objects.filter(action=AuditAction.CREATE, object_id=quartier.pk, quartier=quartier).exists()
    page = client.get(response.url)
    assertContains(page, _("Neighbourhood “{name}” was saved.").format(name="Gelsenkirchen-Schalke"))


def test_quartier_create_rejects_foreign_programme_and_bad_dates(client, world):
    client = login(client, world.coordination)
    response = client.post(reverse("core:quartier_create"), quartier_form_data(world.other_programme))
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    response = client.post(reverse("core:quartier_create"),
                           quartier_form_data(world.programme, start="2015-01-01", end="2014-01-01"))
    assert response.status_code == 200
    assertContains(response, _("The end must not be before the start."))
    assert not Quartier.objects.filter(city="Gelsenkirchen").exists()


def test_quartier_create_rejects_taken_slug(client, world):
    response = login(client, world.admin).post(
        reverse("core:quartier_create"), quartier_form_data(world.programme, slug=world.qa.slug))
    assertContains(response, _("This short name is already taken. Please choose another one."))
    assert Quartier.objects.count() == 3


@pytest.mark.parametrize("role", ["coach_a", "evaluation", "partner_a", "no_role"])
def test_quartier_create_is_404_without_permission(client, world, role):
    client = login(client, getattr(world, role))
    assert client.get(reverse("core:quartier_create")).status_code == 404
    assert client.post(reverse("core:quartier_create"), quartier_form_data(world.programme)).status_code == 404
    assert not Quartier.objects.filter(city="Gelsenkirchen").exists()


def test_quartier_update_by_coach(client, world):
    client = login(client, world.coach_a)
    url = reverse("core:quartier_update", args=[world.qa.slug])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(programme=world.programme.pk, population="17.500", unemployment_rate="16,2", start="", end="")
    data.pop("population_approx")
    response = client.post(url, data)
    assert response.status_code == 302
    world.qa.refresh_from_db()
    assert world.qa.population == 17500 and world.qa.unemployment_rate == Decimal("16.2")
    entry = AuditLogEntry.objects.get(action=AuditAction.UPDATE, object_id=world.qa.pk)
    assert set(entry.fields) == {"population", "unemployment_rate"}


def test_quartier_update_invalid_keeps_data(client, world):
    client = login(client, world.coach_a)
    url = reverse("core:quartier_update", args=[world.qa.slug])
    response = client.post(url, quartier_form_data(world.programme, city="Duisburg", name="Marxloh",
                                                   slug=world.qa.slug, unemployment_rate="abc"))
    assert response.status_code == 200
    assert "unemployment_rate" in response.context["form"].errors
    world.qa.refresh_from_db()
    assert world.qa.population != 20000
    assert not AuditLogEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_quartier_update_duplicate_city_and_name_shows_error(client, world):
    # The model's unique constraint (programme, city, name) surfaces as a form error, nothing is written.
    client = login(client, world.coordination)
    url = reverse("core:quartier_update", args=[world.qb.slug])
    response = client.post(url, quartier_form_data(world.programme, city="Duisburg", name="Marxloh",
                                                   slug=world.qb.slug))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assertContains(response, _("Please correct the marked entries."))
    world.qb.refresh_from_db()
    assert (world.qb.city, world.qb.name) == ("Köln", "Chorweiler")
    assert not AuditLogEntry.objects.exists()


def test_quartier_create_rejects_reserved_slug(client, world):
    response = login(client, world.admin).post(
        reverse("core:quartier_create"), quartier_form_data(world.programme, slug="neu"))
    assert "slug" in response.context["form"].errors
    assert not Quartier.objects.filter(slug="neu").exists()


def test_quartier_update_is_404_for_evaluation_and_partner(client, world):
    for user in (world.evaluation, world.partner_a, world.contact_point_a):
        client.force_login(user)
        assert client.get(reverse("core:quartier_update", args=[world.qa.slug])).status_code == 404


def test_quartier_delete_refuses_while_organisations_exist(client, world):
    client = login(client, world.coordination)
    url = reverse("core:quartier_delete", args=[world.qa.slug])
    assertContains(client.get(url), world.qa.display_name)
    response = client.post(url)
    assert response.status_code == 200
    assertContains(response, _("The neighbourhood still has organisations assigned and cannot be deleted."))
    assert Quartier.objects.filter(pk=world.qa.pk).exists()


def test_quartier_delete_empty_quartier(client, world):
    empty = make_quartier(world.programme, slug="leer", city="Leerstadt", name="Leer")
    client = login(client, world.coordination)
    response = client.post(reverse("core:quartier_delete", args=[empty.slug]))
    assert response.status_code == 302 and response.url == reverse("core:quartier_list")
    assert not Quartier.objects.filter(pk=empty.pk).exists()
    page = client.get(response.url)
    assertContains(page, _("Neighbourhood “{name}” was deleted.").format(name="Leerstadt-Leer"))


def test_quartier_delete_is_404_for_coach(client, world):
    response = login(client, world.coach_a).post(reverse("core:quartier_delete", args=[world.qa.slug]))
    assert response.status_code == 404
    assert Quartier.objects.filter(pk=world.qa.pk).exists()


# --- audit log ---------------------------------------------------------------------------------------------------


def test_audit_list_for_admin_with_filters(client, world):
    client.force_login(world.coach_a)
    client.post(reverse("actors:contact_delete", args=[world.contact_a.pk]))
    client.logout()
    client = login(client, world.admin)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    entries = response.context["object_list"]
    assert [(e.action, e.username, e.object_id) for e in entries] == [
        (AuditAction.DELETE, "coach_a", world.contact_a.pk)]
    assertContains(response, str(AuditAction.DELETE.label))
    assertContains(response, "Duisburg-Marxloh")
    assert client.get(reverse("core:audit_list"), {"action": AuditAction.CREATE}).context["object_list"] == []
    assert len(client.get(reverse("core:audit_list"), {"q": "coach_a"}).context["object_list"]) == 1
    assert len(client.get(reverse("core:audit_list"), {"quartier": world.qb.slug}).context["object_list"]) == 0


@pytest.mark.parametrize("role", ["coordination", "coach_a", "evaluation", "partner_a", "no_role"])
def test_audit_list_is_404_for_everyone_else(client, world, role):
    assert login(client, getattr(world, role)).get(reverse("core:audit_list")).status_code == 404


# --- API tokens --------------------------------------------------------------------------------------------------


def test_token_create_shows_key_once(client, world):
    client = login(client, world.coach_a)
    response = client.post(reverse("core:token_list"), {"name": "Importskript", "expires_on": ""})
    assert response.status_code == 200
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=world.coach_a)
    assert token.name == "Importskript"
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assertContains(response, key)
    assertContains(response, _("Copy the key now: it is shown only this once and cannot be displayed again."))
    assert "no-store" in response["Cache-Control"]
    again = client.get(reverse("core:token_list"))
    assertNotContains(again, key)
    assertContains(again, "Importskript")


def test_token_create_requires_name_and_future_expiry(client, world):
    client = login(client, world.coach_a)
    response = client.post(reverse("core:token_list"), {"name": "", "expires_on": ""})
    assert response.context["new_key"] is None
    assert "name" in response.context["form"].errors
    response = client.post(reverse("core:token_list"), {"name": "Alt", "expires_on": "2020-01-01"})
    assertContains(response, _("The expiry date must be in the future."))
    assert not ApiToken.objects.exists()


def test_token_revoke_only_own(client, world):
    client = login(client, world.coach_a)
    client.post(reverse("core:token_list"), {"name": "Meins"})
    other = make_user("fremd")
    client.force_login(other)
    client.post(reverse("core:token_list"), {"name": "Fremd"})
    mine = ApiToken.objects.get(name="Meins")
    foreign = ApiToken.objects.get(name="Fremd")
    client.force_login(world.coach_a)
    assert client.post(reverse("core:token_delete", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("core:token_delete", args=[mine.pk])).status_code == 405
    response = client.post(reverse("core:token_delete", args=[mine.pk]))
    assert response.status_code == 302
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Fremd"]
    assertContains(client.get(response.url), _("The token “{name}” was revoked.").format(name="Meins"))
