/* Functions the tables (dash-ag-grid) call by name from their column definitions
   (dashboard/layouts/components/grid.py): the Dutch number format of the whole app. */
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  // 1234.5 -> "1.234,5"; a text ("<5", "x", "n.v.t.") as it is; nothing -> "-".
  nlNumber: function (value, decimals) {
    if (value === null || value === undefined || value === "") {
      return "-";
    }
    if (typeof value !== "number") {
      return String(value);
    }
    if (!isFinite(value)) {
      return "-";
    }
    var fixed = Math.abs(value).toFixed(decimals || 0).split(".");
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var sign = value < 0 && Number(fixed.join(".")) !== 0 ? "-" : "";
    return sign + whole + (fixed.length > 1 ? "," + fixed[1] : "");
  }
});

/* AG Grid keeps containers for full-width and sticky rows in the DOM with role="rowgroup" even
   when they hold no row; axe-core counts that as a critical violation (aria-required-children)
   and a screen reader announces an empty group. An empty one is presented as a plain element
   until rows arrive in it. */
(function () {
  var MARK = "data-dv-rowgroup";
  var pending = false;

  function settle() {
    pending = false;
    var groups = document.querySelectorAll(".dv-grid [role='rowgroup'], .dv-grid [" + MARK + "]");
    groups.forEach(function (group) {
      var empty = !group.querySelector("[role='row']");
      if (empty && group.getAttribute("role") === "rowgroup") {
        group.setAttribute(MARK, "1");
        group.setAttribute("role", "presentation");
      } else if (!empty && group.hasAttribute(MARK)) {
        group.removeAttribute(MARK);
        group.setAttribute("role", "rowgroup");
      }
    });
  }

  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(settle);
    }
  }

  function start() {
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
    schedule();
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
