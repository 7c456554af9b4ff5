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
  var svgButton = document.getElementById("qn-svg");
  // Borders of the roles: used by the stylesheet below and by the legend of the SVG download.
  var CORE_BORDER = { borderWidth: 5, borderStyle: "double", borderColor: "#0b2a4a" };
  var BROKER_BORDER = { borderWidth: 4, borderStyle: "dashed", borderColor: "#8a1c00" };

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
        node.data("size", many ? 12 + Math.sqrt(rel) * 28 : 18 + Math.sqrt(rel) * 42);
      });
      if (many) {  // names of brokers and of the most central organisations stay visible when zoomed out
        cy.nodes().removeClass("labelled");
        cy.nodes(".broker").addClass("labelled");
        cy.nodes().sort(function (a, b) { return b.data(metric) - a.data(metric); })
          .slice(0, ALWAYS_LABELLED).addClass("labelled");
      }
    });
  }

  var many = data.nodes.length > 120;
  var ALWAYS_LABELLED = 15;
  var cy = cytoscape({
    container: container,
    elements: elements,
    wheelSensitivity: 0.3,
    textureOnViewport: many,  // pan and zoom move a snapshot of large graphs, then redraw once
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": many ? 9 : 13, "font-family": "Fira Sans, sans-serif",
        "color": "#1b1f23", "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1,
        "border-width": 1, "border-color": "#333333", "min-zoomed-font-size": many ? 12 : 0
      } },
      { selector: "node.labelled", style: { "min-zoomed-font-size": 0, "font-size": 11, "font-weight": "bold",
        "z-index": 10 } },
      { selector: "node.core", style: { "border-width": CORE_BORDER.borderWidth,
        "border-style": CORE_BORDER.borderStyle, "border-color": CORE_BORDER.borderColor } },
      { selector: "node.broker", style: { "border-width": BROKER_BORDER.borderWidth,
        "border-style": BROKER_BORDER.borderStyle, "border-color": BROKER_BORDER.borderColor } },
      { selector: "node.core.broker", style: { "border-style": "double", "border-color": BROKER_BORDER.borderColor } },
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

  // Force-directed layouts of a few hundred nodes leave many nodes on top of each other. Push overlapping nodes
  // apart (pairwise, along the line between their centres) until none touch, keeping the overall shape.
  function removeOverlaps(nodes, gap) {
    var items = nodes.map(function (node) {
      return { node: node, x: node.position("x"), y: node.position("y"), r: node.width() / 2 + 1 };
    });
    var n = items.length;
    for (var iter = 0; iter < 200; iter++) {
      var moved = false;
      for (var i = 0; i < n; i++) {
        var a = items[i];
        for (var j = i + 1; j < n; j++) {
          var b = items[j];
          var dx = b.x - a.x, dy = b.y - a.y;
          var min = a.r + b.r + gap;
          if (Math.abs(dx) >= min || Math.abs(dy) >= min) { continue; }
          var d = Math.sqrt(dx * dx + dy * dy);
          if (d >= min) { continue; }
          if (d < 1e-6) { dx = 1; dy = (i % 7) - 3; d = Math.sqrt(dx * dx + dy * dy); }
          var push = (min - d) / 2 / d;
          a.x -= dx * push; a.y -= dy * push;
          b.x += dx * push; b.y += dy * push;
          moved = true;
        }
      }
      if (!moved) { break; }
    }
    cy.batch(function () {
      items.forEach(function (item) { item.node.position({ x: item.x, y: item.y }); });
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
    removeOverlaps(connected.nodes(), 4);
    // Organisations without ties in a row below the network, so that they do not stretch the view.
    if (isolated.length) {
      var box = connected.length ? connected.boundingBox() : { x1: 0, y2: 0, w: 800 };
      var width = Math.max(box.w, 400);
      var step = many ? 150 : 200;  // wide enough for a label of 28 characters
      var perRow = Math.max(1, Math.floor(width / step));
      isolated.forEach(function (node, index) {
        node.position({ x: box.x1 + step / 2 + (index % perRow) * step,
          y: box.y2 + 80 + Math.floor(index / perRow) * 50 });
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
  function download(blob, filename) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  if (pngButton) {
    pngButton.disabled = false;
    pngButton.addEventListener("click", function () {
      var blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
      download(blob, "netzwerk-" + data.quartier.slug + ".png");
    });
  }

  // Legend of the SVG file: actor-type groups with their colour and count (as in the legend on the page), then
  // the border styles of the roles that occur.
  function svgLegend() {
    var groups = {};
    data.nodes.forEach(function (n) {
      var t = n.actor_type;
      var entry = groups[t.group] || (groups[t.group] = { name: t.group_name, colour: t.colour, count: 0 });
      entry.count += 1;
    });
    var legend = Object.keys(groups).map(function (key) { return groups[key]; })
      .sort(function (a, b) { return a.name.localeCompare(b.name, "de"); })
      .map(function (g) { return { label: g.name + " (" + g.count.toLocaleString("de-DE") + ")", fill: g.colour }; });
    function role(label, border) {
      return { label: label, fill: "#ffffff", borderWidth: border.borderWidth, borderStyle: border.borderStyle,
        borderColor: border.borderColor };
    }
    if (data.nodes.some(function (n) { return n.core; })) {
      legend.push(role("★ " + container.getAttribute("data-core-label"), CORE_BORDER));
    }
    if (data.nodes.some(function (n) { return n.broker; })) {
      legend.push(role("◆ " + container.getAttribute("data-broker-label"), BROKER_BORDER));
    }
    return legend;
  }

  if (svgButton && typeof window.qnNetworkSvg === "function") {
    svgButton.disabled = false;
    svgButton.addEventListener("click", function () {
      var text = window.qnNetworkSvg(cy, {
        title: svgButton.getAttribute("data-title"), desc: svgButton.getAttribute("data-desc"),
        legendTitle: svgButton.getAttribute("data-legend-title"), legend: svgLegend(), bg: "#ffffff"
      });
      download(new Blob([text], { type: "image/svg+xml;charset=utf-8" }), data.quartier.slug + "-netzwerk.svg");
    });
  }
  container.qnCy = cy;  // for browser tests and the graph-page benchmark
  container.setAttribute("data-ready", "true");
})();
