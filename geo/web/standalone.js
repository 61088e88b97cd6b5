/* Standalone page driver: the whole timeline runs in the page, no server, no network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("atlas-data").textContent);
  var shapes = JSON.parse(document.getElementById("atlas-shapes").textContent);
  var timeline = new AtlasTimeline(data);
  var layer = data.layer;
  var atlas = new Atlas(document.getElementById("map"), shapes, { onSelect: function () {} });
  window.atlas = atlas;

  var chosen = data.alliances || [];

  /* States outside any chosen alliance in the shown month fade out, as in the app. */
  function fadedAt(index) {
    if (!chosen.length) return null;
    var faded = {};
    Object.keys(data.series[layer]).forEach(function (iso3) {
      var member = chosen.every(function (a) { return timeline.entryAt(data.memberships[a][iso3], index) === 1; });
      if (!member) faded[iso3] = [[0, 1]];
    });
    return faded;
  }

  function render() { atlas.update(timeline.view(layer, bar.index, { faded: fadedAt(bar.index) })); }

  var bar = new TimelineBar(document.getElementById("timeline"), data.months, render, 600);
  var start = data.months.indexOf(data.month);
  bar.set(start < 0 ? data.months.length - 1 : start);
  document.querySelectorAll("input[name=layer]").forEach(function (input) {
    input.checked = input.value === layer;
    input.addEventListener("change", function () { layer = input.value; render(); });
  });
  document.querySelectorAll("input[name=alliance]").forEach(function (input) {
    input.checked = chosen.indexOf(input.value) >= 0;
    input.addEventListener("change", function () {
      chosen = Array.prototype.filter.call(document.querySelectorAll("input[name=alliance]"), function (i) {
        return i.checked;
      }).map(function (i) { return i.value; });
      render();
    });
  });
  render();
  document.body.setAttribute("data-ready", "1");
})();
