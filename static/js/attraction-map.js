/* The attraction's map: Leaflet, served by the site. Without it, the address and the OpenStreetMap link remain. */
(function () {
  "use strict";
  var box = document.getElementById("attraction-map");
  if (!box || !window.L) return;
  var at = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lng)];
  var map = window.L.map(box, { scrollWheelZoom: false }).setView(at, 16);
  window.L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  window.L.marker(at).addTo(map);
})();
