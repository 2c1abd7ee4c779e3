/* The attraction's map: Leaflet, served by the site. Without it, the address and the OpenStreetMap link remain. */
(function () {
  "use strict";
  var box = document.getElementById("attraction-map");
  if (!box || !window.L || !window.portalMap) return;
  var at = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lng)];
  var map = window.portalMap(box, { scrollWheelZoom: false }).setView(at, 16);
  window.L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  // The pin only shows the place (the map's label names it): no click, no Tab stop, no "Marker" in English.
  window.L.marker(at, { icon: map.pinIcon, keyboard: false, interactive: false, alt: "" }).addTo(map);
})();
