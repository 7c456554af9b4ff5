"""Partner organisations of an offer (joint offers): form (German errors, only permitted choices), service
checks with nothing written on failure, detail page, export and API (create/update, bad ids as problem+json)."""

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.services import api_token_create
from quartiersnetz.offers.forms import OfferForm
from quartiersnetz.offers.models import Offer
from quartiersnetz.offers.services import offer_create, offer_update
from quartiersnetz.testing import make_organisation

pytestmark = pytest.mark.django_db

SAME = "The provider cannot also be a partner organisation."
NOT_HERE = "Partner organisations must be active in this neighbourhood."


def test_form_choices_are_the_quartiers_visible_organisations(world, offers):
    form = OfferForm(user=world.coach_a, instance=offers.offer)
    names = [o.name for o in form.fields["partners"].queryset]
    assert "Jobcenter Duisburg" in names and "Caritas Marxloh" in names
    assert "Jobcenter Köln" not in names and "Stadtteilbüro Lobeda" not in names


def test_create_with_partners_and_german_errors(client, world, offers):
    client.force_login(world.coach_a)
    url = reverse("offers:offer_create")
    base = {"quartier": world.qa.pk, "provider": offers.caritas.pk, "title": "Elterncafé", "status": "active"}
    response = client.post(url, {**base, "partners": [offers.caritas.pk, world.org_a.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors["partners"] == [_(SAME)]
    response = client.post(url, {**base, "partners": [world.org_b.pk]})  # Quartier B: not a choice for coach A
    assert response.context["form"].errors["partners"] == [_("Please choose organisations of this neighbourhood.")]
    assert not Offer.objects.filter(title="Elterncafé").exists()
    response = client.post(url, {**base, "partners": [world.org_a.pk]})
    offer = Offer.objects.get(title="Elterncafé")
    assert response.status_code == 302 and [p.name for p in offer.partners.all()] == ["Jobcenter Duisburg"]
    detail = client.get(offer.get_absolute_url()).content.decode()
    assert _("Partner organisations") in detail and "Jobcenter Duisburg" in detail


def test_create_form_rejects_a_partner_of_another_of_the_users_quartiere(client, world, offers):
    """A coordination user sees both Quartiere; a partner must still belong to the chosen one."""
    client.force_login(world.coordination)
    response = client.post(reverse("offers:offer_create"), {
        "quartier": world.qa.pk, "provider": offers.caritas.pk, "title": "Sprachtreff", "status": "active",
        "partners": [world.org_b.pk]})
    assert response.context["form"].errors["partners"] == [_(NOT_HERE)]
    assert not Offer.objects.filter(title="Sprachtreff").exists()


def test_edit_keeps_and_changes_partners(client, world, offers):
    offers.hidden.partners.set([offers.caritas])
    client.force_login(world.partner_a)  # Jobcenter Duisburg: sees only its own organisation
    url = reverse("offers:offer_update", args=[offers.hidden.pk])
    form = client.get(url).context["form"]
    assert [o.name for o in form.fields["partners"].queryset] == ["Caritas Marxloh", "Jobcenter Duisburg"]
    assert [o.pk for o in form.initial["partners"]] == [offers.caritas.pk]
    data = {"provider": world.org_a.pk, "title": offers.hidden.title, "status": "active",
            "partners": [offers.caritas.pk]}
    assert client.post(url, data).status_code == 302
    assert list(offers.hidden.partners.all()) == [offers.caritas]  # kept, although the partner cannot list it
    response = client.post(url, {**data, "partners": [offers.caritas.pk, offers.twin.provider.pk]})
    assert response.context["form"].errors["partners"] == [_(SAME)]
    assert client.post(url, {**data, "partners": []}).status_code == 302
    assert not offers.hidden.partners.exists()


def test_service_checks_and_nothing_written(world, offers):
    outside = make_organisation(world.qb, name="Träger Chorweiler")
    data = {"provider": offers.caritas, "title": "Kochkurs", "partners": [outside]}
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=None, quartier=world.qa, data=data, system=True)
    assert exc.value.extra == {"partners": [_(NOT_HERE)]}
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=world.coach_a, quartier=world.qa, data={**data, "partners": [offers.caritas]})
    assert exc.value.message == _(SAME)
    assert not Offer.objects.filter(title="Kochkurs").exists()
    offer = offer_create(user=world.coach_a, quartier=world.qa, data={**data, "partners": [world.org_a]})
    # Making the partner the provider while it is still a partner is refused; the offer stays as it was.
    with pytest.raises(ApplicationError) as exc:
        offer_update(user=world.coach_a, offer=offer, data={"provider": world.org_a})
    assert exc.value.extra == {"partners": [_(SAME)]}
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.provider == offers.caritas and list(offer.partners.all()) == [world.org_a]
    # A partner that left the Quartier later stays valid for other edits.
    world.org_a.quartiere.remove(world.qa)
    offer_update(user=None, offer=offer, data={"title": "Kochkurs für Eltern"}, system=True)
    assert Offer.objects.get(pk=offer.pk).title == "Kochkurs für Eltern"


def test_export_lists_the_partners(client, world, offers):
    offers.offer.partners.set([world.org_a])
    client.force_login(world.coach_a)
    response = client.get(reverse("offers:offer_export"), {"format": "csv", "q": "Schuldnerberatung im"})
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    row = lines[1].split(";")
    assert row[header.index(str(_("Partner organisations")))] == "Jobcenter Duisburg"


class Api:
    def __init__(self, client, user):
        _token, key = api_token_create(user=user, name="test")
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def send(self, method, path, data):
        return getattr(self.client, method)("/api/v1" + path, json.dumps(data), content_type="application/json",
                                            **self.headers)


def test_api_create_and_update_with_partners(client, world, offers):
    api = Api(client, world.coach_a)
    response = api.send("post", "/offers", {"quartier_id": world.qa.pk, "provider_id": offers.caritas.pk,
                                            "title": "Nähcafé", "partner_ids": [world.org_a.pk]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["partners"] == [{"id": world.org_a.pk, "name": "Jobcenter Duisburg"}]
    other = make_organisation(world.qa, name="Familienzentrum Marxloh")
    response = api.send("patch", f"/offers/{body['id']}", {"partner_ids": [other.pk, world.org_a.pk]})
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["partners"]] == ["Familienzentrum Marxloh", "Jobcenter Duisburg"]
    response = api.send("patch", f"/offers/{body['id']}", {"title": "Nähcafé am Montag"})
    assert len(response.json()["partners"]) == 2  # not sent: unchanged
    response = api.send("patch", f"/offers/{body['id']}", {"partner_ids": []})
    assert response.json()["partners"] == []


def test_api_bad_partners_are_problems_and_nothing_written(client, world, offers):
    api = Api(client, world.coach_a)
    base = {"quartier_id": world.qa.pk, "provider_id": offers.caritas.pk, "title": "Nähcafé"}
    for bad in (world.org_b.pk, 999999):  # another Quartier's organisation, an unknown id
        response = api.send("post", "/offers", {**base, "partner_ids": [bad]})
        assert response.status_code == 404 and response["Content-Type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["field"] == "partner_ids"
    response = api.send("post", "/offers", {**base, "partner_ids": ["abc"]})
    assert response.status_code == 422 and response["Content-Type"].startswith("application/problem+json")
    response = api.send("post", "/offers", {**base, "partner_ids": [offers.caritas.pk]})
    assert response.status_code == 422 and response.json()["detail"] == _(SAME)
    assert not Offer.objects.filter(title="Nähcafé").exists()
    response = api.send("patch", f"/offers/{offers.offer.pk}", {"partner_ids": [world.org_b.pk]})
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "partner_ids"
    assert not offers.offer.partners.exists()
