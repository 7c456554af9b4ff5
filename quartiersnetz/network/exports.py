"""The network of a Quartier as data: the JSON payload of the graph page and the API, and files for other tools
(GraphML and GEXF for Gephi/yEd, a Kumu import, a CSV edge list). Every format is built from one `NetworkResult`,
so page, API and files show the same numbers.

GraphML and GEXF are written here with the standard library (networkx is only used by the tests, as an
independent parser). Node ids are the organisation ids; the label is the organisation name.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree as ET

from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core import tabular

from .choices import TIE_TYPE_LEVEL, Source, TieType
from .selectors import NetworkChange, NetworkResult, NetworkWave

NODE_METRICS = ("degree", "strength", "betweenness", "closeness", "eigenvector", "core_number")
COMPARE_METRICS = ("nodes", "ties", "density", "components", "main_component_size", "degree_centralization",
                   "transitivity", "average_path_length", "max_core")


def _source_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Source.choices}


def graph_payload(result: NetworkResult) -> dict:
    """Nodes with metrics and roles, ties with strength and sources, network metrics, fragility, Jobcenter."""
    analysis = result.analysis
    net = analysis.network
    core = set(net.stable_core)
    nodes_by_id = result.nodes_by_id
    tie_labels = dict(TieType.choices)
    nodes = []
    for metrics in analysis.nodes:
        node = nodes_by_id[metrics.id]
        scores = result.scores.per_node.get(metrics.id, {})
        nodes.append({
            "id": node.id,
            "name": node.name,
            "short_name": node.short_name,
            "actor_type": {"slug": node.actor_type, "name": node.actor_type_name, "group": node.group,
                           "group_name": node.group_name, "colour": node.colour},
            "url": node.url,
            "degree": metrics.degree,
            "strength": metrics.strength,
            "betweenness": metrics.betweenness,
            "closeness": metrics.closeness,
            "eigenvector": metrics.eigenvector,
            "core_number": metrics.core_number,
            "articulation_point": metrics.articulation_point,
            "broker": metrics.broker,
            "core": metrics.id in core,
            "trust": scores.get("trust"),
            "value": scores.get("value"),
        })
    ties = []
    for edge in result.data.edges:
        ties.append({
            "source": edge.a,
            "target": edge.b,
            "strength": edge.strength,
            "sources": dict(sorted(edge.sources.items())),
            "tie_types": sorted(edge.tie_types, key=lambda t: TIE_TYPE_LEVEL[t]),
            "tie_type_labels": [str(tie_labels[t]) for t in sorted(edge.tie_types, key=lambda t: TIE_TYPE_LEVEL[t])],
        })
    jc = analysis.jobcenter
    fragility = []
    for entry in analysis.fragility.most_critical:
        fragility.append({
            "id": int(entry.id), "name": nodes_by_id[entry.id].name, "disconnected": entry.disconnected,
            "components_after": entry.components_after, "main_component_size_after": entry.main_component_size_after,
            "density_after": entry.density_after, "density_drop": entry.density_drop,
        })
    params = result.data.params
    return {
        "quartier": {"id": result.data.quartier.pk, "slug": result.data.quartier.slug,
                     "name": result.data.quartier.display_name},
        "filters": {
            "sources": sorted(params.sources), "start": params.start.isoformat() if params.start else None,
            "end": params.end.isoformat() if params.end else None, "min_strength": params.min_strength,
            "tie_types": sorted(params.tie_types) if params.tie_types else None,
            "actor_types": sorted(params.actor_types) if params.actor_types else None, "weights": params.weights,
        },
        "nodes": nodes,
        "ties": ties,
        "metrics": {
            "nodes": net.nodes, "ties": net.ties, "density": net.density, "components": net.components,
            "main_component_size": net.main_component_size, "degree_centralization": net.degree_centralization,
            "transitivity": net.transitivity, "average_path_length": net.average_path_length,
            "max_core": net.max_core, "stable_core_k": net.stable_core_k,
            "stable_core": [int(i) for i in net.stable_core],
            "brokers": [n["id"] for n in nodes if n["broker"]],
            "trust": result.scores.network.get("trust"), "value": result.scores.network.get("value"),
        },
        "jobcenter": {
            "nodes": [int(i) for i in jc.jobcenter_nodes], "other_actors": jc.other_actors,
            "within_1": jc.within_1, "within_2": jc.within_2, "share_within_1": jc.share_within_1,
            "share_within_2": jc.share_within_2, "best_betweenness_rank": jc.best_betweenness_rank,
            "best_betweenness_node": int(jc.best_betweenness_node) if jc.best_betweenness_node else None,
        },
        "fragility": fragility,
    }


def wave_payload(wave: NetworkWave) -> dict:
    return {"key": wave.key, "kind": wave.kind, "name": wave.name, "label": wave.label, "date": wave.date}


def compare_payload(change: NetworkChange) -> dict:
    """A comparison of two survey waves for the API: the waves, metrics before/after/delta, organisations new and
    left, ties gained and lost (pairs ordered by name)."""
    def ref(node_id: str) -> dict:
        return {"id": int(node_id), "name": change.name(node_id)}

    def pairs(ties) -> list[dict]:
        out = [sorted((ref(a), ref(b)), key=lambda r: (r["name"], r["id"])) for a, b in ties]
        return [{"a": a, "b": b} for a, b in sorted(out, key=lambda p: (p[0]["name"], p[1]["name"], p[0]["id"]))]

    comparison = change.comparison
    quartier = change.after.data.quartier
    return {
        "quartier": {"id": quartier.pk, "slug": quartier.slug, "name": quartier.display_name},
        "wave_a": wave_payload(change.waves[0]),
        "wave_b": wave_payload(change.waves[1]),
        "metrics": [
            {"name": name, "before": getattr(change.before.analysis.network, name),
             "after": getattr(change.after.analysis.network, name), "delta": comparison.network_deltas.get(name)}
            for name in COMPARE_METRICS
        ],
        "nodes_new": sorted((ref(i) for i in comparison.nodes_new), key=lambda r: (r["name"], r["id"])),
        "nodes_left": sorted((ref(i) for i in comparison.nodes_left), key=lambda r: (r["name"], r["id"])),
        "nodes_kept": comparison.nodes_kept,
        "ties_gained": pairs(comparison.ties_gained),
        "ties_lost": pairs(comparison.ties_lost),
        "ties_kept": comparison.ties_kept,
    }


def _filename(result: NetworkResult, ext: str) -> str:
    return f"netzwerk-{result.data.quartier.slug}-{timezone.localdate():%Y-%m-%d}.{ext}"


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- GraphML ------------------------------------------------------------------------------------------------------

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def _node_rows(result: NetworkResult):
    payload = graph_payload(result)
    return payload["nodes"], payload["ties"]


def to_graphml(result: NetworkResult) -> bytes:
    nodes, ties = _node_rows(result)
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    node_keys = [("label", "string"), ("actor_type", "string"), ("actor_group", "string"), ("colour", "string"),
                 ("degree", "int"), ("strength", "double"), ("betweenness", "double"), ("closeness", "double"),
                 ("eigenvector", "double"), ("core_number", "int"), ("broker", "boolean"),
                 ("stable_core", "boolean")]
    edge_keys = [("weight", "double"), ("tie_types", "string"),
                 *[(f"source_{s}", "double") for s in Source.values]]
    for name, kind in node_keys:
        ET.SubElement(root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind})
    for name, kind in edge_keys:
        ET.SubElement(root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": result.data.quartier.slug, "edgedefault": "undirected"})
    for node in nodes:
        el = ET.SubElement(graph, "node", {"id": str(node["id"])})
        values = {
            "label": node["name"], "actor_type": node["actor_type"]["name"],
            "actor_group": node["actor_type"]["group_name"], "colour": node["actor_type"]["colour"],
            "degree": node["degree"], "strength": node["strength"], "betweenness": node["betweenness"],
            "closeness": node["closeness"], "eigenvector": node["eigenvector"], "core_number": node["core_number"],
            "broker": node["broker"], "stable_core": node["core"],
        }
        for name, value in values.items():
            data = ET.SubElement(el, "data", {"key": f"n_{name}"})
            data.text = ("true" if value else "false") if isinstance(value, bool) else repr(value) if isinstance(
                value, float) else str(value)
    for index, tie in enumerate(ties):
        el = ET.SubElement(graph, "edge", {"id": f"e{index}", "source": str(tie["source"]),
                                           "target": str(tie["target"])})
        ET.SubElement(el, "data", {"key": "e_weight"}).text = repr(float(tie["strength"]))
        ET.SubElement(el, "data", {"key": "e_tie_types"}).text = ",".join(tie["tie_types"])
        for source, value in tie["sources"].items():
            ET.SubElement(el, "data", {"key": f"e_source_{source}"}).text = repr(float(value))
    return _xml_bytes(root)


# --- GEXF ---------------------------------------------------------------------------------------------------------

GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"


def _rgb(colour: str) -> dict[str, str]:
    colour = (colour or "#5a6b7b").lstrip("#")
    if len(colour) != 6:
        colour = "5a6b7b"
    return {"r": str(int(colour[0:2], 16)), "g": str(int(colour[2:4], 16)), "b": str(int(colour[4:6], 16))}


def to_gexf(result: NetworkResult) -> bytes:
    nodes, ties = _node_rows(result)
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.2"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": timezone.localdate().isoformat()})
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "Quartiersnetz"
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = _("Network of {name}").format(
        name=result.data.quartier.display_name)
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "undirected", "mode": "static"})
    attrs = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": "node", "mode": "static"})
    node_attrs = [("actor_type", "string"), ("actor_group", "string"), ("degree", "integer"),
                  ("strength", "double"), ("betweenness", "double"), ("closeness", "double"),
                  ("eigenvector", "double"), ("core_number", "integer"), ("broker", "boolean"),
                  ("stable_core", "boolean")]
    for index, (name, kind) in enumerate(node_attrs):
        ET.SubElement(attrs, f"{{{GEXF_NS}}}attribute", {"id": str(index), "title": name, "type": kind})
    eattrs = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": "edge", "mode": "static"})
    ET.SubElement(eattrs, f"{{{GEXF_NS}}}attribute", {"id": "0", "title": "tie_types", "type": "string"})
    nodes_el = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for node in nodes:
        el = ET.SubElement(nodes_el, f"{{{GEXF_NS}}}node", {"id": str(node["id"]), "label": node["name"]})
        values_el = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
        values = [node["actor_type"]["name"], node["actor_type"]["group_name"], node["degree"], node["strength"],
                  node["betweenness"], node["closeness"], node["eigenvector"], node["core_number"], node["broker"],
                  node["core"]]
        for index, value in enumerate(values):
            text = ("true" if value else "false") if isinstance(value, bool) else (
                repr(value) if isinstance(value, float) else str(value))
            ET.SubElement(values_el, f"{{{GEXF_NS}}}attvalue", {"for": str(index), "value": text})
        ET.SubElement(el, f"{{{VIZ_NS}}}color", _rgb(node["actor_type"]["colour"]))
        ET.SubElement(el, f"{{{VIZ_NS}}}size", {"value": repr(float(4 + 2 * node["degree"]))})
    edges_el = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for index, tie in enumerate(ties):
        el = ET.SubElement(edges_el, f"{{{GEXF_NS}}}edge", {
            "id": str(index), "source": str(tie["source"]), "target": str(tie["target"]),
            "weight": repr(float(tie["strength"])),
        })
        values_el = ET.SubElement(el, f"{{{GEXF_NS}}}attvalues")
        ET.SubElement(values_el, f"{{{GEXF_NS}}}attvalue", {"for": "0", "value": ",".join(tie["tie_types"])})
    return _xml_bytes(root)


# --- Kumu and CSV -------------------------------------------------------------------------------------------------


def _plain_csv(rows: list[list], headers: list[str]) -> bytes:
    """Comma-separated UTF-8 with decimal points, as Kumu expects (not the German-Excel flavour)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([tabular.neutralise(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def to_kumu(result: NetworkResult) -> bytes:
    """A ZIP with the two sheets of a Kumu import: elements.csv and connections.csv (columns as Kumu names them).

    Elements are identified by their label in Kumu; two organisations cannot share a name (unique constraint)."""
    nodes, ties = _node_rows(result)
    names = {n["id"]: n["name"] for n in nodes}
    labels = _source_labels()
    elements = [
        [n["name"], n["actor_type"]["group_name"], n["actor_type"]["name"], n["degree"],
         round(n["betweenness"], 6), n["core_number"], "ja" if n["core"] else "nein",
         "ja" if n["broker"] else "nein"]
        for n in nodes
    ]
    connections = [
        [names[t["source"]], names[t["target"]], "undirected", ", ".join(t["tie_type_labels"]) or _("observed"),
         round(t["strength"], 6), ", ".join(f"{labels[s]}: {v:g}" for s, v in t["sources"].items())]
        for t in ties
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("elements.csv", _plain_csv(
            elements, ["Label", "Type", "Akteurstyp", "Degree", "Betweenness", "Kernzahl", "Stabiler Kern",
                       "Broker"]))
        archive.writestr("connections.csv", _plain_csv(
            connections, ["From", "To", "Direction", "Type", "Strength", "Quellen"]))
    return buffer.getvalue()


def edge_list_rows(result: NetworkResult) -> tuple[list[str], list[list]]:
    """The CSV edge list: one row per tie (source, target ids that `quartiersnetz network-metrics` reads)."""
    nodes, ties = _node_rows(result)
    names = {n["id"]: n["name"] for n in nodes}
    headers = ["source", "target", "weight", _("Organisation"), _("Partner organisation"), _("Level of cooperation"),
               *[str(label) for label in _source_labels().values()]]
    rows = []
    for t in ties:
        rows.append([str(t["source"]), str(t["target"]), float(t["strength"]), names[t["source"]],
                     names[t["target"]], ", ".join(t["tie_type_labels"]),
                     *[t["sources"].get(s) for s in Source.values]])
    return headers, rows


EXPORT_FORMATS = {
    "graphml": ("graphml", "application/graphml+xml"),
    "gexf": ("gexf", "application/gexf+xml"),
    "kumu": ("zip", "application/zip"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


def export_file(result: NetworkResult, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) for one of EXPORT_FORMATS."""
    ext, content_type = EXPORT_FORMATS[fmt]
    if fmt == "graphml":
        content = to_graphml(result)
    elif fmt == "gexf":
        content = to_gexf(result)
    elif fmt == "kumu":
        content = to_kumu(result)
    else:
        headers, rows = edge_list_rows(result)
        content = tabular.write_csv(rows, headers)
    name = _filename(result, ext) if fmt != "kumu" else _filename(result, "kumu.zip")
    return content, content_type, name
