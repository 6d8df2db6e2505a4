// Vendors the official Mermaid library: `node vendor.mjs [VERSION]` (default: config.mermaid in
// package.json). Fetches the npm package `mermaid` with `npm pack` (the npm registry, never a
// CDN), checks its integrity, and copies the single-file browser bundle and the licence into
// vendor/, with vendor/VERSION recording what was copied. Then refresh the SVG cache:
// `node render.mjs --force --prune`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
const version = process.argv[2] || pkg.config.mermaid;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mermaid-vendor-"));
try {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", `mermaid@${version}`, "--json", "--pack-destination", tmp], { encoding: "utf8" }),
  )[0];
  const tarball = path.join(tmp, packed.filename);
  const integrity = "sha512-" + createHash("sha512").update(fs.readFileSync(tarball)).digest("base64");
  if (integrity !== packed.integrity) throw new Error(`integrity mismatch: ${integrity} != ${packed.integrity}`);
  execFileSync("tar", ["-xzf", tarball, "-C", tmp, "package/dist/mermaid.min.js", "package/LICENSE"]);
  const vendor = path.join(here, "vendor");
  fs.mkdirSync(vendor, { recursive: true });
  fs.copyFileSync(path.join(tmp, "package/dist/mermaid.min.js"), path.join(vendor, "mermaid.min.js"));
  fs.copyFileSync(path.join(tmp, "package/LICENSE"), path.join(vendor, "LICENSE"));
  const bundle = fs.readFileSync(path.join(vendor, "mermaid.min.js"));
  const sha256 = createHash("sha256").update(bundle).digest("hex");
  fs.writeFileSync(
    path.join(vendor, "VERSION"),
    `mermaid ${packed.version}\nnpm integrity ${packed.integrity}\ndist/mermaid.min.js sha256 ${sha256}\n`,
  );
  console.log(`vendored mermaid ${packed.version} (${bundle.length} bytes) into ${vendor}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
