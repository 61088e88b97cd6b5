/* Static edition loader: fetch the hashed shapes and timeline files, start on the view the URL names
 * (layer, date, alliance: the app's parameters), then hand over to the offline page's driver
 * (standalone.js), which draws with atlas.js like every other edition. No inline script anywhere. */
(function () {
  "use strict";
  var body = document.body;
  function json(url) { return fetch(url).then(function (r) { return r.text(); }); }
  function embedJson(id, text) {
    var el = document.createElement("script");
    el.type = "application/json";
    el.id = id;
    el.textContent = text;
    body.appendChild(el);
  }
  Promise.all([json(body.getAttribute("data-shapes")), json(body.getAttribute("data-data"))]).then(function (texts) {
    var data = JSON.parse(texts[1]);
    var params = new URLSearchParams(window.location.search);
    var layer = params.get("layer"), month = (params.get("date") || "").slice(0, 7);
    if (layer && data.series && data.series[layer]) data.layer = layer;
    if (month && data.months.indexOf(month) >= 0) data.month = month;
    var wanted = params.getAll("alliance").join(",").split(",").filter(function (a) {
      return data.memberships && data.memberships[a];
    });
    if (wanted.length) data.chosen = wanted;
    var full = document.querySelector("a.atlas-full");
    if (full && window.location.search && full.getAttribute("href").indexOf("?") < 0) {
      full.setAttribute("href", full.getAttribute("href") + window.location.search.replace(/[?&]embed=1/, ""));
    }
    embedJson("atlas-shapes", texts[0]);
    embedJson("atlas-data", JSON.stringify(data));
    var driver = document.createElement("script");
    driver.src = body.getAttribute("data-driver");
    body.appendChild(driver);
  });
})();
