/* Standalone page driver: the whole timeline runs in the page, no server, no network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("atlas-data").textContent);
  var shapes = JSON.parse(document.getElementById("atlas-shapes").textContent);
  var slider = document.getElementById("month");
  var label = document.getElementById("month-label");
  var play = document.getElementById("play");
  var layerInputs = document.querySelectorAll("input[name=layer]");
  var state = { layer: data.layer, index: data.months.indexOf(data.month), timer: null };
  if (state.index < 0) state.index = data.months.length - 1;

  var atlas = new Atlas(document.getElementById("map"), shapes, { onSelect: function () {} });
  window.atlas = atlas;

  function entryAt(series, index) {
    var found = null;
    for (var i = 0; i < series.length && series[i][0] <= index; i++) found = series[i][1];
    return found === null ? null : data.entries[found];
  }

  function viewFor(layer, index) {
    var countries = {};
    var perLayer = data.series[layer];
    Object.keys(perLayer).forEach(function (iso3) {
      var entry = entryAt(perLayer[iso3], index);
      if (entry) countries[iso3] = entry;
    });
    var meta = data.layers[layer];
    return {
      layer: layer, date: data.months[index], legendTitle: meta.title, legend: meta.legend,
      styles: meta.styles, countries: countries, selected: null, microstates: data.microstates
    };
  }

  function monthLabel(month) {
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return names[parseInt(month.slice(5, 7), 10) - 1] + " " + month.slice(0, 4);
  }

  function render() {
    slider.value = String(state.index);
    label.textContent = monthLabel(data.months[state.index]);
    atlas.update(viewFor(state.layer, state.index));
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    play.textContent = "\u25B6 Play";
  }

  play.addEventListener("click", function () {
    if (state.timer) { stop(); return; }
    if (state.index >= data.months.length - 1) state.index = 0;
    play.textContent = "\u23F8 Pause";
    state.timer = setInterval(function () {
      if (state.index >= data.months.length - 1) { stop(); return; }
      state.index += 1;
      render();
    }, 600);
    render();
  });
  slider.max = String(data.months.length - 1);
  slider.addEventListener("input", function () { state.index = parseInt(slider.value, 10); render(); });
  layerInputs.forEach(function (input) {
    input.checked = input.value === state.layer;
    input.addEventListener("change", function () { state.layer = input.value; render(); });
  });
  render();
  document.body.setAttribute("data-ready", "1");
})();
