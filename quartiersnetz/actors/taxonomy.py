"""The Akteurstyp taxonomy as data, and its idempotent synchronisation into the ActorType table.

The top level follows seed 000 (G.I.B. Arbeitspapier 55, §§ 2, 4.1 "Erwartungen der Netzwerkpartner" with the
actor groups Kommunen und Stadtteilmanagement, Jobcenter, Agenturen für Arbeit, arbeitsmarktpolitische Träger,
wirtschaftsnahe Akteure and "andere Akteure"/Multiplikatoren) and seed 002 (ThINKA: Kontaktstellen,
Wohnungsunternehmen, Ämter, Vereine/Initiativen, Politik). Names and descriptions are German *data* (what the
programmes call these actors), not UI strings, so they are not translated.

Colours: every top-level type has its own colour with a contrast of at least 4.5:1 on white (usable for text
and graph nodes). Subtypes share the colour of their parent, so a graph coloured by type groups the families;
graphs must never rely on colour alone (labels or shapes carry the type as well).

`sync_actor_types` is called by the data migration `actors.0003_actor_type_taxonomy` with the historical model,
so it may only use the fields that exist there: slug, name, parent, legal_domain, description, colour, order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActorTypeSpec:
    slug: str
    name: str
    parent: str | None
    legal_domain: str  # a value of actors.choices.LegalDomain ("" = none in particular)
    colour: str
    order: int
    description: str


def _top(slug, name, legal_domain, colour, order, description):
    return ActorTypeSpec(slug, name, None, legal_domain, colour, order, description)


def _sub(parent: ActorTypeSpec, index: int, slug: str, name: str, description: str, legal_domain: str = ""):
    return ActorTypeSpec(
        slug, name, parent.slug, legal_domain or parent.legal_domain, parent.colour, parent.order + index, description
    )


KOMMUNE = _top(
    "kommune", "Kommune", "", "#1060a8", 100,
    "Stadt- oder Kreisverwaltung: Antragstellerin und Kofinanziererin des Netzwerkcoachings, leitet oft den "
    "Runden Tisch und setzt auf Verstetigung.",
)
JOBCENTER = _top(
    "jobcenter", "Jobcenter", "sgb2", "#a50f15", 200,
    "Träger der Grundsicherung für Arbeitsuchende (SGB II); nach Seed 000 der relevanteste Akteur, der Personal "
    "mit Entscheidungskompetenz entsenden soll. In Optionskommunen eine kommunale Einheit.",
)
AGENTUR = _top(
    "agentur-fuer-arbeit", "Agentur für Arbeit", "sgb3", "#6a3d9a", 300,
    "Arbeitsförderung nach SGB III: Berufsinformationszentrum (BIZ), Beauftragte für Chancengleichheit am "
    "Arbeitsmarkt (BCA), Arbeitgeber-Service.",
)
WIRTSCHAFT = _top(
    "wirtschaft", "Wirtschaftsnahe Akteure", "", "#7f4f00", 400,
    "Kammern, Arbeitgeberverbände, Unternehmen und Unternehmensnetzwerke; haben oft einen Letter of Intent "
    "unterzeichnet, nehmen aber selten an Sitzungen teil.",
)
TRAEGER = _top(
    "traeger", "Qualifizierungs- und Beschäftigungsträger", "", "#1b7837", 500,
    "Arbeitsmarktpolitische Träger von Qualifizierung, Beschäftigung und Sprachkursen; pragmatisch "
    "(Dienstleistungsketten, Matching), zugleich im Wettbewerb untereinander.",
)
STADTTEIL = _top(
    "stadtteilmanagement", "Stadtteil-/Quartiersmanagement", "", "#00727f", 600,
    "Stadtteilbüro oder Quartiersmanagement (Soziale Stadt); unterzeichnet den Letter of Intent und gilt als "
    "möglicher dauerhafter Ort des Netzwerkcoachings.",
)
SOZIALE_DIENSTE = _top(
    "soziale-dienste", "Soziale Dienste/Beratungsstellen", "", "#b3006b", 700,
    "Fachberatung und soziale Dienste, deren Leistungen Vermittlungshemmnisse abbauen (Schulden, Sucht, "
    "Migration, psychosoziale Lage, Erwerbslosigkeit).",
)
MULTIPLIKATOR = _top(
    "multiplikator", "Multiplikatoren", "", "#c04000", 800,
    "Einrichtungen ohne unmittelbaren Arbeitsmarktbezug, zu denen die Zielgruppe Vertrauen hat und die sie aktiv "
    "ansprechen können (Seed 000, §§ 3.1.3, 4.1.5).",
)
KONTAKTSTELLE = _top(
    "kontaktstelle", "Kontaktstelle/Anlaufstelle", "", "#0018e0", 900,
    "Niedrigschwellige, kostenfreie Anlauf- und Beratungsstelle im Sozialraum mit Lotsenfunktion (ThINKA, "
    "Seed 002: Kontaktstelle, Kontaktbüro, Projektbüro).",
)
WOHNUNG = _top(
    "wohnungsunternehmen", "Wohnungsunternehmen", "", "#5d6b00", 1000,
    "Wohnungsunternehmen und -genossenschaften; in ThINKA feste Partner der Steuerungsgruppen (Seed 002).",
)
SCHULE = _top(
    "schule", "Schule", "", "#400068", 1100,
    "Allgemeinbildende und berufsbildende Schulen; Partner bei Berufsorientierung und Übergang Schule–Beruf.",
)
VEREIN = _top(
    "verein", "Verein/Initiative", "", "#905860", 1200,
    "Vereine, Initiativen und Ehrenamt im Quartier; in Bielefeld als Multiplikatoren benannt (Seed 000, § 3.1.3).",
)
POLITIK = _top(
    "politik", "Politik", "", "#262626", 1300,
    "Kommunalpolitische Gremien wie Bezirksvertretung, Ortsteilrat oder Integrationsrat (in ThINKA als künftige "
    "Partner gewünscht, Seed 002).",
)
SONSTIGE = _top(
    "sonstige", "Sonstige", "", "#707070", 1400,
    "Akteure, die in keine andere Gruppe passen (z. B. Polizei-Bezirksdienst, Stadtteilzeitung).",
)

TOP_LEVEL: tuple[ActorTypeSpec, ...] = (
    KOMMUNE, JOBCENTER, AGENTUR, WIRTSCHAFT, TRAEGER, STADTTEIL, SOZIALE_DIENSTE, MULTIPLIKATOR, KONTAKTSTELLE,
    WOHNUNG, SCHULE, VEREIN, POLITIK, SONSTIGE,
)

SUBTYPES: tuple[ActorTypeSpec, ...] = (
    _sub(KOMMUNE, 1, "kommunale-verwaltung", "Kommunale Verwaltung",
         "Allgemeine Verwaltung, Bezirksamt, Bürgerservice."),
    _sub(KOMMUNE, 2, "jugendamt", "Jugendamt", "Kinder- und Jugendhilfe (SGB VIII).", "sgb8"),
    _sub(KOMMUNE, 3, "sozialamt", "Sozialamt", "Sozialhilfe (SGB XII).", "sgb12"),
    _sub(KOMMUNE, 4, "sozialplanung", "Sozialplanung", "Kommunale Sozialplanung und Sozialberichterstattung."),
    _sub(KOMMUNE, 5, "stadtentwicklung", "Stadtentwicklung", "Stadtentwicklung, Stadterneuerung, Soziale Stadt."),
    _sub(KOMMUNE, 6, "wirtschaftsfoerderung", "Wirtschaftsförderung", "Kommunale Wirtschaftsförderung."),
    _sub(KOMMUNE, 7, "integrationszentrum", "Kommunales Integrationszentrum/RAA",
         "Regionale Arbeitsstelle bzw. Kommunales Integrationszentrum (in Duisburg Partner der Bestandsaufnahme)."),
    _sub(WIRTSCHAFT, 1, "kammer", "Kammer (IHK, HWK)", "Industrie- und Handelskammer, Handwerkskammer."),
    _sub(WIRTSCHAFT, 2, "arbeitgeberverband", "Arbeitgeberverband", "Arbeitgeber- und Unternehmerverbände."),
    _sub(WIRTSCHAFT, 3, "unternehmen", "Unternehmen", "Betriebe im oder nahe dem Quartier, oft KMU."),
    _sub(WIRTSCHAFT, 4, "wirtschaftsnetzwerk", "Unternehmerverein/Wirtschaftsnetzwerk",
         "Werbegemeinschaften, Unternehmerstammtische, Netzwerke der lokalen Ökonomie."),
    _sub(SOZIALE_DIENSTE, 1, "schuldnerberatung", "Schuldnerberatung", "Schuldner- und Insolvenzberatung."),
    _sub(SOZIALE_DIENSTE, 2, "suchtberatung", "Suchtberatung", "Sucht- und Drogenberatung."),
    _sub(SOZIALE_DIENSTE, 3, "migrationsberatung", "Migrationsberatung",
         "Migrationsberatung für Erwachsene, Jugendmigrationsdienst."),
    _sub(SOZIALE_DIENSTE, 4, "erwerbslosenberatung", "Erwerbslosenberatung",
         "Beratung für Erwerbslose, Arbeitslosenzentren (Seed 000, § 4.1.5)."),
    _sub(SOZIALE_DIENSTE, 5, "psychosoziale-beratung", "Psychosoziale Beratung",
         "Psychosoziale Betreuung, sozialpsychiatrischer Dienst."),
    _sub(MULTIPLIKATOR, 1, "kita", "Kita", "Kindertageseinrichtung.", "sgb8"),
    _sub(MULTIPLIKATOR, 2, "familienzentrum", "Familienzentrum", "Familienzentrum.", "sgb8"),
    _sub(MULTIPLIKATOR, 3, "jugendzentrum", "Jugendzentrum", "Jugendzentrum, Jugendfreizeitstätte.", "sgb8"),
    _sub(MULTIPLIKATOR, 4, "kultur", "Kultureinrichtung", "Bibliothek, Kulturzentrum, Stadtteiltheater."),
    _sub(MULTIPLIKATOR, 5, "begegnungsstaette", "Begegnungsstätte", "Begegnungsstätte, Nachbarschaftstreff."),
    _sub(MULTIPLIKATOR, 6, "kirchengemeinde", "Kirchengemeinde", "Evangelische oder katholische Gemeinde."),
    _sub(MULTIPLIKATOR, 7, "moscheegemeinde", "Moscheegemeinde", "Moscheegemeinde, islamischer Kulturverein."),
    _sub(MULTIPLIKATOR, 8, "beratungsstelle", "Beratungsstelle",
         "Niedrigschwellige Beratung mit Vertrauensverhältnis zur Zielgruppe (z. B. Frauen-, Elternberatung)."),
    _sub(MULTIPLIKATOR, 9, "concierge", "Concierge",
         "Concierge-Service im Wohnquartier (in Dortmund-Clarenberg als Multiplikator eingesetzt, Seed 000)."),
)

ACTOR_TYPES: tuple[ActorTypeSpec, ...] = TOP_LEVEL + SUBTYPES
TOP_LEVEL_SLUGS: tuple[str, ...] = tuple(t.slug for t in TOP_LEVEL)
BY_SLUG: dict[str, ActorTypeSpec] = {t.slug: t for t in ACTOR_TYPES}


def top_level_slug(slug: str) -> str:
    """The top-level type a type belongs to (itself if it is top level)."""
    spec = BY_SLUG[slug]
    return spec.parent or spec.slug


def sync_actor_types(ActorType) -> dict:  # noqa: N803 - the model class (also the historical one in migrations)
    """Create or update every type of the taxonomy by slug; types not in the taxonomy are left alone.

    Returns {slug: ActorType}. Parents are written before their subtypes. Running it twice changes nothing.
    """
    result = {}
    for spec in ACTOR_TYPES:  # TOP_LEVEL first, so parents exist
        values = {
            "name": spec.name,
            "parent_id": result[spec.parent].pk if spec.parent else None,
            "legal_domain": spec.legal_domain,
            "description": spec.description,
            "colour": spec.colour,
            "order": spec.order,
        }
        obj = ActorType.objects.filter(slug=spec.slug).first()
        if obj is None:
            obj = ActorType.objects.create(slug=spec.slug, **values)
        else:
            changed = [k for k, v in values.items() if getattr(obj, k) != v]
            if changed:
                for k in changed:
                    setattr(obj, k, values[k])
                obj.save(update_fields=changed)
        result[spec.slug] = obj
    return result
