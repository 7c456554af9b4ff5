"""`quartiersnetz network-metrics`: output equals networkx on edge lists from other tools; bad files exit with 2."""

import csv
import io
import json
import os
import subprocess
import sys

import networkx as nx
import pytest
from django.core.management import CommandError, call_command

TOL = 1e-9


def write_edges(path, graph, *, delimiter=",", weight=False, extra_rows=()):
    lines = ["source" + delimiter + "target" + (delimiter + "weight" if weight else "")]
    for u, v, data in graph.edges(data=True):
        row = [str(u), str(v)] + ([str(data.get("weight", 1))] if weight else [])
        lines.append(delimiter.join(row))
    lines.extend(extra_rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("network_metrics", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_node_metrics_match(rows, graph):
    graph = nx.relabel_nodes(graph, str)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    closeness = nx.closeness_centrality(graph)
    core = nx.core_number(graph)
    undirected = graph.to_undirected() if graph.is_directed() else graph
    articulation = set(nx.articulation_points(undirected))
    first_appearance = list(dict.fromkeys(node for edge in graph.edges for node in edge))
    assert [row["id"] for row in rows] == first_appearance  # the order of the file
    for row in rows:
        node = row["id"]
        assert row["degree"] == graph.degree(node)
        assert abs(row["betweenness"] - betweenness[node]) <= TOL
        assert abs(row["closeness"] - closeness[node]) <= TOL
        assert row["core_number"] == core[node]
        assert row["articulation_point"] == (node in articulation)


def test_json_on_karate_club_matches_networkx(tmp_path):
    graph = nx.karate_club_graph()
    out, err = run("--edges", str(write_edges(tmp_path / "karate.csv", graph)))
    result = json.loads(out)
    assert list(result) == [
        "nodes", "edges", "density", "degree_centralization", "transitivity", "components", "node_metrics", "ignored",
    ]
    assert result["nodes"] == 34
    assert result["edges"] == 78
    assert abs(result["density"] - nx.density(graph)) <= TOL
    assert abs(result["transitivity"] - nx.transitivity(graph)) <= TOL
    assert result["components"] == 1
    degrees = [d for _n, d in graph.degree()]
    freeman = sum(max(degrees) - d for d in degrees) / (33 * 32)
    assert abs(result["degree_centralization"] - freeman) <= TOL
    assert result["ignored"] == {"self_loops": 0, "duplicates": 0}
    assert set(result["node_metrics"][0]) == {"id", "degree", "betweenness", "closeness", "core_number",
                                              "articulation_point"}
    assert_node_metrics_match(result["node_metrics"], graph)
    assert err == ""


def test_csv_output_with_semicolon_input_and_weight_column(tmp_path):
    graph = nx.florentine_families_graph()
    for u, v in graph.edges:
        graph[u][v]["weight"] = 2.5
    path = write_edges(tmp_path / "florenz.csv", graph, delimiter=";", weight=True)
    out, _err = run("--edges", str(path), "--weight", "weight", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "degree", "betweenness", "closeness", "core_number", "articulation_point"]
    parsed = [
        {
            "id": row["id"],
            "degree": int(row["degree"]),
            "betweenness": float(row["betweenness"]),
            "closeness": float(row["closeness"]),
            "core_number": int(row["core_number"]),
            "articulation_point": {"true": True, "false": False}[row["articulation_point"]],
        }
        for row in rows
    ]
    assert_node_metrics_match(parsed, graph)


def test_directed_and_disconnected(tmp_path):
    graph = nx.gnm_random_graph(30, 45, seed=11, directed=True)
    graph.add_edge("x", "y")
    out, _err = run("--edges", str(write_edges(tmp_path / "gerichtet.csv", graph)), "--directed")
    result = json.loads(out)
    graph.remove_nodes_from([n for n in graph.nodes if graph.degree(n) == 0])  # isolates are not in an edge list
    assert result["nodes"] == graph.number_of_nodes()
    assert result["edges"] == graph.number_of_edges()
    assert result["components"] == nx.number_weakly_connected_components(graph)
    assert abs(result["density"] - nx.density(graph)) <= TOL
    assert abs(result["transitivity"] - nx.transitivity(graph)) <= TOL
    assert_node_metrics_match(result["node_metrics"], graph)


def test_self_loops_and_duplicates_are_reported_on_stderr(tmp_path):
    path = tmp_path / "kanten.csv"
    path.write_text("source,target\na,b\nb,a\nc,c\nb,c\n", encoding="utf-8")
    out, err = run("--edges", str(path))
    result = json.loads(out)
    assert result["ignored"] == {"self_loops": 1, "duplicates": 1}
    assert result["edges"] == 2
    assert result["nodes"] == 3
    assert "Zeile 3: Doppelte Kante b – a wird ignoriert (zuerst in Zeile 2)." in err
    assert "Zeile 4: Schleife (c – c) wird ignoriert." in err


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("source,target\na,b\nc\n", (), "Zeile 3: Der Wert in der Spalte „target“ fehlt."),
        ("von,nach\na,b\n", (), "Zeile 1: Die Kopfzeile muss die Spalten „source“ und „target“ enthalten"),
        ("source,target\na,b\n", ("--weight", "staerke"), "Zeile 1: Die Gewichtsspalte „staerke“ fehlt"),
        ("source,target,w\na,b,x\n", ("--weight", "w"), "Zeile 2: Das Gewicht „x“ ist keine Zahl."),
    ],
)
def test_malformed_file_is_a_german_error_with_exit_code_2(tmp_path, content, args, message):
    path = tmp_path / "kaputt.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run("--edges", str(path), *args)
    assert exc.value.returncode == 2
    assert message in str(exc.value)


def test_missing_file_is_an_error_with_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as exc:
        run("--edges", str(tmp_path / "fehlt.csv"))
    assert exc.value.returncode == 2
    assert "wurde nicht gefunden" in str(exc.value)


def _console(*args):
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "quartiersnetz", "network-metrics", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )


def test_console_command_exit_codes(tmp_path):
    good = write_edges(tmp_path / "karate.csv", nx.karate_club_graph())
    result = _console("--edges", str(good))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["nodes"] == 34
    bad = tmp_path / "kaputt.csv"
    bad.write_text("source;target\nA;B\nC;\n", encoding="cp1252")
    result = _console("--edges", str(bad))
    assert result.returncode == 2
    assert "Zeile 3: Der Wert in der Spalte „target“ fehlt." in result.stderr
    assert result.stdout == ""
