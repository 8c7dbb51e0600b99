// Accessibility fix to Material's defaults, held by tests/test_accessibility.py (axe-core
// rule scrollable-region-focusable): a table wider than the page scrolls sideways inside
// Material's .md-typeset__scrollwrap, which keyboard users can reach only if it is focusable.
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table (scrolls sideways)");
    }
  });
});
