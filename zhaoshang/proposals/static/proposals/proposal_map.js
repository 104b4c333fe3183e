// The proposal's map: the chosen sites as markers with their names, drawn with the vendored
// Leaflet; a tile layer only when one is configured (no network otherwise). The data comes
// from the json_script element "proposal-map-config": [lat, lng, name] per site, already in
// the tile service's coordinate system.
(function () {
  "use strict";
  var element = document.getElementById("proposal-map");
  var configElement = document.getElementById("proposal-map-config");
  if (!element || !configElement || typeof L === "undefined") return;
  var config = JSON.parse(configElement.textContent);
  var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18, minZoom: 5 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
  } else {
    element.classList.add("no-tiles");
  }
  var bounds = L.latLngBounds([]);
  config.sites.forEach(function (site) {
    var point = L.latLng(site[0], site[1]);
    L.circleMarker(point, { radius: 9, className: "proposal-marker" })
      .bindTooltip(site[2], { permanent: true, direction: "right", className: "proposal-label" })
      .addTo(map);
    bounds.extend(point);
  });
  if (config.sites.length === 1) {
    map.setView(bounds.getCenter(), 13);
  } else {
    map.fitBounds(bounds.pad(0.3), { maxZoom: 14 });
  }
  element.dataset.markers = String(config.sites.length);
})();
