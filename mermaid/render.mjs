// Pre-renders the book's Mermaid diagrams to SVG in headless Chromium, into cache/, so that
// `handbook build` can inline them without node or a browser.
//
//   node render.mjs [--content DIR] [--stdin] [--force] [--prune] [--check] [--chromium PATH]
//
// Each diagram gets `cache/<key>-light.svg` and `cache/<key>-dark.svg`, where <key> is the
// FNV-1a hash of its source (see lib/diagrams.mjs; the Rust side computes the same). Only
// diagrams without both files are rendered, unless --force, or unless cache/STAMP (library
// version + hash of runtime/mermaid-init.js) shows that the library or the drawing code changed.
//   --content DIR  where the Markdown is (default: ../content next to this folder)
//   --stdin        read the diagrams as JSON instead (the format validate.mjs takes)
//   --prune        delete cached SVGs that no diagram uses any more
//   --check        render nothing: list the diagrams with no cached SVG, exit 1 if any
// The drawing code is runtime/mermaid-init.js, the same the site runs for uncached diagrams.

import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

import { CACHE, HERE, INIT, LIBRARY, cacheKey, libraryVersion, readStdinJson, scanContent } from "./lib/diagrams.mjs";

const ORIGIN = "http://handbook.invalid";
const PROJECT = path.dirname(HERE);
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

const options = parseArgs(process.argv.slice(2));
const diagrams = options.stdin ? await readStdinJson() : scanContent(path.resolve(options.content));
const byKey = new Map();
for (const d of diagrams) if (!byKey.has(cacheKey(d.source))) byKey.set(cacheKey(d.source), d);

fs.mkdirSync(CACHE, { recursive: true });
const stamp = `mermaid ${libraryVersion()}\nruntime ${cacheKey(fs.readFileSync(INIT, "utf8"))}\n`;
const stampPath = path.join(CACHE, "STAMP");
const stale = options.force || (fs.existsSync(stampPath) ? fs.readFileSync(stampPath, "utf8") !== stamp : true);
const cached = (key) => ["light", "dark"].every((v) => fs.existsSync(path.join(CACHE, `${key}-${v}.svg`)));
const todo = [...byKey].filter(([key]) => stale || !cached(key));

if (options.check) {
  for (const [key, d] of todo) console.log(`${d.path}:${d.line}: no pre-rendered SVG (${key})`);
  console.error(`${byKey.size} diagram(s), ${todo.length} to render${stale ? " (the cache stamp is out of date)" : ""}`);
  process.exit(todo.length ? 1 : 0);
}

let failures = 0;
if (todo.length) failures = await renderAll(todo);
if (!failures && (stale || !fs.existsSync(stampPath))) fs.writeFileSync(stampPath, stamp);
if (options.prune) prune();
console.error(`${byKey.size} diagram(s): ${todo.length - failures} rendered, ${failures} failed, ${byKey.size - todo.length} already cached`);
process.exit(failures ? 1 : 0);

function parseArgs(args) {
  const options = { content: path.join(PROJECT, "content"), chromium: process.env.CHROMIUM || "/usr/bin/chromium" };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--content" || a === "--chromium") options[a.slice(2)] = args[++i];
    else if (["--stdin", "--force", "--prune", "--check"].includes(a)) options[a.slice(2)] = true;
    else {
      console.error(`unknown argument ${a}; see the top of render.mjs`);
      process.exit(2);
    }
  }
  return options;
}

/** Renders every [key, diagram] in one Chromium page, writing both variants of each. */
async function renderAll(todo) {
  const browser = await chromium.launch({ executablePath: options.chromium, args: CHROMIUM_FLAGS });
  let failures = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("console", (m) => m.type() === "error" && console.error(`chromium: ${m.text()}`));
    await page.route(`${ORIGIN}/**`, serve);
    await page.goto(`${ORIGIN}/render.html`);
    await page.evaluate(loadFonts);
    for (const [key, d] of todo) {
      const result = await page.evaluate(drawBoth, { source: d.source, id: `mmd-${key}` });
      if (result.error) {
        failures++;
        console.error(`${d.path}:${d.line}: ${result.error.replace(/\s*\n\s*/g, " | ")}`);
        continue;
      }
      for (const variant of ["light", "dark"]) fs.writeFileSync(path.join(CACHE, `${key}-${variant}.svg`), result[variant] + "\n");
      console.error(`${d.path}:${d.line}: ${key}`);
    }
  } finally {
    await browser.close();
  }
  return failures;
}

/** The render page and its assets, from this project's files (no network). */
async function serve(route) {
  const url = new URL(route.request().url());
  if (url.pathname === "/render.html") {
    const body = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/assets/css/fonts.css">
<link rel="stylesheet" href="/static/assets/css/handbook.css"></head><body>
<script src="/mermaid/vendor/mermaid.min.js"></script><script src="/mermaid/runtime/mermaid-init.js"></script></body></html>`;
    return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });
  }
  const file = path.join(PROJECT, decodeURIComponent(url.pathname));
  if (!file.startsWith(PROJECT + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: "" });
  const types = { ".css": "text/css", ".js": "text/javascript", ".woff2": "font/woff2" };
  return route.fulfill({ status: 200, contentType: types[path.extname(file)] ?? "application/octet-stream", body: fs.readFileSync(file) });
}

/** In the page: load every face and subset of the label font before measuring any text. */
async function loadFonts() {
  const sample = "Aa Ăă Đđ Ơơ Ưư Ệệ Ốố Ứứ Ữữ Ỷỷ “”…→";
  await Promise.all(["400", "600"].map((w) => document.fonts.load(`${w} 16px "Be Vietnam Pro"`, sample)));
  // check() is also true when no face of that family is declared at all: require loaded faces.
  const loaded = [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Be Vietnam Pro" && f.status === "loaded");
  if (!loaded.length || !document.fonts.check('16px "Be Vietnam Pro"', sample)) throw new Error("Be Vietnam Pro did not load");
}

/** In the page: the light and the dark SVG of one diagram, or the library's error. */
async function drawBoth({ source, id }) {
  const hm = window.handbookMermaid;
  try {
    const out = {};
    for (const variant of ["light", "dark"]) {
      window.mermaid.initialize(hm.config(variant === "dark"));
      const { svg } = await window.mermaid.render(`${id}-${variant}`, source);
      out[variant] = hm.finish(svg, variant);
    }
    return out;
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

function prune() {
  for (const name of fs.readdirSync(CACHE)) {
    const key = name.match(/^([0-9a-f]{16})-(light|dark)\.svg$/)?.[1];
    if (key && !byKey.has(key)) {
      fs.rmSync(path.join(CACHE, name));
      console.error(`pruned cache/${name}`);
    }
  }
}
