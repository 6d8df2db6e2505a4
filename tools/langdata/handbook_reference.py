#!/usr/bin/env python3
"""Rebuild the handbook as one file in its proofread reading, to measure the repair on it.

The handbook's chapters in content/ were repaired by `handbook repair` and then proofread by hand
(every gọi/gửi, every low-confidence fix). This script puts that reading back into the shape of
the damaged seed, line for line, so that `repair_eval` can score the repair of the whole seed:

  * a damaged seed line whose text (headings aside) is the damaged form of a content line takes
    that content line;
  * any other line (headings the import lifted, lines edited after the import, front matter)
    takes what `handbook repair` makes of it: errors there cannot be seen.

It checks that damaging the result gives the seed back byte for byte, so that the reading can
differ from the seed only at the lost bytes.

    cargo build --release
    python3 tools/langdata/handbook_reference.py
    cargo run --release --example repair_eval -- target/langdata/handbook-reference --errors 60

The figure is an upper bound: a wrong word that the proofreading missed counts as right.
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys


def damage(text):
    """ENCODING.md's damage: UTF-8 read as cp1254, undefined bytes and the soft hyphen dropped."""
    return text.encode("utf-8").decode("cp1254", errors="ignore").replace("\u00ad", "")


def split_heading(line):
    """(prefix of heading marks and spaces, the rest): the import changes heading levels."""
    m = re.match(r"^(\s*-?#*\s*)(.*)$", line)
    return m.group(1), m.group(2)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    crate = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", default=os.path.join(crate, "tests", "fixtures", "handbook.raw.md"))
    ap.add_argument("--content", default=os.path.join(crate, "content"))
    ap.add_argument("--handbook", default=os.path.join(crate, "target", "release", "handbook"))
    ap.add_argument("--out", default=os.path.join(crate, "target", "langdata", "handbook-reference", "handbook.md"))
    args = ap.parse_args()

    seed = open(args.seed, encoding="utf-8").read()
    run = subprocess.run([args.handbook, "repair", "--report", "--json", args.seed],
                         capture_output=True, text=True, check=True)
    repaired = run.stdout
    restored = collections.Counter(f["line"] for f in json.loads(run.stderr) if f.get("restored"))
    readings = collections.defaultdict(set)
    for path in sorted(glob.glob(os.path.join(args.content, "**", "*.md"), recursive=True)):
        for line in open(path, encoding="utf-8").read().split("\n"):
            body = split_heading(line)[1]
            readings[damage(body)].add(body)

    out, taken, unseen = [], 0, 0
    for number, (raw, rep) in enumerate(zip(seed.split("\n"), repaired.split("\n")), start=1):
        prefix, body = split_heading(raw)
        found = readings.get(body, set())
        if raw != rep and len(found) == 1:
            out.append(prefix + next(iter(found)))
            taken += 1
        else:
            out.append(rep)
            unseen += restored[number]
    reference = "\n".join(out)
    if damage(reference) != seed:
        sys.exit("the reading does not damage back into the seed: content/ and the seed disagree")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(reference)
    print(f"{args.out}: {taken} repaired lines read from content/; "
          f"{unseen} of {sum(restored.values())} lost bytes are in lines taken from the repair itself",
          file=sys.stderr)


if __name__ == "__main__":
    main()
