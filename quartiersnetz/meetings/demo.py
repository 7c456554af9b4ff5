"""Demo data of the network work: bodies, meetings with attendance and minutes, tasks, the Table-7 target agreements
with actual values, and the work log of the demo coaches.

What is real and what is invented:
- Real (seed 000, Table 7 via `demo/data/gib_quartiere.json`): the content of every G.I.B. Zielvereinbarung (the
  Kommune, Jobcenter and Agentur columns become qualitative commitments, the numbers become measurable
  commitments with target, unit and period) and the fact that Köln-Chorweiler has two bilateral agreements.
  Seed 002: 9 of the 11 ThINKA sites have a Steuerungsgruppe of 7–10 partners.
- Invented: every body, member list, meeting, attendance, minute, decision, task, actual value and work-log entry.
  Attendance follows the seed's observations (the Jobcenter nearly always attends, businesses and chambers rarely).
  Scharnhorst's "50 Betriebe jährlich" ends 2014 at 31, the acceptance example of the domain brief (31/50 = 62 %).

Dates: the programme ran 2013–2014; meetings are quarterly in that period. So that the demo shows open and
overdue work whenever it is opened, a few tasks and one planned meeting per steering group are dated relative to
`timezone.localdate()` (the only non-fixed values). Everything else is a function of the `rng` passed in.

`load_meetings_demo` writes with bulk_create (a few seconds for all 21 Quartiere on SQLite) and does not audit:
it creates no personal data, it only links existing demo contact persons.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import Quartier, RoleAssignment, User

from .choices import (
    ActivityType,
    AgreementKind,
    CommitmentPeriod,
    MeetingStatus,
    MemberRole,
    Rhythm,
    TaskStatus,
)
from .models import (
    Agreement,
    Attendance,
    Body,
    BodyMembership,
    BodyType,
    Commitment,
    CommitmentActual,
    Decision,
    Meeting,
    Task,
    WorkLogEntry,
)

DATA_FILE = Path(__file__).resolve().parent.parent / "demo" / "data" / "gib_quartiere.json"
TZ = ZoneInfo("Europe/Berlin")
START, END = dt.date(2013, 1, 1), dt.date(2014, 12, 31)
THINKA_WITHOUT_STEERING_GROUP = 2  # seed 002: 9 of 11 sites have a Steuerungsgruppe
DEMO_NOTE = "Fiktive Demodaten."

# actor type (or parent type) → probability to attend a meeting of which it is a member
ATTENDANCE_RATE = {
    "jobcenter": 0.92, "agentur-fuer-arbeit": 0.75, "kommune": 0.9, "stadtteilmanagement": 0.88,
    "kontaktstelle": 0.85, "traeger": 0.62, "soziale-dienste": 0.55, "multiplikator": 0.5, "wirtschaft": 0.18,
}
DEFAULT_RATE = 0.45
PARTY_LABELS = {"kommune": "Kommune", "jobcenter": "Jobcenter", "agentur": "Agentur für Arbeit",
                "netzwerkcoach": "Netzwerkcoach"}
AGENDA = [
    "Begrüßung und Protokoll der letzten Sitzung", "Bericht des Netzwerkcoachings",
    "Stand der Zielvereinbarung", "Bestandsaufnahme: Angebote und Lücken im Quartier",
    "Ansprache der Zielgruppe über Multiplikatoren", "Warme Übergaben zwischen den Einrichtungen",
    "Fachinput: Minijob-Regelungen", "Fachinput: Anerkennung ausländischer Abschlüsse",
    "Kinderbetreuung und Arbeitsaufnahme", "Öffentlichkeitsarbeit und Stadtteilfest",
    "Verstetigung nach Projektende", "Verschiedenes",
]
DECISIONS = [
    "Das Jobcenter benennt eine feste Ansprechperson mit Vertretung für das Quartier.",
    "Die Angebotsübersicht wird bis zur nächsten Sitzung aktualisiert und an alle Mitglieder verteilt.",
    "Ein gemeinsamer Informationstag für Multiplikatorinnen und Multiplikatoren wird vorbereitet.",
    "Die Arbeitsgruppe „Warme Übergabe“ legt einen Laufzettel-Entwurf vor.",
    "Das Quartiersbüro lädt Betriebe aus dem Quartier zu einem Frühstück ein.",
    "Die Steuerungsgruppe tagt weiterhin vierteljährlich.",
    "Die Träger stimmen ihre Kursangebote zeitlich ab, um Doppelangebote zu vermeiden.",
    "Für die Zeit nach Projektende wird ein Verstetigungskonzept erarbeitet.",
]
TASKS = [
    "Angebotsübersicht aktualisieren", "Einladung zum Multiplikatoren-Infotag versenden",
    "Laufzettel für warme Übergaben entwerfen", "Betriebe für das Unternehmensfrühstück ansprechen",
    "Statistik zu SGB-II-Beziehenden im Quartier aufbereiten", "Pressemitteilung zum Stadtteilfest abstimmen",
    "Ansprechpersonen-Liste an alle Mitglieder verteilen", "Raum für die nächste Sitzung reservieren",
    "Verstetigungskonzept skizzieren", "Rückmeldungen der Kitas zur Kinderbetreuung sammeln",
]
ACTIVITY_IMPACT = {
    ActivityType.ANALYSIS: ["A1"], ActivityType.ACQUISITION: ["A2", "B1"], ActivityType.BODIES: ["A4", "B1", "A3"],
    ActivityType.PUBLIC_RELATIONS: ["B4"], ActivityType.CASES: ["C2", "C3"], ActivityType.ADMINISTRATION: ["A4"],
    ActivityType.PROFESSIONALISATION: ["B2"], ActivityType.EXPERT_INPUT: ["B2", "A3"], ActivityType.OTHER: ["C4"],
}
ACTIVITY_WEIGHTS = {
    ActivityType.ANALYSIS: 10, ActivityType.ACQUISITION: 14, ActivityType.BODIES: 18,
    ActivityType.PUBLIC_RELATIONS: 8, ActivityType.CASES: 10, ActivityType.ADMINISTRATION: 16,
    ActivityType.PROFESSIONALISATION: 6, ActivityType.EXPERT_INPUT: 5, ActivityType.OTHER: 3,
}


@dataclass(frozen=True)
class MeetingsDemoResult:
    created: bool
    bodies: int
    meetings: int
    tasks: int
    agreements: int
    work_log_entries: int


def _type_key(org: Organisation) -> str:
    t = org.actor_type
    return t.parent.slug if t.parent_id else t.slug


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _round(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.types = {t.slug: t for t in BodyType.objects.all()}
        self.gib = {q["slug"]: q for q in json.loads(DATA_FILE.read_text(encoding="utf-8"))}
        self.meeting_plans: list[tuple[Meeting, list[tuple[Organisation, ContactPerson | None]], list[str]]] = []
        self.bodies: list[Body] = []
        self.memberships: list[BodyMembership] = []
        self.tasks: list[Task] = []
        self.worklog: list[WorkLogEntry] = []

    # --- organisations of a Quartier ---------------------------------------------------------------------------

    def organisations(self, quartier: Quartier) -> dict[str, list[Organisation]]:
        by_type: dict[str, list[Organisation]] = {}
        orgs = (Organisation.objects.filter(quartiere=quartier, is_active=True)
                .select_related("actor_type", "actor_type__parent").prefetch_related("contacts").order_by("name"))
        for org in orgs:
            by_type.setdefault(_type_key(org), []).append(org)
            if org.actor_type.parent_id:
                by_type.setdefault(org.actor_type.slug, []).append(org)
        return by_type

    @staticmethod
    def contact(org: Organisation) -> ContactPerson | None:
        persons = sorted(org.contacts.all(), key=lambda p: (p.valid_until is not None, p.pk))
        return persons[0] if persons else None

    def kommune(self, orgs: dict[str, list[Organisation]]) -> Organisation | None:
        for slug in ("kommunale-verwaltung", "sozialplanung", "stadtentwicklung", "jugendamt", "kommune"):
            if orgs.get(slug):
                return orgs[slug][0]
        return None

    # --- bodies and meetings -----------------------------------------------------------------------------------

    def body(self, quartier, type_slug, name, members, *, chair, rhythm, topics, target_groups, founded_on):
        body = Body(quartier=quartier, body_type=self.types[type_slug], name=name, rhythm=rhythm, chair=chair,
                    topics=topics, target_groups=target_groups, founded_on=founded_on, is_active=True,
                    description=DEMO_NOTE)
        self.bodies.append(body)
        for org in members:
            role = MemberRole.CHAIR if org == chair else MemberRole.MEMBER
            self.memberships.append(BodyMembership(body=body, organisation=org, contact_person=self.contact(org),
                                                   role=role, since=founded_on))
        return body

    def meetings(self, body: Body, members: list[Organisation], days: list[dt.date], location: str):
        rng = self.rng
        for number, day in enumerate(days, start=1):
            day = _weekday(day)
            starts = _aware(day, rng.choice((9, 10, 14)), rng.choice((0, 30)))
            held = day < self.today
            agenda_items = [AGENDA[0], AGENDA[1], *rng.sample(AGENDA[2:-1], k=3), AGENDA[-1]]
            meeting = Meeting(
                body=body, title=f"{number}. Sitzung", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                location=location, agenda="\n".join(f"{i}. {item}" for i, item in enumerate(agenda_items, 1)),
                status=MeetingStatus.HELD if held else MeetingStatus.PLANNED, minutes_approved=held,
            )
            present: list[tuple[Organisation, ContactPerson | None]] = []
            decisions: list[str] = []
            if held:
                for org in members:
                    if rng.random() < ATTENDANCE_RATE.get(_type_key(org), DEFAULT_RATE):
                        present.append((org, self.contact(org)))
                decisions = rng.sample(DECISIONS, k=rng.randint(1, 3))
                names = ", ".join(org.short_name or org.name for org, _p in present)
                meeting.minutes = (
                    f"Anwesend: {names}.\n\n"
                    + "\n".join(f"TOP {i}: {item} – besprochen." for i, item in enumerate(agenda_items, 1))
                    + "\n\nBeschlüsse siehe unten. " + DEMO_NOTE
                )
            self.meeting_plans.append((meeting, present, decisions))

    def steering_group(self, quartier: Quartier, orgs, *, coach, type_slug="steuerungsgruppe", name=None):
        rng = self.rng
        core = [o for o in (orgs.get("jobcenter", [])[:1] + orgs.get("agentur-fuer-arbeit", [])[:1]
                            + [self.kommune(orgs)] + orgs.get("stadtteilmanagement", [])[:1]) if o is not None]
        pool = [o for key in ("traeger", "soziale-dienste", "multiplikator", "wirtschaft", "kontaktstelle")
                for o in orgs.get(key, []) if o not in core]
        size = rng.randint(7, 10)
        members = core + rng.sample(pool, k=max(0, min(len(pool), size - len(core))))
        chair = self.kommune(orgs) or members[0]
        start = max(quartier.start or START, START)
        body = self.body(
            quartier, type_slug, name or f"Steuerungsgruppe Netzwerkcoaching {quartier.display_name}", members,
            chair=chair, rhythm=Rhythm.QUARTERLY, founded_on=start,
            topics="Steuerung des Netzwerkcoachings, Zielvereinbarung, Verstetigung",
            target_groups="Arbeitsmarktferne Menschen im Quartier, Alleinerziehende, Jugendliche, Zugewanderte",
        )
        days = []
        day = start + dt.timedelta(days=40)
        while day <= END:
            days.append(day + dt.timedelta(days=rng.randint(0, 20)))
            day += dt.timedelta(days=91)
        upcoming = self.today + dt.timedelta(days=rng.randint(14, 60))
        self.meetings(body, members, [*days, upcoming], f"Stadtteilbüro {quartier.name}, Besprechungsraum")
        self.add_tasks(quartier, body, members, coach)
        return body

    def round_table(self, quartier: Quartier, orgs):
        rng = self.rng
        kind = rng.choice(("runder-tisch", "arbeitskreis"))
        name = ("Runder Tisch Arbeit " if kind == "runder-tisch" else "Arbeitskreis Übergang Schule–Beruf ")
        pool = [o for key in ("traeger", "soziale-dienste", "multiplikator", "kontaktstelle")
                for o in orgs.get(key, [])]
        members = orgs.get("jobcenter", [])[:1] + rng.sample(pool, k=min(len(pool), rng.randint(4, 6)))
        if not members:
            return None
        body = self.body(quartier, kind, name + quartier.name, members, chair=members[0], rhythm=Rhythm.HALF_YEARLY,
                         founded_on=dt.date(2013, 3, 1), topics="Übergänge, Qualifizierung, Beschäftigung",
                         target_groups="Jugendliche und junge Erwachsene")
        days = [dt.date(2013, 4, 10), dt.date(2013, 10, 9), dt.date(2014, 4, 9), dt.date(2014, 10, 8)]
        self.meetings(body, members, days, f"Familienzentrum {quartier.name}")
        return body

    def add_tasks(self, quartier: Quartier, body: Body, members: list[Organisation], coach: User | None):
        rng = self.rng
        titles = rng.sample(TASKS, k=8)
        # done during the programme, overdue (open, due in 2014) and open with a future due date
        plan = [(TaskStatus.DONE, dt.date(2013, 5, 15)), (TaskStatus.DONE, dt.date(2013, 11, 20)),
                (TaskStatus.DONE, dt.date(2014, 3, 31)), (TaskStatus.DROPPED, dt.date(2014, 2, 28)),
                (TaskStatus.OPEN, dt.date(2014, 9, 30)), (TaskStatus.IN_PROGRESS, dt.date(2014, 11, 28)),
                (TaskStatus.OPEN, self.today + dt.timedelta(days=rng.randint(10, 40))),
                (TaskStatus.IN_PROGRESS, self.today + dt.timedelta(days=rng.randint(41, 90)))]
        for title, (status, due) in zip(titles, plan, strict=True):
            org = rng.choice(members)
            self.tasks.append(Task(
                quartier=quartier, title=title, description=DEMO_NOTE, owner=coach if rng.random() < 0.7 else None,
                responsible_organisation=org, due_on=due, status=status,
                completed_on=due - dt.timedelta(days=rng.randint(0, 10)) if status == TaskStatus.DONE else None,
            ))
            self.tasks[-1]._demo_body = body  # linked to a meeting before the due date (set after saving)

    # --- work log ----------------------------------------------------------------------------------------------

    def work_log(self, quartier: Quartier, coach: User):
        rng = self.rng
        activities = list(ACTIVITY_WEIGHTS)
        weights = list(ACTIVITY_WEIGHTS.values())
        day = max(quartier.start or START, START)
        while day <= END:
            if day.weekday() < 5 and rng.random() < 0.6:
                for activity in rng.choices(activities, weights=weights, k=rng.randint(1, 3)):
                    hours = Decimal(rng.choice((2, 3, 4, 5, 6, 8, 10, 12))) / 4
                    self.worklog.append(WorkLogEntry(
                        user=coach, quartier=quartier, on=day, activity_type=activity, hours=hours,
                        impact_level=rng.choice(ACTIVITY_IMPACT[activity]), note="",
                    ))
            day += dt.timedelta(days=1)


def _agreements(builder: _Builder, quartier: Quartier, orgs, site: dict) -> list[tuple[Agreement, list, list]]:
    """The Table-7 Zielvereinbarung (Köln: two bilateral ones) and the Stadtteilbüro's letter of intent."""
    rng = builder.rng
    ta = site["target_agreement"]
    parties = {"kommune": builder.kommune(orgs), "jobcenter": (orgs.get("jobcenter") or [None])[0],
               "agentur": (orgs.get("agentur-fuer-arbeit") or [None])[0]}
    start, end = quartier.start or START, quartier.extended_until or quartier.end or END
    signed = start - dt.timedelta(days=rng.randint(30, 90))
    text = "\n\n".join(
        f"{PARTY_LABELS[key]}: {ta[key]}" for key in ("kommune", "jobcenter", "agentur") if ta.get(key)
    ) + (f"\n\nHinweise: {ta['hinweise']}" if ta.get("hinweise") else "")
    if quartier.slug == "koeln-chorweiler":
        groups = [("Zielvereinbarung Kommune–Jobcenter", ("kommune", "jobcenter")),
                  ("Zielvereinbarung Kommune–Agentur für Arbeit", ("kommune", "agentur"))]
    else:
        groups = [("Zielvereinbarung Netzwerkcoaching", ("kommune", "jobcenter", "agentur"))]
    result = []
    for title, keys in groups:
        agreement = Agreement(quartier=quartier, kind=AgreementKind.TARGET, title=f"{title} {quartier.display_name}",
                              starts_on=start, ends_on=end, signed_on=signed, text=text)
        commitments = []
        for key in keys:
            if ta.get(key):
                commitments.append(Commitment(agreement=agreement, party=parties[key], party_label=PARTY_LABELS[key],
                                              text=ta[key], period=CommitmentPeriod.PROJECT))
        for target in ta.get("targets", []):
            if target["party"] not in (*keys, "netzwerkcoach"):
                continue
            commitments.append(Commitment(
                agreement=agreement, party=parties.get(target["party"]), party_label=PARTY_LABELS[target["party"]],
                text=target["text"], indicator=target["unit"], target_value=Decimal(str(target["target_value"])),
                target_value_max=_decimal(target["target_value_max"]),
                unit=target["unit"], at_least=target["at_least"],
                period=CommitmentPeriod.PER_YEAR if target["period"] == "pro Jahr" else CommitmentPeriod.PROJECT,
            ))
        result.append((agreement, [p for k in keys if (p := parties[k]) is not None], commitments))
    stadtteil = (orgs.get("stadtteilmanagement") or [None])[0]
    if stadtteil is not None:
        loi = Agreement(quartier=quartier, kind=AgreementKind.LETTER_OF_INTENT,
                        title=f"Letter of Intent {stadtteil.name}", starts_on=start, ends_on=end,
                        signed_on=signed + dt.timedelta(days=7),
                        text="Absichtserklärung zur Unterstützung des Netzwerkcoachings (Demodaten).")
        result.append((loi, [stadtteil], []))
    return result


def _actuals(rng: random.Random, quartier: Quartier, commitment: Commitment, today: dt.date) -> list[CommitmentActual]:
    start = max(quartier.start or START, START)
    end = min(quartier.extended_until or quartier.end or END, today)
    target = float(commitment.target_value)
    out = []
    if commitment.period == CommitmentPeriod.PER_YEAR:
        for year in (2013, 2014):
            share = rng.uniform(0.5, 1.1)
            if quartier.slug == "dortmund-scharnhorst-ost" and commitment.unit == "Betriebe" and year == 2014:
                share = 31 / target  # acceptance example: 31 of 50 firms by 31.12. → 62 %
            quarter_ends = [dt.date(year, 3, 31), dt.date(year, 6, 30), dt.date(year, 9, 30), dt.date(year, 12, 31)]
            points = [d for d in quarter_ends if start <= d <= end]
            for i, day in enumerate(points, start=1):
                value = _round(target * share * i / len(points))
                out.append(CommitmentActual(commitment=commitment, on=day, value=value, note=DEMO_NOTE))
        return out
    share = rng.uniform(0.55, 1.15)
    days = []
    day = dt.date(start.year, ((start.month - 1) // 3 + 1) * 3, 1)
    while day <= end:
        last = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if last >= start and last <= end:
            days.append(last)
        month = day.month + 3
        day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    for i, day in enumerate(days, start=1):
        progress = (i / len(days)) ** 0.8
        out.append(CommitmentActual(commitment=commitment, on=day, value=_round(target * share * progress),
                                    note=DEMO_NOTE))
    return out


def _coaches(quartiere: dict[str, Quartier]) -> dict[int, User]:
    coaches: dict[int, User] = {}
    for ra in RoleAssignment.objects.filter(role=Role.COACH, quartier__in=quartiere.values()).select_related("user"):
        coaches.setdefault(ra.quartier_id, ra.user)
    return coaches


def delete_meetings_demo(*, quartiere: dict[str, Quartier]) -> None:
    ids = [q.pk for q in quartiere.values()]
    Task.objects.filter(quartier_id__in=ids).delete()
    WorkLogEntry.objects.filter(quartier_id__in=ids).delete()
    Agreement.objects.filter(quartier_id__in=ids).delete()
    Body.objects.filter(quartier_id__in=ids).update(predecessor=None)
    Body.objects.filter(quartier_id__in=ids).delete()


def _counts(quartiere: dict[str, Quartier], created: bool) -> MeetingsDemoResult:
    ids = [q.pk for q in quartiere.values()]
    return MeetingsDemoResult(
        created=created, bodies=Body.objects.filter(quartier_id__in=ids).count(),
        meetings=Meeting.objects.filter(body__quartier_id__in=ids).count(),
        tasks=Task.objects.filter(quartier_id__in=ids).count(),
        agreements=Agreement.objects.filter(quartier_id__in=ids).count(),
        work_log_entries=WorkLogEntry.objects.filter(quartier_id__in=ids).count(),
    )


@transaction.atomic
def load_meetings_demo(
    *, quartiere: dict[str, Quartier], rng: random.Random, reset: bool = False
) -> MeetingsDemoResult:
    """Generate the network-work demo for the given Quartiere (slug → Quartier). Needs their organisations; work
    logs are written for the coaches assigned to them. A second run leaves existing data alone unless `reset`."""
    if Body.objects.filter(quartier__in=quartiere.values()).exists():
        if not reset:
            return _counts(quartiere, created=False)
        delete_meetings_demo(quartiere=quartiere)
    today = timezone.localdate()
    builder = _Builder(rng, today)
    coaches = _coaches(quartiere)
    thinka = sorted(slug for slug in quartiere if slug not in builder.gib)
    without_sg = set(rng.sample(thinka, k=min(THINKA_WITHOUT_STEERING_GROUP, len(thinka))))
    agreements = []
    for slug in sorted(quartiere):
        quartier = quartiere[slug]
        orgs = builder.organisations(quartier)
        if not any(orgs.values()):
            continue
        coach = coaches.get(quartier.pk)
        if slug in without_sg:
            builder.steering_group(quartier, orgs, coach=coach, type_slug="runder-tisch",
                                   name=f"Runder Tisch Arbeit {quartier.display_name}")
        else:
            builder.steering_group(quartier, orgs, coach=coach)
            builder.round_table(quartier, orgs)
        if slug in builder.gib:
            agreements += [(quartier, *item) for item in _agreements(builder, quartier, orgs, builder.gib[slug])]
        if coach is not None:
            builder.work_log(quartier, coach)
    _write(builder, agreements, rng, today)
    return _counts(quartiere, created=True)


def _write(builder: _Builder, agreements, rng: random.Random, today: dt.date) -> None:
    Body.objects.bulk_create(builder.bodies)
    BodyMembership.objects.bulk_create(builder.memberships)
    meetings = [plan[0] for plan in builder.meeting_plans]
    Meeting.objects.bulk_create(meetings)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, organisation=org, contact_person=person, attended=True,
                   level=(person.level if person and person.level else ""))
        for meeting, present, _d in builder.meeting_plans for org, person in present
    )
    Decision.objects.bulk_create(
        Decision(meeting=meeting, number=i, text=text)
        for meeting, _p, decisions in builder.meeting_plans for i, text in enumerate(decisions, start=1)
    )
    held_by_body: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.status == MeetingStatus.HELD:
            held_by_body.setdefault(meeting.body_id, []).append(meeting)
    for task in builder.tasks:
        earlier = [m for m in held_by_body.get(task._demo_body.pk, [])
                   if m.starts_at.date() < min(task.due_on, dt.date(2014, 12, 31))]
        task.meeting = earlier[-1] if earlier else None
    Task.objects.bulk_create(builder.tasks)
    WorkLogEntry.objects.bulk_create(builder.worklog, batch_size=2000)
    actuals = []
    for quartier, agreement, parties, commitments in agreements:
        agreement.save()
        agreement.parties.set(parties)
        for order, commitment in enumerate(commitments, start=1):
            commitment.agreement = agreement
            commitment.order = order
        Commitment.objects.bulk_create(commitments)
        for commitment in commitments:
            if commitment.target_value is not None:
                actuals += _actuals(rng, quartier, commitment, today)
    CommitmentActual.objects.bulk_create(actuals)
