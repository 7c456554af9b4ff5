// Choropleth of the 4 × 3 combined classes. Works without tiles: the polygons are drawn on a plain background.
(function () {
  var el = document.getElementById("qn-map");
  var dataEl = document.getElementById("qn-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var tiles = document.getElementById("qn-map-config").dataset.tiles;
  // Status (rows) from light (hoch) to dark (sehr niedrig); dynamics shift the hue: positive greener, negative redder.
  var COLOURS = {
    "hoch": {"positiv": "#e5f5e0", "stabil": "#f7f7f7", "negativ": "#fde0dd"},
    "mittel": {"positiv": "#a1d99b", "stabil": "#d9d9d9", "negativ": "#fcae91"},
    "niedrig": {"positiv": "#41ab5d", "stabil": "#969696", "negativ": "#fb6a4a"},
    "sehr niedrig": {"positiv": "#006d2c", "stabil": "#525252", "negativ": "#cb181d"}
  };
  function colour(p) {
    if (!p.status_class) { return "#ffffff"; }
    var row = COLOURS[p.status_class];
    return row[p.dynamics_class || "stabil"];
  }
  document.querySelectorAll(".qn-swatch[data-class]").forEach(function (s) {
    var parts = s.dataset.class.split(" / ");
    s.style.background = COLOURS[parts[0]][parts[1]];
    if (["niedrig", "sehr niedrig"].indexOf(parts[0]) >= 0) { s.style.color = "#fff"; }
  });
  var map = L.map(el, { attributionControl: !!tiles, zoomSnap: 0.25 });
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }
  var layer = L.geoJSON(data, {
    style: function (f) { return { color: "#222", weight: 1, fillColor: colour(f.properties), fillOpacity: 0.85 }; },
    onEachFeature: function (f, l) {
      var p = f.properties;
      var dark = p.status_class === "sehr niedrig" || (p.status_class === "niedrig" && p.dynamics_class !== "positiv");
      l.bindTooltip(p.code + " " + p.label, {
        permanent: true, direction: "center", className: "qn-map-label" + (dark ? " qn-map-label--dark" : "")
      });
      l.bindPopup("<strong>" + p.code + " " + p.name + "</strong><br>" + (p.combined || p.status_class || "–"));
    }
  }).addTo(map);
  if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
  else { map.setView([51.5, 7.0], 11); }
})();
