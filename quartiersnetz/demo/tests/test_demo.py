"""The demo data: seed facts, synthetic actors, logins, scope, idempotence and determinism.

The expected Quartier facts are typed by hand from seed 000 (G.I.B. Arbeitspapier 55), Tabelle 1 (Laufzeit),
Tabelle 5 (Einwohner, ALQ, SGB-II-Quote, Stellen, Coachs, Träger, LoI), Tabelle 9 (Typ) and § 3.1.3
(Ausgangslage), as summarised in /work/shared/domain/network-coaching.md § 1.1 — not read from the JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.actors.selectors import contact_person_list, contact_person_view, organisation_list
from quartiersnetz.core.choices import AuditAction, ConsentPurpose, Role
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry, ConsentRecord, Programme, Quartier, RoleAssignment, User
from quartiersnetz.core.selectors import quartier_list
from quartiersnetz.demo.loader import DEMO_PASSWORD, REFERENCE_DATE, load_demo

D = dt.date
BUILD = "Aufbau eines arbeitsmarktpolitischen Netzwerkes"
FOCUS = "Stärkere arbeitsmarktpolitische Ausrichtungen bestehender Netzwerkstrukturen"
OUTREACH = "Weiterentwicklung einer zielgruppenspezifischen Ansprache"
AMI = "arbeitsmarktpolitische Institution"

# slug: (city, population, approx, ALQ, SGB-II, FTE, coaches, provider, LoI, type, situation, start, end, extension)
EXPECTED_GIB = {
    "duisburg-marxloh": ("Duisburg", 17500, True, "16.2", "33", "2", 3, "Kommunale GmbH", 6, "inhaltlich", FOCUS,
                         D(2013, 3, 1), D(2015, 2, 28), None),
    "oberhausen-innenstadt-alt-oberhausen": ("Oberhausen", 13039, False, "17.5", "32.3", "2", 3, AMI, 5,
                                             "strukturell", BUILD, D(2013, 1, 1), D(2014, 12, 31), D(2015, 5, 31)),
    "bielefeld-sieker": ("Bielefeld", 6000, True, None, "29.8", "1.2", 2, "Kommunale GmbH", 4, "ansprachezentriert",
                         OUTREACH, D(2013, 1, 1), D(2014, 12, 31), D(2015, 4, 30)),
    "dortmund-clarenberg": ("Dortmund", 3000, True, "26.3", None, "0.75", 2, AMI, 3, "ansprachezentriert", OUTREACH,
                            D(2013, 1, 1), D(2014, 12, 31), D(2015, 4, 30)),
    "aachen-ost": ("Aachen", 12000, True, "20", "26", "1.2", 2, "Kommune", 11, "inhaltlich", BUILD,
                   D(2013, 1, 1), D(2014, 12, 31), None),
    "muenster-kinderhaus-brueningheide": ("Münster", 2750, True, "15.8", "51.8", "0.5", 1, "Kommune", 7,
                                          "ansprachezentriert", BUILD, D(2013, 5, 15), D(2015, 5, 14), None),
    "koeln-chorweiler": ("Köln", 12868, False, "17.6", None, "1", 2, AMI, 4, "inhaltlich", OUTREACH,
                         D(2013, 4, 1), D(2015, 3, 31), None),
    "gelsenkirchen-schalke": ("Gelsenkirchen", 20000, True, "18.6", None, "1", 2, AMI, 4, "strukturell", FOCUS,
                              D(2013, 4, 1), D(2015, 3, 31), None),
    "duisburg-hochfeld": ("Duisburg", 16292, False, None, "41", "2", 3, "Kommunale GmbH", 5, "inhaltlich", FOCUS,
                          D(2013, 3, 1), D(2015, 2, 28), None),
    "dortmund-scharnhorst-ost": ("Dortmund", 12500, True, "20.6", None, "2", 3, AMI, 3, "strukturell", FOCUS,
                                 D(2013, 1, 1), D(2014, 12, 31), None),
}
TOP_LEVEL = {
    "kommune": "Kommune", "jobcenter": "Jobcenter", "agentur-fuer-arbeit": "Agentur für Arbeit",
    "wirtschaft": "Wirtschaftsnahe Akteure", "traeger": "Qualifizierungs- und Beschäftigungsträger",
    "stadtteilmanagement": "Stadtteil-/Quartiersmanagement", "soziale-dienste": "Soziale Dienste/Beratungsstellen",
    "multiplikator": "Multiplikatoren", "kontaktstelle": "Kontaktstelle/Anlaufstelle",
    "wohnungsunternehmen": "Wohnungsunternehmen", "schule": "Schule", "verein": "Verein/Initiative",
    "politik": "Politik", "sonstige": "Sonstige",
}
# Every demo Quartier (both programmes) has at least one organisation of EVERY top-level type.
REQUIRED_TOP_LEVEL = set(TOP_LEVEL)
LOGINS = {
    "admin": Role.ADMIN, "koordination": Role.COORDINATION, "koordination.thinka": Role.COORDINATION,
    "coach.marxloh": Role.COACH, "coach.chorweiler": Role.COACH, "kontaktstelle.marxloh": Role.CONTACT_POINT,
    "partner.jobcenter": Role.PARTNER, "auswertung": Role.EVALUATION,
}


def _dec(value):
    return None if value is None else Decimal(value)


def _demo_orgs():
    return Organisation.objects.filter(quartiere__programme__slug__in=["aktiv-fuer-arbeit", "thinka"]).distinct()


def digest() -> str:
    """A fingerprint of every synthetic name, person and consent (ids and timestamps excluded)."""
    ct = ContentType.objects.get_for_model(ContactPerson)
    lines = sorted(
        f"{o.name}|{o.actor_type.slug}|{o.street}|{o.latitude}|{o.longitude}|"
        + ",".join(sorted(q.slug for q in o.quartiere.all()))
        for o in _demo_orgs().select_related("actor_type").prefetch_related("quartiere")
    )
    person_qs = ContactPerson.objects.filter(organisation__in=_demo_orgs()).select_related("organisation")
    persons = {p.pk: p for p in person_qs}
    lines += sorted(
        f"{p.organisation.name}|{p.first_name}|{p.last_name}|{p.function}|{p.level}|{p.email}|{p.valid_from}"
        for p in persons.values()
    )
    lines += sorted(
        f"{persons[c.object_id].email}|{c.purpose}|{c.given_on}|{c.withdrawn_on}|{c.method}"
        for c in ConsentRecord.objects.filter(content_type=ct, object_id__in=list(persons))
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def counts() -> dict:
    return {
        "programmes": Programme.objects.count(),
        "quartiere": Quartier.objects.count(),
        "organisations": Organisation.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "consents": ConsentRecord.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "links": Organisation.quartiere.through.objects.count(),
    }


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        started = time.perf_counter()
        cls.result = load_demo()
        cls.seconds = time.perf_counter() - started
        cls.marxloh = Quartier.objects.get(slug="duisburg-marxloh")
        cls.hochfeld = Quartier.objects.get(slug="duisburg-hochfeld")

    # ---- Quartiere and programmes ------------------------------------------------------------------------------
    def test_two_programmes(self):
        self.assertEqual(
            sorted(Programme.objects.values_list("slug", "funder")),
            [("aktiv-fuer-arbeit", "MAIS NRW"), ("thinka", "ESF")],
        )
        gib = Programme.objects.get(slug="aktiv-fuer-arbeit")
        self.assertEqual((gib.start, gib.end), (D(2013, 1, 1), D(2015, 5, 31)))
        thinka = Programme.objects.get(slug="thinka")
        self.assertEqual((thinka.start, thinka.end), (D(2013, 1, 1), D(2014, 12, 31)))

    def test_ten_gib_quartiere_with_the_seed_facts(self):
        quartiere = {q.slug: q for q in Quartier.objects.filter(programme__slug="aktiv-fuer-arbeit")}
        self.assertEqual(sorted(quartiere), sorted(EXPECTED_GIB))
        for slug, expected in EXPECTED_GIB.items():
            q = quartiere[slug]
            actual = (
                q.city, q.population, q.population_approx, q.unemployment_rate, q.sgb2_quota, q.coach_fte,
                q.coach_count, q.provider, q.loi_partners, q.approach_type, q.starting_situation, q.start, q.end,
                q.extended_until,
            )
            (city, pop, approx, alq, sgb2, fte, *rest) = expected
            self.assertEqual(actual, (city, pop, approx, _dec(alq), _dec(sgb2), _dec(fte), *rest), slug)

    def test_gib_sums_and_ranges_match_the_seed(self):
        qs = Quartier.objects.filter(programme__slug="aktiv-fuer-arbeit")
        self.assertEqual(sum(q.coach_fte for q in qs), Decimal("13.65"))
        self.assertEqual(sum(q.coach_count for q in qs), 23)
        self.assertEqual(sum(q.loi_partners for q in qs), 52)
        alq = [q.unemployment_rate for q in qs if q.unemployment_rate is not None]
        sgb2 = [q.sgb2_quota for q in qs if q.sgb2_quota is not None]
        self.assertEqual((min(alq), max(alq)), (Decimal("15.8"), Decimal("26.3")))
        self.assertEqual((min(sgb2), max(sgb2)), (Decimal("26"), Decimal("51.8")))
        self.assertEqual(sorted(q.provider for q in qs).count("Kommune"), 2)
        self.assertEqual(sorted(q.provider for q in qs).count("Kommunale GmbH"), 3)

    def test_eleven_thinka_sites_marked_fictitious(self):
        sites = Quartier.objects.filter(programme__slug="thinka")
        self.assertEqual(sites.count(), 11)
        for q in sites:
            self.assertIn("fiktiver standort (die quelle nennt die standorte nicht)", q.description.lower())
            self.assertEqual((q.start, q.end), (D(2013, 1, 1), D(2014, 12, 31)))
            self.assertIsNone(q.population)

    # ---- organisations ------------------------------------------------------------------------------------------
    def test_each_quartier_has_30_to_80_organisations(self):
        for q in Quartier.objects.all():
            n = q.organisations.count()
            self.assertTrue(30 <= n <= 80, f"{q.slug}: {n}")

    def test_every_top_level_type_in_every_quartier(self):
        for q in Quartier.objects.all():
            present = set()
            for org in q.organisations.select_related("actor_type__parent"):
                t = org.actor_type
                present.add(t.parent.slug if t.parent_id else t.slug)
            self.assertEqual(REQUIRED_TOP_LEVEL - present, set(), q.slug)

    def test_minimum_mix_per_quartier(self):
        for q in Quartier.objects.all():
            orgs = list(q.organisations.select_related("actor_type__parent"))

            def n(slug, orgs=orgs):
                return sum(1 for o in orgs if slug in (o.actor_type.slug, getattr(o.actor_type.parent, "slug", None)))

            self.assertEqual(n("jobcenter"), 1, q.slug)
            self.assertEqual(n("agentur-fuer-arbeit"), 1, q.slug)
            self.assertGreaterEqual(n("multiplikator"), 4, q.slug)
            self.assertGreaterEqual(n("unternehmen"), 3, q.slug)
            self.assertGreaterEqual(n("traeger"), 2, q.slug)
            self.assertGreaterEqual(n("soziale-dienste"), 2, q.slug)

    def test_city_jobcenter_and_agentur_serve_both_quartiere_of_the_city(self):
        for name, slugs in (
            ("Jobcenter Duisburg", {"duisburg-marxloh", "duisburg-hochfeld"}),
            ("Agentur für Arbeit Duisburg", {"duisburg-marxloh", "duisburg-hochfeld"}),
            ("Jobcenter Dortmund", {"dortmund-clarenberg", "dortmund-scharnhorst-ost"}),
            ("Agentur für Arbeit Dortmund", {"dortmund-clarenberg", "dortmund-scharnhorst-ost"}),
        ):
            org = Organisation.objects.get(name=name)
            self.assertEqual(set(org.quartiere.values_list("slug", flat=True)), slugs)
        self.assertEqual(Organisation.objects.filter(name__startswith="Jobcenter").count(), 19)  # 8 + 11 cities
        self.assertEqual(Organisation.objects.get(name="Jobcenter der Stadt Münster").actor_type.legal_domain, "sgb2")

    def test_names_are_unique_case_insensitively(self):
        names = [n.lower() for n in Organisation.objects.values_list("name", flat=True)]
        self.assertEqual(len(names), len(set(names)))

    def test_organisations_are_marked_and_placed(self):
        for org in Organisation.objects.all():
            self.assertIn("Demodaten", org.description)
            self.assertTrue(org.email.endswith("@beispiel.invalid"), org.email)
            self.assertIsNotNone(org.latitude)
        marxloh_org = Organisation.objects.get(name="Stadtteilbüro Marxloh")
        self.assertAlmostEqual(float(marxloh_org.latitude), 51.50, delta=0.02)
        self.assertAlmostEqual(float(marxloh_org.longitude), 6.78, delta=0.02)
        self.assertEqual(marxloh_org.city, "Duisburg")

    # ---- people and consent -------------------------------------------------------------------------------------
    def test_every_contact_person_is_fictitious_and_has_consent(self):
        ct = ContentType.objects.get_for_model(ContactPerson)
        with_consent = set(ConsentRecord.objects.filter(content_type=ct).values_list("object_id", flat=True))
        persons = list(ContactPerson.objects.all())
        self.assertGreater(len(persons), 1000)
        for p in persons:
            self.assertEqual(p.note, "Fiktive Person (Demodaten)")
            self.assertTrue(p.email.endswith("@beispiel.invalid"), p.email)
            self.assertIn(p.pk, with_consent)
        per_org = Organisation.objects.values_list("pk", flat=True)
        sizes = [ContactPerson.objects.filter(organisation_id=pk).count() for pk in per_org[:200]]
        self.assertEqual(min(sizes), 1)
        self.assertEqual(max(sizes), 3)

    def test_consents_are_in_the_past_and_mixed(self):
        records = list(ConsentRecord.objects.all())
        today = timezone.localdate()
        for r in records:
            self.assertLessEqual(r.given_on, REFERENCE_DATE)
            self.assertLess(r.given_on, today)
            if r.withdrawn_on:
                self.assertTrue(r.given_on <= r.withdrawn_on <= REFERENCE_DATE)
        purposes = {p: sum(1 for r in records if r.purpose == p) for p in ConsentPurpose.values}
        contacts = ContactPerson.objects.count()
        self.assertEqual(purposes[ConsentPurpose.CONTACT], contacts)  # most: every person
        self.assertTrue(0 < purposes[ConsentPurpose.PUBLISH] < purposes[ConsentPurpose.SHARE] < contacts)
        withdrawn = [r for r in records if r.withdrawn_on]
        self.assertTrue(0 < len(withdrawn) < len(records) / 10)

    def test_withdrawn_contact_consent_hides_details_for_the_coach(self):
        coach = User.objects.get(username="coach.marxloh")
        ct = ContentType.objects.get_for_model(ContactPerson)
        withdrawn_ids = set(
            ConsentRecord.objects.filter(
                content_type=ct, purpose=ConsentPurpose.CONTACT, withdrawn_on__isnull=False
            ).values_list("object_id", flat=True)
        )
        visible = list(contact_person_list(user=coach))
        hidden = [p for p in visible if p.pk in withdrawn_ids]
        shown = [p for p in visible if p.pk not in withdrawn_ids]
        self.assertTrue(hidden, "Marxloh should have at least one person with withdrawn consent")
        for person in hidden:
            view = contact_person_view(user=coach, person=person)
            self.assertIsNone(view.email)
            self.assertIsNotNone(view.hidden_reason)
        self.assertEqual(contact_person_view(user=coach, person=shown[0]).email, shown[0].email)

    def test_one_create_audit_entry_per_person(self):
        ct = ContentType.objects.get_for_model(ContactPerson)
        entries = AuditLogEntry.objects.filter(content_type=ct, action=AuditAction.CREATE)
        self.assertEqual(entries.count(), ContactPerson.objects.count())
        self.assertEqual(
            set(entries.values_list("object_id", flat=True)), set(ContactPerson.objects.values_list("pk", flat=True))
        )
        self.assertEqual(set(entries.values_list("username", flat=True)), {"demo"})
        self.assertFalse(entries.filter(user__isnull=False).exists())
        self.assertFalse(entries.filter(quartier__isnull=True).exists())
        sample = entries.first()
        self.assertIn("consent:contact", sample.fields)
        self.assertIn("last_name", sample.fields)

    # ---- logins and scope ---------------------------------------------------------------------------------------
    def test_one_login_per_role_and_all_can_log_in(self):
        self.assertEqual([i.username for i in self.result.logins], list(LOGINS))
        self.assertEqual(self.result.password, DEMO_PASSWORD)
        for info in self.result.logins:
            user = User.objects.get(username=info.username)
            self.assertEqual(list(user.roles.values_list("role", flat=True)), [LOGINS[info.username]])
            self.assertTrue(user.first_name and user.last_name)
            self.assertTrue(self.client.login(username=info.username, password=info.password), info.username)
            self.client.logout()
        self.assertFalse(self.client.login(username="coach.marxloh", password="falsch-falsch"))

    def test_role_anchors(self):
        def anchor(username):
            ra = RoleAssignment.objects.get(user__username=username)
            return (
                ra.programme and ra.programme.slug, ra.quartier and ra.quartier.slug,
                ra.organisation and ra.organisation.name,
            )

        self.assertEqual(anchor("admin"), (None, None, None))
        self.assertEqual(anchor("koordination"), ("aktiv-fuer-arbeit", None, None))
        self.assertEqual(anchor("koordination.thinka"), ("thinka", None, None))
        self.assertEqual(anchor("coach.marxloh"), (None, "duisburg-marxloh", None))
        self.assertEqual(anchor("coach.chorweiler"), (None, "koeln-chorweiler", None))
        self.assertEqual(anchor("kontaktstelle.marxloh"), (None, "duisburg-marxloh", None))
        self.assertEqual(anchor("partner.jobcenter"), (None, None, "Jobcenter Duisburg"))
        self.assertEqual(anchor("auswertung"), ("aktiv-fuer-arbeit", None, None))

    def test_coach_sees_exactly_the_organisations_of_marxloh(self):
        coach = User.objects.get(username="coach.marxloh")
        seen = set(organisation_list(user=coach).values_list("pk", flat=True))
        expected = set(Organisation.objects.filter(quartiere=self.marxloh).values_list("pk", flat=True))
        only_hochfeld = set(
            Organisation.objects.filter(quartiere=self.hochfeld)
            .exclude(quartiere=self.marxloh)
            .values_list("pk", flat=True)
        )
        self.assertEqual(seen, expected)
        self.assertTrue(only_hochfeld)
        self.assertEqual(seen & only_hochfeld, set())
        self.assertIn(Organisation.objects.get(name="Jobcenter Duisburg").pk, seen)  # shared with Hochfeld

    def test_coordination_sees_the_ten_quartiere_of_its_programme(self):
        coordination = User.objects.get(username="koordination")
        self.assertEqual(set(quartier_list(user=coordination).values_list("slug", flat=True)), set(EXPECTED_GIB))
        thinka = User.objects.get(username="koordination.thinka")
        self.assertEqual(quartier_list(user=thinka).count(), 11)
        coach = User.objects.get(username="coach.chorweiler")
        self.assertEqual(list(quartier_list(user=coach).values_list("slug", flat=True)), ["koeln-chorweiler"])

    def test_quartier_page_shows_the_seed_numbers(self):
        self.client.login(username="koordination", password=DEMO_PASSWORD)
        html = self.client.get(reverse("core:quartier_list"), {"programme": "aktiv-fuer-arbeit"}).content.decode()
        for name in ("Duisburg-Marxloh", "Duisburg-Hochfeld", "Köln-Chorweiler", "Gelsenkirchen-Schalke"):
            self.assertIn(name, html)
        for number in ("16,2", "51,8", "12.868", "16.292"):
            self.assertIn(number, html)
        self.client.logout()
        self.client.login(username="coach.marxloh", password=DEMO_PASSWORD)
        html = self.client.get(reverse("core:quartier_list")).content.decode()
        self.assertIn("Duisburg-Marxloh", html)
        self.assertNotIn("Duisburg-Hochfeld", html)

    # ---- idempotence, determinism, speed ------------------------------------------------------------------------
    def test_second_load_keeps_everything(self):
        before, fingerprint = counts(), digest()
        result = load_demo()
        self.assertFalse(result.actors_created)
        self.assertEqual(counts(), before)
        self.assertEqual(digest(), fingerprint)

    def test_reset_regenerates_identical_data(self):
        before, fingerprint = counts(), digest()
        old_ids = set(Organisation.objects.values_list("pk", flat=True))
        result = load_demo(reset=True)
        self.assertTrue(result.actors_created)
        self.assertEqual(counts(), before)
        self.assertEqual(digest(), fingerprint)
        self.assertFalse(old_ids & set(Organisation.objects.values_list("pk", flat=True)))  # really regenerated
        ct = ContentType.objects.get_for_model(ContactPerson)
        self.assertEqual(
            AuditLogEntry.objects.filter(content_type=ct, action=AuditAction.DELETE).count(), before["contacts"]
        )
        partner_role = User.objects.get(username="partner.jobcenter").roles.get()
        self.assertEqual(partner_role.organisation.name, "Jobcenter Duisburg")

    def test_second_load_restores_changed_facts_and_password(self):
        Quartier.objects.filter(slug="duisburg-marxloh").update(population=1, coach_count=9)
        coach = User.objects.get(username="coach.marxloh")
        coach.set_password("anders-anders-123")
        coach.save()
        load_demo()
        q = Quartier.objects.get(slug="duisburg-marxloh")
        self.assertEqual((q.population, q.coach_count), (17500, 3))
        self.assertTrue(self.client.login(username="coach.marxloh", password=DEMO_PASSWORD))

    def test_load_is_fast(self):
        self.assertLess(self.seconds, 30)

    def test_existing_non_demo_user_is_not_overwritten(self):
        User.objects.filter(username="admin").update(email="echte.person@example.org")
        before = counts()
        with self.assertRaises(ApplicationError) as ctx:
            load_demo(reset=True)
        self.assertIn("admin", ctx.exception.message)
        self.assertEqual(counts(), before)  # nothing written: the whole load is one transaction


class LoadDemoCommandTests(TestCase):
    def test_command_prints_url_and_logins(self):
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        text = out.getvalue()
        self.assertIn("http://127.0.0.1:8000", text)
        for username in LOGINS:
            self.assertIn(username, text)
        self.assertIn(DEMO_PASSWORD, text)
        self.assertIn("Benutzername", text)
        self.assertIn("Duisburg-Marxloh", text)
        self.assertIn("Jobcenter Duisburg", text)
        out = io.StringIO()
        call_command("load_demo", "--reset", stdout=out)
        self.assertIn(DEMO_PASSWORD, out.getvalue())
        self.assertEqual(Quartier.objects.count(), 21)

    def test_command_reports_a_conflict_in_german_message_and_writes_nothing(self):
        from django.core.management.base import CommandError

        User.objects.create_user("koordination", password="irgendwas-123", email="jemand@example.org")
        with self.assertRaises(CommandError):
            call_command("load_demo", stdout=io.StringIO())
        self.assertEqual(Organisation.objects.count(), 0)
        self.assertEqual(Quartier.objects.count(), 0)
        self.assertEqual(User.objects.get(username="koordination").email, "jemand@example.org")


def test_plan_is_a_pure_function_of_the_seed():
    from quartiersnetz.demo.loader import build_plan

    first, second = build_plan(), build_plan()
    assert first == second
    assert build_plan(seed=1) != first
    assert len({o.name.lower() for o in first}) == len(first)
