// Accessibility fix to Material's defaults, held by tests/test_accessibility.py (axe-core
// rule scrollable-region-focusable): a table, code block or formula wider than the page
// scrolls sideways, and keyboard users can scroll it only if it is focusable.
document$.subscribe(function () {
  var regions = {
    ".md-typeset__scrollwrap": "Table",
    ".md-typeset pre > code": "Code",
    ".md-typeset .math-display": "Formula"
  };
  Object.keys(regions).forEach(function (selector) {
    document.querySelectorAll(selector).forEach(function (el) {
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", regions[selector] + " (scrolls sideways)");
      }
    });
  });
});
