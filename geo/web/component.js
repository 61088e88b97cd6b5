/* Streamlit component glue (the plain postMessage protocol, no build step).
 *
 * Geometry and the whole month-by-month timeline are fetched once from the app's static folder. The
 * slider and play run here, in the page: a step restyles the existing map at once (no server round
 * trip, zoom and pan untouched), then tells Streamlit the month so the summary and the URL follow.
 * Each rerun sends only layer, month, filter and selection. A session's first run also sends that
 * month's view (`initial`), so the first paint need not wait for the timeline file.
 */
(function () {
  "use strict";
  var BAR_HEIGHT = 46, COMMIT_DELAY_MS = 250;
  var atlas = null, timeline = null, bar = null, args = null, loading = false;
  var seq = 0, height = null, lastArgsMonth = null, commitTimer = null, localUntil = 0;
  var LOCAL_HOLD_MS = 2000;
  /* Started by index.html before anything else loads. */
  var shapesLoad = window.atlasShapes;

  function send(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data || {}), "*");
  }

  /* Unique across remounts, so Streamlit never mistakes a new interaction for an old one. */
  function nextSeq() { seq += 1; return Date.now() + "-" + seq; }

  function tell(kind, extra) {
    var month = timeline ? timeline.months[bar.index] : args.month;
    var value = Object.assign({ kind: kind, seq: nextSeq(), month: month }, extra || {});
    send("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function paint() {
    atlas.update(timeline.view(args.layer, bar.index, {
      faded: args.faded, selected: args.selected, present: args.present
    }));
  }

  function onMonth(index, how) {
    localUntil = Date.now() + LOCAL_HOLD_MS;
    paint();
    if (commitTimer) clearTimeout(commitTimer);
    if (how === "input") {
      commitTimer = setTimeout(function () { tell("month"); }, COMMIT_DELAY_MS);
    } else {
      tell("month");
    }
  }

  function apply() {
    if (!timeline) {
      if (args.initial) atlas.update(args.initial);
      return;
    }
    /* A month from the server (a shared link, another page) moves the slider; an echo of the user's
     * own recent steps must not pull it back while they are still moving it. */
    if (args.month !== lastArgsMonth) {
      lastArgsMonth = args.month;
      var index = timeline.months.indexOf(args.month);
      if (index >= 0 && !bar.timer && Date.now() > localUntil) bar.set(index);
    }
    document.body.classList.toggle("atlas-present", !!args.present);
    paint();
  }

  function resize() {
    var barHeight = args.view ? 0 : BAR_HEIGHT;
    document.getElementById("timeline").style.display = args.view ? "none" : "";
    document.getElementById("map").style.height = (height - barHeight) + "px";
    send("streamlit:setFrameHeight", { height: height });
    if (atlas) atlas.map.invalidateSize();
  }

  /* A fixed view (locator map, comparison): drawn as given, no timeline. */
  function startStatic(shapes) {
    atlas = new Atlas(document.getElementById("map"), shapes, {
      onSelect: function (iso3) {
        var value = { kind: "select", seq: nextSeq(), selected: iso3 };
        send("streamlit:setComponentValue", { value: value, dataType: "json" });
      }
    });
    window.atlas = atlas;
    atlas.update(args.view);
    document.body.setAttribute("data-ready", "1");
  }

  function start(shapes) {
    atlas = new Atlas(document.getElementById("map"), shapes, {
      onSelect: function (iso3) { tell("select", { selected: iso3 }); }
    });
    window.atlas = atlas;
    apply();
    performance.mark("atlas-painted");
  }

  function bindTimeline(data) {
    timeline = new AtlasTimeline(data);
    bar = new TimelineBar(document.getElementById("timeline"), data.months, onMonth, 700);
    window.atlasBar = bar;
    shapesLoad.then(function () {
      apply();
      document.body.setAttribute("data-ready", "1");
    });
  }

  function onRender(newArgs) {
    if (!args) performance.mark("atlas-args");
    args = newArgs;
    if (args.height !== height) { height = args.height; resize(); }
    if (atlas) { if (args.view) atlas.update(args.view); else apply(); return; }
    if (loading) return;
    loading = true;
    if (args.view) { shapesLoad.then(startStatic); return; }
    shapesLoad.then(start);
    fetch(args.timeline_url).then(function (r) { return r.json(); }).then(bindTimeline);
  }

  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") onRender(event.data.args);
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
