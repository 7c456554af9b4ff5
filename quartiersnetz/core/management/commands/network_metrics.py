"""`quartiersnetz network-metrics --edges FILE.csv [--directed] [--weight COLUMN] [--format json|csv]`

Network metrics for an edge list from another tool. FILE has a header with the columns `source` and `target`
(node ids as text) and optionally a weight column named by `--weight`; `,` or `;` separated; UTF-8 (with or
without BOM) or Windows-1252 (see `quartiersnetz.analytics.edgelist`).

Output on stdout
- json (default): {"nodes", "edges", "density", "degree_centralization", "transitivity", "components",
  "node_metrics": [{"id", "degree", "betweenness", "closeness", "core_number", "articulation_point"}, ...],
  "ignored": {"self_loops", "duplicates"}}. "edges" counts the ties after ignoring self-loops and duplicates.
- csv: one row per node with the columns id,degree,betweenness,closeness,core_number,articulation_point,
  comma-separated, decimal point, articulation_point as true/false (for data tools, not German Excel).
Nodes appear in order of first appearance in the file.

The definitions equal networkx's for unweighted undirected graphs: betweenness_centrality(normalized=True),
closeness_centrality, core_number, transitivity, density, articulation_points; degree_centralization is
Freeman's. Weights do not enter these metrics. With --directed: networkx's directed definitions (closeness on
incoming distances), weakly connected components, articulation points and degree centralisation on the
underlying undirected graph (see `quartiersnetz.analytics.network`).

Self-loops and duplicate rows are ignored and reported on stderr with their line numbers. A malformed file gives
a German error with the line number on stderr and exit code 2.
"""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from quartiersnetz.analytics.edgelist import EdgeListError, describe_ignored, read_edge_list
from quartiersnetz.analytics.network import build_graph, network_metrics, node_metrics

CSV_COLUMNS = ("id", "degree", "betweenness", "closeness", "core_number", "articulation_point")


class Command(BaseCommand):
    help = "Network metrics (networkx definitions) for a CSV edge list with the columns source,target[,weight]."
    requires_system_checks = []  # pure computation: no database, no checks needed

    def add_arguments(self, parser):
        parser.add_argument("--edges", required=True, metavar="FILE.csv", help="CSV edge list with a header row.")
        parser.add_argument("--directed", action="store_true", help="Treat ties as directed (source -> target).")
        parser.add_argument("--weight", metavar="COLUMN", default=None, help="Name of the weight column (optional).")
        parser.add_argument("--format", choices=("json", "csv"), default="json", help="Output format (default json).")

    def handle(self, *args, edges: str, directed: bool, weight: str | None, format: str, **options):
        try:
            edge_list = read_edge_list(edges, weight_column=weight)
        except EdgeListError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        built = build_graph(edge_list.spec(directed=directed))
        for message in describe_ignored(edge_list, built.report):
            self.stderr.write(message)
        nodes = node_metrics(built)
        rows = [
            {
                "id": node.id,
                "degree": node.degree,
                "betweenness": node.betweenness,
                "closeness": node.closeness,
                "core_number": node.core_number,
                "articulation_point": node.articulation_point,
            }
            for node in nodes
        ]
        if format == "csv":
            self._write_csv(rows)
            return
        network = network_metrics(built)
        result = {
            "nodes": network.nodes,
            "edges": network.ties,
            "density": network.density,
            "degree_centralization": network.degree_centralization,
            "transitivity": network.transitivity,
            "components": network.components,
            "node_metrics": rows,
            "ignored": {"self_loops": built.report.self_loop_count, "duplicates": built.report.duplicate_count},
        }
        self.stdout.write(json.dumps(result, indent=2))

    def _write_csv(self, rows: list[dict]) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row["id"],
                    row["degree"],
                    repr(row["betweenness"]),
                    repr(row["closeness"]),
                    row["core_number"],
                    "true" if row["articulation_point"] else "false",
                ]
            )
