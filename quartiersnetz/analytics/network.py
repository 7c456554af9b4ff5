"""Network analysis of cooperation networks (Kooperationsbeziehungen) on python-igraph. Pure: no Django imports.

Input is a `GraphSpec` (node ids as text, optional actor type per node, ties as `(source, target[, weight])` or
`Tie`, a directed flag). `build_graph` turns it into a simple igraph graph and reports what it ignored;
`analyse_network` computes everything at once, the `node_metrics`, `network_metrics`, `fragility` and
`jobcenter_integration` functions compute parts of it (they share one cache per `BuiltGraph`, so exact
betweenness and closeness are computed only once).

Building the graph
- Node order: the nodes of the spec in their order, then nodes that only occur in ties, in order of first
  appearance. Every list in the results follows this order.
- Self-loops (source = target) are reported and ignored; they count for no metric.
- Duplicate ties are reported and ignored: in an undirected graph (a, b) and (b, a) are the same tie, in a
  directed graph they are two ties. The weight of the kept tie follows `duplicate_weight`: "max" (default; the
  strongest report counts, independent of row order), "sum" (e.g. to add up co-attendances) or "first".
- A weight of None means 1.0; weights must be finite and >= 0.

Definitions (each equals networkx 3.x on the same simple graph; the tests use networkx as the oracle)
- degree: number of neighbours (directed: in-degree + out-degree, as `G.degree`); in_degree, out_degree.
- strength: sum of the weights of the incident ties (weighted degree; directed: in + out).
- betweenness: `nx.betweenness_centrality(G, normalized=True)`, unweighted (hops). Undirected: pairs counted once
  and divided by (n-1)(n-2)/2; directed: ordered pairs divided by (n-1)(n-2).
- closeness: `nx.closeness_centrality(G)` with its Wasserman–Faust correction: for node u with r nodes reaching it
  (u included) and distance sum S, (r-1)/S * (r-1)/(n-1); 0 when nothing reaches u. Directed graphs use the
  distances *to* u (incoming paths), as networkx does. Unweighted.
- eigenvector: `nx.eigenvector_centrality(G, weight="weight")` (tie weights count; Euclidean norm 1; directed:
  the left eigenvector, i.e. in-ties). It is computed by the same power iteration on (A + I) as networkx — start
  vector 1/n, at most 100 iterations, stop when the L1 change is below n * 1e-6 — so that disconnected graphs get
  the same values as with networkx (there the result depends on the iteration: the component with the largest
  eigenvalue dominates, the others decay towards 0). Agreement with networkx: within 1e-9 except when networkx
  stops on the iteration boundary, so the tests allow 1e-6. Where networkx would raise
  `PowerIterationFailedConvergence`, the last iterate is returned and `NetworkMetrics.eigenvector_converged` is
  False.
- core_number: `nx.core_number` (directed: in + out degree).
- articulation_point: `nx.articulation_points`; directed graphs use the underlying undirected graph (networkx
  does not define it for directed graphs).
- broker: node with betweenness > 0 that is an articulation point (its leaving splits the network), or whose
  betweenness is in the top decile (competition rank <= ceil(n / 10), rank 1 = highest) and whose neighbours
  belong to at least two different actor types (it bridges kinds of organisations). Without actor types only
  the first condition can hold.

Per network
- nodes, ties (after dropping self-loops and duplicates), density (`nx.density`).
- components: connected components (directed: weakly connected). main_component: the largest (ties: the one with
  the first node in node order).
- degree_centralization (Freeman): sum(max_deg - deg_i) / ((n-1)(n-2)), 0 for n < 3; directed graphs use the
  underlying undirected graph.
- transitivity: `nx.transitivity` (directed: networkx's definition on successor sets, i.e. transitive triples
  v->u, v->w, u->w over sum of d_out(d_out - 1)).
- average_path_length: `nx.average_shortest_path_length` of the main component (directed: of the largest
  strongly connected component); None when it has fewer than 2 nodes. Unweighted.
- k-core decomposition: k_core_sizes[k] = number of nodes with core number >= k (k = 0 .. max_core);
  stable core ("stabiler Kern"): the nodes of the highest non-trivial core, i.e. core number == max_core when
  max_core >= 2, else empty.

Fragility (directed graphs: weak connectivity) — for every node v, what happens when v leaves:
- disconnected: nodes of the main component, other than v, that are no longer connected to the largest piece of
  what is left of it (|main| - 1 - largest piece); 0 when v is outside the main component.
- components_after, main_component_size_after (largest component of the graph without v), density_after and
  density_drop = density - density_after (negative when the density rises).
- Ranking of the most critical actors: disconnected desc, then density_drop desc, then node order.
Computed for all nodes at once from the block–cut tree of the biconnected components (linear time), not by
removing nodes one by one.

Jobcenter integration: over the other actors (those whose type is not in the given set), the share within
distance 1 and within distance 2 (undirected hops) of any node of the given types, and the best betweenness rank
(competition ranking, 1 = highest) among those nodes.

Trust and value: `trust_value_scores` averages tie attributes (1–4 scales, None ignored) per node and network.

Speed: exact betweenness and closeness (Brandes, O(n·m)) dominate. They come from one compiled pass
(`analytics.brandes`: direction-optimising Brandes in numba, which also yields the distance sums, so closeness and
the average path length cost nothing extra in undirected graphs); cores, biconnected components, transitivity
and components run in igraph's C code; Python loops only touch nodes or blocks once. On the 2-core development
VM, 10,000 nodes / 100,000 ties take 7–8 s of CPU for everything (igraph's own betweenness and closeness
alone took about 34 s there); 2,500 / 20,000 take about 0.3 s, more than 200 times faster than networkx.
`bench/network_bench.py` measures it (decision 0004).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import igraph as ig
import numpy as np

from .brandes import PathStats, path_stats

DEFAULT_JOBCENTER_TYPES = frozenset({"jobcenter", "agentur-fuer-arbeit"})
TRUST_DIMENSIONS = ("reliability", "openness", "shared_mission")
VALUE_DIMENSIONS = ("influence", "resources", "involvement")
EIGENVECTOR_MAX_ITER = 100
EIGENVECTOR_TOL = 1.0e-6
FRAGILITY_TOP = 10
_RANK_EPS = 1.0e-12

DuplicateRule = Literal["max", "sum", "first"]


# ---------------------------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class Node:
    id: str
    actor_type: str | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tie:
    source: str
    target: str
    weight: float | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"reliability": 3, "openness": None}


@dataclass(frozen=True)
class GraphSpec:
    nodes: Sequence[Node | str] = ()
    edges: Sequence[Tie | tuple] = ()
    directed: bool = False


@dataclass(frozen=True)
class GraphBuildReport:
    """What `build_graph` ignored. Positions index `GraphSpec.edges` / `GraphSpec.nodes`."""

    self_loops: tuple[int, ...] = ()
    duplicates: tuple[tuple[int, int], ...] = ()  # (position of the ignored tie, position of the kept tie)
    duplicate_nodes: tuple[int, ...] = ()
    implicit_nodes: int = 0  # nodes that occur only in ties

    @property
    def self_loop_count(self) -> int:
        return len(self.self_loops)

    @property
    def duplicate_count(self) -> int:
        return len(self.duplicates)


@dataclass(eq=False)
class BuiltGraph:
    graph: ig.Graph  # simple graph, edge attribute "weight"
    ids: list[str]
    actor_types: list[str | None]
    directed: bool
    report: GraphBuildReport
    index: dict[str, int]
    ties: list[tuple[str, str, float]]  # kept ties in graph edge order
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.ties)


# ---------------------------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class NodeMetrics:
    id: str
    actor_type: str | None
    degree: int
    in_degree: int
    out_degree: int
    strength: float
    betweenness: float
    closeness: float
    eigenvector: float
    core_number: int
    articulation_point: bool
    broker: bool


@dataclass(frozen=True)
class NetworkMetrics:
    nodes: int
    ties: int
    directed: bool
    density: float
    components: int
    main_component_size: int
    degree_centralization: float
    transitivity: float
    average_path_length: float | None
    max_core: int
    k_core_sizes: dict[int, int]
    stable_core_k: int | None
    stable_core: list[str]
    eigenvector_converged: bool


@dataclass(frozen=True)
class FragilityEntry:
    id: str
    disconnected: int
    components_after: int
    main_component_size_after: int
    density_after: float
    density_drop: float


@dataclass(frozen=True)
class Fragility:
    entries: list[FragilityEntry]  # node order
    most_critical: list[FragilityEntry]  # top entries, most critical first


@dataclass(frozen=True)
class JobcenterIntegration:
    types: frozenset[str]
    jobcenter_nodes: list[str]
    other_actors: int
    within_1: int
    within_2: int
    share_within_1: float | None  # None when there is no Jobcenter node or no other actor
    share_within_2: float | None
    best_betweenness_rank: int | None
    best_betweenness_node: str | None


@dataclass(frozen=True)
class NetworkAnalysis:
    report: GraphBuildReport
    nodes: list[NodeMetrics]
    network: NetworkMetrics
    fragility: Fragility
    jobcenter: JobcenterIntegration
    ties: list[tuple[str, str, float]]

    def node(self, node_id: str) -> NodeMetrics:
        for metrics in self.nodes:
            if metrics.id == node_id:
                return metrics
        raise KeyError(node_id)


@dataclass(frozen=True)
class AttributeScores:
    per_node: dict[str, dict[str, float | None]]
    network: dict[str, float | None]
    counts: dict[str, int]  # number of ties that carried a value, per key (network level)


@dataclass(frozen=True)
class NetworkComparison:
    nodes_new: list[str]
    nodes_left: list[str]
    nodes_kept: int
    ties_gained: list[tuple[str, str]]
    ties_lost: list[tuple[str, str]]
    ties_kept: int
    weight_changes: list[tuple[str, str, float, float]]  # (source, target, weight before, weight after)
    network_deltas: dict[str, float | None]  # after - before
    node_deltas: dict[str, dict[str, float]]  # nodes present in both, after - before


# ---------------------------------------------------------------------------------------------------------------
# Building


def _check_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what}: node ids must be non-empty strings, got {value!r}")
    return value


def _unpack_edge(edge: Tie | tuple, position: int) -> tuple[str, str, float]:
    if isinstance(edge, Tie):
        source, target, weight = edge.source, edge.target, edge.weight
    elif isinstance(edge, tuple) and len(edge) in (2, 3):
        source, target = edge[0], edge[1]
        weight = edge[2] if len(edge) == 3 else None
    else:
        raise ValueError(f"edge {position}: expected (source, target[, weight]) or Tie, got {edge!r}")
    _check_id(source, f"edge {position}")
    _check_id(target, f"edge {position}")
    if weight is None:
        weight = 1.0
    elif isinstance(weight, bool) or not isinstance(weight, int | float):
        raise ValueError(f"edge {position}: weight must be a number, got {weight!r}")
    weight = float(weight)
    if not math.isfinite(weight) or weight < 0:
        raise ValueError(f"edge {position}: weight must be finite and >= 0, got {weight!r}")
    return source, target, weight


def build_graph(spec: GraphSpec, *, duplicate_weight: DuplicateRule = "max") -> BuiltGraph:
    """Build a simple igraph graph from the spec; self-loops and duplicate ties are reported and ignored."""
    if duplicate_weight not in ("max", "sum", "first"):
        raise ValueError(f"unknown duplicate_weight rule {duplicate_weight!r}")
    ids: list[str] = []
    actor_types: list[str | None] = []
    index: dict[str, int] = {}
    duplicate_nodes: list[int] = []
    for position, node in enumerate(spec.nodes):
        if isinstance(node, Node):
            node_id, actor_type = _check_id(node.id, f"node {position}"), node.actor_type
        else:
            node_id, actor_type = _check_id(node, f"node {position}"), None
        if node_id in index:
            duplicate_nodes.append(position)
            continue
        index[node_id] = len(ids)
        ids.append(node_id)
        actor_types.append(actor_type)
    declared = len(ids)

    directed = bool(spec.directed)
    self_loops: list[int] = []
    duplicates: list[tuple[int, int]] = []
    kept: dict[tuple[int, int], int] = {}  # key -> position in edge lists
    edge_pairs: list[tuple[int, int]] = []
    weights: list[float] = []
    positions: list[int] = []
    for position, edge in enumerate(spec.edges):
        source, target, weight = _unpack_edge(edge, position)
        pair = []
        for node_id in (source, target):
            vertex = index.get(node_id)
            if vertex is None:
                vertex = index[node_id] = len(ids)
                ids.append(node_id)
                actor_types.append(None)
            pair.append(vertex)
        u, v = pair
        if u == v:
            self_loops.append(position)
            continue
        key = (u, v) if directed or u < v else (v, u)
        existing = kept.get(key)
        if existing is not None:
            duplicates.append((position, positions[existing]))
            if duplicate_weight == "max":
                weights[existing] = max(weights[existing], weight)
            elif duplicate_weight == "sum":
                weights[existing] += weight
            continue
        kept[key] = len(edge_pairs)
        edge_pairs.append((u, v))
        weights.append(weight)
        positions.append(position)

    graph = ig.Graph(n=len(ids), edges=edge_pairs, directed=directed)
    graph.es["weight"] = weights
    report = GraphBuildReport(
        self_loops=tuple(self_loops),
        duplicates=tuple(duplicates),
        duplicate_nodes=tuple(duplicate_nodes),
        implicit_nodes=len(ids) - declared,
    )
    ties = [(ids[u], ids[v], w) for (u, v), w in zip(edge_pairs, weights, strict=True)]
    return BuiltGraph(
        graph=graph, ids=ids, actor_types=actor_types, directed=directed, report=report, index=index, ties=ties
    )


# ---------------------------------------------------------------------------------------------------------------
# Shared pieces (cached per BuiltGraph)


def _cached(built: BuiltGraph, key: str, compute):
    if key not in built._cache:
        built._cache[key] = compute()
    return built._cache[key]


def _undirected(built: BuiltGraph) -> ig.Graph:
    """The underlying undirected simple graph (the graph itself when undirected)."""
    if not built.directed:
        return built.graph
    return _cached(built, "undirected", lambda: built.graph.as_undirected(mode="collapse"))


def _density(n: int, m: int, directed: bool) -> float:
    if n <= 1:
        return 0.0
    return m / (n * (n - 1)) if directed else 2 * m / (n * (n - 1))


def _components(built: BuiltGraph) -> tuple[list[int], list[int], int]:
    """(membership, sizes, index of the main component) of the (weakly) connected components."""

    def compute():
        und = _undirected(built)
        if und.vcount() == 0:
            return [], [], -1
        clustering = und.connected_components()
        membership = list(clustering.membership)
        sizes = list(clustering.sizes())
        first: dict[int, int] = {}
        for vertex, comp in enumerate(membership):
            first.setdefault(comp, vertex)
        main = max(range(len(sizes)), key=lambda c: (sizes[c], -first[c]))
        return membership, sizes, main

    return _cached(built, "components", compute)


def _degrees(built: BuiltGraph) -> tuple[list[int], list[int], list[int]]:
    def compute():
        g = built.graph
        if built.directed:
            ins, outs = g.indegree(), g.outdegree()
            return [i + o for i, o in zip(ins, outs, strict=True)], ins, outs
        degree = g.degree()
        return degree, degree, degree

    return _cached(built, "degrees", compute)


def _path_stats(built: BuiltGraph) -> PathStats:
    """Raw betweenness, out-distance sums and reach from one compiled Brandes pass (analytics.brandes)."""

    def compute():
        edges = np.asarray(built.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        return path_stats(built.n, edges, directed=built.directed)

    return _cached(built, "path_stats", compute)


def _betweenness(built: BuiltGraph) -> np.ndarray:
    def compute():
        n = built.n
        if n <= 2:
            return np.zeros(n)
        raw = _path_stats(built).betweenness
        # raw counts unordered pairs in undirected graphs, networkx normalises ordered pairs by (n-1)(n-2).
        factor = 1.0 if built.directed else 2.0
        return raw * (factor / ((n - 1) * (n - 2)))

    return _cached(built, "betweenness", compute)


def _in_reach_counts(built: BuiltGraph) -> np.ndarray:
    """Number of nodes from which each node can be reached (itself included), via the condensation DAG."""
    g, n = built.graph, built.n
    scc = g.connected_components(mode="strong")
    membership = scc.membership
    k = len(scc)
    if k == 1:
        return np.full(n, n, dtype=float)
    masks = [0] * k
    for vertex, comp in enumerate(membership):
        masks[comp] |= 1 << vertex
    dag_edges = {(membership[u], membership[v]) for u, v in g.get_edgelist() if membership[u] != membership[v]}
    dag = ig.Graph(n=k, edges=list(dag_edges), directed=True)
    predecessors = dag.get_adjlist(mode="in")
    for comp in dag.topological_sorting(mode="out"):
        mask = masks[comp]
        for pred in predecessors[comp]:
            mask |= masks[pred]
        masks[comp] = mask
    counts = [masks[comp].bit_count() for comp in range(k)]
    return np.asarray([counts[comp] for comp in membership], dtype=float)


def _distance_sums(built: BuiltGraph) -> np.ndarray:
    """Sum of the hop distances from every node that reaches u (undirected: within u's component); 0 if none."""

    def compute():
        g = built.graph
        if built.n == 0:
            return np.zeros(0)
        if not built.directed:  # distances from u are distances to u: the Brandes pass has them already
            return _path_stats(built).distance_sums.astype(float)
        inverse = np.asarray(g.closeness(mode="in", normalized=False), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            sums = np.where(np.isfinite(inverse) & (inverse > 0), np.rint(1.0 / inverse), 0.0)
        return sums

    return _cached(built, "distance_sums", compute)


def _closeness(built: BuiltGraph) -> np.ndarray:
    def compute():
        n = built.n
        if n <= 1:
            return np.zeros(n)
        sums = _distance_sums(built)
        if built.directed:
            reach = _in_reach_counts(built)
        else:
            membership, sizes, _main = _components(built)
            reach = np.asarray(sizes, dtype=float)[np.asarray(membership, dtype=np.int64)]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = ((reach - 1.0) / sums) * ((reach - 1.0) / (n - 1))
        return np.where(sums > 0, values, 0.0)

    return _cached(built, "closeness", compute)


def _eigenvector(built: BuiltGraph) -> tuple[np.ndarray, bool]:
    """networkx's power iteration on (A + I), vectorised."""

    def compute():
        n = built.n
        if n == 0:
            return np.zeros(0), True
        g = built.graph
        edges = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        weights = np.asarray(g.es["weight"], dtype=float) if g.ecount() else np.zeros(0)
        sources, targets = edges[:, 0], edges[:, 1]
        if not built.directed:
            sources, targets = np.concatenate([sources, targets]), np.concatenate([targets, sources])
            weights = np.concatenate([weights, weights])
        x = np.full(n, 1.0 / n)
        for _ in range(EIGENVECTOR_MAX_ITER):
            last = x
            x = last + np.bincount(targets, weights=last[sources] * weights, minlength=n)
            x = x / (math.hypot(*x.tolist()) or 1.0)
            if float(np.abs(x - last).sum()) < n * EIGENVECTOR_TOL:
                return x, True
        return x, False

    return _cached(built, "eigenvector", compute)


def _core_numbers(built: BuiltGraph) -> list[int]:
    return _cached(built, "core", lambda: built.graph.coreness(mode="all"))


def _articulation_points(built: BuiltGraph) -> list[int]:
    return _cached(built, "articulation", lambda: sorted(_undirected(built).articulation_points()))


def _ranks(values: np.ndarray) -> np.ndarray:
    """Competition ranking, 1 = highest; values within a relative 1e-12 count as equal."""
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    eps = _RANK_EPS * max(1.0, float(values.max()))
    ordered = np.sort(values)
    # number of values strictly greater than v + eps
    greater = values.size - np.searchsorted(ordered, values + eps, side="right")
    return greater + 1


# ---------------------------------------------------------------------------------------------------------------
# Node metrics


def node_metrics(built: BuiltGraph) -> list[NodeMetrics]:
    n = built.n
    degree, in_degree, out_degree = _degrees(built)
    strength = built.graph.strength(weights="weight", mode="all", loops=False) if n else []
    betweenness = _betweenness(built)
    closeness = _closeness(built)
    eigenvector, _converged = _eigenvector(built)
    core = _core_numbers(built)
    articulation = set(_articulation_points(built))
    brokers = _brokers(built, betweenness, articulation)
    return [
        NodeMetrics(
            id=built.ids[v],
            actor_type=built.actor_types[v],
            degree=int(degree[v]),
            in_degree=int(in_degree[v]),
            out_degree=int(out_degree[v]),
            strength=float(strength[v]),
            betweenness=float(betweenness[v]),
            closeness=float(closeness[v]),
            eigenvector=float(eigenvector[v]),
            core_number=int(core[v]),
            articulation_point=v in articulation,
            broker=v in brokers,
        )
        for v in range(n)
    ]


def _brokers(built: BuiltGraph, betweenness: np.ndarray, articulation: set[int]) -> set[int]:
    n = built.n
    if n == 0:
        return set()
    ranks = _ranks(betweenness)
    cutoff = max(1, math.ceil(n / 10))
    neighbours = _undirected(built).get_adjlist()
    types = built.actor_types
    brokers = set()
    for v in range(n):
        if betweenness[v] <= 0:
            continue
        bridges_types = ranks[v] <= cutoff and len({types[u] for u in neighbours[v] if types[u]}) >= 2
        if v in articulation or bridges_types:
            brokers.add(v)
    return brokers


# ---------------------------------------------------------------------------------------------------------------
# Network metrics


def _transitivity(built: BuiltGraph) -> float:
    g = built.graph
    if built.n == 0:
        return 0.0
    if not built.directed:
        value = g.transitivity_undirected()
        return 0.0 if not math.isfinite(value) else float(value)
    successors = g.get_adjlist(mode="out")
    sets = [set(s) for s in successors]
    triangles = 0
    triads = 0
    for v, succ in enumerate(successors):
        d = len(succ)
        triads += d * (d - 1)
        own = sets[v]
        for w in succ:
            triangles += len(own & sets[w])
    return 0.0 if triangles == 0 else triangles / triads


def _degree_centralization(built: BuiltGraph) -> float:
    n = built.n
    if n < 3:
        return 0.0
    degree = _undirected(built).degree()
    top = max(degree)
    return sum(top - d for d in degree) / ((n - 1) * (n - 2))


def _average_path_length(built: BuiltGraph) -> float | None:
    if not built.directed:
        membership, sizes, main = _components(built)
        if main < 0 or sizes[main] < 2:
            return None
        sums = _distance_sums(built)
        total = float(sums[np.asarray(membership) == main].sum())
        size = sizes[main]
        return total / (size * (size - 1))
    g = built.graph
    if built.n == 0:
        return None
    scc = g.connected_components(mode="strong")
    sizes = scc.sizes()
    first: dict[int, int] = {}
    for vertex, comp in enumerate(scc.membership):
        first.setdefault(comp, vertex)
    main = max(range(len(sizes)), key=lambda c: (sizes[c], -first[c]))
    if sizes[main] < 2:
        return None
    sub = g.induced_subgraph(scc[main])
    size = sub.vcount()
    inverse = np.asarray(sub.closeness(mode="in", normalized=False), dtype=float)
    total = float(np.rint(1.0 / inverse).sum())
    return total / (size * (size - 1))


def network_metrics(built: BuiltGraph) -> NetworkMetrics:
    n, m = built.n, built.m
    membership, sizes, main = _components(built)
    core = _core_numbers(built)
    max_core = max(core) if core else 0
    k_core_sizes = dict.fromkeys(range(max_core + 1), 0)
    for value in core:
        k_core_sizes[value] += 1
    running = 0
    for k in range(max_core, -1, -1):  # cumulative: nodes with core number >= k
        running += k_core_sizes[k]
        k_core_sizes[k] = running
    stable_k = max_core if max_core >= 2 else None
    stable_core = [built.ids[v] for v in range(n) if stable_k is not None and core[v] == stable_k]
    _eig, converged = _eigenvector(built)
    return NetworkMetrics(
        nodes=n,
        ties=m,
        directed=built.directed,
        density=_density(n, m, built.directed),
        components=len(sizes),
        main_component_size=sizes[main] if main >= 0 else 0,
        degree_centralization=_degree_centralization(built),
        transitivity=_transitivity(built),
        average_path_length=_average_path_length(built),
        max_core=max_core,
        k_core_sizes=k_core_sizes,
        stable_core_k=stable_k,
        stable_core=stable_core,
        eigenvector_converged=converged,
    )


# ---------------------------------------------------------------------------------------------------------------
# Fragility


def _removal_pieces(built: BuiltGraph) -> tuple[list[int], list[int]]:
    """For every vertex v: into how many pieces v's component falls when v is removed, and the largest piece.

    Uses the block–cut tree: a cut vertex lies in several blocks (biconnected components); the pieces left
    after removing it are the subtrees of the tree hanging off it.
    """
    und = _undirected(built)
    n = und.vcount()
    membership, sizes, _main = _components(built)
    pieces = [0] * n
    largest = [0] * n
    for v in range(n):
        size = sizes[membership[v]]
        if size > 1:
            pieces[v], largest[v] = 1, size - 1
    if n == 0:
        return pieces, largest
    blocks, cut_vertices = und.biconnected_components(return_articulation_points=True)
    if not cut_vertices:
        return pieces, largest
    n_blocks = len(blocks)
    tree_id = {vertex: n_blocks + i for i, vertex in enumerate(cut_vertices)}
    total = n_blocks + len(cut_vertices)
    adjacency: list[list[int]] = [[] for _ in range(total)]
    weight = [1] * total  # a cut vertex counts itself
    for b, members in enumerate(blocks):
        own = 0
        for vertex in members:
            t = tree_id.get(vertex)
            if t is None:
                own += 1
            else:
                adjacency[b].append(t)
                adjacency[t].append(b)
        weight[b] = own
    parent = [-1] * total
    seen = bytearray(total)
    order: list[int] = []
    for root in range(n_blocks):  # every tree of the forest contains a block
        if seen[root]:
            continue
        seen[root] = 1
        stack = [root]
        while stack:
            x = stack.pop()
            order.append(x)
            for y in adjacency[x]:
                if not seen[y]:
                    seen[y] = 1
                    parent[y] = x
                    stack.append(y)
    subtree = weight[:]
    for x in reversed(order):
        if parent[x] >= 0:
            subtree[parent[x]] += subtree[x]
    for vertex, t in tree_id.items():
        component_size = sizes[membership[vertex]]
        parts = [subtree[y] for y in adjacency[t] if parent[y] == t]
        if parent[t] >= 0:
            parts.append(component_size - subtree[t])
        pieces[vertex] = len(parts)
        largest[vertex] = max(parts)
    return pieces, largest


def fragility(built: BuiltGraph, *, top: int = FRAGILITY_TOP) -> Fragility:
    n, m = built.n, built.m
    membership, sizes, main = _components(built)
    degree, _in, _out = _degrees(built)
    pieces, largest_piece = _removal_pieces(built)
    density = _density(n, m, built.directed)
    # largest and second largest component, to know the largest component outside v's own
    ranked = sorted(range(len(sizes)), key=lambda c: -sizes[c])[:2]
    entries = []
    for v in range(n):
        comp = membership[v]
        other = next((sizes[c] for c in ranked if c != comp), 0)
        disconnected = sizes[main] - 1 - largest_piece[v] if comp == main else 0
        density_after = _density(n - 1, m - degree[v], built.directed)
        entries.append(
            FragilityEntry(
                id=built.ids[v],
                disconnected=disconnected,
                components_after=len(sizes) - 1 + pieces[v],
                main_component_size_after=max(largest_piece[v], other),
                density_after=density_after,
                density_drop=density - density_after,
            )
        )
    order = sorted(range(n), key=lambda v: (-entries[v].disconnected, -entries[v].density_drop, v))
    return Fragility(entries=entries, most_critical=[entries[v] for v in order[: max(0, top)]])


# ---------------------------------------------------------------------------------------------------------------
# Jobcenter integration


def jobcenter_integration(built: BuiltGraph, types: Iterable[str] = DEFAULT_JOBCENTER_TYPES) -> JobcenterIntegration:
    types = frozenset(types)
    jc = [v for v in range(built.n) if built.actor_types[v] in types]
    others = built.n - len(jc)
    if not jc:
        return JobcenterIntegration(types, [], others, 0, 0, None, None, None, None)
    und = _undirected(built)
    jc_set = set(jc)
    near_1: set[int] = set()
    near_2: set[int] = set()
    for vertices, target in ((und.neighborhood(jc, order=1), near_1), (und.neighborhood(jc, order=2), near_2)):
        for neighbourhood in vertices:
            target.update(neighbourhood)
    within_1 = len(near_1 - jc_set)
    within_2 = len(near_2 - jc_set)
    ranks = _ranks(_betweenness(built))
    best = min(jc, key=lambda v: (ranks[v], v))
    return JobcenterIntegration(
        types=types,
        jobcenter_nodes=[built.ids[v] for v in jc],
        other_actors=others,
        within_1=within_1,
        within_2=within_2,
        share_within_1=within_1 / others if others else None,
        share_within_2=within_2 / others if others else None,
        best_betweenness_rank=int(ranks[best]),
        best_betweenness_node=built.ids[best],
    )


# ---------------------------------------------------------------------------------------------------------------
# Everything at once


def analyse_network(
    spec: GraphSpec,
    *,
    jobcenter_types: Iterable[str] = DEFAULT_JOBCENTER_TYPES,
    duplicate_weight: DuplicateRule = "max",
    fragility_top: int = FRAGILITY_TOP,
) -> NetworkAnalysis:
    built = build_graph(spec, duplicate_weight=duplicate_weight)
    return NetworkAnalysis(
        report=built.report,
        nodes=node_metrics(built),
        network=network_metrics(built),
        fragility=fragility(built, top=fragility_top),
        jobcenter=jobcenter_integration(built, jobcenter_types),
        ties=built.ties,
    )


# ---------------------------------------------------------------------------------------------------------------
# Trust and value


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate_tie_attributes(
    spec: GraphSpec,
    keys: Sequence[str],
    *,
    composites: Mapping[str, Sequence[str]] | None = None,
    mode: Literal["in", "out", "all"] = "in",
) -> AttributeScores:
    """Mean of tie attributes per node and for the network, ignoring None (and ties without `attrs`).

    Every tie of the spec counts except self-loops — duplicates too: two partners rating each other are two
    ratings. A composite (e.g. "trust" over reliability, openness, shared mission) is first the mean of the
    tie's available dimensions, then averaged like a dimension. Per node, directed specs use the ties that
    point to the node (`mode="in"`: ratings the organisation received), "out" or "all"; undirected specs use
    every incident tie.
    """
    composites = dict(composites or {})
    all_keys = list(keys) + [k for k in composites if k not in keys]
    needed = set(keys).union(*composites.values())
    node_ids: list[str] = []
    seen: set[str] = set()
    for node in spec.nodes:
        node_id = node.id if isinstance(node, Node) else node
        if node_id not in seen:
            seen.add(node_id)
            node_ids.append(node_id)
    per_node_values: dict[str, dict[str, list[float]]] = {}
    network_values: dict[str, list[float]] = {k: [] for k in all_keys}
    for position, edge in enumerate(spec.edges):
        source, target, _weight = _unpack_edge(edge, position)
        for node_id in (source, target):
            if node_id not in seen:
                seen.add(node_id)
                node_ids.append(node_id)
        if source == target:
            continue
        attrs = edge.attrs if isinstance(edge, Tie) else {}
        raw: dict[str, float] = {}
        for key in needed:
            value = attrs.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"edge {position}: attribute {key!r} must be a finite number, got {value!r}")
            raw[key] = float(value)
        values = {key: raw[key] for key in keys if key in raw}
        for name, dims in composites.items():
            available = [raw[d] for d in dims if d in raw]
            if available:
                values[name] = sum(available) / len(available)
        if not values:
            continue
        receivers = (source, target)
        if spec.directed and mode != "all":
            receivers = (target,) if mode == "in" else (source,)
        for key, value in values.items():
            network_values[key].append(value)
            for node_id in receivers:
                per_node_values.setdefault(node_id, {}).setdefault(key, []).append(value)
    per_node = {
        node_id: {key: _mean(per_node_values.get(node_id, {}).get(key, [])) for key in all_keys}
        for node_id in node_ids
    }
    return AttributeScores(
        per_node=per_node,
        network={key: _mean(network_values[key]) for key in all_keys},
        counts={key: len(network_values[key]) for key in all_keys},
    )


def trust_value_scores(spec: GraphSpec, *, mode: Literal["in", "out", "all"] = "in") -> AttributeScores:
    """Trust (reliability, openness, shared mission) and value (influence, resources, involvement) per node and
    network, with the composites "trust" and "value" (per tie the mean of its available dimensions)."""
    return aggregate_tie_attributes(
        spec,
        TRUST_DIMENSIONS + VALUE_DIMENSIONS,
        composites={"trust": TRUST_DIMENSIONS, "value": VALUE_DIMENSIONS},
        mode=mode,
    )


# ---------------------------------------------------------------------------------------------------------------
# Change over time

_NETWORK_DELTA_FIELDS = (
    "nodes", "ties", "density", "components", "main_component_size", "degree_centralization", "transitivity",
    "average_path_length", "max_core",
)
_NODE_DELTA_FIELDS = ("degree", "strength", "betweenness", "closeness", "eigenvector", "core_number")


def _tie_key(source: str, target: str, directed: bool) -> tuple[str, str]:
    return (source, target) if directed or source <= target else (target, source)


def compare_networks(before: GraphSpec | NetworkAnalysis, after: GraphSpec | NetworkAnalysis) -> NetworkComparison:
    """Change between two periods or survey waves. Undirected ties are identified as (smaller id, larger id)."""
    a = before if isinstance(before, NetworkAnalysis) else analyse_network(before)
    b = after if isinstance(after, NetworkAnalysis) else analyse_network(after)
    if a.network.directed != b.network.directed:
        raise ValueError("cannot compare a directed with an undirected network")
    directed = a.network.directed
    ids_a = [node.id for node in a.nodes]
    ids_b = [node.id for node in b.nodes]
    set_a, set_b = set(ids_a), set(ids_b)
    ties_a = {_tie_key(s, t, directed): w for s, t, w in a.ties}
    ties_b = {_tie_key(s, t, directed): w for s, t, w in b.ties}
    network_deltas: dict[str, float | None] = {}
    for name in _NETWORK_DELTA_FIELDS:
        va, vb = getattr(a.network, name), getattr(b.network, name)
        network_deltas[name] = None if va is None or vb is None else vb - va
    nodes_a = {node.id: node for node in a.nodes}
    kept = [k for k in ties_b if k in ties_a]
    node_deltas = {}
    for node in b.nodes:
        old = nodes_a.get(node.id)
        if old is not None:
            node_deltas[node.id] = {name: getattr(node, name) - getattr(old, name) for name in _NODE_DELTA_FIELDS}
    return NetworkComparison(
        nodes_new=[i for i in ids_b if i not in set_a],
        nodes_left=[i for i in ids_a if i not in set_b],
        nodes_kept=len(set_a & set_b),
        ties_gained=sorted(k for k in ties_b if k not in ties_a),
        ties_lost=sorted(k for k in ties_a if k not in ties_b),
        ties_kept=len(kept),
        weight_changes=sorted((k[0], k[1], ties_a[k], ties_b[k]) for k in kept if ties_a[k] != ties_b[k]),
        network_deltas=network_deltas,
        node_deltas=node_deltas,
    )
