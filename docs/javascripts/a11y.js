// Accessibility fix to Material's defaults, held by tests/test_accessibility.py (axe-core
// rule scrollable-region-focusable): a table, code block or formula wider than the page
// scrolls sideways, and keyboard users can scroll it only if it is focusable.
//
// A ResizeObserver reports each candidate after the browser has laid it out, and again
// when its width changes (a phone turned sideways), so the check never forces an extra
// layout of the page.
document$.subscribe(function () {
  var regions = {
    ".md-typeset__scrollwrap": "Table",
    ".md-typeset pre > code": "Code",
    ".md-typeset .math-display": "Formula"
  };
  var labels = new Map();
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var el = entry.target, ours = el.hasAttribute("data-kb-region");
      if (el.scrollWidth > el.clientWidth) {
        if (ours || el.hasAttribute("tabindex")) return;
        el.setAttribute("data-kb-region", "");
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", labels.get(el) + " (scrolls sideways)");
      } else if (ours) {
        ["data-kb-region", "tabindex", "role", "aria-label"].forEach(function (name) { el.removeAttribute(name); });
      }
    });
  });
  Object.keys(regions).forEach(function (selector) {
    document.querySelectorAll(selector).forEach(function (el) {
      labels.set(el, regions[selector]);
      observer.observe(el);
    });
  });
});
