// Offers and organisations of a Quartier on a Leaflet map. Works without tiles (offline): markers on a plain
// background, the Quartier boundary if known, and a metric scale. Offers at the same place share one numbered
// marker; organisations are small squares. The table below the map lists the same offers for screen readers.
(function () {
  "use strict";
  var el = document.getElementById("qn-offer-map");
  var dataEl = document.getElementById("qn-offer-map-data");
  var config = document.getElementById("qn-offer-map-config");
  if (!el || !dataEl || !config || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var tiles = config.dataset.tiles;
  var map = L.map(el, { attributionControl: !!tiles, zoomSnap: 0.25, keyboard: true });
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  } else {
    el.classList.add("qn-offer-map--plain");
  }
  L.control.scale({ imperial: false }).addTo(map);
  var bounds = L.latLngBounds([]);
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }
  if (data.boundary) {
    try {
      var boundary = L.geoJSON(data.boundary, { style: { color: "#0b3d91", weight: 2, fill: false, dashArray: "6 4" } });
      boundary.addTo(map);
      bounds.extend(boundary.getBounds());
    } catch (e) { /* an invalid boundary is ignored: the markers still show */ }
  }
  (data.organisations || []).forEach(function (o) {
    if (o.lat == null || o.lon == null) { return; }
    var icon = L.divIcon({ className: "qn-org-marker", iconSize: [12, 12], html: "" });
    L.marker([o.lat, o.lon], { icon: icon, title: config.dataset.orgLabel + ": " + o.name, keyboard: true })
      .bindPopup("<strong>" + text(o.name) + "</strong><br>" + text(o.type) + '<br><a href="' + encodeURI(o.url) + '">' +
        text(config.dataset.orgLabel) + "</a>")
      .addTo(map);
    bounds.extend([o.lat, o.lon]);
  });
  var places = {};
  (data.offers || []).forEach(function (m) {
    var key = m.lat.toFixed(5) + "," + m.lon.toFixed(5);
    (places[key] = places[key] || []).push(m);
  });
  Object.keys(places).forEach(function (key) {
    var items = places[key];
    var first = items[0];
    var icon = L.divIcon({ className: "qn-offer-marker", iconSize: [26, 26], html: "<span>" + items.length + "</span>" });
    var titles = items.map(function (m) { return m.title; }).join(", ");
    var html = items.map(function (m) {
      return '<a href="' + encodeURI(m.url) + '"><strong>' + text(m.title) + "</strong></a><br>" + text(m.provider) +
        (m.address ? "<br>" + text(m.address) : "");
    }).join("<hr>");
    L.marker([first.lat, first.lon], { icon: icon, title: config.dataset.offerLabel + ": " + titles, keyboard: true })
      .bindPopup(html, { maxHeight: 260 })
      .addTo(map);
    bounds.extend([first.lat, first.lon]);
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView([51.16, 10.45], 6);
  }
})();
