#!/usr/bin/env python3
"""Derive the repair stage's Vietnamese language tables from the allowed sources.

Sources (see ../../NOTICE, README.md and ../../../shared/docs/ENCODING.md):
  * wordfreq (PyPI, `vi`)            -> unigram frequencies
  * libreoffice-help-vi (Debian)     -> unigram and bigram counts (a held-out slice is kept apart)
  * the handbook's undamaged text    -> in-domain unigram and bigram counts
  * underthesea (PyPI, Apache-2.0)   -> its compound-word list Viet74K.txt: which syllable pairs
                                        are (part of) a Vietnamese word, and which syllables exist

Output: src/repair/data/vi.lm (format described in src/repair/model/table.rs), and the
held-out help pages as plain text (for `cargo run --release --example repair_eval`).

The tokenisation here must match src/repair/words.rs: a word is a maximal run of
alphanumeric characters; the separator between two words on one line is a plain
adjacency when it is only whitespace or `_` (the words of an identifier), a sentence boundary `<s>` when it holds
. ! ? : ; or when the line starts or ends, and a weak boundary `<p>` otherwise.
"""
import argparse
import collections
import glob
import hashlib
import html
import os
import re
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

LOST = {0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD}
BOS, WEAK = "<s>", "<p>"
SENTENCE_PUNCT = set(".!?:;")
HELD_OUT_MODULUS = 10  # one help page in ten is kept out of the tables
WINDOW = 4  # co-occurrence window: words 2..WINDOW places away (neighbours are bigrams)
MIN_CO = 2  # co-occurrences seen fewer times are dropped
UNKNOWN = "\ufffd"  # a lost byte in the handbook: the words holding one are not counted
WORD = re.compile(r"(?:[^\W_]|\ufffd)+")  # a gap is part of its word, as in src/repair/words.rs


def damageable(ch):
    return any(b in LOST for b in ch.encode("utf-8")[1:])


def relevant(word):
    """A lower-case word whose spelling, in some casing, can lose a byte."""
    return any(damageable(c) for c in word + word.upper() + word.title())


def tokenize_line(line):
    """Yield words (lower case) and boundary symbols, like src/repair/words.rs."""
    out = [BOS]
    pos = 0
    for m in WORD.finditer(line):
        sep = line[pos:m.start()]
        if pos > 0:
            if any(c in SENTENCE_PUNCT for c in sep):
                out.append(BOS)
            elif sep.replace("_", " ").strip() != "":  # `_` joins the words of an identifier
                out.append(WEAK)
        out.append(m.group(0).lower())
        pos = m.end()
    out.append(BOS)
    # collapse repeated boundaries
    res = []
    for t in out:
        if t in (BOS, WEAK) and res and res[-1] in (BOS, WEAK):
            if t == BOS:
                res[-1] = BOS
            continue
        res.append(t)
    return res


class Counts:
    def __init__(self):
        self.uni = collections.Counter()
        self.bi = collections.Counter()
        self.followers = collections.Counter()  # distinct followers of each token (Witten-Bell)
        self.seen = set()
        self.co = collections.Counter()  # (relevant word, word 2..WINDOW places away)
        self.tokens = 0

    def add_line(self, line, unknown=None):
        toks = tokenize_line(line)
        self.add_window(toks, unknown)
        for i, t in enumerate(toks):
            if unknown is not None and unknown in t:
                continue
            if i + 1 < len(toks):  # every token but the last is the context of the next
                self.uni[t] += 1
            if t not in (BOS, WEAK):
                self.tokens += 1
            if i > 0:
                p = toks[i - 1]
                if unknown is not None and unknown in p:
                    continue
                if (p, t) not in self.seen:
                    self.seen.add((p, t))
                    self.followers[p] += 1
                if relevant(p) or relevant(t):
                    self.bi[(p, t)] += 1


    def add_window(self, toks, unknown):
        words = [t for t in toks if t not in (BOS, WEAK)]
        for i, w in enumerate(words):
            if not relevant(w) or (unknown is not None and unknown in w):
                continue
            for j in range(max(0, i - WINDOW), min(len(words), i + WINDOW + 1)):
                x = words[j]
                if abs(j - i) >= 2 and (unknown is None or unknown not in x):
                    self.co[(w, x)] += 1


def help_pages(root):
    for f in sorted(glob.glob(os.path.join(root, "**", "*.html"), recursive=True)):
        rel = os.path.relpath(f, root)
        s = open(f, encoding="utf-8").read()
        m = s.find('id="DisplayArea"')
        s = s[s.index(">", m) + 1:] if m >= 0 else s
        s = s.split("Help content debug info")[0]
        s = re.sub(r"<script.*?</script>", "", s, flags=re.S)
        s = re.sub(r"</?(p|h\d|li|td|th|tr|div|br|pre|table)\b[^>]*>", "\n", s)
        s = re.sub(r"<[^>]+>", "", s)
        s = unicodedata.normalize("NFC", html.unescape(s))
        lines = [re.sub(r"[ \t\u00a0]+", " ", l).strip() for l in s.split("\n")]
        yield rel, "\n".join(l for l in lines if l)


def held_out(rel):
    return int(hashlib.sha1(rel.encode()).hexdigest(), 16) % HELD_OUT_MODULUS == 0


def fetch_help(cache):
    root = os.path.join(cache, "lo", "usr", "share", "libreoffice", "help", "vi")
    if os.path.isdir(root):
        return root
    os.makedirs(cache, exist_ok=True)
    subprocess.run(["apt-get", "download", "libreoffice-help-vi"], cwd=cache, check=True)
    deb = glob.glob(os.path.join(cache, "libreoffice-help-vi_*.deb"))[0]
    subprocess.run(["dpkg", "-x", deb, os.path.join(cache, "lo")], check=True)
    return root


UNDERTHESEA = "underthesea==9.5.0"
LEXICON_FILE = "underthesea/corpus/data/Viet74K.txt"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def fetch_lexicon(cache):
    """The compound-word list of the underthesea package (fetched with pip, not installed)."""
    root = os.path.join(cache, "underthesea")
    path = os.path.join(root, LEXICON_FILE)
    if not os.path.exists(path):
        os.makedirs(root, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", root,
                        UNDERTHESEA], check=True)
        wheel = glob.glob(os.path.join(root, "underthesea-*.whl"))[0]
        with zipfile.ZipFile(wheel) as z:
            z.extract(LEXICON_FILE, root)
    return path


def tone_spellings(syllable):
    """Both places of the tone mark in an open syllable ending in oa, oe or uy (`hoả`/`hỏa`):
    the list writes one or the other, the handbook the newer one."""
    d = unicodedata.normalize("NFD", syllable)
    tones = [c for c in d if c in TONES]
    base = "".join(c for c in d if c not in TONES)
    plain = unicodedata.normalize("NFC", base)
    if len(tones) != 1 or not plain.endswith(("oa", "oe", "uy")) or plain.endswith("quy"):
        return {syllable}
    at = len(base) - 2
    out = set()
    for k in (at, at + 1):
        out.add(unicodedata.normalize("NFC", base[:k + 1] + tones[0] + base[k + 1:]))
    return out


def lexicon(path):
    """(syllables, pairs): every syllable of the list, and every two adjacent syllables of an
    entry where either can lose a byte, in lower case, in both tone spellings."""
    syllables, pairs = set(), set()
    for entry in open(path, encoding="utf-8").read().split("\n"):
        words = [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFC", entry.lower())) if w]
        if not all(re.fullmatch(r"[^\W_]+", w) for w in words):
            continue
        spelled = [tone_spellings(w) for w in words]
        for forms in spelled:
            syllables |= forms
        for left, right in zip(spelled, spelled[1:]):
            for a in left:
                for b in right:
                    if relevant(a) or relevant(b):
                        pairs.add((a, b))
    return syllables, pairs


def undamaged_handbook_lines(path):
    """Reverse the cp1254 reading; mark every short sequence with U+FFFD."""
    text = open(path, encoding="utf-8").read()
    raw = text.encode("cp1254")
    return raw.decode("utf-8", errors="replace").split("\n")


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def build(args):
    counts = Counts()
    held = []
    for rel, text in help_pages(fetch_help(args.cache)):
        if held_out(rel):
            held.append((rel, text))
            continue
        for line in text.split("\n"):
            counts.add_line(line)
    lo_tokens = counts.tokens
    if args.handbook and os.path.exists(args.handbook):
        for line in undamaged_handbook_lines(args.handbook):
            counts.add_line(unicodedata.normalize("NFC", line), unknown=UNKNOWN)
    import wordfreq
    wf = {w: wordfreq.word_frequency(w, "vi") for w in wordfreq.top_n_list("vi", 200000)}
    return counts, lo_tokens, wf, held


def write_table(path, counts, lo_tokens, wf, lex):
    co = {k: c for k, c in counts.co.items() if c >= MIN_CO}
    syllables, lex_pairs = lex
    vocab = set()
    for (a, b) in list(counts.bi) + list(co) + list(lex_pairs):
        vocab.add(a)
        vocab.add(b)
    for w in wf:
        if re.fullmatch(r"[^\W_]+", w) and relevant(w):
            vocab.add(w)
    vocab -= {BOS, WEAK}
    words = [BOS, WEAK] + sorted(vocab)
    ids = {w: i for i, w in enumerate(words)}
    out = bytearray(b"VILM\x03")
    out += struct.pack("<IIII", len(words), len(counts.bi), len(co), len(lex_pairs))
    out += struct.pack("<Q", counts.tokens)
    for w in words:
        wb = w.encode("utf-8")
        assert len(wb) < 256
        uni = counts.uni.get(w, 0) + round(wf.get(w, 0.0) * lo_tokens)
        flags = (1 if w in syllables else 0) | (2 if w in wf else 0) | (4 if relevant(w) else 0)
        out += bytes([len(wb)]) + wb + varint(uni) + varint(counts.uni.get(w, 0))
        out += varint(counts.followers.get(w, 0)) + bytes([flags])
    prev = 0
    for key, c in sorted(((ids[a] << 32) | ids[b], c) for (a, b), c in counts.bi.items()):
        out += varint(key - prev) + varint(c)
        prev = key
    prev = 0
    for key, c in sorted(((ids[a] << 32) | ids[b], c) for (a, b), c in co.items()):
        out += varint(key - prev) + varint(c)
        prev = key
    prev = 0
    for key in sorted((ids[a] << 32) | ids[b] for (a, b) in lex_pairs):
        out += varint(key - prev)
        prev = key
    with open(path, "wb") as f:
        f.write(out)
    return len(words), len(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    crate = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(crate, "src", "repair", "data", "vi.lm"))
    ap.add_argument("--handbook", default=os.path.join(crate, "tests", "fixtures", "handbook.raw.md"))
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "handbook-langdata"))
    ap.add_argument("--heldout-dir", default=os.path.join(crate, "target", "langdata", "heldout"))
    args = ap.parse_args()
    counts, lo_tokens, wf, held = build(args)
    lex = lexicon(fetch_lexicon(args.cache))
    n, size = write_table(args.out, counts, lo_tokens, wf, lex)
    os.makedirs(args.heldout_dir, exist_ok=True)
    for rel, text in held:
        name = rel.replace(os.sep, "_").replace(".html", ".txt")
        with open(os.path.join(args.heldout_dir, name), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(f"{args.out}: {n} words, {len(counts.bi)} bigrams, "
          f"{sum(1 for c in counts.co.values() if c >= MIN_CO)} co-occurrences, "
          f"{len(lex[1])} compound pairs, {size} bytes; "
          f"{len(held)} held-out pages in {args.heldout_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
