"""Demo data of the case work: one contact point per demo Quartier, 12 months of contacts (150–400 per Quartier),
referrals with realistic break-off rates, a few case conferences and outreach actions.

What is real and what is invented:
- Real (seed 002): the Problemlagen named by ThINKA (Behördenangelegenheiten, Arbeitssuche, Schulden and Anträge
  as the most frequent ones), about 6,5 consultations per person (9.417 / 1.457), about 73 % women at ThINKA.
- Real (seed 000): warm handover modes, Schuldnerberatung and Jobcenter as frequent receivers, chains that break.
- Invented: every case, contact, referral, conference and outreach action. Case codes are random like in
  production. Five cases in Duisburg-Marxloh have a (fictitious) identity with consent, one of them with a release
  for the Jobcenter Duisburg (so the demo partner login sees a personal part).

Dates are relative to `timezone.localdate()`: the 12 months up to today (so that the statistics' default period,
the reminders and the retention period make sense whenever the demo is loaded). Everything else is a function of
the `rng` passed in. Writes use bulk_create (a few seconds for all 21 Quartiere) and do not audit: the demo
creates no real personal data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import Quartier, RoleAssignment

from .choices import (
    AccessRoute,
    AgeBand,
    CaseConsentMethod,
    Channel,
    ConsentKind,
    HandoverMode,
    Household,
    Origin,
    ReferralResult,
    ReferralStatus,
    UnemploymentBand,
    YesNo,
)
from .models import (
    CaseConference,
    CaseConsent,
    Client,
    ClientIdentity,
    ConferenceStep,
    Contact,
    ContactPoint,
    OutcomeStage,
    OutreachAction,
    ProblemCategory,
    Referral,
    ReferralEvent,
    generate_case_code,
)

TZ = ZoneInfo("Europe/Berlin")
PROBLEM_WEIGHTS = {
    "behoerden": 26, "arbeitssuche": 22, "schulden": 18, "antraege": 17, "bewerbung": 10, "arbeitslosigkeit": 9,
    "sprache": 8, "gesundheit": 6, "wohnen": 7, "kinderbetreuung": 5, "isolation": 4, "sonstiges": 3,
}
RECEIVER_TYPES = ("schuldnerberatung", "jobcenter", "migrationsberatung", "suchtberatung", "erwerbslosenberatung",
                  "psychosoziale-beratung", "traeger", "familienzentrum", "agentur-fuer-arbeit", "sozialamt")
OUTREACH_PLACES = ("Wochenmarkt", "Schulhof der Grundschule", "Mieterfest", "Spielplatz am Park", "Stadtteilfest",
                   "Elterncafé im Familienzentrum", "Vor dem Supermarkt", "Sprechstunde im Nachbarschaftstreff")
DEMO_IDENTITIES = (("Erika", "Demo-Muster"), ("Mehmet", "Beispiel-Demo"), ("Olga", "Fiktiva"),
                   ("Stefan", "Platzhalter-Demo"), ("Yasemin", "Vorlage-Demo"))
CONFERENCES = (
    ("Alleinerziehende Mutter mit Schulden und Kita-Bedarf",
     "Die Person ist seit mehr als zwei Jahren arbeitslos, hat Mietrückstände und sucht einen Kita-Platz, um eine "
     "Teilzeitstelle annehmen zu können.",
     "Regelmäßige Besuche in der Kontaktstelle, Kontakt zur Schuldnerberatung besteht.",
     "Wie kann die Kinderbetreuung kurzfristig gesichert werden?",
     "Familienzentrum prüft einen Platz, Jobcenter klärt Förderung einer Teilzeitqualifizierung.",
     ("Familienzentrum prüft freie Plätze", "Jobcenter lädt zum gemeinsamen Termin ein")),
    ("Junger Erwachsener ohne Schulabschluss",
     "Die Person hat die Schule ohne Abschluss verlassen und ist seit einem Jahr ohne Beschäftigung.",
     "Interesse an handwerklicher Arbeit, Anbindung an das Jugendzentrum.",
     "Welche Angebote zur Nachholung des Abschlusses gibt es im Quartier?",
     "Begleitete Übergabe an die Jugendberufshilfe vereinbart.",
     ("Termin bei der Jugendberufshilfe begleiten",)),
)


@dataclass
class CaseworkDemoResult:
    contact_points: int = 0
    clients: int = 0
    contacts: int = 0
    referrals: int = 0
    conferences: int = 0
    outreach: int = 0
    created: bool = False


def counts(quartiere) -> CaseworkDemoResult:
    q = list(quartiere.values())
    return CaseworkDemoResult(
        contact_points=ContactPoint.objects.filter(quartier__in=q).count(),
        clients=Client.objects.filter(quartier__in=q).count(),
        contacts=Contact.objects.filter(quartier__in=q).count(),
        referrals=Referral.objects.filter(quartier__in=q).count(),
        conferences=CaseConference.objects.filter(quartier__in=q).count(),
        outreach=OutreachAction.objects.filter(quartier__in=q).count(),
    )


def delete_casework_demo(*, quartiere) -> None:
    q = list(quartiere.values())
    CaseConference.objects.filter(quartier__in=q).delete()
    OutreachAction.objects.filter(quartier__in=q).delete()
    Client.objects.filter(quartier__in=q).delete()
    ContactPoint.objects.filter(quartier__in=q).delete()


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)), tzinfo=TZ)


def _pick(rng, enum, weights=None):
    values = list(enum.values)
    return rng.choices(values, weights=weights)[0] if weights else rng.choice(values)


@transaction.atomic
def load_casework_demo(*, quartiere: dict[str, Quartier], rng: random.Random,
                       reset: bool = False) -> CaseworkDemoResult:
    if ContactPoint.objects.filter(quartier__in=quartiere.values()).exists():
        if not reset:
            return counts(quartiere)
        delete_casework_demo(quartiere=quartiere)
    today = timezone.localdate()
    start = today - dt.timedelta(days=364)
    problems = {p.slug: p for p in ProblemCategory.objects.filter(programme__isnull=True)}
    stages = list(OutcomeStage.objects.filter(programme__isnull=True).order_by("order"))
    slugs = [s for s in PROBLEM_WEIGHTS if s in problems]
    weights = [PROBLEM_WEIGHTS[s] for s in slugs]
    staff_by_q: dict[int, list[int]] = {}
    for user_id, quartier_id in RoleAssignment.objects.filter(
            role=Role.CONTACT_POINT, quartier__in=quartiere.values()).values_list("user_id", "quartier_id"):
        staff_by_q.setdefault(quartier_id, []).append(user_id)
    contacts: list[Contact] = []
    contact_problems: list[tuple[int, list[int]]] = []
    referral_rows: list[tuple[Referral, list[tuple[str, dt.datetime]]]] = []
    used_codes: set[str] = set(Client.objects.values_list("code", flat=True))
    identity_clients: list[Client] = []
    for slug in sorted(quartiere):
        quartier = quartiere[slug]
        orgs = list(Organisation.objects.filter(quartiere=quartier).select_related("actor_type").order_by("name"))
        if not orgs:
            continue
        runner = next((o for o in orgs if o.actor_type.slug == "kontaktstelle"), orgs[0])
        cp = ContactPoint.objects.create(
            quartier=quartier, organisation=runner, name=runner.name, street=runner.street,
            postal_code=runner.postal_code, city=runner.city or quartier.city,
            opening_hours="Mo–Do 9–12 Uhr und 14–16 Uhr\nFr 9–12 Uhr\nund nach Vereinbarung",
        )
        if staff_by_q.get(quartier.pk):
            cp.staff.set(staff_by_q[quartier.pk])
        thinka = quartier.programme.slug == "thinka"
        target = rng.randint(150, 400)
        per_person = 6.5 if thinka else 4.0
        female = 0.73 if thinka else 0.55
        # persons with their number of contacts (geometric around the mean), until the target is reached
        n_contacts_total = 0
        persons: list[tuple[Client, int]] = []
        while n_contacts_total < target:
            first_day = start + dt.timedelta(days=rng.randint(0, 364))
            span = min((today - first_day).days, rng.randint(30, 180))  # an episode of a few months
            n = max(1, min(25, int(rng.expovariate(1 / per_person)) + 1))
            n = min(n, target - n_contacts_total, 1 + span // 7)  # at most about one visit a week
            code = generate_case_code()
            while code in used_codes:
                code = generate_case_code()
            used_codes.add(code)
            client = Client(
                code=code, quartier=quartier, contact_point=cp,
                age_band=_pick(rng, AgeBand, [18, 24, 30, 22, 6]),
                gender=rng.choices(["w", "m", "d"], weights=[female, 0.99 - female, 0.01])[0],
                household=_pick(rng, Household, [30, 25, 12, 28, 5]),
                origin=_pick(rng, Origin, [45, 20, 12, 23]),
                sgb2=_pick(rng, YesNo, [62, 38]), unemployment=_pick(rng, UnemploymentBand, [25, 25, 20, 30]),
                access_route=_pick(rng, AccessRoute, [30, 25, 15, 20, 7, 3]),
                created_at=timezone.now(), last_activity_on=today,
            )
            persons.append((client, n, first_day, span))
            n_contacts_total += n
        Client.objects.bulk_create([p[0] for p in persons], batch_size=500)
        for client, n, first_day, span in persons:
            days = sorted([first_day] + [first_day + dt.timedelta(days=rng.randint(0, span)) for _ in range(n - 1)])
            stage_index = 0
            for i, day in enumerate(days):
                if i and rng.random() < 0.35 and stage_index + 1 < len(stages):
                    stage_index += 1
                chosen = sorted(set(rng.choices(slugs, weights=weights, k=rng.randint(1, 3))))
                contact = Contact(
                    client=client, contact_point=cp, quartier=quartier, date=day,
                    channel=rng.choices(list(Channel.values), weights=[60, 12, 18, 4, 6])[0],
                    is_first=i == 0, minutes=rng.choice((15, 20, 30, 30, 45, 60, 90)),
                    outcome=stages[stage_index] if stages else None,
                    help_given=rng.choice(("Antrag gemeinsam ausgefüllt", "Bescheid erklärt",
                                           "Bewerbungsunterlagen überarbeitet", "Termin vereinbart",
                                           "Informationen zu Angeboten im Quartier", "")),
                )
                contacts.append(contact)
                contact_problems.append((len(contacts) - 1, [problems[s].pk for s in chosen]))
            client.last_activity_on = days[-1]
        Client.objects.bulk_update([p[0] for p in persons], ["last_activity_on"], batch_size=500)
        # referrals: a bit less than half of the persons, to typical receivers of the Quartier
        receivers = [o for o in orgs if o.actor_type.slug in RECEIVER_TYPES and o.pk != runner.pk] or \
            [o for o in orgs if o.pk != runner.pk]
        for client, *_rest in persons:
            if rng.random() > 0.45 or not receivers:
                continue
            referral_rows.append(_referral(rng, client, cp, runner, rng.choice(receivers), today, problems, slugs,
                                           weights, staff_by_q.get(quartier.pk)))
        if slug == "duisburg-marxloh":
            identity_clients = [p[0] for p in persons[:len(DEMO_IDENTITIES)]]
        _conferences_and_outreach(rng, quartier, cp, orgs, today, problems, slugs, staff_by_q.get(quartier.pk))
    created = Contact.objects.bulk_create(contacts, batch_size=1000)
    through = Contact.problems.through
    through.objects.bulk_create(
        [through(contact_id=created[i].pk, problemcategory_id=p) for i, ids in contact_problems for p in ids],
        batch_size=2000)
    Referral.objects.bulk_create([r for r, _e in referral_rows], batch_size=500)
    ReferralEvent.objects.bulk_create(
        [ReferralEvent(referral=r, from_status=events[i - 1][0] if i else "", to_status=status, at=at,
                       organisation=r.receiver if status in ("accepted", "rejected", "first_contact", "completed")
                       else r.sender)
         for r, events in referral_rows for i, (status, at) in enumerate(events)], batch_size=2000)
    _identities(identity_clients, today)
    result = counts(quartiere)
    result.created = True
    return result


def _referral(rng, client, cp, sender, receiver, today, problems, slugs, weights, staff):
    proposed_day = client.last_activity_on - dt.timedelta(days=rng.randint(0, 20))
    proposed_day = max(proposed_day, today - dt.timedelta(days=364))
    at = _aware(proposed_day, rng)
    events = [("proposed", at)]
    r = Referral(client=client, quartier=client.quartier, sender=sender, receiver=receiver,
                 need=problems[rng.choices(slugs, weights=weights)[0]],
                 purpose=rng.choice(("Unterstützung bei Schulden", "Beratung zur Arbeitssuche", "Sprachkurs",
                                     "Hilfe bei Anträgen", "Begleitung zum Erstgespräch")),
                 warm_handover=rng.random() < 0.7, created_by_id=staff[0] if staff else None,
                 handover_mode=rng.choices(list(HandoverMode.values), weights=[20, 40, 25, 15])[0],
                 proposed_at=at, last_progress_at=at, status=ReferralStatus.PROPOSED)
    now = timezone.now()

    def step(status, field, days):
        nonlocal at
        nxt = at + dt.timedelta(days=days, hours=rng.randint(0, 6))
        if nxt > now:
            return False
        at = nxt
        setattr(r, field, at)
        r.status = status
        r.last_progress_at = at
        events.append((status, at))
        return True

    def close(status, days):
        nonlocal at
        nxt = at + dt.timedelta(days=days)
        if nxt > now:
            return
        at = nxt
        r.status, r.closed_at, r.last_progress_at = status, at, at
        events.append((status, at))

    if rng.random() < 0.06:
        close(ReferralStatus.CANCELLED, rng.randint(1, 5))
        return r, events
    if not step(ReferralStatus.TRANSMITTED, "transmitted_at", rng.randint(0, 2)):
        return r, events
    roll = rng.random()
    if roll < 0.09:
        close(ReferralStatus.REJECTED, rng.randint(1, 7))
        return r, events
    if roll < 0.14:
        return r, events  # no answer yet: the chain is at risk
    if not step(ReferralStatus.ACCEPTED, "accepted_at", rng.randint(1, 9)):
        return r, events
    roll = rng.random()
    if roll < 0.15:
        close(ReferralStatus.CANCELLED, rng.randint(5, 30))  # motivation "erkaltet"
        return r, events
    if not step(ReferralStatus.FIRST_CONTACT, "first_contact_at", rng.randint(2, 18)):
        return r, events
    if rng.random() < 0.72:
        nxt = at + dt.timedelta(days=rng.randint(10, 60))
        if nxt <= now:
            at = nxt
            r.status, r.closed_at, r.last_progress_at = ReferralStatus.COMPLETED, at, at
            r.result = rng.choices(list(ReferralResult.values), weights=[45, 30, 18, 7])[0]
            events.append((ReferralStatus.COMPLETED, at))
    elif rng.random() < 0.4:
        close(ReferralStatus.CANCELLED, rng.randint(10, 40))
    r.at_risk = r.status in ("transmitted", "accepted") and now - r.last_progress_at > dt.timedelta(days=14)
    return r, events


def _conferences_and_outreach(rng, quartier, cp, orgs, today, problems, slugs, staff):
    for i, (title, situation, resources, question, outcome, steps) in enumerate(CONFERENCES):
        conf = CaseConference.objects.create(
            quartier=quartier, held_on=today - dt.timedelta(days=30 + 90 * i + rng.randint(0, 20)), title=title,
            situation=situation, resources=resources, question=question, outcome=outcome)
        conf.organisations.set(rng.sample(orgs, k=min(4, len(orgs))))
        ConferenceStep.objects.bulk_create([ConferenceStep(conference=conf, description=s,
                                                           responsible=rng.choice(orgs), done=rng.random() < 0.5)
                                            for s in steps])
    for _ in range(6):
        reached = rng.randint(8, 60)
        action = OutreachAction.objects.create(
            quartier=quartier, contact_point=cp, place=rng.choice(OUTREACH_PLACES),
            date=today - dt.timedelta(days=rng.randint(1, 360)), start_time=dt.time(rng.randint(9, 16), 0),
            duration_minutes=rng.choice((90, 120, 180)), people_reached=reached,
            follow_up_contacts=rng.randint(0, max(1, reached // 4)))
        action.topics.set([problems[s] for s in rng.sample(slugs, k=2)])
        if staff:
            action.staff.set(staff)


def _identities(clients, today) -> None:
    jobcenter = Organisation.objects.filter(name="Jobcenter Duisburg").first()
    for client, (first, last) in zip(clients, DEMO_IDENTITIES, strict=False):
        CaseConsent.objects.create(client=client, kind=ConsentKind.STORAGE, method=CaseConsentMethod.WRITTEN,
                                   given_on=today - dt.timedelta(days=60))
        ClientIdentity.objects.create(client=client, first_name=first, last_name=last, phone="0000 123456",
                                      email="", address="")
    if clients and jobcenter is not None:
        client = clients[0]
        CaseConsent.objects.create(client=client, kind=ConsentKind.RELEASE, recipient=jobcenter,
                                   scope=["name", "contact"], method=CaseConsentMethod.WRITTEN,
                                   given_on=today - dt.timedelta(days=30))
        sender = client.contact_point.organisation
        at = timezone.now() - dt.timedelta(days=3)
        r = Referral.objects.create(
            client=client, quartier=client.quartier, sender=sender, receiver=jobcenter, share_identity=True,
            need=ProblemCategory.objects.filter(programme__isnull=True, slug="arbeitssuche").first(),
            purpose="Gemeinsamer Termin zur Arbeitssuche", handover_mode=HandoverMode.JOINT,
            status=ReferralStatus.TRANSMITTED, proposed_at=at, transmitted_at=at, last_progress_at=at,
            appointment_at=at + dt.timedelta(days=7))
        ReferralEvent.objects.bulk_create([
            ReferralEvent(referral=r, to_status="proposed", at=at, organisation=sender),
            ReferralEvent(referral=r, from_status="proposed", to_status="transmitted", at=at, organisation=sender),
        ])
