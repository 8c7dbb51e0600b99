/* The drill (docs/drill.md, div#kb-drill; kb.js loads this script on that page only): the
   questions one at a time, across topics, shuffled, filtered by topic, level and "review
   again"; reveal the answer, then mark it. The question list is questions.json, loaded when
   the reader starts; each answer is copied from its topic page (same origin), and no text
   from JSON is ever inserted as HTML. The marks are kb.js's: localStorage "kb-marks" =
   {question id: "known" | "review"}. Keys: Space or Enter reveals, K, R, N. */
(function () {
  "use strict";
  var MARKS = "kb-marks", d = null, pages = {};

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function marks() {
    var m = null;
    try { m = JSON.parse(localStorage.getItem(MARKS)); } catch (e) { /* none, or unreadable */ }
    return m && typeof m === "object" && !Array.isArray(m) ? m : {};
  }

  function base() {
    var cfg = document.getElementById("__config");
    return new URL((cfg ? JSON.parse(cfg.textContent).base : "..").replace(/\/?$/, "/"), location.href);
  }

  /* The export's URLs use the deployed site_url; this copy of the site may be elsewhere. */
  function local(url) {
    return url.indexOf(d.doc.site_url) === 0 ? new URL(url.slice(d.doc.site_url.length), base()).href : url;
  }

  function setup(root) {
    root.textContent = "";
    var start = el("button", { type: "button", "class": "kb-drill-start md-button md-button--primary" }, "Start the drill");
    var status = el("p", { role: "status" });
    root.appendChild(start);
    root.appendChild(status);
    start.addEventListener("click", function () {
      start.disabled = true;
      status.textContent = "Loading the questions…";
      fetch(new URL("questions.json", base())).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (doc) { build(root, doc); }, function (e) {
        start.disabled = false;
        status.textContent = "The question list could not be loaded (" + e.message + ").";
      });
    });
  }

  function select(form, name, label, options) {
    var l = el("label", {}, label + " "), s = el("select", { name: name });
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    l.appendChild(s);
    form.appendChild(l);
  }

  function build(root, doc) {
    root.textContent = "";
    var form = el("form", { "class": "kb-drill-filters" }), topics = [], seen = {};
    doc.questions.forEach(function (q) {
      if (!seen[q.topic.id]) { seen[q.topic.id] = 1; topics.push([q.topic.id, q.topic.title]); }
    });
    select(form, "topic", "Topic", [["", "All topics"]].concat(topics));
    select(form, "level", "Level", [["", "All levels"], ["junior", "junior"], ["mid", "mid"], ["senior", "senior"]]);
    var review = el("label");
    review.appendChild(el("input", { type: "checkbox", name: "review" }));
    review.appendChild(document.createTextNode(" Only “review again”"));
    form.appendChild(review);
    form.appendChild(el("button", { type: "submit", "class": "kb-drill-button" }, "Shuffle"));
    d = { doc: doc, form: form, status: el("p", { "class": "kb-drill-status", role: "status" }), card: el("section", { "class": "kb-drill-card", "aria-labelledby": "kb-drill-question" }) };
    [form, d.status, d.card].forEach(function (e) { root.appendChild(e); });
    form.addEventListener("change", function () { shuffle(false); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); shuffle(true); });
    shuffle(true);
  }

  /* The questions the filters let through, in a new random order (Fisher–Yates); "focus"
     moves the focus to the first question's heading. */
  function shuffle(focus) {
    var f = d.form.elements, m = marks();
    var q = d.doc.questions.filter(function (x) {
      return (!f.topic.value || x.topic.id === f.topic.value) && (!f.level.value || x.level === f.level.value)
        && (!f.review.checked || m[x.id] === "review");
    });
    for (var i = q.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = q[i];
      q[i] = q[j];
      q[j] = t;
    }
    d.queue = q;
    d.pos = 0;
    d.status.textContent = q.length ? q.length + " question" + (q.length > 1 ? "s" : "") + ", shuffled."
      : "No question matches: change the filters, or mark questions “review again”.";
    show(focus);
  }

  function button(cls, text, attrs, act) {
    var b = el("button", attrs || {}, text);
    b.type = "button";
    b.className = "kb-drill-button " + cls;
    b.addEventListener("click", act);
    return b;
  }

  /* The card of the current question, or the end of the round. */
  function show(focus) {
    var q = d.queue[d.pos], card = d.card;
    card.textContent = "";
    if (!q) {
      if (d.queue.length) card.appendChild(el("p", { tabindex: "-1" }, "That was the last of " + d.queue.length + ". Press Shuffle for another round."));
    } else {
      card.appendChild(el("p", { "class": "kb-drill-meta" }, "Question " + (d.pos + 1) + " of " + d.queue.length
        + " · " + q.topic.title + (q.level ? " · level: " + q.level : "")));
      card.appendChild(el("h2", { id: "kb-drill-question", tabindex: "-1" }, q.title));
      var bar = el("div", { "class": "kb-drill-actions" });
      bar.appendChild(button("kb-drill-reveal", "Show answer", { "aria-expanded": "false", "aria-controls": "kb-drill-answer" }, reveal));
      bar.appendChild(button("kb-drill-mark", "Knew it", { "data-mark": "known" }, function () { mark("known"); }));
      bar.appendChild(button("kb-drill-mark", "Review again", { "data-mark": "review" }, function () { mark("review"); }));
      bar.appendChild(button("kb-drill-next", "Next", {}, next));
      card.appendChild(bar);
      card.appendChild(el("div", { id: "kb-drill-answer", "class": "kb-drill-answer", hidden: "" }));
      mark(null);
    }
    if (focus && card.firstChild) card.querySelector("[tabindex]").focus();
  }

  function next() {
    if (d.pos < d.queue.length) d.pos++;
    show(true);
  }

  /* Sets (or, with null, only shows) the current question's mark; the same kind again removes it. */
  function mark(kind) {
    var q = d.queue[d.pos], m = marks();
    if (!q) return;
    if (kind) {
      if (m[q.id] === kind) delete m[q.id]; else m[q.id] = kind;
      try { localStorage.setItem(MARKS, JSON.stringify(m)); } catch (e) { /* private mode: not kept */ }
    }
    d.card.querySelectorAll(".kb-drill-mark").forEach(function (b) { b.setAttribute("aria-pressed", String(m[q.id] === b.dataset.mark)); });
  }

  /* Shows or hides the answer: the answer box of the question's section on its topic page. */
  function reveal() {
    var q = d.queue[d.pos], b = d.card.querySelector(".kb-drill-reveal"), box = d.card.querySelector(".kb-drill-answer");
    if (!q) return;
    var open = b.getAttribute("aria-expanded") !== "true";
    b.setAttribute("aria-expanded", String(open));
    b.textContent = open ? "Hide answer" : "Show answer";
    box.hidden = !open;
    if (!open || box.firstChild) return;
    var page = local(q.url).split("#")[0], link = el("p");
    link.appendChild(el("a", { href: local(q.url) }, "The question on its page: the sources, their corrections and the interviewer notes"));
    box.appendChild(el("p", {}, "Loading the answer…"));
    pages[page] = pages[page] || fetch(page).then(function (r) { return r.text(); }).then(function (t) {
      return new DOMParser().parseFromString(t, "text/html");
    });
    pages[page].then(function (html) {
      var h2 = html.getElementById(q.id), answer = null;
      for (var e = h2 && h2.nextElementSibling; e && e.tagName !== "H2" && !answer; e = e.nextElementSibling) {
        if (e.classList.contains("answer")) answer = e;
      }
      return answer;
    }).catch(function () { return null; }).then(function (answer) {
      if (d.queue[d.pos] !== q) return;
      box.textContent = "";
      if (answer) box.appendChild(clean(answer, page));
      else box.appendChild(el("p", {}, "The answer could not be loaded."));
      box.appendChild(link);
      /* As a11y.js does for the page's own: what scrolls sideways can be scrolled by keyboard. */
      box.querySelectorAll("pre > code, .math-display, table").forEach(function (r) {
        if (r.scrollWidth > r.clientWidth) {
          r.tabIndex = 0;
          r.setAttribute("role", "region");
          r.setAttribute("aria-label", "Scrolls sideways");
        }
      });
    });
  }

  /* A copy of a same-origin element, without ids or scripts, its links made absolute. */
  function clean(node, page) {
    var copy = document.importNode(node, true);
    copy.querySelectorAll("script, style, iframe, object, embed").forEach(function (n) { n.remove(); });
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    copy.querySelectorAll("a[href]").forEach(function (a) { a.href = new URL(a.getAttribute("href"), page).href; });
    return copy;
  }

  /* Keys, when the focus is not in a form field: Space or Enter (outside a button or link)
     reveals, K knew it, R review again, N next. Claimed before Material's own shortcuts
     (its N opens the next page). */
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, k = ev.key.toLowerCase(), act = null;
    if (!d || !document.body.contains(d.card) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) || t.isContentEditable) return;
    if (k === " " || k === "enter") act = /^(BUTTON|A|SUMMARY)$/.test(t.tagName) ? null : reveal;
    else act = { k: function () { mark("known"); }, r: function () { mark("review"); }, n: next }[k];
    if (!act) return;
    ev.preventDefault();
    ev.stopPropagation();
    act();
  });

  function init() {
    var root = document.getElementById("kb-drill");
    if (root && !root.dataset.kbReady) { root.dataset.kbReady = "1"; setup(root); }
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
