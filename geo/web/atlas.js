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
      if (!me.userMoved) { if (me.focused) me.focusOn(me.focused); else me.fitEurope(); }
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
    box.style.display = view.compact ? "none" : "";
    if (this.legendOpen === undefined) this.legendOpen = window.innerWidth > 480;
    var self = this;
    var title = el("button", "atlas-legend-title", (this.legendOpen ? "\u25BE " : "\u25B8 ") + (view.legendTitle || "Legend"));
    title.type = "button";
    title.setAttribute("aria-expanded", String(this.legendOpen));
    title.addEventListener("click", function () { self.legendOpen = !self.legendOpen; self.renderLegend(); });
    box.appendChild(title);
    if (!this.legendOpen) return;
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
    if (view.focus && view.focus !== this.focused) {
      this.map.invalidateSize({ pan: false });
      this.focusOn(view.focus);
    }
    var box = this.map.getContainer();
    box.setAttribute("data-layer", view.layer || "");
    box.setAttribute("data-date", view.date || "");
    box.setAttribute("data-selected", view.selected || "");
    box.classList.toggle("atlas-present", !!view.present);
  };

  /* Frame one state with its neighbours around it (a locator map). */
  Atlas.prototype.focusOn = function (iso3) {
    var layers = this.layersByIso[iso3], marker = this.markers[iso3];
    var bounds = marker ? L.latLngBounds([marker.getLatLng()]) : null;
    (layers || []).forEach(function (layer) {
      bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(),
        layer.getBounds().getNorthEast());
    });
    if (!bounds) return;
    this.focused = iso3;
    this.fitting = true;
    // Pad in screen pixels, not degrees: degrees near the pole are huge in Web Mercator, which pushed
    // northern states (Sweden) to the edge at zoom 2. The state fills the middle ~40 % of the frame.
    var size = this.map.getSize();
    this.map.fitBounds(bounds, {
      animate: false, maxZoom: 9, padding: [Math.round(size.x * 0.3), Math.round(size.y * 0.3)]
    });
    this.fitting = false;
  };

  /* The fill colour currently drawn for a state (tests and exports read it). */
  Atlas.prototype.fillOf = function (iso3) {
    var layers = this.layersByIso[iso3];
    return layers && layers.length ? layers[0].options.fillColor : null;
  };

  /* The whole timeline, as change points per layer and country over a table of distinct entries. */
  function AtlasTimeline(data) {
    this.data = data;
    this.months = data.months;
  }

  AtlasTimeline.prototype.entryAt = function (series, index) {
    var found = null;
    for (var i = 0; series && i < series.length && series[i][0] <= index; i++) found = series[i][1];
    return found;
  };

  /* The view for one layer and month; `faded` holds change points (1 = outside the alliance filter). */
  AtlasTimeline.prototype.view = function (layer, index, extras) {
    var data = this.data, self = this, countries = {}, perLayer = data.series[layer] || {};
    var faded = (extras && extras.faded) || null;
    Object.keys(perLayer).forEach(function (iso3) {
      var found = self.entryAt(perLayer[iso3], index);
      if (found === null) return;
      var entry = Object.assign({}, data.entries[found]);
      if (faded && self.entryAt(faded[iso3], index)) entry.f = 1;
      countries[iso3] = entry;
    });
    var meta = data.layers[layer];
    return {
      layer: layer, date: data.months[index], legendTitle: meta.title, legend: meta.legend,
      styles: meta.styles, countries: countries, microstates: data.microstates,
      selected: (extras && extras.selected) || null, present: !!(extras && extras.present)
    };
  };

  function monthLabel(month) {
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return names[parseInt(month.slice(5, 7), 10) - 1] + " " + month.slice(0, 4);
  }

  /* Play button, month slider and label; `onMonth(index, how)` with how = "input" | "play" | "end". */
  function TimelineBar(root, months, onMonth, stepMs) {
    this.months = months;
    this.index = months.length - 1;
    this.timer = null;
    this.stepMs = stepMs || 700;
    this.onMonth = onMonth;
    root.classList.add("atlas-timeline");
    this.play = el("button", "atlas-play", "\u25B6 Play");
    this.play.id = "play";
    this.play.type = "button";
    this.slider = el("input", "atlas-slider");
    this.slider.id = "month";
    this.slider.type = "range";
    this.slider.min = "0";
    this.slider.max = String(months.length - 1);
    this.slider.step = "1";
    this.slider.setAttribute("aria-label", "Month");
    this.label = el("span", "atlas-month");
    this.label.id = "month-label";
    root.appendChild(this.play);
    root.appendChild(this.slider);
    root.appendChild(this.label);
    var self = this;
    this.slider.addEventListener("input", function () {
      self.stop();
      self.set(parseInt(self.slider.value, 10));
      self.onMonth(self.index, "input");
    });
    this.slider.addEventListener("change", function () { self.onMonth(self.index, "end"); });
    this.play.addEventListener("click", function () { self.toggle(); });
  }

  TimelineBar.prototype.set = function (index) {
    this.index = Math.max(0, Math.min(this.months.length - 1, index));
    this.slider.value = String(this.index);
    var text = monthLabel(this.months[this.index]);
    this.label.textContent = text;
    this.slider.setAttribute("aria-valuetext", text);
  };

  TimelineBar.prototype.stop = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = "\u25B6 Play";
    this.play.setAttribute("aria-pressed", "false");
  };

  TimelineBar.prototype.toggle = function () {
    if (this.timer) { this.stop(); this.onMonth(this.index, "end"); return; }
    var self = this;
    if (this.index >= this.months.length - 1) { this.set(0); this.onMonth(0, "play"); }
    this.play.textContent = "\u23F8 Pause";
    this.play.setAttribute("aria-pressed", "true");
    this.timer = setInterval(function () {
      if (self.index >= self.months.length - 1) { self.stop(); self.onMonth(self.index, "end"); return; }
      self.set(self.index + 1);
      self.onMonth(self.index, "play");
    }, this.stepMs);
  };

  window.Atlas = Atlas;
  window.AtlasTimeline = AtlasTimeline;
  window.TimelineBar = TimelineBar;
  window.atlasMonthLabel = monthLabel;
})();
