"""Pages: the graph page (metrics equal analytics, table view, fragility), filters, comparison, time series, the
stored-tie pages with German validation, and the 404 scope."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.analytics.network import GraphSpec, Node, Tie, analyse_network, build_graph, fragility
from quartiersnetz.network.models import ManualTie
from quartiersnetz.network.selectors import network_analysis

pytestmark = pytest.mark.django_db


def graph_url(world, **query):
    url = reverse("network:quartier_graph", kwargs={"slug": world.qa.slug})
    return url, query


def payload_of(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="qn-network-data" type="application/json">') + len(
        '<script id="qn-network-data" type="application/json">')
    return json.loads(html[start:html.index("</script>", start)])


def test_graph_page_metrics_equal_analytics(client, tiny):
    client.force_login(tiny.world.coach_a)
    url, _q = graph_url(tiny.world)
    response = client.get(url)
    assert response.status_code == 200
    data = payload_of(response)
    expected = analyse_network(network_analysis(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk).data.spec())
    assert data["metrics"]["nodes"] == expected.network.nodes == 6
    assert data["metrics"]["ties"] == expected.network.ties == 5
    assert data["metrics"]["density"] == pytest.approx(expected.network.density)
    assert data["metrics"]["degree_centralization"] == pytest.approx(expected.network.degree_centralization)
    assert data["metrics"]["transitivity"] == pytest.approx(expected.network.transitivity)
    assert data["metrics"]["stable_core"] == [tiny.jc.pk, tiny.kommune.pk, tiny.traeger.pk]
    by_id = {str(n["id"]): n for n in data["nodes"]}
    for metrics in expected.nodes:
        assert by_id[metrics.id]["betweenness"] == pytest.approx(metrics.betweenness)
        assert by_id[metrics.id]["degree"] == metrics.degree
    html = response.content.decode()
    # The metrics panel and the table view render the same numbers (German format).
    assert "Werkstatt Marxloh" in html and 'id="qn-network-nodes"' in html and 'id="qn-network-ties"' in html
    assert f"{expected.network.density:.3f}".replace(".", ",") in html
    assert "vendor/cytoscape/cytoscape.min.js" in html


def test_fragility_top_actor_matches_recomputation_without_it(client, tiny):
    client.force_login(tiny.world.coach_a)
    url, _q = graph_url(tiny.world)
    data = payload_of(client.get(url))
    top = data["fragility"][0]
    # Recompute without the top node.
    spec = network_analysis(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk).data.spec()
    before = build_graph(spec)
    main_before = max(len(c) for c in before.graph.connected_components())
    kept_nodes = [n for n in spec.nodes if n.id != str(top["id"])]
    kept_edges = [e for e in spec.edges if str(top["id"]) not in (e.source, e.target)]
    after = build_graph(GraphSpec(nodes=kept_nodes, edges=kept_edges))
    pieces = sorted((len(c) for c in after.graph.connected_components()), reverse=True)
    assert top["disconnected"] == main_before - 1 - pieces[0]
    assert top["components_after"] == len(pieces)
    assert top["density_after"] == pytest.approx(2 * after.m / (after.n * (after.n - 1)))
    assert top["name"] == "Werkstatt Marxloh"  # the only link of Kita and bakery to the core
    assert top["disconnected"] == 2
    assert fragility(before).most_critical[0].id == str(top["id"])


def test_filters_on_the_page(client, tiny):
    client.force_login(tiny.world.coach_a)
    url, _q = graph_url(tiny.world)
    data = payload_of(client.get(url, {"sources": ["manual", "declared"], "min_strength": "2,5"}))
    assert [(t["source"], t["target"]) for t in data["ties"]] == [(tiny.kita.pk, tiny.firma.pk)]
    data = payload_of(client.get(url, {"actor_types": ["jobcenter", "kommune"]}))
    assert len(data["nodes"]) == 2 and len(data["ties"]) == 1
    data = payload_of(client.get(url, {"start": "2013-01-01", "end": "2013-12-31", "sources": ["co_attendance"]}))
    assert sorted(t["strength"] for t in data["ties"]) == [1, 1, 2]


def test_invalid_filters_are_reported_and_ignored(client, tiny):
    client.force_login(tiny.world.coach_a)
    url, _q = graph_url(tiny.world)
    response = client.get(url, {"start": "2014-01-01", "end": "2013-01-01", "min_strength": "viel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _("Some filters are invalid and were ignored. Please correct the marked entries.") in html
    assert payload_of(response)["metrics"]["ties"] == 5


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "kumu", "csv"])
def test_exports_download(client, tiny, fmt):
    client.force_login(tiny.world.coach_a)
    response = client.get(reverse("network:quartier_export", kwargs={"slug": tiny.world.qa.slug}), {"format": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_compare_and_timeline_pages(client, tiny):
    client.force_login(tiny.world.coach_a)
    slug = tiny.world.qa.slug
    response = client.get(reverse("network:quartier_compare", kwargs={"slug": slug}), {
        "before_start": "2013-01-01", "before_end": "2013-12-31", "after_start": "2014-01-01",
        "after_end": "2014-12-31"})
    html = response.content.decode()
    assert response.status_code == 200 and "Bäckerei Yilmaz – Kita Sonnenschein" in html
    response = client.get(reverse("network:quartier_compare", kwargs={"slug": slug}), {
        "before_start": "2014-01-01", "before_end": "2013-12-31", "after_start": "", "after_end": "2014-12-31"})
    assert response.status_code == 200 and response.context["change"] is None
    assert response.context["form"].errors
    response = client.get(reverse("network:quartier_timeline", kwargs={"slug": slug}))
    assert response.status_code == 200
    labels = [p.period.label for p in response.context["points"]]
    assert labels == ["1. Hj. 2013", "2. Hj. 2013", "1. Hj. 2014"]  # until the latest stored tie (01.01.2014)
    first = response.context["points"][0]
    assert first.network.ties == 4  # meeting of 1 March 2013 (3 pairs) + the declared tie of 2013


@pytest.mark.parametrize("name", ["quartier_graph", "quartier_export", "quartier_compare", "quartier_timeline",
                                  "quartier_tie_create"])
def test_other_quartier_gets_404(client, tiny, name):
    for user in (tiny.world.coach_b, tiny.world.partner_a):
        client.force_login(user)
        assert client.get(reverse(f"network:{name}", kwargs={"slug": tiny.world.qa.slug})).status_code == 404


def test_tie_pages_of_another_quartier_are_404(client, tiny):
    client.force_login(tiny.world.coach_b)
    for name in ("tie_update", "tie_delete"):
        url = reverse(f"network:{name}", kwargs={"pk": tiny.tie_kita_firma.pk})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert ManualTie.objects.filter(pk=tiny.tie_kita_firma.pk).exists()
    response = client.get(reverse("network:tie_list"))
    assert "Kita Sonnenschein" not in response.content.decode()
    response = client.get(reverse("network:index"))
    assert tiny.world.qa.display_name not in response.content.decode()


def test_evaluation_reads_but_cannot_edit(client, tiny):
    client.force_login(tiny.world.evaluation)
    assert client.get(reverse("network:quartier_graph", kwargs={"slug": tiny.world.qa.slug})).status_code == 200
    assert client.get(reverse("network:quartier_tie_create", kwargs={"slug": tiny.world.qa.slug})).status_code == 404
    assert client.get(reverse("network:tie_update", kwargs={"pk": tiny.tie_kita_firma.pk})).status_code == 404


def tie_form(tiny, **overrides):
    data = {"organisation_a": tiny.jc.pk, "organisation_b": tiny.firma.pk, "tie_type": "abstimmung",
            "frequency": "monthly", "reliability": "3", "openness": "", "shared_mission": "", "influence": "",
            "resources": "", "involvement": "", "valid_from": "2014-01-01", "valid_until": "", "source": "manual",
            "wave": "", "note": ""}
    data.update(overrides)
    return data


def test_create_edit_delete_tie(client, tiny):
    client.force_login(tiny.world.coach_a)
    url = reverse("network:quartier_tie_create", kwargs={"slug": tiny.world.qa.slug})
    response = client.post(url, tie_form(tiny))
    assert response.status_code == 302
    tie = ManualTie.objects.get(organisation_a=tiny.jc, organisation_b=tiny.firma)
    assert (tie.tie_type, tie.reliability, tie.created_by) == ("abstimmung", 3, tiny.world.coach_a)
    response = client.post(reverse("network:tie_update", kwargs={"pk": tie.pk}),
                           tie_form(tiny, tie_type="verbund", source="declared", wave="Welle 2"))
    assert response.status_code == 302
    tie.refresh_from_db()
    assert (tie.tie_type, tie.source, tie.wave) == ("verbund", "declared", "Welle 2")
    listing = client.get(reverse("network:tie_list"), {"quartier": tiny.world.qa.slug, "source": "declared"})
    assert {t.pk for t in listing.context["object_list"]} == {tie.pk, tiny.tie_declared.pk}
    export = client.get(reverse("network:tie_export"), {"format": "csv"})
    assert export.status_code == 200 and "Welle 2" in export.content.decode("utf-8-sig")
    response = client.post(reverse("network:tie_delete", kwargs={"pk": tie.pk}))
    assert response.status_code == 302
    assert not ManualTie.objects.filter(pk=tie.pk).exists()


@pytest.mark.parametrize("overrides, field, message", [
    ({"organisation_b": "SAME"}, "organisation_b",
     "Please choose two different organisations: an organisation cannot have a tie with itself."),
    ({"valid_from": "2014-05-01", "valid_until": "2014-01-01"}, "valid_until",
     "The end of the period must not be before its start."),
    ({"reliability": "7"}, "reliability", "Please choose a value between 1 and 4."),
    ({"organisation_b": "FOREIGN"}, "organisation_b", "Please choose an organisation of this neighbourhood."),
    ({"source": "declared", "wave": ""}, "wave", "Please name the survey wave of a declared tie."),
    ({"tie_type": ""}, "tie_type", None),
])
def test_bad_input_is_rejected_in_german_and_nothing_is_written(client, tiny, overrides, field, message):
    client.force_login(tiny.world.coach_a)
    if overrides.get("organisation_b") == "SAME":
        overrides["organisation_b"] = tiny.jc.pk
    if overrides.get("organisation_b") == "FOREIGN":
        overrides["organisation_b"] = tiny.world.org_b.pk
    before = ManualTie.objects.count()
    response = client.post(reverse("network:quartier_tie_create", kwargs={"slug": tiny.world.qa.slug}),
                           tie_form(tiny, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert _(message) in errors[field], errors[field]
    assert ManualTie.objects.count() == before


def test_node_table_lists_every_node_with_roles(client, tiny):
    client.force_login(tiny.world.coach_a)
    url, _q = graph_url(tiny.world)
    response = client.get(url)
    nodes = response.context["nodes"]
    assert [n["name"] for n in nodes] == sorted(n["name"] for n in nodes)
    roles = {n["name"]: (n["core"], n["broker"]) for n in nodes}
    assert roles["Jobcenter Duisburg"] == (True, False)
    assert roles["Kita Sonnenschein"][1] is True  # cut point between the bakery and the rest


def test_tie_node_attrs(tiny):
    # Direct use of the analytics types keeps the import of Node/Tie honest.
    assert analyse_network(GraphSpec(nodes=[Node("a")], edges=[Tie("a", "b")])).network.ties == 1
