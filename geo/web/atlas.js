/* Atlas map: one Leaflet map whose polygons are added once and only restyled afterwards.
 *
 * The one drawing code of the app's component (component.js), the offline HTML (standalone.js) and
 * the profile/compare maps. `AtlasApp` lays out the first screen: controls, headline, map with its
 * legend, timeline. Everything the month changes on screen (headline, counts, legend, label,
 * "scheduled") is computed here from the timeline file, so nothing waits for a server during play.
 * Every text from the data reaches the page through textContent, never innerHTML.
 */
(function () {
  "use strict";

  /* Iceland to Cyprus, Portugal to the Caucasus (Azerbaijan's east coast); Russia is cut at 50.5°E. */
  var EUROPE_BOUNDS = [[34.4, -24.6], [71.3, 50.5]];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var RESTRICTING = ["framework", "partial", "exclusion"];
  var SCHEDULED = ["under_1y", "1_3y", "over_3y"];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* A small inline icon (no icon font: a stock machine renders every glyph). */
  function icon(kind) {
    var svg = L.SVG.create("svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = L.SVG.create("path");
    path.setAttribute("d", kind === "pause" ? "M3 2h4v12H3zM9 2h4v12H9z" : "M3 1.5v13l11-6.5z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function monthLabel(month) {
    return MONTHS[parseInt(month.slice(5, 7), 10) - 1] + " " + month.slice(0, 4);
  }

  function joined(names) {
    if (names.length < 3) return names.join(" and ");
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  /* The same words as geo/summary.py (a browser test holds the two together). */
  function filterWords(chosen, alliances) {
    var names = chosen.map(function (a) { return (alliances[a] || {}).words || a; });
    if (names.length === 1) return names[0];
    return (names.length === 2 ? "both " : "all of ") + joined(names);
  }

  function scopeName(chosen, alliances) {
    return chosen.length ? "members of " + filterWords(chosen, alliances) : "states in scope";
  }

  function verb(n, one, many) { return n === 1 ? one : many; }

  function headline(counts, total, layer, chosen, alliances) {
    var who = scopeName(chosen, alliances);
    var sum = function (keys) { return keys.reduce(function (s, k) { return s + (counts[k] || 0); }, 0); };
    if (layer === "clean_network") {
      var n = counts.member || 0, named = counts.named || 0;
      return n + " of " + total + " " + who + " had signed a bilateral 5G security declaration or MOU with the US; " +
        named + " more " + verb(named, "was", "were") + " named a Clean Country without one.";
    }
    if (layer === "restriction") {
      var r = sum(RESTRICTING), ex = counts.exclusion || 0;
      return r + " of " + total + " " + who + " " + verb(r, "restricts", "restrict") + " Huawei/ZTE in 5G; " +
        ex + " " + verb(ex, "excludes", "exclude") + " them outright.";
    }
    var scheduled = sum(SCHEDULED), passed = counts.passed || 0, d = scheduled + passed;
    return d + " of " + total + " " + who + " " + verb(d, "has", "have") + " a removal deadline: " + passed +
      " passed, " + scheduled + " scheduled.";
  }

  function Atlas(container, shapes, options) {
    this.options = options || {};
    this.view = null;
    this.onSelect = this.options.onSelect || function () {};
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.map = L.map(container, {
      zoomSnap: 0.1, zoomDelta: 0.5, minZoom: 2, maxZoom: 9, attributionControl: false,
      preferCanvas: false, worldCopyJump: false, dragging: !coarse, tap: false,
      zoomControl: !this.options.noZoom, keyboard: false,
      zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still
    });
    this.userMoved = false;
    this.fitting = false;
    this.fitEurope();
    var me = this;
    this.map.on("movestart zoomstart", function () { if (!me.fitting) me.userMoved = true; });
    var refit = function () {
      var was = me.fitting;
      me.fitting = true;
      me.map.invalidateSize({ pan: false });
      me.fitting = was;
      if (!me.userMoved) { if (me.focused) me.focusOn(me.focused); else me.fitEurope(); }
    };
    if (window.ResizeObserver) new ResizeObserver(refit).observe(container);
    else window.addEventListener("resize", refit);
    if (coarse && !this.options.noZoom) this.addMoveToggle();
    this.layersByIso = {};
    this.markers = {};
    var self = this;
    this.countries = L.geoJSON(shapes, {
      style: function (feature) { return self.styleFor(feature.properties); },
      onEachFeature: function (feature, layer) { self.wire(feature.properties, layer); }
    }).addTo(this.map);
    this.addEdgeFades();
    this.countries.eachLayer(function (layer) {
      if (layer._path) { layer._path.setAttribute("tabindex", "-1"); layer._path.setAttribute("aria-hidden", "true"); }
    });
    this.wireKeyboard(container);
    this.legendBox = this.options.legendBox || null;
    if (!this.legendBox) {
      this.legend = L.control({ position: "topright" });
      this.legend.onAdd = function () {
        self.legendBox = el("div", "atlas-legend");
        L.DomEvent.disableClickPropagation(self.legendBox);
        return self.legendBox;
      };
      this.legend.addTo(this.map);
    }
  }

  /* One tab stop for the whole map: arrow keys move between states (alphabetical), a letter jumps to the
   * next state starting with it, focus shows the hover tooltip, Enter opens the state (as a click), Escape
   * leaves the map. The shapes themselves are taken out of the tab order. */
  Atlas.prototype.wireKeyboard = function (container) {
    var self = this;
    container.setAttribute("tabindex", "0");
    container.setAttribute("role", "application");
    container.setAttribute("aria-roledescription", "map");
    var hint = el("div", "atlas-sr", "Arrow keys move between countries, Enter opens the country, Escape leaves the map.");
    hint.id = "atlas-map-hint-" + Math.random().toString(36).slice(2, 8);
    container.appendChild(hint);
    container.setAttribute("aria-describedby", hint.id);
    this.focusLive = el("div", "atlas-sr");
    this.focusLive.setAttribute("aria-live", "polite");
    container.appendChild(this.focusLive);
    container.addEventListener("keydown", function (event) { self.onKey(event); });
    container.addEventListener("blur", function () { self.showFocus(null); });
  };

  Atlas.prototype.order = function () {
    var self = this;
    return Object.keys(this.layersByIso).concat(Object.keys(this.markers).filter(function (iso3) {
      return !self.layersByIso[iso3];
    })).map(function (iso3) {
      var entry = self.entry(iso3);
      return { iso3: iso3, name: entry && entry.name ? entry.name : iso3 };
    }).sort(function (a, b) { return a.name.localeCompare(b.name); });
  };

  Atlas.prototype.onKey = function (event) {
    var list = this.order(), at = -1, key = event.key, i;
    for (i = 0; i < list.length; i++) if (list[i].iso3 === this.keyFocus) at = i;
    var next = null;
    if (key === "ArrowRight" || key === "ArrowDown") next = list[(at + 1) % list.length];
    else if (key === "ArrowLeft" || key === "ArrowUp") next = list[(at - 1 + list.length) % list.length];
    else if (key === "Home") next = list[0];
    else if (key === "End") next = list[list.length - 1];
    else if ((key === "Enter" || key === " ") && this.keyFocus) {
      event.preventDefault();
      this.onSelect(this.keyFocus);
      return;
    } else if (key === "Escape") {
      event.preventDefault();
      this.showFocus(null);
      if (this.options.onEscape) this.options.onEscape(); else this.map.getContainer().blur();
      return;
    } else if (key.length === 1 && /[a-z]/i.test(key)) {
      for (i = 1; i <= list.length; i++) {
        var candidate = list[(at + i) % list.length];
        if (candidate.name.charAt(0).toLowerCase() === key.toLowerCase()) { next = candidate; break; }
      }
    }
    if (!next) return;
    event.preventDefault();
    this.showFocus(next.iso3);
  };

  /* Outline the state and open its tooltip, as a mouse hover would; the text goes to a live region. */
  Atlas.prototype.showFocus = function (iso3) {
    var self = this, previous = this.keyFocus;
    this.keyFocus = iso3;
    (this.layersByIso[previous] || []).forEach(function (layer) {
      layer.closeTooltip();
      layer.setStyle(self.styleFor(layer.feature.properties));
    });
    if (this.markers[previous]) this.markers[previous].closeTooltip();
    this.map.getContainer().setAttribute("data-focus", iso3 || "");
    if (!iso3) return;
    var layers = this.layersByIso[iso3] || [], marker = this.markers[iso3];
    layers.forEach(function (layer) { layer.setStyle({ weight: 3, color: "#d9480f" }); });
    var biggest = null, area = -1;
    layers.forEach(function (layer) {
      var b = layer.getBounds(), a = (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
      if (a > area) { area = a; biggest = layer; }
    });
    var target = marker || biggest;
    if (target) target.openTooltip(marker ? marker.getLatLng() : biggest.getBounds().getCenter());
    var tip = this.tooltipFor({ iso3: iso3, scope: "state", name: iso3 });
    this.focusLive.textContent = Array.prototype.map.call(tip.childNodes, function (n) { return n.textContent; }).join(". ");
  };

  /* Phones: one finger scrolls the page, two fingers zoom; "Move map" lets one finger pan. */
  Atlas.prototype.addMoveToggle = function () {
    var map = this.map, control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var button = el("button", "atlas-move", "Move map");
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      L.DomEvent.disableClickPropagation(button);
      button.addEventListener("click", function () {
        var on = !map.dragging.enabled();
        if (on) map.dragging.enable(); else map.dragging.disable();
        button.setAttribute("aria-pressed", String(on));
        button.textContent = on ? "Done moving" : "Move map";
      });
      return button;
    };
    control.addTo(map);
  };

  /* The shapes file is cut at 52°E, 33°N and 25°W; soften those straight cuts into the sea colour so a
   * wide screen shows no ruler-straight coastline. Bands stay clear of every state in scope. */
  Atlas.prototype.addEdgeFades = function () {
    var pane = this.map.createPane("atlas-fade");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    var renderer = L.svg({ pane: "atlas-fade" });
    var bands = [
      { id: "atlas-fade-e", bounds: [[44, 46], [76, 64]], x2: 1, y2: 0, stops: [[0, 0], [0.34, 1], [1, 1]] },
      { id: "atlas-fade-se", bounds: [[28, 50.6], [44, 64]], x2: 1, y2: 0, stops: [[0, 0], [0.1, 1], [1, 1]] },
      { id: "atlas-fade-s", bounds: [[34.3, -40], [26, 64]], x2: 0, y2: 1, stops: [[0, 0], [0.25, 1], [1, 1]] },
      { id: "atlas-fade-nw", bounds: [[66.7, -45], [76, -10]], x2: 1, y2: 0, stops: [[0, 1], [0.66, 1], [0.95, 0]] }
    ];
    var map = this.map;
    bands.forEach(function (band) {
      L.rectangle(band.bounds, {
        renderer: renderer, stroke: false, fillOpacity: 1, fillColor: "url(#" + band.id + ")", interactive: false
      }).addTo(map);
    });
    var svg = renderer._container, defs = L.SVG.create("defs");
    bands.forEach(function (band) {
      var gradient = L.SVG.create("linearGradient");
      gradient.setAttribute("id", band.id);
      gradient.setAttribute("x1", "0"); gradient.setAttribute("y1", "0");
      gradient.setAttribute("x2", String(band.x2)); gradient.setAttribute("y2", String(band.y2));
      band.stops.forEach(function (pair) {
        var stop = L.SVG.create("stop");
        stop.setAttribute("offset", String(pair[0]));
        stop.setAttribute("stop-color", "#e6eef5");
        stop.setAttribute("stop-opacity", String(pair[1]));
        gradient.appendChild(stop);
      });
      defs.appendChild(gradient);
    });
    if (svg) svg.insertBefore(defs, svg.firstChild);
  };

  /* Frame all of Europe; used at start and on resize until the user zooms or pans themselves. */
  Atlas.prototype.fitEurope = function () {
    this.fitting = true;
    this.map.fitBounds(EUROPE_BOUNDS, { animate: false, padding: [2, 2] });
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
    var entry = props.scope === "state" ? this.entry(props.iso3) : null;
    var faded = entry && entry.f;
    var category = props.scope === "state" ? (faded ? "faded" : ((entry || {}).c || "not_researched")) : props.scope;
    var s = styles[category] || (faded ? { fill: "#e9ecef", stroke: "#aab3bd" } : { fill: "#eeeeee", stroke: "#b8c0c8" });
    var selected = this.view && props.scope === "state" &&
      (this.view.selected === props.iso3 || (this.view.highlight || []).indexOf(props.iso3) >= 0);
    return {
      fillColor: s.fill, fillOpacity: faded ? 1 : (s.opacity === undefined ? 0.92 : s.opacity),
      color: selected ? "#111111" : (s.stroke || "#5b6670"),
      weight: selected ? 3 : (props.scope === "state" ? 0.8 : 0.5),
      dashArray: s.dash || null, opacity: 1
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
    if (entry.f) box.appendChild(el("div", "atlas-tip-faded", (this.view && this.view.fadedLabel) || "Outside the filter"));
    box.appendChild(el("div", "atlas-tip-status", entry.status));
    if (entry.since) box.appendChild(el("div", "atlas-tip-line", "Since " + entry.since));
    if (entry.next) {
      box.appendChild(el("div", "atlas-tip-line", entry.next + (entry.more ? " (+" + entry.more + " more " +
        (entry.more === 1 ? "deadline" : "deadlines") + ")" : "")));
    }
    if (entry.reviewed) box.appendChild(el("div", "atlas-tip-line", entry.reviewed));
    if (entry.source) {
      box.appendChild(el("div", "atlas-tip-source", "Source: " + entry.source +
        (entry.sourceKind === "secondary" ? " (secondary source only)" : "")));
    }
    if (entry.sourceBest) box.appendChild(el("div", "atlas-tip-source", "Confirmed by: " + entry.sourceBest));
    return box;
  };

  /* One legend: swatch, label and count of the shown month per category (counts only when known). */
  Atlas.prototype.renderLegend = function () {
    var box = this.legendBox, view = this.view;
    if (!box || !view) return;
    box.textContent = "";
    box.style.display = view.compact ? "none" : "";
    var counts = view.counts || null;
    box.appendChild(el("div", "atlas-legend-title", view.legendTitle || "Legend"));
    var list = el("ul", "atlas-legend-list");
    var rows = (view.legend || []).slice();
    if (view.fadedLabel) rows.push({ key: "faded", label: view.fadedLabel, fill: "#e9ecef", stroke: "#aab3bd" });
    rows.forEach(function (item) {
      var row = el("li", "atlas-legend-row");
      row.setAttribute("data-key", item.key || "");
      var swatch = el("span", "atlas-swatch");
      swatch.style.background = item.fill;
      swatch.style.borderColor = item.stroke || "#5b6670";
      if (item.dash) swatch.style.borderStyle = "dashed";
      row.appendChild(swatch);
      row.appendChild(el("span", "atlas-legend-label", item.label));
      if (counts && item.key !== "not_in_scope") row.appendChild(el("span", "atlas-count", counts[item.key] || 0));
      list.appendChild(row);
    });
    box.appendChild(list);
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
        if (marker._path) { marker._path.setAttribute("tabindex", "-1"); marker._path.setAttribute("aria-hidden", "true"); }
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
    if (view.date) {
      box.setAttribute("aria-label", "Map of Europe: " + (view.legendTitle || "") + ", " + monthLabel(view.date) +
        (view.scheduled ? " (scheduled)" : "") + ". " + (view.headline || ""));
    }
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
    this.today = data.today === undefined ? data.months.length - 1 : data.today;
  }

  AtlasTimeline.prototype.entryAt = function (series, index) {
    var found = null;
    for (var i = 0; series && i < series.length && series[i][0] <= index; i++) found = series[i][1];
    return found;
  };

  /* Is the state in every chosen alliance that month? */
  AtlasTimeline.prototype.inAll = function (iso3, chosen, index) {
    var memberships = this.data.memberships || {}, self = this;
    return chosen.every(function (a) { return self.entryAt((memberships[a] || {})[iso3], index) === 1; });
  };

  /* The view for one layer and month: entries, counts of the states kept by the filter, headline.
   * `extras.chosen` lists alliances (members of all are kept); `extras.faded` (change points, 1 = faded)
   * is the older form of the same filter. */
  AtlasTimeline.prototype.view = function (layer, index, extras) {
    extras = extras || {};
    var data = this.data, self = this, countries = {}, perLayer = data.series[layer] || {};
    var chosen = extras.chosen || [], faded = extras.faded || null, counts = {}, total = 0;
    Object.keys(perLayer).forEach(function (iso3) {
      var found = self.entryAt(perLayer[iso3], index);
      if (found === null) return;
      var entry = Object.assign({}, data.entries[found]);
      var out = chosen.length ? !self.inAll(iso3, chosen, index) : !!(faded && self.entryAt(faded[iso3], index));
      if (out) { entry.f = 1; counts.faded = (counts.faded || 0) + 1; }
      else { counts[entry.c] = (counts[entry.c] || 0) + 1; total += 1; }
      countries[iso3] = entry;
    });
    var meta = data.layers[layer], alliances = data.alliances || {};
    return {
      layer: layer, date: data.months[index], legendTitle: meta.title, legend: meta.legend,
      styles: meta.styles, countries: countries, microstates: data.microstates,
      selected: extras.selected || null, highlight: extras.highlight || [], present: !!extras.present,
      counts: counts, total: total,
      scheduled: index > this.today,
      headline: headline(counts, total, layer, chosen, alliances),
      fadedLabel: chosen.length ? "Not in " + filterWords(chosen, alliances) + " on this date" : null,
      filterWords: chosen.length ? "Members of " + filterWords(chosen, alliances) : "All 50 states in scope"
    };
  };

  /* "Mar 2027 · scheduled" after the data's review month: a deadline that has not happened yet. */
  AtlasTimeline.prototype.label = function (index) {
    return monthLabel(this.months[index]) + (index > this.today ? " \u00B7 scheduled" : "");
  };

  /* Play, speed, month slider with a "today" mark, and the month label.
   * `onMonth(index, how)`: how = "input" (slider moving), "play" (a play tick), "end" (stopped). */
  function TimelineBar(root, timeline, onMonth, stepMs) {
    this.timeline = timeline;
    this.months = timeline.months;
    this.today = timeline.today;
    this.index = this.today;
    this.timer = null;
    this.baseMs = stepMs || 600;
    this.speed = 1;
    this.onMonth = onMonth;
    root.classList.add("atlas-timeline");
    root.textContent = "";
    this.play = el("button", "atlas-play");
    this.play.id = "play";
    this.play.type = "button";
    this.speedSelect = el("select", "atlas-speed");
    this.speedSelect.setAttribute("aria-label", "Play speed");
    [["0.5", "0.5\u00D7"], ["1", "1\u00D7"], ["2", "2\u00D7"]].forEach(function (pair) {
      var option = el("option", null, pair[1]);
      option.value = pair[0];
      if (pair[0] === "1") option.selected = true;
      this.speedSelect.appendChild(option);
    }, this);
    var track = el("div", "atlas-track");
    this.slider = el("input", "atlas-slider");
    this.slider.id = "month";
    this.slider.type = "range";
    this.slider.min = "0";
    this.slider.max = String(this.months.length - 1);
    this.slider.step = "1";
    this.slider.setAttribute("aria-label", "Month");
    var marks = el("div", "atlas-marks");
    marks.setAttribute("aria-hidden", "true");
    var last = this.months.length - 1;
    var pct = function (i) { return (last ? (i / last) : 0) * 100; };
    this.todayMark = el("span", "atlas-today", "today");
    this.todayMark.style.left = pct(this.today) + "%";
    var future = el("span", "atlas-future");
    future.style.left = pct(this.today) + "%";
    future.style.right = "0";
    marks.appendChild(future);
    marks.appendChild(this.todayMark);
    (timeline.data.euEvents || []).forEach(function (eu) {
      var mark = el("span", "atlas-eu-mark", "\u25B2");
      mark.style.left = pct(eu.month) + "%";
      mark.title = "EU level, " + eu.date + ": " + eu.title + " (" + String(eu.legal_status).replace("_", "-") +
        "; frames national policy, not a national measure)";
      marks.appendChild(mark);
    });
    marks.appendChild(el("span", "atlas-mark-start", this.months[0].slice(0, 4)));
    marks.appendChild(el("span", "atlas-mark-end", this.months[last].slice(0, 4)));
    track.appendChild(this.slider);
    track.appendChild(marks);
    this.label = el("span", "atlas-month");
    this.label.id = "month-label";
    root.appendChild(this.play);
    root.appendChild(this.speedSelect);
    root.appendChild(track);
    root.appendChild(this.label);
    this.showPlay(false);
    var self = this;
    this.slider.addEventListener("input", function () {
      self.stop();
      self.set(parseInt(self.slider.value, 10));
      self.onMonth(self.index, "input");
    });
    this.slider.addEventListener("change", function () { self.onMonth(self.index, "end"); });
    this.play.addEventListener("click", function () { self.toggle(); });
    this.speedSelect.addEventListener("change", function () {
      self.speed = parseFloat(self.speedSelect.value) || 1;
      if (self.timer) { self.halt(); self.run(); }
    });
  }

  TimelineBar.prototype.showPlay = function (playing) {
    this.play.textContent = "";
    this.play.appendChild(icon(playing ? "pause" : "play"));
    this.play.appendChild(el("span", null, playing ? "Pause" : "Play"));
    this.play.setAttribute("aria-pressed", String(playing));
    this.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  };

  TimelineBar.prototype.set = function (index) {
    this.index = Math.max(0, Math.min(this.months.length - 1, index));
    this.slider.value = String(this.index);
    var text = this.timeline.label(this.index);
    this.label.textContent = text;
    this.label.classList.toggle("atlas-scheduled", this.index > this.today);
    this.slider.setAttribute("aria-valuetext", text.replace(" \u00B7 ", ", "));
  };

  TimelineBar.prototype.halt = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  };

  TimelineBar.prototype.stop = function () {
    this.halt();
    this.showPlay(false);
  };

  TimelineBar.prototype.run = function () {
    var self = this;
    this.timer = setInterval(function () {
      if (self.index >= self.today) { self.stop(); self.onMonth(self.index, "end"); return; }
      self.set(self.index + 1);
      self.onMonth(self.index, "play");
      if (self.index >= self.today) { self.stop(); self.onMonth(self.index, "end"); }
    }, this.baseMs / this.speed);
  };

  /* Play runs from the shown month up to today and stops; from today (or later) it starts over. */
  TimelineBar.prototype.toggle = function () {
    if (this.timer) { this.stop(); this.onMonth(this.index, "end"); return; }
    if (this.index >= this.today) { this.set(0); this.onMonth(0, "play"); }
    this.showPlay(true);
    this.run();
  };

  /* Layer choice (radio buttons drawn as a segmented control) and alliance filter (checkboxes as pills). */
  function AtlasControls(root, data, state, onChange) {
    root.classList.add("atlas-controls");
    root.textContent = "";
    var layers = el("fieldset", "atlas-layers");
    layers.appendChild(el("legend", "atlas-sr", "Layer"));
    (data.layerOrder || Object.keys(data.layers)).forEach(function (key) {
      var label = el("label", "atlas-seg");
      var input = el("input");
      input.type = "radio";
      input.name = "layer";
      input.value = key;
      input.checked = key === state.layer;
      input.addEventListener("change", function () { if (input.checked) onChange({ layer: key }); });
      label.appendChild(input);
      label.appendChild(el("span", null, data.layers[key].short || key));
      layers.appendChild(label);
    });
    var filter = el("fieldset", "atlas-alliances");
    filter.appendChild(el("legend", "atlas-filter-title", "Members of"));
    var inputs = [];
    (data.allianceOrder || Object.keys(data.alliances || {})).forEach(function (key) {
      var label = el("label", "atlas-pill");
      var input = el("input");
      input.type = "checkbox";
      input.name = "alliance";
      input.value = key;
      input.checked = state.chosen.indexOf(key) >= 0;
      inputs.push(input);
      input.addEventListener("change", function () {
        onChange({ chosen: inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; }) });
      });
      label.appendChild(input);
      label.appendChild(el("span", null, data.alliances[key].short));
      filter.appendChild(label);
    });
    root.appendChild(layers);
    root.appendChild(filter);
    this.set = function (next) {
      layers.querySelectorAll("input").forEach(function (i) { i.checked = i.value === next.layer; });
      inputs.forEach(function (i) { i.checked = next.chosen.indexOf(i.value) >= 0; });
    };
  }

  /* The first screen in one box: controls, headline, map with legend, timeline.
   * `options`: layer, month, chosen, selected, present, onSelect(iso3), onChange(state, how), stepMs. */
  function AtlasApp(root, shapes, data, options) {
    var self = this;
    this.options = options;
    this.timeline = new AtlasTimeline(data);
    var start = data.months.indexOf(options.month);
    this.state = {
      layer: options.layer || "restriction", chosen: (options.chosen || []).slice(),
      selected: options.selected || null, present: !!options.present, highlight: (options.highlight || []).slice()
    };
    root.classList.add("atlas-app");
    this.root = root;
    this.controls = new AtlasControls(root.querySelector(".atlas-controls-box"), data, this.state, function (change) {
      Object.assign(self.state, change);
      self.paint();
      self.changed(change.layer ? "layer" : "filter");
    });
    this.dateBox = root.querySelector(".atlas-date");
    this.headBox = root.querySelector(".atlas-headline");
    this.filterBox = root.querySelector(".atlas-filter-words");
    this.titleBox = root.querySelector(".atlas-layer-title");
    this.live = root.querySelector(".atlas-live");
    var legendBox = root.querySelector(".atlas-legend");
    this.tableBox = root.querySelector(".atlas-table-box");
    this.atlas = new Atlas(root.querySelector(".atlas-map"), shapes, {
      legendBox: legendBox, noZoom: this.state.present,
      onSelect: function (iso3) { if (options.onSelect) options.onSelect(iso3); },
      onEscape: function () { self.bar.slider.focus(); }
    });
    if (this.tableBox) this.tableBox.addEventListener("toggle", function () { self.renderTable(); });
    var skip = root.querySelector(".atlas-skip");
    if (skip) {
      skip.addEventListener("click", function (event) {
        event.preventDefault();
        root.querySelector("#atlas-table-summary").focus();
      });
    }
    this.bar = new TimelineBar(root.querySelector(".atlas-timeline-box"), this.timeline, function (index, how) {
      self.paint();
      self.changed(how);
    }, options.stepMs);
    this.bar.set(start < 0 ? this.timeline.today : start);
    var body = root.querySelector(".atlas-body");
    var shape = function () {
      var wide = body.clientWidth > body.clientHeight * 1.3 && body.clientWidth > 560;
      body.classList.toggle("atlas-wide", wide);
    };
    if (window.ResizeObserver) new ResizeObserver(shape).observe(body);
    shape();
    this.paint();
  }

  AtlasApp.prototype.changed = function (how) {
    if (this.options.onChange) this.options.onChange(this.current(), how);
  };

  AtlasApp.prototype.current = function () {
    return {
      layer: this.state.layer, month: this.timeline.months[this.bar.index], chosen: this.state.chosen.slice(),
      selected: this.state.selected, present: this.state.present
    };
  };

  /* Take state from outside (the server, after a click or a shared link) without reporting it back. */
  AtlasApp.prototype.adopt = function (next) {
    if (next.layer) this.state.layer = next.layer;
    if (next.chosen) this.state.chosen = next.chosen.slice();
    if (next.selected !== undefined) this.state.selected = next.selected;
    if (next.highlight !== undefined) this.state.highlight = next.highlight.slice();
    if (next.present !== undefined) this.state.present = !!next.present;
    if (next.month) {
      var index = this.timeline.months.indexOf(next.month);
      if (index >= 0 && !this.bar.timer) this.bar.set(index);
    }
    this.controls.set(this.state);
    this.paint();
  };

  AtlasApp.prototype.paint = function () {
    var view = this.timeline.view(this.state.layer, this.bar.index, {
      chosen: this.state.chosen, selected: this.state.selected, present: this.state.present,
      highlight: this.state.highlight
    });
    this.atlas.update(view);
    var label = this.timeline.label(this.bar.index);
    if (this.dateBox) {
      this.dateBox.textContent = label;
      this.dateBox.classList.toggle("atlas-scheduled", view.scheduled);
    }
    if (this.headBox) this.headBox.textContent = view.headline;
    if (this.filterBox) this.filterBox.textContent = view.filterWords;
    if (this.titleBox) this.titleBox.textContent = view.legendTitle;
    this.root.setAttribute("data-month", view.date);
    this.view = view;
    this.renderTable();
    document.body.classList.toggle("atlas-present", this.state.present);
  };

  /* The text alternative under the map: every state's status for the shown month, layer and filter. */
  AtlasApp.prototype.renderTable = function () {
    var box = this.tableBox, view = this.view;
    if (!box || !view) return;
    var label = this.timeline.label(this.bar.index);
    box.querySelector("summary").textContent = "The map as a table: " + view.legendTitle + ", " + label;
    if (!box.open) return;
    var names = {};
    (view.legend || []).forEach(function (item) { names[item.key] = item.label; });
    box.querySelector("caption").textContent = view.legendTitle + ", " + label + " \u00B7 " + view.filterWords;
    var body = box.querySelector("tbody");
    body.textContent = "";
    Object.keys(view.countries).map(function (iso3) { return view.countries[iso3]; })
      .sort(function (a, b) { return a.name.localeCompare(b.name); })
      .forEach(function (entry) {
        var row = el("tr");
        if (entry.f) row.className = "atlas-row-faded";
        var head = el("th", null, entry.name);
        head.setAttribute("scope", "row");
        row.appendChild(head);
        row.appendChild(el("td", null, (names[entry.c] || entry.status) + (entry.f ? " (" + view.fadedLabel + ")" : "")));
        row.appendChild(el("td", null, entry.since || ""));
        row.appendChild(el("td", null, entry.next || ""));
        body.appendChild(row);
      });
  };

  window.Atlas = Atlas;
  window.AtlasTimeline = AtlasTimeline;
  window.TimelineBar = TimelineBar;
  window.AtlasControls = AtlasControls;
  window.AtlasApp = AtlasApp;
  window.atlasMonthLabel = monthLabel;
  window.atlasHeadline = headline;
})();
