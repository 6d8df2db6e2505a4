#!/usr/bin/env python3
"""For each word the repair gets wrong, what the allowed sources say about it.

The repair's remaining errors are words where two real syllables fit a gap (`gọi`/`gửi`,
`tọa`/`tỏa`, `họ`/`hề`). This script asks, for each of them, whether any source that
ENCODING.md allows holds evidence for the right word over the chosen one:

  * a bigram with the left or the right neighbour (the help pages, the handbook's undamaged text),
    or a pair of the compound-word list (underthesea's Viet74K.txt);
  * a co-occurrence with a word 2 to 4 places away (the same sources, pairs seen at least twice,
    as the table keeps them);
  * the unigram frequency (wordfreq).

An error with no bigram or co-occurrence for the right word, whose unigram favours the chosen one,
is one the allowed data cannot decide for the right word: any model built from it has to guess
against its prior there. The count of such errors bounds from below what a repair built on these
sources alone can reach.

    cargo build --release && python3 tools/langdata/handbook_reference.py
    python3 tools/langdata/evidence_audit.py target/langdata/handbook-reference tests/fixtures/repair/independent

Each file is damaged as ENCODING.md describes and repaired by `target/release/handbook repair`;
its words are compared with the original's, line by line.
"""
import argparse
import collections
import glob
import os
import subprocess
import sys

import build_tables as tables
from handbook_reference import damage

Error = collections.namedtuple("Error", "path line want got left right around")


def errors_in(path, binary):
    clean = open(path, encoding="utf-8").read()
    damaged = damage(clean)
    repaired = subprocess.run([binary, "repair", "-"], input=damaged.encode(), capture_output=True,
                              check=True).stdout.decode()
    found = []
    for n, (want_line, got_line) in enumerate(zip(clean.split("\n"), repaired.split("\n")), 1):
        if want_line == got_line:
            continue
        want, got = tables.tokenize_line(want_line), tables.tokenize_line(got_line)
        if len(want) != len(got):
            continue
        words = [t for t in want if t not in (tables.BOS, tables.WEAK)]
        wi = 0
        for i, (w, g) in enumerate(zip(want, got)):
            if w not in (tables.BOS, tables.WEAK):
                wi += 1
            if w == g:
                continue
            around = words[max(0, wi - 1 - tables.WINDOW):max(0, wi - 2)] + words[wi + 1:wi + tables.WINDOW]
            found.append(Error(path, n, w, g, want[i - 1], want[i + 1], around))
    return found


def verdict(e, counts, wf, compounds):
    def compound(w):
        return int((e.left, w) in compounds) + int((w, e.right) in compounds)
    lex_want, lex_got = compound(e.want), compound(e.got)
    bigram_want = counts.bi[(e.left, e.want)] + counts.bi[(e.want, e.right)]
    bigram_got = counts.bi[(e.left, e.got)] + counts.bi[(e.got, e.right)]
    co_want = sum(counts.co[(e.want, x)] for x in e.around if counts.co[(e.want, x)] >= tables.MIN_CO)
    co_got = sum(counts.co[(e.got, x)] for x in e.around if counts.co[(e.got, x)] >= tables.MIN_CO)
    prior = "chosen" if wf.get(e.got, 0) > wf.get(e.want, 0) else "right"
    if bigram_want == 0 and co_want == 0 and lex_want == 0:
        kind = "no evidence for the right word" + (", prior against it" if prior == "chosen" else "")
    elif bigram_want > bigram_got or lex_want > lex_got:
        kind = "a bigram or the compound list favours the right word"
    else:
        kind = "some evidence for the right word"
    return kind, bigram_want, bigram_got, co_want, co_got, lex_want, lex_got


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    crate = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="clean files or folders of them")
    ap.add_argument("--binary", default=os.path.join(crate, "target", "release", "handbook"))
    ap.add_argument("--handbook", default=os.path.join(crate, "tests", "fixtures", "handbook.raw.md"))
    ap.add_argument("--cache", default=os.path.join(tables.tempfile.gettempdir(), "handbook-langdata"))
    ap.add_argument("--list", action="store_true", help="print every error with its evidence")
    args = ap.parse_args()
    # The counts the table is built from, before it keeps only some of them.
    counts, _, wf, _ = tables.build(args)
    _, compounds = tables.lexicon(tables.fetch_lexicon(args.cache))
    for root in args.paths:
        files = [root] if os.path.isfile(root) else sorted(
            glob.glob(os.path.join(root, "**", "*.md"), recursive=True)
            + glob.glob(os.path.join(root, "**", "*.txt"), recursive=True))
        errors = [e for f in files for e in errors_in(f, args.binary)]
        kinds = collections.Counter()
        for e in errors:
            kind, bw, bg, cw, cg, lw, lg = verdict(e, counts, wf, compounds)
            kinds[kind] += 1
            if args.list:
                print(f"{e.path}:{e.line}: {e.left} [{e.want}→{e.got}] {e.right}: {kind} "
                      f"(bigrams {bw} vs {bg}, near {cw} vs {cg}, compound pairs {lw} vs {lg})")
        print(f"{root}: {len(errors)} wrong words")
        for kind, n in kinds.most_common():
            print(f"  {n:4}  {kind}")


if __name__ == "__main__":
    sys.exit(main())
