#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the project's own files (chapters, handbook.yaml, the
repair fixtures) and the inputs of issue reports. Run once before the first fuzz run; the
corpus that fuzzing grows is then kept minimized with `cargo fuzz cmin`."""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def pieces(text, size=1500, count=4):
    for start in range(0, min(len(text), size * count), size):
        yield text[start:start + size]


chapters = sorted((ROOT / "content").rglob("*.md"))[::5]
for chapter in chapters:
    text = chapter.read_text()
    put("front_matter", text[:600])
    body = text.split("\n---\n", 1)[-1]
    for piece in pieces(body):
        put("markdown", piece)
        put("search", piece[:500])
for fixture in sorted((ROOT / "tests/fixtures/check").rglob("*.md"))[:12]:
    put("front_matter", fixture.read_bytes()[:800])
for damaged in sorted((ROOT / "tests/fixtures/repair").rglob("*"))[:40]:
    if damaged.is_file():
        put("repair", damaged.read_bytes()[:1500])
put("config", (ROOT / "handbook.yaml").read_bytes())
put("config", "title: x\nbase_url: 'javascript:alert(1)//'\nparts:\n- title: a\n  chapters: [../x.md, a.md, a.md]\n")
for markdown in [
    '## Y {#a"onmouseover="alert(1)}\n\n## K {#khoa}\n\n## K2 {#khoa}\n',
    "[e](../handbook.yaml) [j](javascript:alert(1)) ![i](data:image/png;base64,AA)\n",
    '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\nx <a href="&#106;avascript:x">y</a>\n',
    "```python\nx = 1\n```\n\n```mermaid\ngraph TD; A-->B\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
]:
    put("markdown", markdown)
for path in ["/", "/a.html", "/../Cargo.toml", "/%2e%2e/x", "/sub/a%20b.html", "/a//b", "/%c0%ae/x", "/assets/"]:
    put("serve_path", path)
for pair in ["a/b.html\n../c.html#x", "a.html\n../../../etc/hosts", "x.html\nhttps://me.github.io/sổ-tay/", "a.html\n./d%20e.png?v=1"]:
    put("url", pair)
