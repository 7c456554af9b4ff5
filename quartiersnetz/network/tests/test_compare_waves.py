"""Comparison of two survey waves (issue 8, "change over time … or survey waves"): the waves of a Quartier, the
network of one wave (its declared ties only), ties gained/lost, organisations new/left and a metric delta checked
by hand, bad input on the page (German form errors) and in the API (problem+json), no wave of another Quartier,
and the demo data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.services import api_token_create
from quartiersnetz.network.models import ManualTie
from quartiersnetz.network.selectors import (
    WAVE_REQUIRED,
    WAVE_SAME,
    WAVE_UNKNOWN,
    network_compare_waves,
    network_ties,
    network_wave_list,
)
from quartiersnetz.surveys.choices import WaveStatus
from quartiersnetz.surveys.models import Instrument, Response, Wave
from quartiersnetz.surveys.services import instrument_freeze
from quartiersnetz.testing import make_actor_type, make_organisation

pytestmark = pytest.mark.django_db
BASE = "/api/v1"
W1, W2 = "Welle 1 (2013)", "Welle 2 (2014)"


class Waves:
    """Quartier A with two stored waves and one survey wave, known by hand:

    Welle 1 (2013): Jobcenter–Stadt, Stadt–Werkstatt, Werkstatt–Kita          (4 organisations, 3 ties)
    Welle 2 (2014): Jobcenter–Stadt, Stadt–Werkstatt, Stadt–Bäckerei, Werkstatt–Bäckerei
                                                                               (4 organisations, 4 ties)
    → gained Stadt–Bäckerei and Werkstatt–Bäckerei, lost Werkstatt–Kita, new Bäckerei, left Kita;
      density 3/6 = 0,5 → 4/6; kept 2 ties and 3 organisations.
    Netzwerk 2015 (survey): Werkstatt names Kita (Kooperation), Kita names Moschee (Kenntnis).
    Noise that no wave may show: a tie entered by hand, a declared tie without wave name, and a declared tie of
    Quartier B with the same wave name."""

    def __init__(self, world):
        qa = world.qa
        self.world = world
        self.jc = world.org_a
        self.stadt = make_organisation(qa, name="Stadt Duisburg", actor_type=make_actor_type("kommune", "Kommune"))
        traeger = make_actor_type("traeger", "Träger")
        self.werkstatt = make_organisation(qa, name="Werkstatt Marxloh", actor_type=traeger)
        multi = make_actor_type("multiplikator", "Multiplikator")
        self.kita = make_organisation(qa, name="Kita Sonnenschein", actor_type=multi)
        self.moschee = make_organisation(qa, name="Moschee Marxloh", actor_type=multi)
        self.baeckerei = make_organisation(qa, name="Bäckerei Yilmaz",
                                           actor_type=make_actor_type("wirtschaft", "Wirtschaft"))
        for a, b, level in ((self.jc, self.stadt, "abstimmung"), (self.stadt, self.werkstatt, "austausch"),
                            (self.werkstatt, self.kita, "kenntnis")):
            self.declared(a, b, level, W1, dt.date(2013, 2, 1))
        for a, b, level in ((self.jc, self.stadt, "kooperation"), (self.stadt, self.werkstatt, "austausch"),
                            (self.stadt, self.baeckerei, "austausch"), (self.werkstatt, self.baeckerei, "kenntnis")):
            self.declared(a, b, level, W2, dt.date(2014, 3, 1))
        ManualTie.objects.create(quartier=qa, organisation_a=self.jc, organisation_b=self.moschee,
                                 tie_type="verbund", source="manual", valid_from=dt.date(2014, 1, 1))
        ManualTie.objects.create(quartier=qa, organisation_a=self.jc, organisation_b=self.kita,
                                 tie_type="verbund", source="declared", wave="", valid_from=dt.date(2014, 1, 1))
        other = make_organisation(world.qb, name="Kita Chorweiler")
        ManualTie.objects.create(quartier=world.qb, organisation_a=world.org_b, organisation_b=other,
                                 tie_type="austausch", source="declared", wave="Welle 9 (Köln)",
                                 valid_from=dt.date(2012, 1, 1))
        self.survey = survey_wave(world, qa, dt.date(2015, 9, 1), [
            (self.werkstatt, [(self.kita, "kooperation")]), (self.kita, [(self.moschee, "kenntnis")])])
        self.other_survey = survey_wave(world, world.qb, dt.date(2016, 9, 1), [(world.org_b, [(other, "verbund")])],
                                        title="Geheime Befragung Chorweiler")

    def declared(self, a, b, level, wave, valid_from):
        ManualTie.objects.create(quartier=self.world.qa, organisation_a=a, organisation_b=b, tie_type=level,
                                 source="declared", wave=wave, valid_from=valid_from,
                                 valid_until=dt.date(valid_from.year, 12, 31))


def survey_wave(world, quartier, opens, answers, title=None):
    instrument = Instrument.objects.get(slug="netzwerkbefragung-kooperationsbeziehungen")
    wave = Wave.objects.create(instrument=instrument, version=instrument_freeze(instrument=instrument),
                               programme=world.programme, title=title or f"Netzwerk {opens.year}",
                               code=f"N{opens.year}", status=WaveStatus.CLOSED, opens_on=opens,
                               closes_on=opens + dt.timedelta(days=60))
    wave.quartiere.set([quartier])
    for respondent, named in answers:
        Response.objects.create(wave=wave, organisation=respondent, quartier=quartier, submitted_on=opens,
                                answers={"N1": [{"org": str(org.pk), "level": level} for org, level in named]})
    return wave


@pytest.fixture
def waves(world):
    return Waves(world)


def names(change, ids) -> set[str]:
    return {change.name(i) for i in ids}


def pairs(change, ties) -> set[tuple[str, str]]:
    return {tuple(sorted((change.name(a), change.name(b)))) for a, b in ties}


# --- selectors ----------------------------------------------------------------------------------------------------


def test_wave_list_has_survey_and_stored_waves_of_the_quartier_only(waves):
    world = waves.world
    listed = network_wave_list(user=world.coach_a, quartier_id=world.qa.pk)
    assert [(w.key, w.kind, w.name, w.date) for w in listed] == [
        (f"stored:{W1}", "stored", W1, dt.date(2013, 2, 1)),
        (f"stored:{W2}", "stored", W2, dt.date(2014, 3, 1)),
        (f"survey:{waves.survey.pk}", "survey", "Netzwerk 2015", dt.date(2015, 9, 1)),
    ]
    assert listed[0].label == _("{name} – ties entered").format(name=W1)
    assert listed[2].label == _("{title} – survey").format(title="Netzwerk 2015")
    other = network_wave_list(user=world.coach_b, quartier_id=world.qb.pk)
    assert [w.key for w in other] == ["stored:Welle 9 (Köln)", f"survey:{waves.other_survey.pk}"]
    with pytest.raises(Http404):
        network_wave_list(user=world.coach_b, quartier_id=world.qa.pk)


def test_network_of_one_wave_has_only_its_declared_ties(waves):
    world = waves.world
    by_key = {w.key: w for w in network_wave_list(user=world.coach_a, quartier_id=world.qa.pk)}
    data = network_ties(user=world.coach_a, quartier_id=world.qa.pk, wave=by_key[f"stored:{W1}"])
    pk_names = {n.id: n.name for n in data.nodes}
    got = {tuple(sorted((pk_names[e.a], pk_names[e.b]))): (e.strength, e.sources) for e in data.edges}
    assert got == {
        ("Jobcenter Duisburg", "Stadt Duisburg"): (3.0, {"declared": 3}),
        ("Stadt Duisburg", "Werkstatt Marxloh"): (2.0, {"declared": 2}),
        ("Kita Sonnenschein", "Werkstatt Marxloh"): (1.0, {"declared": 1}),
    }
    assert data.params.wave == f"stored:{W1}" and data.params.sources == {"declared"}
    data = network_ties(user=world.coach_a, quartier_id=world.qa.pk, wave=by_key[f"survey:{waves.survey.pk}"])
    pk_names = {n.id: n.name for n in data.nodes}
    assert {tuple(sorted((pk_names[e.a], pk_names[e.b]))): e.strength for e in data.edges} == {
        ("Kita Sonnenschein", "Werkstatt Marxloh"): 4.0, ("Kita Sonnenschein", "Moschee Marxloh"): 1.0}


def test_compare_two_stored_waves_by_hand(waves):
    world = waves.world
    change = network_compare_waves(user=world.coach_a, quartier_id=world.qa.pk, wave_a=f"stored:{W1}",
                                   wave_b=f"stored:{W2}")
    c = change.comparison
    assert pairs(change, c.ties_gained) == {("Bäckerei Yilmaz", "Stadt Duisburg"),
                                            ("Bäckerei Yilmaz", "Werkstatt Marxloh")}
    assert pairs(change, c.ties_lost) == {("Kita Sonnenschein", "Werkstatt Marxloh")}
    assert names(change, c.nodes_new) == {"Bäckerei Yilmaz"}
    assert names(change, c.nodes_left) == {"Kita Sonnenschein"}
    assert (c.ties_kept, c.nodes_kept) == (2, 3)
    assert change.before.analysis.network.density == pytest.approx(3 / 6)
    assert change.after.analysis.network.density == pytest.approx(4 / 6)
    assert c.network_deltas["density"] == pytest.approx(1 / 6)
    assert c.network_deltas["ties"] == 1
    assert [w.name for w in change.waves] == [W1, W2]
    # The tie entered by hand (Jobcenter–Moschee) and the declared tie without wave (Jobcenter–Kita) are in no wave.
    assert "Moschee Marxloh" not in names(change, [n.id for n in change.after.analysis.nodes])


def test_compare_stored_wave_with_survey_wave_and_filters(waves):
    world = waves.world
    survey = f"survey:{waves.survey.pk}"
    change = network_compare_waves(user=world.coach_a, quartier_id=world.qa.pk, wave_a=f"stored:{W2}",
                                   wave_b=survey, sources={"co_attendance"}, start=dt.date(2020, 1, 1))
    c = change.comparison
    assert pairs(change, c.ties_gained) == {("Kita Sonnenschein", "Werkstatt Marxloh"),
                                            ("Kita Sonnenschein", "Moschee Marxloh")}
    assert names(change, c.nodes_new) == {"Kita Sonnenschein", "Moschee Marxloh"}
    assert names(change, c.nodes_left) == {"Jobcenter Duisburg", "Stadt Duisburg", "Bäckerei Yilmaz"}
    # Level filter and minimum strength apply to both waves alike.
    change = network_compare_waves(user=world.coach_a, quartier_id=world.qa.pk, wave_a=f"stored:{W1}",
                                   wave_b=f"stored:{W2}", tie_types={"austausch", "kooperation"}, min_strength=2)
    assert pairs(change, change.comparison.ties_gained) == {("Bäckerei Yilmaz", "Stadt Duisburg"),
                                                            ("Jobcenter Duisburg", "Stadt Duisburg")}
    assert pairs(change, change.comparison.ties_lost) == set()
    assert change.before.analysis.network.ties == 1  # only Stadt–Werkstatt (Austausch, 2) is left in Welle 1


@pytest.mark.parametrize(("wave_a", "wave_b", "errors"), [
    (f"stored:{W1}", f"stored:{W1}", {"wave_b": [WAVE_SAME]}),
    (f"stored:{W1}", "stored:Welle 9 (Köln)", {"wave_b": [WAVE_UNKNOWN]}),
    ("survey:abc", None, {"wave_a": [WAVE_UNKNOWN], "wave_b": [WAVE_REQUIRED]}),
])
def test_compare_waves_rejects_bad_keys(waves, wave_a, wave_b, errors):
    world = waves.world
    with pytest.raises(ApplicationError) as exc:
        network_compare_waves(user=world.coach_a, quartier_id=world.qa.pk, wave_a=wave_a, wave_b=wave_b)
    assert exc.value.status == 422 and exc.value.extra == errors


# --- page ---------------------------------------------------------------------------------------------------------


def compare_url(world) -> str:
    return reverse("network:quartier_compare", kwargs={"slug": world.qa.slug})


def test_page_offers_both_kinds_and_compares_waves(client, waves):
    world = waves.world
    client.force_login(world.coach_a)
    html = client.get(compare_url(world)).content.decode()
    assert 'href="' + compare_url(world) + '?mode=waves"' in html and 'name="before_start"' in html
    response = client.get(compare_url(world), {"mode": "waves"})
    form = response.context["wave_form"]
    assert not form.is_bound and response.context["change"] is None
    assert [k for k, _label in form.fields["wave_a"].choices] == [
        "", f"stored:{W1}", f"stored:{W2}", f"survey:{waves.survey.pk}"]
    assert (form.initial["wave_a"], form.initial["wave_b"]) == (f"stored:{W2}", f"survey:{waves.survey.pk}")
    assert "Geheime Befragung" not in response.content.decode()
    response = client.get(compare_url(world), {"mode": "waves", "wave_a": f"stored:{W1}", "wave_b": f"stored:{W2}"})
    assert response.status_code == 200
    ctx = response.context
    assert ctx["ties_gained"] == [("Bäckerei Yilmaz", "Stadt Duisburg"), ("Bäckerei Yilmaz", "Werkstatt Marxloh")]
    assert ctx["ties_lost"] == [("Kita Sonnenschein", "Werkstatt Marxloh")]
    assert (ctx["nodes_new"], ctx["nodes_left"]) == (["Bäckerei Yilmaz"], ["Kita Sonnenschein"])
    density = next(r for r in ctx["rows"] if r["label"] == _("Density"))
    assert density["delta"] == pytest.approx(1 / 6)
    html = response.content.decode()
    assert "Kita Sonnenschein – Werkstatt Marxloh" in html
    assert _("{name} – ties entered").format(name=W1) in html  # column header
    # Without "mode" the wave parameters alone choose the wave comparison.
    response = client.get(compare_url(world), {"wave_a": f"stored:{W1}", "wave_b": f"stored:{W2}"})
    assert response.context["mode"] == "waves" and response.context["change"] is not None


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"wave_a": f"stored:{W1}", "wave_b": f"stored:{W1}"}, "wave_b", WAVE_SAME),
    ({"wave_a": "stored:Welle 7", "wave_b": f"stored:{W1}"}, "wave_a", WAVE_UNKNOWN),
    ({"wave_a": "", "wave_b": f"stored:{W1}"}, "wave_a", WAVE_REQUIRED),
])
def test_page_reports_bad_waves(client, waves, params, field, message):
    client.force_login(waves.world.coach_a)
    response = client.get(compare_url(waves.world), {"mode": "waves", **params})
    assert response.status_code == 200 and response.context["change"] is None
    assert response.context["wave_form"].errors[field] == [str(message)]
    assert str(message) in response.content.decode() and 'id="fehler"' in response.content.decode()


def test_wave_of_another_quartier_cannot_be_used(client, waves):
    world = waves.world
    client.force_login(world.coach_a)
    key = f"survey:{waves.other_survey.pk}"
    response = client.get(compare_url(world), {"wave_a": f"stored:{W1}", "wave_b": key})
    assert response.context["wave_form"].errors["wave_b"] == [str(WAVE_UNKNOWN)]
    assert "Geheime Befragung" not in response.content.decode()
    # And the page of another Quartier stays 404, waves or not.
    client.force_login(world.coach_b)
    assert client.get(compare_url(world), {"wave_a": f"stored:{W1}", "wave_b": f"stored:{W2}"}).status_code == 404


def test_hint_when_fewer_than_two_waves(client, waves):
    world = waves.world
    ManualTie.objects.filter(quartier=world.qa, wave=W2).delete()
    Response.objects.filter(wave=waves.survey).delete()
    client.force_login(world.coach_a)
    response = client.get(compare_url(world), {"mode": "waves", "wave_a": f"stored:{W1}", "wave_b": "x"})
    assert response.status_code == 200
    assert response.context["wave_form"] is None and response.context["change"] is None
    assert [w.key for w in response.context["waves"]] == [f"stored:{W1}"]
    html = response.content.decode()
    assert 'id="keine-wellen"' in html and 'name="wave_a"' not in html


def test_period_comparison_keeps_its_parameters(client, waves):
    client.force_login(waves.world.coach_a)
    response = client.get(compare_url(waves.world), {
        "before_start": "2013-01-01", "before_end": "2013-12-31", "after_start": "2014-01-01",
        "after_end": "2014-12-31", "sources": ["declared"]})
    ctx = response.context
    assert ctx["mode"] == "periods" and ctx["change"].waves is None
    # Periods count every declared tie of the period, also the one without wave name (Jobcenter–Kita, 2014).
    assert ("Jobcenter Duisburg", "Kita Sonnenschein") in ctx["ties_gained"]
    assert ctx["before_label"] == _("Period 1")


# --- API ----------------------------------------------------------------------------------------------------------


def api(client, user):
    _token, key = api_token_create(user=user, name="test")
    return lambda path, **params: client.get(BASE + path, params, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_api_lists_waves_and_compares_them(client, waves):
    world = waves.world
    get = api(client, world.coach_a)
    body = get(f"/network/quartiere/{world.qa.pk}/waves").json()
    assert [(w["key"], w["kind"], w["date"]) for w in body] == [
        (f"stored:{W1}", "stored", "2013-02-01"), (f"stored:{W2}", "stored", "2014-03-01"),
        (f"survey:{waves.survey.pk}", "survey", "2015-09-01")]
    response = get(f"/network/quartiere/{world.qa.pk}/compare-waves", wave_a=f"stored:{W1}", wave_b=f"stored:{W2}")
    assert response.status_code == 200
    body = response.json()
    assert (body["wave_a"]["name"], body["wave_b"]["name"]) == (W1, W2)
    assert [(t["a"]["name"], t["b"]["name"]) for t in body["ties_gained"]] == [
        ("Bäckerei Yilmaz", "Stadt Duisburg"), ("Bäckerei Yilmaz", "Werkstatt Marxloh")]
    assert [(t["a"]["id"], t["b"]["id"]) for t in body["ties_lost"]] == [(waves.kita.pk, waves.werkstatt.pk)]
    assert body["nodes_new"] == [{"id": waves.baeckerei.pk, "name": "Bäckerei Yilmaz"}]
    assert body["nodes_left"] == [{"id": waves.kita.pk, "name": "Kita Sonnenschein"}]
    assert (body["ties_kept"], body["nodes_kept"]) == (2, 3)
    density = next(m for m in body["metrics"] if m["name"] == "density")
    assert (density["before"], density["after"], density["delta"]) == pytest.approx((0.5, 4 / 6, 1 / 6))
    # The weight of declared ties scales the strengths, a minimum strength then drops the weak ones.
    body = get(f"/network/quartiere/{world.qa.pk}/compare-waves", wave_a=f"stored:{W1}", wave_b=f"stored:{W2}",
               w_declared=0.5, min_strength=1).json()
    ties = next(m for m in body["metrics"] if m["name"] == "ties")
    assert (ties["before"], ties["after"]) == (2, 3)  # Kenntnis (1 × 0,5) is dropped in both waves


@pytest.mark.parametrize(("params", "fields"), [
    ({"wave_a": f"stored:{W1}", "wave_b": f"stored:{W1}"}, {"wave_b"}),
    ({"wave_a": "stored:nope", "wave_b": f"stored:{W1}"}, {"wave_a"}),
    ({}, {"wave_a", "wave_b"}),
    ({"wave_a": f"stored:{W1}", "wave_b": "survey:OTHER"}, {"wave_b"}),
])
def test_api_bad_waves_are_problem_json(client, waves, params, fields):
    world = waves.world
    params = {k: v.replace("OTHER", str(waves.other_survey.pk)) for k, v in params.items()}
    response = api(client, world.coach_a)(f"/network/quartiere/{world.qa.pk}/compare-waves", **params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert {e["field"] for e in body["errors"]} == fields
    assert body["detail"] == _("Please choose two different survey waves of this neighbourhood.")
    assert "Geheime Befragung" not in response.content.decode()


def test_api_of_another_quartier_is_404(client, waves):
    world = waves.world
    get = api(client, world.coach_b)
    for path in ("waves", "compare-waves"):
        response = get(f"/network/quartiere/{world.qa.pk}/{path}", wave_a=f"stored:{W1}", wave_b=f"stored:{W2}")
        assert response.status_code == 404 and response["Content-Type"].startswith("application/problem+json")
        assert W1 not in response.content.decode()
    response = api(client, world.partner_a)(f"/network/quartiere/{world.qa.pk}/waves")
    assert response.status_code == 404


# --- demo ---------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_quartiere_have_two_comparable_waves(db):
    from quartiersnetz.core.models import Quartier, User
    from quartiersnetz.demo.loader import load_demo

    load_demo()
    coach = User.objects.get(username="coach.marxloh")
    marxloh = Quartier.objects.get(slug="duisburg-marxloh")
    listed = network_wave_list(user=coach, quartier_id=marxloh.pk)
    assert len(listed) >= 2
    assert {w.kind for w in listed} == {"stored", "survey"}
    change = network_compare_waves(user=coach, quartier_id=marxloh.pk, wave_a=listed[0].key, wave_b=listed[1].key)
    c = change.comparison
    assert c.ties_gained and c.ties_lost and c.nodes_new and c.nodes_left and c.ties_kept
    admin = User.objects.get(username="admin")
    for quartier in Quartier.objects.filter(programme__slug="aktiv-fuer-arbeit"):
        assert len(network_wave_list(user=admin, quartier_id=quartier.pk)) >= 2, quartier.slug
