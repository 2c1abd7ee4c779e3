/* Shared set-up of the site's Leaflet maps (loaded after leaflet.js, before the page's map script).
   - Marker images from the URLs the template gives ({% static %}): after collectstatic their names are hashed,
     which defeats Leaflet's own guess of its image folder (the pins would be broken images).
   - Zoom buttons titled in the page's language, and Leaflet's credit marked as English. */
(function () {
  "use strict";
  if (!window.L) return;
  var L = window.L;

  function pinIcon(box) {
    if (!box.dataset.icon) return new L.Icon.Default();
    return L.icon({
      iconUrl: box.dataset.icon, iconRetinaUrl: box.dataset.icon2x, shadowUrl: box.dataset.shadow,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], tooltipAnchor: [16, -28], shadowSize: [41, 41]
    });
  }

  window.portalMap = function (box, options) {
    var map = L.map(box, L.extend({ zoomControl: false }, options || {}));
    L.control.zoom({ zoomInTitle: box.dataset.zoomIn || "Zoom in", zoomOutTitle: box.dataset.zoomOut || "Zoom out" }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" lang="en">Leaflet</a>');
    map.pinIcon = pinIcon(box);
    return map;
  };
})();
