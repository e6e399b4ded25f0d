/* Style, filter and tooltip functions for the dash-leaflet choropleth. They read everything from
   `context.hideout`, so a filter change sends only numbers per area, never geometry. */
window.dashboard = Object.assign({}, window.dashboard, {
  map: {
    style: function (feature, context) {
      var h = (context && context.hideout) || {};
      var code = feature.properties.code;
      var area = (h.areas || {})[code];
      var selected = h.selected === code;
      return {
        fillColor: area ? area.c : "#d9d9d9",
        fillOpacity: 0.8,
        color: selected ? "#000000" : "#4d4d4d",
        weight: selected ? 3.5 : 1,
        className: "area area-" + code
      };
    },
    filter: function (feature, context) {
      var h = (context && context.hideout) || {};
      return Boolean(h.areas && h.areas[feature.properties.code]);
    },
    bindTooltip: function (feature, layer, context) {
      var h = (context && context.hideout) || {};
      var area = (h.areas || {})[feature.properties.code];
      layer.bindTooltip(window.dashboard.map.tooltip(feature, area), { sticky: true });
      // The area's name on the map (gemeente and wijk level): assets/map-labels.js.
      if (window.dashboard.mapLabels) {
        window.dashboard.mapLabels.attach(feature, layer, h);
      }
    },
    // An area gives either ready HTML (`t`) or plain lines (`d`, the general map: smaller on
    // the wire) that go under the name from the boundary document, both escaped here.
    tooltip: function (feature, area) {
      if (area && area.t) {
        return area.t;
      }
      var escape = window.dashboard.map.escapeHtml;
      var html = "<b>" + escape(feature.properties.naam) + "</b>";
      if (area && area.d) {
        html += "<br>" + area.d.split("\n").map(escape).join("<br>");
      }
      return html;
    },
    escapeHtml: function (text) {
      var entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
      return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
        return entities[c];
      });
    }
  }
});

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard_map: {
    // The click event carries the whole feature; only its code goes to the server.
    clickedCode: function (feature) {
      if (feature && feature.properties && feature.properties.code) {
        return feature.properties.code;
      }
      return window.dash_clientside.no_update;
    }
  }
});

/* The frame's folding parts on small screens: the navbar menu and a page's filter drawer
   (dashboard/callbacks/shell.py). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard_layout: {
    menu: function (clicks, pathname, open) {
      var context = window.dash_clientside.callback_context;
      var byButton = context.triggered.some(function (t) {
        return t.prop_id.indexOf(".n_clicks") !== -1;
      });
      var next = byButton ? !open : false;
      return [next, String(next)];
    },
    // Opening adds Bootstrap's "show" to the responsive offcanvas; the focus moves into the
    // drawer and back to its button on closing, as a dialog does for keyboard users.
    drawer: function (openClicks, closeClicks, className) {
      var context = window.dash_clientside.callback_context;
      var fired = context.triggered[0];
      var id = JSON.parse(fired.prop_id.slice(0, fired.prop_id.lastIndexOf(".")));
      var opening = id.type === "filterlade-open";
      var base = (className || "").replace(/(^|\s)show(?=\s|$)/g, "").trim();
      window.setTimeout(function () {
        var drawer = document.querySelector(".filter-lade.show .btn-close");
        var button = document.querySelector(".filter-knop");
        var target = opening ? drawer : button;
        if (target) {
          target.focus();
        }
      }, 50);
      return [opening ? base + " show" : base, String(opening)];
    }
  }
});

/* Escape closes an open filter drawer, as it would a dialog. */
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") {
    return;
  }
  var close = document.querySelector(".filter-lade.show .btn-close");
  if (close) {
    close.click();
  }
});

/* Refused updates (401 / 403 / 503) are handled in request-status.js. */
