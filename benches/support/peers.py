#!/usr/bin/env python3
"""Turns the handbook's content/ into an mdBook project and a Hugo project, for side-by-side timing.

Usage: peers.py ROOT OUT   (writes OUT/mdbook and OUT/hugo)
Both get the same chapters, in the same order, with a sidebar of parts and chapters: mdBook
through SUMMARY.md, Hugo through a minimal book-like theme (sidebar menu, prev/next).
"""
import pathlib
import re
import sys

import yaml

root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
config = yaml.safe_load((root / "handbook.yaml").read_text(encoding="utf-8"))


def split(path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def mdbook():
    src = out / "mdbook" / "src"
    src.mkdir(parents=True, exist_ok=True)
    (out / "mdbook" / "book.toml").write_text(
        f'[book]\ntitle = "{config["title"]}"\nlanguage = "vi"\n\n[output.html]\n', encoding="utf-8")
    summary = ["# Summary\n"]
    for part in config["parts"]:
        summary.append(f"\n# {part['title']}\n")
        for chapter in part["chapters"]:
            meta, body = split(root / "content" / chapter)
            name = f"{meta['slug']}.md"
            (src / name).write_text(f"# {meta['title']}\n\n{body}", encoding="utf-8")
            summary.append(f"- [{meta['title']}]({name})\n")
    (src / "SUMMARY.md").write_text("".join(summary), encoding="utf-8")


BASEOF = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<style>body{display:flex;font-family:sans-serif}nav{width:18rem}main{max-width:50rem}</style></head>
<body><nav>{{ range .Site.Menus.main }}<h3>{{ .Name }}</h3><ul>{{ range .Children }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}</ul>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}"""
LIST = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}"""


def hugo():
    site = out / "hugo"
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    menu = []
    weight = 0
    for index, part in enumerate(config["parts"]):
        menu.append(f'[[menu.main]]\nidentifier = "p{index}"\nname = "{part["title"]}"\nweight = {index}\n')
        for chapter in part["chapters"]:
            weight += 1
            meta, body = split(root / "content" / chapter)
            title = meta["title"].replace('"', '\\"')
            front = f'---\ntitle: "{title}"\nweight: {weight}\nmenu:\n  main:\n    parent: "p{index}"\n---\n'
            (site / "content" / "docs").mkdir(parents=True, exist_ok=True)
            (site / "content" / "docs" / f"{meta['slug']}.md").write_text(front + body, encoding="utf-8")
    (site / "config.toml").write_text(
        'baseURL = "/"\nlanguageCode = "vi"\ntitle = "Handbook"\n'
        '[markup.highlight]\nnoClasses = false\n[markup.goldmark.renderer]\nunsafe = true\n' + "".join(menu),
        encoding="utf-8")


mdbook()
hugo()
