#!/usr/bin/env python3
"""Edit-to-served latency of a dev server, and the mdBook converter used to compare.

  serve_latency.py measure URL FILE [EDITS]   time from writing FILE to the moment an HTTP GET
                                              of URL returns the new text; prints every sample,
                                              then median and p90 in ms
  serve_latency.py mdbook ROOT OUT            writes an mdBook project (book.toml, src/SUMMARY.md,
                                              one file per chapter) from handbook ROOT into OUT;
                                              prints each chapter's source and page, tab-separated
"""
import http.client
import os
import statistics
import sys
import time
import urllib.parse

import yaml


def get(conn_box, host, port, path):
    """GET over a kept-alive connection (re-opened when the server closes it)."""
    for _ in range(2):
        try:
            conn = conn_box[0]
            conn.request("GET", path, headers={"Cache-Control": "no-cache"})
            resp = conn.getresponse()
            return resp.status, resp.read()
        except (http.client.HTTPException, OSError):
            conn_box[0].close()
            conn_box[0] = http.client.HTTPConnection(host, port, timeout=10)
    return 0, b""


def measure(url, path, edits):
    parts = urllib.parse.urlsplit(url)
    box = [http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)]
    original = open(path, encoding="utf-8").read()
    samples = []
    try:
        for i in range(edits):
            time.sleep(0.4)  # let the previous rebuild settle
            marker = f"latency-marker-{os.getpid()}-{i}-{time.monotonic_ns()}"
            text = original + f"\n\nĐoạn sửa {marker}.\n"
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:  # a plain write, as most editors do
                f.write(text)
            needle = marker.encode()
            while True:
                status, body = get(box, parts.hostname, parts.port, parts.path)
                elapsed = time.perf_counter() - start
                if status == 200 and needle in body:
                    break
                if elapsed > 20:
                    raise SystemExit(f"edit {i}: the new text was not served within 20 s")
                time.sleep(0.001)
            samples.append(elapsed * 1000)
            print(f"  edit {i + 1:2}: {elapsed * 1000:7.1f} ms", flush=True)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    samples.sort()
    p90 = samples[max(0, round(0.9 * len(samples)) - 1)]
    print(f"RESULT median={statistics.median(samples):.1f}ms p90={p90:.1f}ms n={len(samples)}")


def split_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]
    return {}, text


def mdbook(root, out):
    config = yaml.safe_load(open(os.path.join(root, "handbook.yaml"), encoding="utf-8"))
    summary = ["# Summary", ""]
    for part in config["parts"]:
        summary += [f"# {part['title']}", ""]
        for rel in part["chapters"]:
            meta, body = split_front_matter(open(os.path.join(root, "content", rel), encoding="utf-8").read())
            target = os.path.join(out, "src", rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write(f"# {meta.get('title', rel)}\n\n{body}")
            summary.append(f"- [{meta.get('title', rel)}]({rel})")
            print(f"{target}\t{rel[:-3]}.html")
        summary.append("")
    with open(os.path.join(out, "src", "SUMMARY.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(summary))
    with open(os.path.join(out, "book.toml"), "w", encoding="utf-8") as f:
        f.write(f'[book]\ntitle = "{config["title"]}"\nlanguage = "vi"\n')


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 20)
    elif sys.argv[1] == "mdbook":
        mdbook(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
