/* Branchenmix chart (Vega-Lite): active members per WZ section. The table holds the same numbers. */
(function () {
  "use strict";
  if (typeof vegaEmbed === "undefined") { return; }
  var script = document.getElementById("qn-mix-script");
  var data = JSON.parse(document.getElementById("qn-mix-data").textContent);
  data.forEach(function (d, i) { d.order = i; d.label = d.section + " – " + d.name; });
  var spec = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "width": "container", "height": {"step": 30}, "data": {"values": data},
    "mark": {"type": "bar", "color": "#0b5cad", "tooltip": true},
    "encoding": {
      "y": {"field": "label", "type": "nominal", "sort": {"field": "order"}, "title": script.getAttribute("data-y-title"), "axis": {"labelLimit": 320}},
      "x": {"field": "count", "type": "quantitative", "title": script.getAttribute("data-x-title"), "axis": {"tickMinStep": 1}}
    }
  };
  vegaEmbed("#qn-mix-chart", spec, {"actions": false, "renderer": "svg"});
})();
