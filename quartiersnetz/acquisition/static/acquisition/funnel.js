/* Funnel chart (Vega-Lite): horizontal bars of the organisations per stage reached, in pipeline order. The table
   next to it holds the same numbers. */
(function () {
  "use strict";
  if (typeof vegaEmbed === "undefined") { return; }
  var script = document.getElementById("qn-funnel-script");
  var data = JSON.parse(document.getElementById("qn-funnel-data").textContent);
  var spec = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "width": "container", "height": {"step": 34}, "data": {"values": data},
    "layer": [
      {"mark": {"type": "bar", "color": "#0b5cad", "tooltip": true}},
      {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#1b1b1b"}, "encoding": {"text": {"field": "reached", "type": "quantitative"}}}
    ],
    "encoding": {
      "y": {"field": "stage", "type": "nominal", "sort": {"field": "order"}, "title": script.getAttribute("data-y-title"), "axis": {"labelLimit": 260}},
      "x": {"field": "reached", "type": "quantitative", "title": script.getAttribute("data-x-title"), "axis": {"tickMinStep": 1}}
    },
    "config": {"locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}}}
  };
  vegaEmbed("#qn-funnel-chart", spec, {"actions": false, "renderer": "svg"});
})();
