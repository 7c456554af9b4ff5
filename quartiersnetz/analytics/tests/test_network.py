"""Network metrics against networkx as the oracle (networkx is a test dependency only).

Tolerances: 1e-9 for every metric; eigenvector centrality 1e-6 (power iteration stopping at n * 1e-6, see the
module docstring of quartiersnetz.analytics.network).
"""

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartiersnetz.analytics.network import (
    GraphSpec,
    Node,
    Tie,
    aggregate_tie_attributes,
    analyse_network,
    build_graph,
    compare_networks,
    fragility,
    jobcenter_integration,
    network_metrics,
    node_metrics,
    trust_value_scores,
)

TOL = 1e-9
EIGENVECTOR_TOL = 1e-6


# ---------------------------------------------------------------------------------------------------------------
# Oracle helpers


def spec_from_nx(graph, *, weight=None, actor_types=None):
    actor_types = actor_types or {}
    nodes = [Node(str(v), actor_types.get(v)) for v in graph.nodes]
    edges = [
        (str(u), str(v), float(d[weight]) if weight else None) for u, v, d in graph.edges(data=True)
    ]
    return GraphSpec(nodes=nodes, edges=edges, directed=graph.is_directed())


def oracle_graph(spec):
    """The simple networkx graph that the spec describes (self-loops dropped, first weight per tie kept as max)."""
    graph = nx.DiGraph() if spec.directed else nx.Graph()
    for node in spec.nodes:
        graph.add_node(node.id if isinstance(node, Node) else node)
    for edge in spec.edges:
        source, target = edge[0], edge[1]
        weight = 1.0 if len(edge) < 3 or edge[2] is None else float(edge[2])
        graph.add_node(source)
        graph.add_node(target)
        if source == target:
            continue
        if graph.has_edge(source, target):
            graph[source][target]["weight"] = max(graph[source][target]["weight"], weight)
        else:
            graph.add_edge(source, target, weight=weight)
    return graph


def first_largest(components, order):
    """Largest component; ties go to the one containing the earliest node."""
    position = {v: i for i, v in enumerate(order)}
    return max(components, key=lambda c: (len(c), -min(position[v] for v in c)))


def oracle_main_component(graph):
    undirected = graph.to_undirected() if graph.is_directed() else graph
    return first_largest([set(c) for c in nx.connected_components(undirected)], list(graph.nodes))


def oracle_average_path_length(graph):
    order = list(graph.nodes)
    if graph.is_directed():
        components = [set(c) for c in nx.strongly_connected_components(graph)]
    else:
        components = [set(c) for c in nx.connected_components(graph)]
    if not components:
        return None
    main = first_largest(components, order)
    if len(main) < 2:
        return None
    return nx.average_shortest_path_length(graph.subgraph(main))


def oracle_degree_centralization(graph):
    undirected = graph.to_undirected() if graph.is_directed() else graph
    n = undirected.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _v, d in undirected.degree()]
    return sum(max(degrees) - d for d in degrees) / ((n - 1) * (n - 2))


def assert_matches_networkx(spec, *, eigenvector=True):
    analysis = analyse_network(spec)
    graph = oracle_graph(spec)
    assert [node.id for node in analysis.nodes] == list(graph.nodes)
    n = graph.number_of_nodes()
    undirected = graph.to_undirected() if graph.is_directed() else graph

    betweenness = nx.betweenness_centrality(graph, normalized=True)
    closeness = nx.closeness_centrality(graph)
    core = nx.core_number(graph) if n else {}
    articulation = set(nx.articulation_points(undirected))
    for node in analysis.nodes:
        assert node.degree == graph.degree(node.id)
        if graph.is_directed():
            assert node.in_degree == graph.in_degree(node.id)
            assert node.out_degree == graph.out_degree(node.id)
        assert node.strength == pytest.approx(graph.degree(node.id, weight="weight"), abs=TOL)
        assert abs(node.betweenness - betweenness[node.id]) <= TOL, node.id
        assert abs(node.closeness - closeness[node.id]) <= TOL, node.id
        assert node.core_number == core[node.id], node.id
        assert node.articulation_point == (node.id in articulation), node.id

    if eigenvector and n:
        try:
            expected = nx.eigenvector_centrality(graph, weight="weight")
        except nx.PowerIterationFailedConvergence:
            assert analysis.network.eigenvector_converged is False
        else:
            assert analysis.network.eigenvector_converged is True
            for node in analysis.nodes:
                assert abs(node.eigenvector - expected[node.id]) <= EIGENVECTOR_TOL, node.id

    network = analysis.network
    assert network.nodes == n
    assert network.ties == graph.number_of_edges()
    assert abs(network.density - nx.density(graph)) <= TOL
    if graph.is_directed():
        assert network.components == nx.number_weakly_connected_components(graph)
    else:
        assert network.components == nx.number_connected_components(graph)
    assert abs(network.transitivity - nx.transitivity(graph)) <= TOL
    assert abs(network.degree_centralization - oracle_degree_centralization(graph)) <= TOL
    expected_apl = oracle_average_path_length(graph)
    if expected_apl is None:
        assert network.average_path_length is None
    else:
        assert abs(network.average_path_length - expected_apl) <= TOL
    if n:
        main = oracle_main_component(graph)
        assert network.main_component_size == len(main)
        max_core = max(core.values())
        assert network.max_core == max_core
        for k in range(max_core + 1):
            assert network.k_core_sizes[k] == nx.k_core(graph, k, core_number=core).number_of_nodes()
        if max_core >= 2:
            assert set(network.stable_core) == set(nx.k_core(graph, core_number=core).nodes)
        else:
            assert network.stable_core == []
    return analysis


def oracle_removal(graph, node):
    """(components, largest component, density) of the graph without `node`, by recomputation."""
    rest = graph.copy()
    rest.remove_node(node)
    undirected = rest.to_undirected() if rest.is_directed() else rest
    sizes = [len(c) for c in nx.connected_components(undirected)]
    return len(sizes), max(sizes, default=0), nx.density(rest)


def assert_fragility_matches(spec):
    built = build_graph(spec)
    result = fragility(built, top=len(built.ids))
    graph = oracle_graph(spec)
    if not graph.number_of_nodes():
        assert result.entries == []
        return
    density = nx.density(graph)
    main = oracle_main_component(graph)
    undirected = graph.to_undirected() if graph.is_directed() else graph
    for entry in result.entries:
        components, largest, density_after = oracle_removal(graph, entry.id)
        assert entry.components_after == components, entry.id
        assert entry.main_component_size_after == largest, entry.id
        assert abs(entry.density_after - density_after) <= TOL, entry.id
        assert abs(entry.density_drop - (density - density_after)) <= TOL, entry.id
        if entry.id in main:
            rest = undirected.subgraph(main - {entry.id})
            biggest_piece = max((len(c) for c in nx.connected_components(rest)), default=0)
            assert entry.disconnected == len(main) - 1 - biggest_piece, entry.id
        else:
            assert entry.disconnected == 0
    ranking = [(-e.disconnected, -e.density_drop) for e in result.most_critical]
    assert ranking == sorted(ranking)


# ---------------------------------------------------------------------------------------------------------------
# Classic graphs


def test_karate_club_matches_networkx_unweighted():
    assert_matches_networkx(spec_from_nx(nx.karate_club_graph()))


def test_karate_club_matches_networkx_weighted():
    analysis = assert_matches_networkx(spec_from_nx(nx.karate_club_graph(), weight="weight"))
    # weights change strength and eigenvector, but not the hop-based metrics
    unweighted = analyse_network(spec_from_nx(nx.karate_club_graph()))
    assert analysis.node("0").strength == 42.0
    assert unweighted.node("0").strength == 16.0
    assert analysis.node("0").betweenness == unweighted.node("0").betweenness


def test_karate_club_known_values():
    analysis = analyse_network(spec_from_nx(nx.karate_club_graph()))
    assert analysis.network.nodes == 34
    assert analysis.network.ties == 78
    assert analysis.network.max_core == 4
    assert analysis.node("0").articulation_point is True
    assert analysis.node("0").betweenness == pytest.approx(0.43763528138528146, abs=1e-12)
    assert analysis.network.transitivity == pytest.approx(0.2556818181818182, abs=1e-12)


def test_florentine_families_match_networkx():
    analysis = assert_matches_networkx(spec_from_nx(nx.florentine_families_graph()))
    assert analysis.nodes[0].id == "Acciaiuoli"
    medici = analysis.node("Medici")
    assert medici.articulation_point is True
    assert max(analysis.nodes, key=lambda n: n.betweenness).id == "Medici"


def test_disconnected_graph_matches_networkx():
    graph = nx.disjoint_union(nx.karate_club_graph(), nx.florentine_families_graph())
    graph.add_nodes_from(["isolated-1", "isolated-2"])
    graph.add_edge("pair-a", "pair-b")
    analysis = assert_matches_networkx(spec_from_nx(graph))
    assert analysis.network.components == 5
    assert analysis.network.main_component_size == 34
    assert analysis.node("isolated-1").closeness == 0.0
    assert_fragility_matches(spec_from_nx(graph))


def test_directed_graphs_match_networkx():
    directed = nx.gnm_random_graph(40, 110, seed=7, directed=True)
    assert_matches_networkx(spec_from_nx(directed))
    assert_fragility_matches(spec_from_nx(directed))
    karate = nx.DiGraph(nx.karate_club_graph())  # both directions of every tie
    karate.remove_edges_from([(u, v) for u, v in list(karate.edges) if (u + v) % 3 == 0 and u < v])
    assert_matches_networkx(spec_from_nx(karate))


def test_directed_disconnected_graph_matches_networkx():
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "f"), ("g", "a")])
    graph.add_node("h")
    analysis = assert_matches_networkx(spec_from_nx(graph))
    assert analysis.network.components == 3
    assert analysis.network.average_path_length == pytest.approx(1.5)  # the cycle a->b->c->a
    assert_fragility_matches(spec_from_nx(graph))


def test_empty_and_tiny_graphs():
    empty = analyse_network(GraphSpec())
    assert empty.nodes == []
    assert empty.network.nodes == 0
    assert empty.network.density == 0.0
    assert empty.network.components == 0
    assert empty.network.average_path_length is None
    assert empty.fragility.most_critical == []
    single = analyse_network(GraphSpec(nodes=["a"]))
    assert single.nodes[0].closeness == 0.0
    assert single.nodes[0].eigenvector == 1.0
    assert single.network.components == 1
    pair = assert_matches_networkx(GraphSpec(edges=[("a", "b")]))
    assert pair.network.density == 1.0
    assert pair.network.stable_core == []


# ---------------------------------------------------------------------------------------------------------------
# Random graphs


@st.composite
def random_specs(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    ids = [f"v{i}" for i in range(n)]
    edges = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.integers(min_value=1, max_value=4)),
            max_size=36,
        )
    )
    directed = draw(st.booleans())
    declared = draw(st.integers(min_value=0, max_value=n))
    return GraphSpec(nodes=ids[:declared], edges=[(s, t, float(w)) for s, t, w in edges], directed=directed)


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(random_specs())
def test_random_graphs_match_networkx(spec):
    assert_matches_networkx(spec)


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(random_specs())
def test_random_graphs_fragility_matches_recomputation(spec):
    assert_fragility_matches(spec)


# ---------------------------------------------------------------------------------------------------------------
# Building: self-loops, duplicates, validation


def test_self_loops_and_duplicates_are_reported_and_ignored():
    spec = GraphSpec(
        nodes=["a", "b", "a"],
        edges=[("a", "b", 2.0), ("b", "a", 5.0), ("c", "c"), ("a", "b", 1.0), ("b", "c")],
    )
    built = build_graph(spec)
    assert built.report.self_loops == (2,)
    assert built.report.duplicates == ((1, 0), (3, 0))
    assert built.report.duplicate_nodes == (2,)
    assert built.report.implicit_nodes == 1
    assert built.ids == ["a", "b", "c"]
    assert built.ties == [("a", "b", 5.0), ("b", "c", 1.0)]  # duplicate weights: max
    assert build_graph(spec, duplicate_weight="sum").ties[0] == ("a", "b", 8.0)
    assert build_graph(spec, duplicate_weight="first").ties[0] == ("a", "b", 2.0)
    metrics = {node.id: node for node in node_metrics(built)}
    assert metrics["c"].degree == 1  # the self-loop does not count
    assert network_metrics(built).ties == 2


def test_directed_reverse_ties_are_not_duplicates():
    built = build_graph(GraphSpec(edges=[("a", "b"), ("b", "a"), ("a", "b")], directed=True))
    assert built.report.duplicates == ((2, 0),)
    assert built.m == 2
    assert network_metrics(built).density == 1.0


def test_tie_objects_and_bad_input():
    built = build_graph(GraphSpec(edges=[Tie("a", "b", 2.5), Tie("b", "c")]))
    assert built.ties == [("a", "b", 2.5), ("b", "c", 1.0)]
    with pytest.raises(ValueError, match="weight"):
        build_graph(GraphSpec(edges=[("a", "b", -1.0)]))
    with pytest.raises(ValueError, match="weight"):
        build_graph(GraphSpec(edges=[("a", "b", math.nan)]))
    with pytest.raises(ValueError, match="weight"):
        build_graph(GraphSpec(edges=[("a", "b", "3")]))
    with pytest.raises(ValueError, match="non-empty"):
        build_graph(GraphSpec(edges=[("a", "")]))
    with pytest.raises(ValueError, match="non-empty"):
        build_graph(GraphSpec(nodes=[1]))
    with pytest.raises(ValueError, match="expected"):
        build_graph(GraphSpec(edges=[("a",)]))
    with pytest.raises(ValueError, match="duplicate_weight"):
        build_graph(GraphSpec(), duplicate_weight="mean")


# ---------------------------------------------------------------------------------------------------------------
# Core, brokers, fragility, Jobcenter


def steering_group_network():
    """A Steuerungsgruppe of four (complete, the stable core) around the Jobcenter, a chain of partners hanging
    off the Stadtteilmanagement, and one isolated Kita."""
    nodes = [
        Node("Jobcenter", "jobcenter"),
        Node("Kommune", "kommune"),
        Node("Agentur", "agentur-fuer-arbeit"),
        Node("Stadtteilbüro", "stadtteilmanagement"),
        Node("Träger A", "traeger"),
        Node("Träger B", "traeger"),
        Node("Moschee", "multiplikator"),
        Node("Kita", "multiplikator"),
    ]
    edges = [
        ("Jobcenter", "Kommune"), ("Jobcenter", "Agentur"), ("Jobcenter", "Stadtteilbüro"),
        ("Kommune", "Agentur"), ("Kommune", "Stadtteilbüro"), ("Agentur", "Stadtteilbüro"),
        ("Stadtteilbüro", "Träger A"), ("Träger A", "Träger B"), ("Träger B", "Moschee"),
    ]
    return GraphSpec(nodes=nodes, edges=edges)


def test_stable_core_is_the_steering_group():
    analysis = analyse_network(steering_group_network())
    assert analysis.network.stable_core_k == 3
    assert analysis.network.stable_core == ["Jobcenter", "Kommune", "Agentur", "Stadtteilbüro"]
    assert analysis.network.k_core_sizes == {0: 8, 1: 7, 2: 4, 3: 4}
    tree = analyse_network(GraphSpec(edges=[("a", "b"), ("b", "c"), ("b", "d")]))
    assert tree.network.stable_core == []
    assert tree.network.stable_core_k is None


def test_brokers_by_hand():
    analysis = analyse_network(steering_group_network())
    brokers = {node.id for node in analysis.nodes if node.broker}
    # the chain Stadtteilbüro - Träger A - Träger B - Moschee: every inner link is a cut vertex
    assert brokers == {"Stadtteilbüro", "Träger A", "Träger B"}
    # top-decile betweenness bridging two actor types, without being a cut vertex: a Kommune linked to every
    # member of a Träger clique and of a Kita clique, which also share one direct tie (n = 11, top decile = 2)
    traeger = [f"t{i}" for i in range(5)]
    kitas = [f"k{i}" for i in range(5)]
    clique_edges = [(a, b) for group in (traeger, kitas) for i, a in enumerate(group) for b in group[i + 1:]]
    edges = clique_edges + [("hub", x) for x in traeger + kitas] + [("t0", "k0")]
    nodes = [Node("hub", "kommune")] + [Node(t, "traeger") for t in traeger] + [Node(k, "kita") for k in kitas]
    result = analyse_network(GraphSpec(nodes=nodes, edges=edges))
    hub = result.node("hub")
    assert hub.articulation_point is False
    assert hub.betweenness == max(n.betweenness for n in result.nodes)
    assert hub.broker is True
    assert result.node("t1").betweenness == 0.0
    assert result.node("t1").broker is False
    same_type = analyse_network(GraphSpec(nodes=[Node(n.id, "traeger") for n in nodes], edges=edges))
    assert same_type.node("hub").broker is False
    untyped = analyse_network(GraphSpec(edges=edges))
    assert not any(n.broker for n in untyped.nodes)


def test_fragility_most_critical_matches_recomputation():
    spec = steering_group_network()
    analysis = analyse_network(spec)
    critical = analysis.fragility.most_critical[0]
    assert critical.id == "Stadtteilbüro"
    assert critical.disconnected == 3  # Träger A, Träger B and Moschee lose the main component
    assert [e.id for e in analysis.fragility.most_critical[:3]] == ["Stadtteilbüro", "Träger A", "Träger B"]
    assert len(analysis.fragility.most_critical) == 8
    rest = GraphSpec(
        nodes=[n for n in spec.nodes if n.id != critical.id],
        edges=[e for e in spec.edges if critical.id not in e],
    )
    again = analyse_network(rest)
    assert again.network.components == critical.components_after == 3
    assert again.network.main_component_size == critical.main_component_size_after == 3
    assert again.network.density == pytest.approx(critical.density_after, abs=TOL)
    assert analysis.network.density - again.network.density == pytest.approx(critical.density_drop, abs=TOL)
    assert_fragility_matches(spec)


def test_fragility_top_ten_on_a_larger_graph():
    graph = nx.barabasi_albert_graph(60, 1, seed=3)  # a tree: every inner node is critical
    spec = spec_from_nx(graph)
    analysis = analyse_network(spec)
    top = analysis.fragility.most_critical
    assert len(top) == 10
    worst = top[0]
    components, largest, density_after = oracle_removal(oracle_graph(spec), worst.id)
    assert worst.main_component_size_after == largest
    assert worst.components_after == components
    assert worst.disconnected == 59 - largest
    assert worst.disconnected == max(e.disconnected for e in analysis.fragility.entries)
    assert_fragility_matches(spec)


def test_jobcenter_integration_by_hand():
    built = build_graph(steering_group_network())
    result = jobcenter_integration(built)
    assert result.jobcenter_nodes == ["Jobcenter", "Agentur"]
    assert result.other_actors == 6
    assert result.within_1 == 2  # Kommune, Stadtteilbüro
    assert result.within_2 == 3  # + Träger A
    assert result.share_within_1 == pytest.approx(2 / 6)
    assert result.share_within_2 == pytest.approx(3 / 6)
    # betweenness: Stadtteilbüro, Träger A, Träger B > 0; Jobcenter and Agentur share rank 4 with Kommune (0)
    assert result.best_betweenness_rank == 4
    assert result.best_betweenness_node == "Jobcenter"
    only_jc = jobcenter_integration(built, {"jobcenter"})
    assert only_jc.other_actors == 7
    assert only_jc.within_1 == 3


def test_jobcenter_integration_with_broker_jobcenter_and_without_jobcenter():
    spec = GraphSpec(
        nodes=[Node("JC", "jobcenter"), Node("a", "traeger"), Node("b", "traeger"), Node("c", "kita"),
               Node("d", "kita")],
        edges=[("a", "JC"), ("JC", "c"), ("c", "d")],
        directed=True,  # distances ignore the direction
    )
    result = jobcenter_integration(build_graph(spec))
    assert (result.within_1, result.within_2, result.other_actors) == (2, 3, 4)
    assert result.best_betweenness_rank == 1
    none = jobcenter_integration(build_graph(GraphSpec(edges=[("a", "b")])))
    assert none.jobcenter_nodes == []
    assert none.share_within_1 is None
    assert none.best_betweenness_rank is None


# ---------------------------------------------------------------------------------------------------------------
# Trust and value, change over time


def test_trust_and_value_scores_by_hand():
    spec = GraphSpec(
        nodes=["A", "B", "C"],
        edges=[
            Tie("A", "B", attrs={"reliability": 4, "openness": 2, "shared_mission": None, "influence": 3}),
            Tie("C", "B", attrs={"reliability": 2, "openness": None}),
            Tie("B", "A", attrs={"reliability": 1}),
            Tie("A", "A", attrs={"reliability": 4}),  # self-loop: ignored
            ("A", "C"),  # no attributes
        ],
        directed=True,
    )
    scores = trust_value_scores(spec)
    assert scores.per_node["B"]["reliability"] == 3.0
    assert scores.per_node["B"]["openness"] == 2.0
    assert scores.per_node["B"]["trust"] == pytest.approx((3.0 + 2.0) / 2)  # tie means 3 and 2
    assert scores.per_node["B"]["influence"] == 3.0
    assert scores.per_node["B"]["value"] == 3.0
    assert scores.per_node["A"]["reliability"] == 1.0
    assert scores.per_node["C"]["reliability"] is None
    assert scores.network["reliability"] == pytest.approx(7 / 3)
    assert scores.network["trust"] == pytest.approx((3 + 2 + 1) / 3)
    assert scores.counts["reliability"] == 3
    outgoing = aggregate_tie_attributes(spec, ["reliability"], mode="out")
    assert outgoing.per_node["A"]["reliability"] == 4.0
    undirected = aggregate_tie_attributes(GraphSpec(edges=spec.edges), ["reliability"])
    assert undirected.per_node["A"]["reliability"] == pytest.approx(2.5)
    with pytest.raises(ValueError, match="reliability"):
        trust_value_scores(GraphSpec(edges=[Tie("a", "b", attrs={"reliability": "hoch"})]))


def test_compare_networks_by_hand():
    before = GraphSpec(nodes=["A", "B", "C", "D"], edges=[("A", "B", 1.0), ("B", "C", 2.0), ("C", "D", 1.0)])
    after = GraphSpec(nodes=["A", "B", "C", "E"], edges=[("B", "A", 3.0), ("B", "C", 2.0), ("A", "C"), ("C", "E")])
    result = compare_networks(before, after)
    assert result.nodes_new == ["E"]
    assert result.nodes_left == ["D"]
    assert result.nodes_kept == 3
    assert result.ties_gained == [("A", "C"), ("C", "E")]
    assert result.ties_lost == [("C", "D")]
    assert result.ties_kept == 2
    assert result.weight_changes == [("A", "B", 1.0, 3.0)]
    assert result.network_deltas["ties"] == 1
    assert result.network_deltas["transitivity"] == pytest.approx(
        nx.transitivity(oracle_graph(after)) - nx.transitivity(oracle_graph(before))
    )
    assert result.network_deltas["density"] == pytest.approx(4 / 6 - 3 / 6)
    assert result.node_deltas["A"]["degree"] == 1
    assert result.node_deltas["A"]["strength"] == 3.0  # 1 -> 3 + 1
    assert "D" not in result.node_deltas
    with pytest.raises(ValueError):
        compare_networks(before, GraphSpec(edges=[("A", "B")], directed=True))
