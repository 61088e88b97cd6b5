/* Standalone page driver: the whole timeline runs in the page, no server, no network. The same
 * AtlasApp as the app's component: controls, headline, legend with counts, timeline with "today". */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("atlas-data").textContent);
  var shapes = JSON.parse(document.getElementById("atlas-shapes").textContent);
  var app = new AtlasApp(document.getElementById("app"), shapes, data, {
    layer: data.layer, month: data.month, chosen: data.chosen || [], stepMs: 600,
    onChange: function () {
      var live = document.querySelector(".atlas-live");
      if (live) live.textContent = app.timeline.label(app.bar.index) + ". " + app.view.headline;
    }
  });
  window.atlas = app.atlas;
  window.atlasBar = app.bar;
  window.atlasApp = app;
  document.body.setAttribute("data-ready", "1");
})();
