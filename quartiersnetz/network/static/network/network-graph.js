/* Interactive graph of a Quartier's network (Cytoscape.js). Data: the JSON in #qn-network-data, built by
   network.exports.graph_payload (the same as the API). The table view on the page holds the same data. */
(function () {
  "use strict";
  var container = document.getElementById("qn-network-graph");
  var dataEl = document.getElementById("qn-network-data");
  if (!container || !dataEl || typeof cytoscape === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var sizeSelect = document.getElementById("qn-size-by");
  var layoutSelect = document.getElementById("qn-layout");
  var pngButton = document.getElementById("qn-png");

  if (!data.ties.length && !data.nodes.length) {
    var p = document.createElement("p");
    p.className = "kern-body qn-network-empty";
    p.textContent = container.getAttribute("data-empty");
    container.appendChild(p);
    return;
  }

  function shortLabel(node) {
    var name = node.short_name || node.name;
    if (name.length > 28) { name = name.slice(0, 26) + "…"; }
    var marks = (node.core ? " ★" : "") + (node.broker ? " ◆" : "");
    return name + marks;
  }

  var maxStrength = 1;
  data.ties.forEach(function (t) { if (t.strength > maxStrength) { maxStrength = t.strength; } });
  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: "nodes", data: {
      id: String(n.id), label: shortLabel(n), name: n.name, url: n.url, colour: n.actor_type.colour,
      degree: n.degree, betweenness: n.betweenness, closeness: n.closeness, eigenvector: n.eigenvector,
      core_number: n.core_number, core: n.core ? 1 : 0, broker: n.broker ? 1 : 0
    }, classes: (n.core ? "core " : "") + (n.broker ? "broker" : "") });
  });
  data.ties.forEach(function (t, i) {
    elements.push({ group: "edges", data: {
      id: "e" + i, source: String(t.source), target: String(t.target), strength: t.strength,
      width: 1 + 7 * Math.sqrt(t.strength / maxStrength)
    } });
  });

  function metricRange(metric) {
    var lo = Infinity, hi = -Infinity;
    data.nodes.forEach(function (n) { lo = Math.min(lo, n[metric]); hi = Math.max(hi, n[metric]); });
    return [lo, hi];
  }

  function applySize(metric) {
    var range = metricRange(metric);
    var span = range[1] - range[0];
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var v = node.data(metric);
        var rel = span > 0 ? (v - range[0]) / span : 0.5;
        node.data("size", 18 + Math.sqrt(rel) * 42);
      });
    });
  }

  var many = data.nodes.length > 120;
  var cy = cytoscape({
    container: container,
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": many ? 9 : 13, "font-family": "Fira Sans, sans-serif",
        "color": "#1b1f23", "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1,
        "border-width": 1, "border-color": "#333333", "min-zoomed-font-size": many ? 7 : 0
      } },
      { selector: "node.core", style: { "border-width": 5, "border-style": "double", "border-color": "#0b2a4a" } },
      { selector: "node.broker", style: { "border-width": 4, "border-style": "dashed", "border-color": "#8a1c00" } },
      { selector: "node.core.broker", style: { "border-style": "double", "border-color": "#8a1c00" } },
      { selector: "edge", style: {
        "width": "data(width)", "line-color": "#8d96a8", "opacity": 0.55, "curve-style": "haystack"
      } },
      { selector: "node:selected", style: { "overlay-color": "#0b2a4a", "overlay-opacity": 0.2 } }
    ]
  });

  // Force-directed layouts of chain-like networks come out tall and narrow; stretch them to the container's
  // aspect ratio (at most 3:1) so that the view can zoom in and the labels stay readable.
  function fitAspect(collection) {
    var nodes = collection.nodes();
    if (nodes.length < 3) { return; }
    var box = nodes.boundingBox();
    if (!box.w || !box.h) { return; }
    var target = container.clientWidth / Math.max(container.clientHeight, 1);
    var factor = Math.min(Math.max(target / (box.w / box.h), 1 / 3), 3);
    if (Math.abs(factor - 1) < 0.1) { return; }
    var sx = Math.sqrt(factor), sy = 1 / Math.sqrt(factor);
    var cx = box.x1 + box.w / 2, cyy = box.y1 + box.h / 2;
    nodes.positions(function (node) {
      var p = node.position();
      return { x: cx + (p.x - cx) * sx, y: cyy + (p.y - cyy) * sy };
    });
  }

  function runLayout(name) {
    var isolated = cy.nodes().filter(function (node) { return node.degree(false) === 0; });
    var connected = cy.elements().not(isolated);
    var options;
    if (name === "concentric") {
      options = { name: "concentric", concentric: function (node) { return node.data("core_number"); },
        levelWidth: function () { return 1; }, minNodeSpacing: many ? 8 : 18, animate: false, avoidOverlap: true,
        fit: false };
    } else {
      options = { name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: !many, fit: false,
        idealEdgeLength: function () { return many ? 70 : 110; },
        nodeRepulsion: function () { return many ? 12000 : 30000; },
        edgeElasticity: function () { return 60; }, nestingFactor: 1.2, gravity: 0.25,
        numIter: many ? 1500 : 2500, initialTemp: 1000, coolingFactor: 0.97, minTemp: 1.0,
        componentSpacing: 80, padding: 20 };
    }
    connected.layout(options).run();
    fitAspect(connected);
    // Organisations without ties in a row below the network, so that they do not stretch the view.
    if (isolated.length) {
      var box = connected.length ? connected.boundingBox() : { x1: 0, y2: 0, w: 800 };
      var width = Math.max(box.w, 400);
      var perRow = Math.max(1, Math.floor(width / 150));
      isolated.forEach(function (node, index) {
        node.position({ x: box.x1 + 75 + (index % perRow) * 150, y: box.y2 + 80 + Math.floor(index / perRow) * 50 });
      });
    }
    cy.fit(undefined, 25);
  }

  applySize(sizeSelect ? sizeSelect.value : "degree");
  runLayout("cose");

  cy.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url) { window.location.href = url; }
  });
  cy.on("mouseover", "node", function () { container.style.cursor = "pointer"; });
  cy.on("mouseout", "node", function () { container.style.cursor = ""; });

  if (sizeSelect) {
    sizeSelect.addEventListener("change", function () { applySize(sizeSelect.value); });
  }
  if (layoutSelect) {
    layoutSelect.addEventListener("change", function () { runLayout(layoutSelect.value); });
  }
  if (pngButton) {
    pngButton.disabled = false;
    pngButton.addEventListener("click", function () {
      var blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "netzwerk-" + data.quartier.slug + ".png";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }
  container.setAttribute("data-ready", "true");
})();
