#!/usr/bin/env python3
"""Score the best-unigram baseline on clean texts damaged as ENCODING.md describes.

ENCODING.md gives one reference point: filling each gap with the most frequent word (wordfreq,
`vi`) restores about 96.6 % of the lost bytes of real technical text. This script measures that
baseline, with casing kept consistent, on any of our test sets, so that `repair_eval`'s figures
can be read against it: a set on which the baseline does badly is a hard set, not a weak model.

For each word holding a character that the damage shortens, every way to fill its gaps is tried;
the winner is, in order of preference:
  1. Latin letters only (a gap in a word is never filled with, say, an Ethiopic letter);
  2. casing consistent with the word (lower case, or a capital first letter, or all capitals
     when the word's other letters, at least two, are all capitals);
  3. the highest wordfreq frequency of its lower-case form;
  4. lower case on ties.

    pip install wordfreq
    python3 tools/langdata/unigram_baseline.py tests/fixtures/repair/independent ...

Each argument is a directory of clean UTF-8 files; one line per directory:
lost bytes, restored exactly, the percentage.
"""
import itertools
import os
import re
import sys

from wordfreq import word_frequency

LOST = {0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD}
TOKEN = re.compile(r"\w+|\W")


def shortened(ch):
    """The character's UTF-8 bytes without the first byte the damage drops, or None."""
    b = ch.encode("utf-8")
    for i, byte in enumerate(b):
        if byte in LOST:
            return b[:i] + b[i + 1 :]
    return None


def fillings():
    """Every shortened byte string, mapped to the characters that shorten to it."""
    out = {}
    for cp in [*range(0x80, 0xD800), *range(0xE000, 0x20000)]:
        b = chr(cp).encode("utf-8")
        for i, byte in enumerate(b):
            if byte in LOST:
                out.setdefault(b[:i] + b[i + 1 :], set()).add(chr(cp))
    return out


def is_latin(ch):
    return ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF


def best_filling(word, gaps, options):
    """The word as the baseline fills it."""
    others = [c for i, c in enumerate(word) if i not in gaps and c.isalpha()]
    all_caps = len(others) >= 2 and all(c.isupper() for c in others)

    def rank(chars):
        filled = list(word)
        for i, c in zip(gaps, chars):
            filled[i] = c
        filled = "".join(filled)
        if all_caps:
            cased = filled == filled.upper()
        else:
            cased = filled in (filled.lower(), filled[:1].upper() + filled[1:].lower())
        latin = all(map(is_latin, chars)) or not word.isalpha()
        lower = sum(c.islower() for c in chars)
        return (latin, cased, word_frequency(filled.lower(), "vi"), lower), filled

    return max(map(rank, itertools.product(*options)))[1]


def score(directory, table):
    lost = restored = 0
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            text = f.read()
        for m in TOKEN.finditer(text):
            word = m.group()
            gaps = [i for i, c in enumerate(word) if shortened(c) is not None]
            if not gaps:
                continue
            options = [sorted(table[shortened(word[i])]) for i in gaps]
            filled = best_filling(word, gaps, options)
            lost += len(gaps)
            restored += sum(filled[i] == word[i] for i in gaps)
    return lost, restored


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    table = fillings()
    for directory in sys.argv[1:]:
        lost, restored = score(directory, table)
        print(f"{directory}: {lost} lost bytes, {restored} restored ({100 * restored / max(lost, 1):.2f} %)")


if __name__ == "__main__":
    main()
