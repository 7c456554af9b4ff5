/* Half-year time series of the network metrics as Vega-Lite line charts. Data: #qn-network-series. */
(function () {
  "use strict";
  var dataEl = document.getElementById("qn-network-series");
  if (!dataEl || typeof vegaEmbed === "undefined") { return; }
  var series = JSON.parse(dataEl.textContent);
  ["qn-network-chart-shares", "qn-network-chart-counts"].forEach(function (id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var keys = el.getAttribute("data-keys").split(",");
    var values = series.filter(function (row) { return keys.indexOf(row.key) >= 0 && row.value !== null; });
    var order = [];
    series.forEach(function (row) { if (order.indexOf(row.period) < 0) { order.push(row.period); } });
    var spec = {
      "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
      "title": el.getAttribute("data-title"), "width": "container", "height": 240,
      "data": { "values": values },
      "mark": { "type": "line", "point": { "filled": true, "size": 50 }, "tooltip": true },
      "encoding": {
        "x": { "field": "period", "type": "ordinal", "sort": order, "title": el.getAttribute("data-x"),
               "axis": { "labelAngle": -45 } },
        "y": { "field": "value", "type": "quantitative", "title": el.getAttribute("data-y") },
        "color": { "field": "metric", "type": "nominal", "title": null, "legend": { "orient": "bottom" } },
        "strokeDash": { "field": "metric", "type": "nominal", "legend": null },
        "shape": { "field": "metric", "type": "nominal", "legend": null }
      },
      "config": { "font": "Fira Sans, sans-serif" }
    };
    vegaEmbed(el, spec, { actions: { export: true, source: false, compiled: false, editor: false },
                          formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " €"] } });
  });
})();
