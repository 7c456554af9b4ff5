"""Pages of acquisition and local economy: every page renders, forms validate in German, objects of other
Quartiere answer 404, evaluation sees the funnel but no case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.acquisition.choices import AcquisitionStage as S
from quartiersnetz.acquisition.models import (
    AcquisitionCase,
    BusinessNetwork,
    BusinessNetworkMembership,
    CompanyProfile,
    PublicityEntry,
)
from quartiersnetz.testing import make_organisation

from .builders import company_type

pytestmark = pytest.mark.django_db


def object_urls(acq) -> list[str]:
    a = acq
    return [
        reverse("acquisition:case_detail", args=[a.case.pk]), reverse("acquisition:case_update", args=[a.case.pk]),
        reverse("acquisition:case_delete", args=[a.case.pk]), reverse("acquisition:case_move", args=[a.case.pk]),
        reverse("acquisition:board", args=[a.world.qa.slug]),
        reverse("acquisition:company_detail", args=[a.profile.pk]),
        reverse("acquisition:company_update", args=[a.profile.pk]),
        reverse("acquisition:company_path", args=[a.profile.pk]),
        reverse("acquisition:company_delete", args=[a.profile.pk]),
        reverse("acquisition:network_detail", args=[a.network.pk]),
        reverse("acquisition:network_update", args=[a.network.pk]),
        reverse("acquisition:network_delete", args=[a.network.pk]),
        reverse("acquisition:network_member_add", args=[a.network.pk]),
        reverse("acquisition:network_member_remove", args=[a.network.pk, a.membership.pk]),
        reverse("acquisition:publicity_create", args=[a.network.pk]),
        reverse("acquisition:publicity_delete", args=[a.network.pk, a.publicity.pk]),
    ]


LIST_URLS = ["case_list", "case_export", "company_list", "company_export", "network_list", "network_export",
             "funnel", "case_create", "company_create", "network_create"]
SECRETS = ("Bäckerei Marxloh", "Marxloher Business Brunch", "Hospitation vereinbaren", "Noch ein Gremium")


def test_every_page_renders_for_the_coach(client, world, acq):
    client.force_login(world.coach_a)
    for url in object_urls(acq) + [reverse(f"acquisition:{name}") for name in LIST_URLS]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    lst = client.get(reverse("acquisition:case_list"), {"stage": S.APPROACHED, "q": "Hospitation", "sort": "-since"})
    assert "Jobcenter Duisburg" in lst.content.decode()
    assert "Jobcenter Duisburg" not in client.get(reverse("acquisition:case_list"), {"stage": S.LOI}).content.decode()
    export = client.get(reverse("acquisition:case_export"), {"format": "csv"})
    assert export.status_code == 200 and "Hospitation vereinbaren" in export.content.decode("utf-8-sig")
    assert client.get(reverse("acquisition:company_export"), {"format": "xlsx"}).status_code == 200


def test_coach_of_another_quartier_gets_404_everywhere(client, world, acq):
    client.force_login(world.coach_b)
    for url in object_urls(acq):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (method, url, response.status_code)
    for name in LIST_URLS[:7]:
        body = client.get(reverse(f"acquisition:{name}")).content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, (name, secret)
    assert AcquisitionCase.objects.count() == 2 and BusinessNetwork.objects.count() == 1


def test_evaluation_sees_the_funnel_but_no_cases(client, world, acq):
    client.force_login(world.evaluation)
    funnel = client.get(reverse("acquisition:funnel"), {"programme": world.programme.slug})
    assert funnel.status_code == 200
    html = funnel.content.decode()
    assert "vega-lite.min.js" in html and "<caption" in html
    assert "2 Organisationen" in html  # the cases of A and B
    for secret in SECRETS + ("Jobcenter Duisburg",):
        assert secret not in html
    for url in object_urls(acq) + [reverse(f"acquisition:{n}") for n in LIST_URLS if n != "funnel"]:
        assert client.get(url).status_code == 404, url


def test_partner_and_users_without_role_see_no_funnel(client, world, acq):
    for user in (world.partner_a, world.no_role):
        client.force_login(user)
        assert client.get(reverse("acquisition:funnel")).status_code == 404
        assert client.get(reverse("acquisition:case_list")).status_code == 404


def test_contact_point_reads_but_cannot_change(client, world, acq):
    client.force_login(world.contact_point_a)
    assert client.get(reverse("acquisition:case_detail", args=[acq.case.pk])).status_code == 200
    board = client.get(reverse("acquisition:board", args=[world.qa.slug])).content.decode()
    assert "Verschieben" not in board
    response = client.post(reverse("acquisition:case_move", args=[acq.case.pk]), {"to_stage": S.TALKED})
    assert response.status_code == 404
    assert acq.case.stage_changes.count() == 2


def test_case_create_form_validates_in_german_and_offers_only_own_organisations(client, world, acq):
    client.force_login(world.coach_a)
    page = client.get(reverse("acquisition:case_create")).content.decode()
    assert "Jobcenter Köln" not in page and "Bäckerei Marxloh GmbH" in page
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("acquisition:case_create"), {
        "quartier": world.qa.pk, "organisation": acq.company.pk, "stage": S.IDENTIFIED, "on": future})
    assert response.status_code == 200
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    response = client.post(reverse("acquisition:case_create"), {
        "quartier": world.qa.pk, "organisation": world.org_b.pk, "stage": S.IDENTIFIED})
    assert response.status_code == 200 and AcquisitionCase.objects.count() == 2
    response = client.post(reverse("acquisition:case_create"), {
        "quartier": world.qa.pk, "organisation": acq.company.pk, "stage": S.TALKED, "on": "2013-05-02",
        "owner": world.coach_a.pk, "next_step": "Betrieb besuchen"})
    assert response.status_code == 302
    case = AcquisitionCase.objects.get(organisation=acq.company)
    assert case.stage == S.TALKED and case.stage_since == dt.date(2013, 5, 2)
    assert list(case.stage_changes.values_list("to_stage", "on")) == [(S.TALKED, dt.date(2013, 5, 2))]


def test_company_profile_validates_wz_code_and_company_type(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:company_update", args=[acq.profile.pk])
    response = client.post(url, {"wz_code": "F 47.11", "employees": "12"})
    assert "Die Nummer gehört nicht zum Abschnittsbuchstaben." in response.content.decode()
    response = client.post(url, {"wz_code": "X", "employees": "12"})
    assert "Bitte geben Sie einen WZ-2008-Code ein" in response.content.decode()
    response = client.post(url, {"wz_code": "47.11", "employees": "300", "size_class": "small"})
    assert "Größenklasse" in response.content.decode() and response.status_code == 200
    acq.profile.refresh_from_db()
    assert acq.profile.wz_code == "C 10.71" and acq.profile.employees == 12
    response = client.post(url, {"wz_code": "47.11", "employees": "300"})
    assert response.status_code == 302
    acq.profile.refresh_from_db()
    assert (acq.profile.wz_code, acq.profile.size_class, acq.profile.wz_section_name) == (
        "G 47.11", "large", "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen")
    # a Jobcenter is no company
    from quartiersnetz.acquisition.services import company_profile_create
    from quartiersnetz.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as info:
        company_profile_create(user=world.coach_a, organisation=world.org_a, data={"wz_code": "G"})
    assert "Unternehmen" in info.value.message
    assert CompanyProfile.objects.count() == 1


def test_cooperation_path_keeps_its_history(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:company_path", args=[acq.profile.pk])
    assert client.post(url, {"to_path": "network", "on": "2014-06-01"}).status_code == 302
    acq.profile.refresh_from_db()
    assert acq.profile.cooperation_path == "network" and acq.profile.cooperation_path_since == dt.date(2014, 6, 1)
    assert list(acq.profile.path_changes.values_list("from_path", "to_path")) == [
        ("", "activation"), ("activation", "network")]
    response = client.post(url, {"to_path": "impulse", "on": "2014-05-01"})
    assert "nicht vor der letzten erfassten Änderung" in response.content.decode()
    assert acq.profile.path_changes.count() == 2


def test_network_detail_shows_branchenmix_critical_mass_and_hints(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:network_detail", args=[acq.network.pk])
    html = client.get(url).content.decode()
    assert "Fehlen von Interessierten" in html  # 1 of 10
    assert "Fehlen von Öffentlichkeit" in html  # last entry 2014
    assert "C – Verarbeitendes Gewerbe" in html
    # enough members and fresh publicity: no hints
    for i in range(9):
        org = make_organisation(world.qa, name=f"Laden {i}", actor_type=company_type())
        CompanyProfile.objects.create(organisation=org, wz_code="G 47.11" if i < 6 else "I")
        BusinessNetworkMembership.objects.create(network=acq.network, organisation=org)
    PublicityEntry.objects.create(network=acq.network, on=timezone.localdate(), kind="press", text="Neu")
    html = client.get(url).content.decode()
    assert "Fehlen von Interessierten" not in html and "Fehlen von Öffentlichkeit" not in html
    assert "G – Handel" in html and "60,0" in html  # 6 of 10


def test_network_members_publicity_and_removal(client, world, acq):
    client.force_login(world.coach_a)
    add = reverse("acquisition:network_member_add", args=[acq.network.pk])
    assert client.post(add, {"organisation": world.org_b.pk}).status_code == 200  # not offered: Quartier B
    assert client.post(add, {"organisation": world.org_a.pk, "since": "2014-01-01"}).status_code == 302
    assert acq.network.memberships.count() == 2
    remove = reverse("acquisition:network_member_remove", args=[acq.network.pk, acq.membership.pk])
    assert client.post(remove, {"until": "2014-06-30"}).status_code == 302
    acq.membership.refresh_from_db()
    assert acq.membership.until == dt.date(2014, 6, 30)
    pub = reverse("acquisition:publicity_create", args=[acq.network.pk])
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(pub, {"on": future, "kind": "press", "text": "Zu früh"})
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    assert client.post(pub, {"on": "2014-06-01", "kind": "event", "text": "Stadtteilfest"}).status_code == 302
    assert acq.network.publicity.count() == 2


def test_network_create_edit_delete(client, world, acq):
    client.force_login(world.coach_a)
    response = client.post(reverse("acquisition:network_create"), {
        "quartier": world.qa.pk, "name": "Marxloher Business Brunch", "form": "brunch", "critical_mass": 10})
    assert "gibt es in diesem Quartier bereits" in response.content.decode()
    response = client.post(reverse("acquisition:network_create"), {
        "quartier": world.qa.pk, "name": "Gründer-Stammtisch Marxloh", "form": "founders", "critical_mass": 8})
    assert response.status_code == 302
    network = BusinessNetwork.objects.get(name="Gründer-Stammtisch Marxloh")
    assert client.post(reverse("acquisition:network_delete", args=[network.pk])).status_code == 302
    assert not BusinessNetwork.objects.filter(pk=network.pk).exists()
