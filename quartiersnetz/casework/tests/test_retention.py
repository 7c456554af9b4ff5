"""Retention with frozen time: nothing newer than the period is touched, nothing older survives except counts."""

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from quartiersnetz.casework import services
from quartiersnetz.casework.models import (
    CaseConsent,
    CaseworkPolicy,
    Client,
    ClientIdentity,
    Contact,
    ProblemCategory,
    Referral,
    RetainedStatistic,
)
from quartiersnetz.casework.services.retention import months_before

TODAY = dt.date(2016, 7, 1)  # cutoff with 24 months: 01.07.2014


def _frozen(day):
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)


def _case(world, cw, last_day, n_contacts, problems):
    with mock.patch("django.utils.timezone.now", return_value=_frozen(last_day)):
        contact = None
        for i in range(n_contacts):
            contact = services.contact_record(
                user=world.contact_point_a, contact_point=cw.contact_point, client=contact.client if contact else None,
                problems=problems, data={"date": last_day - dt.timedelta(days=10 * (n_contacts - 1 - i)),
                                         "channel": "sprechstunde", "minutes": 20})
        return contact.client


def test_months_before():
    assert months_before(dt.date(2016, 7, 1), 24) == dt.date(2014, 7, 1)
    assert months_before(dt.date(2016, 3, 31), 1) == dt.date(2016, 2, 29)


def test_retention_deletes_old_cases_keeps_counts_and_leaves_newer_ones(world, cw):
    Client.objects.all().delete()  # start from a clean slate (the builder's case is dated today)
    debt = ProblemCategory.objects.get(programme=None, slug="schulden")
    language = ProblemCategory.objects.get(programme=None, slug="sprache")
    old = _case(world, cw, dt.date(2014, 6, 30), 3, [debt, language])  # one day before the cutoff
    new = _case(world, cw, dt.date(2014, 7, 1), 2, [debt])  # exactly at the cutoff: kept
    with mock.patch("django.utils.timezone.now", return_value=_frozen(dt.date(2014, 6, 30))):
        services.referral_create(user=world.contact_point_a, client=old, sender=cw.cp_org, receiver=world.org_a,
                                 data={}, transmit=True)
    new_contacts = set(Contact.objects.filter(client=new).values_list("pk", "date"))
    # dry run: nothing changes
    with mock.patch("django.utils.timezone.now", return_value=_frozen(TODAY)):
        out = StringIO()
        call_command("casework_retention", "--dry-run", stdout=out)
    assert "cases: 1, contacts: 3, referrals: 1" in out.getvalue()
    assert Client.objects.filter(pk=old.pk).exists() and not RetainedStatistic.objects.exists()
    # the real run, with the date passed explicitly
    result = services.retention_run(today=TODAY)
    assert (result.clients, result.contacts, result.referrals) == (1, 3, 1)
    assert not Client.objects.filter(pk=old.pk).exists()
    assert not Contact.objects.filter(client_id=old.pk).exists() and not Referral.objects.filter(client_id=old.pk)
    assert set(Contact.objects.filter(client=new).values_list("pk", "date")) == new_contacts
    stats = RetainedStatistic.objects
    assert stats.filter(kind="contact").aggregate(n=Sum("count"))["n"] == 3
    assert stats.filter(kind="contact", is_first=True).aggregate(n=Sum("count"))["n"] == 1
    assert stats.get(kind="problem", problem=language).count == 3
    assert stats.get(kind="problem", problem=debt).count == 3
    assert stats.get(kind="referral").referral_status == "transmitted"
    assert {s.month for s in stats.filter(kind="contact")} == {dt.date(2014, 6, 1)}
    # a second run finds nothing more
    assert services.retention_run(today=TODAY).clients == 0


def test_retention_deletes_identity_and_consents_and_respects_the_policy(world, cw):
    CaseworkPolicy.objects.create(programme=world.programme, retention_months=6)
    today = timezone.localdate()
    Client.objects.filter(pk=cw.client.pk).update(last_activity_on=today - dt.timedelta(days=200))
    Contact.objects.filter(client=cw.client).update(date=today - dt.timedelta(days=200))
    Referral.objects.filter(client=cw.client).update(last_progress_at=timezone.now() - dt.timedelta(days=200))
    assert services.retention_run(today=today).clients == 1
    assert not ClientIdentity.objects.exists() and not CaseConsent.objects.exists()
    cw.conference.refresh_from_db()
    assert cw.conference.case_code == ""


def test_recent_referral_activity_keeps_an_old_case(world, cw):
    today = timezone.localdate()
    Client.objects.filter(pk=cw.client.pk).update(last_activity_on=today - dt.timedelta(days=900))
    Contact.objects.filter(client=cw.client).update(date=today - dt.timedelta(days=900))
    assert services.retention_run(today=today).clients == 0  # the referral progressed recently
