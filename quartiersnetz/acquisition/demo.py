"""Demo data of the acquisition pipeline and the local economy.

What is real and what is invented:
- Real (seed 003, domain brief §7): the formats — an informal, quarterly "Bismarcker Business Brunch" and a monthly
  "Existenzgründer/innen-Stammtisch Bismarck/Schalke-Nord" in Gelsenkirchen, a formal Unternehmerverein with more
  than 40 firms in Oberhausen (KinO e.V.; here under a clearly fictitious name). Seed 001: the five cooperation
  paths. Seed 000: the objections met in acquisition ("noch ein Gremium", "neue Sau, die durchs Dorf gejagt wird",
  "keine klassischen Arbeitsmarktträger").
- Invented: every acquisition case, stage history, company, WZ code, size, membership and publicity entry. Companies
  created here are named "… (fiktiv)".

Each Quartier gets 15–30 acquisition cases with stage histories across 2013–2014 (many identified, fewer letters of
intent, some dormant), owned by the Quartier's demo coach where there is one. The only values that depend on the
day the demo is loaded are one recent publicity entry per healthy network (so that the critical-mass view shows a
network without hints next to one with both hints). Everything else is a function of the `rng` passed in.
Writes use bulk_create; nothing is audited (no personal data is created).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quartiersnetz.actors.models import ActorType, Organisation
from quartiersnetz.core.choices import Role
from quartiersnetz.core.models import Quartier, RoleAssignment, User

from .choices import AcquisitionStage, CooperationPath, NetworkForm, PublicityKind, size_class_for
from .funnel import PIPELINE
from .models import (
    AcquisitionCase,
    BusinessNetwork,
    BusinessNetworkMembership,
    CompanyProfile,
    CooperationPathChange,
    PublicityEntry,
    StageChange,
)

START, END = dt.date(2013, 1, 7), dt.date(2014, 12, 19)
DEMO_NOTE = "Fiktives Unternehmen (Demodaten der Akquise)."
SCHALKE = "gelsenkirchen-schalke"
OBERHAUSEN = "oberhausen-innenstadt-alt-oberhausen"
VEREIN_MEMBERS = 42
MAX_ORGANISATIONS = 80
# probability to move on from a stage (identified → approached, …, loi → active)
ADVANCE = {"identified": 0.72, "approached": 0.7, "talked": 0.66, "interest": 0.6, "loi": 0.72}
DORMANT_AFTER_STOP = 0.4
OBJECTIONS = [
    "„Noch ein Gremium“ – wenig Zeit für zusätzliche Sitzungen.",
    "„Neue Sau, die durchs Dorf gejagt wird“ – Sorge, das Projekt sei kurzlebig.",
    "Sieht sich nicht als klassischer Arbeitsmarktträger.",
    "Datenschutz: möchte keine Kontaktdaten weitergeben.",
    "Hat schlechte Erfahrungen mit früheren Projekten gemacht.",
    "",
]
BENEFITS = [
    "Kurze Wege zu Bewerberinnen und Bewerbern aus dem Quartier.",
    "Sichtbarkeit im Stadtteil und Kontakt zu anderen Betrieben.",
    "Passgenaue Praktikantinnen und Praktikanten über das Netzwerk.",
    "Entlastung bei Fragen der Kundschaft zu Beratungsangeboten.",
    "Gemeinsame Öffentlichkeitsarbeit beim Stadtteilfest.",
]
NEXT_STEPS = {
    "identified": "Erstkontakt per Telefon",
    "approached": "Besuch im Betrieb vereinbaren",
    "talked": "Mehrwert im zweiten Gespräch klären",
    "interest": "Letter of Intent vorbereiten",
    "loi": "Einladung in die Steuerungsgruppe",
    "active": "Jährliches Bilanzgespräch",
}
# (trade, WZ code, employees range, trains apprentices probability)
TRADES = [
    ("Bäckerei", "C 10.71", (3, 25), 0.6), ("Friseursalon", "S 96.02", (1, 8), 0.5),
    ("Kfz-Werkstatt", "G 45.20", (3, 20), 0.7), ("Lebensmittelmarkt", "G 47.11", (5, 40), 0.4),
    ("Gaststätte", "I 56.10", (2, 15), 0.3), ("Elektrobetrieb", "F 43.21", (4, 30), 0.7),
    ("Pflegedienst", "Q 88.10", (10, 80), 0.5), ("Steuerbüro", "M 69.20", (3, 12), 0.5),
    ("Kiosk", "G 47.26", (1, 3), 0.0), ("Malerbetrieb", "F 43.34", (2, 12), 0.6),
    ("Apotheke", "G 47.73", (4, 14), 0.4), ("Reisebüro", "N 79.11", (1, 6), 0.2),
    ("Druckerei", "C 18.12", (5, 35), 0.5), ("Schneiderei", "S 95.29", (1, 4), 0.1),
    ("Spedition", "H 49.41", (8, 60), 0.4), ("IT-Service", "J 62.02", (2, 15), 0.4),
    ("Reinigungsdienst", "N 81.21", (10, 120), 0.2), ("Blumenladen", "G 47.76", (1, 5), 0.2),
]
SURNAMES = ["Kaya", "Nowak", "Schulte", "Yilmaz", "Becker", "Demir", "Kowalski", "Hoffmann", "Özdemir", "Krüger",
            "Wagner", "Aydın", "Lewandowski", "Schmitz", "Çelik", "Brandt", "Arslan", "Wolff", "Popescu", "Koch",
            "Şahin", "Richter", "Mazur", "Vogel", "Doğan", "Kühn"]


@dataclass(frozen=True)
class AcquisitionDemoResult:
    created: bool
    cases: int
    stage_changes: int
    companies: int
    networks: int
    memberships: int


def _counts(quartiere: dict[str, Quartier], created: bool) -> AcquisitionDemoResult:
    ids = [q.pk for q in quartiere.values()]
    return AcquisitionDemoResult(
        created=created, cases=AcquisitionCase.objects.filter(quartier_id__in=ids).count(),
        stage_changes=StageChange.objects.filter(case__quartier_id__in=ids).count(),
        companies=CompanyProfile.objects.filter(organisation__quartiere__id__in=ids).distinct().count(),
        networks=BusinessNetwork.objects.filter(quartier_id__in=ids).count(),
        memberships=BusinessNetworkMembership.objects.filter(network__quartier_id__in=ids).count(),
    )


def delete_acquisition_demo(*, quartiere: dict[str, Quartier]) -> None:
    """Remove cases, networks and company profiles of these Quartiere. Fictitious companies stay (they may be
    referenced elsewhere by now) and are reused by the next run."""
    ids = [q.pk for q in quartiere.values()]
    AcquisitionCase.objects.filter(quartier_id__in=ids).delete()
    BusinessNetwork.objects.filter(quartier_id__in=ids).delete()
    CompanyProfile.objects.filter(organisation__quartiere__id__in=ids).delete()


def _coaches(quartiere: dict[str, Quartier]) -> dict[int, User]:
    coaches: dict[int, User] = {}
    for ra in RoleAssignment.objects.filter(role=Role.COACH, quartier__in=quartiere.values()).select_related("user"):
        coaches.setdefault(ra.quartier_id, ra.user)
    return coaches


class _Companies:
    """Finds or creates fictitious companies with unique names (deterministic for a given rng)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.company_type = ActorType.objects.get(slug="unternehmen")
        self.network_type = ActorType.objects.filter(slug="wirtschaftsnetzwerk").first() or self.company_type
        self.taken = {n.lower() for n in Organisation.objects.values_list("name", flat=True)}
        self.existing = {o.name: o for o in Organisation.objects.filter(description=DEMO_NOTE)}
        self.used: set[str] = set()
        self.new: list[Organisation] = []
        self.links: list[tuple[Organisation, Quartier]] = []
        self.trade_of: dict[str, tuple] = {}
        self.anchors: dict[int, tuple | None] = {}

    def company(self, quartier: Quartier, index: int) -> Organisation:
        trade = TRADES[(index + self.rng.randrange(len(TRADES))) % len(TRADES)]
        surname = SURNAMES[self.rng.randrange(len(SURNAMES))]
        base = f"{trade[0]} {surname} – {quartier.name or quartier.city} (fiktiv)"
        name, n = base, 2
        while name in self.used or (name.lower() in self.taken and name not in self.existing):
            name = f"{trade[0]} {surname} {n} – {quartier.name or quartier.city} (fiktiv)"
            n += 1
        self.taken.add(name.lower())
        self.used.add(name)
        self.trade_of[name] = trade
        return self._get_or_new(name, quartier, self.company_type)

    def association(self, name: str, quartier: Quartier) -> Organisation:
        self.taken.add(name.lower())
        return self._get_or_new(name, quartier, self.network_type)

    def _get_or_new(self, name: str, quartier: Quartier, actor_type: ActorType) -> Organisation:
        org = self.existing.get(name)
        if org is None:
            # Same conventions as the foundation demo: marked, placed near the Quartier, e-mail that cannot exist.
            # A stream of its own per name, so that placing a company does not shift the main stream.
            place = random.Random(name)
            anchor = self._anchor(quartier)
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:40]
            org = Organisation(
                name=name, actor_type=actor_type, city=quartier.city, description=DEMO_NOTE,
                email=f"info.{slug}@beispiel.invalid", street=f"Musterstraße {place.randint(1, 120)}",
                latitude=None if anchor is None else round(anchor[0] + Decimal(place.uniform(-0.006, 0.006)), 6),
                longitude=None if anchor is None else round(anchor[1] + Decimal(place.uniform(-0.009, 0.009)), 6),
            )
            self.new.append(org)
            self.existing[name] = org
        self.links.append((org, quartier))
        return org

    def _anchor(self, quartier: Quartier):
        if quartier.pk not in self.anchors:
            self.anchors[quartier.pk] = (
                Organisation.objects.filter(quartiere=quartier, latitude__isnull=False)
                .order_by("pk").values_list("latitude", "longitude").first()
            )
        return self.anchors[quartier.pk]

    def pending_in(self, quartier: Quartier) -> int:
        return len({id(o) for o, q in self.links if q.pk == quartier.pk and o.pk is None})

    def save(self) -> None:
        Organisation.objects.bulk_create(self.new)
        first_quartier = {}
        for org, quartier in self.links:
            first_quartier.setdefault(id(org), quartier.pk)
        _add_demo_contacts(self.new, {o.pk: first_quartier[id(o)] for o in self.new})
        through = Organisation.quartiere.through
        present = set(through.objects.filter(organisation_id__in=[o.pk for o, _q in self.links]).values_list(
            "organisation_id", "quartier_id"))
        rows, seen = [], set()
        for org, quartier in self.links:
            key = (org.pk, quartier.pk)
            if key not in present and key not in seen:
                seen.add(key)
                rows.append(through(organisation_id=org.pk, quartier_id=quartier.pk))
        through.objects.bulk_create(rows)


FIRST_NAMES = ["Anja", "Bernd", "Cem", "Dana", "Emre", "Frauke", "Goran", "Hanna", "Ilka", "Jonas", "Katrin", "Lars"]


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:30]


def _add_demo_contacts(orgs: list[Organisation], quartier_of: dict[int, int]) -> None:
    """One fictitious contact person with consent to be contacted per new company, audited like the rest."""
    if not orgs:
        return
    from django.contrib.contenttypes.models import ContentType

    from quartiersnetz.actors.models import ContactPerson
    from quartiersnetz.core.choices import AuditAction, ConsentMethod, ConsentPurpose
    from quartiersnetz.core.models import AuditLogEntry, ConsentRecord

    people = []
    for org in orgs:
        first = FIRST_NAMES[random.Random(org.name).randrange(len(FIRST_NAMES))]
        people.append(ContactPerson(
            organisation=org, first_name=first, last_name="Beispiel", function="Inhaberin/Inhaber",
            level="leitung", decision_authority=True, email=f"{first.lower()}.{_slug(org.name)}@beispiel.invalid",
            note="Fiktive Person (Demodaten)",
        ))
    ContactPerson.objects.bulk_create(people)
    ct = ContentType.objects.get_for_model(ContactPerson)
    given = dt.date(2013, 3, 1)
    ConsentRecord.objects.bulk_create([
        ConsentRecord(content_type=ct, object_id=p.pk, purpose=ConsentPurpose.CONTACT, given_on=given,
                      method=ConsentMethod.WRITTEN)
        for p in people
    ])
    AuditLogEntry.objects.bulk_create([
        AuditLogEntry(username="demo", action=AuditAction.CREATE, content_type=ct, object_id=p.pk,
                      object_repr=str(p)[:200], fields=["consent:contact", "first_name", "last_name"],
                      quartier_id=quartier_of[p.organisation_id])
        for p in people
    ])


def _history(rng: random.Random) -> list[tuple[dt.date, str]]:
    """A stage history: start in 2013, move on with falling probability, some end dormant."""
    on = START + dt.timedelta(days=rng.randrange(0, 420))
    events = [(on, "identified")]
    stage = "identified"
    while stage in ADVANCE and rng.random() < ADVANCE[stage]:
        on = on + dt.timedelta(days=rng.randint(10, 75))
        if on > END:
            return events
        stage = PIPELINE[PIPELINE.index(stage) + 1]
        events.append((on, stage))
    if stage != "active" and rng.random() < DORMANT_AFTER_STOP:
        on = on + dt.timedelta(days=rng.randint(20, 120))
        if on <= END:
            events.append((on, AcquisitionStage.DORMANT))
    elif stage == "active" and rng.random() < 0.1:
        on = on + dt.timedelta(days=rng.randint(60, 200))
        if on <= END:
            events.append((on, AcquisitionStage.DORMANT))
    return events


@transaction.atomic
def load_acquisition_demo(*, quartiere: dict[str, Quartier], rng: random.Random,
                          reset: bool = False) -> AcquisitionDemoResult:
    """Generate the acquisition and local-economy demo for the given Quartiere (slug → Quartier)."""
    if reset:
        delete_acquisition_demo(quartiere=quartiere)
    elif AcquisitionCase.objects.filter(quartier__in=quartiere.values()).exists():
        return _counts(quartiere, created=False)
    today = timezone.localdate()
    coaches = _coaches(quartiere)
    companies = _Companies(rng)
    plans: list[tuple[Quartier, Organisation, list, User | None]] = []
    networks: list[tuple[Quartier, dict, list[Organisation], list[tuple]]] = []
    for slug in sorted(quartiere):
        quartier = quartiere[slug]
        orgs = list(Organisation.objects.filter(quartiere=quartier).exclude(
            actor_type__slug__in=["jobcenter", "agentur-fuer-arbeit"]).exclude(description=DEMO_NOTE).select_related(
            "actor_type").order_by("name"))
        rng.shuffle(orgs)
        target = rng.randint(15, 30)
        chosen = orgs[:target]
        for i in range(target - len(chosen)):
            chosen.append(companies.company(quartier, i))
        # every Quartier gets a few fictitious companies so that its local economy is not empty
        local = [companies.company(quartier, 100 + i) for i in range(rng.randint(3, 6))]
        for org in chosen:
            plans.append((quartier, org, _history(rng), coaches.get(quartier.pk)))
        if slug == SCHALKE:
            networks += _schalke_networks(quartier, companies, local, orgs, rng, today)
        elif slug == OBERHAUSEN:
            networks += _oberhausen_network(quartier, companies, local, orgs, rng, today)
    companies.save()
    _write_cases(plans, rng)
    _write_profiles(quartiere, companies, rng)
    _write_networks(networks)
    return _counts(quartiere, created=True)


def _write_cases(plans, rng: random.Random) -> None:
    cases, changes = [], []
    for quartier, org, events, coach in plans:
        last_on, stage = events[-1]
        case = AcquisitionCase(
            quartier=quartier, organisation=org, stage=stage, stage_since=last_on, owner=coach,
            next_step="" if stage == AcquisitionStage.DORMANT else NEXT_STEPS[stage],
            next_step_on=None if stage == AcquisitionStage.DORMANT else last_on + dt.timedelta(days=rng.randint(7, 45)),
            objections=rng.choice(OBJECTIONS), benefit=rng.choice(BENEFITS) if len(events) > 2 else "",
        )
        cases.append(case)
        previous = ""
        for on, to_stage in events:
            note = "kein Interesse mehr" if to_stage == AcquisitionStage.DORMANT else ""
            changes.append((case, StageChange(from_stage=previous, to_stage=to_stage, on=on, note=note, by=coach)))
            previous = to_stage
    AcquisitionCase.objects.bulk_create(cases)
    for case, change in changes:
        change.case = case
    StageChange.objects.bulk_create([c for _case, c in changes], batch_size=2000)


def _write_profiles(quartiere, companies: _Companies, rng: random.Random) -> None:
    orgs = Organisation.objects.filter(
        Q(actor_type__slug="unternehmen") | Q(actor_type__parent__slug="unternehmen"),
        quartiere__in=quartiere.values(), company_profile__isnull=True).distinct().order_by("name")
    profiles, paths = [], []
    paths_choice = list(CooperationPath.values)
    for org in orgs:
        trade = companies.trade_of.get(org.name) or TRADES[rng.randrange(len(TRADES))]
        employees = rng.randint(*trade[2])
        path = rng.choice(paths_choice + [""] * 2)
        since = START + dt.timedelta(days=rng.randrange(0, 600)) if path else None
        profile = CompanyProfile(
            organisation=org, wz_code=trade[1], employees=employees, size_class=size_class_for(employees),
            founded_year=rng.randint(1950, 2012), trains_apprentices=rng.random() < trade[3],
            cooperation_path=path, cooperation_path_since=since)
        profiles.append(profile)
        if path:
            paths.append(CooperationPathChange(profile=profile, from_path="", to_path=path, on=since))
    CompanyProfile.objects.bulk_create(profiles)
    for change in paths:
        change.profile_id = change.profile.pk
    CooperationPathChange.objects.bulk_create(paths)


def _quarterly(start: dt.date, end: dt.date) -> list[dt.date]:
    out, on = [], start
    while on <= end:
        out.append(on)
        month = on.month + 3
        on = dt.date(on.year + (month - 1) // 12, (month - 1) % 12 + 1, on.day)
    return out


def _schalke_networks(quartier, companies: _Companies, local, orgs, rng, today):
    extra = [companies.company(quartier, 200 + i) for i in range(10)]
    others = [o for o in orgs if o.actor_type.slug not in ("unternehmen",)][:5]  # initiatives, clubs, administration
    brunch_members = local + extra + others
    brunch = {"name": "Bismarcker Business Brunch", "form": NetworkForm.BRUNCH,
              "meeting_format": "vierteljährlicher Brunch (informell)", "founded_on": dt.date(2012, 9, 1),
              "critical_mass": 12,
              "goals": "Austausch von Betrieben, Initiativen, Vereinen, Politik und Verwaltung im Stadtteil; "
                       "Ausbildungsplätze für Jugendliche aus Bismarck.",
              "strategic_partners": "Stadtteilbüro, Wirtschaftsförderung"}
    publicity = [(on, PublicityKind.PRESS if i % 2 else PublicityKind.EVENT,
                  f"{i + 1}. Business Brunch – Einladung und Bericht")
                 for i, on in enumerate(_quarterly(dt.date(2013, 2, 14), dt.date(2014, 11, 30)))]
    publicity.append((today - dt.timedelta(days=24), PublicityKind.SOCIAL, "Rückblick auf den letzten Brunch"))
    founders = {"name": "Gründer-Stammtisch Bismarck/Schalke-Nord", "form": NetworkForm.FOUNDERS,
                "meeting_format": "monatlich, mit internen und externen Referierenden",
                "founded_on": dt.date(2013, 4, 1), "critical_mass": 10,
                "goals": "Existenzgründerinnen und -gründer aktivieren und stabilisieren.",
                "strategic_partners": "Gründungsberatung der Kammer"}
    founder_members = extra[:3] + local[:3]
    founder_publicity = [(dt.date(2013, 4, 3), PublicityKind.PRINT, "Flyer zum ersten Stammtisch"),
                         (dt.date(2014, 2, 5), PublicityKind.NEWSLETTER, "Hinweis in der Stadtteilzeitung")]
    return [(quartier, brunch, brunch_members, publicity), (quartier, founders, founder_members, founder_publicity)]


def _oberhausen_network(quartier, companies: _Companies, local, orgs, rng, today):
    verein = companies.association("Unternehmerverein Innenstadt Oberhausen e.V. (fiktiv)", quartier)
    # The foundation demo promises 30–80 organisations per Quartier: add only as many companies as fit.
    # Fictitious companies of an earlier run are reused from the pool, so they do not count against the room.
    room = (MAX_ORGANISATIONS - Organisation.objects.filter(quartiere=quartier).exclude(description=DEMO_NOTE).count()
            - companies.pending_in(quartier) - 1)
    businesses = [o for o in orgs if o.actor_type.slug == "unternehmen" and o not in local]
    wanted = VEREIN_MEMBERS - len(local) - len(businesses)
    extra = businesses + [companies.company(quartier, 300 + i) for i in range(max(0, min(wanted, room)))]
    data = {"name": "Unternehmerverein Innenstadt Oberhausen (fiktiv)", "form": NetworkForm.ASSOCIATION,
            "meeting_format": "Mitgliederversammlung zweimal im Jahr, Stadtteilfeste, Stadtteilzeitung",
            "founded_on": dt.date(2008, 5, 1), "organisation": verein, "critical_mass": 15,
            "goals": "Ausbildungsplätze im Stadtteil; Ansiedlung fehlender Branchen; Bekanntheitsgrad und "
                     "Zufriedenheit der Bewohnerschaft (Nachbefragung); Trägerschaft des Stadtteilbüros.",
            "strategic_partners": "Stadtteilbüro, Wirtschaftsförderung, Bezirksvertretung"}
    publicity = [(dt.date(2013, 6, 15), PublicityKind.EVENT, "Stadtteilfest Innenstadt"),
                 (dt.date(2013, 10, 1), PublicityKind.NEWSLETTER, "Stadtteilzeitung Herbstausgabe"),
                 (dt.date(2014, 6, 14), PublicityKind.EVENT, "Stadtteilfest Innenstadt"),
                 (dt.date(2014, 10, 1), PublicityKind.NEWSLETTER, "Stadtteilzeitung Herbstausgabe"),
                 (today - dt.timedelta(days=40), PublicityKind.WEBSITE, "Neue Mitgliederliste online")]
    return [(quartier, data, local + extra, publicity)]


def _write_networks(networks) -> None:
    created, memberships, entries = [], [], []
    for quartier, data, members, publicity in networks:
        network = BusinessNetwork(quartier=quartier, **data)
        created.append(network)
        founded = data.get("founded_on") or START
        seen = set()
        for i, org in enumerate(members):
            if org.pk in seen:
                continue
            seen.add(org.pk)
            since = founded + dt.timedelta(days=30 * (i % 18))
            memberships.append(BusinessNetworkMembership(network=network, organisation=org, since=since))
        entries += [PublicityEntry(network=network, on=on, kind=kind, text=text) for on, kind, text in publicity]
    BusinessNetwork.objects.bulk_create(created)
    for m in memberships:
        m.network_id = m.network.pk
    for e in entries:
        e.network_id = e.network.pk
    BusinessNetworkMembership.objects.bulk_create(memberships)
    PublicityEntry.objects.bulk_create(entries)
