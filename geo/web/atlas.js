/* Atlas map: one Leaflet map whose polygons are added once and only restyled afterwards.
 *
 * Used by the Streamlit component (component.js) and by the standalone HTML export. Every text that
 * comes from the data reaches the page through textContent, never innerHTML, so a summary such as
 * "<img src=x onerror=alert(1)>" shows as text.
 */
(function () {
  "use strict";

  var EUROPE_BOUNDS = [[34.0, -24.5], [71.5, 45.0]];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function Atlas(container, shapes, options) {
    this.options = options || {};
    this.view = null;
    this.onSelect = this.options.onSelect || function () {};
    this.map = L.map(container, {
      zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 2, maxZoom: 9, attributionControl: false,
      preferCanvas: false, worldCopyJump: false
    });
    this.userMoved = false;
    this.fitting = false;
    this.fitEurope();
    var me = this;
    this.map.on("movestart zoomstart", function () { if (!me.fitting) me.userMoved = true; });
    window.addEventListener("resize", function () {
      me.map.invalidateSize({ pan: false });
      if (!me.userMoved) me.fitEurope();
    });
    this.layersByIso = {};
    this.markers = {};
    var self = this;
    this.countries = L.geoJSON(shapes, {
      style: function (feature) { return self.styleFor(feature.properties); },
      onEachFeature: function (feature, layer) { self.wire(feature.properties, layer); }
    }).addTo(this.map);
    this.legend = L.control({ position: "topright" });
    this.legend.onAdd = function () {
      self.legendBox = el("div", "atlas-legend");
      L.DomEvent.disableClickPropagation(self.legendBox);
      return self.legendBox;
    };
    this.legend.addTo(this.map);
  }

  /* Frame all of Europe; used at start and on resize until the user zooms or pans themselves. */
  Atlas.prototype.fitEurope = function () {
    this.fitting = true;
    this.map.fitBounds(EUROPE_BOUNDS, { animate: false, padding: [4, 4] });
    this.fitting = false;
  };

  Atlas.prototype.wire = function (props, layer) {
    var self = this;
    if (props.scope === "state") {
      (this.layersByIso[props.iso3] = this.layersByIso[props.iso3] || []).push(layer);
    }
    layer.bindTooltip(function () { return self.tooltipFor(props); }, { sticky: true, className: "atlas-tip" });
    if (props.scope === "state") {
      layer.on("click", function () { self.onSelect(props.iso3); });
      layer.on("mouseover", function () { layer.setStyle({ weight: 2.5, color: "#1f2933" }); });
      layer.on("mouseout", function () { layer.setStyle(self.styleFor(props)); });
    }
  };

  Atlas.prototype.entry = function (iso3) {
    return (this.view && this.view.countries && this.view.countries[iso3]) || null;
  };

  Atlas.prototype.styleFor = function (props) {
    var styles = (this.view && this.view.styles) || {};
    var category = props.scope === "state" ? ((this.entry(props.iso3) || {}).c || "not_researched") : props.scope;
    var s = styles[category] || { fill: "#eeeeee", stroke: "#b8c0c8" };
    var entry = props.scope === "state" ? this.entry(props.iso3) : null;
    var faded = entry && entry.f;
    var selected = this.view && this.view.selected === props.iso3 && props.scope === "state";
    return {
      fillColor: s.fill, fillOpacity: faded ? 0.18 : (s.opacity === undefined ? 0.92 : s.opacity),
      color: selected ? "#111111" : (faded ? "#c8ced6" : (s.stroke || "#5b6670")),
      weight: selected ? 3 : (props.scope === "state" ? 0.8 : 0.5),
      dashArray: s.dash || null, opacity: faded ? 0.5 : 1
    };
  };

  Atlas.prototype.tooltipFor = function (props) {
    var box = el("div", "atlas-tip-body");
    var entry = props.scope === "state" ? this.entry(props.iso3) : null;
    box.appendChild(el("div", "atlas-tip-name", entry && entry.name ? entry.name : props.name));
    if (props.scope !== "state") {
      box.appendChild(el("div", "atlas-tip-status", props.scope === "not_in_scope"
        ? "Not in scope (self-governing territory" + (props.sovereign ? " of " + props.sovereign : "") + ")"
        : "Outside the map's scope"));
      return box;
    }
    if (!entry) { box.appendChild(el("div", "atlas-tip-status", "Not researched")); return box; }
    box.appendChild(el("div", "atlas-tip-status", entry.status));
    if (entry.since) box.appendChild(el("div", "atlas-tip-line", "Since " + entry.since));
    (entry.deadlines || []).forEach(function (d) { box.appendChild(el("div", "atlas-tip-line", d)); });
    if (entry.note) box.appendChild(el("div", "atlas-tip-line", entry.note));
    if (entry.source) box.appendChild(el("div", "atlas-tip-source", "Source: " + entry.source));
    if (entry.f) box.appendChild(el("div", "atlas-tip-line", "Not a member of the selected alliance(s) on this date"));
    return box;
  };

  Atlas.prototype.renderLegend = function () {
    var box = this.legendBox, view = this.view;
    if (!box || !view) return;
    box.textContent = "";
    if (view.legendTitle) box.appendChild(el("div", "atlas-legend-title", view.legendTitle));
    (view.legend || []).forEach(function (item) {
      var row = el("div", "atlas-legend-row");
      var swatch = el("span", "atlas-swatch");
      swatch.style.background = item.fill;
      swatch.style.borderColor = item.stroke || "#5b6670";
      if (item.dash) swatch.style.borderStyle = "dashed";
      row.appendChild(swatch);
      row.appendChild(el("span", "atlas-legend-label", item.label));
      box.appendChild(row);
    });
  };

  Atlas.prototype.syncMarkers = function () {
    var self = this, points = (this.view && this.view.microstates) || {};
    Object.keys(points).forEach(function (iso3) {
      var props = { iso3: iso3, name: iso3, scope: "state" };
      var marker = self.markers[iso3];
      if (!marker) {
        marker = L.circleMarker(points[iso3], { radius: 6, className: "atlas-micro atlas-micro-" + iso3 });
        marker.bindTooltip(function () { return self.tooltipFor(props); }, { className: "atlas-tip" });
        marker.on("click", function () { self.onSelect(iso3); });
        marker.addTo(self.map);
        self.markers[iso3] = marker;
      }
      var style = self.styleFor(props);
      style.weight = style.weight < 1.5 ? 1.5 : style.weight;
      style.color = style.weight >= 3 ? "#111111" : "#1f2933";
      marker.setStyle(style);
    });
  };

  /* Apply a new view (layer, date, filter, selection): restyle in place, never rebuild. */
  Atlas.prototype.update = function (view) {
    this.view = view;
    var self = this;
    this.countries.eachLayer(function (layer) { layer.setStyle(self.styleFor(layer.feature.properties)); });
    this.syncMarkers();
    this.renderLegend();
    var box = this.map.getContainer();
    box.setAttribute("data-layer", view.layer || "");
    box.setAttribute("data-date", view.date || "");
    box.setAttribute("data-selected", view.selected || "");
    box.classList.toggle("atlas-present", !!view.present);
  };

  /* The fill colour currently drawn for a state (tests and exports read it). */
  Atlas.prototype.fillOf = function (iso3) {
    var layers = this.layersByIso[iso3];
    return layers && layers.length ? layers[0].options.fillColor : null;
  };

  window.Atlas = Atlas;
})();
