"""Test data of the meetings app: a small network in Quartier A (and one body in B) on top of the shared test
world. Importable without pytest (tests/test_access.py uses `build_net`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from quartiersnetz.meetings.choices import AgreementKind, CommitmentPeriod, MeetingStatus
from quartiersnetz.meetings.models import (
    Agreement,
    Attendance,
    Body,
    BodyMembership,
    BodyType,
    Commitment,
    CommitmentActual,
    Meeting,
    Task,
    WorkLogEntry,
)
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation

TZ = ZoneInfo("Europe/Berlin")


@dataclass
class Net:
    world: object
    kommune: object
    traeger: object
    kommune_contact: object
    body: object
    body_b: object
    meeting: object
    future_meeting: object
    task: object
    agreement: object
    commitment: object
    actual: object
    entry: object


def build_net(world) -> Net:
    kommune = make_organisation(world.qa, name="Stadt Duisburg – Sozialplanung",
                                actor_type=make_actor_type("kommune", "Kommune"))
    traeger = make_organisation(world.qa, name="Bildungswerk Ruhr", actor_type=make_actor_type("traeger", "Träger"))
    kommune_contact = make_contact(kommune, first_name="Klara", last_name="Kommunal")
    steering = BodyType.objects.get(slug="steuerungsgruppe")
    body = Body.objects.create(quartier=world.qa, body_type=steering, name="Steuerungsgruppe Marxloh")
    for org, person in ((world.org_a, world.contact_a), (kommune, kommune_contact), (traeger, None)):
        BodyMembership.objects.create(body=body, organisation=org, contact_person=person)
    body_b = Body.objects.create(quartier=world.qb, body_type=steering, name="Steuerungsgruppe Chorweiler")
    BodyMembership.objects.create(body=body_b, organisation=world.org_b, contact_person=world.contact_b)
    meeting = Meeting.objects.create(
        body=body, title="1. Sitzung", starts_at=dt.datetime(2014, 3, 12, 10, tzinfo=TZ),
        ends_at=dt.datetime(2014, 3, 12, 12, tzinfo=TZ), location="Stadtteilbüro", status=MeetingStatus.HELD,
        agenda="1. Begrüßung\n2. Bericht", minutes="Alles besprochen.",
    )
    Attendance.objects.create(meeting=meeting, organisation=world.org_a, contact_person=world.contact_a)
    Attendance.objects.create(meeting=meeting, organisation=kommune, contact_person=kommune_contact)
    Attendance.objects.create(meeting=meeting, organisation=traeger, attended=False)
    future_meeting = Meeting.objects.create(
        body=body, title="2. Sitzung", starts_at=dt.datetime(2099, 6, 1, 10, tzinfo=TZ), location="Rathaus",
    )
    task = Task.objects.create(quartier=world.qa, title="Angebotsübersicht aktualisieren", owner=world.coach_a,
                               due_on=dt.date(2014, 4, 30), meeting=meeting)
    agreement = Agreement.objects.create(quartier=world.qa, kind=AgreementKind.TARGET, title="Zielvereinbarung Marxloh",
                                         starts_on=dt.date(2013, 1, 1), ends_on=dt.date(2014, 12, 31))
    agreement.parties.set([world.org_a, kommune])
    commitment = Commitment.objects.create(
        agreement=agreement, party=kommune, party_label="Kommune", text="Gewinnung von 50 Betrieben jährlich",
        target_value=Decimal(50), unit="Betriebe", period=CommitmentPeriod.PER_YEAR,
    )
    actual = CommitmentActual.objects.create(commitment=commitment, on=dt.date(2014, 12, 31), value=Decimal(31))
    entry = WorkLogEntry.objects.create(user=world.coach_a, quartier=world.qa, on=dt.date(2014, 3, 12),
                                        activity_type="bodies", hours=Decimal("2.5"), impact_level="A4")
    return Net(world, kommune, traeger, kommune_contact, body, body_b, meeting, future_meeting, task, agreement,
               commitment, actual, entry)
