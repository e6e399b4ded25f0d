/* The annotation list's "Wijzigen" and "Verwijderen" buttons have one id per annotation. This
   reduces a click to one small action in a store, so that the server callbacks listen to a
   component that is always on the page (and check the action like any other input). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard_duiding: {
    action: function () {
      var context = window.dash_clientside.callback_context;
      var fired = context && context.triggered && context.triggered[0];
      if (!fired || !fired.value) {
        return window.dash_clientside.no_update;
      }
      var id = JSON.parse(fired.prop_id.slice(0, fired.prop_id.lastIndexOf(".")));
      var kind = /-wijzig$/.test(id.type) ? "wijzig" : "verwijder";
      return { soort: kind, id: id.id, klik: Date.now() };
    }
  }
});
