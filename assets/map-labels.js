/* Area names on the choropleth, so that the map reads without hovering and without a
   background map (issue 21). Each area's name (or, on a map of a gemeente's buurten, each
   wijk's name) is a permanent Leaflet tooltip at the point the boundary document gives
   (`lp` / `wlp`, inside the area), added and removed with the areas' own layers. Names must not collide: after every zoom, move or redraw the labels are placed in
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

  // The labels on a map, by key (an area code, or a wijk code shared by its buurten).
  function labelsOf(map) {
    if (!map._kaartLabels) {
      map._kaartLabels = {};
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
    var items = labelsOf(map);
    Object.keys(items)
      .map(function (key) { return items[key]; })
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

  // What a feature's label says and where: its own name (hideout.labels "naam"), or the name
  // of its wijk for a map of a gemeente's buurten ("wijk": one label per wijk, at the wijk's
  // own label point, shared by its buurten).
  function labelOf(props, layer, mode) {
    if (mode === "wijk") {
      // CBS numbers its wijken in the name ("Wijk 04 Enschede-Noord"): the map shows the name.
      var text = String(props.wn || "").replace(/^Wijk \d+\s+/, "");
      return props.wk && props.wlp ? { key: props.wk, text: text, point: props.wlp } : null;
    }
    // A document cached before label points existed: the middle of the shape's box.
    var point = props.lp || null;
    if (!point) {
      var centre = layer.getBounds().getCenter();
      point = [centre.lat, centre.lng];
    }
    return { key: props.code, text: props.naam, point: point };
  }

  function attach(feature, layer, hideout) {
    var L = window.L;
    var props = feature && feature.properties;
    var mode = hideout && hideout.labels;
    if (!L || !props || !mode || !layer.getBounds) {
      return;
    }
    var found = labelOf(props, layer, mode);
    if (!found) {
      return;
    }
    var bounds = layer.getBounds();
    var size = (bounds.getNorth() - bounds.getSouth()) * (bounds.getEast() - bounds.getWest());
    var selected = hideout.selected === props.code ? 1e6 : 0;
    var map = null;
    layer.on("add", function () {
      map = layer._map;
      if (!map) {
        return;
      }
      var items = labelsOf(map);
      var item = items[found.key];
      if (!item) {
        item = items[found.key] = {
          count: 0,
          priority: 0,
          label: L.tooltip({
            permanent: true,
            direction: "center",
            className: "kaart-label " + HIDDEN, // shown by declutter once placed
            interactive: false,
            opacity: 1
          }).setLatLng(L.latLng(found.point[0], found.point[1])).setContent(escapeHtml(found.text))
        };
        map.addLayer(item.label);
      }
      item.count += 1;
      item.priority += size + selected; // a wijk: the size of its buurten together
      schedule(map);
    });
    layer.on("remove", function () {
      if (!map) {
        return;
      }
      var items = labelsOf(map);
      var item = items[found.key];
      if (item) {
        item.count -= 1;
        item.priority -= size + selected;
        if (item.count <= 0) {
          map.removeLayer(item.label);
          delete items[found.key];
        }
      }
      schedule(map);
      map = null;
    });
  }

  window.dashboard = Object.assign({}, window.dashboard, {
    mapLabels: { attach: attach, declutter: declutter }
  });
})();
