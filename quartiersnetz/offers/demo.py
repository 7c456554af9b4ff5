"""Demo offers for every demo Quartier: 10–30 offers each, with locations near their providers.

Invented, but shaped after seed 000 (§ 8.1 need categories, typical providers) and issue 5: debt and addiction
counselling, language courses with childcare, application workshops, work opportunities (§ 16d SGB II),
participation in the labour market (§ 16i), youth employment agency hours, family centres, tenancy advice.
In most Quartiere two providers run an offer of nearly the same content for the same target group and topic
(e.g. two debt counselling services), so the duplicate-structure analysis has something to find; with 9 target
groups × 12 topics and at most 30 offers many cells stay empty (gaps).

About a third of the offers are joint offers: one or two partner organisations of the same Quartier (preferably of
a fitting type) run them with the provider, so the network analysis shows joint-offer ties. The partners are drawn
from a second random stream seeded by the Quartier's slug, so adding them left the offers themselves unchanged.

Deterministic: a function of the `rng` passed in and the organisations (ordered by name). Written with
bulk_create; not audited (the contact persons were created by the actors demo and only linked here). Demo
offers carry HSDS ids starting with "demo-"; a second run leaves them alone unless `reset`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import Quartier

from .choices import AccessRoute, LegalBasis, OfferStatus
from .hours import parse_hours
from .models import Offer, OfferLocation, TargetGroup, Topic

PREFIX = "demo-"
POSTCODES = {
    "duisburg-marxloh": "47169", "duisburg-hochfeld": "47053", "oberhausen-innenstadt-alt-oberhausen": "46045",
    "bielefeld-sieker": "33605", "dortmund-clarenberg": "44263", "dortmund-scharnhorst-ost": "44328",
    "aachen-ost": "52068", "muenster-kinderhaus-brueningheide": "48159", "koeln-chorweiler": "50765",
    "gelsenkirchen-schalke": "45881",
}
ACCESSIBILITY = (
    "Stufenloser Eingang, barrierefreies WC.", "Aufzug vorhanden; Beratungsraum im 1. Obergeschoss.",
    "Eingang mit zwei Stufen, mobile Rampe auf Anfrage.", "Barrierefrei; Induktionsschleife im Beratungsraum.", "",
)
TRANSPORT = ("Bus und Straßenbahn in 3 Minuten Fußweg", "Haltestelle direkt vor dem Haus", "", "")


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    description: str
    target_groups: tuple[str, ...]
    topics: tuple[str, ...]
    legal_basis: str
    access_route: str
    providers: tuple[str, ...]  # actor (sub)type slugs, most fitting first
    costs: str = "kostenlos"
    languages: str = "Deutsch"
    hours: str = ""
    capacity: tuple[int, int] | None = None
    twin_of: str = ""


def T(*args, **kw) -> Template:  # noqa: N802 - short constructor for the catalogue
    return Template(*args, **kw)


L = LegalBasis
A = AccessRoute
TEMPLATES: tuple[Template, ...] = (
    T("schulden", "Schuldnerberatung im Stadtteil",
      "Beratung bei Schulden und Überschuldung: Haushaltsplan, Verhandlung mit Gläubigern, Vorbereitung der "
      "Verbraucherinsolvenz.", ("langzeitarbeitslose", "familien"), ("schulden", "beratung"), L.SGB2_16A,
      A.APPOINTMENT, ("schuldnerberatung", "soziale-dienste"), languages="Deutsch, Türkisch",
      hours="Mo 09:00-12:00\nMi 14:00-17:00"),
    T("schulden2", "Schuldner- und Insolvenzberatung",
      "Beratung bei Überschuldung und Schulden: Haushaltsplan, Gespräche mit Gläubigern, Vorbereitung der "
      "Insolvenz.", ("langzeitarbeitslose", "familien"), ("schulden", "beratung"), L.SGB2_16A, A.APPOINTMENT,
      ("schuldnerberatung", "soziale-dienste", "beratungsstelle"), hours="Di 09:00-13:00\nDo 13:00-16:00",
      twin_of="schulden"),
    T("sucht", "Suchtberatung – offene Sprechstunde",
      "Vertrauliche Beratung bei Alkohol-, Medikamenten- und Glücksspielproblemen, auch für Angehörige; "
      "Vermittlung in Therapie.", ("langzeitarbeitslose", "jugendliche-u25"), ("sucht", "gesundheit"),
      L.SGB2_16A, A.OPEN, ("suchtberatung", "soziale-dienste"), hours="Di 14:00-18:00"),
    T("psyche", "Psychosoziale Beratung",
      "Gespräche bei seelischen Belastungen, Krisen und Ängsten; Begleitung zu Ärztinnen und Ärzten.",
      ("langzeitarbeitslose", "aeltere"), ("gesundheit", "beratung"), L.SGB2_16A, A.APPOINTMENT,
      ("psychosoziale-beratung", "soziale-dienste"), hours="Mo-Do 09:00-15:00"),
    T("deutsch-kita", "Deutschkurs mit Kinderbetreuung",
      "Deutschkurs für Mütter und Väter am Vormittag; die Kinder werden in der Zeit im Haus betreut.",
      ("alleinerziehende", "migrationsgeschichte", "frauen"), ("sprache", "kinderbetreuung"), L.AUFENTHG,
      A.REGISTRATION, ("traeger", "familienzentrum"), languages="Deutsch", hours="Mo-Do 09:00-11:30",
      capacity=(12, 16)),
    T("deutsch-kita2", "Sprachkurs Deutsch für Mütter mit Kinderbetreuung",
      "Deutschkurs für Mütter am Vormittag; die Kinder werden während des Kurses im Haus betreut.",
      ("alleinerziehende", "migrationsgeschichte", "frauen"), ("sprache", "kinderbetreuung"), L.AUFENTHG,
      A.REGISTRATION, ("familienzentrum", "traeger", "moscheegemeinde"), hours="Di 09:00-11:00\nDo 09:00-11:00",
      capacity=(8, 14), twin_of="deutsch-kita"),
    T("integrationskurs", "Integrationskurs (allgemeiner Kurs)",
      "Sprachkurs und Orientierungskurs nach dem Aufenthaltsgesetz mit Abschlussprüfung.",
      ("gefluechtete", "migrationsgeschichte"), ("sprache",), L.AUFENTHG, A.REGISTRATION, ("traeger",),
      costs="kostenlos mit Berechtigungsschein", hours="Mo-Fr 08:30-12:30", capacity=(18, 25)),
    T("sprachcafe", "Sprachcafé",
      "Deutsch sprechen in lockerer Runde bei Tee und Gebäck, begleitet von Ehrenamtlichen.",
      ("gefluechtete", "migrationsgeschichte"), ("sprache", "ehrenamt"), "", A.OPEN,
      ("begegnungsstaette", "verein", "kirchengemeinde", "kultur"), languages="Deutsch, Arabisch, Englisch",
      hours="Mi 15:00-17:00"),
    T("bewerbung", "Bewerbungswerkstatt",
      "Hilfe bei Lebenslauf, Anschreiben und Online-Bewerbung; Vorbereitung auf Vorstellungsgespräche.",
      ("langzeitarbeitslose", "jugendliche-u25"), ("arbeitsvermittlung",), L.SGB3, A.OPEN,
      ("kontaktstelle", "erwerbslosenberatung", "traeger"), hours="Di 10:00-13:00\nDo 14:00-17:00"),
    T("bewerbung2", "Bewerbungstraining: Lebenslauf und Anschreiben",
      "Unterstützung bei Lebenslauf, Anschreiben und Online-Bewerbung; Training für Vorstellungsgespräche.",
      ("langzeitarbeitslose", "jugendliche-u25"), ("arbeitsvermittlung",), L.SGB3, A.REGISTRATION,
      ("traeger", "erwerbslosenberatung", "jugendzentrum"), hours="Mi 09:00-12:00", capacity=(8, 12),
      twin_of="bewerbung"),
    T("jobcoaching-ae", "Jobcoaching für Alleinerziehende",
      "Einzelcoaching auf dem Weg in Arbeit oder Ausbildung in Teilzeit; Klärung der Kinderbetreuung.",
      ("alleinerziehende",), ("arbeitsvermittlung", "beratung"), L.SGB2_OTHER, A.REFERRAL_JOBCENTER,
      ("jobcenter", "traeger"), hours="Mo-Fr 08:00-16:00", capacity=(15, 30)),
    T("teilzeitausbildung", "Beratung zur Teilzeitausbildung",
      "Information über Ausbildung in Teilzeit für Mütter und Väter, Vermittlung in Ausbildungsbetriebe.",
      ("alleinerziehende", "frauen"), ("qualifizierung", "beratung"), L.SGB3, A.APPOINTMENT,
      ("agentur-fuer-arbeit", "kammer"), hours="Do 09:00-12:00"),
    T("agh", "Arbeitsgelegenheit Stadtteilpflege",
      "Arbeitsgelegenheit mit Mehraufwandsentschädigung: Pflege von Grünflächen und Spielplätzen im Quartier.",
      ("langzeitarbeitslose",), ("beschaeftigung",), L.SGB2_16D, A.REFERRAL_JOBCENTER, ("traeger",),
      hours="Mo-Fr 07:30-13:30", capacity=(10, 30)),
    T("16i", "Coaching zur Teilhabe am Arbeitsmarkt",
      "Beschäftigungsbegleitendes Coaching für geförderte Arbeitsverhältnisse nach § 16i SGB II.",
      ("langzeitarbeitslose", "aeltere"), ("beschaeftigung", "beratung"), L.SGB2_16I, A.REFERRAL_JOBCENTER,
      ("traeger", "jobcenter"), capacity=(10, 25)),
    T("ausbildungsboerse", "Ausbildungsplatzbörse im Quartier",
      "Betriebe aus dem Stadtteil stellen freie Ausbildungsplätze und Praktika vor; Beratung vor Ort.",
      ("jugendliche-u25",), ("arbeitsvermittlung", "qualifizierung"), L.SGB3, A.OPEN,
      ("agentur-fuer-arbeit", "kammer", "wirtschaftsnetzwerk"), hours="Sa 10:00-14:00"),
    T("jba", "Jugendberufsagentur – Sprechstunde im Quartier",
      "Jobcenter, Agentur für Arbeit und Jugendhilfe beraten junge Menschen gemeinsam zu Schule, Ausbildung "
      "und Arbeit.", ("jugendliche-u25",), ("beratung", "arbeitsvermittlung"), L.SGB2_16H, A.OPEN,
      ("jobcenter", "jugendamt", "agentur-fuer-arbeit"), hours="Mi 13:00-17:00"),
    T("hausaufgaben", "Hausaufgabenhilfe und Lernförderung",
      "Ehrenamtliche helfen Schulkindern bei Hausaufgaben und beim Lernen für Klassenarbeiten.",
      ("familien",), ("qualifizierung", "ehrenamt"), L.SGB8, A.OPEN, ("jugendzentrum", "verein", "schule"),
      languages="Deutsch, Türkisch, Arabisch", hours="Mo-Do 14:00-16:30"),
    T("randzeiten", "Randzeitenbetreuung für Kinder",
      "Betreuung von Kindern früh morgens und am Abend, damit Eltern Arbeit oder Kurse wahrnehmen können.",
      ("alleinerziehende", "familien"), ("kinderbetreuung",), L.SGB8, A.REGISTRATION,
      ("kita", "familienzentrum"), costs="einkommensabhängiger Beitrag", hours="Mo-Fr 06:00-08:00, 16:00-20:00",
      capacity=(6, 15)),
    T("elterncafe", "Elterncafé",
      "Treffpunkt für Eltern mit Beratung zu Kita, Schule, Gesundheit und Erziehung.",
      ("familien", "migrationsgeschichte"), ("beratung", "kinderbetreuung"), L.SGB8, A.OPEN,
      ("familienzentrum", "kita"), languages="Deutsch, Türkisch, Bulgarisch", hours="Fr 09:00-11:00"),
    T("anerkennung", "Anerkennungsberatung für ausländische Abschlüsse",
      "Beratung zur Anerkennung von Berufs- und Schulabschlüssen aus dem Ausland und zu Anpassungsqualifizierung.",
      ("migrationsgeschichte", "gefluechtete"), ("anerkennung", "beratung"), "", A.APPOINTMENT,
      ("migrationsberatung", "integrationszentrum", "kammer"), languages="Deutsch, Englisch, Arabisch",
      hours="Di 09:00-12:00"),
    T("mbe", "Migrationsberatung für Erwachsene",
      "Beratung zu Aufenthalt, Sprachkursen, Arbeit, Wohnen und Behördenpost für zugewanderte Erwachsene.",
      ("migrationsgeschichte", "gefluechtete"), ("beratung",), L.OTHER, A.APPOINTMENT, ("migrationsberatung",),
      languages="Deutsch, Rumänisch, Bulgarisch", hours="Mo 09:00-12:00\nDo 13:00-16:00"),
    T("wohnen", "Wohnungssprechstunde",
      "Hilfe bei Wohnungssuche, Nebenkostenabrechnungen und Problemen mit dem Vermieter.",
      ("langzeitarbeitslose", "familien", "aeltere"), ("wohnen", "beratung"), L.SGB12, A.OPEN,
      ("wohnungsunternehmen", "stadtteilmanagement"), hours="Do 15:00-18:00"),
    T("mietschulden", "Beratung bei Mietschulden",
      "Schnelle Hilfe bei drohendem Wohnungsverlust durch Mietschulden; Kontakt zu Vermietern und Sozialamt.",
      ("langzeitarbeitslose", "familien"), ("wohnen", "schulden"), L.SGB12, A.APPOINTMENT,
      ("sozialamt", "schuldnerberatung")),
    T("gesundheit", "Bewegungskurs „Fit im Quartier“",
      "Bewegung und Gesundheit für Menschen, die lange nicht aktiv waren; in kleinen Gruppen.",
      ("aeltere", "langzeitarbeitslose"), ("gesundheit",), "", A.REGISTRATION,
      ("begegnungsstaette", "verein", "kultur"), costs="2 € pro Termin", hours="Mo 10:00-11:00\nMi 10:00-11:00",
      capacity=(10, 16)),
    T("behinderung", "Weg in Arbeit für Menschen mit Behinderung",
      "Beratung zu Ausbildung, Arbeit und Hilfen für Menschen mit Behinderung und ihre Angehörigen.",
      ("behinderung",), ("arbeitsvermittlung", "beratung"), L.SGB9, A.APPOINTMENT,
      ("agentur-fuer-arbeit", "traeger")),
    T("lotsen", "Ehrenamtliche Stadtteillotsinnen und -lotsen",
      "Lotsinnen und Lotsen begleiten zu Ämtern, Ärzten und Beratungsstellen und übersetzen.",
      ("gefluechtete", "migrationsgeschichte", "aeltere"), ("ehrenamt", "beratung"), "", A.OPEN,
      ("stadtteilmanagement", "kontaktstelle", "verein"), languages="Deutsch, Arabisch, Türkisch, Russisch"),
    T("computer", "Computerkurs für Ältere",
      "Erste Schritte mit Smartphone, Tablet und Computer; Online-Termine bei Ämtern buchen.",
      ("aeltere",), ("qualifizierung",), "", A.REGISTRATION, ("begegnungsstaette", "kultur", "verein"),
      costs="10 € pro Kurs", hours="Di 10:00-12:00", capacity=(6, 10)),
    T("frauenfruehstueck", "Frauenfrühstück mit Beratung",
      "Offenes Frühstück für Frauen mit wechselnden Themen: Arbeit, Gesundheit, Rechte, Kinderbetreuung.",
      ("frauen", "migrationsgeschichte"), ("beratung", "gesundheit"), "", A.OPEN,
      ("familienzentrum", "moscheegemeinde", "kirchengemeinde"), languages="Deutsch, Türkisch, Arabisch",
      hours="Fr 09:30-11:30"),
    T("pflegehilfe", "Qualifizierung zur Pflegehilfskraft",
      "Berufsbegleitende Qualifizierung mit Praktikum in Pflegeeinrichtungen des Stadtteils.",
      ("langzeitarbeitslose", "frauen"), ("qualifizierung",), L.SGB3, A.REFERRAL_JOBCENTER, ("traeger",),
      costs="kostenlos mit Bildungsgutschein", hours="Mo-Fr 08:00-14:00", capacity=(12, 18)),
    T("werkstatt", "Werkstattprojekt für Jugendliche",
      "Holz- und Metallwerkstatt für junge Menschen ohne Ausbildung, mit Begleitung in Praktika.",
      ("jugendliche-u25",), ("beschaeftigung", "qualifizierung"), L.SGB2_16H, A.REFERRAL,
      ("jugendzentrum", "traeger"), hours="Mo-Do 09:00-15:00", capacity=(8, 12)),
    T("sozialberatung", "Offene Sozialberatung",
      "Hilfe bei Anträgen, Behördenpost und Fragen zum Bürgergeld; Weitervermittlung an Fachberatungen.",
      ("langzeitarbeitslose", "alleinerziehende", "aeltere"), ("beratung",), L.SGB2_16A, A.OPEN,
      ("kontaktstelle", "erwerbslosenberatung", "beratungsstelle"), languages="Deutsch, Türkisch",
      hours="Mo 10:00-13:00\nDo 14:00-17:00"),
    T("sozialberatung2", "Allgemeine Sozialberatung im Stadtteil",
      "Hilfe bei Anträgen und Behördenpost, Fragen zum Bürgergeld; Vermittlung an Fachberatungsstellen.",
      ("langzeitarbeitslose", "alleinerziehende", "aeltere"), ("beratung",), L.SGB2_16A, A.OPEN,
      ("beratungsstelle", "erwerbslosenberatung", "kirchengemeinde"), hours="Di 09:00-12:00",
      twin_of="sozialberatung"),
    T("erwerbslos", "Erwerbslosenberatung",
      "Unabhängige Beratung zu Arbeitslosengeld, Bürgergeld, Sanktionen und Widersprüchen.",
      ("langzeitarbeitslose",), ("beratung", "arbeitsvermittlung"), "", A.OPEN, ("erwerbslosenberatung",),
      hours="Mi 09:00-12:00"),
)
BASE = tuple(t for t in TEMPLATES if not t.twin_of)
TWINS = {t.twin_of: t for t in TEMPLATES if t.twin_of}
BUSINESS = ("wirtschaft", "unternehmen", "politik", "arbeitgeberverband", "wirtschaftsnetzwerk")


@dataclass(frozen=True)
class OffersDemoResult:
    created: bool
    offers: int
    locations: int


def _type_slugs(org: Organisation) -> tuple[str, str]:
    t = org.actor_type
    return t.slug, (t.parent.slug if t.parent_id else t.slug)


def _provider(orgs: list[Organisation], wanted: tuple[str, ...], rng: random.Random, avoid=None):
    for slug in wanted:
        matches = [o for o in orgs if slug in _type_slugs(o) and o is not avoid]
        if matches:
            return rng.choice(matches)
    fallback = [o for o in orgs if not set(_type_slugs(o)) & set(BUSINESS) and o is not avoid]
    return rng.choice(fallback) if fallback else None


def _partners(orgs: list[Organisation], template: Template, provider: Organisation,
              rng: random.Random) -> list[Organisation]:
    """None, one or two partner organisations for a joint offer (about a third of the offers)."""
    if rng.random() >= 0.35:
        return []
    fitting = [o for o in orgs if o is not provider and set(_type_slugs(o)) & set(template.providers)]
    others = [o for o in orgs if o is not provider and o not in fitting and not set(_type_slugs(o)) & set(BUSINESS)]
    pool = fitting + others
    if not pool:
        return []
    count = min(len(pool), 1 if rng.random() < 0.7 else 2)
    chosen = rng.sample(fitting, k=min(count, len(fitting))) if fitting else []
    if len(chosen) < count:
        chosen += rng.sample(others, k=min(count - len(chosen), len(others)))
    return sorted(chosen, key=lambda o: o.name)


def _publishing(person, today) -> bool:
    return any(r.purpose == ConsentPurpose.PUBLISH and r.is_active(today) for r in person.consents.all())


def _postcode(quartier: Quartier, rng: random.Random) -> str:
    return POSTCODES.get(quartier.slug) or f"99{rng.randint(100, 999)}"


def _hsds_id(quartier: Quartier, number: int) -> str:
    return f"{PREFIX}{quartier.slug}-{number:03d}"


def _plan(quartier: Quartier, rng: random.Random, groups: dict, topics: dict, today) -> list[tuple]:
    orgs = list(
        Organisation.objects.filter(quartiere=quartier, is_active=True)
        .select_related("actor_type", "actor_type__parent").prefetch_related("contacts__consents").order_by("name")
    )
    if not orgs:
        return []
    count = rng.randint(10, 30)
    twins_wanted = rng.choice((0, 1, 2, 2))
    base = list(BASE)
    rng.shuffle(base)
    chosen = base[: count - twins_wanted]
    twins = [TWINS[t.key] for t in chosen if t.key in TWINS][:twins_wanted]
    postcode = _postcode(quartier, rng)
    partner_rng = random.Random(f"{PREFIX}partners-{quartier.slug}")
    planned = []
    providers: dict[str, Organisation] = {}
    for number, template in enumerate(chosen + twins, start=1):
        provider = _provider(orgs, template.providers, rng, avoid=providers.get(template.twin_of))
        if provider is None:
            continue
        providers[template.key] = provider
        people = list(provider.contacts.all())
        public = [p for p in people if _publishing(p, today)]
        roll = rng.random()
        contact = rng.choice(public) if public and roll < 0.9 else (rng.choice(people) if people and roll < 0.8
                                                                     else None)
        status = rng.choices(list(OfferStatus.values), weights=(82, 8, 5, 5))[0]
        start = dt.date(rng.choice((2012, 2013, 2014)), rng.randint(1, 12), 1)
        capacity = rng.randint(*template.capacity) if template.capacity else None
        offer = Offer(
            quartier=quartier, provider=provider, title=template.title, description=template.description,
            legal_basis=template.legal_basis, in_quartier=rng.random() > 0.1,
            opening_hours=parse_hours(template.hours), languages=template.languages, costs=template.costs,
            access_route=template.access_route, capacity=capacity, status=status, valid_from=start,
            valid_until=dt.date(2015, 12, 31) if rng.random() < 0.3 else None, contact=contact,
            phone=provider.phone, email=provider.email, hsds_id=_hsds_id(quartier, number),
        )
        lat, lon = provider.latitude, provider.longitude
        locations = []
        if lat is not None and lon is not None:
            for index in range(1 if rng.random() < 0.85 else 2):
                jitter_lat = Decimal(str(round(rng.uniform(-0.0015, 0.0015), 6))) if index else Decimal(0)
                jitter_lon = Decimal(str(round(rng.uniform(-0.0025, 0.0025), 6))) if index else Decimal(0)
                street = provider.street if index == 0 else f"{rng.choice(('Marktplatz', 'Kirchstraße', 'Parkweg'))} " \
                                                           f"{rng.randint(1, 40)}"
                locations.append(OfferLocation(
                    name=provider.name if index == 0 else "Außenstelle", street=street or "Hauptstraße 1",
                    postal_code=postcode, city=quartier.city,
                    latitude=(lat + jitter_lat).quantize(Decimal("0.000001")),
                    longitude=(lon + jitter_lon).quantize(Decimal("0.000001")),
                    accessibility=rng.choice(ACCESSIBILITY), transportation=rng.choice(TRANSPORT),
                    hsds_id=f"{offer.hsds_id}-ort-{index + 1}",
                ))
        planned.append((offer, [groups[s] for s in template.target_groups], [topics[s] for s in template.topics],
                        locations, _partners(orgs, template, provider, partner_rng)))
    return planned


def delete_offers_demo(*, quartiere: dict[str, Quartier]) -> int:
    deleted, _per_model = Offer.objects.filter(quartier__in=quartiere.values(), hsds_id__startswith=PREFIX).delete()
    return deleted


@transaction.atomic
def load_offers_demo(*, quartiere: dict[str, Quartier], rng: random.Random, reset: bool = False) -> OffersDemoResult:
    """Demo offers for the given Quartiere (slug → Quartier); needs their organisations. Leaves existing demo
    offers alone unless `reset`."""
    existing = Offer.objects.filter(quartier__in=quartiere.values(), hsds_id__startswith=PREFIX)
    if existing.exists():
        if not reset:
            return OffersDemoResult(False, existing.count(),
                                    OfferLocation.objects.filter(offer__in=existing).count())
        delete_offers_demo(quartiere=quartiere)
    groups = {t.slug: t for t in TargetGroup.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    today = timezone.localdate()
    planned = []
    for slug in sorted(quartiere):
        planned += _plan(quartiere[slug], rng, groups, topics, today)
    offers = Offer.objects.bulk_create([p[0] for p in planned], batch_size=500)
    tg_links, topic_links, partner_links, locations = [], [], [], []
    for offer, tgs, tps, locs, partners in zip(offers, (p[1] for p in planned), (p[2] for p in planned),
                                               (p[3] for p in planned), (p[4] for p in planned), strict=True):
        tg_links += [Offer.target_groups.through(offer_id=offer.pk, targetgroup_id=t.pk) for t in tgs]
        topic_links += [Offer.topics.through(offer_id=offer.pk, topic_id=t.pk) for t in tps]
        partner_links += [Offer.partners.through(offer_id=offer.pk, organisation_id=o.pk) for o in partners]
        for loc in locs:
            loc.offer = offer
            locations.append(loc)
    Offer.target_groups.through.objects.bulk_create(tg_links, batch_size=1000)
    Offer.topics.through.objects.bulk_create(topic_links, batch_size=1000)
    Offer.partners.through.objects.bulk_create(partner_links, batch_size=1000)
    OfferLocation.objects.bulk_create(locations, batch_size=1000)
    return OffersDemoResult(True, len(offers), len(locations))
