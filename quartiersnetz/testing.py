"""Test data builders shared by all apps' tests (importable, no pytest dependency)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from quartiersnetz.core.choices import ConsentMethod, ConsentPurpose, Role

_seq = itertools.count(1)


def make_programme(**kw):
    from quartiersnetz.core.models import Programme

    n = next(_seq)
    defaults = {"slug": f"programm-{n}", "name": f"Programm {n}", "start": dt.date(2013, 1, 1)}
    defaults.update(kw)
    return Programme.objects.create(**defaults)


def make_quartier(programme=None, **kw):
    from quartiersnetz.core.models import Quartier

    n = next(_seq)
    defaults = {
        "programme": programme or make_programme(),
        "slug": f"stadt-{n}-quartier",
        "city": f"Stadt{n}",
        "name": f"Quartier {n}",
        "population": 10000 + n,
    }
    defaults.update(kw)
    return Quartier.objects.create(**defaults)


def make_actor_type(slug="jobcenter", name="Jobcenter", **kw):
    from quartiersnetz.actors.models import ActorType

    obj, _ = ActorType.objects.get_or_create(slug=slug, defaults={"name": name, **kw})
    return obj


def make_organisation(*quartiere, name=None, actor_type=None, **kw):
    from quartiersnetz.actors.models import Organisation

    n = next(_seq)
    org = Organisation.objects.create(
        name=name or f"Organisation {n}", actor_type=actor_type or make_actor_type(), **kw
    )
    org.quartiere.set(quartiere)
    return org


def make_contact(organisation, *, consents=(ConsentPurpose.CONTACT,), **kw):
    from django.contrib.contenttypes.models import ContentType

    from quartiersnetz.actors.models import ContactPerson
    from quartiersnetz.core.models import ConsentRecord

    n = next(_seq)
    defaults = {"first_name": "Erika", "last_name": f"Beispiel{n}", "email": f"erika{n}@example.org",
                "phone": "0203 123456", "function": "Teamleitung"}
    defaults.update(kw)
    person = ContactPerson.objects.create(organisation=organisation, **defaults)
    ct = ContentType.objects.get_for_model(ContactPerson)
    for purpose in consents:
        ConsentRecord.objects.create(content_type=ct, object_id=person.pk, purpose=purpose,
                                     given_on=dt.date(2024, 1, 15), method=ConsentMethod.WRITTEN)
    return person


def make_user(username=None, *, role=None, programme=None, quartier=None, organisation=None, **kw):
    from quartiersnetz.core.models import RoleAssignment, User

    username = username or f"user{next(_seq)}"
    user = User.objects.create_user(username=username, password="test-Passwort-123", **kw)
    if role:
        RoleAssignment.objects.create(user=user, role=role, programme=programme, quartier=quartier,
                                      organisation=organisation)
    return user


@dataclass
class World:
    """Two Quartiere (A, B) in one programme plus a third programme; users for every role in A."""

    programme: object
    other_programme: object
    qa: object
    qb: object
    qc: object
    org_a: object
    org_b: object
    org_c: object
    contact_a: object
    contact_b: object
    admin: object
    coordination: object
    coordination_other: object
    evaluation: object
    coach_a: object
    coach_b: object
    contact_point_a: object
    partner_a: object
    no_role: object


def build_world() -> World:
    programme = make_programme(slug="aktiv", name="Aktiv für Arbeit")
    other = make_programme(slug="thinka-test", name="ThINKA Test")
    qa = make_quartier(programme, slug="duisburg-marxloh", city="Duisburg", name="Marxloh")
    qb = make_quartier(programme, slug="koeln-chorweiler", city="Köln", name="Chorweiler")
    qc = make_quartier(other, slug="jena-lobeda", city="Jena", name="Lobeda")
    org_a = make_organisation(qa, name="Jobcenter Duisburg")
    org_b = make_organisation(qb, name="Jobcenter Köln")
    org_c = make_organisation(qc, name="Stadtteilbüro Lobeda")
    return World(
        programme=programme, other_programme=other, qa=qa, qb=qb, qc=qc, org_a=org_a, org_b=org_b, org_c=org_c,
        contact_a=make_contact(org_a), contact_b=make_contact(org_b),
        admin=make_user("admin", role=Role.ADMIN),
        coordination=make_user("koordination", role=Role.COORDINATION, programme=programme),
        coordination_other=make_user("koordination2", role=Role.COORDINATION, programme=other),
        evaluation=make_user("auswertung", role=Role.EVALUATION, programme=programme),
        coach_a=make_user("coach_a", role=Role.COACH, quartier=qa),
        coach_b=make_user("coach_b", role=Role.COACH, quartier=qb),
        contact_point_a=make_user("kontaktstelle_a", role=Role.CONTACT_POINT, quartier=qa),
        partner_a=make_user("partner_a", role=Role.PARTNER, organisation=org_a),
        no_role=make_user("ohne_rolle"),
    )
