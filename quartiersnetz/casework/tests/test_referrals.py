"""A referral through every status with two users of two organisations; what the receiver sees; consent."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from quartiersnetz.casework import services
from quartiersnetz.casework.choices import CaseConsentMethod, ConsentKind
from quartiersnetz.casework.models import Referral, ReferralEvent
from quartiersnetz.casework.selectors import referral_list, referral_view
from quartiersnetz.core.exceptions import ApplicationError

from .builders import SECRET_FIRST, SECRET_LAST, SECRET_PHONE


def _new_referral(world, cw, **data):
    return services.referral_create(user=world.contact_point_a, client=cw.client, sender=cw.cp_org,
                                    receiver=world.org_a, data={"purpose": "Hilfe bei Anträgen", **data})


def test_referral_runs_through_every_status_with_two_organisations(world, cw, client):
    sender_user, receiver_user = world.contact_point_a, world.partner_a  # Kontaktstelle and Jobcenter
    referral = _new_referral(world, cw, share_identity=True)
    assert referral.status == "proposed"
    # the receiver cannot take the sender's step, the sender cannot take the receiver's
    with pytest.raises(ApplicationError) as exc:
        services.referral_transition(user=receiver_user, referral=referral, to_status="transmitted")
    assert exc.value.status == 403
    services.referral_transition(user=sender_user, referral=referral, to_status="transmitted")
    with pytest.raises(ApplicationError):
        services.referral_transition(user=sender_user, referral=referral, to_status="accepted")
    # the receiver confirms in its own login (closed loop), through the page
    client.force_login(receiver_user)
    response = client.post(referral.get_absolute_url(), {"to_status": "accepted", "note": ""})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"
    services.referral_transition(user=receiver_user, referral=referral, to_status="first_contact")
    with pytest.raises(ApplicationError) as exc:
        services.referral_transition(user=receiver_user, referral=referral, to_status="completed")
    assert "result" in exc.value.extra  # a result is required
    referral = services.referral_transition(user=receiver_user, referral=referral, to_status="completed",
                                            result="solved")
    assert referral.status == "completed" and referral.result == "solved"
    steps = list(ReferralEvent.objects.filter(referral=referral).values_list("to_status", "organisation_id"))
    assert steps == [("proposed", cw.cp_org.pk), ("transmitted", cw.cp_org.pk), ("accepted", world.org_a.pk),
                     ("first_contact", world.org_a.pk), ("completed", world.org_a.pk)]
    assert referral.transmitted_at <= referral.accepted_at <= referral.first_contact_at <= referral.closed_at
    # a completed referral cannot be cancelled any more
    with pytest.raises(ApplicationError) as exc:
        services.referral_transition(user=sender_user, referral=referral, to_status="cancelled")
    assert exc.value.status == 409


def test_rejection_and_cancellation(world, cw):
    r = _new_referral(world, cw)
    services.referral_transition(user=world.contact_point_a, referral=r, to_status="transmitted")
    services.referral_transition(user=world.partner_a, referral=r, to_status="rejected", note="Kein Platz frei")
    assert Referral.objects.get(pk=r.pk).status == "rejected"
    r2 = _new_referral(world, cw)
    services.referral_transition(user=world.contact_point_a, referral=r2, to_status="cancelled")
    assert Referral.objects.get(pk=r2.pk).closed_at is not None


def test_receiver_sees_only_what_the_release_covers_and_withdrawal_hides_it_at_once(world, cw, client):
    referral = cw.referral  # release for org_a with scope ["name"] only
    view = referral_view(user=world.partner_a, referral=referral)
    assert view.personal == {"first_name": SECRET_FIRST, "last_name": SECRET_LAST}
    client.force_login(world.partner_a)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert SECRET_LAST in page and SECRET_PHONE not in page and "1985" not in page
    api = client.get(f"/api/v1/casework/referrals/{referral.pk}").json()
    assert api["personal"] == {"first_name": SECRET_FIRST, "last_name": SECRET_LAST}
    assert api["case_code"] == cw.client.code and api["need"]["name"] == "Schulden"
    # withdrawal: hidden at once on page and API
    services.case_consent_withdraw(user=world.contact_point_a, consent=cw.release_consent)
    assert referral_view(user=world.partner_a, referral=referral).personal == {}
    page = client.get(referral.get_absolute_url()).content.decode()
    assert SECRET_LAST not in page and SECRET_FIRST not in page
    assert client.get(f"/api/v1/casework/referrals/{referral.pk}").json()["personal"] == {}


def test_release_for_another_organisation_does_not_open_the_personal_part(world, cw):
    services.case_consent_withdraw(user=world.contact_point_a, consent=cw.release_consent)
    services.case_consent_record(user=world.contact_point_a, client=cw.client, kind=ConsentKind.RELEASE,
                                 recipient=cw.cp_org, scope=["name", "contact"],
                                 method=CaseConsentMethod.WRITTEN, given_on=timezone.localdate())
    assert referral_view(user=world.partner_a, referral=cw.referral).personal == {}


def test_expired_release_hides_the_personal_part(world, cw):
    cw.release_consent.given_on = timezone.localdate() - dt.timedelta(days=40)
    cw.release_consent.valid_until = timezone.localdate() - dt.timedelta(days=1)
    cw.release_consent.save()
    assert referral_view(user=world.partner_a, referral=cw.referral).personal == {}


def test_no_referral_with_personal_data_without_release(world, cw):
    services.case_consent_withdraw(user=world.contact_point_a, consent=cw.release_consent)
    before = Referral.objects.count()
    with pytest.raises(ApplicationError) as exc:
        _new_referral(world, cw, share_identity=True)
    assert exc.value.status == 409 and "share_identity" in exc.value.extra
    assert Referral.objects.count() == before
    assert _new_referral(world, cw, share_identity=False).pk  # without personal data it is fine


def test_partner_sees_only_referrals_addressed_to_it(world, cw):
    assert list(referral_list(user=world.partner_a)) == [cw.referral]
    assert list(referral_list(user=cw.partner_other)) == []
    with pytest.raises(Http404):
        services.referral_transition(user=cw.partner_other, referral=cw.referral, to_status="accepted")


def test_partner_can_refer_a_received_case_on(world, cw):
    """The next link of the service chain: the Jobcenter refers on to the Sprachschule."""
    services.referral_transition(user=world.partner_a, referral=cw.referral, to_status="accepted")
    sprachschule = cw.partner_other.roles.first().organisation
    onward = services.referral_create(user=world.partner_a, client=cw.client, sender=world.org_a,
                                      receiver=sprachschule, data={"purpose": "Sprachkurs"}, transmit=True)
    assert onward.status == "transmitted"
    assert referral_view(user=cw.partner_other, referral=onward).personal == {}
    # a partner without such a received case cannot refer it
    with pytest.raises(ApplicationError):
        services.referral_create(user=cw.partner_other, client=cw.client, sender=sprachschule,
                                 receiver=world.org_a, data={})


def test_referral_create_checks_identifiers_in_the_purpose(world, cw):
    before = Referral.objects.count()
    with pytest.raises(ApplicationError) as exc:
        _new_referral(world, cw, purpose="Bitte Frau Sabine anrufen: 0203 445566")
    assert "purpose" in exc.value.extra
    assert Referral.objects.count() == before


def test_api_referral_flow(world, cw, client):
    client.force_login(world.contact_point_a)
    body = {"case_code": cw.client.code, "sender_id": cw.cp_org.pk, "receiver_id": world.org_a.pk,
            "purpose": "Schuldnerberatung", "transmit": True}
    response = client.post("/api/v1/casework/referrals", body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "transmitted"
    client.force_login(world.partner_a)
    response = client.post(f"/api/v1/casework/referrals/{pk}/steps", {"to_status": "accepted"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = client.post(f"/api/v1/casework/referrals/{pk}/steps", {"to_status": "transmitted"},
                           content_type="application/json")
    assert response.status_code == 409
    client.force_login(cw.partner_other)
    response = client.post(f"/api/v1/casework/referrals/{pk}/steps", {"to_status": "first_contact"},
                           content_type="application/json")
    assert response.status_code == 404
