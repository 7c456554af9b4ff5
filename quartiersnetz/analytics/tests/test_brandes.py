"""The compiled Brandes kernel against networkx: raw betweenness, distance sums and reach.

The kernel switches per level between top-down and bottom-up search and between pulling and pushing
dependencies, depending on which scans fewer ties. The graphs here are chosen so that every switch happens:
paths and trees (long, thin levels: top-down and pull), dense random graphs (wide middle levels: bottom-up and
push), stars, disconnected and directed graphs (pull only, in-ties for bottom-up), plus random graphs from
hypothesis.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartiersnetz.analytics.brandes import csr, path_stats

TOL = 1e-9


def _oracle(graph: nx.Graph | nx.DiGraph):
    """networkx's raw betweenness with igraph's convention, out-distance sums and reach per node 0..n-1."""
    n = graph.number_of_nodes()
    raw = nx.betweenness_centrality(graph, normalized=False)  # undirected: already halved by networkx
    sums, reach = [], []
    for v in range(n):
        lengths = nx.single_source_shortest_path_length(graph, v)
        sums.append(sum(lengths.values()))
        reach.append(len(lengths))
    return np.array([raw[v] for v in range(n)]), np.array(sums), np.array(reach)


def _assert_same(graph: nx.Graph | nx.DiGraph):
    n = graph.number_of_nodes()
    assert sorted(graph.nodes) == list(range(n))
    stats = path_stats(n, np.array(list(graph.edges), dtype=np.int64).reshape(-1, 2), directed=graph.is_directed())
    raw, sums, reach = _oracle(graph)
    scale = max(1.0, float(np.abs(raw).max(initial=0.0)))
    assert np.abs(stats.betweenness - raw).max(initial=0.0) <= TOL * scale
    assert stats.distance_sums.tolist() == sums.tolist()
    assert stats.reach.tolist() == reach.tolist()
    return stats


def test_path_by_hand():
    # 0 - 1 - 2 - 3: node 1 lies between 0 and 2, 0 and 3 (2 pairs), node 2 between 0-3 and 1-3.
    stats = _assert_same(nx.path_graph(4))
    assert stats.betweenness.tolist() == [0.0, 2.0, 2.0, 0.0]
    assert stats.distance_sums.tolist() == [6, 4, 4, 6]
    assert stats.reach.tolist() == [4, 4, 4, 4]


def test_star_and_two_shortest_paths_by_hand():
    star = _assert_same(nx.star_graph(5))  # centre 0 between all C(5, 2) = 10 pairs of leaves
    assert star.betweenness[0] == 10.0
    square = _assert_same(nx.cycle_graph(4))  # 0-1-2-3-0: each node on one of the two paths of the opposite pair
    assert square.betweenness.tolist() == [0.5, 0.5, 0.5, 0.5]


def test_directed_by_hand():
    # 0 -> 1 -> 2 and 0 -> 2 directly: 1 lies on no shortest path; 3 -> 0 adds paths 3->1 (via 0), 3->2 (via 0).
    graph = nx.DiGraph([(0, 1), (1, 2), (0, 2), (3, 0)])
    stats = _assert_same(graph)
    assert stats.betweenness.tolist() == [2.0, 0.0, 0.0, 0.0]
    assert stats.reach.tolist() == [3, 2, 1, 4]


@pytest.mark.parametrize(
    "graph",
    [
        nx.karate_club_graph(),
        nx.florentine_families_graph(),
        nx.balanced_tree(3, 5),
        nx.grid_2d_graph(12, 9),
        nx.barabasi_albert_graph(400, 3, seed=4),
        nx.gnm_random_graph(300, 3000, seed=1),  # dense: bottom-up and push levels
        nx.gnm_random_graph(300, 250, seed=2),  # sparse, many components
        nx.gnm_random_graph(200, 2500, seed=3, directed=True),
        nx.gnm_random_graph(200, 260, seed=5, directed=True),
    ],
    ids=["karate", "florentine", "tree", "grid", "scale-free", "dense", "sparse", "directed-dense", "directed-sparse"],
)
def test_matches_networkx(graph):
    graph = nx.convert_node_labels_to_integers(graph, ordering="sorted")
    graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    _assert_same(graph)


def test_empty_graph_and_isolated_nodes():
    empty = path_stats(0, np.zeros((0, 2), dtype=np.int64), directed=False)
    assert empty.betweenness.size == empty.distance_sums.size == empty.reach.size == 0
    graph = nx.Graph()
    graph.add_nodes_from(range(5))
    graph.add_edge(1, 2)
    stats = _assert_same(graph)
    assert stats.reach.tolist() == [1, 2, 2, 1, 1]


def test_the_same_arrays_are_reused_between_sources():
    # A graph whose first source reaches everything and whose later sources reach little catches state that is
    # not reset between sources (stray pushed sums, levels, distances).
    rng = random.Random(11)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(120))
    for v in range(1, 120):
        graph.add_edge(0, v)
    for _ in range(600):
        u, v = rng.randrange(1, 120), rng.randrange(1, 120)
        if u != v:
            graph.add_edge(u, v)
    _assert_same(graph)
    _assert_same(graph.to_undirected())


def test_csr_keeps_arc_order():
    ptr, idx = csr(3, np.array([2, 0, 2, 0]), np.array([1, 2, 0, 1]))
    assert ptr.tolist() == [0, 2, 2, 4]
    assert idx.tolist() == [2, 1, 1, 0]


@st.composite
def graphs(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    directed = draw(st.booleans())
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=160))
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((u, v) for u, v in pairs if u != v)
    return graph


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(graphs())
def test_random_graphs_match_networkx(graph):
    _assert_same(graph)
