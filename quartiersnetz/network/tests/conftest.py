"""A tiny network in Quartier A on top of the shared test world: organisations of several types, one steering
group with memberships and meetings with attendance, one agreement, and stored ties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from quartiersnetz.meetings.choices import AgreementKind, MeetingStatus
from quartiersnetz.meetings.models import Agreement, Attendance, Body, BodyMembership, BodyType, Meeting
from quartiersnetz.network.models import ManualTie
from quartiersnetz.testing import make_actor_type, make_organisation

TZ = ZoneInfo("Europe/Berlin")


@dataclass
class Tiny:
    world: object
    jc: object
    kommune: object
    traeger: object
    kita: object
    firma: object
    lonely: object
    body: object
    meetings: list
    agreement: object
    tie_kita_firma: object
    tie_declared: object


def _meeting(body, day, orgs, status=MeetingStatus.HELD, absent=()):
    meeting = Meeting.objects.create(body=body, title="Sitzung", starts_at=dt.datetime(*day, 10, tzinfo=TZ),
                                     status=status)
    for org in orgs:
        Attendance.objects.create(meeting=meeting, organisation=org, attended=True)
    for org in absent:
        Attendance.objects.create(meeting=meeting, organisation=org, attended=False)
    return meeting


def build_tiny(world) -> Tiny:
    qa = world.qa
    jc = world.org_a  # "Jobcenter Duisburg", type jobcenter
    kommune = make_organisation(qa, name="Stadt Duisburg", actor_type=make_actor_type("kommune", "Kommune",
                                                                                        colour="#1f77b4"))
    traeger_type = make_actor_type("traeger", "Träger", colour="#2ca02c")
    traeger = make_organisation(qa, name="Werkstatt Marxloh", actor_type=traeger_type)
    kita = make_organisation(qa, name="Kita Sonnenschein", actor_type=make_actor_type("multiplikator",
                                                                                        "Multiplikator"))
    firma = make_organisation(qa, name="Bäckerei Yilmaz", actor_type=make_actor_type("wirtschaft", "Wirtschaft"))
    lonely = make_organisation(qa, name="Moschee Marxloh", actor_type=make_actor_type("multiplikator"))
    body = Body.objects.create(quartier=qa, body_type=BodyType.objects.get(slug="steuerungsgruppe"),
                               name="Steuerungsgruppe Marxloh")
    for org in (jc, kommune, traeger):
        BodyMembership.objects.create(body=body, organisation=org, since=dt.date(2013, 1, 1))
    # Jobcenter Köln (Quartier B) attends a meeting of A: it must never become a node of A's network.
    meetings = [
        _meeting(body, (2013, 3, 1), [jc, kommune, traeger, world.org_b], absent=[kita]),
        _meeting(body, (2013, 9, 1), [jc, kommune]),
        _meeting(body, (2014, 3, 1), [jc, kommune, traeger]),
        _meeting(body, (2014, 6, 1), [jc, kommune, traeger, kita], status=MeetingStatus.CANCELLED),
    ]
    agreement = Agreement.objects.create(quartier=qa, kind=AgreementKind.TARGET, title="Zielvereinbarung")
    agreement.parties.set([jc, kommune])
    tie_kita_firma = ManualTie.objects.create(
        quartier=qa, organisation_a=kita, organisation_b=firma, tie_type="kooperation", reliability=4, openness=2,
        valid_from=dt.date(2014, 1, 1),
    )
    tie_declared = ManualTie.objects.create(
        quartier=qa, organisation_a=traeger, organisation_b=kita, tie_type="austausch", source="declared",
        wave="Welle 1", valid_from=dt.date(2013, 1, 1), valid_until=dt.date(2013, 12, 31),
    )
    return Tiny(world, jc, kommune, traeger, kita, firma, lonely, body, meetings, agreement, tie_kita_firma,
                tie_declared)


@pytest.fixture
def tiny(world):
    return build_tiny(world)
