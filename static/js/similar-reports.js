/* Similar open reports nearby, looked up while the citizen fills in the form: one report per problem keeps the desk's queue short.
   Without JavaScript the server shows the same list after the first "Send report". */
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  var panel = document.getElementById("similar-reports");
  if (!form || !panel || !window.fetch || !("content" in document.createElement("template"))) return;
  var list = panel.querySelector('[data-role="similar-list"]');
  var template = panel.querySelector('[data-role="similar-item"]');
  var live = form.querySelector('[data-role="similar-live"]');
  var kelurahan = form.querySelector('[name="kelurahan"]');
  var lat = form.querySelector('[name="latitude"]');
  var lon = form.querySelector('[name="longitude"]');
  var last = null, timer = null;

  function text(key, n) { return (panel.dataset[key] || "").replace("{n}", n); }

  function age(days) {
    if (days === 0) return text("today");
    return days === 1 ? text("dayOne") : text("days", days);
  }

  function seen(on) {
    var flag = form.querySelector('input[name="similar_checked"]');
    if (on && !flag) {
      flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "similar_checked";
      flag.value = "1";
      panel.appendChild(flag);
    } else if (!on && flag) {
      flag.parentNode.removeChild(flag);
    }
  }

  function render(data) {
    if (!data || !data.results) return;
    list.textContent = "";
    data.results.forEach(function (r) {
      var item = template.content.firstElementChild.cloneNode(true);
      var link = item.querySelector("a");
      link.href = r.url;
      link.textContent = r.code;
      var facts = [r.category, r.kelurahan, r.status, age(r.age_days)];
      if (r.distance) facts.push(r.distance);  // a band ("about 100–250 m away"), never metres
      item.querySelector("span").textContent = "· " + facts.filter(Boolean).join(" · ");
      var button = item.querySelector("button");
      button.value = r.code;
      button.querySelector(".visually-hidden").textContent = " (" + r.code + ")";
      list.appendChild(item);
    });
    var found = data.results.length > 0;
    panel.hidden = !found;
    seen(found);  // the citizen has seen them: "Send report" then sends without asking again
    if (live) live.textContent = found ? text("found", data.results.length) : "";
  }

  function lookup() {
    var category = form.querySelector('input[name="category"]:checked');
    var params = new URLSearchParams();
    if (!category) return;
    params.set("category", category.value);
    if (kelurahan && kelurahan.value) params.set("kelurahan", kelurahan.value);
    if (lat && lon && lat.value && lon.value) {
      params.set("latitude", lat.value);
      params.set("longitude", lon.value);
    }
    if (!params.has("kelurahan") && !params.has("latitude")) return;
    var query = params.toString();
    if (query === last) return;
    last = query;
    fetch(panel.dataset.url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(render)
      .catch(function () { /* the server checks again when the form is sent */ });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(lookup, 300);
  }

  form.addEventListener("change", function (event) {
    var name = event.target && event.target.name;
    if (name === "category" || name === "kelurahan" || name === "latitude" || name === "longitude") soon();
  });
  // The map pin and "use my location" set the coordinates without a change event.
  setInterval(function () { if (lat && lat.value) soon(); }, 2000);
  lookup();
})();
