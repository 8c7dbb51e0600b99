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
    setupHome(article);
    loadDrill(article);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
