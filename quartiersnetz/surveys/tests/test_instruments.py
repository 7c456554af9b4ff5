"""Preloaded instruments (exact wording from the seeds), the builder and versioning."""

import pytest
from django.urls import reverse

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.surveys.instruments import gib, thinka
from quartiersnetz.surveys.models import Instrument, Item
from quartiersnetz.surveys.services import instrument_freeze, item_create, item_update
from quartiersnetz.surveys.spec import snapshot_of, spec_from_snapshot

pytestmark = pytest.mark.django_db

GIB_CODES = (
    [f"1.{i}" for i in range(1, 3)] + [f"2.{i}" for i in range(1, 11)] + [f"3.{i}" for i in range(1, 18)]
    + [f"4.{i}" for i in range(1, 5)] + [f"5.{i}" for i in range(1, 4)] + [f"6.{i}" for i in range(1, 18)]
)


def test_gib_instrument_is_preloaded_with_all_items_scales_and_reverse_coding():
    instrument = Instrument.objects.get(slug=gib.SLUG)
    spec = spec_from_snapshot(snapshot_of(instrument))
    assert [i.code for i in spec.items] == GIB_CODES
    by_code = {i.code: i for i in spec.items}
    assert by_code["1.1"].text == ("Das Projekt Netzwerkcoaching konnte zu Beginn auf vielfältige Kooperationen und "
                                   "Netzwerkstrukturen zwischen den Arbeitsmarktakteuren im Stadtteil aufbauen")
    assert by_code["2.5"].text == ("Mein zeitlicher Aufwand für das Mitwirken im Projekt Netzwerkcoaching übersteigt "
                                   "den Nutzen")
    assert by_code["3.8"].text == ("Das Jobcenter konnte Bewohner für arbeitsmarktpolitische Maßnahmen gewinnen, die "
                                   "es ohne das Projekt Netzwerkcoaching nicht erreicht hätte")
    assert by_code["5.3"].text == ("Ich rechne damit, dass nach Ablauf der Projektförderung das Netzwerk im Stadtteil "
                                   "fortgeführt wird")
    assert {c for c, i in by_code.items() if i.reverse_coded} == {"1.2", "2.5"}
    assert by_code["1.2"].chart_label == "Kooperationsstrukturen sind gefestigt und dauerhaft"
    assert by_code["1.1"].scale == (1, 6) and by_code["1.1"].points[0] == (1, "1 – stimme ganz und gar zu")
    assert by_code["1.1"].points[5] == (6, "6 – lehne völlig ab")
    assert by_code["6.1"].scale == (1, 3) and by_code["6.1"].type == "change"
    assert [p[1] for p in by_code["6.2"].points] == ["1 – Tendenzielle Verbesserung", "2 – Keine Änderung",
                                                    "3 – Tendenzielle Verschlechterung"]
    assert not by_code["2.2"].wording_published and not by_code["3.11"].wording_published
    assert by_code["6.16"].text == "Erreichen von Alleinerziehende insgesamt"


def test_thinka_instruments_are_preloaded_with_the_schaubild_wording():
    expert = spec_from_snapshot(snapshot_of(Instrument.objects.get(slug=thinka.EXPERT_SLUG)))
    by_code = {i.code: i for i in expert.items}
    assert by_code["S2"].text == "Ich sehe in ThINKA großes Potential für gelingende Einzelfallarbeits."
    assert by_code["S19"].text == ("Die etablierte Steuerungsgruppe ist ein nützliches Instrument der Koordination "
                                   "des ThINKA-Vorhabens.")
    assert by_code["S17"].type == "matrix" and [r[0] for r in by_code["S17"].rows] == ["sozial", "beruflich"]
    assert by_code["S13"].points[0] == (1, "1 – sehr gut")
    citizen = spec_from_snapshot(snapshot_of(Instrument.objects.get(slug=thinka.CITIZEN_SLUG)))
    assert citizen.item("S14").text == "Mit welchen Problemlagen kommen Sie zu ThINKA?"
    assert citizen.item("S12_text").condition.item == "S12"


def test_wave_keeps_its_version_when_the_instrument_changes(world, surveys):
    wave = surveys.wave
    item_update(user=world.coordination, item=surveys.item, data={"text": "Neuer Wortlaut"})
    assert spec_from_snapshot(wave.version.snapshot).item("1.1").text == "Die Zusammenarbeit ist gut."
    new = instrument_freeze(instrument=surveys.instrument)
    assert new.number == 2 and spec_from_snapshot(new.snapshot).item("1.1").text == "Neuer Wortlaut"
    assert instrument_freeze(instrument=surveys.instrument).pk == new.pk  # unchanged: no new version


def test_item_create_validates_scale_and_condition_and_writes_nothing_on_failure(world, surveys):
    before = Item.objects.count()
    with pytest.raises(ApplicationError) as info:
        item_create(user=world.coordination, block=surveys.block,
                    data={"code": "1.3", "text": "x", "item_type": "likert", "scale_min": 1, "scale_max": 9,
                          "condition_item": "9.9", "condition_operator": "eq"})
    assert "scale_max" in info.value.extra and "condition_item" in info.value.extra
    assert Item.objects.count() == before
    with pytest.raises(ApplicationError):
        item_create(user=world.coordination, block=surveys.block,
                    data={"code": "1.1", "text": "doppelt", "item_type": "text"})
    item = item_create(user=world.coordination, block=surveys.block,
                       data={"code": "1.3", "text": "Warum?", "item_type": "text", "condition_item": "1.1",
                             "condition_operator": "gte", "condition_value": "4"})
    assert item.order == 3


def test_builder_pages(client, world, surveys):
    client.force_login(world.coordination)
    url = reverse("surveys:instrument_detail", kwargs={"pk": surveys.instrument.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Die Zusammenarbeit ist gut." in page.content.decode()
    response = client.post(reverse("surveys:item_add", kwargs={"pk": surveys.instrument.pk,
                                                                 "block": surveys.block.pk}),
                           {"code": "1.4", "item_type": "single", "text": "Wie oft?", "choices": "1 = oft\n2 = selten",
                            "dont_know": "on"})
    assert response.status_code == 302
    assert Item.objects.get(code="1.4").choices == [{"value": "1", "label": "oft"}, {"value": "2", "label": "selten"}]
    bad = client.post(reverse("surveys:item_add", kwargs={"pk": surveys.instrument.pk, "block": surveys.block.pk}),
                      {"code": "1.5", "item_type": "single", "text": "x", "choices": "nur eine Zeile ohne Gleich"})
    assert bad.status_code == 200 and not Item.objects.filter(code="1.5").exists()
    # A coach may not edit programme instruments: 404.
    client.force_login(world.coach_a)
    assert client.get(reverse("surveys:item_edit", kwargs={"pk": surveys.item.pk})).status_code == 404
    assert client.get(url).status_code == 200
    client.force_login(world.coordination_other)
    assert client.get(url).status_code == 404
