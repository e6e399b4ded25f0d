/* Area names on the choropleth, so that the map reads without hovering and without a
   background map (issue 21). Each area's name is a permanent Leaflet tooltip at the point
   the boundary document gives (`lp`, inside the area), added and removed with the area's
   own layer. Names must not collide: after every zoom, move or redraw the labels are placed in
   order of priority (the selected area, then the larger areas) and a label that would overlap
   one already placed, or stick out of the map, is hidden until there is room for it.
   Called from window.dashboard.map.bindTooltip (dashboard.js); a file in assets/ (no CDN, no
   inline script), so the Content-Security-Policy stays strict. */
(function () {
  "use strict";
  var GAP = 3; // px between two labels
  var HIDDEN = "kaart-label-verborgen";

  function escapeHtml(text) {
    var entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return entities[c];
    });
  }

  function labelsOf(map) {
    if (!map._kaartLabels) {
      map._kaartLabels = [];
      map.on("zoomend moveend resize", function () { schedule(map); });
    }
    return map._kaartLabels;
  }

  function schedule(map) {
    if (map._kaartLabelTimer) {
      return;
    }
    map._kaartLabelTimer = window.setTimeout(function () {
      map._kaartLabelTimer = null;
      declutter(map);
    }, 0);
  }

  function overlaps(a, b) {
    return !(a.right + GAP <= b.left || b.right + GAP <= a.left ||
             a.bottom + GAP <= b.top || b.bottom + GAP <= a.top);
  }

  function declutter(map) {
    var container = map.getContainer();
    if (!container) {
      return;
    }
    var frame = container.getBoundingClientRect();
    var placed = [];
    labelsOf(map)
      .slice()
      .sort(function (a, b) { return b.priority - a.priority; })
      .forEach(function (item) {
        var element = item.label.getElement();
        if (!element) {
          return;
        }
        var box = element.getBoundingClientRect(); // laid out even while hidden
        var inside = box.left >= frame.left && box.right <= frame.right &&
                     box.top >= frame.top && box.bottom <= frame.bottom;
        var free = inside && box.width > 0 && placed.every(function (other) {
          return !overlaps(box, other);
        });
        element.classList.toggle(HIDDEN, !free);
        if (free) {
          placed.push(box);
        }
      });
  }

  function attach(feature, layer, hideout) {
    var L = window.L;
    var props = feature && feature.properties;
    if (!L || !props || !hideout || !hideout.labels || !layer.getBounds) {
      return;
    }
    var bounds = layer.getBounds();
    // A document cached before label points existed: the middle of the shape's box.
    var point = props.lp ? L.latLng(props.lp[0], props.lp[1]) : bounds.getCenter();
    var span = bounds.getNorthEast();
    var corner = bounds.getSouthWest();
    var item = {
      priority: (span.lat - corner.lat) * (span.lng - corner.lng) +
        (hideout.selected === props.code ? 1e6 : 0),
      label: L.tooltip({
        permanent: true,
        direction: "center",
        className: "kaart-label " + HIDDEN, // shown by declutter once placed
        interactive: false,
        opacity: 1
      }).setLatLng(point).setContent(escapeHtml(props.naam))
    };
    item.label.options.kaartCode = props.code;
    layer.on("add", function () {
      var map = layer._map;
      if (!map) {
        return;
      }
      item.map = map;
      map.addLayer(item.label);
      labelsOf(map).push(item);
      schedule(map);
    });
    layer.on("remove", function () {
      var map = item.map;
      if (!map) {
        return;
      }
      map.removeLayer(item.label);
      var list = labelsOf(map);
      var at = list.indexOf(item);
      if (at !== -1) {
        list.splice(at, 1);
      }
      item.map = null;
      schedule(map);
    });
  }

  window.dashboard = Object.assign({}, window.dashboard, {
    mapLabels: { attach: attach, declutter: declutter }
  });
})();
