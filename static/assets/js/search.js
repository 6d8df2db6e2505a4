/* search.js — full-text search of the handbook, in the browser, Vietnamese-aware. No dependencies.
 *
 * The index (assets/search/search-index.js, built by `handbook build`) is loaded by a <script> tag
 * on the first focus of, or keystroke in, the search box: a script tag also works when the site is
 * opened from disk (file://), where fetch() of a local file is blocked.
 *
 * Matching: the query and the index terms are folded alike (lowercase, no diacritics, đ→d), so
 * "dong bo" finds "đồng bộ" whether the page or the query is NFC or NFD. Ranking, most important
 * first: sections that hold every word; then the words next to each other (the exact phrase before
 * the folded one); then exact-diacritic matches before folded ones, whole words before prefixes
 * (the last word is a prefix while typing); then headings and frequency.
 *
 * For tests and measurements: window.handbookSearch = { load(callback), search(query) → results,
 * run(query) → number of results shown, lastMs }.
 */
(function () {
  "use strict";

  var doc = document;
  var script = doc.currentScript;
  var box = doc.querySelector(".hb-search");
  if (!box) return;
  var input = box.querySelector("input[type='search']");
  var panel = box.querySelector(".hb-search-panel");
  var list = box.querySelector("[role='listbox']");
  var message = box.querySelector(".hb-search-message");
  var status = box.querySelector(".hb-search-status");
  if (!input || !panel || !list) return;

  var MAX_RESULTS = 10;
  var PER_PAGE = 3;
  var MAX_WORDS = 8;
  var EXCERPT_CHARS = 180;
  var TEXT = {
    loading: "Đang tải chỉ mục tìm kiếm…",
    failed: "Không tải được chỉ mục tìm kiếm.",
    none: "Không tìm thấy kết quả",
    count: function (n) { return n + " kết quả"; }
  };

  // The site's root: the script lives at <root>assets/js/search.js, so its own absolute URL gives
  // the root under any sub-path and from disk; data-root is the fallback.
  var root = (function () {
    var src = script && script.src;
    var m = src && /^(.*\/)assets\/js\/search\.js(?:[?#].*)?$/.exec(src);
    if (m) return m[1];
    return new URL(box.getAttribute("data-root") || "", doc.baseURI).href;
  })();

  /* ---------- Folding: lowercase, no diacritics, đ→d (as src/search/tokens.rs) ---------- */
  var MARKS = /\p{M}/gu;
  function fold(s) {
    s = s.toLowerCase();
    return /^[\x00-\x7f]*$/.test(s) ? s : s.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d");
  }
  // Code unit by code unit, keeping UTF-16 lengths, so positions in the folded text are
  // positions in the original (for excerpts and <mark>). A table caches the fold of each code
  // unit below U+2000 (Latin with Vietnamese, Greek, Cyrillic); others are kept as they are.
  var TABLE = new Uint16Array(0x2000);
  var UTF16 = new TextDecoder("utf-16le");
  function foldUnit(c) {
    var s = String.fromCharCode(c), f = fold(s);
    if (f.length !== 1) f = s.toLowerCase();
    return (TABLE[c] = f.length === 1 ? f.charCodeAt(0) : c);
  }
  function foldAligned(text) {
    var n = text.length, out = new Uint16Array(n);
    for (var i = 0; i < n; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0x80 ? c < 0x2000 : c >= 0x41 && c <= 0x5a) c = TABLE[c] || foldUnit(c);
      out[i] = c;
    }
    return UTF16.decode(out);
  }

  /* ---------- The index ---------- */
  var index = null;
  var loadState = 0; // 0 not asked, 1 loading, 2 ready, 3 failed
  var waiting = [];

  // The heading and text of every section, joined, and folded once: per keystroke only slices.
  var SEP = " \u2029\u2029 ";
  function prepare(raw) {
    var terms = raw.terms ? raw.terms.split("\n") : [];
    var starts = [], at = 0;
    var all = raw.sections.map(function (s) {
      var text = s[2] + SEP + s[3];
      starts.push(at);
      at += text.length + SEP.length;
      return text;
    }).join(SEP);
    starts.push(at);
    index = {
      pages: raw.pages,
      sections: raw.sections,
      terms: terms,
      folded: terms.map(fold),
      postings: raw.postings,
      all: all,
      allFolded: foldAligned(all),
      starts: starts
    };
  }

  function load(callback) {
    if (callback) waiting.push(callback);
    if (loadState === 2 || loadState === 3) return flush();
    if (loadState === 1) return;
    loadState = 1;
    var done = function () {
      var raw = window.HANDBOOK_SEARCH_INDEX;
      if (raw && raw.v === 1) {
        prepare(raw);
        loadState = 2;
      } else {
        loadState = 3;
      }
      flush();
    };
    if (window.HANDBOOK_SEARCH_INDEX) return done();
    var tag = doc.createElement("script");
    tag.src = root + "assets/search/search-index.js";
    tag.async = true;
    tag.onload = done;
    tag.onerror = function () { loadState = 3; flush(); };
    doc.head.appendChild(tag);
  }
  function flush() {
    var callbacks = waiting;
    waiting = [];
    callbacks.forEach(function (f) { f(loadState === 2); });
  }

  /* ---------- Query ---------- */
  var WORD = /[\p{L}\p{M}\p{N}_]+(?:[.:'’][\p{L}\p{M}\p{N}_]+)*/gu;
  function parseQuery(q) {
    q = q.normalize("NFC");
    var words = (q.match(WORD) || []).slice(0, MAX_WORDS);
    var typing = !/\s$/.test(q);
    return words.map(function (w, i) {
      var exact = w.toLowerCase().normalize("NFC");
      return { exact: exact, fold: fold(exact), prefix: typing && i === words.length - 1 };
    });
  }

  // Index terms matching one query word, as [term, quality, term, quality, …]. Quality: 4 exact
  // word, 3 same word with other diacritics, 2 exact prefix, 1 prefix with other diacritics.
  function matchTerms(w) {
    var out = [];
    var terms = index.terms, folded = index.folded;
    for (var i = 0; i < terms.length; i++) {
      var f = folded[i];
      if (f === w.fold) out.push(i, terms[i] === w.exact ? 4 : 3);
      else if (w.prefix && f.lastIndexOf(w.fold, 0) === 0) out.push(i, terms[i].lastIndexOf(w.exact, 0) === 0 ? 2 : 1);
    }
    return out;
  }

  // An identifier that is not in the index as a whole ("foo.gather") is looked up by its parts.
  function expandWords(words) {
    var out = [];
    words.forEach(function (w) {
      if (/[._:]/.test(w.exact) && matchTerms(w).length === 0) {
        var parts = w.exact.split(/[._:]+/).filter(function (p) { return p.length > 1; });
        parts.forEach(function (p, i) {
          out.push({ exact: p, fold: fold(p), prefix: w.prefix && i === parts.length - 1 });
        });
      } else {
        out.push(w);
      }
    });
    return out.slice(0, MAX_WORDS);
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // A word starts after no letter or digit. The check follows the literal, rather than leading
  // the pattern, so the regexp engine can still scan for the literal quickly.
  function wordStart(literal) { return literal + "(?<![\\p{L}\\p{N}]" + literal + ")"; }
  var EDGE_AFTER = "(?![\\p{L}\\p{N}])";
  function wordPattern(text, prefix) {
    return wordStart(escapeRegExp(text)) + (prefix ? "[\\p{L}\\p{N}_]*" : EDGE_AFTER);
  }
  // The words next to each other, in their folded or exact form; `anchored` matches only at the
  // start of the text.
  function phraseRegExp(words, key, flags) {
    var parts = words.map(function (w, i) {
      var literal = escapeRegExp(w[key]);
      return (i || flags === "anchored" ? literal : wordStart(literal)) + (i === words.length - 1 && w.prefix ? "" : EDGE_AFTER);
    });
    var source = parts.join("[^\\p{L}\\p{N}]{1,3}");
    return flags === "anchored" ? new RegExp("^" + source, "u") : new RegExp(source, "gu");
  }

  function sectionText(s, folded) {
    return (folded ? index.allFolded : index.all).slice(index.starts[s], index.starts[s + 1] - SEP.length);
  }
  // 2 if the words stand together with the query's diacritics somewhere in section `s`, 1 if
  // together only once folded, else 0. The folded text has the original's length, so a folded
  // match gives the place to compare exactly.
  function phraseIn(s, folded, exact) {
    var text = sectionText(s, true), m, found = 0;
    folded.lastIndex = 0;
    while ((m = folded.exec(text))) {
      found = 1;
      var start = index.starts[s] + m.index;
      if (exact.test(index.all.slice(start, start + m[0].length).toLowerCase())) return 2;
    }
    return found;
  }

  function search(query) {
    if (!index) return [];
    var words = expandWords(parseQuery(query));
    if (!words.length) return [];
    var hits = new Map();
    words.forEach(function (w, wi) {
      var terms = matchTerms(w);
      for (var k = 0; k < terms.length; k += 2) {
        var quality = terms[k + 1];
        var postings = index.postings[terms[k]];
        var section = 0;
        for (var p = 0; p < postings.length; p += 2) {
          section += postings[p];
          var weight = postings[p + 1];
          var count = weight >> 2;
          var field = (weight & 2 ? 4 : 0) + (weight & 1 ? 1 : 0.5) * (1 + Math.log(count));
          var hit = hits.get(section);
          if (!hit) {
            hit = { section: section, quality: new Array(words.length).fill(0), field: new Array(words.length).fill(0) };
            hits.set(section, hit);
          }
          if (quality > hit.quality[wi] || (quality === hit.quality[wi] && field > hit.field[wi])) {
            hit.quality[wi] = quality;
            hit.field[wi] = field;
          }
        }
      }
    });
    var folded = words.length > 1 ? phraseRegExp(words, "fold", "g") : null;
    var exact = words.length > 1 ? phraseRegExp(words, "exact", "anchored") : null;
    var results = [];
    hits.forEach(function (hit) {
      var matched = 0, quality = 0, field = 0;
      for (var i = 0; i < words.length; i++) {
        if (hit.quality[i]) matched++;
        quality += hit.quality[i];
        field += hit.field[i];
      }
      var phrase = 0;
      if (folded && matched === words.length) phrase = phraseIn(hit.section, folded, exact);
      hit.score = matched * 1e6 + phrase * 1e5 + quality * 1e3 + Math.min(field, 999);
      results.push(hit);
    });
    results.sort(function (a, b) { return b.score - a.score || a.section - b.section; });
    // Keep the best few sections of each page, so one long chapter does not fill the list.
    var perPage = Object.create(null);
    var kept = [];
    for (var r = 0; r < results.length && kept.length < MAX_RESULTS; r++) {
      var page = index.sections[results[r].section][0];
      perPage[page] = (perPage[page] || 0) + 1;
      if (perPage[page] <= PER_PAGE) kept.push(describe(results[r], words));
    }
    return kept;
  }

  /* ---------- Excerpts and <mark> ---------- */
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function markRegExp(words, edge) {
    var alternatives = words.map(function (w) {
      return edge ? wordPattern(w.fold, w.prefix) : escapeRegExp(w.fold) + (w.prefix ? "[\\p{L}\\p{N}_]*" : "");
    });
    return new RegExp("(?:" + alternatives.join("|") + ")", "gu");
  }
  // Ranges [start, end) of the query's words in `text`, found in its folded form.
  function ranges(text, words) {
    var f = foldAligned(text);
    var out = [];
    [true, false].some(function (edge) {
      var re = markRegExp(words, edge), m;
      while ((m = re.exec(f))) {
        if (!m[0].length) { re.lastIndex++; continue; }
        out.push([m.index, m.index + m[0].length]);
      }
      return out.length > 0;
    });
    return out;
  }
  function highlight(text, found, from, to) {
    var html = "", at = from;
    found.forEach(function (r) {
      if (r[0] < at || r[1] > to) return;
      html += escapeHtml(text.slice(at, r[0])) + "<mark>" + escapeHtml(text.slice(r[0], r[1])) + "</mark>";
      at = r[1];
    });
    return html + escapeHtml(text.slice(at, to));
  }
  function excerpt(text, words) {
    if (!text) return "";
    var found = ranges(text, words);
    var phrase = words.length > 1 ? phraseRegExp(words, "fold", "g").exec(foldAligned(text)) : null;
    var centre = phrase ? phrase.index : found.length ? found[0][0] : 0;
    var start = Math.max(0, centre - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < centre ? space + 1 : start;
    }
    var end = Math.min(text.length, start + EXCERPT_CHARS);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > centre) end = cut;
    }
    return (start > 0 ? "…" : "") + highlight(text, found, start, end) + (end < text.length ? "…" : "");
  }
  function describe(hit, words) {
    var s = index.sections[hit.section];
    var page = index.pages[s[0]];
    var heading = s[2];
    return {
      url: root + page[0] + (s[1] ? "#" + encodeURIComponent(s[1]) : ""),
      label: page[1],
      page: page[2],
      heading: s[2],
      headingHtml: highlight(heading, ranges(heading, words), 0, heading.length),
      excerptHtml: excerpt(s[3], words),
      top: !s[1],
      score: hit.score
    };
  }

  /* ---------- The list ---------- */
  var results = [];
  var active = -1;
  var lastQuery = null;

  function setOpen(open) {
    panel.hidden = !open;
    box.classList.toggle("is-open", open);
    if (!open) setActive(-1);
  }
  function setMessage(text) {
    if (message) {
      message.textContent = text;
      message.hidden = !text;
    }
  }
  function render() {
    var html = "";
    results.forEach(function (r, i) {
      var where = r.label ? escapeHtml(r.label) + " · " + escapeHtml(r.page) : escapeHtml(r.page);
      html += '<li role="option" id="hb-search-option-' + i + '" class="hb-search-result" aria-selected="false">' +
        '<a href="' + escapeHtml(r.url) + '" tabindex="-1">' +
        '<span class="hb-search-where">' + where + "</span>" +
        (r.top ? "" : '<span class="hb-search-heading">' + r.headingHtml + "</span>") +
        (r.excerptHtml ? '<span class="hb-search-excerpt">' + r.excerptHtml + "</span>" : "") +
        "</a></li>";
    });
    list.innerHTML = html;
    setActive(-1);
  }
  function setActive(i) {
    var options = list.children;
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      if (options[i].scrollIntoView) options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // Searches and shows the results of the box's current text.
  function update() {
    var query = input.value;
    if (!query.trim()) {
      lastQuery = query;
      results = [];
      list.innerHTML = "";
      setActive(-1);
      setMessage("");
      setOpen(false);
      if (status) status.textContent = "";
      return;
    }
    if (loadState !== 2) {
      setMessage(loadState === 3 ? TEXT.failed : TEXT.loading);
      setOpen(true);
      load(function () { if (input.value === query) update(); });
      return;
    }
    if (query === lastQuery && !panel.hidden) return;
    lastQuery = query;
    var started = performance.now();
    results = search(query);
    render();
    setMessage(results.length ? "" : TEXT.none);
    setOpen(true);
    api.lastMs = performance.now() - started;
    if (status) status.textContent = results.length ? TEXT.count(results.length) : TEXT.none;
  }

  function go(i) {
    var option = list.children[i];
    var link = option && option.querySelector("a");
    if (!link) return;
    setOpen(false);
    window.location.href = link.href;
  }

  /* ---------- Events ---------- */
  input.addEventListener("focus", function () {
    load();
    if (input.value.trim()) {
      lastQuery = null;
      update();
    }
  });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (e) {
    var n = list.children.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (panel.hidden) { lastQuery = null; update(); }
      if (!n) return;
      var step = e.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === "Enter") {
      if (e.isComposing) return;
      e.preventDefault();
      if (loadState !== 2) return;
      if (input.value !== lastQuery || panel.hidden) {
        lastQuery = null;
        update();
      }
      if (list.children.length) go(active >= 0 ? active : 0);
    } else if (e.key === "Escape" || e.key === "Esc") {
      e.preventDefault();
      if (!panel.hidden) setOpen(false);
      else if (input.value) { input.value = ""; update(); }
      else input.blur();
    } else if (e.key === "Home" || e.key === "End") {
      setActive(-1);
    } else {
      load();
    }
  });
  // Clicking a result must not blur the box before the click lands.
  panel.addEventListener("mousedown", function (e) { e.preventDefault(); });
  panel.addEventListener("mousemove", function (e) {
    var option = e.target.closest && e.target.closest("[role='option']");
    if (option) {
      var i = Array.prototype.indexOf.call(list.children, option);
      if (i !== active) setActive(i);
    }
  });
  panel.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) setOpen(false);
  });
  box.addEventListener("focusout", function (e) {
    if (!box.contains(e.relatedTarget)) setOpen(false);
  });
  window.addEventListener("hashchange", function () { setOpen(false); });

  // "/" (outside text fields) and Ctrl-K / ⌘K focus the box.
  doc.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    var slash = e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
    var ctrlK = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
    if (slash || ctrlK) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  var api = {
    load: load,
    search: function (query) { return search(query); },
    run: function (query) { input.value = query; lastQuery = null; update(); return results.length; },
    lastMs: 0
  };
  window.handbookSearch = api;
})();
