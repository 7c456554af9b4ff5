"""Deterministic demo data: the programmes and Quartiere from the seeds plus synthetic actors and people.

What is real and what is invented is described in docs/demo-data.md. In short: programmes, the ten G.I.B.
Quartiere and their Table-5 facts come from `demo/data/*.json` (extracted from seed 000/002); the eleven ThINKA
sites, every organisation, every contact person and every consent are synthetic.

Idempotence (the choice made here):
- `load_demo()` always synchronises the actor-type taxonomy, the two programmes, the 21 Quartiere and the eight
  demo logins (password reset to DEMO_PASSWORD, roles set to exactly the demo role).
- Organisations, contact persons and consents are generated only when no organisation is assigned to a demo
  Quartier yet. A second run therefore leaves them (and anything a demo user changed) untouched.
- `load_demo(reset=True)` first deletes every organisation assigned only to demo Quartiere (with its contact
  persons and their consents; each deletion is audited) and then generates them again, identically.

Generation is a pure function of `random.Random(2013)` and the JSON files: the same names, people and dates come
out on every machine. "Today" inside the data is REFERENCE_DATE (30.06.2014); all consents are given before it.

Contact persons are written with bulk_create for speed (the whole load takes a few seconds on SQLite) instead of
`actors.services.contact_person_create`. They are audited the same way: one AuditLogEntry per person, action
"create", no user, username "demo", with the fields set and the consent purposes recorded (the services write
one entry per person and one per consent; the demo folds them into one).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ActorType, ContactPerson, Organisation
from quartiersnetz.actors.taxonomy import BY_SLUG, sync_actor_types
from quartiersnetz.core.choices import AuditAction, ConsentMethod, ConsentPurpose, Role
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry, ConsentRecord, Programme, Quartier, RoleAssignment, User

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 2013
REFERENCE_DATE = dt.date(2014, 6, 30)
DEMO_PASSWORD = "quartier-demo-2013"
DEMO_URL = "http://127.0.0.1:8000"
EMAIL_DOMAIN = "beispiel.invalid"
AUDIT_USERNAME = "demo"
PERSON_NOTE = "Fiktive Person (Demodaten)"
ORGANISATION_NOTE = "Fiktive Einrichtung (Demodaten)."
THINKA_SITE_NOTE = "Fiktiver Standort (die Quelle nennt die Standorte nicht)."
GIB_SOURCE_NOTE = (
    "Kennzahlen aus G.I.B. Arbeitspapier 55 (2015): Laufzeit Tabelle 1, Strukturdaten und Netzwerkcoaching "
    "Tabelle 5, Ansatz Tabelle 9, Ausgangslage § 3.1.3."
)
PARTNER_ORGANISATION = "Jobcenter Duisburg"

# --------------------------------------------------------------------------------------------------------------
# Places. Locality = how a district appears in organisation names. Centres are approximate district centres
# (NRW, public geography) or, for the fictitious ThINKA sites, invented points inside Thuringia.
# --------------------------------------------------------------------------------------------------------------
LOCALITY = {
    "oberhausen-innenstadt-alt-oberhausen": "Alt-Oberhausen",
    "aachen-ost": "Aachen-Ost",
    "muenster-kinderhaus-brueningheide": "Kinderhaus",
    "dortmund-scharnhorst-ost": "Scharnhorst",
}
REGION = {
    "Duisburg": "Ruhr", "Oberhausen": "Ruhr", "Gelsenkirchen": "Ruhr", "Dortmund": "Ruhr",
    "Köln": "Rheinland", "Aachen": "Rheinland", "Münster": "Münsterland", "Bielefeld": "Ostwestfalen",
}
CENTRES = {
    "duisburg-marxloh": (51.5020, 6.7790),
    "duisburg-hochfeld": (51.4200, 6.7560),
    "oberhausen-innenstadt-alt-oberhausen": (51.4700, 6.8520),
    "bielefeld-sieker": (52.0120, 8.5620),
    "dortmund-clarenberg": (51.4815, 7.5160),
    "dortmund-scharnhorst-ost": (51.5450, 7.5600),
    "aachen-ost": (50.7750, 6.1050),
    "muenster-kinderhaus-brueningheide": (51.9970, 7.6000),
    "koeln-chorweiler": (51.0276, 6.8967),
    "gelsenkirchen-schalke": (51.5240, 7.0880),
    # fictitious sites: invented points inside Thuringia
    "musterstadt-neubaugebiet-nord": (51.3000, 10.4500),
    "beispielhausen-altstadt": (51.1200, 10.9500),
    "exempelburg-wohngebiet-am-hang": (50.8500, 10.7000),
    "musterleben-suedstadt": (50.7000, 11.3000),
    "beispielroda-oststadt": (51.0000, 12.2000),
    "modellrode-plattenbaugebiet-west": (50.5500, 11.8000),
    "musterfeld-stadtmitte": (50.9300, 11.5500),
    "beispielstedt-wohngebiet-am-bahnhof": (51.2000, 11.6000),
    "exempelungen-neubaugebiet-sued": (50.6200, 10.5500),
    "modellhausen-ortskern": (50.8000, 12.0500),
    "musterroda-wohngebiet-am-park": (51.4000, 10.8000),
}
JOBCENTER_NAME = {"Münster": "Jobcenter der Stadt Münster"}  # Münster is an Optionskommune (seed 000, Table 5)
# Partners named in the Zielvereinbarungen (seed 000, Table 7) and the Clarenberg Concierge (§ 3.1.3) are always
# part of their Quartier's demo network.
SITE_PICKS = {
    "duisburg-marxloh": (
        "jugendamt", "integrationszentrum", "schuldnerberatung", "suchtberatung", "psychosoziale-beratung",
    ),
    "duisburg-hochfeld": ("jugendamt", "integrationszentrum"),
    "dortmund-clarenberg": ("concierge",),
}

# --------------------------------------------------------------------------------------------------------------
# Name pools per actor (sub)type: (template, scope, programmes). Scope "city" and "region" names are shared by
# all Quartiere of that city/region (one organisation active in several Quartiere); "local" names belong to one
# Quartier. Placeholders: {city}, {loc} (district), {region}. programmes=None means both programmes.
# --------------------------------------------------------------------------------------------------------------
GIB, THINKA = "aktiv-fuer-arbeit", "thinka"
L, C, R = "local", "city", "region"

POOLS: dict[str, list[tuple[str, str, str | None]]] = {
    "jobcenter": [("Jobcenter {city}", C, None)],
    "agentur-fuer-arbeit": [("Agentur für Arbeit {city}", C, None)],
    "stadtteilmanagement": [("Stadtteilbüro {loc}", L, GIB), ("Quartiersmanagement {loc}", L, THINKA)],
    "kontaktstelle": [
        ("Anlaufstelle Arbeit {loc}", L, GIB), ("ThINKA-Kontaktstelle {loc}", L, THINKA),
        ("Kontaktbüro {loc}", L, None), ("Bürgerberatung {loc}", L, None),
    ],
    "kommunale-verwaltung": [
        ("Stadt {city} – Bürgerservice {loc}", L, GIB), ("Stadtverwaltung {city} – Bürgerservice", C, THINKA),
    ],
    "jugendamt": [("Stadt {city} – Jugendamt", C, None), ("Jugendamt {city} – Bezirkssozialdienst {loc}", L, GIB)],
    "sozialamt": [("Stadt {city} – Sozialamt", C, None)],
    "sozialplanung": [("Stadt {city} – Sozialplanung", C, None)],
    "stadtentwicklung": [("Stadt {city} – Amt für Stadtentwicklung", C, None)],
    "wirtschaftsfoerderung": [("Wirtschaftsförderung {city}", C, None)],
    "integrationszentrum": [("Kommunales Integrationszentrum {city}", C, None)],
    "kammer": [
        ("Industrie- und Handelskammer – Geschäftsstelle {city}", C, None),
        ("Handwerkskammer – Beratungsstelle {city}", C, None),
    ],
    "arbeitgeberverband": [("Unternehmerverband {region}", R, None), ("Einzelhandelsverband {region}", R, None)],
    "wirtschaftsnetzwerk": [
        ("Werbegemeinschaft {loc} e. V.", L, None), ("Unternehmerstammtisch {loc}", L, None),
        ("Netzwerk Lokale Ökonomie {loc}", L, None),
    ],
    "unternehmen": [(t, L, None) for t in (
        "Bäckerei Kornblume {loc}", "Pflegedienst Lebenswert {loc} GmbH", "Gebäudereinigung Glanzstück {loc} GmbH",
        "Malerbetrieb Farbenfroh {loc}", "Kfz-Werkstatt Schraubzeit {loc}", "Elektro Funkenflug {loc} GmbH",
        "Friseursalon Scherenschnitt {loc}", "Gaststätte Zum Eck {loc}", "Lebensmittelmarkt Frischeck {loc}",
        "Sanitär Wasserweg {loc} GmbH", "Hausmeisterservice Allzeit {loc}", "Kurierdienst Kurzweg {loc} GmbH",
        "Catering Tellerrand {loc}", "Garten- und Landschaftsbau Grünschnitt {loc}",
        "Personaldienstleistung Brückenschlag {loc} GmbH", "Textilreinigung Blütenweiß {loc}",
        "Tischlerei Holzwurm {loc}", "Änderungsschneiderei Nadelöhr {loc}", "Apotheke am Markt {loc}",
        "Umzugsservice Tragkraft {loc} GmbH",
    )],
    "traeger": [
        ("Bildungswerk {region} gGmbH", R, None), ("Qualifizierungszentrum {region} gGmbH", R, None),
        ("Beschäftigungsförderung {region} gGmbH", R, None), ("Berufsbildungsverbund {region} e. V.", R, None),
        ("Werkstatt für Arbeit {loc}", L, None), ("Sprachschule {loc}", L, None),
        ("Jugendberufshilfe {loc} e. V.", L, None), ("Lernwerkstatt {loc}", L, None),
        ("Sozialkaufhaus {loc} (Beschäftigungsprojekt)", L, None),
    ],
    "schuldnerberatung": [
        ("Schuldner- und Insolvenzberatung {city}", C, None), ("Schuldnerberatung im Stadtteil {loc}", L, None),
    ],
    "suchtberatung": [("Suchtberatungsstelle {city}", C, None), ("Suchthilfe-Kontaktladen {loc}", L, None)],
    "migrationsberatung": [
        ("Migrationsberatung für Erwachsene {loc}", L, None), ("Jugendmigrationsdienst {city}", C, None),
    ],
    "erwerbslosenberatung": [("Erwerbslosenberatung {loc}", L, None), ("Arbeitslosenzentrum {loc}", L, None)],
    "psychosoziale-beratung": [
        ("Sozialpsychiatrischer Dienst {city}", C, None), ("Psychosoziale Beratungsstelle {loc}", L, None),
    ],
    "kita": [(t, L, None) for t in (
        "Kita Sonnenblume", "Kita Regenbogen", "Kita Löwenzahn", "Kita Pusteblume", "Kita Kunterbunt",
        "Kita Wirbelwind", "Kita Schatzkiste", "Kita Spatzennest", "Kita Zwergenland", "Kita Arche Noah",
        "Städtische Kita {loc}-Mitte", "Kita Am Musterpark",
    )],
    "familienzentrum": [(t, L, None) for t in (
        "Familienzentrum Am Park", "Familienzentrum {loc}", "Familienzentrum Regenbogenhaus",
        "Familienzentrum Lindenhof", "Evangelisches Familienzentrum {loc}",
    )],
    "jugendzentrum": [(t, L, None) for t in (
        "Jugendzentrum {loc}", "Jugendtreff Freiraum", "Jugendfreizeitstätte {loc}", "Offene Tür {loc}",
    )],
    "kultur": [(t, L, None) for t in (
        "Stadtteilbibliothek {loc}", "Kulturzentrum {loc}", "Stadtteiltheater Bühne frei",
    )],
    "begegnungsstaette": [(t, L, None) for t in (
        "Begegnungsstätte {loc}", "Nachbarschaftstreff {loc}", "Seniorenbegegnungsstätte {loc}",
    )],
    "kirchengemeinde": [(t, L, None) for t in (
        "Evangelische Kirchengemeinde {loc}", "Katholische Pfarrgemeinde {loc}",
    )],
    "moscheegemeinde": [(t, L, None) for t in ("Moscheegemeinde {loc} e. V.", "Islamischer Kulturverein {loc} e. V.")],
    "beratungsstelle": [(t, L, None) for t in (
        "Frauenberatungsstelle {loc}", "Elternberatung {loc}", "Stadtteilberatung {loc}",
    )],
    "concierge": [("Concierge-Service {loc}", L, None)],
    "wohnungsunternehmen": [
        ("Städtische Wohnungsgesellschaft {city} mbH", C, None), ("Wohnungsgenossenschaft {loc} eG", L, None),
        ("Hausverwaltung Wohnpark {loc}", L, None),
    ],
    "schule": [
        ("Grundschule {loc}", L, None), ("Gesamtschule {loc}", L, GIB), ("Hauptschule {loc}", L, GIB),
        ("Realschule {loc}", L, GIB), ("Förderschule {loc}", L, GIB), ("Berufskolleg {city}", C, GIB),
        ("Regelschule {loc}", L, THINKA), ("Gemeinschaftsschule {loc}", L, THINKA),
        ("Förderzentrum {loc}", L, THINKA), ("Staatliche Berufsbildende Schule {city}", C, THINKA),
    ],
    "verein": [(t, L, None) for t in (
        "Bürgerverein {loc} e. V.", "Sportverein {loc} e. V.", "Förderverein Grundschule {loc} e. V.",
        "Initiative Nachbarschaftshilfe {loc}", "Elterninitiative {loc}", "Mieterinitiative {loc}",
        "Frauennetzwerk {loc} e. V.", "Integrationsverein Brücke {loc} e. V.", "Kümmerer-Initiative {loc}",
        "Heimatverein {loc} e. V.", "Kleingartenverein {loc} e. V.",
    )],
    "politik": [
        ("Bezirksvertretung {loc}", L, GIB), ("Integrationsrat der Stadt {city}", C, GIB),
        ("Ortsteilrat {loc}", L, THINKA), ("Stadtrat {city} – Sozialausschuss", C, THINKA),
    ],
    "sonstige": [(t, L, None) for t in (
        "Bezirksdienst der Polizei {loc}", "Stadtteilzeitung {loc}", "Lebensmittelausgabe {loc}",
        "Gesundheitskiosk {loc}", "Stadtteilarchiv {loc}",
    )],
}
KOMMUNE_SUBTYPES = (
    "kommunale-verwaltung", "jugendamt", "sozialamt", "sozialplanung", "stadtentwicklung", "wirtschaftsfoerderung",
    "integrationszentrum",
)
SOZIAL_SUBTYPES = (
    "schuldnerberatung", "suchtberatung", "migrationsberatung", "erwerbslosenberatung", "psychosoziale-beratung",
)
MULTI_OPTIONAL = ("kultur", "begegnungsstaette", "kirchengemeinde", "moscheegemeinde", "beratungsstelle")
# Extra organisations beyond the required set are drawn from these (weighted by repetition).
FILL = (
    "kita", "kita", "familienzentrum", "jugendzentrum", "kultur", "begegnungsstaette", "kirchengemeinde",
    "moscheegemeinde", "beratungsstelle", "unternehmen", "unternehmen", "unternehmen", "verein", "verein", "schule",
    "traeger", "schuldnerberatung", "suchtberatung", "migrationsberatung", "erwerbslosenberatung",
    "psychosoziale-beratung", "wirtschaftsnetzwerk", "wohnungsunternehmen", "sonstige",
)
STREETS = (
    "Musterstraße", "Beispielweg", "Am Musterplatz", "Demoallee", "Probestraße", "Exempelgasse", "Modellring",
    "Vorlagenweg", "Platzhalterstraße", "Schablonenplatz",
)

# --------------------------------------------------------------------------------------------------------------
# People: ordinary first names, last names that are obviously made up.
# --------------------------------------------------------------------------------------------------------------
FIRST_NAMES = (
    "Anna", "Ayşe", "Birgit", "Claudia", "Daniela", "Elif", "Fatma", "Gabriele", "Hanna", "Ilona", "Jana",
    "Katarzyna", "Lena", "Maria", "Nadine", "Olga", "Petra", "Sabine", "Tanja", "Ursula", "Yasemin",
    "Ahmet", "Bernd", "Christian", "Dariusz", "Emre", "Frank", "Georg", "Hakan", "Jürgen", "Klaus", "Lukas",
    "Markus", "Mehmet", "Niklas", "Oliver", "Rainer", "Stefan", "Thomas", "Uwe", "Wolfgang",
)
LAST_NAMES = (
    "Beispiel", "Muster", "Mustermann", "Musterfrau", "Probst-Demo", "Exempel", "Platzhalter", "Vorlage",
    "Schablone", "Attrappe", "Testmann", "Demoberg", "Fiktiva", "Modell", "Musterhaus", "Beispielhaus",
    "Probe-Muster", "Demo-Schmidt", "Demo-Yılmaz", "Demo-Nowak",
)
FUNCTIONS = {
    "kommune": (("Amtsleitung", "leitung"), ("Abteilungsleitung", "leitung"), ("Sachbearbeitung", "operativ"),
                ("Sozialplanerin", "operativ"), ("Quartierskoordination", "operativ")),
    "jobcenter": (("Standortleitung", "leitung"), ("Teamleitung Markt und Integration", "leitung"),
                  ("Arbeitsvermittlerin", "operativ"), ("Fallmanager", "operativ"),
                  ("Beauftragte für Chancengleichheit am Arbeitsmarkt", "operativ")),
    "agentur-fuer-arbeit": (("Bereichsleitung", "leitung"), ("Teamleitung Arbeitgeber-Service", "leitung"),
                            ("Berufsberaterin", "operativ"), ("Arbeitsvermittler", "operativ"),
                            ("Beauftragte für Chancengleichheit am Arbeitsmarkt", "operativ")),
    "wirtschaft": (("Geschäftsführung", "leitung"), ("Inhaberin", "leitung"), ("Personalleitung", "leitung"),
                   ("Ausbildungsbeauftragter", "operativ"), ("Referentin Fachkräftesicherung", "operativ")),
    "traeger": (("Geschäftsführung", "leitung"), ("Bereichsleitung Qualifizierung", "leitung"),
                ("Projektleitung", "operativ"), ("Jobcoach", "operativ"), ("Sozialpädagogin", "operativ")),
    "stadtteilmanagement": (("Quartiersmanagerin", "leitung"), ("Stadtteilmanager", "leitung"),
                            ("Projektmitarbeiterin", "operativ")),
    "soziale-dienste": (("Leitung der Beratungsstelle", "leitung"), ("Beraterin", "operativ"),
                        ("Sozialarbeiter", "operativ")),
    "multiplikator": (("Einrichtungsleitung", "leitung"), ("Leitung", "leitung"), ("Erzieherin", "operativ"),
                      ("Sozialarbeiterin", "operativ"), ("Ehrenamtskoordination", "operativ")),
    "kontaktstelle": (("Projektleitung", "leitung"), ("Beraterin", "operativ"), ("Sozialraumlotse", "operativ")),
    "wohnungsunternehmen": (("Geschäftsführung", "leitung"), ("Sozialmanagement", "operativ"),
                            ("Kundenbetreuung", "operativ")),
    "schule": (("Schulleitung", "leitung"), ("Studien- und Berufswahlkoordination", "operativ"),
               ("Schulsozialarbeiterin", "operativ")),
    "verein": (("Vorsitzende", "leitung"), ("Vorstand", "leitung"), ("Ehrenamtliche", "operativ")),
    "politik": (("Bezirksbürgermeisterin", "leitung"), ("Vorsitz", "leitung"), ("Mitglied", "operativ")),
    "sonstige": (("Leitung", "leitung"), ("Mitarbeiter", "operativ")),
}


# --------------------------------------------------------------------------------------------------------------
# The plan: plain data, computed without the database.
# --------------------------------------------------------------------------------------------------------------
@dataclass
class ConsentPlan:
    purpose: str
    given_on: dt.date
    method: str
    scope_note: str = ""
    withdrawn_on: dt.date | None = None


@dataclass
class PersonPlan:
    first_name: str
    last_name: str
    function: str
    level: str
    decision_authority: bool
    is_deputy: bool
    email: str
    phone: str
    valid_from: dt.date
    valid_until: dt.date | None
    consents: list[ConsentPlan]


@dataclass
class OrganisationPlan:
    name: str
    actor_type: str
    city: str
    street: str
    email: str
    phone: str
    latitude: Decimal
    longitude: Decimal
    is_active: bool
    quartiere: list[str] = field(default_factory=list)  # slugs, in order of assignment
    persons: list[PersonPlan] = field(default_factory=list)


@dataclass(frozen=True)
class Site:
    slug: str
    programme: str
    city: str
    display_name: str
    locality: str


def _read(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def demo_sites() -> list[Site]:
    """The 21 demo Quartiere in a fixed order: the ten G.I.B. Quartiere, then the eleven ThINKA sites."""
    sites = [
        Site(q["slug"], GIB, q["city"], q["display_name"], LOCALITY.get(q["slug"], q["name"]))
        for q in _read("gib_quartiere.json")
    ]
    thinka = _read("thinka_projects.json")
    sites += [Site(p["slug"], THINKA, p["city"], p["display_name"], p["city"]) for p in thinka["projects"]]
    return sites


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ı", "i").replace("ş", "s")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(a, b)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _phone(rng: random.Random) -> str:
    # The area code 0000 does not exist, so no real line can be reached.
    return f"0000 {rng.randint(100000, 999999)}"


class _Planner:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.by_name: dict[str, OrganisationPlan] = {}  # lower-case name -> plan
        self.emails: set[str] = set()

    # ---- organisations ------------------------------------------------------------------------------------
    def _format(self, template: str, site: Site) -> str:
        return template.format(city=site.city, loc=site.locality, region=REGION.get(site.city, "Thüringen"))

    def _new_org(self, name: str, actor_type: str, site: Site) -> OrganisationPlan:
        rng = self.rng
        lat, lon = CENTRES[site.slug]
        org = OrganisationPlan(
            name=name,
            actor_type=actor_type,
            city=site.city,
            street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            email=f"{slugify(_ascii(name))[:48].strip('-')}@{EMAIL_DOMAIN}",
            phone=_phone(rng),
            latitude=Decimal(str(round(lat + rng.uniform(-0.006, 0.006), 6))),
            longitude=Decimal(str(round(lon + rng.uniform(-0.009, 0.009), 6))),
            is_active=rng.random() > 0.03,
        )
        self.by_name[name.lower()] = org
        return org

    def _take(
        self, subtype: str, site: Site, used: set[tuple[str, str]], members: dict[str, OrganisationPlan]
    ) -> bool:
        """Add one organisation of `subtype` to the Quartier; False when the pool has no unused entry left."""
        if subtype == "jobcenter" and site.city in JOBCENTER_NAME:
            options = [(JOBCENTER_NAME[site.city], C)]
        else:
            options = [(t, s) for t, s, prog in POOLS[subtype] if prog in (None, site.programme)]
        options = [(t, s) for t, s in options if (subtype, t) not in used]
        if not options:
            return False
        template, scope = self.rng.choice(options)
        used.add((subtype, template))
        name = self._format(template, site)
        existing = self.by_name.get(name.lower())
        if existing is not None and scope != L:
            org = existing  # a city- or region-wide organisation also serves this Quartier
        else:
            # A local name already used in another Quartier gets the district added.
            candidates = [name, f"{name} ({site.locality})", f"{name} ({site.display_name})"]
            candidates += [f"{name} ({site.display_name}) {n}" for n in range(2, 10)]
            name = next(c for c in candidates if c.lower() not in self.by_name)
            org = self._new_org(name, subtype, site)
        if org.name.lower() in members:
            return True  # already counted for this Quartier (cannot happen with distinct templates)
        org.quartiere.append(site.slug)
        members[org.name.lower()] = org
        return True

    def plan_site(self, site: Site) -> list[OrganisationPlan]:
        rng = self.rng
        picks = ["jobcenter", "agentur-fuer-arbeit", "stadtteilmanagement", "kontaktstelle"]
        picks += SITE_PICKS.get(site.slug, ())
        picks += rng.sample(KOMMUNE_SUBTYPES, k=rng.randint(2, 4))
        picks += ["kammer", rng.choice(("arbeitgeberverband", "wirtschaftsnetzwerk"))]
        picks += ["unternehmen"] * rng.randint(3, 6)
        picks += ["traeger"] * rng.randint(2, 4)
        picks += rng.sample(SOZIAL_SUBTYPES, k=rng.randint(2, 4))
        picks += ["kita"] * rng.randint(2, 4) + ["familienzentrum"] * rng.randint(1, 2) + ["jugendzentrum"]
        picks += rng.sample(MULTI_OPTIONAL, k=rng.randint(3, 5))
        if rng.random() < 0.15:
            picks.append("concierge")
        picks += ["wohnungsunternehmen"] * rng.randint(1, 2) + ["schule"] * rng.randint(2, 4)
        picks += ["verein"] * rng.randint(2, 4) + ["politik"] * rng.randint(1, 2) + ["sonstige"] * rng.randint(1, 2)
        target = rng.randint(36, 70)
        used: set[tuple[str, str]] = set()
        members: dict[str, OrganisationPlan] = {}
        for subtype in picks:
            self._take(subtype, site, used, members)
        fill = list(FILL)
        while len(members) < target and fill:
            subtype = rng.choice(fill)
            if not self._take(subtype, site, used, members):
                fill = [s for s in fill if s != subtype]
        return list(members.values())

    # ---- people ---------------------------------------------------------------------------------------------
    def _person(self, org: OrganisationPlan, index: int, site_names: list[str]) -> PersonPlan:
        rng = self.rng
        functions = FUNCTIONS[BY_SLUG[org.actor_type].parent or org.actor_type]
        management = [f for f in functions if f[1] == "leitung"]
        operational = [f for f in functions if f[1] == "operativ"]
        function, level = rng.choice(management if index == 0 and rng.random() < 0.6 else operational or management)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{slugify(_ascii(first))}.{slugify(_ascii(last))}"
        email, n = f"{local}@{EMAIL_DOMAIN}", 2
        while email in self.emails:
            email, n = f"{local}{n}@{EMAIL_DOMAIN}", n + 1
        self.emails.add(email)
        valid_from = _random_date(rng, dt.date(2008, 1, 1), dt.date(2014, 3, 31))
        valid_until = None
        if rng.random() < 0.04:  # turnover: responsibility ended before the reference date
            valid_until = _random_date(rng, valid_from + dt.timedelta(days=60), REFERENCE_DATE)
        consents = self._consents(level, valid_from, site_names)
        return PersonPlan(
            first_name=first, last_name=last, function=function, level=level,
            decision_authority=rng.random() < (0.85 if level == "leitung" else 0.15),
            is_deputy=index > 0 and rng.random() < 0.3,
            email=email, phone=_phone(rng) if rng.random() < 0.7 else "",
            valid_from=valid_from, valid_until=valid_until, consents=consents,
        )

    def _consents(self, level: str, valid_from: dt.date, site_names: list[str]) -> list[ConsentPlan]:
        rng = self.rng
        methods = (ConsentMethod.WRITTEN,) * 6 + (ConsentMethod.ELECTRONIC,) * 3 + (ConsentMethod.VERBAL,)
        earliest = max(valid_from, dt.date(2013, 1, 1))
        latest = REFERENCE_DATE - dt.timedelta(days=30)

        def record(purpose: str, withdraw_share: float, scope_note: str = "") -> ConsentPlan:
            given = _random_date(rng, earliest, latest)
            withdrawn = None
            if rng.random() < withdraw_share:
                withdrawn = _random_date(rng, given + dt.timedelta(days=1), REFERENCE_DATE)
            return ConsentPlan(purpose, given, rng.choice(methods), scope_note, withdrawn)

        consents = [record(ConsentPurpose.CONTACT, 0.07)]
        if rng.random() < 0.35:
            note = "Netzwerkpartner in " + ", ".join(site_names)
            consents.append(record(ConsentPurpose.SHARE, 0.05, note))
        if rng.random() < (0.2 if level == "leitung" else 0.04):
            consents.append(record(ConsentPurpose.PUBLISH, 0.0, "Öffentliches Verzeichnis der Ansprechpersonen"))
        return consents

    def add_people(self, org: OrganisationPlan, site_names: list[str]) -> None:
        count = self.rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
        org.persons = [self._person(org, i, site_names) for i in range(count)]


def build_plan(seed: int = SEED) -> list[OrganisationPlan]:
    """All synthetic organisations with their people and consents. Pure: same seed, same result."""
    rng = random.Random(seed)
    planner = _Planner(rng)
    sites = demo_sites()
    display = {s.slug: s.display_name for s in sites}
    orgs: list[OrganisationPlan] = []
    seen: set[str] = set()
    for site in sites:
        for org in planner.plan_site(site):
            if org.name.lower() not in seen:
                seen.add(org.name.lower())
                orgs.append(org)
    for org in orgs:  # people after all assignments, so consent notes name every Quartier of the organisation
        planner.add_people(org, [display[s] for s in org.quartiere])
    return orgs


# --------------------------------------------------------------------------------------------------------------
# Writing.
# --------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: str
    programme: str | None = None
    quartier: str | None = None
    organisation: str | None = None


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", "Ada", "Beispiel-Admin", Role.ADMIN),
    DemoLogin("koordination", "Konrad", "Muster", Role.COORDINATION, programme=GIB),
    DemoLogin("koordination.thinka", "Theresa", "Exempel", Role.COORDINATION, programme=THINKA),
    DemoLogin("coach.marxloh", "Merve", "Mustermann", Role.COACH, quartier="duisburg-marxloh"),
    DemoLogin("coach.chorweiler", "Christoph", "Probst-Demo", Role.COACH, quartier="koeln-chorweiler"),
    DemoLogin("kontaktstelle.marxloh", "Katja", "Beispielhaus", Role.CONTACT_POINT, quartier="duisburg-marxloh"),
    DemoLogin("partner.jobcenter", "Paul", "Platzhalter", Role.PARTNER, organisation=PARTNER_ORGANISATION),
    DemoLogin("auswertung", "Anna", "Vorlage", Role.EVALUATION, programme=GIB),
)


@dataclass(frozen=True)
class LoginInfo:
    username: str
    password: str
    role: str  # German label of the role
    area: str  # programme, Quartier or organisation the role is scoped by


@dataclass(frozen=True)
class DemoResult:
    actors_created: bool  # False when the organisations were already there and left untouched
    programmes: int
    quartiere: int
    organisations: int
    contacts: int
    consents: int
    logins: tuple[LoginInfo, ...]
    password: str = DEMO_PASSWORD
    url: str = DEMO_URL


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _save(obj, values: dict) -> None:
    for key, value in values.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()


def _sync_programmes() -> dict[str, Programme]:
    result = {}
    for p in _read("programmes.json"):
        obj = Programme.objects.filter(slug=p["slug"]).first() or Programme(slug=p["slug"])
        _save(obj, {
            "name": p["name"], "funder": p["funder"], "description": p["description"],
            "start": _date(p["start"]), "end": _date(p["end"]),
        })
        result[p["slug"]] = obj
    return result


def _sync_quartiere(programmes: dict[str, Programme]) -> dict[str, Quartier]:
    result = {}
    for q in _read("gib_quartiere.json"):
        obj = Quartier.objects.filter(slug=q["slug"]).first() or Quartier(slug=q["slug"])
        _save(obj, {
            "programme": programmes[GIB], "city": q["city"], "name": q["name"], "label": q["display_name"],
            "population": q["population"], "population_approx": q["population_approx"],
            "unemployment_rate": _decimal(q["unemployment_rate"]), "sgb2_quota": _decimal(q["sgb2_quota"]),
            "coach_fte": _decimal(q["coach_fte"]), "coach_count": q["coach_count"], "provider": q["provider_type"],
            "loi_partners": q["loi_partners"], "approach_type": q["approach_type"],
            "starting_situation": q["starting_situation"], "start": _date(q["start"]), "end": _date(q["end"]),
            "extended_until": _date(q["extended_until"]), "description": GIB_SOURCE_NOTE,
        })
        result[q["slug"]] = obj
    thinka = programmes[THINKA]
    for p in _read("thinka_projects.json")["projects"]:
        obj = Quartier.objects.filter(slug=p["slug"]).first() or Quartier(slug=p["slug"])
        _save(obj, {
            "programme": thinka, "city": p["city"], "name": p["name"], "label": p["display_name"],
            "start": thinka.start, "end": thinka.end,
            "description": f"{THINKA_SITE_NOTE} {p['note'].removeprefix('Fiktiver Demo-Standort. ')}",
        })
        result[p["slug"]] = obj
    return result


def _audit_entries(persons: list[ContactPerson], first_quartier: dict[int, int], action: str, fields) -> list:
    ct = ContentType.objects.get_for_model(ContactPerson)
    return [
        AuditLogEntry(
            user=None, username=AUDIT_USERNAME, action=action, content_type=ct, object_id=p.pk,
            object_repr=str(p)[:200], fields=fields(p), quartier_id=first_quartier.get(p.organisation_id),
        )
        for p in persons
    ]


def _first_quartier_by_org(org_ids) -> dict[int, int]:
    first: dict[int, int] = {}
    through = Organisation.quartiere.through.objects.filter(organisation_id__in=org_ids)
    for org_id, q_id in through.values_list("organisation_id", "quartier_id"):
        first[org_id] = min(first.get(org_id, q_id), q_id)
    return first


def _delete_demo_actors(quartiere: dict[str, Quartier]) -> int:
    """Delete organisations assigned only to demo Quartiere (and unlink the others). Returns the count."""
    demo_ids = {q.pk for q in quartiere.values()}
    orgs = Organisation.objects.filter(quartiere__in=demo_ids).distinct()
    delete_ids, unlink = [], []
    for org in orgs.prefetch_related("quartiere"):
        if {q.pk for q in org.quartiere.all()} <= demo_ids:
            delete_ids.append(org.pk)
        else:
            unlink.append(org)
    for org in unlink:
        org.quartiere.remove(*[q for q in org.quartiere.all() if q.pk in demo_ids])
    persons = list(ContactPerson.objects.filter(organisation_id__in=delete_ids))
    first = _first_quartier_by_org(delete_ids)
    AuditLogEntry.objects.bulk_create(_audit_entries(persons, first, AuditAction.DELETE, lambda p: []))
    ConsentRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPerson), object_id__in=[p.pk for p in persons]
    ).delete()
    try:
        Organisation.objects.filter(pk__in=delete_ids).delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("The demo organisations cannot be deleted because other records still refer to them."),
            extra={"protected": sorted({str(o) for o in exc.protected_objects})[:20]}, status=409,
        ) from exc
    return len(delete_ids)


def _write_actors(plan: list[OrganisationPlan], quartiere: dict[str, Quartier]) -> None:
    types = {t.slug: t for t in ActorType.objects.all()}
    lower_names = [o.name.lower() for o in plan]
    clashes = sorted(
        Organisation.objects.annotate(lname=Lower("name")).filter(lname__in=lower_names).values_list("name", flat=True)
    )
    if clashes:
        raise ApplicationError(
            _("Organisations with these names already exist outside the demo data: {names}. "
              "Rename them or load the demo data into an empty database.").format(names=", ".join(clashes[:10])),
            extra={"names": clashes}, status=409,
        )
    organisations = []
    for o in plan:
        actor_type = types[o.actor_type]
        org = Organisation(
            name=o.name, actor_type=actor_type, legal_domain=actor_type.legal_domain, street=o.street,
            city=o.city, phone=o.phone, email=o.email, description=ORGANISATION_NOTE,
            latitude=o.latitude, longitude=o.longitude, is_active=o.is_active,
        )
        org.full_clean(exclude=["actor_type"], validate_unique=False, validate_constraints=False)
        organisations.append(org)
    Organisation.objects.bulk_create(organisations)
    through = Organisation.quartiere.through
    Organisation.quartiere.through.objects.bulk_create(
        through(organisation_id=org.pk, quartier_id=quartiere[slug].pk)
        for org, o in zip(organisations, plan, strict=True)
        for slug in o.quartiere
    )
    persons, person_plans = [], []
    for org, o in zip(organisations, plan, strict=True):
        for p in o.persons:
            person = ContactPerson(
                organisation=org, first_name=p.first_name, last_name=p.last_name, function=p.function,
                level=p.level, decision_authority=p.decision_authority, is_deputy=p.is_deputy, email=p.email,
                phone=p.phone, valid_from=p.valid_from, valid_until=p.valid_until, note=PERSON_NOTE,
            )
            person.full_clean(exclude=["organisation"], validate_unique=False, validate_constraints=False)
            persons.append(person)
            person_plans.append(p)
    ContactPerson.objects.bulk_create(persons)
    ct = ContentType.objects.get_for_model(ContactPerson)
    consents = [
        ConsentRecord(
            content_type=ct, object_id=person.pk, purpose=c.purpose, given_on=c.given_on, method=c.method,
            scope_note=c.scope_note, withdrawn_on=c.withdrawn_on,
        )
        for person, p in zip(persons, person_plans, strict=True)
        for c in p.consents
    ]
    ConsentRecord.objects.bulk_create(consents)
    first = {org.pk: min(quartiere[s].pk for s in o.quartiere) for org, o in zip(organisations, plan, strict=True)}
    purposes = {person.pk: p.consents for person, p in zip(persons, person_plans, strict=True)}
    written = ("first_name", "last_name", "function", "level", "decision_authority", "is_deputy", "email", "phone",
               "valid_from", "valid_until", "note")

    def fields(person: ContactPerson) -> list[str]:
        set_fields = [f for f in written if getattr(person, f) not in ("", None)]
        consent_fields = [f"consent:{c.purpose}" for c in purposes[person.pk]]
        consent_fields += [f"consent:{c.purpose}:withdrawn" for c in purposes[person.pk] if c.withdrawn_on]
        return sorted(set_fields + consent_fields)

    AuditLogEntry.objects.bulk_create(_audit_entries(persons, first, AuditAction.CREATE, fields))


def _sync_users(programmes: dict[str, Programme], quartiere: dict[str, Quartier]) -> tuple[LoginInfo, ...]:
    existing = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])}
    for login in DEMO_LOGINS:
        user = existing.get(login.username)
        if user is not None and user.email != f"{login.username}@{EMAIL_DOMAIN}":
            raise ApplicationError(
                _("The user “{username}” already exists and is not a demo login; the demo data were not loaded.")
                .format(username=login.username),
                status=409,
            )
    infos = []
    for login in DEMO_LOGINS:
        user = existing.get(login.username) or User(username=login.username)
        user.first_name, user.last_name = login.first_name, login.last_name
        user.email = f"{login.username}@{EMAIL_DOMAIN}"
        user.is_active = True
        user.is_staff = user.is_superuser = login.role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        anchor: dict = {}
        if login.programme:
            anchor["programme"] = programmes[login.programme]
            area = anchor["programme"].name
        elif login.quartier:
            anchor["quartier"] = quartiere[login.quartier]
            area = anchor["quartier"].display_name
        elif login.organisation:
            org = Organisation.objects.annotate(lname=Lower("name")).filter(lname=login.organisation.lower()).first()
            if org is None:
                raise ApplicationError(
                    _("The demo organisation “{name}” is missing. Load the demo data again with --reset.")
                    .format(name=login.organisation),
                    status=409,
                )
            anchor["organisation"] = org
            area = org.name
        else:
            area = _("all programmes and neighbourhoods")
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(user=user, role=login.role, **anchor)
        infos.append(LoginInfo(login.username, DEMO_PASSWORD, str(Role(login.role).label), str(area)))
    return tuple(infos)


@transaction.atomic
def load_demo(*, stdout=None, reset: bool = False) -> DemoResult:
    """Load (or refresh) the demo data; see the module docstring for what a second run and `reset` do."""
    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")  # Django's OutputWrapper does not add a second newline

    types = sync_actor_types(ActorType)
    say(_("Actor types synchronised: {count}").format(count=len(types)))
    programmes = _sync_programmes()
    quartiere = _sync_quartiere(programmes)
    say(_("Programmes: {programmes}, neighbourhoods: {quartiere}").format(
        programmes=len(programmes), quartiere=len(quartiere)))
    demo_q = list(quartiere.values())
    present = Organisation.objects.filter(quartiere__in=demo_q).exists()
    if present and reset:
        from quartiersnetz.casework.demo import delete_casework_demo

        delete_casework_demo(quartiere=quartiere)  # its organisation references are PROTECT on purpose
        deleted = _delete_demo_actors(quartiere)
        say(_("Demo organisations deleted: {count}").format(count=deleted))
        present = False
    if present:
        say(_("Organisations already present; left unchanged (use --reset to generate them again)."))
    else:
        _write_actors(build_plan(), quartiere)
    logins = _sync_users(programmes, quartiere)
    _load_area_demos(programmes=programmes, quartiere=quartiere, reset=not present, say=say)
    org_ids = Organisation.objects.filter(quartiere__in=demo_q).values("pk")
    person_ids = ContactPerson.objects.filter(organisation__in=org_ids).values("pk")
    result = DemoResult(
        actors_created=not present,
        programmes=len(programmes),
        quartiere=len(quartiere),
        organisations=Organisation.objects.filter(pk__in=org_ids).count(),
        contacts=ContactPerson.objects.filter(pk__in=person_ids).count(),
        consents=ConsentRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(ContactPerson), object_id__in=person_ids
        ).count(),
        logins=logins,
    )
    say(_("Organisations: {organisations}, contact persons: {contacts}, consents: {consents}").format(
        organisations=result.organisations, contacts=result.contacts, consents=result.consents))
    return result


def _load_area_demos(*, programmes, quartiere, reset: bool, say) -> None:
    """Demo data of the domain apps, each from its own deterministic random stream."""
    from quartiersnetz.meetings.demo import load_meetings_demo

    network = load_meetings_demo(quartiere=quartiere, rng=random.Random(SEED + 1), reset=reset)
    say(_("Bodies: {bodies}, meetings: {meetings}, tasks: {tasks}, agreements: {agreements}").format(
        bodies=network.bodies, meetings=network.meetings, tasks=network.tasks, agreements=network.agreements))

    from quartiersnetz.network.demo import load_network_demo

    ties = load_network_demo(quartiere=quartiere, rng=random.Random(SEED + 2), reset=reset)
    say(_("Network ties: {count}").format(count=ties.ties))

    from quartiersnetz.steering.demo import load_steering_demo

    load_steering_demo(programmes=programmes, quartiere=quartiere, rng=random.Random(SEED + 3))

    from quartiersnetz.acquisition.demo import load_acquisition_demo

    acquisition = load_acquisition_demo(quartiere=quartiere, rng=random.Random(SEED + 4), reset=reset)
    say(_("Acquisition cases: {cases}, company profiles: {companies}, business networks: {networks}").format(
        cases=acquisition.cases, companies=acquisition.companies, networks=acquisition.networks))

    from quartiersnetz.offers.demo import load_offers_demo

    offers = load_offers_demo(quartiere=quartiere, rng=random.Random(SEED + 5), reset=reset)
    say(_("Offers: {offers}, locations: {locations}").format(offers=offers.offers, locations=offers.locations))

    from quartiersnetz.casework.demo import load_casework_demo

    casework = load_casework_demo(quartiere=quartiere, rng=random.Random(SEED + 6), reset=reset)
    say(_("Contact points: {contact_points}, cases: {clients}, contacts: {contacts}, referrals: {referrals}").format(
        contact_points=casework.contact_points, clients=casework.clients, contacts=casework.contacts,
        referrals=casework.referrals))

    from quartiersnetz.surveys.demo import load_surveys_demo

    surveys = load_surveys_demo(quartiere=quartiere, rng=random.Random(SEED + 7), reset=reset)
    say(_("Survey waves: {waves}, invitations: {invitations}, responses: {responses}").format(
        waves=surveys.waves, invitations=surveys.invitations, responses=surveys.responses))


def organisation_counts() -> dict[str, int]:
    """Organisations per demo Quartier (slug -> count), for the summary and the tests."""
    slugs = [s.slug for s in demo_sites()]
    rows = Quartier.objects.filter(slug__in=slugs).annotate(n=Count("organisations")).values_list("slug", "n")
    return dict(rows)
