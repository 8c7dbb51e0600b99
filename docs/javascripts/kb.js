/* Reader features on topic pages: a "copy link" control per question, practice mode
   (answers hidden behind a reveal control, remembered across pages), print with
   everything visible; and the interview kit page, built from questions.json.
   No third-party code; works with or without Material's instant navigation. */
(function () {
  "use strict";
  var KEY = "kb-practice";
  /* The site's root, from this script's own address (<root>/javascripts/kb.js), never from
     an element of the page: content could add one with any id, and Material's own
     configuration element (script#__config) comes after the content in <body>. */
  var SITE = document.currentScript && document.currentScript.src ? new URL("..", document.currentScript.src) : null;

  function practiceOn() {
    try { return localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }

  /* The elements of a question: everything after its h2 up to the next h2, or up to
     the page's own "last update" note (Material's aside.md-source-file) after the last. */
  function sectionOf(h2) {
    var out = [], el = h2.nextElementSibling;
    while (el && el.tagName !== "H2" && !el.classList.contains("md-source-file")) { out.push(el); el = el.nextElementSibling; }
    return out;
  }

  /* Fills a question's tools slot (the empty div.kb-question-tools the build puts after its h2). */
  function addCopyLink(bar) {
    var h2 = bar.previousElementSibling;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-copy-link md-typeset__button";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy link to this question: " + h2.firstChild.textContent.trim());
    var status = document.createElement("span");
    status.className = "kb-copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var url = new URL("#" + h2.id, location.href).href;
      var done = function () { status.textContent = "Link copied"; setTimeout(function () { status.textContent = ""; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { status.textContent = url; });
      } else { status.textContent = url; }
    });
    bar.appendChild(button);
    bar.appendChild(status);
  }

  /* The reveal control of a question; its box is made when practice mode first hides it. */
  function addReveal(bar) {
    var next = bar.nextElementSibling;
    if (!next || next.tagName === "H2") return;
    var reveal = document.createElement("button");
    reveal.type = "button";
    reveal.className = "kb-reveal-button md-button";
    reveal.addEventListener("click", function () {
      setOpen(reveal, reveal.getAttribute("aria-expanded") !== "true");
    });
    bar.insertBefore(reveal, bar.firstChild);
  }

  /* The box holding the rest of a question (made, and named by aria-controls, on first
     use): moving every question into a box at load would restyle and lay out the whole
     page once more, for a mode that is off by default. */
  function boxOf(reveal) {
    var id = reveal.getAttribute("aria-controls");
    if (id) return document.getElementById(id);
    var bar = reveal.parentNode, parts = sectionOf(bar);
    var box = document.createElement("div");
    box.className = "kb-reveal";
    box.id = "kb-reveal-" + bar.previousElementSibling.id;
    parts[0].parentNode.insertBefore(box, parts[0]);
    parts.forEach(function (p) { box.appendChild(p); });
    reveal.setAttribute("aria-controls", box.id);
    return box;
  }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide answer" : "Show answer";
    if (!open || button.hasAttribute("aria-controls")) boxOf(button).hidden = !open;
  }

  function applyPractice(root, on) {
    root.classList.toggle("kb-practice", on);
    root.querySelectorAll(".kb-reveal-button").forEach(function (b) { setOpen(b, !on); });
    var sw = root.querySelector(".kb-practice-switch");
    if (sw) sw.setAttribute("aria-checked", String(on));
  }

  /* A link to anything inside a section that practice mode hides opens that section and
     scrolls to it (always: when practice mode has just hidden the sections above it). */
  function showTarget(always) {
    var target;
    try { target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
    if (!target) return;
    var box = target.closest(".kb-reveal[hidden]");
    if (box) setOpen(document.querySelector(".kb-reveal-button[aria-controls='" + box.id + "']"), true);
    if (box || always) target.scrollIntoView();
  }

  function setupTopic(article) {
    var bars = article.querySelectorAll(".kb-question-tools");
    var slot = article.querySelector(".kb-page-tools");
    if (!bars.length || !slot || !article.querySelector(".source-answer")) return;
    bars.forEach(function (bar) { addCopyLink(bar); addReveal(bar); });
    var sw = document.createElement("button");
    sw.type = "button";
    sw.className = "kb-practice-switch";
    sw.setAttribute("role", "switch");
    sw.appendChild(document.createElement("span")).textContent = "Practice mode";
    sw.title = "Hide every answer, quote and correction until you reveal it";
    sw.addEventListener("click", function () {
      var on = sw.getAttribute("aria-checked") !== "true";
      try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
      applyPractice(article, on);
    });
    slot.appendChild(sw);
    applyPractice(article, practiceOn());
    if (practiceOn()) showTarget(true);
    window.addEventListener("hashchange", function () { showTarget(false); });
  }

  /* Printing shows everything: answers, notes, practice sections. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details").forEach(function (d) { d.setAttribute("open", ""); });
    document.querySelectorAll(".kb-reveal[hidden]").forEach(function (b) { b.hidden = false; b.dataset.kbPrinted = "1"; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll(".kb-reveal[data-kb-printed]").forEach(function (b) { b.hidden = true; delete b.dataset.kbPrinted; });
  });

  /* ---- Interview kit ------------------------------------------------------ */
  /* The kit's page (div#kb-kit) loads its script, javascripts/kit.js, from this site's root:
     the kit is most of the code, and no other page downloads it. The script builds the kit
     each time it runs (once per visit of the page). */
  function setupKit(root) {
    if (!SITE) { root.textContent = "The interview kit could not be loaded (no site address)."; return; }
    var s = document.createElement("script");
    s.src = new URL("javascripts/kit.js", SITE).href;
    s.setAttribute("data-kb-kit", "");
    s.addEventListener("error", function () {
      root.textContent = "The interview kit could not be loaded (javascripts/kit.js).";
    });
    document.body.appendChild(s);
  }

  function init() {
    var article = document.querySelector(".md-content article");
    if (!article || article.dataset.kbReady) return;
    article.dataset.kbReady = "1";
    var kit = article.querySelector("#kb-kit");
    if (kit) setupKit(kit); else setupTopic(article);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
