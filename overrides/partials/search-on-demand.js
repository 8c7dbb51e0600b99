// The search index is fetched when a reader starts a search, not on every page load.
//
// Material's search fetches search/search_index.json (about 125 KB compressed, larger
// than a whole page visit) as soon as a page loads, and has no setting to wait. This
// script runs before Material's bundle and holds back that one request until the
// reader points at, touches or focuses the search box (or arrives with ?q=, which
// Material turns into a search). Material then shows "Initializing search" until the
// index arrives, and runs what was typed meanwhile. Every other request is untouched.
(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = new URLSearchParams(location.search).has("q");

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.kbSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.kbSearchIndex || wanted) return send.apply(this, arguments);
    var request = this, args = arguments;
    held.push(function () { send.apply(request, args); });
  };

  function onSearch(event) {
    var target = event.target;
    if (target instanceof Element && target.closest(".md-search, label[for='__search']")) release();
  }
  ["focusin", "pointerover", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, onSearch, { capture: true, passive: true });
  });
})();
