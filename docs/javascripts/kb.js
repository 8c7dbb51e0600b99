/* Reader features on topic pages: a "copy link" control per question, practice mode
   (answers hidden behind a reveal control, remembered across pages), print with
   everything visible; and the interview kit page, built from questions.json.
   No third-party code; works with or without Material's instant navigation. */
(function () {
  "use strict";
  var KEY = "kb-practice";

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
    sw.innerHTML = "<span>Practice mode</span>";
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

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function siteBase() {
    var cfg = document.getElementById("__config");
    var base = cfg ? JSON.parse(cfg.textContent).base : "..";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function setupKit(root) {
    var params = new URLSearchParams(location.search);
    var chosen = (params.get("questions") || "").split(",").filter(Boolean);
    var answers = params.get("answers") !== "0";
    fetch(new URL("questions.json", siteBase())).then(function (r) {
      if (!r.ok) throw new Error("questions.json: HTTP " + r.status);
      return r.json();
    }).then(function (doc) {
      root.textContent = "";
      if (chosen.length) showKit(root, doc, chosen, answers);
      else pickKit(root, doc);
    }).catch(function (e) {
      root.textContent = "The question list could not be loaded (" + e.message + ").";
    });
  }

  function pickKit(root, doc) {
    var form = el("form", { "class": "kb-kit-form" });
    var topics = {};
    doc.questions.forEach(function (q) {
      var fs = topics[q.topic.id];
      if (!fs) {
        fs = topics[q.topic.id] = el("fieldset");
        fs.appendChild(el("legend", {}, q.topic.title));
        form.appendChild(fs);
      }
      var label = el("label", { "class": "kb-kit-choice" });
      var box = el("input", { type: "checkbox", name: "q", value: q.id });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + q.title + " "));
      if (q.level) label.appendChild(el("span", { "class": "kb-level" }, q.level));
      fs.appendChild(label);
    });
    var opts = el("p");
    var withAnswers = el("input", { type: "checkbox", id: "kb-kit-answers", checked: "" });
    opts.appendChild(withAnswers);
    opts.appendChild(el("label", { "for": "kb-kit-answers" }, " Include answers, quotes and corrections"));
    form.appendChild(opts);
    var out = el("p", { "class": "kb-kit-link", role: "status" });
    var make = el("button", { type: "submit", "class": "md-button md-button--primary" }, "Make the kit link");
    form.appendChild(make);
    form.appendChild(out);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var ids = Array.prototype.map.call(form.querySelectorAll("input[name=q]:checked"), function (b) { return b.value; });
      out.textContent = "";
      if (!ids.length) { out.textContent = "Tick at least one question."; return; }
      var url = new URL(location.href);
      url.hash = "";
      url.search = "?questions=" + ids.join(",") + (withAnswers.checked ? "" : "&answers=0");
      var a = el("a", { href: url.href, "class": "kb-kit-url" }, url.href);
      out.appendChild(document.createTextNode("Share this link: "));
      out.appendChild(a);
    });
    root.appendChild(form);
  }

  function showKit(root, doc, chosen, answers) {
    /* The export's URLs use the deployed site_url; resolve them against this copy of the site. */
    var local = function (url) {
      return url.indexOf(doc.site_url) === 0 ? new URL(url.slice(doc.site_url.length), siteBase()).href : url;
    };
    var byId = {};
    doc.questions.forEach(function (q) { byId[q.id] = q; });
    var pages = {};
    var list = el("div", { "class": "kb-kit" });
    root.appendChild(el("p", {}, chosen.length + " question(s)" + (answers ? ", with answers." : ", without answers.")));
    root.appendChild(list);
    chosen.forEach(function (id) {
      var q = byId[id];
      var slot = el("section", { "class": "kb-kit-question" });
      list.appendChild(slot);
      if (!q) { slot.appendChild(el("p", {}, "Unknown question id: " + id)); return; }
      var h = el("h2", { id: q.id });
      h.appendChild(el("a", { href: local(q.url) }, q.title));
      slot.appendChild(h);
      var meta = q.topic.title + (q.level ? " · level: " + q.level : "");
      slot.appendChild(el("p", { "class": "kb-kit-meta" }, meta));
      if (!answers) return;
      var page = local(q.url).split("#")[0];
      pages[page] = pages[page] || fetch(page).then(function (r) { return r.text(); }).then(function (t) {
        return new DOMParser().parseFromString(t, "text/html");
      });
      pages[page].then(function (html) {
        var h2 = html.getElementById(q.id);
        if (!h2) return;
        sectionOf(h2).forEach(function (part) {
          if (part.classList.contains("kb-question-tools")) return;  /* the topic page's empty tools slot */
          var copy = document.importNode(part, true);
          /* Links in the copied section are relative to its topic page. */
          copy.querySelectorAll("a[href]").forEach(function (a) { a.href = new URL(a.getAttribute("href"), page).href; });
          copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
          slot.appendChild(copy);
        });
      });
    });
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
