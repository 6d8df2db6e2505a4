/* mermaid-init.js — draws the handbook's Mermaid diagrams that have no pre-rendered SVG.
 *
 * Most diagrams arrive as inline SVG made at build time (mermaid/cache/); a page only loads this
 * script when one of its diagrams has no cached SVG: `<figure class="mermaid-figure
 * mermaid-client">` holding the source in `<pre class="mermaid" hidden>`. Such a diagram is
 * drawn with the vendored official library (loaded once, from the script's
 * `data-mermaid-src`) when it comes near the viewport, in the current light or dark theme,
 * and drawn again when the theme changes. A diagram that fails shows an error box with the
 * library's message (and the source, folded) — never raw text or an empty frame.
 *
 * `window.handbookMermaid` (config, render, finish) is also what mermaid/render.mjs calls in
 * headless Chromium to fill the cache, so cached and client-side diagrams look the same.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var FONT = '"Be Vietnam Pro", "Segoe UI", "Noto Sans", Roboto, Arial, sans-serif';
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var queue = Promise.resolve();
  var counter = 0;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t === "dark";
    return !!(darkQuery && darkQuery.matches);
  }

  /* The library's settings. SVG text labels (htmlLabels: false) keep the markup valid HTML
   * (no <foreignObject> with <br>) and print well; the site's UI font keeps the Vietnamese
   * diacritics and the widths measured at build time. */
  function config(dark) {
    return {
      startOnLoad: false,
      securityLevel: "strict",
      theme: dark ? "dark" : "default",
      themeVariables: { fontFamily: FONT, background: dark ? "#1e2127" : "#ffffff" },
      fontFamily: FONT,
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      suppressErrorRendering: true,
      logLevel: "fatal"
    };
  }

  /* Renders one diagram to SVG markup; calls are queued because the settings are global. */
  function render(source, id, dark) {
    var job = queue.then(function () {
      window.mermaid.initialize(config(dark));
      return window.mermaid.render(id, source).then(function (result) {
        return finish(result.svg, null);
      }, function (error) {
        each(doc.querySelectorAll("#d" + id + ", body > #" + id), function (el) { el.remove(); });
        throw error;
      });
    });
    queue = job.catch(function () {});
    return job;
  }

  /* Makes the library's SVG fit to sit inline in a page with other diagrams: ids prefixed with
   * the diagram's id, readable text on nodes the author coloured, and — for the two cached
   * variants ("light", "dark") — CSS that shows the variant of the current theme. */
  function finish(markup, variant) {
    var holder = doc.createElement("div");
    holder.innerHTML = markup;
    var svg = holder.querySelector("svg");
    uniqueIds(svg, svg.id);
    readableLabels(svg);
    compact(svg);
    if (variant) themeRules(svg, variant);
    return new XMLSerializer().serializeToString(svg);
  }

  /* Drops what the drawing does not use — arrowhead markers no edge points to, data-*
   * attributes no CSS rule selects, empty styles — rounds coordinates to 1/100 px and joins
   * the per-word text runs: cached diagrams come out at about half the library's size. */
  var NUMERIC = /^(x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|width|height|d|points|transform|viewBox|refX|refY|markerWidth|markerHeight)$/;
  function compact(svg) {
    var css = Array.prototype.map.call(svg.querySelectorAll("style"), function (s) { return s.textContent; }).join("");
    var used = {};
    each(svg.querySelectorAll("*"), function (el) {
      each(el.attributes, function (attr) {
        attr.value.replace(/url\(#([^)]+)\)/g, function (all, ref) { used[ref] = true; });
      });
    });
    each(svg.querySelectorAll("marker[id]"), function (marker) { if (!used[marker.id]) marker.remove(); });
    each([svg].concat(Array.prototype.slice.call(svg.querySelectorAll("*"))), function (el) {
      each(Array.prototype.slice.call(el.attributes), function (attr) {
        var name = attr.name;
        var value = attr.value;
        // `name` (sequence diagrams) is not an SVG attribute: the HTML checker rejects it.
        if ((name.indexOf("data-") === 0 && css.indexOf("[" + name) < 0) || name === "name" || (name === "style" && !value.trim())) {
          el.removeAttribute(name);
          return;
        }
        if (NUMERIC.test(name)) value = roundNumbers(value);
        else if (name === "style") value = value.replace(/(\d+\.\d{3,})px/g, function (all, n) { return +(+n).toFixed(2) + "px"; });
        if (value !== attr.value) el.setAttribute(name, value);
      });
    });
    each(svg.querySelectorAll("tspan.text-inner-tspan + tspan.text-inner-tspan"), function (el) {
      var prev = el.previousElementSibling;
      if (prev && prev.parentNode && sameAttributes(prev, el)) {
        prev.textContent += el.textContent;
        el.remove();
      }
    });
  }

  /* Rounds the numbers of a geometry attribute to 1/100. Path data may run numbers together
   * ("M12.258.001" is 12.258 then .001), so a space goes between two numbers that would
   * otherwise merge. */
  function roundNumbers(value) {
    var number = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;
    var out = "";
    var last = 0;
    var m;
    while ((m = number.exec(value))) {
      var token = /\.\d{3,}/.test(m[0]) && !/[eE]/.test(m[0]) ? String(+(+m[0]).toFixed(2)) : m[0];
      var between = value.slice(last, m.index);
      out += between;
      if (!between && /[\d.]$/.test(out) && /^[\d.]/.test(token)) out += " ";
      out += token;
      last = number.lastIndex;
    }
    return out + value.slice(last);
  }

  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      if (b.getAttribute(a.attributes[i].name) !== a.attributes[i].value) return false;
    }
    return true;
  }

  function uniqueIds(svg, prefix) {
    var renamed = {};
    var seen = {};
    seen[prefix] = true;
    each(svg.querySelectorAll("[id]"), function (el) {
      var id = el.id;
      var next = id.indexOf(prefix) === 0 ? id : prefix + "-" + id;
      for (var n = 2; seen[next]; n++) next = prefix + "-" + id + "-" + n;
      seen[next] = true;
      if (next !== id) {
        if (!(id in renamed)) renamed[id] = next;
        el.id = next;
      }
    });
    each(svg.querySelectorAll("*"), function (el) {
      each(Array.prototype.slice.call(el.attributes), function (attr) {
        var value = attr.value.replace(/url\(#([^)]+)\)/g, function (all, ref) {
          return renamed[ref] ? "url(#" + renamed[ref] + ")" : all;
        });
        if (/(^|:)href$/.test(attr.name) && value.charAt(0) === "#" && renamed[value.slice(1)]) {
          value = "#" + renamed[value.slice(1)];
        }
        if (value !== attr.value) el.setAttribute(attr.name, value);
      });
    });
  }

  /* `style X fill:#f9f` keeps the author's fill in both themes, but the theme's text colour
   * (light in the dark theme) can vanish on it: pick dark or light text by the fill. */
  function readableLabels(svg) {
    each(svg.querySelectorAll("g.node, g.cluster"), function (group) {
      var shape = group.querySelector("rect[style*='fill'], polygon[style*='fill'], path[style*='fill'], circle[style*='fill'], ellipse[style*='fill']");
      if (!shape) return;
      var rgb = parseColor(shape.style.getPropertyValue("fill"));
      if (!rgb) return;
      var text = luminance(rgb) > 0.36 ? "#1f2328" : "#f6f8fa";
      each(group.querySelectorAll("text"), function (el) {
        if (!/(^|;)\s*fill\s*:/.test(el.getAttribute("style") || "")) el.style.setProperty("fill", text, "important");
      });
    });
  }

  function parseColor(value) {
    if (!value) return null;
    var probe = doc.createElement("i");
    probe.style.color = value;
    var m = probe.style.color.match(/rgba?\((\d+),\s*(\d+),\s*(\d+)/);
    return m ? [+m[1], +m[2], +m[3]] : null;
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /* Both cached variants are inlined; these rules (global, as any <style> in a page) show the
   * one of the current theme: data-theme wins, else the system setting; print is light. */
  function themeRules(svg, variant) {
    var id = "#" + svg.id;
    var dark = '@media (prefers-color-scheme: dark){html:not([data-theme="light"]) ' + id;
    var rules = variant === "dark"
      ? id + "{display:none;margin:0 auto}html[data-theme=\"dark\"] " + id + "{display:block}" + dark + "{display:block}}" +
        "@media print{" + id + "{display:none!important}}"
      : id + "{display:block;margin:0 auto}html[data-theme=\"dark\"] " + id + "{display:none}" + dark + "{display:none}}" +
        "@media print{" + id + "{display:block!important}}";
    var style = svg.querySelector("style") || svg.insertBefore(doc.createElementNS(svg.namespaceURI, "style"), svg.firstChild);
    style.textContent += rules;
  }

  window.handbookMermaid = { config: config, render: render, finish: finish, isDark: isDark };

  /* ---------- The page: draw the diagrams that need it ---------- */
  var script = doc.currentScript;
  var librarySrc = script && script.getAttribute("data-mermaid-src");
  if (!librarySrc) return;
  /* The error box's texts, in the book's language (the template passes them). */
  function text(name, fallback) {
    return script.getAttribute("data-" + name) || fallback;
  }
  var figures = Array.prototype.slice.call(doc.querySelectorAll("figure.mermaid-client"));
  if (!figures.length) return;
  var library = null;

  function loadLibrary() {
    if (window.mermaid) return Promise.resolve();
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var tag = doc.createElement("script");
        tag.src = librarySrc;
        tag.onload = function () { window.mermaid ? resolve() : reject(new Error(text("library-broken", "The Mermaid library did not start."))); };
        tag.onerror = function () {
          library = null;
          reject(new Error(text("library-failed", "The Mermaid library could not be loaded ({src}).").replace("{src}", librarySrc)));
        };
        doc.head.appendChild(tag);
      });
    }
    return library;
  }

  function status(figure, text) {
    var p = figure.querySelector(".mermaid-status");
    if (!p) {
      p = doc.createElement("p");
      p.className = "mermaid-status";
      figure.appendChild(p);
    }
    p.textContent = text;
  }

  function clear(figure) {
    each(figure.querySelectorAll(".mermaid-status, .mermaid-svg, .mermaid-error"), function (el) { el.remove(); });
  }

  function draw(figure) {
    var source = figure.querySelector("pre.mermaid").textContent;
    var dark = isDark();
    figure.setAttribute("data-mermaid-theme", dark ? "dark" : "light");
    figure.setAttribute("aria-busy", "true");
    return loadLibrary()
      .then(function () { return render(source, "mmd-c" + (++counter), dark); })
      .then(function (svg) {
        clear(figure);
        var box = doc.createElement("div");
        box.className = "mermaid-svg";
        box.innerHTML = svg;
        var drawing = box.querySelector("svg");
        var alt = figure.getAttribute("data-alt");
        if (drawing && alt) {
          drawing.setAttribute("role", "img");
          drawing.setAttribute("aria-label", alt);
        }
        figure.appendChild(box);
        figure.setAttribute("data-mermaid-state", "done");
      }, function (error) { fail(figure, error, source); })
      .then(function () { figure.removeAttribute("aria-busy"); });
  }

  function fail(figure, error, source) {
    clear(figure);
    var box = doc.createElement("div");
    box.className = "mermaid-error";
    var title = doc.createElement("p");
    title.className = "mermaid-error-title";
    title.textContent = text("failed", "This diagram could not be drawn");
    var message = doc.createElement("pre");
    message.className = "mermaid-error-message";
    message.textContent = String((error && error.message) || error || text("failed-unknown", "unknown error")).trim();
    var details = doc.createElement("details");
    var summary = doc.createElement("summary");
    summary.textContent = text("failed-source", "Diagram source");
    var code = doc.createElement("pre");
    code.className = "mermaid-error-source";
    code.textContent = source;
    details.appendChild(summary);
    details.appendChild(code);
    box.appendChild(title);
    box.appendChild(message);
    box.appendChild(details);
    figure.appendChild(box);
    figure.setAttribute("data-mermaid-state", "error");
  }

  function redrawForTheme() {
    var theme = isDark() ? "dark" : "light";
    figures.forEach(function (figure) {
      var drawn = figure.getAttribute("data-mermaid-state");
      if (drawn === "done" && figure.getAttribute("data-mermaid-theme") !== theme) draw(figure);
    });
  }

  figures.forEach(function (figure) { status(figure, text("drawing", "Drawing the diagram…")); });
  doc.addEventListener("handbook:themechange", redrawForTheme);
  if (darkQuery) {
    if (darkQuery.addEventListener) darkQuery.addEventListener("change", redrawForTheme);
    else if (darkQuery.addListener) darkQuery.addListener(redrawForTheme);
  }

  // The print view draws everything at once: a printed page cannot wait for scrolling.
  var eager = root.classList.contains("kind-print") || !("IntersectionObserver" in window);
  if (eager) {
    figures.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      draw(entry.target);
    });
  }, { rootMargin: "600px 0px" });
  figures.forEach(function (figure) { observer.observe(figure); });
  window.addEventListener("beforeprint", function () {
    figures.forEach(function (figure) {
      if (!figure.hasAttribute("data-mermaid-state") && !figure.hasAttribute("aria-busy")) {
        observer.unobserve(figure);
        draw(figure);
      }
    });
  });
})();
