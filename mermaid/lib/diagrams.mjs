// What validate.mjs and render.mjs share: where the tools live, the cache key of a diagram
// (the same as `src/mermaid/cache.rs` computes), and the diagrams of a book.
//
// A diagram is `{ path, line, source }`: `path` as the handbook shows it (content/…md), `line`
// the 1-based line of its opening fence, `source` the text between the fences.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The mermaid/ folder. */
export const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The vendored official library, the very file the site ships. */
export const LIBRARY = path.join(HERE, "vendor", "mermaid.min.js");
/** The pre-rendered SVGs, `<key>-light.svg` and `<key>-dark.svg`. */
export const CACHE = path.join(HERE, "cache");
/** The browser-side code shared by the site and render.mjs. */
export const INIT = path.join(HERE, "runtime", "mermaid-init.js");

/** The vendored library's version, from vendor/VERSION. */
export function libraryVersion() {
  const text = fs.readFileSync(path.join(HERE, "vendor", "VERSION"), "utf8");
  return text.match(/^mermaid (\S+)/m)?.[1] ?? "unknown";
}

/** Line endings as `\n`, no trailing spaces, tabs or newlines: what the cache key covers. */
export function normalize(source) {
  return source.replace(/\r\n?/g, "\n").replace(/[ \t\n]+$/, "");
}

/** The cache key of a diagram: FNV-1a (64-bit) of its normalized UTF-8 bytes, 16 hex digits. */
export function cacheKey(source) {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(normalize(source), "utf8")) {
    hash = ((hash ^ BigInt(byte)) * prime) & mask;
  }
  return hash.toString(16).padStart(16, "0");
}

/** Reads all of standard input as JSON: an array of diagrams, or `{ diagrams: [...] }`. */
export async function readStdinJson() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "[]");
  return Array.isArray(value) ? value : value.diagrams ?? [];
}

/** Every ```mermaid block under `contentDir` (CommonMark fences at the top level of a file). */
export function scanContent(contentDir, displayRoot = path.dirname(contentDir)) {
  const diagrams = [];
  for (const file of markdownFiles(contentDir)) {
    const display = path.relative(displayRoot, file).split(path.sep).join("/");
    diagrams.push(...scanMarkdown(fs.readFileSync(file, "utf8"), display));
  }
  return diagrams;
}

function markdownFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(full));
    else if (entry.name.endsWith(".md")) out.push(full);
  }
  return out;
}

/** The Mermaid blocks of one Markdown text. */
export function scanMarkdown(text, display) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const diagrams = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/);
    if (!open) continue;
    const [, indent, fence] = open;
    const body = [];
    let j = i + 1;
    const close = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    for (; j < lines.length && !close.test(lines[j]); j++) {
      body.push(lines[j].replace(new RegExp(`^ {0,${indent.length}}`), ""));
    }
    if (open[3].toLowerCase() === "mermaid") diagrams.push({ path: display, line: i + 1, source: body.join("\n") + "\n" });
    i = j;
  }
  return diagrams;
}
