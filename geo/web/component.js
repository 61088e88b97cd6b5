/* Streamlit component glue (the plain postMessage protocol, no build step).
 * The geometry is fetched once from the app's static folder; each rerun only sends the view
 * (a style table), which restyles the existing map: zoom and pan stay where the user left them.
 */
(function () {
  "use strict";
  var atlas = null, pending = null, loading = false, seq = 0, height = null;

  function send(type, data) {
    var message = Object.assign({ isStreamlitMessage: true, type: type }, data || {});
    window.parent.postMessage(message, "*");
  }

  function select(iso3) {
    seq += 1;
    send("streamlit:setComponentValue", { value: { selected: iso3, seq: seq }, dataType: "json" });
  }

  function onRender(args) {
    if (args.height !== height) {
      height = args.height;
      document.getElementById("map").style.height = height + "px";
      send("streamlit:setFrameHeight", { height: height });
      if (atlas) atlas.map.invalidateSize();
    }
    pending = args.view;
    if (atlas) { atlas.update(pending); return; }
    if (loading) return;
    loading = true;
    fetch(args.shapes_url, { cache: "force-cache" })
      .then(function (r) { return r.json(); })
      .then(function (shapes) {
        atlas = new Atlas(document.getElementById("map"), shapes, { onSelect: select });
        window.atlas = atlas;
        atlas.update(pending);
        document.body.setAttribute("data-ready", "1");
      });
  }

  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") onRender(event.data.args);
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
