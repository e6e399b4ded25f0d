/* Dutch names for the English labels that Dash 4 and Leaflet write into their controls with no
   prop to set them: the date picker's month arrows, the number stepper of dcc.Input and the
   map's zoom buttons. Screen readers read them out and the title shows on hover, so they must be
   Dutch like the rest of the page. Texts that do have a prop are set there (dropdown labels in
   layouts/components/filters.py, month names through assets/vendor). */
(function () {
  var DUTCH = {
    "Previous month": "Vorige maand",
    "Next month": "Volgende maand",
    "Increase value": "Hoger",
    "Decrease value": "Lager",
    "Clear Dates": "Datums wissen",
    "Clear date": "Datum wissen",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen"
  };
  var ATTRIBUTES = ["aria-label", "title"];
  var SELECTOR = "[aria-label], [title]";

  function translateElement(element) {
    ATTRIBUTES.forEach(function (name) {
      var value = element.getAttribute(name);
      if (value && Object.prototype.hasOwnProperty.call(DUTCH, value)) {
        element.setAttribute(name, DUTCH[value]);
      }
    });
  }

  function translate(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    translateElement(node);
    node.querySelectorAll(SELECTOR).forEach(translateElement);
  }

  // React and Leaflet add these controls whenever they render: translate what is added, and a
  // label that a re-render sets back (the Dutch text is not in DUTCH, so this does not loop).
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") {
        translateElement(record.target);
      } else {
        record.addedNodes.forEach(translate);
      }
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ATTRIBUTES
  });
})();
