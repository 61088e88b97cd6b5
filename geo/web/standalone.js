/* Standalone page driver: the whole timeline runs in the page, no server, no network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("atlas-data").textContent);
  var shapes = JSON.parse(document.getElementById("atlas-shapes").textContent);
  var timeline = new AtlasTimeline(data);
  var layer = data.layer;
  var atlas = new Atlas(document.getElementById("map"), shapes, { onSelect: function () {} });
  window.atlas = atlas;

  function render() { atlas.update(timeline.view(layer, bar.index)); }

  var bar = new TimelineBar(document.getElementById("timeline"), data.months, render, 600);
  var start = data.months.indexOf(data.month);
  bar.set(start < 0 ? data.months.length - 1 : start);
  document.querySelectorAll("input[name=layer]").forEach(function (input) {
    input.checked = input.value === layer;
    input.addEventListener("change", function () { layer = input.value; render(); });
  });
  render();
  document.body.setAttribute("data-ready", "1");
})();
