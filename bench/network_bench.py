"""Benchmark of the network analysis (issue 8): our metrics (compiled Brandes kernel + igraph) against networkx.

Goals (checked here, never in unit tests):
- all node and network metrics — exact betweenness and closeness, eigenvector, cores, articulation points,
  brokers, density, components, centralisation, transitivity, average path length, k-cores, and also fragility
  and Jobcenter integration — for a generated network of 10,000 nodes and 100,000 ties in under 10 s on one core;
- on 2,500 nodes and 20,000 ties at least 20 times faster than networkx computing the same metrics (degree,
  betweenness, closeness, eigenvector, core number, articulation points, density, components, transitivity,
  average path length of the main component), with results equal within 1e-9 (eigenvector: 1e-6, see
  quartiersnetz.analytics.network).

The generated networks (seeded, reproducible) have the shape of a large cooperation network: a random core of
organisations with actor types, 2 % pendant organisations tied to a single partner (articulation points), and a
few separate pairs (several components). networkx runs only on the 2,500-node network (it takes minutes on the
larger one). `run()` returns the timings in seconds (wall clock; `*_cpu_seconds` is the process CPU time, which is
less disturbed by other load on the machine), the speed-up and the largest differences.

    .venv/bin/python bench/network_bench.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

from quartiersnetz.analytics.network import (
    GraphSpec,
    Node,
    analyse_network,
    build_graph,
    network_metrics,
    node_metrics,
)

ACTOR_TYPES = (
    "kommune", "jobcenter", "agentur-fuer-arbeit", "wirtschaft", "traeger", "stadtteilmanagement",
    "soziale-dienste", "multiplikator", "kontaktstelle",
)
SEPARATE_PAIRS = 10
PENDANT_SHARE = 0.02


def generate(n_nodes: int, n_ties: int, seed: int) -> GraphSpec:
    """A seeded network with exactly n_nodes nodes and n_ties distinct ties (no self-loops)."""
    rng = random.Random(seed)
    ids = [f"org-{i:05d}" for i in range(n_nodes)]
    nodes = [Node(node_id, ACTOR_TYPES[rng.randrange(len(ACTOR_TYPES))]) for node_id in ids]
    pairs = 2 * SEPARATE_PAIRS
    pendants = int(n_nodes * PENDANT_SHARE)
    core = n_nodes - pairs - pendants
    ties: set[tuple[int, int]] = set()
    for i in range(SEPARATE_PAIRS):
        ties.add((core + pendants + 2 * i, core + pendants + 2 * i + 1))
    for p in range(core, core + pendants):
        ties.add((rng.randrange(core), p))
    for v in range(1, core):  # a random spanning tree keeps the core connected
        ties.add((rng.randrange(v), v))
    while len(ties) < n_ties:
        u, v = rng.randrange(core), rng.randrange(core)
        if u != v:
            ties.add((min(u, v), max(u, v)))
    edges = [(ids[u], ids[v], float(rng.randint(1, 4))) for u, v in sorted(ties)]
    rng.shuffle(edges)
    return GraphSpec(nodes=nodes, edges=edges[:n_ties])


def _timed(fn, repeat: int) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _our_same_metrics(spec: GraphSpec):
    built = build_graph(spec)
    return node_metrics(built), network_metrics(built)


def _networkx_same_metrics(spec: GraphSpec) -> dict:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in spec.nodes)
    graph.add_weighted_edges_from(spec.edges)
    main = max(nx.connected_components(graph), key=len)
    return {
        "degree": dict(graph.degree()),
        "betweenness": nx.betweenness_centrality(graph, normalized=True),
        "closeness": nx.closeness_centrality(graph),
        "eigenvector": nx.eigenvector_centrality(graph, weight="weight"),
        "core_number": nx.core_number(graph),
        "articulation_points": set(nx.articulation_points(graph)),
        "density": nx.density(graph),
        "components": nx.number_connected_components(graph),
        "transitivity": nx.transitivity(graph),
        "average_path_length": nx.average_shortest_path_length(graph.subgraph(main)),
    }


def _differences(ours, theirs: dict) -> tuple[float, float]:
    nodes, network = ours
    diff = 0.0
    for node in nodes:
        diff = max(diff, abs(node.betweenness - theirs["betweenness"][node.id]),
                   abs(node.closeness - theirs["closeness"][node.id]))
        if node.degree != theirs["degree"][node.id] or node.core_number != theirs["core_number"][node.id]:
            diff = max(diff, 1.0)
        if node.articulation_point != (node.id in theirs["articulation_points"]):
            diff = max(diff, 1.0)
    diff = max(diff, abs(network.density - theirs["density"]), abs(network.transitivity - theirs["transitivity"]),
               abs(network.average_path_length - theirs["average_path_length"]),
               float(network.components != theirs["components"]))
    eigen = max(abs(node.eigenvector - theirs["eigenvector"][node.id]) for node in nodes)
    return diff, eigen


def run(*, repeat_small: int = 3, with_networkx: bool = True) -> dict[str, float]:
    large = generate(10_000, 100_000, seed=8)
    small = generate(2_500, 20_000, seed=8)
    results: dict[str, float] = {}
    if hasattr(os, "sched_setaffinity"):  # the goal is for one core: pin this process to one
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    # The compiled Brandes kernel is built once per installation (numba cache on disk); time that apart.
    wall, _cpu, _ = _timed(lambda: analyse_network(generate(50, 200, seed=1)), 1)
    results["network_kernel_first_call_seconds"] = wall

    wall, cpu, analysis = _timed(lambda: analyse_network(large), 1)
    results["network_10k_all_metrics_seconds"] = wall
    results["network_10k_all_metrics_cpu_seconds"] = cpu
    assert analysis.network.nodes == 10_000 and analysis.network.ties == 100_000

    wall, cpu, _ = _timed(lambda: analyse_network(small), repeat_small)
    results["network_2500_all_metrics_seconds"] = wall
    wall, cpu, ours = _timed(lambda: _our_same_metrics(small), repeat_small)
    results["network_2500_same_metrics_seconds"] = wall
    results["network_2500_same_metrics_cpu_seconds"] = cpu
    if with_networkx:
        nx_wall, nx_cpu, theirs = _timed(lambda: _networkx_same_metrics(small), 1)
        results["network_2500_networkx_seconds"] = nx_wall
        results["network_2500_networkx_cpu_seconds"] = nx_cpu
        results["network_2500_speedup"] = nx_wall / wall
        results["network_2500_speedup_cpu"] = nx_cpu / cpu
        diff, eigen = _differences(ours, theirs)
        results["network_2500_max_abs_difference"] = diff
        results["network_2500_eigenvector_max_abs_difference"] = eigen
    return results


def main() -> int:
    results = run(with_networkx="--no-networkx" not in sys.argv)
    for key, value in results.items():
        print(f"{key:48} {value:14.6g}")
    ok = results["network_10k_all_metrics_seconds"] < 10.0
    if "network_2500_speedup" in results:
        ok = ok and results["network_2500_speedup"] >= 20 and results["network_2500_max_abs_difference"] <= 1e-9
    print("goals met" if ok else "goals NOT met (10k < 10 s, speed-up >= 20, difference <= 1e-9)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
