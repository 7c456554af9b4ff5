"""Test data of the case work: one object of each model in Quartier A (for the access walker and the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from quartiersnetz.core.choices import Role
from quartiersnetz.testing import make_actor_type, make_organisation, make_user

# A consented name that must never reach a user without the case role (see test_privacy.py).
SECRET_FIRST = "Zuzanna"
SECRET_LAST = "Xylophonowa"
SECRET_PHONE = "0000 987654"


@dataclass
class Casework:
    contact_point: object
    cp_org: object
    client: object
    identity: object
    storage_consent: object
    release_consent: object
    contact: object
    referral: object
    conference: object
    outreach: object
    partner_other: object  # partner of an organisation that receives nothing


def build_casework(world) -> Casework:
    from quartiersnetz.casework import services
    from quartiersnetz.casework.choices import CaseConsentMethod, Channel, ConsentKind
    from quartiersnetz.casework.models import ProblemCategory

    kt = make_actor_type("kontaktstelle", "Kontaktstelle/Anlaufstelle")
    cp_org = make_organisation(world.qa, name="Kontaktstelle Marxloh", actor_type=kt)
    contact_point = services.contact_point_create(
        user=world.coach_a, quartier=world.qa, staff=[world.contact_point_a],
        data={"name": "Anlaufstelle Marxloh", "organisation": cp_org, "opening_hours": "Mo–Fr 9–12 Uhr"})
    user = world.contact_point_a
    debt = ProblemCategory.objects.get(programme=None, slug="schulden")
    contact = services.contact_record(
        user=user, contact_point=contact_point, problems=[debt],
        data={"date": timezone.localdate() - dt.timedelta(days=10), "channel": Channel.CONSULTATION,
              "help_given": "Bescheid erklärt", "minutes": 30},
        client_data={"age_band": "25-34", "gender": "w"})
    client = contact.client
    today = timezone.localdate()
    storage = services.case_consent_record(user=user, client=client, kind=ConsentKind.STORAGE,
                                           method=CaseConsentMethod.WRITTEN, given_on=today)
    identity = services.identity_save(user=user, client=client, data={
        "first_name": SECRET_FIRST, "last_name": SECRET_LAST, "phone": SECRET_PHONE,
        "birth_date": dt.date(1985, 4, 12)})
    release = services.case_consent_record(user=user, client=client, kind=ConsentKind.RELEASE,
                                           recipient=world.org_a, scope=["name"],
                                           method=CaseConsentMethod.ROUTING_SLIP, given_on=today)
    referral = services.referral_create(
        user=user, client=client, sender=cp_org, receiver=world.org_a, transmit=True,
        data={"need": debt, "purpose": "Beratung zur Arbeitssuche", "share_identity": True,
              "handover_mode": "begleitet"})
    conference = services.conference_create(
        user=world.coach_a, quartier=world.qa, organisations=[world.org_a, cp_org],
        steps=[{"description": "Termin beim Jobcenter vorbereiten"}],
        data={"held_on": today, "case_code": client.code, "title": "Arbeitssuche trotz Schulden",
              "situation": "Die Person hat Schulden und sucht Arbeit."})
    outreach = services.outreach_create(
        user=world.coach_a, quartier=world.qa, staff=[world.coach_a], topics=[debt],
        data={"place": "Wochenmarkt", "date": today, "people_reached": 20, "follow_up_contacts": 3,
              "contact_point": contact_point})
    other_org = make_organisation(world.qa, name="Sprachschule Marxloh")
    partner_other = make_user("partner_sprachschule", role=Role.PARTNER, organisation=other_org)
    return Casework(contact_point=contact_point, cp_org=cp_org, client=client, identity=identity,
                    storage_consent=storage, release_consent=release, contact=contact, referral=referral,
                    conference=conference, outreach=outreach, partner_other=partner_other)
