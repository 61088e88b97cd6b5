/* Story mode, inside the map's frame: a presentation clicker's PageDown / PageUp reach the page even when
 * the map has the focus (after a click on the map, keys go to this frame, not to the Streamlit page
 * whose buttons carry the step shortcuts). Only in presentation layout (the Story page and the
 * presentation view); arrows and Space keep their meaning inside the map (pan, play). */
(function () {
  "use strict";
  var FORWARD = { PageDown: "PageDown", PageUp: "PageUp" };
  window.addEventListener("keydown", function (event) {
    if (!FORWARD[event.key] || !document.body.classList.contains("atlas-present")) return;
    var target;
    try { target = window.parent.document; } catch (err) { return; }
    event.preventDefault();
    target.dispatchEvent(new KeyboardEvent("keydown", { key: event.key, code: event.code, bubbles: true }));
    target.dispatchEvent(new KeyboardEvent("keyup", { key: event.key, code: event.code, bubbles: true }));
  });
})();
