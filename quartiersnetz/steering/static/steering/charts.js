// Renders every Vega-Lite spec on the page: <div id="X"> with its spec in <script id="X-spec"> (json_script).
(function () {
  var el = document.getElementById("qn-controlling-chart");
  var spec = document.getElementById("qn-controlling-spec");
  if (!el || !spec || typeof vegaEmbed === "undefined") { return; }
  vegaEmbed(el, JSON.parse(spec.textContent), {
    actions: false, renderer: "svg",
    formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " €"] }
  });
})();
