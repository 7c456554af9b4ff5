"""The demo loader: every Quartier gets an acquisition funnel with backdated stage histories; Gelsenkirchen-Schalke
and Oberhausen get their business networks; a second run changes nothing; the data is deterministic."""

import datetime as dt
import random

import pytest
from django.db.models import Count

from quartiersnetz.acquisition.choices import AcquisitionStage as S
from quartiersnetz.acquisition.demo import OBERHAUSEN, SCHALKE, load_acquisition_demo
from quartiersnetz.acquisition.models import AcquisitionCase, BusinessNetwork, CompanyProfile, StageChange
from quartiersnetz.acquisition.selectors import acquisition_funnel, network_health
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.demo.loader import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(db):
    load_demo()
    quartiere = {q.slug: q for q in Quartier.objects.all()}
    result = load_acquisition_demo(quartiere=quartiere, rng=random.Random(2016), reset=True)
    return {"result": result, "quartiere": quartiere}


def test_every_quartier_has_a_funnel_with_backdated_histories(demo):
    assert demo["result"].created
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("acq-admin")
    totals = dict.fromkeys(S.values, 0)
    for slug, quartier in demo["quartiere"].items():
        cases = AcquisitionCase.objects.filter(quartier=quartier)
        assert 15 <= cases.count() <= 30, slug
        funnel = acquisition_funnel(user=admin, quartier_id=quartier.pk).funnel
        assert funnel.total == cases.count()
        reached = [r.reached for r in funnel.rows]
        assert reached == sorted(reached, reverse=True), slug  # a funnel narrows
        for stage, n in cases.values_list("stage").annotate(n=Count("pk")):
            totals[stage] += n
    assert totals[S.IDENTIFIED] > totals[S.LOI] and totals[S.DORMANT] > 0 and totals[S.ACTIVE] > 0
    dates = StageChange.objects.values_list("on", flat=True)
    assert min(dates) >= dt.date(2013, 1, 1) and max(dates) <= dt.date(2014, 12, 31)
    # each case's stage and date agree with its last move; moves are in date order
    for case in AcquisitionCase.objects.prefetch_related("stage_changes")[:200]:
        moves = list(case.stage_changes.all())
        assert moves[0].from_stage == "" and moves[-1].to_stage == case.stage and moves[-1].on == case.stage_since
        assert [m.on for m in moves] == sorted(m.on for m in moves)
    coach = User.objects.get(username="coach.marxloh")
    assert not AcquisitionCase.objects.filter(quartier__slug="duisburg-marxloh").exclude(owner=coach).exists()


def test_business_networks_of_schalke_and_oberhausen(demo):
    admin = User.objects.create_superuser("acq-admin2")
    schalke = {n.name: n for n in BusinessNetwork.objects.filter(quartier__slug=SCHALKE)}
    assert set(schalke) == {"Bismarcker Business Brunch", "Gründer-Stammtisch Bismarck/Schalke-Nord"}
    brunch = network_health(user=admin, network=schalke["Bismarcker Business Brunch"])
    assert brunch.hints == [] and brunch.active_members >= 12
    founders = network_health(user=admin, network=schalke["Gründer-Stammtisch Bismarck/Schalke-Nord"])
    assert founders.hints == ["few_interested", "no_publicity"]
    verein = BusinessNetwork.objects.get(quartier__slug=OBERHAUSEN)
    assert "fiktiv" in verein.name and verein.organisation is not None
    health = network_health(user=admin, network=verein)
    # Above its critical mass (25); fewer than the real KinO's 40+ firms so that Oberhausen keeps <= 80 actors.
    assert health.active_members >= health.critical_mass and health.hints == []
    assert len([r for r in health.mix if r.section]) >= 5  # a real sector mix
    assert CompanyProfile.objects.exclude(cooperation_path="").exists()
    assert not CompanyProfile.objects.filter(wz_code="").exists()


def test_second_run_keeps_data_and_reset_is_deterministic(demo):
    quartiere = demo["quartiere"]
    again = load_acquisition_demo(quartiere=quartiere, rng=random.Random(1), reset=False)
    assert not again.created and again.cases == demo["result"].cases
    before = sorted(AcquisitionCase.objects.values_list("quartier__slug", "organisation__name", "stage",
                                                        "stage_since"))
    load_acquisition_demo(quartiere=quartiere, rng=random.Random(2016), reset=True)
    after = sorted(AcquisitionCase.objects.values_list("quartier__slug", "organisation__name", "stage",
                                                       "stage_since"))
    assert before == after
