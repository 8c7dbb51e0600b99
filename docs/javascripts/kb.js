/* Reader features on topic pages: a "copy link" control per question, practice mode
   (answers hidden behind a reveal control, the sources behind a second one, remembered
   across pages), marks ("knew it", "review again") with each topic's progress, here and
   on the home page, print with everything visible; and the interview kit page, built
   from questions.json.
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

  /* The parts of a question that practice mode hides: all but its level and tags. */
  function hideable(bar) {
    return sectionOf(bar).filter(function (p) { return !p.classList.contains("kb-question-meta"); });
  }

  /* The reveal control of a question; its boxes are made when practice mode first hides them. */
  function addReveal(bar) {
    if (!hideable(bar).length) return;
    var reveal = document.createElement("button");
    reveal.type = "button";
    reveal.className = "kb-reveal-button";
    reveal.addEventListener("click", function () {
      setOpen(reveal, reveal.getAttribute("aria-expanded") !== "true");
    });
    bar.insertBefore(reveal, bar.firstChild);
  }

  /* The boxes of a question (made, and named by aria-controls, on first use): moving every
     question into boxes at load would restyle and lay out the whole page once more, for a
     mode that is off by default. div.kb-reveal holds the answer, then a second control and
     div.kb-reveal-more: what the sources say (quotes, corrections) and the interviewer notes. */
  function boxOf(reveal) {
    var id = reveal.getAttribute("aria-controls");
    if (id) return document.getElementById(id);
    var qid = reveal.parentNode.previousElementSibling.id, parts = hideable(reveal.parentNode);
    var box = document.createElement("div");
    box.className = "kb-reveal";
    box.id = "kb-reveal-" + qid;
    parts[0].parentNode.insertBefore(box, parts[0]);
    var answer = parts.filter(function (p) { return p.classList.contains("answer"); })[0];
    var rest = parts.filter(function (p) { return p !== answer; });
    if (answer) box.appendChild(answer);
    if (answer && rest.length) {
      var more = document.createElement("button"), inner = document.createElement("div");
      more.type = "button";
      more.className = "kb-more-button";
      inner.className = "kb-reveal-more";
      inner.id = "kb-more-" + qid;
      more.setAttribute("aria-controls", inner.id);
      more.addEventListener("click", function () { setMore(more, more.getAttribute("aria-expanded") !== "true"); });
      box.appendChild(more);
      box.appendChild(inner);
      box = inner;
    }
    rest.forEach(function (p) { box.appendChild(p); });
    reveal.setAttribute("aria-controls", "kb-reveal-" + qid);
    return document.getElementById("kb-reveal-" + qid);
  }

  /* Opens or closes a question's answer; "all" opens (or keeps closed) its sources and notes too. */
  function setOpen(button, open, all) {
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide answer" : "Show answer";
    if (!open || button.hasAttribute("aria-controls")) {
      var box = boxOf(button), more = box.querySelector(".kb-more-button");
      box.hidden = !open;
      if (more) setMore(more, !!all);
    }
  }

  function setMore(button, open) {
    button.setAttribute("aria-expanded", String(open));
    button.textContent = (open ? "Hide" : "Show") + " what the sources say and the notes";
    document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
  }

  function applyPractice(root, on) {
    root.classList.toggle("kb-practice", on);
    root.querySelectorAll(".kb-reveal-button").forEach(function (b) { setOpen(b, !on, !on); });
    var sw = root.querySelector(".kb-practice-switch");
    if (sw) sw.setAttribute("aria-checked", String(on));
  }

  /* A link to anything inside a section that practice mode hides opens that section and
     scrolls to it (always: when practice mode has just hidden the sections above it). */
  function showTarget(always) {
    var target;
    try { target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
    if (!target) return;
    var box = target.closest(".kb-reveal[hidden]"), more = target.closest(".kb-reveal-more[hidden]");
    if (box) setOpen(document.querySelector(".kb-reveal-button[aria-controls='" + box.id + "']"), true, !!more);
    else if (more) setMore(document.querySelector(".kb-more-button[aria-controls='" + more.id + "']"), true);
    if (box || more || always) target.scrollIntoView();
  }

  function setupTopic(article) {
    var bars = article.querySelectorAll(".kb-question-tools");
    var slot = article.querySelector(".kb-page-tools");
    if (!bars.length || !slot || !article.querySelector(".source-answer")) return;
    bars.forEach(function (bar) { addCopyLink(bar); addReveal(bar); addMarks(bar); });
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
    addStudyTools(article, slot);
    applyPractice(article, practiceOn());
    if (practiceOn()) showTarget(true);
    window.addEventListener("hashchange", function () { showTarget(false); });
  }

  /* Printing shows everything: answers, notes, practice sections. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details").forEach(function (d) { d.setAttribute("open", ""); });
    document.querySelectorAll(".kb-reveal[hidden], .kb-reveal-more[hidden]").forEach(function (b) { b.hidden = false; b.dataset.kbPrinted = "1"; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("[data-kb-printed]").forEach(function (b) { b.hidden = true; delete b.dataset.kbPrinted; });
  });

  /* ---- Study: marks, progress, flashcards ----------------------------------
     Each question can be marked "knew it" or "review again". The marks stay in this
     browser (localStorage "kb-marks": {question id: "known" | "review"}), shared with the
     drill (drill.js); nothing is sent anywhere. */
  var MARKS = "kb-marks", MARK_LABELS = { known: "Knew it", review: "Review again" };

  function readMarks() {
    var m = null;
    try { m = JSON.parse(localStorage.getItem(MARKS)); } catch (e) { /* none, or unreadable */ }
    return m && typeof m === "object" && !Array.isArray(m) ? m : {};
  }

  function studyRoot() {
    var cfg = document.getElementById("__config");
    return new URL((cfg ? JSON.parse(cfg.textContent).base : "..").replace(/\/?$/, "/"), location.href);
  }

  function progressText(n, known, review) {
    return known + " of " + n + " known, " + review + " to review";
  }

  /* "Knew it" and "Review again" in a question's tools slot: toggle buttons (aria-pressed). */
  function addMarks(bar) {
    var h2 = bar.previousElementSibling, title = h2.firstChild.textContent.trim();
    Object.keys(MARK_LABELS).forEach(function (kind) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "kb-mark";
      b.dataset.mark = kind;
      b.textContent = MARK_LABELS[kind];
      b.setAttribute("aria-label", MARK_LABELS[kind] + ": " + title);
      b.addEventListener("click", function () {
        var m = readMarks();
        if (m[h2.id] === kind) delete m[h2.id]; else m[h2.id] = kind;
        try { localStorage.setItem(MARKS, JSON.stringify(m)); } catch (e) { /* private mode: not kept */ }
        showMarks(bar.closest("article"));
      });
      bar.insertBefore(b, bar.querySelector(".kb-copy-link"));
    });
  }

  /* The page's progress and reset (before the practice switch) and the flashcards (after it),
     in its tools slot: two rows on a phone, one from 40em (extra.css reserves them). */
  function addStudyTools(article, slot) {
    var progress = document.createElement("span"), reset = document.createElement("button");
    progress.className = "kb-progress";
    progress.setAttribute("role", "status");
    reset.type = "button";
    reset.className = "kb-reset";
    reset.textContent = "Reset";
    reset.setAttribute("aria-label", "Reset: forget your marks on every topic");
    reset.addEventListener("click", function () {
      if (!confirm("Forget your marks (knew it, review again) on every question of every topic?")) return;
      try { localStorage.removeItem(MARKS); } catch (e) { /* nothing kept */ }
      showMarks(article);
    });
    var cards = document.createElement("span"), root = studyRoot();
    cards.className = "kb-flashcards";
    cards.appendChild(document.createTextNode("Flashcards: "));
    [["questions.apkg", "Anki"], ["questions.csv", "CSV"]].forEach(function (f, i) {
      var a = document.createElement("a");
      a.href = new URL(f[0], root).href;
      a.textContent = f[1];
      if (i) cards.appendChild(document.createTextNode(", "));
      cards.appendChild(a);
    });
    slot.insertBefore(reset, slot.firstChild);
    slot.insertBefore(progress, reset);
    slot.appendChild(cards);
    showMarks(article);
    window.addEventListener("storage", function (ev) { if (ev.key === MARKS || ev.key === null) showMarks(article); });
  }

  function showMarks(article) {
    var m = readMarks(), count = { known: 0, review: 0 }, bars = article.querySelectorAll(".kb-question-tools");
    bars.forEach(function (bar) {
      var kind = m[bar.previousElementSibling.id];
      if (kind === "known" || kind === "review") count[kind]++;
      bar.querySelectorAll(".kb-mark").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.mark === kind)); });
    });
    var progress = article.querySelector(".kb-progress");
    if (progress) progress.textContent = progressText(bars.length, count.known, count.review);
  }

  /* The drill page (div#kb-drill) loads its script, javascripts/drill.js, itself: other pages
     do not download it. */
  function loadDrill(article) {
    if (!article.querySelector("#kb-drill") || document.querySelector("script[data-kb-drill]")) return;
    var s = document.createElement("script");
    s.src = new URL("javascripts/drill.js", studyRoot()).href;
    s.setAttribute("data-kb-drill", "");
    document.body.appendChild(s);
  }

  /* The home page's topic cards: each topic's progress in its span.kb-topic-progress[data-topic]
     (the question of each topic from ids.json, fetched only when something is marked). */
  function setupHome(article) {
    var spans = article.querySelectorAll(".kb-topic-progress[data-topic]"), m = readMarks();
    if (!spans.length || !Object.keys(m).length) return;
    fetch(new URL("ids.json", studyRoot())).then(function (r) { return r.json(); }).then(function (ids) {
      var topics = {};
      Object.keys(ids.questions).forEach(function (q) {
        var t = ids.questions[q].replace(/^.*\/|\.md$/g, "");
        t = topics[t] = topics[t] || { n: 0, known: 0, review: 0 };
        t.n++;
        if (m[q] === "known" || m[q] === "review") t[m[q]]++;
      });
      spans.forEach(function (s) {
        var t = topics[s.dataset.topic];
        if (t && t.known + t.review) s.textContent = progressText(t.n, t.known, t.review);
      });
    }).catch(function () { /* no list: no progress shown */ });
  }

  /* ---- Interview kit ------------------------------------------------------ */
  /* It shows data from questions.json and sections of the topic pages. Strings from the
     JSON are only ever text (textContent, attribute values); a question id must look like
     one; a page is fetched only when its address is on this site, under its root; and a
     copied section is rebuilt, element by element, from an allowlist (copySafe). */

  var QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function validQuestion(q) {
    return q && typeof q.id === "string" && QUESTION_ID.test(q.id) && typeof q.title === "string" &&
      q.topic && typeof q.topic.id === "string" && typeof q.topic.title === "string";
  }

  /* A question's page on this site, or null. The export writes absolute URLs that start with
     the deployed site_url; the rest must be a path relative to the site's root, and must stay
     under it once resolved (other sites can share this origin, e.g. on GitHub Pages). */
  function sitePage(doc, url) {
    var prefix = typeof doc.site_url === "string" ? doc.site_url : "";
    if (!prefix || typeof url !== "string" || url.indexOf(prefix) !== 0) return null;
    var rest = url.slice(prefix.length);
    /* Segments of letters, digits and . _ ~ - (none "." or ".."), each ending in "/", then an optional #id. */
    if (!/^(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*(?:#[a-z0-9-]*)?$/.test(rest)) return null;
    var page = new URL(rest, SITE);
    return page.origin === SITE.origin && page.pathname.indexOf(SITE.pathname) === 0 ? page : null;
  }

  var MATHML = "http://www.w3.org/1998/Math/MathML", XHTML = "http://www.w3.org/1999/xhtml";
  function words(text) {
    var out = Object.create(null);
    text.split(" ").forEach(function (w) { out[w] = true; });
    return out;
  }
  /* Elements kept; any other element is replaced by what it contains, except DROP, which goes
     with its content. Attributes kept: ATTRS, aria-*, data-* (not Material's data-md-*), and
     href on links when its scheme is http, https or mailto. No id, style or event handler. */
  var HTML_TAGS = words("a abbr b blockquote br caption code dd del details div dl dt em figcaption figure " +
    "h3 h4 h5 h6 hr i ins kbd li mark ol p pre q s small span strong sub summary sup table tbody td tfoot th " +
    "thead tr u ul");
  var MATH_TAGS = words("math annotation semantics menclose merror mfrac mi mn mo mover mpadded mphantom mroot " +
    "mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder munderover");
  var DROP = words("script style template iframe frame frameset object embed noscript svg link meta base form " +
    "input button textarea select option img picture video audio source track canvas");
  var ATTRS = words("class title open colspan rowspan scope start reversed accent accentunder columnalign " +
    "columnspacing rowalign rowspacing depth display displaystyle fence form height linethickness lspace " +
    "mathvariant maxsize minsize movablelimits rspace scriptlevel separator stretchy symmetric width encoding");
  var SCHEMES = words("http: https: mailto:");

  function copyAttribute(from, to, base) {
    var name = from.name.toLowerCase();
    if (name === "href") {
      if (to.namespaceURI !== XHTML || to.localName !== "a") return;
      var url;
      try { url = new URL(from.value, base); } catch (e) { return; }
      if (SCHEMES[url.protocol]) to.setAttribute("href", url.href);  /* absolute: relative to the topic page */
    } else if (ATTRS[name] || (/^(?:aria|data)-[a-z0-9-]+$/.test(name) && name.indexOf("data-md-") !== 0)) {
      to.setAttribute(name, from.value);
    }
  }

  /* A copy of node (from a parsed, inert page) made of new nodes of this document: text as
     text, allowed elements with allowed attributes. Returns a node, or null. */
  function copySafe(node, base) {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.data);
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    var name = node.localName.toLowerCase(), ns = node.namespaceURI;
    if (DROP[name]) return null;
    var out;
    if (ns === XHTML && HTML_TAGS[name]) out = document.createElement(name);
    else if (ns === MATHML && MATH_TAGS[name]) out = document.createElementNS(MATHML, name);
    else out = document.createDocumentFragment();
    if (out.nodeType === Node.ELEMENT_NODE) {
      Array.prototype.forEach.call(node.attributes, function (a) { copyAttribute(a, out, base); });
    }
    node.childNodes.forEach(function (child) {
      var copy = copySafe(child, base);
      if (copy) out.appendChild(copy);
    });
    return out;
  }

  function setupKit(root) {
    var params = new URLSearchParams(location.search);
    var chosen = (params.get("questions") || "").split(",").filter(Boolean);
    var answers = params.get("answers") !== "0";
    if (!SITE) { root.textContent = "The question list could not be loaded (no site address)."; return; }
    fetch(new URL("questions.json", SITE)).then(function (r) {
      if (!r.ok) throw new Error("questions.json: HTTP " + r.status);
      return r.json();
    }).then(function (doc) {
      root.textContent = "";
      var questions = (Array.isArray(doc.questions) ? doc.questions : []).filter(validQuestion);
      if (chosen.length) showKit(root, doc, questions, chosen, answers);
      else pickKit(root, questions);
    }).catch(function (e) {
      root.textContent = "The question list could not be loaded (" + e.message + ").";
    });
  }

  function pickKit(root, questions) {
    var form = el("form", { "class": "kb-kit-form" });
    var topics = Object.create(null);
    questions.forEach(function (q) {
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
      if (typeof q.level === "string" && q.level) label.appendChild(el("span", { "class": "kb-level" }, q.level));
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

  /* Copies the sections of question q from its topic page (fetched once per page) into slot. */
  function copySection(pages, q, page, slot) {
    var address = page.href.split("#")[0];
    pages[address] = pages[address] || fetch(address).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (t) { return new DOMParser().parseFromString(t, "text/html"); });
    pages[address].then(function (html) {
      var h2 = html.getElementById(q.id);
      if (!h2 || h2.tagName !== "H2") return;
      sectionOf(h2).forEach(function (part) {
        if (part.classList.contains("kb-question-tools")) return;  /* the topic page's empty tools slot */
        var copy = copySafe(part, address);
        if (copy) slot.appendChild(copy);
      });
    }).catch(function (e) {
      slot.appendChild(el("p", {}, "This question's page could not be loaded (" + e.message + ")."));
    });
  }

  function showKit(root, doc, questions, chosen, answers) {
    var byId = Object.create(null);
    questions.forEach(function (q) { byId[q.id] = q; });
    var pages = Object.create(null);
    var list = el("div", { "class": "kb-kit" });
    root.appendChild(el("p", {}, chosen.length + " question(s)" + (answers ? ", with answers." : ", without answers.")));
    root.appendChild(list);
    chosen.forEach(function (id) {
      var q = byId[id];
      var slot = el("section", { "class": "kb-kit-question" });
      list.appendChild(slot);
      if (!q) { slot.appendChild(el("p", {}, "Unknown question id: " + id)); return; }
      var page = sitePage(doc, q.url);
      var h = el("h2", { id: q.id });
      h.appendChild(page ? el("a", { href: page.href }, q.title) : document.createTextNode(q.title));
      slot.appendChild(h);
      var meta = q.topic.title + (typeof q.level === "string" && q.level ? " · level: " + q.level : "");
      slot.appendChild(el("p", { "class": "kb-kit-meta" }, meta));
      if (answers && page) copySection(pages, q, page, slot);
    });
  }

  function init() {
    var article = document.querySelector(".md-content article");
    if (!article || article.dataset.kbReady) return;
    article.dataset.kbReady = "1";
    var kit = article.querySelector("#kb-kit");
    if (kit) setupKit(kit); else setupTopic(article);
    setupHome(article);
    loadDrill(article);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
