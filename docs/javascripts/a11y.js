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
    ".md-typeset .math-display": "Formula",
    ".md-typeset table:not([class])": "Table"
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
  // Content added after load (the interview kit's sheets, the drill's answers) is watched too.
  function watch(root) {
    Object.keys(regions).forEach(function (selector) {
      var found = Array.prototype.slice.call(root.querySelectorAll(selector));
      if (root.matches && root.matches(selector)) found.push(root);
      found.forEach(function (el) {
        if (labels.has(el)) return;
        labels.set(el, regions[selector]);
        observer.observe(el);
      });
    });
  }
  watch(document);
  new MutationObserver(function (mutations) {
    mutations.forEach(function (m) {
      m.addedNodes.forEach(function (node) { if (node.nodeType === 1) watch(node); });
    });
  }).observe(document.body, { childList: true, subtree: true });
});
