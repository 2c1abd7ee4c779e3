/* Complaint form: progressive enhancements. Without JavaScript the form works as it is. */
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  if (!form) return;
  var lat = form.querySelector('[name="latitude"]');
  var lon = form.querySelector('[name="longitude"]');
  var tools = form.querySelector(".location-tools");
  var status = form.querySelector('[data-role="location-status"]');
  var summary = document.getElementById("error-summary");
  var similarNotice = document.getElementById("similar-notice");
  // After a post that came back, focus goes where the citizen must act: the errors, else the similar reports
  // found (a region already on the page at load is never announced by itself).
  if (summary) summary.focus();
  else if (similarNotice) similarNotice.focus();

  function say(key, fallback) { return form.dataset[key] || fallback; }

  var marker = null, map = null;

  function setLocation(la, lo, message, fromMap) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    if (status && message) status.textContent = message + " (" + lat.value + ", " + lon.value + ")";
    if (map && !fromMap) {
      placeMarker(la, lo);
      map.setView([la, lo], 17);
    }
  }

  function placeMarker(la, lo) {
    if (marker) { marker.setLatLng([la, lo]); return; }
    // Dragged with a pointer only: keyboard users set the place with the fields or "Use my location", so no Tab stop.
    marker = window.L.marker([la, lo], { draggable: true, keyboard: false, icon: map.pinIcon, alt: mapBox.dataset.pin || "" }).addTo(map);
    marker.on("dragend", function () {
      var p = marker.getLatLng();
      setLocation(p.lat, p.lng, "", true);
    });
  }

  /* A map pin (Leaflet, served by the site). Without JavaScript or tiles the fields still work. */
  var mapBox = document.getElementById("complaint-map");
  if (mapBox && window.L && window.portalMap) {
    mapBox.parentNode.hidden = false;
    var startLat = parseFloat(lat.value) || parseFloat(mapBox.dataset.lat);
    var startLng = parseFloat(lon.value) || parseFloat(mapBox.dataset.lng);
    map = window.portalMap(mapBox).setView([startLat, startLng], lat.value ? 17 : 13);
    window.L.tileLayer(mapBox.dataset.tiles, { maxZoom: 19, attribution: mapBox.dataset.attribution }).addTo(map);
    if (lat.value && lon.value) placeMarker(startLat, startLng);
    map.on("click", function (e) {
      placeMarker(e.latlng.lat, e.latlng.lng);
      setLocation(e.latlng.lat, e.latlng.lng, "", true);
    });
  }

  if (navigator.geolocation && tools) {
    tools.hidden = false;
    tools.querySelector('[data-action="locate"]').addEventListener("click", function () {
      status.textContent = say("locating", "…");
      navigator.geolocation.getCurrentPosition(function (pos) {
        setLocation(pos.coords.latitude, pos.coords.longitude, say("located", "✓"));
      }, function (error) {
        var reason = { 1: "reasonDenied", 2: "reasonUnavailable", 3: "reasonTimeout" }[error && error.code] || "reasonUnavailable";
        status.textContent = say("locationFailed", "✗").replace("{reason}", say(reason, ""));
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  /* Photo previews, and the GPS position stored in a JPEG's EXIF, offered (never used silently). */
  var input = form.querySelector('[name="photos"]');
  var previews = form.querySelector(".photo-previews");
  var offer = form.querySelector('[data-role="gps-offer"]');
  var found = null;

  function readGps(buffer) {
    var view = new DataView(buffer);
    if (view.getUint16(0) !== 0xFFD8) return null;
    var offset = 2;
    while (offset + 4 < view.byteLength) {
      var marker = view.getUint16(offset);
      var size = view.getUint16(offset + 2);
      if (marker === 0xFFE1 && view.getUint32(offset + 4) === 0x45786966) return parseTiff(view, offset + 10);
      offset += 2 + size;
    }
    return null;
  }
  function parseTiff(view, start) {
    var little = view.getUint16(start) === 0x4949;
    var u16 = function (o) { return view.getUint16(start + o, little); };
    var u32 = function (o) { return view.getUint32(start + o, little); };
    var ifd = u32(4), gpsOffset = null, n = u16(ifd), i;
    for (i = 0; i < n; i++) if (u16(ifd + 2 + i * 12) === 0x8825) gpsOffset = u32(ifd + 2 + i * 12 + 8);
    if (gpsOffset === null) return null;
    var tags = {}, count = u16(gpsOffset);
    for (i = 0; i < count; i++) {
      var e = gpsOffset + 2 + i * 12, tag = u16(e), type = u16(e + 2);
      if ((tag === 1 || tag === 3) && type === 2) tags[tag] = String.fromCharCode(view.getUint8(start + e + 8));
      if ((tag === 2 || tag === 4) && type === 5) {
        var p = u32(e + 8), v = [0, 1, 2].map(function (k) { return u32(p + k * 8) / (u32(p + k * 8 + 4) || 1); });
        tags[tag] = v[0] + v[1] / 60 + v[2] / 3600;
      }
    }
    if (tags[2] === undefined || tags[4] === undefined) return null;
    return { lat: tags[1] === "S" ? -tags[2] : tags[2], lon: tags[3] === "W" ? -tags[4] : tags[4] };
  }

  if (input && previews && window.FileReader) {
    input.addEventListener("change", function () {
      previews.innerHTML = "";
      found = null;
      if (offer) offer.hidden = true;
      Array.prototype.slice.call(input.files, 0, 3).forEach(function (file) {
        var li = document.createElement("li");
        var img = document.createElement("img");
        img.alt = file.name;
        img.width = 96;
        img.height = 96;
        img.src = URL.createObjectURL(file);
        li.appendChild(img);
        previews.appendChild(li);
        file.slice(0, 131072).arrayBuffer().then(function (buf) {
          var gps = null;
          try { gps = readGps(buf); } catch (e) { gps = null; }
          if (gps && !lat.value && !lon.value && offer) { found = gps; offer.hidden = false; }
        });
      });
    });
    if (offer) offer.querySelector("button").addEventListener("click", function () {
      if (found) setLocation(found.lat, found.lon, say("located", "✓"));
      offer.hidden = true;
    });
  }
})();
