"""GraphML, GEXF, Kumu and CSV exports, read back with independent parsers (networkx, csv, the edge-list reader)."""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx
import pytest

from quartiersnetz.analytics.edgelist import parse_edge_list
from quartiersnetz.network.exports import export_file
from quartiersnetz.network.selectors import network_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(tiny):
    return network_analysis(user=tiny.world.coach_a, quartier_id=tiny.world.qa.pk,
                            weights={"co_attendance": 1.5})


def expected_weights(result) -> dict[frozenset, float]:
    return {frozenset((str(e.a), str(e.b))): e.strength for e in result.data.edges}


def test_graphml_parses_back(result, tiny):
    content, content_type, name = export_file(result, "graphml")
    assert name.endswith(".graphml") and "graphml" in content_type
    graph = nx.read_graphml(io.BytesIO(content))
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 5
    assert {frozenset((a, b)): d["weight"] for a, b, d in graph.edges(data=True)} == pytest.approx(
        expected_weights(result))
    assert graph.nodes[str(tiny.kita.pk)]["label"] == "Kita Sonnenschein"
    assert graph.nodes[str(tiny.jc.pk)]["stable_core"] is True
    assert graph.nodes[str(tiny.traeger.pk)]["broker"] is True
    jc_metrics = result.analysis.node(str(tiny.jc.pk))
    assert graph.nodes[str(tiny.jc.pk)]["betweenness"] == pytest.approx(jc_metrics.betweenness)
    jc_kommune = graph.edges[str(tiny.jc.pk), str(tiny.kommune.pk)]
    assert jc_kommune["source_co_attendance"] == 3.0 and jc_kommune["weight"] == 1.5 * 3 + 1 + 1


def test_gexf_parses_back(result, tiny):
    content, content_type, _name = export_file(result, "gexf")
    graph = nx.read_gexf(io.BytesIO(content))
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 5
    assert {frozenset((a, b)): d["weight"] for a, b, d in graph.edges(data=True)} == pytest.approx(
        expected_weights(result))
    assert graph.nodes[str(tiny.kita.pk)]["label"] == "Kita Sonnenschein"
    assert graph.nodes[str(tiny.jc.pk)]["core_number"] == 2
    assert graph.nodes[str(tiny.jc.pk)]["viz"]["color"]["r"] >= 0


def test_kumu_zip_has_elements_and_connections(result):
    content, content_type, name = export_file(result, "kumu")
    assert name.endswith(".kumu.zip") and content_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        elements = list(csv.DictReader(io.StringIO(archive.read("elements.csv").decode("utf-8"))))
        connections = list(csv.DictReader(io.StringIO(archive.read("connections.csv").decode("utf-8"))))
    assert len(elements) == 6 and len(connections) == 5
    labels = {e["Label"] for e in elements}
    assert all(c["From"] in labels and c["To"] in labels for c in connections)
    strengths = sorted(float(c["Strength"]) for c in connections)
    assert strengths == pytest.approx(sorted(expected_weights(result).values()))


def test_csv_edge_list_reads_back_with_the_edge_list_reader(result):
    content, _type, _name = export_file(result, "csv")
    edge_list = parse_edge_list(content, weight_column="weight")
    assert len(edge_list.edges) == 5
    assert {frozenset((a, b)): w for a, b, w in edge_list.edges} == pytest.approx(expected_weights(result))
