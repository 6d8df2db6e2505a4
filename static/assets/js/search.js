/* search.js — full-text search of the handbook, in the browser, Vietnamese-aware. No dependencies.
 *
 * The index (built by `handbook build` under assets/search/, see src/search/encode.rs) is three
 * files: meta.js (where each shard and each page's head lie), loaded on the first focus of the
 * search box; words.js (the shards of words) and text.js (the sections' texts and the pages'
 * heads). Over http(s) a search reads only the byte ranges it needs of the last two (Range
 * requests, which GitHub Pages and `handbook serve` honour): for each query word, the shard
 * holding its folded spelling; for each result shown, its page's head and its section. So the
 * first search costs about the same on a book ten times larger, and a build writes three files
 * whatever the size of the book. Each file is a script calling handbookSearchData(key, data), so
 * a <script> tag loads it whole when the site is opened from disk (file://), where fetch() of a
 * local file is blocked; a server that answers a range with the whole file is read whole too.
 *
 * Matching: the query and the index terms are folded alike (lowercase, no diacritics, đ→d), so
 * "dong bo" finds "đồng bộ" whether the page or the query is NFC or NFD. While typing, the last
 * word (of three letters or more) also matches the words it begins. Ranking, most important first:
 * sections that hold every word; then words matched whole before words the query only begins
 * ("hoa" ranks "hóa" before "hoặc"); then the words next to each other (the exact phrase before
 * the folded one); then exact diacritics; then headings and frequency. A shard carries the 128
 * best sections of each term (src/search/postings.rs).
 *
 * The messages come from the search box's data-text-* attributes (templates/partials/search.html).
 *
 * For assistive technology the box is a combobox (WAI-ARIA 1.2): the input says whether its
 * listbox of results is shown (aria-expanded) and which option the arrow keys chose
 * (aria-activedescendant, focus staying in the input); the status line announces the number of
 * results. Options hold no focusable element: choosing one opens its data-href.
 *
 * For tests and measurements: window.handbookSearch = { load(callback), search(query) → Promise of
 * results, run(query) → Promise of the number of results shown, lastMs }.
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
  // An editable combobox whose popup is the listbox of results (WAI-ARIA 1.2).
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  list.style.cursor = "pointer";
  // The panel scrolls when the list is long: the Tab key reaches it, so the arrow keys can
  // scroll it too.
  panel.tabIndex = 0;

  var MAX_RESULTS = 10;
  var PER_PAGE = 3;
  var MAX_WORDS = 8;
  var MIN_PREFIX = 3;
  var EXCERPT_CHARS = 180;
  // The messages, read from the box when shown, so the page decides their language.
  function text(name, fallback) {
    var value = box.getAttribute("data-text-" + name);
    return value === null ? fallback : value;
  }
  var TEXT = {
    loading: function () { return text("loading", "Loading the search index…"); },
    failed: function () { return text("failed", "The search index could not be loaded."); },
    none: function () { return text("none", "No results"); },
    count: function (n) { return text("count", "{n} results").replace("{n}", n); }
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
  // Code point order, as the index sorts words (UTF-16 puts U+10000 and above before U+E000).
  function compare(a, b) {
    for (var i = 0, n = Math.min(a.length, b.length); i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      if (x >= 0xd800 && y >= 0xd800) {
        x += x >= 0xe000 ? -0x800 : 0x2000;
        y += y >= 0xe000 ? -0x800 : 0x2000;
      }
      return x - y;
    }
    return a.length - b.length;
  }

  /* ---------- Loading the index's files ---------- */
  var store = Object.create(null);
  var requests = Object.create(null);
  window.handbookSearchData = function (key, data) { store[key] = data; };
  // Over http(s) the files are fetched and their data read with JSON.parse, not run as scripts
  // one by one: on a book ten times the handbook, that took the p90 of a cold keystroke from
  // 48.5-49.9 ms to 44.1-45.9 ms (side by side, in Chromium). From disk (file://), where
  // fetch() of a local file is blocked, each is added by a <script> tag.
  var FETCH = /^https?:/.test(root) && typeof fetch === "function";
  // The data of assets/search/<key>.js, loaded once and whole.
  function get(key) {
    if (!requests[key]) {
      requests[key] = (FETCH ? fetched : scripted)(url(key), key).catch(function (error) {
        delete requests[key];
        throw error;
      });
    }
    return requests[key];
  }
  function url(key) { return root + "assets/search/" + key + ".js"; }
  function fetched(address, key) {
    // The manifest is fetched again (not from the cache) once its ranges were found stale.
    return fetch(address, key === "meta" && meta === STALE_META ? { cache: "reload" } : undefined).then(function (response) {
      if (!response.ok) throw new Error("cannot load " + key);
      return response.text();
    }).then(function (text) { return dataOf(text, key); });
  }
  // The data of a file `handbookSearchData("key",data);` (src/search/encode.rs), whose data is
  // JSON.
  function dataOf(text, key) {
    var head = "handbookSearchData(" + JSON.stringify(key) + ",", tail = ");\n";
    if (!text.startsWith(head) || !text.endsWith(tail)) throw new Error("not an index file: " + key);
    return JSON.parse(text.slice(head.length, text.length - tail.length));
  }
  function scripted(address, key) {
    return new Promise(function (resolve, reject) {
      var tag = doc.createElement("script");
      var fail = function () { reject(new Error("cannot load " + key)); };
      tag.src = address;
      tag.async = true;
      tag.onload = function () {
        tag.remove();
        if (key in store) resolve(store[key]);
        else fail();
      };
      tag.onerror = function () { tag.remove(); fail(); };
      doc.head.appendChild(tag);
    });
  }

  /* ---------- Packed files: a JSON array, one value per line, read by byte ranges ---------- */
  // words.js and text.js. `whole` is the array once the file was loaded whole (from disk, or
  // from a server that answers a range with the whole file).
  var packs, shardData, heads, sections, shards;
  // Forgets every value read: the manifest they were read with was an earlier build's.
  function forget() {
    packs = { words: {}, text: {} };
    // The values read, by number: shards by their number in words.js, pages' heads by page,
    // and sections by their number in text.js; `shards` holds the shards prepared for search.
    shardData = Object.create(null);
    heads = Object.create(null);
    sections = Object.create(null);
    shards = Object.create(null);
  }
  forget();
  // Thrown when a file's length is not the one the manifest gives: the site was built again
  // since the manifest was loaded.
  var STALE_INDEX = new Error("the search index changed");
  var UTF8_DECODER = new TextDecoder();
  // Values `first`…`first + count - 1` of `file`, which lie at bytes [start, end); a negative
  // `first` counts from the end of the array (the pages' heads end text.js).
  function readValues(file, first, count, start, end) {
    var pack = packs[file];
    var slice = function (all) {
      var at = first < 0 ? all.length + first : first;
      return all.slice(at, at + count);
    };
    if (pack.whole) return Promise.resolve(slice(pack.whole));
    if (!FETCH) return get(file).then(function (all) { pack.whole = all; return slice(all); });
    // The range is in the URL too, after the stamp of the build: a browser lets one request
    // at a time use the cache entry of a URL, so ranges of one URL would wait for each other
    // (in Chromium, a cold keystroke's p90 went from 52.6 to 43.3 ms on a book ten times the
    // handbook), while static servers ignore the query, each range is cached on its own, and
    // none cached from another build is ever read with this manifest.
    var bytes = start + "-" + (end - 1), length = meta.lengths[file === "words" ? 0 : 1];
    var address = url(file) + "?v=" + meta.stamp + "&bytes=" + bytes;
    return fetch(address, { headers: { Range: "bytes=" + bytes } }).then(function (response) {
      if (!response.ok) throw new Error("cannot load " + file);
      var total = /\/(\d+)$/.exec(response.headers.get("Content-Range") || "");
      if (total && +total[1] !== length) throw STALE_INDEX;
      return response.arrayBuffer().then(function (buffer) {
        var text = UTF8_DECODER.decode(buffer);
        if (response.status !== 206) {
          if (buffer.byteLength !== length) throw STALE_INDEX;
          return slice(pack.whole = pack.whole || dataOf(text, file));
        }
        var values = JSON.parse("[" + text + "]");
        if (values.length !== count) throw new Error("not a range of " + file);
        return values;
      });
    });
  }
  // Requests cost more than a few bytes (a browser opens at most six connections to a server
  // over HTTP/1.1), so two ranges closer than this many bytes are read as one.
  var GAP = 1024;
  // Loads into `cache` the values `ids` of `file` not read yet (in any order), those close to
  // each other in one request, with the values between them; `place(id)` gives [number in the
  // array, start byte, end byte] of a value wanted.
  function loadValues(file, cache, ids, place) {
    var spans = [];
    ids.filter(function (id, i) { return !(id in cache) && ids.indexOf(id) === i; })
      .sort(function (a, b) { return a - b; })
      .forEach(function (id) {
        var span = spans[spans.length - 1], at = place(id);
        if (span && at[1] - span.end <= GAP + 2) {
          span.last = id;
          span.end = at[2];
        } else {
          spans.push({ first: id, last: id, number: at[0], start: at[1], end: at[2] });
        }
      });
    return Promise.all(spans.map(function (span) {
      var count = span.last - span.first + 1;
      return readValues(file, span.number, count, span.start, span.end).then(function (values) {
        values.forEach(function (value, k) { cache[span.first + k] = value; });
      });
    }));
  }
  // Byte offsets from a layout, "start size size …" in base-64 VLQ (the manifest's, or a
  // head's): value k lies at [at[k], at[k+1] - 2).
  function offsets(layout) {
    var reader = new Reader(layout), at = [reader.next()];
    while (reader.at < layout.length) at.push(at[at.length - 1] + reader.next());
    return at;
  }
  // [number in the array, start byte, end byte] of value k of a layout's `at`, for loadValues.
  function place(at, k, number) { return [number, at[k], at[k + 1] - 2]; }

  // The manifest; STALE_META while the manifest of the site as it is now is loaded again.
  var meta = null, STALE_META = {};
  function loadMeta() {
    return get("meta").then(function (data) {
      if (!data || data.v !== 4) throw new Error("unknown index version");
      if (!meta || meta === STALE_META) {
        meta = {
          stamp: data.stamp, lengths: data.lengths, keys: data.shards.split(" "),
          words: offsets(data.words), heads: offsets(data.heads)
        };
      }
      return meta;
    });
  }
  // After STALE_INDEX: forgets the manifest and what was read with it, once per manifest, so
  // that the search runs again on the site as it is now.
  function reloadMeta() {
    meta = STALE_META;
    delete requests.meta;
    forget();
    return loadMeta();
  }
  function load(callback) {
    loadMeta().then(function () { if (callback) callback(true); }, function () { if (callback) callback(false); });
  }

  // The shard whose words include `folded`: the last one whose key (the shortest start of its
  // first word that sorts after the shard before) sorts at or before it.
  function shardAt(folded) {
    var lo = 0, hi = meta.keys.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(meta.keys[mid], folded) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }
  // Whether query word `w` also matches the words it begins: the word being typed, once it has
  // MIN_PREFIX letters. Shorter ones match whole words only: in Vietnamese most syllables of two
  // letters are words (có, đó, là), and the words two letters begin fill many shards of a large
  // book, all loaded for one keystroke.
  function begins(w) {
    return w.prefix && w.fold.length >= MIN_PREFIX;
  }
  // The shards holding the words query word `w` matches, by number: the one holding its folded
  // spelling and, for a word being typed, the next ones while their first word begins with it
  // (the words it begins come right after it in the index's order, and may fill several: a
  // later shard holds some exactly when its key begins with it).
  function shardsOf(w) {
    var at = shardAt(w.fold), numbers = [at];
    if (begins(w)) {
      for (var i = at + 1; i < meta.keys.length && meta.keys[i].lastIndexOf(w.fold, 0) === 0; i++) {
        numbers.push(i);
      }
    }
    return numbers;
  }
  function shard(number) {
    return shards[number] || (shards[number] = prepareShard(shardData[number]));
  }
  function prepareShard(data) {
    var postings = data.postings.split(","), k = 0;
    var words = data.words.split("\n").map(function (line) {
      var parts = line.split(" ");
      var terms = parts.slice(1).map(function (exact) {
        return { exact: exact, encoded: postings[k++], postings: null };
      });
      return { folded: parts[0], terms: terms };
    });
    return { words: words };
  }

  /* ---------- Postings: base-64 VLQ, `Δpage section|Δsection weight` (src/search/encode.rs) ---------- */
  var DIGIT = new Int8Array(128);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function Reader(s) { this.s = s; this.at = 0; }
  Reader.prototype.next = function () {
    var value = 0, shift = 0, d;
    do {
      d = DIGIT[this.s.charCodeAt(this.at++)];
      value += (d & 31) * Math.pow(2, shift);
      shift += 5;
    } while (d & 32);
    return value;
  };
  function readPostings(reader, out) {
    var page = 0, section = 0;
    while (reader.at < reader.s.length) {
      var dp = reader.next(), ds = reader.next(), weight = reader.next();
      if (dp) { page += dp; section = ds; } else section += ds;
      out.push(page, section, weight);
    }
  }
  // [page, section, weight, …] of a term.
  function postingsOf(term) {
    if (!term.postings) {
      term.postings = [];
      readPostings(new Reader(term.encoded), term.postings);
    }
    return term.postings;
  }

  /* ---------- Query ---------- */
  var WORD = /[\p{L}\p{M}\p{N}_]+(?:[.:'’][\p{L}\p{M}\p{N}_]+)*/gu;
  function parseQuery(q) {
    q = q.normalize("NFC");
    var words = (q.match(WORD) || []).slice(0, MAX_WORDS);
    var typing = !/\s$/.test(q);
    return words.map(function (w, i) { return queryWord(w, typing && i === words.length - 1); });
  }
  function queryWord(w, prefix) {
    var exact = w.toLowerCase().normalize("NFC");
    return { exact: exact, fold: fold(exact), prefix: prefix };
  }

  // The terms of a loaded shard matching one query word, as { term, quality }. Quality: 4 exact
  // word, 3 same word with other diacritics, 2 exact prefix, 1 prefix with other diacritics.
  function matchWord(w) {
    var out = [], prefix = begins(w);
    shardsOf(w).forEach(function (number) {
      shard(number).words.forEach(function (word) {
        var whole = word.folded === w.fold;
        if (!whole && !(prefix && word.folded.lastIndexOf(w.fold, 0) === 0)) return;
        word.terms.forEach(function (t) {
          var quality = whole ? (t.exact === w.exact ? 4 : 3) : (t.exact.lastIndexOf(w.exact, 0) === 0 ? 2 : 1);
          out.push({ term: t, quality: quality });
        });
      });
    });
    return out;
  }
  function loadShardsOf(words) {
    var numbers = [];
    words.forEach(function (w) { numbers.push.apply(numbers, shardsOf(w)); });
    return loadValues("words", shardData, numbers, function (k) { return place(meta.words, k, k); });
  }
  // An identifier that is not in the index as a whole ("foo.gather") is looked up by its parts.
  function expandWords(words) {
    var out = [];
    words.forEach(function (w) {
      if (/[._:]/.test(w.exact) && matchWord(w).length === 0) {
        var parts = w.exact.split(/[._:]+/).filter(function (p) { return p.length > 1; });
        parts.forEach(function (p, i) { out.push(queryWord(p, w.prefix && i === parts.length - 1)); });
      } else {
        out.push(w);
      }
    });
    return out.slice(0, MAX_WORDS);
  }

  /* ---------- Scoring ---------- */
  // As impact() in src/search/postings.rs: a heading outweighs any count, prose outweighs code.
  function field(weight) {
    var count = weight >> 2 || 1;
    return (weight & 2 ? 32 : 0) + (weight & 1 ? 2 : 1) * (32 - Math.clz32(count));
  }
  function collect(matches) {
    var hits = new Map(), n = matches.length;
    matches.forEach(function (terms, wi) {
      terms.forEach(function (m) {
        var postings = postingsOf(m.term);
        for (var p = 0; p < postings.length; p += 3) {
          var key = postings[p] * 65536 + postings[p + 1];
          var f = field(postings[p + 2]);
          var hit = hits.get(key);
          if (!hit) {
            hit = { page: postings[p], section: postings[p + 1], quality: new Array(n).fill(0), field: new Array(n).fill(0), phrase: 0 };
            hits.set(key, hit);
          }
          if (m.quality > hit.quality[wi] || (m.quality === hit.quality[wi] && f > hit.field[wi])) {
            hit.quality[wi] = m.quality;
            hit.field[wi] = f;
          }
        }
      });
    });
    return hits;
  }
  function matchedAll(hit) {
    return hit.quality.every(function (q) { return q > 0; });
  }
  function score(hit) {
    var matched = 0, whole = 0, quality = 0, sum = 0;
    for (var i = 0; i < hit.quality.length; i++) {
      if (hit.quality[i]) matched++;
      if (hit.quality[i] >= 3) whole++;
      quality += hit.quality[i];
      sum += hit.field[i];
    }
    return matched * 1e7 + whole * 1e6 + hit.phrase * 1e5 + quality * 1e3 + Math.min(sum, 999);
  }
  function byScore(a, b) {
    return b.score - a.score || a.page - b.page || a.section - b.section;
  }
  // The best hits, at most PER_PAGE of each page, so one long chapter does not fill the list.
  function best(hits) {
    var all = Array.from(hits.values());
    all.forEach(function (h) { h.score = score(h); });
    all.sort(byScore);
    var perPage = Object.create(null), kept = [];
    for (var i = 0; i < all.length && kept.length < MAX_RESULTS; i++) {
      var page = all[i].page;
      perPage[page] = (perPage[page] || 0) + 1;
      if (perPage[page] <= PER_PAGE) kept.push(all[i]);
    }
    return kept;
  }
  /* ---------- Search ---------- */
  var STALE = { stale: true };
  // Results for `query`, best first. `isStale()` says the query is no longer wanted: no more
  // files are then loaded for it.
  function search(query, isStale) {
    return loadMeta().then(function (read) {
      return searchOnce(query, isStale).catch(function (error) {
        if (error !== STALE_INDEX || !FETCH) throw error;
        // Another build replaced the index since this manifest was loaded (or cached): load
        // it again, once.
        return (meta === read ? reloadMeta() : loadMeta()).then(function () { return searchOnce(query, isStale); });
      });
    });
  }
  function searchOnce(query, isStale) {
    var words = parseQuery(query);
    if (!words.length) return Promise.resolve([]);
    var check = function (value) {
      if (isStale && isStale()) throw STALE;
      return value;
    };
    return loadMeta().then(check)
      .then(function () { return loadShardsOf(words); }).then(check)
      .then(function () {
        words = expandWords(words);
        return loadShardsOf(words);
      }).then(check)
      .then(function () {
        return best(collect(words.map(matchWord)));
      })
      .then(function (kept) {
        return entriesOf(kept).then(check).then(function (entries) { return finish(kept, entries, words); });
      });
  }
  // The entry of each hit, [url, label, title, id, heading, text]: from its page's head (url,
  // label, title, where its sections are), then its section [id, heading, text]
  // (src/search/encode.rs).
  function entriesOf(kept) {
    var pages = kept.map(function (hit) { return hit.page; }), n = meta.heads.length - 1;
    return loadValues("text", heads, pages, function (p) { return place(meta.heads, p, p - n); })
      .then(function () {
        var places = Object.create(null);
        var numbers = kept.map(function (hit) {
          var head = heads[hit.page], number = head[3] + hit.section;
          head.starts = head.starts || offsets(head[4]);
          places[number] = place(head.starts, hit.section, number);
          return number;
        });
        return loadValues("text", sections, numbers, function (k) { return places[k]; }).then(function () {
          return kept.map(function (hit, i) {
            var head = heads[hit.page], s = sections[numbers[i]];
            return [head[0], head[1], head[2], s[0], s[1], s[2]];
          });
        });
      });
  }
  // Ranks the kept hits again with the phrase, now that their text is here, and describes them.
  function finish(kept, entries, words) {
    kept.forEach(function (hit, i) {
      hit.entry = entries[i];
      hit.words = wordsOf(hit, words);
      hit.phrase = words.length > 1 && matchedAll(hit) ? phraseIn(hit) : 0;
      hit.score = score(hit);
    });
    kept.sort(byScore);
    return kept.map(describe);
  }
  // The query's words as this hit matched them: a word matched whole is marked whole only.
  function wordsOf(hit, words) {
    return words.map(function (w, i) {
      return { exact: w.exact, fold: w.fold, prefix: w.prefix && hit.quality[i] < 3, found: hit.quality[i] > 0 };
    });
  }

  /* ---------- Phrases, excerpts and <mark> ---------- */
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // A word starts after no letter or digit. The check follows the literal, rather than leading
  // the pattern, so the regexp engine can still scan for the literal quickly.
  function wordStart(literal) { return literal + "(?<![\\p{L}\\p{N}]" + literal + ")"; }
  var EDGE_AFTER = "(?![\\p{L}\\p{N}])";
  var REST = "[\\p{L}\\p{N}_]*";
  // The words next to each other, in their folded or exact form; `anchored` matches only at the
  // start of the text.
  function phraseRegExp(words, key, anchored) {
    var parts = words.map(function (w, i) {
      var literal = escapeRegExp(w[key]);
      return (i || anchored ? literal : wordStart(literal)) + (w.prefix ? REST : EDGE_AFTER);
    });
    var source = parts.join("[^\\p{L}\\p{N}]{1,3}");
    return anchored ? new RegExp("^" + source, "u") : new RegExp(source, "gu");
  }
  var SEP = " \u2029\u2029 ";
  // 2 if the words stand together with the query's diacritics in the heading or text, 1 if
  // together only once folded, else 0. The folded text has the original's length, so a folded
  // match gives the place to compare exactly.
  function phraseIn(hit) {
    var all = hit.entry[4] + SEP + hit.entry[5];
    var folded = phraseRegExp(hit.words, "fold", false), exact = phraseRegExp(hit.words, "exact", true);
    var text = foldAligned(all), m, found = 0;
    while ((m = folded.exec(text))) {
      found = 1;
      if (exact.test(all.slice(m.index, m.index + m[0].length).toLowerCase())) return 2;
    }
    return found;
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function markRegExp(words, edge) {
    var alternatives = words.filter(function (w) { return w.found; }).map(function (w) {
      var literal = escapeRegExp(w.fold);
      return edge ? wordStart(literal) + (w.prefix ? REST : EDGE_AFTER) : literal + (w.prefix ? REST : "");
    });
    return alternatives.length ? new RegExp("(?:" + alternatives.join("|") + ")", "gu") : null;
  }
  // Ranges [start, end) of the query's words in `text`, found in its folded form: as words if
  // any, else anywhere (the parts of identifiers, "executor" in "ThreadPoolExecutor").
  function ranges(text, words) {
    var f = foldAligned(text);
    var out = [];
    [true, false].some(function (edge) {
      var re = markRegExp(words, edge), m;
      while (re && (m = re.exec(f))) {
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
  function excerpt(text, words, phrase) {
    if (!text) return "";
    var found = ranges(text, words);
    var together = phrase ? phraseRegExp(words, "fold", false).exec(foldAligned(text)) : null;
    var centre = together ? together.index : found.length ? found[0][0] : 0;
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
  function describe(hit) {
    var f = hit.entry; // [url, label, title, id, heading, text]
    var top = !f[3];
    return {
      url: root + f[0] + (top ? "" : "#" + encodeURIComponent(f[3])),
      where: top ? f[1] : f[1] ? f[1] + " · " + f[2] : f[2],
      page: f[2],
      heading: f[4],
      headingHtml: highlight(f[4], ranges(f[4], hit.words), 0, f[4].length),
      excerptHtml: excerpt(f[5], hit.words, hit.phrase > 0),
      top: top,
      score: hit.score
    };
  }

  /* ---------- The list ---------- */
  var results = [];
  var active = -1;
  var shown = { query: null, generation: 0 };
  var generation = 0;
  var running = null;

  function setOpen(open) {
    panel.hidden = !open;
    box.classList.toggle("is-open", open);
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) setActive(-1);
  }
  function setMessage(text) {
    if (message) {
      message.textContent = text;
      message.hidden = !text;
    }
  }
  function render(query) {
    var html = "";
    results.forEach(function (r, i) {
      // The <a> has no href: an option's content must not be focusable, so it is a plain
      // element that the stylesheet lays out; choosing the option opens data-href.
      html += '<li role="option" id="hb-search-option-' + i + '" class="hb-search-result" aria-selected="false" data-href="' + escapeHtml(r.url) + '">' +
        '<a>' +
        (r.where ? '<span class="hb-search-where">' + escapeHtml(r.where) + "</span>" : "") +
        '<span class="hb-search-heading">' + r.headingHtml + "</span>" +
        (r.excerptHtml ? '<span class="hb-search-excerpt">' + r.excerptHtml + "</span>" : "") +
        "</a></li>";
    });
    list.innerHTML = html;
    list.setAttribute("data-query", query);
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
  function clear(query) {
    generation++;
    shown = { query: query, generation: generation };
    results = [];
    list.innerHTML = "";
    list.removeAttribute("data-query");
    setActive(-1);
    setMessage("");
    setOpen(false);
    if (status) status.textContent = "";
  }
  function show(query, found, mine, started) {
    shown = { query: query, generation: mine };
    results = found;
    render(query);
    setMessage(found.length ? "" : TEXT.none());
    setOpen(true);
    api.lastMs = performance.now() - started;
    if (status) status.textContent = found.length ? TEXT.count(found.length) : TEXT.none();
    return found.length;
  }

  // Searches the box's current text and shows the results; resolves to their number once shown.
  function update() {
    var query = input.value;
    if (!query.trim()) {
      clear(query);
      return Promise.resolve(0);
    }
    if (query === shown.query && shown.generation === generation) {
      if (panel.hidden && results.length) setOpen(true);
      return running || Promise.resolve(results.length);
    }
    var mine = ++generation, started = performance.now();
    if (!meta) {
      setMessage(TEXT.loading());
      setOpen(true);
    }
    running = search(query, function () { return mine !== generation; }).then(function (found) {
      return show(query, found, mine, started);
    }, function (error) {
      if (error === STALE) return -1;
      if (mine === generation) {
        results = [];
        list.innerHTML = "";
        setMessage(TEXT.failed());
        setOpen(true);
      }
      return 0;
    });
    return running;
  }

  // Opens the result `option`, in a new tab if `elsewhere`.
  function open(option, elsewhere) {
    var url = option && option.getAttribute("data-href");
    if (!url) return;
    if (elsewhere) {
      window.open(url, "_blank", "noopener");
      return;
    }
    setOpen(false);
    window.location.href = url;
  }
  function go(i) {
    open(list.children[i], false);
  }

  /* ---------- Events ---------- */
  input.addEventListener("focus", function () {
    load();
    if (input.value.trim()) update();
  });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (e) {
    var n = list.children.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (panel.hidden) update();
      n = list.children.length;
      if (!n || panel.hidden) return;
      var step = e.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === "Enter") {
      if (e.isComposing) return;
      e.preventDefault();
      var chosen = active;
      update().then(function (found) {
        if (found > 0 && input.value === shown.query) go(chosen >= 0 ? chosen : 0);
      });
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
    var option = optionAt(e);
    if (option) {
      var i = Array.prototype.indexOf.call(list.children, option);
      if (i !== active) setActive(i);
    }
  });
  function optionAt(e) {
    return e.target.closest && e.target.closest("[role='option']");
  }
  panel.addEventListener("click", function (e) {
    var option = optionAt(e);
    if (option && e.button === 0) open(option, e.ctrlKey || e.metaKey || e.shiftKey);
  });
  panel.addEventListener("auxclick", function (e) {
    if (e.button === 1) open(optionAt(e), true);
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
    run: function (query) {
      input.value = query;
      shown = { query: null, generation: 0 };
      return update();
    },
    lastMs: 0
  };
  window.handbookSearch = api;
})();
