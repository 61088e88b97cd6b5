/* Streamlit component glue (the plain postMessage protocol, no build step).
 *
 * Geometry and the whole month-by-month timeline are fetched once from the app's static folder. The
 * controls, slider and play run here (atlas.js `AtlasApp`): a step restyles the map and recomputes the
 * headline, counts and legend at once, and the address bar follows. The server hears about the view
 * only when the viewer stops (slider released, play paused or ended, a layer or filter chosen; debounced),
 * so a crowd playing the timeline costs the server one rerun per viewer per pause, not one per tick.
 */
(function () {
  "use strict";
  var SETTLE_MS = { input: 400, end: 150, layer: 120, filter: 250 };
  var ANNOUNCE_EVERY_MS = 2500;
  var app = null, args = null, prevArgs = null, loading = false, staticAtlas = null;
  var seq = 0, height = null, settleTimer = null, lastSent = null, lastAnnounced = 0;
  /* Every value this map has reported: a rerun echoing any of them (even an older one that arrives
   * after the viewer moved on) must not pull the map back. */
  var reported = { layer: {}, month: {}, alliances: {} };
  /* Started by index.html before anything else loads. */
  var shapesLoad = window.atlasShapes;

  function send(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data || {}), "*");
  }

  /* Unique across remounts, so Streamlit never mistakes a new interaction for an old one. */
  function nextSeq() { seq += 1; return Date.now() + "-" + seq; }

  function report(kind, extra) {
    var state = app.current();
    var value = Object.assign({
      kind: kind, seq: nextSeq(), layer: state.layer, month: state.month, alliances: state.chosen
    }, extra || {});
    lastSent = { layer: state.layer, month: state.month, alliances: state.chosen.join(",") };
    remember(lastSent);
    send("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function remember(sent) {
    reported.layer[sent.layer] = reported.month[sent.month] = reported.alliances[sent.alliances] = true;
  }

  /* The address bar follows the map at once (same origin); the server writes the same link when it hears. */
  function syncUrl(state) {
    try {
      var loc = window.parent.location, params = new URLSearchParams(loc.search);
      params.set("layer", state.layer);
      params.set("date", state.month);
      params.delete("alliance");
      state.chosen.forEach(function (a) { params.append("alliance", a); });
      var search = "?" + params.toString();
      if (search !== loc.search) window.parent.history.replaceState(window.parent.history.state, "", search);
    } catch (e) { /* another origin (an embed): the server keeps the link */ }
  }

  function announce(state, how) {
    var live = document.querySelector(".atlas-live");
    var now = Date.now();
    if (!live || (how === "play" && now - lastAnnounced < ANNOUNCE_EVERY_MS)) return;
    lastAnnounced = now;
    live.textContent = app.timeline.label(app.bar.index) + ". " + app.view.headline;
  }

  function onChange(state, how) {
    syncUrl(state);
    announce(state, how);
    if (how === "play") return;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      settleTimer = null;
      if (app.bar.timer) return;
      var now = app.current();
      if (lastSent && lastSent.layer === now.layer && lastSent.month === now.month &&
          lastSent.alliances === now.chosen.join(",")) return;
      report("view");
    }, SETTLE_MS[how] || 200);
  }

  function resize() {
    send("streamlit:setFrameHeight", { height: height });
  }

  /* A fixed view (locator map, comparison): drawn as given, no timeline, the legend on the map. */
  function startStatic(shapes) {
    document.body.classList.add("atlas-static");
    staticAtlas = new Atlas(document.getElementById("map"), shapes, {
      onSelect: function (iso3) {
        var value = { kind: "select", seq: nextSeq(), selected: iso3 };
        send("streamlit:setComponentValue", { value: value, dataType: "json" });
      }
    });
    window.atlas = staticAtlas;
    staticAtlas.update(args.view);
    document.body.setAttribute("data-ready", "1");
  }

  function addExit() {
    var source = document.querySelector(".atlas-source");
    source.textContent = "";
    source.appendChild(document.createTextNode(args.source_line || ""));
    var exit = document.createElement("button");
    exit.type = "button";
    exit.className = "atlas-exit";
    exit.textContent = "Exit presentation";
    exit.addEventListener("click", function () { report("exit"); });
    /* A presenter exports the slide on screen without leaving the presentation: the server opens the
     * export dialog on this view. */
    var download = document.createElement("button");
    download.type = "button";
    download.className = "atlas-exit atlas-download";
    download.textContent = "Download slide\u2026";
    download.addEventListener("click", function () { report("export"); });
    source.appendChild(document.createElement("br"));
    source.appendChild(exit);
    source.appendChild(download);
  }

  function start(both) {
    app = new AtlasApp(document.getElementById("app"), both[0], both[1], {
      layer: args.layer, month: args.month, chosen: args.alliances || [], selected: args.selected,
      highlight: args.highlight || [], present: args.present, stepMs: 600, onChange: onChange,
      onSelect: function (iso3) { report("select", { selected: iso3 }); }
    });
    window.atlas = app.atlas;
    window.atlasBar = app.bar;
    window.atlasApp = app;
    lastSent = { layer: args.layer, month: args.month, alliances: (args.alliances || []).join(",") };
    remember(lastSent);
    addExit();
    document.body.setAttribute("data-ready", "1");
    try { window.parent.document.body.classList.add("atlas-ready"); } catch (e) { /* embedded elsewhere */ }
    performance.mark("atlas-painted");
  }

  function changed(name) {
    return !prevArgs || JSON.stringify(prevArgs[name]) !== JSON.stringify(args[name]);
  }

  /* Server-side changes (a click's selection, presentation on/off, a view set elsewhere) are adopted;
   * an echo of the viewer's own last report is not pulled back. */
  function apply() {
    var next = {};
    if (changed("selected")) next.selected = args.selected || null;
    if (changed("highlight")) next.highlight = args.highlight || [];
    if (changed("present")) next.present = !!args.present;
    if (changed("layer") && !reported.layer[args.layer]) next.layer = args.layer;
    if (changed("month") && !reported.month[args.month]) next.month = args.month;
    if (changed("alliances") && !reported.alliances[(args.alliances || []).join(",")]) {
      next.chosen = args.alliances || [];
    }
    if (Object.keys(next).length) app.adopt(next);
    if (changed("source_line")) addExit();
  }

  function onRender(newArgs) {
    if (!args) performance.mark("atlas-args");
    prevArgs = args;
    args = newArgs;
    if (args.height !== height) { height = args.height; resize(); }
    if (staticAtlas) { staticAtlas.update(args.view); return; }
    if (app) { apply(); return; }
    if (loading) return;
    loading = true;
    if (args.view) { shapesLoad.then(startStatic); return; }
    var timelineLoad = fetch(args.timeline_url).then(function (r) { return r.json(); });
    Promise.all([shapesLoad, timelineLoad]).then(function (both) {
      prevArgs = null;
      start(both);
      prevArgs = args;
    });
  }

  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") onRender(event.data.args);
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
