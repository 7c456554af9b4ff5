"""Pages for organisations, contact persons and consent.

Expected texts come from gettext of the msgid (language-independent); values are asserted literally.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pytest_django.asserts import assertContains, assertNotContains

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.choices import AuditAction, ConsentPurpose
from quartiersnetz.core.models import AuditLogEntry, ConsentRecord
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def names(response) -> list[str]:
    return [o.name for o in response.context["object_list"]]


def person_names(response) -> list[str]:
    return [p.full_name for p in response.context["object_list"]]


def org_data(world, **overrides) -> dict:
    data = {
        "name": "Familienzentrum Marxloh", "short_name": "FZ", "actor_type": make_actor_type().pk,
        "quartiere": [world.qa.pk], "legal_domain": "", "street": "Weseler Straße 12", "postal_code": "47169",
        "city": "Duisburg", "phone": "0203 1234", "email": "info@fz.example.org",
        "website": "https://fz.example.org", "description": "", "latitude": "51,4961", "longitude": "6,7652",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def contact_data(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk, "first_name": "Hans", "last_name": "Muster", "function": "Leitung",
        "level": "leitung", "decision_authority": "on", "email": "hans@example.org", "phone": "0203 555",
        "valid_from": "2024-01-01", "valid_until": "", "note": "",
    }
    data.update(overrides)
    return data


# --- organisation list -------------------------------------------------------------------------------------------


def test_organisation_list_is_scoped(client, world):
    assert names(login(client, world.coach_a).get(reverse("actors:organisation_list"))) == ["Jobcenter Duisburg"]
    client.force_login(world.partner_a)
    assert names(client.get(reverse("actors:organisation_list"))) == ["Jobcenter Duisburg"]
    client.force_login(world.coordination)
    assert names(client.get(reverse("actors:organisation_list"))) == ["Jobcenter Duisburg", "Jobcenter Köln"]


def test_organisation_list_search_filters_and_sort(client, world):
    kita = make_actor_type("kita-x", "Kita X")
    make_organisation(world.qa, name="Kita Regenbogen", actor_type=kita, city="Duisburg")
    make_organisation(world.qa, name="Alter Verein", is_active=False)
    make_contact(world.org_b)
    make_contact(world.org_b)
    client = login(client, world.admin)
    url = reverse("actors:organisation_list")
    assert names(client.get(url, {"q": "regenb"})) == ["Kita Regenbogen"]
    assert names(client.get(url, {"actor_type": "kita-x"})) == ["Kita Regenbogen"]
    assert names(client.get(url, {"quartier": world.qb.slug})) == ["Jobcenter Köln"]
    assert names(client.get(url, {"is_active": "false"})) == ["Alter Verein"]
    assert "Alter Verein" not in names(client.get(url, {"is_active": "true"}))
    assert names(client.get(url, {"sort": "-contacts"}))[0] == "Jobcenter Köln"
    assert names(client.get(url, {"sort": "-name"}))[0] == "Stadtteilbüro Lobeda"
    response = client.get(url, {"sort": "actor_type", "quartier": world.qa.slug})
    assert names(response) == ["Jobcenter Duisburg", "Alter Verein", "Kita Regenbogen"]
    assertContains(response, 'aria-sort="ascending"')


def test_organisation_list_filter_choices_stay_in_scope(client, world):
    form = login(client, world.coach_a).get(reverse("actors:organisation_list")).context["filter_form"]
    assert [c[0] for c in form.fields["quartier"].choices] == ["", world.qa.slug]
    # A foreign Quartier in the URL is ignored, not used to filter (and not an error).
    response = client.get(reverse("actors:organisation_list"), {"quartier": world.qb.slug})
    assert names(response) == ["Jobcenter Duisburg"]


def test_organisation_list_pagination_and_empty_state(client, world):
    for n in range(27):
        make_organisation(world.qa, name=f"Verein {n:02d}")
    client = login(client, world.coach_a)
    assert len(client.get(reverse("actors:organisation_list")).context["object_list"]) == 25
    page2 = client.get(reverse("actors:organisation_list"), {"page": 2})
    assert names(page2) == ["Verein 24", "Verein 25", "Verein 26"]
    empty = client.get(reverse("actors:organisation_list"), {"q": "gibtsnicht"})
    assertContains(empty, _("No organisation matches the filter."))
    assertContains(empty, _("Reset filter"))


def test_organisation_list_hides_contact_counts_from_evaluation(client, world):
    response = login(client, world.evaluation).get(reverse("actors:organisation_list"))
    assert response.status_code == 200
    assert response.context["show_contacts"] is False
    assertNotContains(response, reverse("actors:contact_list"))


# --- organisation detail -----------------------------------------------------------------------------------------


def test_organisation_detail_shows_contacts_with_consent_status(client, world):
    response = login(client, world.coach_a).get(reverse("actors:organisation_detail", args=[world.org_a.pk]))
    assert response.status_code == 200
    assertContains(response, world.contact_a.full_name)
    assertContains(response, world.contact_a.email)
    (row,) = response.context["contacts"]
    assert [s["active"] for s in row["statuses"]] == [True, False, False]
    assertContains(response, f"{ConsentPurpose.CONTACT.label}: {_('given')}")
    assertContains(response, f"{ConsentPurpose.PUBLISH.label}: {_('not given')}")
    assertContains(response, reverse("actors:organisation_update", args=[world.org_a.pk]))


def test_organisation_detail_for_evaluation_has_no_personal_data(client, world):
    response = login(client, world.evaluation).get(reverse("actors:organisation_detail", args=[world.org_a.pk]))
    assert response.status_code == 200
    assert response.context["contacts"] is None
    assertNotContains(response, world.contact_a.last_name)
    assertNotContains(response, reverse("actors:organisation_update", args=[world.org_a.pk]))


def test_organisation_detail_names_only_visible_quartiere(client, world):
    shared = make_organisation(world.qa, world.qc, name="Überregionaler Träger")
    response = login(client, world.coach_a).get(reverse("actors:organisation_detail", args=[shared.pk]))
    assert response.context["quartiere"] == [world.qa]
    assertNotContains(response, "Lobeda")


@pytest.mark.parametrize("name", ["organisation_detail", "organisation_update", "organisation_delete"])
def test_organisation_pages_of_other_quartier_are_404(client, world, name):
    assert login(client, world.coach_b).get(reverse(f"actors:{name}", args=[world.org_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["organisation_update", "organisation_delete"])
@pytest.mark.parametrize("role", ["evaluation", "contact_point_a"])
def test_organisation_edit_is_404_for_readers(client, world, role, name):
    client = login(client, getattr(world, role))
    assert client.get(reverse("actors:organisation_detail", args=[world.org_a.pk])).status_code == 200
    assert client.get(reverse(f"actors:{name}", args=[world.org_a.pk])).status_code == 404
    assert client.post(reverse(f"actors:{name}", args=[world.org_a.pk]), org_data(world)).status_code == 404
    assert Organisation.objects.filter(pk=world.org_a.pk, name="Jobcenter Duisburg").exists()


# --- organisation create -----------------------------------------------------------------------------------------


def test_organisation_create_by_coach(client, world):
    client = login(client, world.coach_a)
    form = client.get(reverse("actors:organisation_create")).context["form"]
    assert list(form.fields["quartiere"].queryset) == [world.qa]
    response = client.post(reverse("actors:organisation_create"), org_data(world))
    org = Organisation.objects.get(name="Familienzentrum Marxloh")
    assert response.status_code == 302 and response.url == org.get_absolute_url()
    assert list(org.quartiere.all()) == [world.qa]
    assert str(org.latitude) == "51.496100" and org.postal_code == "47169"
    assertContains(client.get(response.url), _("Organisation “{name}” was saved.").format(name=org.name))


def test_organisation_create_preselects_quartier(client, world):
    response = login(client, world.coach_a).get(reverse("actors:organisation_create"), {"quartier": world.qa.slug})
    assert response.context["form"].initial["quartiere"] == [world.qa.pk]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "4716", "Please enter a postcode with five digits, e.g. 47169."),
        ("latitude", "95", "The latitude must be between -90 and 90."),
        ("longitude", "-181", "The longitude must be between -180 and 180."),
        ("email", "keine-mail", None),
        ("website", "nicht eine url", None),
        ("name", "", None),
    ],
)
def test_organisation_create_validates_in_german(client, world, field, value, message):
    response = login(client, world.coach_a).post(
        reverse("actors:organisation_create"), org_data(world, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    if message:
        assertContains(response, _(message))
    assertContains(response, _("Please correct the marked entries."))
    assert Organisation.objects.count() == 3


def test_organisation_create_duplicate_name(client, world):
    response = login(client, world.coach_a).post(
        reverse("actors:organisation_create"), org_data(world, name="jobcenter duisburg"))
    assertContains(response, _("An organisation named “{name}” already exists.").format(name="jobcenter duisburg"))
    assert Organisation.objects.count() == 3


def test_organisation_create_cannot_use_foreign_quartier(client, world):
    response = login(client, world.coach_a).post(
        reverse("actors:organisation_create"), org_data(world, quartiere=[world.qb.pk]))
    assert response.status_code == 200
    assert "quartiere" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Familienzentrum Marxloh").exists()


def test_organisation_create_is_404_without_editable_quartier(client, world):
    for user in (world.partner_a, world.evaluation, world.contact_point_a):
        client.force_login(user)
        assert client.get(reverse("actors:organisation_create")).status_code == 404


# --- organisation update / delete --------------------------------------------------------------------------------


def test_partner_edits_own_organisation_but_not_others(client, world):
    client = login(client, world.partner_a)
    url = reverse("actors:organisation_update", args=[world.org_a.pk])
    form = client.get(url).context["form"]
    assert "quartiere" not in form.fields
    response = client.post(url, org_data(world, name="Jobcenter Duisburg", phone="0203 999"))
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.phone == "0203 999"
    assert list(world.org_a.quartiere.all()) == [world.qa]
    other = make_organisation(world.qa, name="Nachbarverein")
    assert client.get(reverse("actors:organisation_update", args=[other.pk])).status_code == 404
    assert client.post(reverse("actors:organisation_update", args=[other.pk]), org_data(world)).status_code == 404
    # Partners may not delete their own organisation either.
    assert client.get(reverse("actors:organisation_delete", args=[world.org_a.pk])).status_code == 404


def test_coach_update_keeps_assignments_outside_own_scope(client, world):
    shared = make_organisation(world.qa, world.qc, name="Überregionaler Träger")
    client = login(client, world.coach_a)
    url = reverse("actors:organisation_update", args=[shared.pk])
    response = client.post(url, org_data(world, name="Überregionaler Träger", city="Essen", quartiere=[world.qa.pk]))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.city == "Essen"
    assert set(shared.quartiere.all()) == {world.qa, world.qc}


def test_organisation_update_invalid_writes_nothing(client, world):
    response = login(client, world.coach_a).post(
        reverse("actors:organisation_update", args=[world.org_a.pk]),
        org_data(world, name="Jobcenter Duisburg", postal_code="ABCDE"))
    assertContains(response, _("Please enter a postcode with five digits, e.g. 47169."))
    world.org_a.refresh_from_db()
    assert world.org_a.postal_code == ""


def test_organisation_delete_by_coach(client, world):
    client = login(client, world.coach_a)
    url = reverse("actors:organisation_delete", args=[world.org_a.pk])
    confirm = client.get(url)
    assertContains(confirm, _("Do you really want to delete the organisation “{name}”?").format(
        name="Jobcenter Duisburg"))
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("actors:organisation_list")
    assert not Organisation.objects.filter(pk=world.org_a.pk).exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.DELETE, object_id=world.contact_a.pk).exists()


# --- contact persons ---------------------------------------------------------------------------------------------


def test_contact_list_is_scoped_and_filters(client, world):
    boss = make_contact(world.org_a, first_name="Berta", last_name="Chefin", decision_authority=True)
    client = login(client, world.coach_a)
    url = reverse("actors:contact_list")
    assert person_names(client.get(url)) == sorted(
        [world.contact_a.full_name, boss.full_name], key=lambda n: n.split()[1])
    assert person_names(client.get(url, {"decision_authority": "true"})) == ["Berta Chefin"]
    assert person_names(client.get(url, {"decision_authority": "false"})) == [world.contact_a.full_name]
    assert person_names(client.get(url, {"q": "chefin"})) == ["Berta Chefin"]
    assert person_names(client.get(url, {"organisation": world.org_a.pk, "sort": "-name"}))[0] == "Berta Chefin"
    assert world.contact_b.full_name not in person_names(client.get(url, {"organisation": world.org_b.pk}))


def test_contact_list_sort_by_organisation(client, world):
    response = login(client, world.admin).get(reverse("actors:contact_list"), {"sort": "-organisation"})
    assert [p.organisation.name for p in response.context["object_list"]] == ["Jobcenter Köln", "Jobcenter Duisburg"]


def test_contact_list_hides_details_without_consent(client, world):
    silent = make_contact(world.org_a, consents=(), first_name="Stefan", last_name="Still")
    response = login(client, world.coach_a).get(reverse("actors:contact_list"))
    assertContains(response, world.contact_a.email)
    assertNotContains(response, silent.email)
    assertContains(response, _("Contact details hidden: no valid consent to be contacted."))


@pytest.mark.parametrize("name", ["contact_list", "contact_create", "contact_export"])
def test_contact_collection_pages_are_404_for_evaluation(client, world, name):
    assert login(client, world.evaluation).get(reverse(f"actors:{name}")).status_code == 404


@pytest.mark.parametrize("name", ["contact_detail", "contact_update", "contact_delete", "consent_create"])
@pytest.mark.parametrize("role", ["evaluation", "coach_b"])
def test_contact_pages_are_404_outside_scope(client, world, name, role):
    response = login(client, getattr(world, role)).get(reverse(f"actors:{name}", args=[world.contact_a.pk]))
    assert response.status_code == 404


def test_contact_detail_shows_details_and_consents(client, world):
    response = login(client, world.coach_a).get(reverse("actors:contact_detail", args=[world.contact_a.pk]))
    assert response.status_code == 200
    assertContains(response, world.contact_a.email)
    assertContains(response, world.contact_a.phone)
    assertContains(response, "15.01.2024")
    assertContains(response, reverse("actors:consent_create", args=[world.contact_a.pk]))


def test_withdrawn_consent_hides_email_and_phone(client, world):
    client = login(client, world.coach_a)
    record = world.contact_a.consents.get()
    url = reverse("actors:consent_withdraw", args=[world.contact_a.pk, record.pk])
    assertContains(client.get(url), ConsentPurpose.CONTACT.label)
    response = client.post(url, {"withdrawn_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.withdrawn_on == timezone.localdate()
    assert AuditLogEntry.objects.filter(action=AuditAction.UPDATE, object_id=world.contact_a.pk,
                                        fields=["consent:contact:withdrawn"]).exists()
    page = client.get(reverse("actors:contact_detail", args=[world.contact_a.pk]))
    assertNotContains(page, world.contact_a.email)
    assertNotContains(page, world.contact_a.phone)
    assertContains(page, _("Contact details hidden: no valid consent to be contacted."))
    assertContains(page, _("Consent “{purpose}” for {name} was withdrawn.").format(
        purpose=ConsentPurpose.CONTACT.label, name=world.contact_a.full_name))
    # A withdrawn consent cannot be withdrawn again.
    assert client.get(url).status_code == 404


def test_consent_withdraw_rejects_date_before_given(client, world):
    record = world.contact_a.consents.get()
    response = login(client, world.coach_a).post(
        reverse("actors:consent_withdraw", args=[world.contact_a.pk, record.pk]), {"withdrawn_on": "2020-01-01"})
    assertContains(response, _("The withdrawal cannot be dated before the consent was given."))
    record.refresh_from_db()
    assert record.withdrawn_on is None


def test_consent_withdraw_of_other_persons_record_is_404(client, world):
    record_b = world.contact_b.consents.get()
    response = login(client, world.coach_a).post(
        reverse("actors:consent_withdraw", args=[world.contact_a.pk, record_b.pk]),
        {"withdrawn_on": timezone.localdate().isoformat()})
    assert response.status_code == 404
    record_b.refresh_from_db()
    assert record_b.withdrawn_on is None


def test_consent_create(client, world):
    client = login(client, world.coach_a)
    url = reverse("actors:consent_create", args=[world.contact_a.pk])
    response = client.post(url, {"purpose": ConsentPurpose.SHARE, "given_on": "2025-03-01", "method": "verbal",
                                 "scope_note": "Jobcenter, Familienzentrum", "valid_until": ""})
    assert response.status_code == 302
    record = ConsentRecord.objects.get(object_id=world.contact_a.pk, purpose=ConsentPurpose.SHARE)
    assert record.given_on == dt.date(2025, 3, 1) and record.method == "verbal"
    assert record.recorded_by == world.coach_a
    assert AuditLogEntry.objects.filter(action=AuditAction.CREATE, object_id=world.contact_a.pk,
                                        fields=["consent:share"], quartier=world.qa).exists()


def test_consent_create_rejects_future_and_inverted_dates(client, world):
    client = login(client, world.coach_a)
    url = reverse("actors:consent_create", args=[world.contact_a.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"purpose": "share", "given_on": future, "method": "written"})
    assertContains(response, _("Consent cannot be given in the future."))
    response = client.post(url, {"purpose": "share", "given_on": "2025-03-01", "method": "written",
                                 "valid_until": "2025-01-01"})
    assertContains(response, _("The consent cannot end before it was given."))
    assert not ConsentRecord.objects.filter(purpose="share").exists()


def test_contact_create_with_preselected_organisation(client, world):
    client = login(client, world.coach_a)
    form = client.get(reverse("actors:contact_create"), {"organisation": world.org_a.pk}).context["form"]
    assert form.initial["organisation"] == world.org_a.pk
    assert list(form.fields["organisation"].queryset) == [world.org_a]
    # A foreign organisation in the URL is not preselected.
    form = client.get(reverse("actors:contact_create"), {"organisation": world.org_b.pk}).context["form"]
    assert "organisation" not in form.initial
    response = client.post(reverse("actors:contact_create"), contact_data(world.org_a))
    person = ContactPerson.objects.get(last_name="Muster")
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert person.organisation == world.org_a and person.decision_authority is True
    entry = AuditLogEntry.objects.get(action=AuditAction.CREATE, object_id=person.pk)
    assert entry.username == "coach_a" and entry.quartier == world.qa and "email" in entry.fields
    assertContains(client.get(response.url), _("Contact person “{name}” was saved.").format(name="Hans Muster"))


def test_contact_create_invalid_writes_nothing(client, world):
    client = login(client, world.coach_a)
    response = client.post(reverse("actors:contact_create"), contact_data(world.org_a, email="kaputt"))
    assert response.status_code == 200 and "email" in response.context["form"].errors
    response = client.post(reverse("actors:contact_create"),
                           contact_data(world.org_a, valid_from="2024-05-01", valid_until="2024-01-01"))
    assertContains(response, _("“Responsible until” must not be before “Responsible since”."))
    response = client.post(reverse("actors:contact_create"), contact_data(world.org_b))
    assert "organisation" in response.context["form"].errors
    assert not ContactPerson.objects.filter(last_name="Muster").exists()
    assert not AuditLogEntry.objects.exists()


def test_contact_update_and_delete_are_audited(client, world):
    client = login(client, world.partner_a)
    url = reverse("actors:contact_update", args=[world.contact_a.pk])
    data = contact_data(world.org_a, first_name="Erika", last_name=world.contact_a.last_name,
                        function="Teamleitung", email="neu@example.org", phone=world.contact_a.phone,
                        level="", decision_authority="", valid_from="")
    response = client.post(url, data)
    assert response.status_code == 302
    world.contact_a.refresh_from_db()
    assert world.contact_a.email == "neu@example.org"
    entry = AuditLogEntry.objects.get(action=AuditAction.UPDATE, object_id=world.contact_a.pk)
    assert entry.fields == ["email"]
    response = client.post(reverse("actors:contact_delete", args=[world.contact_a.pk]))
    assert response.status_code == 302 and response.url == world.org_a.get_absolute_url()
    assert not ContactPerson.objects.filter(pk=world.contact_a.pk).exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.DELETE, object_id=world.contact_a.pk).exists()


def test_contact_point_reads_but_cannot_edit(client, world):
    client = login(client, world.contact_point_a)
    assert client.get(reverse("actors:contact_detail", args=[world.contact_a.pk])).status_code == 200
    assert client.get(reverse("actors:contact_update", args=[world.contact_a.pk])).status_code == 404
    assert client.post(reverse("actors:contact_delete", args=[world.contact_a.pk])).status_code == 404
    assert ContactPerson.objects.filter(pk=world.contact_a.pk).exists()
