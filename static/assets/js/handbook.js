/* handbook.js — theme toggle, phone menu, copy buttons, page-TOC scroll-spy, reading progress and
 * keyboard shortcuts. No dependencies; every page is fully readable without it.
 *
 * For other scripts: `document` receives a "handbook:themechange" event (detail: {theme, dark}) whenever
 * the effective theme changes, and `window.handbook.isDark()` tells the current one.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var script = doc.currentScript;
  // The texts come from the script tag's data-text-* attributes, in the book's language
  // (templates/base.html fills them from the interface's table); English when one is missing.
  function text(name, fallback) {
    var value = script && script.getAttribute("data-text-" + name);
    return value === null || value === undefined ? fallback : value;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  var THEME_KEY = "handbook-theme";
  var THEME_NAMES = {
    system: text("theme-system", "as the system"),
    light: text("theme-light", "light"),
    dark: text("theme-dark", "dark")
  };
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var phoneQuery = window.matchMedia ? window.matchMedia("(max-width: 839.98px)") : null;

  /* Runs fn once the page has been painted: work that reads the layout (sizes, positions) done
     before the first frame would force the layout early and hold the first paint back. */
  function afterFirstPaint(fn) {
    if (window.requestAnimationFrame) window.requestAnimationFrame(function () { setTimeout(fn, 0); });
    else setTimeout(fn, 0);
  }
  /* ---------- Web fonts: after the first paint ---------- */
  // The first paint does not wait for the fonts: the text shows in the stacks' fallback fonts, and
  // fonts.css is added once the page is painted. Once loaded, later pages add it at once (the
  // inline script in the head), the fonts coming from the cache.
  var FONTS_KEY = "handbook-fonts";
  afterContentfulPaint(function () {
    var href = script && script.getAttribute("data-fonts");
    if (!href || doc.getElementById("hb-fonts")) return;
    var link = doc.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.id = "hb-fonts";
    link.onload = function () {
      try { localStorage.setItem(FONTS_KEY, "1"); } catch (e) { /* private mode: load after paint again */ }
      fontsArrived();
    };
    doc.head.appendChild(link);
  });

  /* Runs fn once the first contentful paint is on screen (its timing entry has come), or after
     the first frame where paint timing is missing. */
  function afterContentfulPaint(fn) {
    var done = false;
    function once() { if (!done) { done = true; fn(); } }
    try {
      var observer = new PerformanceObserver(function (list) {
        if (list.getEntriesByName("first-contentful-paint").length) { observer.disconnect(); once(); }
      });
      observer.observe({ type: "paint", buffered: true });
      setTimeout(once, 3000);
    } catch (e) {
      afterFirstPaint(once);
    }
  }
  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
  function onMediaChange(q, fn) {
    if (!q) return;
    if (q.addEventListener) q.addEventListener("change", fn); else if (q.addListener) q.addListener(fn);
  }

  /* ---------- Theme: light / dark / system, remembered ---------- */
  function currentTheme() {
    var t = root.getAttribute("data-theme");
    return t === "light" || t === "dark" ? t : "system";
  }
  function isDark() {
    var t = currentTheme();
    return t === "system" ? !!(darkQuery && darkQuery.matches) : t === "dark";
  }
  /* A click always flips what the reader sees; when the flip matches the system, the page
     goes back to following the system rather than pinning a choice. */
  function nextTheme() {
    var target = isDark() ? "light" : "dark";
    var systemDark = !!(darkQuery && darkQuery.matches);
    return (target === "dark") === systemDark ? "system" : target;
  }
  function announceTheme() {
    var t = currentTheme();
    var label = fill(text("theme-state", "Theme: {current}. Click to switch to {next}"),
      { current: THEME_NAMES[t], next: THEME_NAMES[nextTheme()] });
    $$(".theme-toggle").forEach(function (b) {
      b.setAttribute("aria-label", label);
      b.title = label;
    });
    var meta = $('meta[name="theme-color"]');
    if (meta) meta.setAttribute("content", isDark() ? "#15171b" : "#fbfaf7");
    var ev;
    try {
      ev = new CustomEvent("handbook:themechange", { detail: { theme: t, dark: isDark() } });
    } catch (e) {
      ev = doc.createEvent("CustomEvent");
      ev.initCustomEvent("handbook:themechange", false, false, { theme: t, dark: isDark() });
    }
    doc.dispatchEvent(ev);
  }
  function setTheme(t, store) {
    if (t === "light" || t === "dark") root.setAttribute("data-theme", t);
    else root.removeAttribute("data-theme");
    if (store) {
      try {
        if (t === "light" || t === "dark") localStorage.setItem(THEME_KEY, t);
        else localStorage.removeItem(THEME_KEY);
      } catch (e) { /* private mode: the choice lasts for this page only */ }
    }
    announceTheme();
  }
  $$(".theme-toggle").forEach(function (b) {
    b.addEventListener("click", function () { setTheme(nextTheme(), true); });
  });
  onMediaChange(darkQuery, function () { if (currentTheme() === "system") announceTheme(); });
  window.addEventListener("storage", function (e) {
    if (e.key === THEME_KEY) setTheme(e.newValue || "system", false);
  });
  announceTheme();

  /* Printing always uses the light theme (the highlighting CSS follows data-theme). */
  var themeBeforePrint = null;
  window.addEventListener("beforeprint", function () {
    themeBeforePrint = root.getAttribute("data-theme");
    root.setAttribute("data-theme", "light");
  });
  window.addEventListener("afterprint", function () {
    if (themeBeforePrint) root.setAttribute("data-theme", themeBeforePrint);
    else root.removeAttribute("data-theme");
    themeBeforePrint = null;
  });
  $$(".print-button").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  /* A link whose text is its address is printed once (the print stylesheet adds the address
     after every other link). */
  $$(".prose a[href^='http']").forEach(function (a) {
    if (a.textContent.trim() === a.getAttribute("href")) a.classList.add("is-bare");
  });

  window.handbook = { isDark: isDark };

  /* ---------- Book navigation: current chapter in view; off-canvas menu on phones ---------- */
  var sidebar = doc.getElementById("hb-sidebar");
  var sidebarScroll = sidebar && $(".sidebar-scroll", sidebar);
  var menuButton = $(".menu-toggle");
  var scrim = $(".sidebar-scrim");
  var closeButton = sidebar && $(".menu-close", sidebar);
  var inertTargets = [$(".site-header"), $(".main"), $(".site-footer")].filter(Boolean);
  var menuOpen = false;

  function revealCurrentChapter() {
    var cur = sidebar && $('[aria-current="page"]', sidebar);
    if (!cur || !sidebarScroll) return;
    var box = sidebarScroll.getBoundingClientRect();
    var r = cur.getBoundingClientRect();
    if (r.top >= box.top + 40 && r.bottom <= box.bottom - 40) return;
    sidebarScroll.scrollTop += r.top - box.top - (sidebarScroll.clientHeight - r.height) / 2;
  }

  function setInert(on) {
    inertTargets.forEach(function (el) {
      if (on) el.setAttribute("inert", ""); else el.removeAttribute("inert");
    });
  }
  function openMenu() {
    if (!sidebar || menuOpen) return;
    menuOpen = true;
    sidebar.classList.add("is-open");
    if (scrim) scrim.hidden = false;
    root.classList.add("menu-open");
    if (menuButton) {
      menuButton.setAttribute("aria-expanded", "true");
      menuButton.setAttribute("aria-label", text("close-contents", "Close the table of contents"));
    }
    setInert(true);
    revealCurrentChapter();
    var cur = $('[aria-current="page"]', sidebar);
    (cur || closeButton || sidebar).focus({ preventScroll: true });
  }
  function closeMenu(returnFocus) {
    if (!sidebar || !menuOpen) return;
    menuOpen = false;
    sidebar.classList.remove("is-open");
    if (scrim) scrim.hidden = true;
    root.classList.remove("menu-open");
    setInert(false);
    if (menuButton) {
      menuButton.setAttribute("aria-expanded", "false");
      menuButton.setAttribute("aria-label", text("open-contents", "Open the table of contents"));
      if (returnFocus) menuButton.focus();
    }
  }
  if (sidebar) {
    if (menuButton) {
      menuButton.addEventListener("click", function () {
        if (menuOpen) closeMenu(true); else openMenu();
      });
    }
    if (closeButton) closeButton.addEventListener("click", function () { closeMenu(true); });
    if (scrim) scrim.addEventListener("click", function () { closeMenu(true); });
    sidebar.addEventListener("click", function (e) {
      var a = e.target.closest ? e.target.closest("a[href]") : null;
      if (a && menuOpen) closeMenu(false);
    });
    doc.addEventListener("keydown", function (e) {
      if (!menuOpen) return;
      if (e.key === "Escape" || e.key === "Esc") {
        e.preventDefault();
        closeMenu(true);
      } else if (e.key === "Tab") {
        /* Keep focus inside the open menu (the rest of the page is inert as well). */
        var items = $$("a[href], button:not([disabled])", sidebar).filter(function (el) {
          return el.offsetParent !== null;
        });
        if (!items.length) return;
        var first = items[0], last = items[items.length - 1];
        if (e.shiftKey && doc.activeElement === first) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && doc.activeElement === last) { e.preventDefault(); first.focus(); }
      }
    });
    onMediaChange(phoneQuery, function () {
      if (!phoneQuery.matches) closeMenu(false);
      revealCurrentChapter();
    });
    afterFirstPaint(revealCurrentChapter);
  }

  /* ---------- Code blocks: language label and copy button ---------- */
  var LANG_NAMES = {
    python: "Python", py: "Python", bash: "Bash", sh: "Shell", shell: "Shell", zsh: "Shell",
    console: "Console", yaml: "YAML", yml: "YAML", javascript: "JavaScript", js: "JavaScript",
    typescript: "TypeScript", ts: "TypeScript", dockerfile: "Dockerfile", docker: "Dockerfile",
    toml: "TOML", sql: "SQL", json: "JSON", ini: "INI", html: "HTML", css: "CSS", c: "C",
    cpp: "C++", rust: "Rust", go: "Go", java: "Java", diff: "Diff"
  };
  var PLAIN_TEXT = text("code-text", "Text");
  ["text", "plain", "plaintext", "txt"].forEach(function (k) { LANG_NAMES[k] = PLAIN_TEXT; });
  var COPY = text("copy", "Copy"), COPIED = text("copied", "Copied"), COPY_FAILED = text("copy-failed", "Copy failed");
  var COPY_ICON = '<svg aria-hidden="true" focusable="false" width="14" height="14" viewBox="0 0 24 24">' +
    '<rect x="8.5" y="8.5" width="12" height="12" rx="2.2" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M15.5 5.5V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v8.5a2 2 0 0 0 2 2h.5" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  var DONE_ICON = '<svg aria-hidden="true" focusable="false" width="14" height="14" viewBox="0 0 24 24">' +
    '<path d="M4.5 12.5l5 5 10-11" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>';

  var status = doc.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  doc.body.appendChild(status);

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }
  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var ta = doc.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.top = "-1000px";
      ta.style.opacity = "0";
      doc.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      doc.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function enhanceCodeBlock(pre) {
    if (pre.closest(".mermaid-figure") || pre.classList.contains("mermaid")) return;
    if (pre.parentNode && pre.parentNode.classList && pre.parentNode.classList.contains("code-block")) return;
    var code = $("code", pre) || pre;
    var lang = (pre.getAttribute("data-lang") || "").toLowerCase();
    var langName = LANG_NAMES[lang] || lang || PLAIN_TEXT;
    var copyLabel = fill(text("copy-code", "Copy the {lang} code"), { lang: langName });

    var wrap = doc.createElement("div");
    wrap.className = "code-block";
    var head = doc.createElement("div");
    head.className = "code-head";
    var label = doc.createElement("span");
    label.className = "code-lang";
    label.textContent = langName;
    var btn = doc.createElement("button");
    btn.type = "button";
    btn.className = "copy";
    btn.innerHTML = COPY_ICON + "<span></span>";
    btn.lastChild.textContent = COPY;
    btn.setAttribute("aria-label", copyLabel);
    var timer = 0;
    btn.addEventListener("click", function () {
      copyText(code.textContent).then(function () {
        btn.classList.add("is-copied");
        btn.innerHTML = DONE_ICON + "<span></span>";
        btn.lastChild.textContent = COPIED;
        btn.setAttribute("aria-label", fill(text("copied-code", "Copied the {lang} code"), { lang: langName }));
        status.textContent = text("copied-status", "The code was copied to the clipboard");
      }, function () {
        btn.innerHTML = COPY_ICON + "<span></span>";
        btn.lastChild.textContent = COPY_FAILED;
        status.textContent = text("copy-failed-status", "The code could not be copied");
      }).then(function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          btn.classList.remove("is-copied");
          btn.innerHTML = COPY_ICON + "<span></span>";
          btn.lastChild.textContent = COPY;
          btn.setAttribute("aria-label", copyLabel);
          status.textContent = "";
        }, 2000);
      });
    });
    head.appendChild(label);
    head.appendChild(btn);
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(head);
    wrap.appendChild(pre);
  }
  $$("pre.code").forEach(enhanceCodeBlock);

  /* Wide code and tables scroll sideways: make them reachable by keyboard. */
  function markScrollable() {
    $$("pre.code, .table-wrap, .mermaid-figure").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); el.setAttribute("data-hb-tab", ""); }
      } else if (el.hasAttribute("data-hb-tab")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-hb-tab");
      }
    });
  }
  afterFirstPaint(markScrollable);
  var resizeTimer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollable, 200);
  });
  // The light code palette sets comments in italics, the dark one does not: a theme change
  // changes widths (and may start the italic face's load, caught below).
  doc.addEventListener("handbook:themechange", function () { afterFirstPaint(markScrollable); });
  // Fonts change widths: check again once they are in (and whenever a load finishes).
  if (doc.fonts && doc.fonts.ready) doc.fonts.ready.then(markScrollable);
  if (doc.fonts && doc.fonts.addEventListener) doc.fonts.addEventListener("loadingdone", markScrollable);
  // When fonts.css comes after the first paint, `ready` has resolved before its fonts started:
  // reading the layout (the page is painted by then) starts their loads, and `ready` waits again.
  function fontsArrived() {
    if (!doc.fonts || !doc.fonts.ready) return;
    void doc.body.offsetHeight;
    doc.fonts.ready.then(markScrollable);
  }

  /* ---------- Page TOC scroll-spy and reading progress ---------- */
  var tocSide = $(".toc-side");
  var spyLinks = [];
  var spyTargets = [];
  if (tocSide) {
    $$(".toc-list a[href^='#']", tocSide).forEach(function (a) {
      var id;
      try { id = decodeURIComponent(a.getAttribute("href").slice(1)); } catch (e) { id = a.getAttribute("href").slice(1); }
      var target = doc.getElementById(id);
      if (target) { spyLinks.push(a); spyTargets.push(target); }
    });
  }
  var progressBar = $(".reading-progress-bar");
  var header = $(".site-header");
  var activeIndex = -2;
  var ticking = false;

  function keepVisible(container, el) {
    var c = container.getBoundingClientRect();
    var r = el.getBoundingClientRect();
    if (r.top < c.top + 8) container.scrollTop -= c.top + 8 - r.top;
    else if (r.bottom > c.bottom - 8) container.scrollTop += r.bottom - c.bottom + 8;
  }

  function update() {
    ticking = false;
    var scrollMax = doc.documentElement.scrollHeight - window.innerHeight;
    var y = window.pageYOffset || doc.documentElement.scrollTop;
    if (progressBar) {
      var p = scrollMax > 0 ? Math.min(1, Math.max(0, y / scrollMax)) : 0;
      progressBar.style.transform = "scaleX(" + p.toFixed(4) + ")";
    }
    if (!spyTargets.length || !tocSide.offsetParent) return;
    var line = (header ? header.getBoundingClientRect().bottom : 0) + Math.min(120, window.innerHeight * 0.2);
    var idx = -1;
    for (var i = 0; i < spyTargets.length; i++) {
      if (spyTargets[i].getBoundingClientRect().top <= line) idx = i; else break;
    }
    if (scrollMax > 0 && y >= scrollMax - 2) {
      /* At the very bottom, the last sections may never reach the line: pick the last one visible. */
      for (var j = spyTargets.length - 1; j > idx; j--) {
        if (spyTargets[j].getBoundingClientRect().top < window.innerHeight) { idx = j; break; }
      }
    }
    if (idx === activeIndex) return;
    if (activeIndex >= 0 && spyLinks[activeIndex]) {
      spyLinks[activeIndex].classList.remove("is-active");
      spyLinks[activeIndex].removeAttribute("aria-current");
    }
    activeIndex = idx;
    if (idx >= 0) {
      spyLinks[idx].classList.add("is-active");
      spyLinks[idx].setAttribute("aria-current", "location");
      keepVisible(tocSide, spyLinks[idx]);
    }
  }
  function requestUpdate() {
    if (!ticking) { ticking = true; window.requestAnimationFrame(update); }
  }
  if (spyTargets.length || progressBar) {
    window.addEventListener("scroll", requestUpdate, { passive: true });
    window.addEventListener("resize", requestUpdate);
    afterFirstPaint(update);
  }

  /* ---------- Keyboard: ← previous chapter, → next chapter ---------- */
  doc.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || menuOpen) return;
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    var t = e.target;
    if (t && t.nodeType === 1) {
      if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      if (t.closest && t.closest("pre, .table-wrap, .mermaid-figure, [role='listbox'], [role='combobox'], [role='slider'], [role='tablist'], [role='menu'], [role='dialog'], video, audio")) return;
    }
    var link = $(e.key === "ArrowLeft" ? ".prev-next a[rel='prev']" : ".prev-next a[rel='next']");
    if (link) {
      e.preventDefault();
      window.location.href = link.href;
    }
  });
})();
