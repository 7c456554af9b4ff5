/* SVG image of a Cytoscape.js graph as it is displayed: edges as lines with their width, colour and opacity,
   nodes as circles with their fill, size and border (solid, dashed or double), labels with their background,
   and an optional legend below. Reads positions and computed styles from the live graph, so the file shows the
   current layout and node sizes. Used by network-graph.js for the "Download SVG" button.
   window.qnNetworkSvg(cy, {title, desc, legendTitle, legend: [{label, fill, borderColor, borderWidth,
   borderStyle}]}) returns the SVG document as a string. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var PAD = 20;
  var LEGEND_ROW = 22;
  var LEGEND_FONT = "13px Fira Sans, sans-serif";
  // Cytoscape's canvas renderer draws "dashed" and "dotted" borders with these line dashes.
  var DASHES = { dashed: "4 2", dotted: "1 1" };

  function num(value) { return String(Math.round(value * 100) / 100); }

  function el(doc, name, attrs, parent) {
    var node = doc.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (key) {
      var v = attrs[key];
      if (v !== null && v !== undefined && v !== "") { node.setAttribute(key, typeof v === "number" ? num(v) : v); }
    });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function textWidth(text, font) {
    var ctx = textWidth.ctx || (textWidth.ctx = document.createElement("canvas").getContext("2d"));
    ctx.font = font;
    return ctx.measureText(text).width;
  }

  /* A circle (or ellipse) with a border as Cytoscape draws it: the stroke is centred on the outline; "double"
     is the border in three equal bands with the middle one cut out (together with the fill below it). */
  function shape(doc, parent, spec) {
    var rx = spec.w / 2, ry = spec.h / 2;
    var tag = rx === ry ? "circle" : "ellipse";
    function ring(dr, width, fill, dash) {
      var attrs = { cx: spec.x, cy: spec.y, fill: fill || "none", "fill-opacity": fill ? spec.fillOpacity : null };
      if (tag === "circle") {
        attrs.r = Math.max(rx + dr, 0);
      } else {
        attrs.rx = Math.max(rx + dr, 0);
        attrs.ry = Math.max(ry + dr, 0);
      }
      if (width > 0) {
        attrs.stroke = spec.borderColor; attrs["stroke-width"] = width; attrs["stroke-dasharray"] = dash || null;
        attrs["stroke-opacity"] = spec.borderOpacity < 1 ? spec.borderOpacity : null;
      }
      return el(doc, tag, attrs, parent);
    }
    var bw = spec.borderWidth || 0;
    if (spec.borderStyle === "double" && bw > 0) {
      ring(-bw / 6, 0, spec.fill);
      ring(-bw / 3, bw / 3);
      ring(bw / 3, bw / 3);
    } else {
      ring(0, bw, spec.fill, DASHES[spec.borderStyle]);
    }
  }

  function nodeSpec(node) {
    var p = node.position();
    return {
      x: p.x, y: p.y, w: node.width(), h: node.height(),
      fill: node.style("background-color"), fillOpacity: node.numericStyle("background-opacity"),
      borderWidth: node.numericStyle("border-width"), borderStyle: node.style("border-style"),
      borderColor: node.style("border-color"), borderOpacity: node.numericStyle("border-opacity")
    };
  }

  function label(doc, parent, node) {
    var text = node.style("label");
    if (!text) { return; }
    var box = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true,
      includeOverlays: false });
    if (!isFinite(box.x1) || !box.w) { return; }
    // The label bounds are the drawn background widened by 2 px (Cytoscape's margin for browser inaccuracies)
    // and by the text outline or half the text border.
    var inset = 2 + Math.max(node.numericStyle("text-outline-width"), node.numericStyle("text-border-width") / 2);
    box = { x1: box.x1 + inset, y1: box.y1 + inset, w: Math.max(box.w - 2 * inset, 0),
      h: Math.max(box.h - 2 * inset, 0) };
    var bgOpacity = node.numericStyle("text-background-opacity");
    if (bgOpacity > 0) {
      el(doc, "rect", { x: box.x1, y: box.y1, width: box.w, height: box.h,
        fill: node.style("text-background-color"), "fill-opacity": bgOpacity }, parent);
    }
    var t = el(doc, "text", {
      x: box.x1 + box.w / 2, y: box.y1 + box.h / 2, "text-anchor": "middle", "dominant-baseline": "central",
      "font-family": node.style("font-family"), "font-size": node.numericStyle("font-size"),
      fill: node.style("color")
    }, parent);
    t.textContent = text;
  }

  window.qnNetworkSvg = function (cy, options) {
    options = options || {};
    var doc = document.implementation.createDocument(NS, "svg", null);
    var svg = doc.documentElement;
    var visible = cy.elements().filter(function (ele) { return ele.visible(); });
    var box = visible.length ? visible.boundingBox({ includeOverlays: false })
      : { x1: 0, y1: 0, x2: 0, y2: 0, w: 0, h: 0 };
    var legend = options.legend || [];
    var x0 = box.x1 - PAD, y0 = box.y1 - PAD;
    var width = box.w + 2 * PAD, height = box.h + 2 * PAD;
    var legendTop = y0 + height;
    if (legend.length) {
      var widest = textWidth(options.legendTitle || "", "bold " + LEGEND_FONT);
      legend.forEach(function (entry) { widest = Math.max(widest, 28 + textWidth(entry.label, LEGEND_FONT)); });
      width = Math.max(width, widest + 2 * PAD);
      height += (legend.length + (options.legendTitle ? 1 : 0)) * LEGEND_ROW + PAD;
    }
    svg.setAttribute("version", "1.1");
    svg.setAttribute("width", num(width));
    svg.setAttribute("height", num(height));
    svg.setAttribute("viewBox", [x0, y0, width, height].map(num).join(" "));
    svg.setAttribute("role", "img");
    if (options.title) { el(doc, "title", {}, svg).textContent = options.title; }
    if (options.desc) { el(doc, "desc", {}, svg).textContent = options.desc; }
    el(doc, "rect", { x: x0, y: y0, width: width, height: height, fill: options.bg || "#ffffff" }, svg);

    var edges = el(doc, "g", { "class": "edges" }, svg);
    visible.edges().forEach(function (edge) {
      var s = edge.source().position(), t = edge.target().position();
      el(doc, "line", {
        "class": "edge", x1: s.x, y1: s.y, x2: t.x, y2: t.y, stroke: edge.style("line-color"),
        "stroke-width": edge.numericStyle("width"), "stroke-opacity": edge.numericStyle("opacity"),
        "stroke-linecap": "butt"
      }, edges);
    });

    var nodes = el(doc, "g", { "class": "nodes" }, svg);
    visible.nodes().forEach(function (node) {
      var g = el(doc, "g", { "class": "node" }, nodes);
      el(doc, "title", {}, g).textContent = node.data("name") || node.style("label");
      shape(doc, g, nodeSpec(node));
    });
    // Labels after all nodes, as Cytoscape draws them, so that no circle covers a label.
    var labels = el(doc, "g", { "class": "labels" }, svg);
    visible.nodes().forEach(function (node) { label(doc, labels, node); });

    if (legend.length) {
      var lg = el(doc, "g", { "class": "legend", "font-family": "Fira Sans, sans-serif", "font-size": 13,
        fill: "#1b1f23" }, svg);
      var y = legendTop + LEGEND_ROW / 2;
      if (options.legendTitle) {
        el(doc, "text", { x: x0 + PAD, y: y, "dominant-baseline": "central", "font-weight": "bold" }, lg)
          .textContent = options.legendTitle;
        y += LEGEND_ROW;
      }
      legend.forEach(function (entry) {
        shape(doc, lg, { x: x0 + PAD + 9, y: y, w: 16, h: 16, fill: entry.fill || "#ffffff", fillOpacity: 1,
          borderColor: entry.borderColor || "#333333", borderStyle: entry.borderStyle || "solid", borderOpacity: 1,
          borderWidth: entry.borderWidth === undefined ? 1 : entry.borderWidth });
        el(doc, "text", { x: x0 + PAD + 28, y: y, "dominant-baseline": "central" }, lg).textContent = entry.label;
        y += LEGEND_ROW;
      });
    }
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
  };
})();
