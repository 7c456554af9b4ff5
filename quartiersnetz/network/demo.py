"""Demo ties for the network analysis: declared (two survey waves) and entered by hand, for every demo Quartier.

Invented, but shaped after seed 000/001: a steering group as "stabiler Kern" (Jobcenter, Agentur für Arbeit,
Kommune, Stadtteilmanagement and two or three providers, all tied to each other), a cluster of social services and
multipliers, a cluster of businesses, and a few multipliers/contact points that link the clusters (brokers). The
Jobcenter is tied to the core and to some social services, so every Quartier has a Jobcenter integration figure.
Wave 1 (2013) is smaller than wave 2 (2014): the change-over-time pages show growth, most of it towards the
businesses. Together with the observed ties of the meetings demo (attendance, memberships, agreements) this gives
readable graphs of 40–70 organisations.

Deterministic: a function of the `rng` passed in and the organisations (ordered by name). Written with
bulk_create; not audited (ties are not personal data). A second run leaves existing ties alone unless `reset`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from itertools import combinations

from django.db import transaction

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.models import Quartier

from .choices import Frequency, StoredSource, TieType
from .models import ManualTie

WAVE_1 = ("Welle 1 (2013)", dt.date(2013, 1, 1), dt.date(2013, 12, 31))
WAVE_2 = ("Welle 2 (2014)", dt.date(2014, 1, 1), dt.date(2014, 12, 31))
NOTE = "Fiktive Beziehung (Demodaten)."
SOCIAL_GROUPS = ("soziale-dienste", "multiplikator", "verein", "schule", "kontaktstelle")
BROKER_SUBTYPES = ("familienzentrum", "concierge", "begegnungsstaette", "beratungsstelle")


@dataclass(frozen=True)
class NetworkDemoResult:
    created: bool
    ties: int


def _group(org: Organisation) -> str:
    t = org.actor_type
    return t.parent.slug if t.parent_id else t.slug


class _Planner:
    def __init__(self, quartier: Quartier, rng: random.Random):
        self.quartier = quartier
        self.rng = rng
        self.ties: list[ManualTie] = []
        self.pairs: set[tuple[int, int, str]] = set()

    def tie(self, a, b, tie_type, *, wave=WAVE_2, source=StoredSource.DECLARED, rated=True, frequency=None):
        if a.pk == b.pk:
            return
        key = (min(a.pk, b.pk), max(a.pk, b.pk), wave[0] if source == StoredSource.DECLARED else "manual")
        if key in self.pairs:
            return
        self.pairs.add(key)
        rng = self.rng
        scores = {}
        if rated:
            base = 2 + (1 if tie_type in (TieType.COOPERATION, TieType.ALLIANCE) else 0)
            scores = {name: min(4, max(1, base + rng.choice((-1, 0, 0, 1)))) for name in (
                "reliability", "openness", "shared_mission", "influence", "resources", "involvement")}
        declared = source == StoredSource.DECLARED
        self.ties.append(ManualTie(
            quartier=self.quartier, organisation_a=a, organisation_b=b, tie_type=tie_type, source=source,
            wave=wave[0] if declared else "", valid_from=wave[1] if declared else dt.date(2014, rng.randint(2, 10), 1),
            valid_until=wave[2] if declared else None, note=NOTE,
            frequency=frequency or rng.choice([Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.YEARLY]), **scores,
        ))


def _plan(quartier: Quartier, rng: random.Random) -> list[ManualTie]:
    orgs = list(Organisation.objects.filter(quartiere=quartier, is_active=True)
                .select_related("actor_type", "actor_type__parent").order_by("name", "pk"))
    if len(orgs) < 4:
        return []
    by_group: dict[str, list[Organisation]] = {}
    for org in orgs:
        by_group.setdefault(_group(org), []).append(org)
    first = {g: members[0] for g, members in by_group.items()}
    plan = _Planner(quartier, rng)

    # The stable core: the steering-group partners, all tied to each other in both waves.
    core = [first[g] for g in ("jobcenter", "agentur-fuer-arbeit", "kommune", "stadtteilmanagement") if g in first]
    core += by_group.get("traeger", [])[:2] + by_group.get("soziale-dienste", [])[:1]
    for a, b in combinations(core, 2):
        plan.tie(a, b, rng.choice([TieType.EXCHANGE, TieType.COORDINATION]), wave=WAVE_1, frequency=Frequency.QUARTERLY)
        plan.tie(a, b, rng.choice([TieType.COORDINATION, TieType.COOPERATION, TieType.ALLIANCE]),
                 frequency=Frequency.MONTHLY)

    # Brokers: a few multipliers and the contact point, bridging social services, businesses and the core.
    candidates = [o for o in orgs if o.actor_type.slug in BROKER_SUBTYPES] + by_group.get("kontaktstelle", [])
    brokers = [o for o in candidates if o not in core][:3]

    social = [o for g in SOCIAL_GROUPS for o in by_group.get(g, []) if o not in core and o not in brokers]
    business = [o for o in by_group.get("wirtschaft", []) if o not in core and o not in brokers]
    rng.shuffle(social)
    rng.shuffle(business)
    # Two social clusters (counselling/services, multipliers/schools/clubs) as loose chains with some shortcuts.
    half = len(social) // 2
    for cluster in (social[:half], social[half:]):
        for index, org in enumerate(cluster[1:], start=1):
            partner = cluster[rng.randrange(index)]
            wave = WAVE_1 if rng.random() < 0.5 else WAVE_2
            plan.tie(org, partner, rng.choice([TieType.KNOWLEDGE, TieType.EXCHANGE, TieType.EXCHANGE]), wave=wave)
            if rng.random() < 0.35 and index > 1:
                plan.tie(org, cluster[rng.randrange(index)], TieType.KNOWLEDGE)
    # Businesses know each other (Unternehmerverein) in wave 2 only.
    for index, org in enumerate(business[1:], start=1):
        plan.tie(org, business[rng.randrange(index)], rng.choice([TieType.KNOWLEDGE, TieType.EXCHANGE]))

    clusters = [social[:half], social[half:], business]
    for number, broker in enumerate(brokers):
        plan.tie(broker, core[number % len(core)], TieType.COORDINATION, wave=WAVE_1) if core else None
        for cluster in clusters:
            for partner in rng.sample(cluster, k=min(len(cluster), 2)):
                plan.tie(broker, partner, rng.choice([TieType.EXCHANGE, TieType.COOPERATION]))
        if business:
            # Entered by the coach after a visit (Hospitation): the new link to a business.
            plan.tie(broker, business[(number * 3) % len(business)], TieType.COOPERATION,
                     source=StoredSource.MANUAL, rated=False)
    # The Jobcenter reaches out to some social services directly.
    jobcenter = first.get("jobcenter")
    if jobcenter is not None:
        for partner in social[: min(4, len(social))]:
            plan.tie(jobcenter, partner, rng.choice([TieType.EXCHANGE, TieType.COORDINATION]))
    # Businesses are linked to the employment agency through the chamber, if there is one.
    agency = first.get("agentur-fuer-arbeit")
    chamber = next((o for o in business if o.actor_type.slug == "kammer"), None)
    if agency is not None and chamber is not None:
        plan.tie(agency, chamber, TieType.EXCHANGE)
    # The rest (housing, politics, others): some known to the neighbourhood management.
    manager = first.get("stadtteilmanagement") or (core[0] if core else None)
    for group in ("wohnungsunternehmen", "politik", "sonstige", "traeger"):
        for org in by_group.get(group, []):
            if org in core or manager is None or rng.random() < 0.3:
                continue
            plan.tie(manager, org, TieType.KNOWLEDGE, rated=False)
    return plan.ties


def delete_network_demo(*, quartiere: dict[str, Quartier]) -> int:
    deleted, _per_model = ManualTie.objects.filter(quartier__in=quartiere.values(), note=NOTE).delete()
    return deleted


@transaction.atomic
def load_network_demo(*, quartiere: dict[str, Quartier], rng: random.Random, reset: bool = False) -> NetworkDemoResult:
    """Demo ties for the given Quartiere (slug → Quartier); needs their organisations. Leaves existing demo ties
    alone unless `reset`."""
    existing = ManualTie.objects.filter(quartier__in=quartiere.values(), note=NOTE)
    if existing.exists():
        if not reset:
            return NetworkDemoResult(created=False, ties=existing.count())
        delete_network_demo(quartiere=quartiere)
    ties: list[ManualTie] = []
    for slug in sorted(quartiere):
        ties += _plan(quartiere[slug], rng)
    ManualTie.objects.bulk_create(ties, batch_size=1000)
    return NetworkDemoResult(created=True, ties=len(ties))
