// The sites map: county centres (and parks' outlines) drawn with no network, the sites of
// the page's filters as clustered markers, a tile layer only when one is configured.
// Configuration comes from the json_script element "sites-map-config"; coordinates arrive
// already in the tile service's system (converted on the server).
(function () {
  "use strict";
  var element = document.getElementById("sites-map");
  var configElement = document.getElementById("sites-map-config");
  if (!element || !configElement || typeof L === "undefined") return;
  var config = JSON.parse(configElement.textContent);
  var KINDS = { k: "park", p: "parcel", b: "building" };
  var map = L.map(element, {
    zoomControl: true,
    attributionControl: true,
    scrollWheelZoom: false,
    maxZoom: 18,
    minZoom: 5,
    keyboard: true,
  });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
  } else {
    element.classList.add("no-tiles");
  }
  var bounds = L.latLngBounds([]);
  (config.counties || []).forEach(function (county) {
    var centre = L.latLng(county.lat, county.lng);
    L.circleMarker(centre, { radius: 4, className: "county-centre", interactive: false })
      .bindTooltip(county.name, { permanent: true, direction: "right", className: "county-label" })
      .addTo(map);
    bounds.extend(centre);
  });

  function siteLink(site) {
    var link = document.createElement("a");
    link.href = config.detail + KINDS[site[0]] + "/" + site[1] + "/";
    link.textContent = site[4];
    return link;
  }

  function marker(site) {
    var m = L.circleMarker([site[2], site[3]], {
      radius: 8,
      className: "site-marker site-" + KINDS[site[0]],
    });
    m.options.siteKey = site[0] + site[1];
    if (site[4]) m.bindPopup(siteLink(site));
    return m;
  }

  if (config.point) {
    var point = marker(config.point);
    point.addTo(map);
    map.setView([config.point[2], config.point[3]], 14);
    element.dataset.markers = "1";
    return;
  }

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.1));
  else map.setView([23.33, 112.73], 9);

  fetch(config.data, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      var layers = data.sites.map(marker);
      cluster.addLayers(layers);
      (data.outlines || []).forEach(function (outline) {
        L.polygon(outline[1], { className: "park-outline", interactive: false }).addTo(map);
      });
      element.dataset.markers = String(layers.length);
      if (layers.length) {
        var siteBounds = cluster.getBounds();
        if (siteBounds.isValid()) map.fitBounds(siteBounds.pad(0.2), { maxZoom: 14 });
      }
    })
    .catch(function () {
      element.dataset.markers = "error";
    });
})();
