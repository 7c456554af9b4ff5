"""The Akteurstyp taxonomy: its content, its colours and the data migration that installs it."""

from __future__ import annotations

import importlib
import itertools
import math
import re

import pytest
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from quartiersnetz.actors.choices import LegalDomain
from quartiersnetz.actors.models import ActorType
from quartiersnetz.actors.taxonomy import ACTOR_TYPES, BY_SLUG, SUBTYPES, TOP_LEVEL, sync_actor_types

MIGRATION = "0003_actor_type_taxonomy"
TOP_LEVEL_NAMES = {
    "Kommune", "Jobcenter", "Agentur für Arbeit", "Wirtschaftsnahe Akteure",
    "Qualifizierungs- und Beschäftigungsträger", "Stadtteil-/Quartiersmanagement", "Soziale Dienste/Beratungsstellen",
    "Multiplikatoren", "Kontaktstelle/Anlaufstelle", "Wohnungsunternehmen", "Schule", "Verein/Initiative", "Politik",
    "Sonstige",
}


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def contrast_on_white(colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


# ---- the data ---------------------------------------------------------------------------------------------------
def test_top_level_types_follow_the_seeds():
    assert {t.name for t in TOP_LEVEL} == TOP_LEVEL_NAMES
    assert all(t.parent is None for t in TOP_LEVEL)


def test_subtypes_hang_below_top_level_types():
    top = {t.slug for t in TOP_LEVEL}
    assert all(t.parent in top for t in SUBTYPES)
    children = {p: {t.name for t in SUBTYPES if t.parent == p} for p in top}
    assert {"Kita", "Familienzentrum", "Jugendzentrum", "Kultureinrichtung", "Kirchengemeinde", "Moscheegemeinde",
            "Beratungsstelle", "Concierge"} <= children["multiplikator"]
    kommune = {"Jugendamt", "Sozialamt", "Sozialplanung", "Stadtentwicklung", "Wirtschaftsförderung"}
    assert kommune <= children["kommune"]
    assert {"Kammer (IHK, HWK)", "Arbeitgeberverband", "Unternehmen", "Unternehmerverein/Wirtschaftsnetzwerk"} == (
        children["wirtschaft"]
    )
    assert {"Schuldnerberatung", "Suchtberatung", "Migrationsberatung"} <= children["soziale-dienste"]


def test_slugs_names_and_orders_are_unique_and_well_formed():
    assert len({t.slug for t in ACTOR_TYPES}) == len(ACTOR_TYPES)
    assert len({t.name.lower() for t in ACTOR_TYPES}) == len(ACTOR_TYPES)
    assert len({t.order for t in ACTOR_TYPES}) == len(ACTOR_TYPES)
    for t in ACTOR_TYPES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t.slug), t.slug
        assert len(t.slug) <= 60 and len(t.name) <= 100
        assert t.description.strip()
        assert t.legal_domain in LegalDomain.values
    assert [t.order for t in TOP_LEVEL] == sorted(t.order for t in TOP_LEVEL)
    for sub in SUBTYPES:  # subtypes sort directly after their parent
        parent = BY_SLUG[sub.parent]
        following = min((t.order for t in TOP_LEVEL if t.order > parent.order), default=10**6)
        assert parent.order < sub.order < following


def test_legal_domains():
    assert BY_SLUG["jobcenter"].legal_domain == LegalDomain.SGB2
    assert BY_SLUG["agentur-fuer-arbeit"].legal_domain == LegalDomain.SGB3
    assert BY_SLUG["jugendamt"].legal_domain == LegalDomain.SGB8
    assert BY_SLUG["sozialamt"].legal_domain == LegalDomain.SGB12
    assert BY_SLUG["kommune"].legal_domain == LegalDomain.NONE


def test_colours_are_accessible_on_white():
    for t in ACTOR_TYPES:
        assert re.fullmatch(r"#[0-9a-f]{6}", t.colour), t.slug
        assert contrast_on_white(t.colour) >= 4.5, (t.slug, t.colour)


def test_top_level_colours_are_distinct_and_subtypes_inherit():
    for a, b in itertools.combinations(TOP_LEVEL, 2):
        assert math.dist(lab(a.colour), lab(b.colour)) >= 20, (a.slug, b.slug)
    for sub in SUBTYPES:
        assert sub.colour == BY_SLUG[sub.parent].colour


def test_contrast_helper_is_right():
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#777777") == pytest.approx(4.48, abs=0.01)


# ---- the database -------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_migration_is_applied_to_the_database():
    # The rows themselves may have been flushed by an earlier transactional test in this worker, so the
    # next test runs the migration function again instead of relying on them.
    assert ("actors", MIGRATION) in MigrationRecorder(connection).applied_migrations()


@pytest.mark.django_db
def test_migration_function_with_the_historical_model_creates_the_top_level_types():
    module = importlib.import_module(f"quartiersnetz.actors.migrations.{MIGRATION}")
    operation = module.Migration.operations[0]
    assert isinstance(operation, RunPython)
    assert operation.reverse_code is RunPython.noop
    assert module.Migration.dependencies == [("actors", "0002_initial")]

    ActorType.objects.filter(parent__isnull=False).delete()  # children first: parent is PROTECT
    ActorType.objects.all().delete()
    assert ActorType.objects.count() == 0
    state = MigrationExecutor(connection).loader.project_state(("actors", MIGRATION))
    module.forwards(state.apps, None)
    assert set(ActorType.objects.filter(parent__isnull=True).values_list("name", flat=True)) == TOP_LEVEL_NAMES
    assert ActorType.objects.count() == len(ACTOR_TYPES)
    module.forwards(state.apps, None)  # idempotent
    assert ActorType.objects.count() == len(ACTOR_TYPES)


@pytest.mark.django_db
def test_sync_restores_by_slug_and_keeps_custom_types():
    sync_actor_types(ActorType)
    ActorType.objects.filter(slug="jobcenter").update(name="JC alt", colour="#ffffff", order=1)
    ActorType.objects.filter(slug="kita").update(parent=None)
    custom = ActorType.objects.create(slug="eigener-typ", name="Eigener Typ")
    result = sync_actor_types(ActorType)
    jobcenter = ActorType.objects.get(slug="jobcenter")
    assert (jobcenter.name, jobcenter.colour, jobcenter.order) == ("Jobcenter", "#a50f15", 200)
    assert ActorType.objects.get(slug="kita").parent_id == result["multiplikator"].pk
    assert ActorType.objects.filter(pk=custom.pk).exists()
    assert set(result) == set(BY_SLUG)
    assert ActorType.objects.count() == len(ACTOR_TYPES) + 1
