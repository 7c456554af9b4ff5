"""Services: offers are validated in German and nothing is written on failure; the contact person link is
audited; duplicate assessments are stored per pair; permissions (role × object)."""

import pytest
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry
from quartiersnetz.offers.models import DuplicateAssessment, Offer, OfferLocation, TargetGroup, Topic
from quartiersnetz.offers.services import (
    duplicate_assess,
    duplicate_reopen,
    offer_create,
    offer_delete,
    offer_location_create,
    offer_locations_set,
    offer_update,
)
from quartiersnetz.testing import make_contact, make_organisation

pytestmark = pytest.mark.django_db


def _data(provider, **kw):
    return {"provider": provider, "title": "Sprachcafé", "target_groups": [TargetGroup.objects.get(slug="frauen")],
            "topics": [Topic.objects.get(slug="sprache")], **kw}


def test_create_with_terms_and_audited_contact(world):
    offer = offer_create(user=world.coach_a, quartier=world.qa, data=_data(world.org_a, contact=world.contact_a))
    assert offer.quartier == world.qa and offer.created_by == world.coach_a
    assert [t.slug for t in offer.target_groups.all()] == ["frauen"]
    assert offer.hsds_id
    entry = AuditLogEntry.objects.get(object_id=offer.pk, action="create")
    assert entry.fields == ["contact"] and entry.quartier == world.qa


def test_provider_must_be_active_in_the_quartier(world):
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=world.coach_a, quartier=world.qa, data=_data(world.org_b))
    assert exc.value.extra == {"provider": [_("The provider is not active in this neighbourhood.")]}
    assert Offer.objects.count() == 0


def test_contact_must_work_for_the_provider(world):
    other = make_organisation(world.qa, name="Kita Marxloh")
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=world.coach_a, quartier=world.qa, data=_data(other, contact=world.contact_a))
    assert exc.value.message == _("The contact person must work for the provider.")
    assert Offer.objects.count() == 0


def test_invalid_dates_hours_and_title(world):
    import datetime as dt

    with pytest.raises(ApplicationError):
        offer_create(user=world.coach_a, quartier=world.qa,
                     data=_data(world.org_a, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2024, 1, 1)))
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=world.coach_a, quartier=world.qa, data=_data(world.org_a, opening_hours=[{"weekday": 9}]))
    assert exc.value.extra == {"opening_hours": [_("The opening hours are not valid.")]}
    with pytest.raises(ApplicationError):
        offer_create(user=world.coach_a, quartier=world.qa, data=_data(world.org_a, title=""))
    assert Offer.objects.count() == 0


def test_duplicate_hsds_id_in_a_quartier_is_refused(world):
    offer_create(user=world.coach_a, quartier=world.qa, data=_data(world.org_a, hsds_id="x"))
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=world.coach_a, quartier=world.qa, data=_data(world.org_a, hsds_id="x"))
    assert exc.value.status == 409
    assert Offer.objects.count() == 1


@pytest.mark.parametrize(("who", "allowed"), [
    ("admin", True), ("coordination", True), ("coach_a", True), ("partner_a", True),
    ("coach_b", False), ("contact_point_a", False), ("evaluation", False), ("no_role", False),
    ("coordination_other", False),
])
def test_who_may_create_offers_in_quartier_a(world, who, allowed):
    user = getattr(world, who)
    if allowed:
        offer_create(user=user, quartier=world.qa, data=_data(world.org_a))
        assert Offer.objects.count() == 1
    else:
        with pytest.raises((Http404, ApplicationError)):
            offer_create(user=user, quartier=world.qa, data=_data(world.org_a))
        assert Offer.objects.count() == 0


def test_partner_only_for_the_own_organisation(world):
    other = make_organisation(world.qa, name="Träger Marxloh")
    with pytest.raises(ApplicationError) as exc:
        offer_create(user=world.partner_a, quartier=world.qa, data=_data(other))
    assert exc.value.extra == {"provider": [_("You may only enter offers of your own organisation.")]}


def test_update_and_delete_need_edit_rights(world, offers):
    with pytest.raises(Http404):
        offer_update(user=world.coach_b, offer=offers.offer, data={"title": "x"})
    with pytest.raises(Http404):
        offer_delete(user=world.contact_point_a, offer=offers.offer)
    offer = offer_update(user=world.coach_a, offer=offers.offer, data={"title": "Neu", "contact": None})
    assert offer.title == "Neu" and offer.contact is None
    assert AuditLogEntry.objects.filter(object_id=offer.pk, action="update", fields=["contact"]).exists()
    offer_delete(user=world.coach_a, offer=offers.offer)
    assert not Offer.objects.filter(pk=offers.offer.pk).exists()
    assert not DuplicateAssessment.objects.filter(pk=offers.assessment.pk).exists()


def test_location_address_rules(world, offers):
    with pytest.raises(ApplicationError) as exc:
        offer_location_create(user=world.coach_a, offer=offers.offer, data={"street": "Markt 1"})
    assert exc.value.extra["city"] == [_("Please give street, postcode and town together.")]
    with pytest.raises(ApplicationError):
        offer_location_create(user=world.coach_a, offer=offers.offer,
                              data={"street": "Markt 1", "postal_code": "4716", "city": "Duisburg"})
    with pytest.raises(ApplicationError):
        offer_location_create(user=world.coach_a, offer=offers.offer, data={"latitude": 51.5})
    assert offers.offer.locations.count() == 1
    loc = offer_location_create(user=world.coach_a, offer=offers.offer,
                                data={"name": "Treff", "latitude": 51.5, "longitude": 6.75})
    assert str(loc.latitude) == "51.500000"


def test_locations_set_keeps_updates_and_deletes(world, offers):
    kept = offer_locations_set(user=world.coach_a, offer=offers.offer, locations=[
        {"hsds_id": offers.location.hsds_id, "name": "Umbenannt"}, {"name": "Neu"}])
    assert [loc.name for loc in kept] == ["Umbenannt", "Neu"]
    assert kept[0].pk == offers.location.pk
    offer_locations_set(user=world.coach_a, offer=offers.offer, locations=[])
    assert OfferLocation.objects.filter(offer=offers.offer).count() == 0


def test_duplicate_assessment_per_pair(world, offers):
    third = Offer.objects.create(quartier=world.qa, provider=world.org_a, title="Dritte")
    first = duplicate_assess(user=world.coach_a, quartier=world.qa, a=third, b=offers.offer, score=0.61234,
                             verdict="dismissed", note=" verschiedene Zielgruppen ")
    assert (first.offer_a_id, first.offer_b_id) == (offers.offer.pk, third.pk)
    assert str(first.score) == "0.612" and first.note == "verschiedene Zielgruppen"
    again = duplicate_assess(user=world.coach_a, quartier=world.qa, a=offers.offer, b=third, score=0.6,
                             verdict="confirmed")
    assert again.pk == first.pk and again.verdict == "confirmed"
    with pytest.raises(ApplicationError):
        duplicate_assess(user=world.coach_a, quartier=world.qa, a=offers.offer, b=third, score=0.6, verdict="x")
    with pytest.raises(Http404):
        duplicate_assess(user=world.coach_b, quartier=world.qa, a=offers.offer, b=third, score=0.6,
                         verdict="confirmed")
    with pytest.raises(Http404):
        duplicate_assess(user=world.coach_b, quartier=world.qb, a=offers.offer, b=third, score=0.6,
                         verdict="confirmed")
    with pytest.raises(Http404):
        duplicate_reopen(user=world.evaluation, assessment=again)
    duplicate_reopen(user=world.coach_a, assessment=again)
    assert not DuplicateAssessment.objects.filter(pk=again.pk).exists()


def test_contact_of_an_organisation_in_two_quartiere(world):
    shared = make_organisation(world.qa, world.qb, name="Caritas Ruhr")
    person = make_contact(shared)
    offer = offer_create(user=world.coach_b, quartier=world.qb, data=_data(shared, contact=person))
    assert offer.contact == person
