// Permanent links: send an old address to where its question is now.
// When the address's #id is not on this page, or this is the 404 page of a removed
// page, read the site's ids.json (the list the build checks, see macros/ids.py) and
// go, in this order, where its "aliases" send "page.md#old-id" (a question id); to
// the question itself when #id is a live question id ("questions", whatever the
// page in the address); where its "aliases" send "page.md" (a page).
// On the 404 page (overrides/404.html), the search box is filled with the words of
// the address. Assumes MkDocs' directory URLs (topics/x.md is served at topics/x/).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("..", script.src); // this file is <site root>/javascripts/ids.js

  function url(page) { // "topics/x.md" -> "topics/x/", "index.md" -> ""
    return page.replace(/(^|\/)index\.md$/, "$1").replace(/\.md$/, "/");
  }

  function to_id(u) { return decodeURIComponent(u.hash.slice(1)); }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // The 404 page's search box (overrides/404.html): the words of the missing address.
  function fillSearch() {
    var box = document.getElementById("kb-not-found-q");
    if (!box || box.value) return;
    var path = location.pathname.slice(root.pathname.length).replace(/(index)?\.html?$/, "");
    try { path = decodeURIComponent(path); } catch (e) { /* leave it encoded */ }
    box.value = path.split(/[\/\-_.\s]+/).filter(Boolean).join(" ");
  }

  function follow() {
    var id = to_id(location);
    var missing = id && !document.getElementById(id);
    var notFound = !document.querySelector('link[rel="canonical"]'); // MkDocs' 404 page has none
    if (!missing && !notFound) return;
    var here = location.pathname.slice(root.pathname.length);
    fetch(new URL("ids.json", root)).then(function (r) { return r.json(); }).then(function (ids) {
      var target = null, page = null;
      Object.keys(ids.aliases).forEach(function (from) {
        var parts = from.split("#"), to = ids.aliases[from];
        if (url(parts[0]) !== here) return;
        if (parts.length > 1 && parts[1] === id && has(ids.questions, to)) {
          target = url(ids.questions[to]) + "#" + to;
        } else if (parts.length === 1 && notFound) {
          page = url(to) + location.hash; // the new page resolves the id in turn
        }
      });
      if (target === null && id && has(ids.questions, id)) target = url(ids.questions[id]) + "#" + id;
      if (target === null) target = page;
      if (target === null) return;
      var dest = new URL(target, root);
      var el = dest.pathname === location.pathname && document.getElementById(to_id(dest));
      if (el) { // same page: no reload, just go to the question
        history.replaceState(null, "", dest.href);
        el.scrollIntoView();
      } else {
        location.replace(dest.href);
      }
    }).catch(function () { /* no list, no redirect: the page stays as it is */ });
  }

  fillSearch();
  follow();
  window.addEventListener("hashchange", follow);
})();
