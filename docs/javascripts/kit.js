/* The interview kit (docs/kit.md): the picker (from questions-index.json) and the shared kit (from questions.json),
   and from the topic pages. kb.js loads this script on the kit's page only (its setupKit).
   No third-party code. */
(function () {
  "use strict";
  /* The site's root, from this script's own address (<root>/javascripts/kit.js), never from
     an element of the page: content could add one with any id, and Material's own
     configuration element (script#__config) comes after the content in <body>. */
  var SITE = document.currentScript && document.currentScript.src ? new URL("..", document.currentScript.src) : null;

  /* The elements of a question: everything after its h2 up to the next h2, or up to
     the page's own "last update" note (Material's aside.md-source-file) after the last
     (as kb.js's sectionOf). */
  function sectionOf(h2) {
    var out = [], el = h2.nextElementSibling;
    while (el && el.tagName !== "H2" && !el.classList.contains("md-source-file")) { out.push(el); el = el.nextElementSibling; }
    return out;
  }

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

  /* ---- The kit's page --------------------------------------------------------
     docs/kit.md holds div#kb-kit-intro (the picker's text) and div#kb-kit (a paragraph saying
     that the kit needs JavaScript, replaced here). kit/ is the picker, kit/?pick=a,b the picker
     with those chosen; kit/?questions=a,b,c is the shared kit, in that order: the interviewer's
     sheet and the candidate's; with &sheet=candidate (or the older &answers=0), the candidate's
     sheet alone. */

  var LEVELS = ["junior", "mid", "senior"];

  function levelOf(q) { return LEVELS.indexOf(q.level) >= 0 ? q.level : ""; }

  function tagsOf(q) {
    return Array.isArray(q.tags) ? q.tags.filter(function (t) { return typeof t === "string"; }) : [];
  }

  /* The ids of a URL parameter, in order, each once: any strings (unknown ones are reported, as text). */
  function idsOf(value) {
    var seen = Object.create(null);
    return (value || "").split(",").map(function (s) { return s.trim(); }).filter(function (s) {
      if (!s || seen[s]) return false;
      seen[s] = true;
      return true;
    });
  }

  /* This page's address with a query: "?questions=" or "?pick=" and the ids, in order. */
  function kitLink(key, ids, candidate) {
    var url = new URL(location.pathname, location.href);
    url.search = "?" + key + "=" + ids.join(",") + (candidate ? "&sheet=candidate" : "");
    return url.href;
  }

  /* Copies text to the clipboard and says done; where the browser refuses, shows the text to copy by hand. */
  function copyText(text, status, done) {
    var show = function () { status.textContent = "Copy this link: " + text; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = done; }, show);
    } else { show(); }
  }

  function setupKit(root) {
    var params = new URLSearchParams(location.search), shared = idsOf(params.get("questions"));
    var intro = document.getElementById("kb-kit-intro");
    if (intro && shared.length) intro.hidden = true;  /* the shared kit shows none of the picker's text */
    var say = function (text) { root.textContent = ""; root.appendChild(el("p", {}, text)); };
    say("Loading the questions…");
    if (!SITE) { say("The question list could not be loaded (no site address)."); return; }
    /* The picker needs only titles, topics, levels and tags (questions-index.json, a few KB);
       a kit of chosen questions needs their answers and notes (questions.json). */
    var file = shared.length ? "questions.json" : "questions-index.json";
    fetch(new URL(file, SITE)).then(function (r) {
      if (!r.ok) throw new Error(file + ": HTTP " + r.status);
      return r.json();
    }).then(function (doc) {
      var questions = (Array.isArray(doc.questions) ? doc.questions : []).filter(validQuestion);
      var byId = Object.create(null);
      questions.forEach(function (q) { byId[q.id] = q; });
      if (!shared.length) {
        root.textContent = "";
        pickKit(root, questions, byId, idsOf(params.get("pick")));
        return null;
      }
      return withAliases(shared, byId).then(function (ids) {
        root.textContent = "";
        showKit(root, doc, byId, ids, params.get("sheet") === "candidate" || params.get("answers") === "0");
      });
    }).catch(function (e) {
      say("The question list could not be loaded (" + e.message + ").");
    });
  }

  /* ids, each unknown one replaced by the question it became (ids.json: "page.md#old-id": "new-id"),
     so that a kit's link outlives a renamed question. */
  function withAliases(ids, byId) {
    if (ids.every(function (id) { return byId[id]; })) return Promise.resolve(ids);
    return fetch(new URL("ids.json", SITE)).then(function (r) { return r.json(); }).then(function (data) {
      var aliases = data && data.aliases && typeof data.aliases === "object" ? data.aliases : {};
      var to = Object.create(null);
      Object.keys(aliases).forEach(function (from) {
        var old = from.split("#")[1];
        if (old && typeof aliases[from] === "string" && byId[aliases[from]]) to[old] = aliases[from];
      });
      return idsOf(ids.map(function (id) { return byId[id] ? id : to[id] || id; }).join(","));
    }, function () { return ids; });
  }

  /* ---- The picker: "Your kit" (the chosen questions, in order, and the link), then the finder
     (search, topic and level filters, the count, a random pick, the questions by topic). On a
     wide screen the two sit side by side (extra.css). */

  function pickKit(root, questions, byId, preset) {
    var k = { questions: questions, byId: byId, chosen: [], boxes: Object.create(null), rows: [], groups: [] };
    var picker = el("div", { "class": "kb-kit-picker" });
    picker.appendChild(chosenPanel(k));
    picker.appendChild(finderPanel(k));
    root.appendChild(picker);
    preset.forEach(function (id) { if (byId[id]) setChosen(k, id, true); });
    filter(k);
    showChosen(k);
  }

  function chosenPanel(k) {
    var panel = el("section", { "class": "kb-kit-panel" });
    panel.appendChild(el("h2", {}, "Your kit"));
    var actions = panel.appendChild(el("p", { "class": "kb-kit-actions" }));
    var copy = actions.appendChild(el("button", { type: "button", "class": "kb-kit-copy kb-kit-button kb-kit-button--primary" }, "Copy link"));
    k.link = actions.appendChild(el("a", { "class": "kb-kit-url kb-kit-button" }, "Open the kit"));
    var clear = k.clear = actions.appendChild(el("button", { type: "button", "class": "kb-kit-clear kb-kit-small" }, "Clear"));
    k.status = panel.appendChild(el("p", { "class": "kb-kit-status", role: "status" }));
    k.empty = panel.appendChild(el("p", { "class": "kb-kit-empty" },
      "No questions chosen yet: tick them in the list, or pick some at random."));
    k.list = panel.appendChild(el("ol", { "class": "kb-kit-chosen" }));
    copy.addEventListener("click", function () {
      if (!k.chosen.length) { k.status.textContent = "Choose at least one question first."; return; }
      copyText(kitLink("questions", k.chosen), k.status,
        "Link copied: it opens the kit with these " + k.chosen.length + " questions, in this order.");
    });
    clear.addEventListener("click", function () {
      k.chosen.slice().forEach(function (id) { setChosen(k, id, false); });
      showChosen(k);
      copy.focus();
      k.status.textContent = "The kit is empty.";
    });
    return panel;
  }

  var MOVES = [["up", "Up", "Move up: ", -1], ["down", "Down", "Move down: ", 1], ["remove", "Remove", "Remove: ", 0]];

  /* Rebuilds the chosen list, the link and the count; focus: [id, move] of the button to focus again. */
  function showChosen(k, focus) {
    k.list.textContent = "";
    k.chosen.forEach(function (id, i) {
      var q = k.byId[id], li = k.list.appendChild(el("li"));
      li.appendChild(el("span", { "class": "kb-kit-chosen-title" }, q.title));
      var moves = li.appendChild(el("span", { "class": "kb-kit-moves" }));
      MOVES.forEach(function (m) {
        var b = moves.appendChild(el("button", { type: "button", "class": "kb-kit-small", "data-move": m[0], "aria-label": m[2] + q.title }, m[1]));
        var edge = (m[3] < 0 && i === 0) || (m[3] > 0 && i === k.chosen.length - 1);
        if (edge) b.setAttribute("aria-disabled", "true");
        b.addEventListener("click", function () {
          if (m[3] && !edge) move(k, id, m[3], m[0]);
          else if (!m[3]) remove(k, id);
        });
        if (focus && focus[0] === id && focus[1] === m[0]) b.focus();
      });
    });
    k.empty.hidden = k.chosen.length > 0;
    k.list.hidden = k.link.hidden = k.clear.hidden = !k.chosen.length;
    k.link.setAttribute("href", kitLink("questions", k.chosen));
    count(k);
  }

  function move(k, id, delta, how) {
    var to = k.chosen.indexOf(id) + delta;
    k.chosen.splice(to - delta, 1);
    k.chosen.splice(to, 0, id);
    showChosen(k, [id, how]);
    k.status.textContent = "Moved to " + (to + 1) + " of " + k.chosen.length + ": " + k.byId[id].title;
  }

  /* Removes a question; the focus goes to the next one's Remove button (else the previous one's, else Copy link). */
  function remove(k, id) {
    var at = k.chosen.indexOf(id);
    setChosen(k, id, false);
    var next = k.chosen[at] || k.chosen[at - 1];
    showChosen(k, next && [next, "remove"]);
    if (!next) k.list.parentNode.querySelector(".kb-kit-copy").focus();
    k.status.textContent = "Removed: " + k.byId[id].title;
  }

  function setChosen(k, id, on) {
    var at = k.chosen.indexOf(id);
    if (on && at < 0) k.chosen.push(id);
    if (!on && at >= 0) k.chosen.splice(at, 1);
    k.boxes[id].checked = on;
  }

  function count(k) {
    var shown = k.rows.filter(function (r) { return !r.label.hidden; }).length;
    k.count.textContent = shown + " of " + k.questions.length + " shown, " + k.chosen.length + " chosen";
  }

  function finderPanel(k) {
    var panel = el("section", { "class": "kb-kit-finder" });
    panel.appendChild(el("h2", {}, "Find questions"));
    var filters = panel.appendChild(el("div", { "class": "kb-kit-filters" }));
    var topics = [], seen = Object.create(null);
    k.questions.forEach(function (q) {
      if (!seen[q.topic.id]) { seen[q.topic.id] = true; topics.push([q.topic.id, q.topic.title]); }
    });
    k.search = labelled(filters, "Search titles and tags", el("input", { type: "search", id: "kb-kit-search" }));
    k.topic = labelled(filters, "Topic", options("kb-kit-topic", [["", "All topics"]].concat(topics)));
    k.level = labelled(filters, "Level", options("kb-kit-level", [["", "All levels"]].concat(LEVELS.map(function (l) { return [l, l]; }))));
    [k.search, k.topic, k.level].forEach(function (c) { c.addEventListener("input", function () { filter(k); }); });
    k.count = panel.appendChild(el("p", { "class": "kb-kit-count", "aria-live": "polite" }));
    panel.appendChild(randomPick(k));
    panel.appendChild(choices(k));
    return panel;
  }

  /* A control with its label (by id: a label around a select would add its option to its name). */
  function labelled(parent, text, control) {
    var box = parent.appendChild(el("span", { "class": "kb-kit-filter" }));
    box.appendChild(el("label", { "for": control.id }, text));
    box.appendChild(control);
    return control;
  }

  function options(id, list) {
    var s = el("select", { id: id });
    list.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    return s;
  }

  /* The questions by topic, one checkbox each: ticking one adds it at the end of the kit. */
  function choices(k) {
    var box = el("div", { "class": "kb-kit-form" }), groups = Object.create(null);
    k.questions.forEach(function (q) {
      var fs = groups[q.topic.id];
      if (!fs) {
        fs = groups[q.topic.id] = box.appendChild(el("fieldset"));
        fs.appendChild(el("legend", {}, q.topic.title));
        k.groups.push(fs);
      }
      var label = fs.appendChild(el("label", { "class": "kb-kit-choice" }));
      var tick = label.appendChild(el("input", { type: "checkbox", name: "q", value: q.id }));
      label.appendChild(document.createTextNode(" " + q.title + " "));
      if (levelOf(q)) label.appendChild(el("span", { "class": "kb-level", "data-level": levelOf(q) }, levelOf(q)));
      tick.addEventListener("change", function () { setChosen(k, q.id, tick.checked); showChosen(k); });
      k.boxes[q.id] = tick;
      k.rows.push({ q: q, label: label });
    });
    return box;
  }

  /* Shows the questions whose title or tags hold every word of the search, of the chosen topic and level. */
  function filter(k) {
    var words = k.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    k.rows.forEach(function (r) {
      var text = (r.q.title + " " + tagsOf(r.q).join(" ")).toLowerCase();
      r.label.hidden = !((!k.topic.value || r.q.topic.id === k.topic.value) &&
        (!k.level.value || levelOf(r.q) === k.level.value) &&
        words.every(function (w) { return text.indexOf(w) >= 0; }));
    });
    k.groups.forEach(function (fs) { fs.hidden = !fs.querySelector(".kb-kit-choice:not([hidden])"); });
    count(k);
  }

  /* "Pick N at random": adds N of the shown questions not chosen yet, at the end of the kit. */
  function randomPick(k) {
    var p = el("p", { "class": "kb-kit-random" });
    var n = labelled(p, "How many", el("input", { type: "number", min: "1", max: String(k.questions.length), value: "5", id: "kb-kit-how-many" }));
    var pick = p.appendChild(el("button", { type: "button", "class": "kb-kit-pick kb-kit-button" }, "Pick at random"));
    pick.addEventListener("click", function () {
      var pool = k.rows.filter(function (r) { return !r.label.hidden && !k.boxes[r.q.id].checked; });
      if (!pool.length) { k.status.textContent = "Every question shown is already in the kit."; return; }
      var want = Math.min(Math.max(parseInt(n.value, 10) || 1, 1), pool.length);
      for (var i = 0; i < want; i++) {
        var j = i + Math.floor(Math.random() * (pool.length - i)), t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        setChosen(k, pool[i].q.id, true);
      }
      showChosen(k);
      k.status.textContent = "Added " + want + " question" + (want === 1 ? "" : "s") + " at random.";
    });
    return p;
  }

  /* ---- The shared kit: the chosen questions, in the link's order, numbered. The interviewer's
     sheet: per question its level, topic and tags, what it tests, a strong answer, red flags and
     follow-ups (the interviewer notes), the answer, and what the sources say on request. The
     candidate's sheet: the numbered questions, nothing else. The notes, the answer and the
     sources are copied from the topic page (copySafe); the JSON's Markdown strings are never
     parsed as HTML (without the page, the notes are shown as text). */

  function showKit(root, doc, byId, ids, candidateOnly) {
    var known = ids.filter(function (id) { return byId[id]; });
    var unknown = ids.filter(function (id) { return !byId[id]; });
    var qs = known.map(function (id) { return byId[id]; });
    if (unknown.length) root.appendChild(el("p", { "class": "kb-kit-notice" }, "Left out, not a question on this site: " + unknown.join(", ") + "."));
    if (!qs.length) return;
    var candidate = el("ol", { "class": "kb-kit-candidate" });
    qs.forEach(function (q) { candidate.appendChild(el("li", {}, q.title)); });
    if (candidateOnly) { root.appendChild(candidate); return; }
    var sheet = el("div", { "class": "kb-kit-interviewer" }), pages = Object.create(null);
    qs.forEach(function (q, i) { sheet.appendChild(interviewerQuestion(doc, pages, q, i + 1)); });
    candidate.hidden = true;
    root.appendChild(sheetBar(root, known));
    root.appendChild(candidate);
    root.appendChild(sheet);
  }

  /* The sheet's controls: which sheet, the full answers, the sources, print, the link, the picker. */
  function sheetBar(root, ids) {
    var bar = el("div", { "class": "kb-kit-bar" });
    var sheets = bar.appendChild(el("fieldset", { "class": "kb-kit-sheets" }));
    sheets.appendChild(el("legend", {}, "Sheet"));
    var radios = [["interviewer", "Interviewer's"], ["candidate", "Candidate's"]].map(function (s, i) {
      var label = sheets.appendChild(el("label"));
      var radio = label.appendChild(el("input", { type: "radio", name: "kb-kit-sheet", value: s[0] }));
      radio.checked = i === 0;
      label.appendChild(document.createTextNode(" " + s[1]));
      return radio;
    });
    var shows = [["kb-kit-answer", "Show the full answers", true], ["kb-kit-sources", "Show what the sources say", false]].map(function (s) {
      var label = bar.appendChild(el("label", { "class": "kb-kit-show" }));
      var box = label.appendChild(el("input", { type: "checkbox", value: s[0] }));
      box.checked = s[2];
      label.appendChild(document.createTextNode(" " + s[1]));
      box.addEventListener("change", function () {
        root.querySelectorAll("." + s[0]).forEach(function (e) { e.hidden = !box.checked; });
      });
      return label;
    });
    var print = bar.appendChild(el("button", { type: "button", "class": "kb-kit-print kb-kit-small" }, "Print this sheet"));
    var copy = bar.appendChild(el("button", { type: "button", "class": "kb-kit-copy kb-kit-small" }, "Copy link to this sheet"));
    bar.appendChild(el("a", { href: kitLink("pick", ids), "class": "kb-kit-edit" }, "Change the questions"));
    var status = bar.appendChild(el("p", { "class": "kb-kit-status", role: "status" }));
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        var candidate = radios[1].checked;
        root.querySelector(".kb-kit-candidate").hidden = !candidate;
        root.querySelector(".kb-kit-interviewer").hidden = candidate;
        shows.forEach(function (label) { label.hidden = candidate; });
      });
    });
    print.addEventListener("click", function () { window.print(); });
    copy.addEventListener("click", function () {
      var candidate = radios[1].checked;
      copyText(kitLink("questions", ids, candidate), status, "Link copied: it opens " +
        (candidate ? "the candidate's sheet alone." : "this kit, the interviewer's sheet first."));
    });
    return bar;
  }

  function interviewerQuestion(doc, pages, q, n) {
    var page = sitePage(doc, q.url), section = el("section", { "class": "kb-kit-question" });
    var h = section.appendChild(el("h2", { id: q.id }));
    h.appendChild(el("span", { "class": "kb-kit-number" }, n + "."));
    h.appendChild(document.createTextNode(" "));
    h.appendChild(page ? el("a", { href: page.href }, q.title) : document.createTextNode(q.title));
    var meta = section.appendChild(el("p", { "class": "kb-kit-meta" }));
    if (levelOf(q)) meta.appendChild(el("span", { "class": "kb-level", "data-level": levelOf(q) }, "Level: " + levelOf(q)));
    meta.appendChild(document.createTextNode((levelOf(q) ? " · " : "") + "Topic: " + q.topic.title +
      (tagsOf(q).length ? " · Tags: " + tagsOf(q).join(", ") : "")));
    var slots = {
      notes: section.appendChild(el("div", { "class": "kb-kit-notes" })),
      answer: section.appendChild(el("div", { "class": "kb-kit-answer" })),
      sources: section.appendChild(el("div", { "class": "kb-kit-sources", hidden: "" }))
    };
    if (page) fillQuestion(pages, q, page, slots); else notesAsText(q, slots.notes);
    return section;
  }

  /* The interviewer notes' parts, by the label that starts each (macros/scales.py NOTE_PARTS). */
  var NOTE_LABELS = { "Tests": "tests", "A strong answer": "strong_answer", "Red flags": "red_flags", "Follow-ups": "follow_ups", "Tags": "tags" };
  var NOTE_ORDER = ["tests", "strong_answer", "red_flags", "follow_ups"];

  function noteKey(node) {
    var first = node.firstChild;
    while (first && first.nodeType === Node.TEXT_NODE && !first.data.trim()) first = first.nextSibling;
    if (node.tagName !== "P" || !first || first.nodeType !== Node.ELEMENT_NODE || first.tagName !== "STRONG") return null;
    var label = first.textContent.trim().replace(/:$/, "");
    return Object.prototype.hasOwnProperty.call(NOTE_LABELS, label) ? NOTE_LABELS[label] : null;
  }

  /* A question's parts on its page, found by class between its h2 and the next (any order):
     the answer, the interviewer notes' parts ({tests: [elements], …}), the sources' label,
     quotes and corrections. */
  function partsOf(h2) {
    var parts = { answer: null, notes: Object.create(null), sources: [] };
    sectionOf(h2).forEach(function (p) {
      var c = p.classList;
      if (c.contains("answer") && c.contains("admonition") && !parts.answer) parts.answer = p;
      else if (c.contains("interviewer") && p.tagName === "DETAILS") {
        var key = null;
        Array.prototype.forEach.call(p.children, function (child) {
          if (child.tagName === "SUMMARY") return;
          key = noteKey(child) || key;
          if (key) (parts.notes[key] = parts.notes[key] || []).push(child);
        });
      } else if (c.contains("kb-sources-label") || c.contains("source-answer") || c.contains("correction")) parts.sources.push(p);
    });
    return parts;
  }

  function copyInto(slot, nodes, base) {
    nodes.forEach(function (node) {
      var copy = copySafe(node, base);
      if (copy) slot.appendChild(copy);
    });
  }

  /* Fills a question's slots from its topic page (fetched once per page). */
  function fillQuestion(pages, q, page, slots) {
    var address = page.href.split("#")[0];
    pages[address] = pages[address] || fetch(address).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (t) { return new DOMParser().parseFromString(t, "text/html"); });
    pages[address].then(function (html) {
      var h2 = html.getElementById(q.id);
      if (!h2 || h2.tagName !== "H2") throw new Error("the question is not on its page");
      var parts = partsOf(h2);
      NOTE_ORDER.forEach(function (key) {
        if (parts.notes[key]) copyInto(slots.notes, parts.notes[key], address); else noteAsText(q, key, slots.notes);
      });
      if (parts.answer) copyInto(slots.answer, [parts.answer], address);
      copyInto(slots.sources, parts.sources, address);
    }).catch(function (e) {
      slots.notes.appendChild(el("p", { "class": "kb-kit-notice" }, "This question's page could not be loaded (" + e.message + ")."));
      notesAsText(q, slots.notes);
    });
  }

  var NOTE_TITLES = { tests: "Tests:", strong_answer: "A strong answer:", red_flags: "Red flags:", follow_ups: "Follow-ups:" };

  /* A part of the notes from questions.json, as text (its Markdown is not rendered). */
  function noteAsText(q, key, slot) {
    var text = q.notes && typeof q.notes[key] === "string" ? q.notes[key] : "";
    if (!text) return;
    var p = slot.appendChild(el("p"));
    p.appendChild(el("strong", {}, NOTE_TITLES[key]));
    p.appendChild(document.createTextNode(" " + text));
  }

  function notesAsText(q, slot) {
    NOTE_ORDER.forEach(function (key) { noteAsText(q, key, slot); });
  }

  var root = document.querySelector(".md-content article #kb-kit");
  if (root) setupKit(root);
})();
