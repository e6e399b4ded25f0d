/* A grid whose rows the server sorts and pages: AG Grid's infinite row model, one block of its
   cache per page and one request at a time, through dash-ag-grid's getRowsRequest /
   getRowsResponse. Used by the areas table of Algemeen beeld (dashboard/callbacks/algemeen.py).

   Page one of a view comes with the view's other figures (store <grid id>-eerste, filled by
   the same request as the KPI cards) and is given to the grid here, in the browser. Only
   another page or another order goes to the server (store <grid id>-vraag) and comes back in
   store <grid id>-antwoord. So a filter change costs no round trip more than the figures, and
   a page or a sort exactly one.

   An answer goes to the grid only while it fits: the same view, first row and order as the
   grid's newest request; a late answer (the user paged, then changed a filter) would otherwise
   fill page one with rows of another page or view. The grid waits for every request it made
   before it makes the next, so a request that will not be answered any more (its view was
   replaced) is ended first, before the grid is sent back to page one. */
(function () {
  // Per grid: its request that has no answer yet.
  var waiting = {};

  function order(sortModel) {
    // Only the fields the server reads, in one key order: comparable as text.
    return (sortModel || []).map(function (s) {
      return { colId: s.colId, sort: s.sort };
    });
  }

  function sameOrder(a, b) {
    return JSON.stringify(order(a)) === JSON.stringify(order(b));
  }

  function fired() {
    var context = window.dash_clientside.callback_context;
    return (context.triggered || []).map(function (t) {
      return t.prop_id;
    });
  }

  function fits(rows, request, view) {
    return Boolean(rows && request) && rows.view === view && rows.startRow === request.startRow &&
      sameOrder(rows.sortModel, request.sortModel);
  }

  function give(gridId, rows) {
    waiting[gridId] = null;
    return { rowData: rows.rowData, rowCount: rows.rowCount };
  }

  // The grid forgets its pages and shows page one; it then asks for page one again.
  function restart(gridId) {
    var open = waiting[gridId];
    waiting[gridId] = null;
    if (open && open.failCallback) {
      try {
        open.failCallback(); // ends the request; its rows are thrown away next
      } catch (e) {
        // a grid that is gone (another page) has nothing to end
      }
    }
    window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
      api.paginationGoToFirstPage();
      api.purgeInfiniteCache();
    });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    dashboard_grid: {
      // The grid's request (getRowsRequest) and page one of the view (<grid id>-eerste);
      // state: the view (the URL query the server callbacks read) and the grid's id. Outputs:
      // getRowsResponse, the request to the server (<grid id>-vraag).
      rows: function (request, first, view, gridId) {
        var noUpdate = window.dash_clientside.no_update;
        var by = fired();
        var asked = by.indexOf(gridId + ".getRowsRequest") !== -1;
        if (asked) {
          waiting[gridId] = request;
        }
        var open = waiting[gridId];
        if (!first) {
          // The page is loading: page one comes with the figures.
          return [noUpdate, noUpdate];
        }
        if (open && fits(first, open, view)) {
          return [give(gridId, first), noUpdate];
        }
        if (by.indexOf(gridId + "-eerste.data") !== -1) {
          restart(gridId);
          return [noUpdate, noUpdate];
        }
        if (!open || !asked) {
          return [noUpdate, noUpdate];
        }
        return [noUpdate, {
          startRow: open.startRow,
          endRow: open.endRow,
          sortModel: order(open.sortModel)
        }];
      },
      // The server's answer (<grid id>-antwoord) to the grid, if it still fits; state: the view
      // and the grid's id. (A callback of its own: an answer that fed back into `rows` would
      // close a circle of callbacks, which Dash does not run.)
      answer: function (answer, view, gridId) {
        var open = waiting[gridId];
        return open && fits(answer, open, view) ? give(gridId, answer)
          : window.dash_clientside.no_update;
      }
    }
  });
})();
