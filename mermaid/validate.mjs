// Checks Mermaid diagrams with the official parser: the vendored vendor/mermaid.min.js (the file
// the site ships), run in jsdom. No browser needed; the whole book takes about two seconds.
//
//   node validate.mjs < diagrams.json    JSON in, JSON out (what `handbook check` uses)
//   node validate.mjs --content DIR      checks every ```mermaid block under DIR, prints
//                                        `path:line:col: message`, exits 1 on any error
//
// Input: `[{ "path": "content/a.md", "line": 12, "source": "graph TD\n..." }, ...]` (`line` is
// the opening fence). Output: `{ "mermaid": "12.3.0", "ms": 1234, "results": [{ "path", "line",
// "ok": true } | { "path", "line", "ok": false, "error_line", "col", "message" }] }`, in input
// order; `error_line` is the line in the file, `col` 0 when unknown.

import fs from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";

import { LIBRARY, libraryVersion, readStdinJson, scanContent } from "./lib/diagrams.mjs";

const started = performance.now();
const args = process.argv.slice(2);
const contentDir = args[0] === "--content" ? args[1] : null;
const diagrams = contentDir ? scanContent(path.resolve(contentDir)) : await readStdinJson();
const mermaid = loadMermaid();
const results = [];
for (const diagram of diagrams) results.push(await check(diagram));
const report = { mermaid: libraryVersion(), ms: Math.round(performance.now() - started), results };

if (contentDir) {
  const errors = results.filter((r) => !r.ok);
  for (const r of errors) console.log(`${r.path}:${r.error_line}:${Math.max(r.col, 1)}: ${r.message}`);
  console.error(`${results.length} diagram(s), ${errors.length} error(s), mermaid ${report.mermaid}, ${report.ms} ms`);
  process.exit(errors.length ? 1 : 0);
}
process.stdout.write(JSON.stringify(report) + "\n");
// jsdom keeps timers alive; everything is written.
process.exit(0);

/** The official library inside a jsdom window, set up as the site sets it up. */
function loadMermaid() {
  const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", { runScripts: "dangerously", pretendToBeVisual: true });
  const { window } = dom;
  const script = window.document.createElement("script");
  script.textContent = fs.readFileSync(LIBRARY, "utf8");
  window.document.body.appendChild(script);
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", htmlLabels: false, logLevel: "fatal" });
  return window.mermaid;
}

/** Parses one diagram; a result with the line in the file and a readable message. */
async function check(diagram) {
  const base = { path: diagram.path, line: diagram.line };
  try {
    await mermaid.parse(diagram.source);
    return { ...base, ok: true };
  } catch (error) {
    const { line, col, message } = describe(error, diagram.source);
    return { ...base, ok: false, error_line: diagram.line + line, col, message };
  }
}

/** Line (within the diagram, 1-based; 0 = the fence), column and a one-line message. */
function describe(error, source) {
  const text = String(error?.message ?? error);
  const hash = error?.hash;
  if (hash && hash.loc) return parseError(hash, text, source);
  if (/setting 'style'/.test(text)) {
    const line = lineOf(source, /^[ \t]*linkStyle\b/m);
    return { line, col: 0, message: `\`linkStyle\` names an edge that does not exist (edges are numbered from 0 in the order they are written): ${text}` };
  }
  const at = text.match(/line (\d+)/i);
  return { line: at ? Number(at[1]) : 0, col: 0, message: oneLine(text) };
}

/** A jison parse error: where, what came, what was expected, and how to fix the usual cases. */
function parseError(hash, text, source) {
  const line = hash.loc.last_line ?? hash.line + 1;
  const col = (hash.loc.last_column ?? 0) + 1;
  const got = hash.token === "EOF" ? "the end of the diagram" : `${JSON.stringify(hash.text ?? "")} (${hash.token})`;
  const expected = (hash.expected ?? []).map((e) => e.replace(/'/g, ""));
  const shown = expected.slice(0, 6).join(", ") + (expected.length > 6 ? ", …" : "");
  let message = `Mermaid parse error: unexpected ${got}${shown ? `, expected ${shown}` : ""}`;
  const sourceLine = source.split("\n")[line - 1] ?? "";
  if (["PS", "PE", "SQS", "SQE", "DIAMOND_START", "DIAMOND_STOP", "CYLINDERSTART", "STR"].includes(hash.token) || /[()[\]{}]/.test(hash.text ?? "")) {
    message += '; put a label that contains ( ) [ ] { } in double quotes, e.g. A["f(x)"]';
  } else if (/^\s*box\b/m.test(source) && /->>|-->>|->|-->|-x|--x|-\)|--\)/.test(sourceLine)) {
    message += "; a sequence `box` may only group participants: wrap messages in `rect` (with a `Note`) instead";
  } else if (/^\s*$/.test(sourceLine) || hash.token === "NEWLINE") {
    message += "; a label may not span lines: join it with <br/>";
  }
  if (!expected.length) message = oneLine(text);
  return { line, col, message };
}

function lineOf(source, pattern) {
  const index = source.search(pattern);
  return index < 0 ? 0 : source.slice(0, index).split("\n").length;
}

function oneLine(text) {
  return text.replace(/\s*\n\s*/g, " | ").trim();
}
