"""Reminders for stalled referrals ("Kette gefährdet") with frozen dates and the mail outbox."""

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command

from quartiersnetz.casework import services
from quartiersnetz.casework.models import Referral

from .builders import SECRET_LAST

NOW = dt.datetime(2030, 5, 20, 8, 0, tzinfo=dt.UTC)


def test_stalled_referrals_are_flagged_and_owners_reminded_once(world, cw, mailoutbox):
    world.contact_point_a.email = "kontaktstelle@example.org"
    world.contact_point_a.save()
    Referral.objects.filter(pk=cw.referral.pk).update(last_progress_at=NOW - dt.timedelta(days=15))
    fresh = services.referral_create(user=world.contact_point_a, client=cw.client, sender=cw.cp_org,
                                     receiver=world.org_a, data={}, transmit=True)
    Referral.objects.filter(pk=fresh.pk).update(last_progress_at=NOW - dt.timedelta(days=13))
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        out = StringIO()
        call_command("referral_reminders", stdout=out)
    assert "stalled referrals: 1, reminder mails: 1" in out.getvalue()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["kontaktstelle@example.org"]
    assert cw.client.code in mail.body and world.org_a.name in mail.body
    assert SECRET_LAST not in mail.body and SECRET_LAST not in mail.subject
    cw.referral.refresh_from_db()
    fresh.refresh_from_db()
    assert cw.referral.at_risk and not fresh.at_risk
    # a day later only the second referral (now 14 days without progress) is new; each stall is reminded once
    with mock.patch("django.utils.timezone.now", return_value=NOW + dt.timedelta(days=1)):
        assert services.referral_reminders().stalled == 1
        assert services.referral_reminders().stalled == 0
    assert len(mailoutbox) == 2
    # progress clears the flag
    services.referral_transition(user=world.partner_a, referral=cw.referral, to_status="accepted")
    cw.referral.refresh_from_db()
    assert not cw.referral.at_risk


def test_dry_run_changes_and_sends_nothing(world, cw, mailoutbox):
    world.contact_point_a.email = "kontaktstelle@example.org"
    world.contact_point_a.save()
    Referral.objects.filter(pk=cw.referral.pk).update(last_progress_at=NOW - dt.timedelta(days=30))
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        result = services.referral_reminders(dry_run=True)
    assert result.stalled == 1 and mailoutbox == []
    assert not Referral.objects.get(pk=cw.referral.pk).at_risk


def test_closed_referrals_are_never_reminded(world, cw, mailoutbox):
    services.referral_transition(user=world.partner_a, referral=cw.referral, to_status="rejected")
    Referral.objects.filter(pk=cw.referral.pk).update(last_progress_at=NOW - dt.timedelta(days=60))
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert services.referral_reminders().stalled == 0
