"""Demo survey waves with synthetic answers (invented, shaped after seed 000 and seed 002).

- G.I.B. survey of central actors, programme "Aktiv für Arbeit im Stadtteil", all ten Quartiere: Welle 1
  (13.01.–17.02.2014, blocks 1–5, expectations) and Welle 2 (01.12.2014–31.03.2015, blocks 2–6, effects). One
  invitation per institution: Kommune, Jobcenter, Agentur für Arbeit and Stadtteilmanagement once each, two to four
  business actors and providers. About 90 % answer in wave 1 and about half in wave 2 (seed: 90 % / 51 %).
  Answers are drawn around the means the report publishes (1.1 = 1,78; 1.2 mirrored 4,2; 2.1 W1 2,2 / W2 2,8;
  3.4 = 2,8; 3.7 = 2,8; 3.8 = 3,0; 3.9 = 3,2; 3.13 = 3,5; block 6 about 1,6 in the published order …), with the
  expectations of wave 1 about 0,35 points better than the effects and Jobcenter/business actors more critical.
- ThINKA: one wave of the Expertenfragebogen in the eleven ThINKA Quartiere (about 46 steering-group members),
  distributions after the printed shares (77 % / 83 % / 82 % agreement, grades Ø 2,4 / 2,2 / 2,7 …).
- Network survey 2014 in the ten G.I.B. Quartiere: each respondent names three to six partner organisations of its
  Quartier with level, frequency, trust and value; the network analysis shows them as declared ties.

Deterministic (the `rng` passed in, organisations ordered by name); bulk_create; a second run leaves the demo
waves alone unless `reset`. Demo waves are marked by DEMO_MARK in their introduction.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.models import Quartier

from .choices import InvitationStatus, ResponseSource, WavePurpose, WaveStatus
from .instruments import gib, thinka
from .models import Instrument, Invitation, Response, Wave
from .services import _pick_contact, _top, instrument_freeze
from .spec import DONT_KNOW, spec_from_snapshot

DEMO_MARK = "(Demodaten)"
GIB_PROGRAMME = "aktiv-fuer-arbeit"
THINKA_PROGRAMME = "thinka"

W2_TARGETS = {
    "2.1": 2.8, "2.2": 2.7, "2.3": 2.5, "2.4": 3.0, "2.5": 4.3, "2.6": 2.6, "2.7": 2.6, "2.8": 2.6, "2.9": 2.7,
    "2.10": 2.7, "3.1": 2.5, "3.2": 3.2, "3.3": 2.6, "3.4": 2.8, "3.5": 3.0, "3.6": 3.3, "3.7": 2.8, "3.8": 3.0,
    "3.9": 3.2, "3.10": 3.1, "3.11": 3.2, "3.12": 3.0, "3.13": 3.5, "3.14": 3.1, "3.15": 2.8, "3.16": 3.0,
    "3.17": 3.0, "4.1": 3.3, "4.2": 2.8, "4.3": 3.5, "4.4": 3.2, "5.1": 3.5, "5.2": 3.4, "5.3": 3.0,
}
W1_ONLY = {"1.1": 1.5, "1.2": 2.65}  # drawn below the targets 1,78 and 2,8 (mirrored 4,2): clamping at 1
BLOCK6 = ["6.3", "6.15", "6.1", "6.2", "6.12", "6.16", "6.14", "6.4", "6.7", "6.9", "6.10", "6.5", "6.17", "6.8",
          "6.13", "6.6", "6.11"]  # published order, best first
TYPE_SHIFT = {"jobcenter": 0.45, "wirtschaft": 0.35, "kommune": -0.3, "stadtteilmanagement": -0.3, "traeger": -0.2}
ONE_EACH = ("kommune", "jobcenter", "agentur-fuer-arbeit", "stadtteilmanagement")
SEVERAL = ("wirtschaft", "traeger")

AGREE = {
    "S1": (.35, .40, .15, .07, .03), "S2": (.35, .42, .21, .02, 0), "S3": (.40, .43, .12, .05, 0),
    "S4": (.45, .37, .13, .05, 0), "S5": (.25, .43, .22, .08, .02), "S6": (.30, .37, .20, .10, .03),
    "S7": (.40, .30, .18, .10, .02), "S8": (.12, .25, .28, .25, .10), "S9": (.35, .32, .15, .12, .06),
    "S10": (.30, .35, .20, .10, .05), "S19": (.35, .42, .15, .06, .02),
    "S13": (.20, .47, .20, .10, .03), "S15": (.30, .50, .15, .05, 0), "S16": (.30, .50, .15, .05, 0),
    "S18": (.20, .50, .20, .08, .02),
}
S17 = {"sozial": (.25, .45, .20, .08, .02), "beruflich": (.10, .40, .30, .15, .05)}
C2 = {"1": .97, "2": .93, "3": .89, "4": .87, "5": .59, "6": .65}


@dataclass(frozen=True)
class SurveysDemoResult:
    created: bool
    waves: int
    invitations: int
    responses: int


def _likert(rng: random.Random, mean: float, lo: int = 1, hi: int = 6) -> int:
    return max(lo, min(hi, round(rng.gauss(mean, 0.85))))


def _change(rng: random.Random, mean: float) -> int:
    p3 = 0.04
    p2 = max(0.0, min(1.0 - p3, mean - 1 - 2 * p3))
    r = rng.random()
    return 1 if r < 1 - p2 - p3 else (2 if r < 1 - p3 else 3)


def _pick(rng: random.Random, weights) -> int:
    return rng.choices(range(1, len(weights) + 1), weights=weights)[0]


def _orgs(quartier: Quartier) -> list[Organisation]:
    return list(Organisation.objects.filter(quartiere=quartier, is_active=True)
                .select_related("actor_type", "actor_type__parent").prefetch_related("contacts")
                .order_by("name", "pk"))


def _sample(rng: random.Random, quartier: Quartier, orgs: list[Organisation]) -> list[Organisation]:
    """Seed 000: one person each at Kommune, JC, AA, Stadtteilmanagement; two to four business actors and
    providers (the coaches named them)."""
    by_group: dict[str, list[Organisation]] = {}
    for org in orgs:
        by_group.setdefault(_top(org.actor_type).slug, []).append(org)
    chosen = [by_group[g][0] for g in ONE_EACH if by_group.get(g)]
    for group in SEVERAL:
        members = by_group.get(group, [])
        chosen += rng.sample(members, k=min(len(members), rng.randint(2, 4)))
    return chosen


def _wave(instrument: Instrument, programme, quartiere, *, title, code, purpose, blocks, opens, closes) -> Wave:
    version = instrument_freeze(instrument=instrument)
    wave = Wave.objects.create(instrument=instrument, version=version, programme=programme, title=title, code=code,
                               purpose=purpose, status=WaveStatus.CLOSED, block_codes=blocks, opens_on=opens,
                               closes_on=closes, intro=f"Fiktive Befragungswelle {DEMO_MARK}.")
    wave.quartiere.set(quartiere)
    return wave


def _invite(wave: Wave, org: Organisation, quartier: Quartier, answered: bool, day: dt.date) -> Invitation:
    return Invitation(wave=wave, organisation=org, quartier=quartier, actor_type=_top(org.actor_type),
                      contact=_pick_contact(org, wave.opens_on or day),
                      status=InvitationStatus.SUBMITTED if answered else InvitationStatus.INVITED,
                      sent_at=dt.datetime.combine(wave.opens_on, dt.time(9), tzinfo=dt.UTC),
                      reminders=0 if answered else 1, submitted_on=day if answered else None)


def _gib_answers(rng: random.Random, spec, group: str, wave_no: int) -> dict:
    answers = {}
    shift = TYPE_SHIFT.get(group, 0.0)
    for item in spec.items:
        if rng.random() < 0.06:
            if item.dont_know and rng.random() < 0.5:
                answers[item.code] = DONT_KNOW
            continue
        if item.code in W1_ONLY:
            answers[item.code] = _likert(rng, W1_ONLY[item.code] + (0.5 if group == "wirtschaft" and
                                                                     item.code == "1.1" else 0)
                                         - (0.45 if group == "stadtteilmanagement" and item.code == "1.1" else 0))
        elif item.code in W2_TARGETS:
            target = W2_TARGETS[item.code]
            if item.code == "2.5":
                target = target - shift  # reverse-coded: critical actors agree more with "effort > benefit"
            else:
                target += shift - 0.12  # business actors are over-represented (as in the seed) and critical
            if wave_no == 1:
                target += 0.35 if item.code == "2.5" else -0.35
                if group == "jobcenter":
                    target -= 0.25 if item.code != "2.5" else -0.25
            answers[item.code] = _likert(rng, target)
        elif item.code in BLOCK6:
            answers[item.code] = _change(rng, 1.32 + 0.045 * BLOCK6.index(item.code) + shift / 4)
    return answers


def _load_gib(rng, quartiere: list[Quartier]) -> tuple[list[Wave], int, int]:
    instrument = Instrument.objects.get(slug=gib.SLUG)
    programme = quartiere[0].programme
    w1 = _wave(instrument, programme, quartiere, title="G.I.B.-Befragung Welle 1 (Erwartungen)", code="W1",
               purpose=WavePurpose.BASELINE, blocks=gib.WAVE_1_BLOCKS, opens=dt.date(2014, 1, 13),
               closes=dt.date(2014, 2, 17))
    w2 = _wave(instrument, programme, quartiere, title="G.I.B.-Befragung Welle 2 (Wirkungen)", code="W2",
               purpose=WavePurpose.EFFECT, blocks=gib.WAVE_2_BLOCKS, opens=dt.date(2014, 12, 1),
               closes=dt.date(2015, 3, 31))
    specs = {w1.pk: spec_from_snapshot(w1.version.snapshot, w1.block_codes),
             w2.pk: spec_from_snapshot(w2.version.snapshot, w2.block_codes)}
    invitations: list[Invitation] = []
    pending: list[tuple[Invitation, int]] = []
    for quartier in quartiere:
        orgs = _orgs(quartier)
        sample = _sample(rng, quartier, orgs)
        for wave_no, wave, rate in ((1, w1, 0.9), (2, w2, 0.51)):
            for org in sample:
                answered = rng.random() < rate
                day = wave.opens_on + dt.timedelta(days=rng.randint(0, 30))
                invitation = _invite(wave, org, quartier, answered, day)
                invitations.append(invitation)
                if answered:
                    pending.append((invitation, wave_no))
    Invitation.objects.bulk_create(invitations, batch_size=500)
    responses = []
    for invitation, wave_no in pending:
        spec = specs[invitation.wave_id]
        responses.append(Response(
            wave_id=invitation.wave_id, invitation=invitation, organisation=invitation.organisation,
            quartier=invitation.quartier, actor_type=invitation.actor_type, source=ResponseSource.DEMO,
            submitted_on=invitation.submitted_on,
            answers=_gib_answers(rng, spec, invitation.actor_type.slug, wave_no)))
    Response.objects.bulk_create(responses, batch_size=500)
    return [w1, w2], len(invitations), len(responses)


def _load_thinka(rng, quartiere: list[Quartier]) -> tuple[list[Wave], int, int]:
    instrument = Instrument.objects.get(slug=thinka.EXPERT_SLUG)
    wave = _wave(instrument, quartiere[0].programme, quartiere,
                 title="ThINKA Expertenbefragung der Steuerungsgruppen 2014", code="SG14",
                 purpose=WavePurpose.OTHER, blocks=[], opens=dt.date(2014, 4, 1), closes=dt.date(2014, 6, 30))
    invitations, pending = [], []
    for quartier in quartiere:
        orgs = _orgs(quartier)
        members = orgs[:: max(1, len(orgs) // 5)][:5] if orgs else []
        for org in members:
            answered = rng.random() < 0.85
            invitation = _invite(wave, org, quartier, answered, wave.opens_on + dt.timedelta(days=rng.randint(0, 60)))
            invitations.append(invitation)
            if answered:
                pending.append(invitation)
    Invitation.objects.bulk_create(invitations, batch_size=500)
    responses = []
    for invitation in pending:
        answers: dict = {}
        for code, weights in AGREE.items():
            if rng.random() > 0.04:
                answers[code] = _pick(rng, weights)
        answers["S17"] = {row: _pick(rng, w) for row, w in S17.items() if rng.random() > 0.05}
        answers["C2"] = [v for v, p in C2.items() if rng.random() < p]
        responses.append(Response(wave=wave, invitation=invitation, organisation=invitation.organisation,
                                  quartier=invitation.quartier, actor_type=invitation.actor_type, answers=answers,
                                  source=ResponseSource.DEMO, submitted_on=invitation.submitted_on))
    Response.objects.bulk_create(responses, batch_size=500)
    return [wave], len(invitations), len(responses)


LEVELS = ("kenntnis", "austausch", "abstimmung", "kooperation", "verbund")


def _load_network(rng, quartiere: list[Quartier]) -> tuple[list[Wave], int, int]:
    instrument = Instrument.objects.get(slug=thinka.NETWORK_SLUG)
    wave = _wave(instrument, quartiere[0].programme, quartiere, title="Netzwerkbefragung 2014", code="N14",
                 purpose=WavePurpose.OTHER, blocks=[], opens=dt.date(2014, 9, 1), closes=dt.date(2014, 10, 31))
    invitations, pending = [], []
    for quartier in quartiere:
        orgs = _orgs(quartier)
        for org in _sample(rng, quartier, orgs):
            answered = rng.random() < 0.75
            invitation = _invite(wave, org, quartier, answered, wave.opens_on + dt.timedelta(days=rng.randint(0, 40)))
            invitations.append(invitation)
            if answered:
                pending.append((invitation, [o for o in orgs if o.pk != org.pk]))
    Invitation.objects.bulk_create(invitations, batch_size=500)
    responses = []
    for invitation, others in pending:
        partners = rng.sample(others, k=min(len(others), rng.randint(3, 6)))
        named = []
        for partner in partners:
            level = rng.choices(LEVELS, weights=(1, 3, 3, 3, 1))[0]
            base = 2 + (1 if level in ("kooperation", "verbund") else 0)
            entry = {"org": partner.pk, "level": level,
                     "frequency": rng.choice(["weekly", "monthly", "monthly", "quarterly", "yearly"])}
            for name in ("reliability", "openness", "shared_mission", "influence", "resources", "involvement"):
                entry[name] = min(4, max(1, base + rng.choice((-1, 0, 0, 1))))
            named.append(entry)
        responses.append(Response(wave=wave, invitation=invitation, organisation=invitation.organisation,
                                  quartier=invitation.quartier, actor_type=invitation.actor_type,
                                  answers={"N1": named, "N2": _likert(rng, 2.0, 1, 4)},
                                  source=ResponseSource.DEMO, submitted_on=invitation.submitted_on))
    Response.objects.bulk_create(responses, batch_size=500)
    return [wave], len(invitations), len(responses)


def delete_surveys_demo() -> int:
    deleted, _per_model = Wave.objects.filter(intro__contains=DEMO_MARK).delete()
    return deleted


@transaction.atomic
def load_surveys_demo(*, quartiere: dict[str, Quartier], rng: random.Random, reset: bool = False
                      ) -> SurveysDemoResult:
    """Demo waves for the given demo Quartiere (slug → Quartier); needs their organisations."""
    existing = Wave.objects.filter(intro__contains=DEMO_MARK)
    if existing.exists():
        if not reset:
            return SurveysDemoResult(False, existing.count(), Invitation.objects.filter(wave__in=existing).count(),
                                     Response.objects.filter(wave__in=existing).count())
        delete_surveys_demo()
    ordered = [quartiere[slug] for slug in sorted(quartiere)]
    gib_q = [q for q in ordered if q.programme.slug == GIB_PROGRAMME]
    thinka_q = [q for q in ordered if q.programme.slug == THINKA_PROGRAMME]
    waves, invitations, responses = [], 0, 0
    for loader, group in ((_load_gib, gib_q), (_load_thinka, thinka_q), (_load_network, gib_q)):
        if not group:
            continue
        w, i, r = loader(rng, group)
        waves += w
        invitations += i
        responses += r
    return SurveysDemoResult(True, len(waves), invitations, responses)
