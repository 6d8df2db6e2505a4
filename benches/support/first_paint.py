#!/usr/bin/env python3
"""Lighthouse (mobile, simulated throttling) on two sites of the same book, side by side.

Usage: first_paint.py LIGHTHOUSE RUNS CHAPTER NAME=DIR NAME=DIR
Serves each DIR with serve.py (gzip, like a static host), then RUNS times, for the home page
(index.html) and CHAPTER, runs Lighthouse on each site in turn (the order alternating, so that
neither always goes first) and prints the medians: first and largest contentful paint, the four
category scores, and the page's weight (bytes transferred, requests).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import serve  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def lighthouse(binary, url, out):
    subprocess.run(
        [binary, url, "--quiet", "--output=json", f"--output-path={out}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")})
    with open(out, encoding="utf-8") as f:
        report = json.load(f)
    audits = report["audits"]
    observed = audits["metrics"]["details"]["items"][0]
    return {
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "observed_fcp": observed["observedFirstContentfulPaint"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
    }


def main():
    binary, runs, chapter, *sites = sys.argv[1:]
    sites = [site.split("=", 1) for site in sites]
    servers = {name: serve(0, folder) for name, folder in sites}
    pages = [("home", "index.html"), ("chapter", chapter)]
    results = {(page, name): [] for page, _ in pages for name, _ in sites}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(int(runs)):
            order = sites if run % 2 == 0 else sites[::-1]
            for page, path in pages:
                for name, _ in order:
                    url = f"http://127.0.0.1:{servers[name].server_port}/{path}"
                    results[(page, name)].append(lighthouse(binary, url, os.path.join(tmp, "r.json")))
                    last = results[(page, name)][-1]
                    print(f"  run {run + 1} {page:7} {name:8} FCP {last['fcp']:.0f} ms, performance {last['performance']}", file=sys.stderr)
    print(f"Lighthouse, mobile, medians of {runs} runs (FCP, LCP in ms; observed: FCP without throttling)")
    print(f"{'page':8} {'site':9} {'FCP':>6} {'LCP':>6} {'obs.FCP':>8} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5} {'bytes':>8} {'req':>4}")
    for (page, name), rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(f"{page:8} {name:9} {med['fcp']:6.0f} {med['lcp']:6.0f} {med['observed_fcp']:8.0f} "
              + " ".join(f"{med[c]:5.0f}" for c in CATEGORIES)
              + f" {med['bytes']:8.0f} {med['requests']:4.0f}")
    for (page, name), rows in results.items():
        print(f"{page} {name}: lowest performance score of the runs {min(r['performance'] for r in rows)}")
    first, second = sites[0][0], sites[1][0]
    for page, _ in pages:
        ours = statistics.median(r["fcp"] for r in results[(page, first)])
        theirs = statistics.median(r["fcp"] for r in results[(page, second)])
        print(f"{page}: FCP median {first} {ours:.0f} ms vs {second} {theirs:.0f} ms: "
              + ("no later" if ours <= theirs else "LATER"))


if __name__ == "__main__":
    main()
