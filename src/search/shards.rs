//! Where the sorted list of words is cut into shards.
//!
//! Input: the terms in order (folded, then exact form) with their encodings; [`plan`] groups
//! them by folded word and [`cut`] cuts the words, each with the bytes its terms take in a
//! shard, into [`Span`]s of about [`TARGET`] bytes. A shard is cut after a word whose hash says
//! so once the shard holds [`MIN`] bytes, or before a word that would take it over [`MAX`]: the
//! cuts depend on the words around them, not on their position in the book, so an edit that
//! changes a few words moves at most the cuts next to them and leaves the other shards alone.
//! The variants of a folded word never straddle a cut, so a query word needs one shard; a word
//! being typed also needs the next shards that start with it (the words it begins).
//!
//! Shards are byte ranges of one file ([`super::encode`]), so their number costs a build
//! nothing; it costs the manifest, which lists each shard's key and size and which every first
//! search loads. A word being typed reads a shard at each keystroke that leaves the one before,
//! so smaller shards read fewer bytes, until the manifest outweighs them: with each term's best
//! 128 postings, ten queries typed letter by letter read 751 KB on the handbook with shards of
//! 8 KB, 619 KB with 2 KB and 599 KB with 1 KB, whose manifest (3 KB, and 10 KB on a book ten
//! times larger, loaded by every first search) costs more than it saves there.

use std::ops::Range;

use super::encode::EncodedTerm;
use super::lexicon::TermName;

/// The size a shard aims at, in bytes.
pub const TARGET: usize = 2 * 1024;
/// A shard is not cut before it holds this many bytes…
pub const MIN: usize = TARGET * 4 / 5;
/// …and always before it would hold more than this (unless one word is larger).
pub const MAX: usize = TARGET * 6 / 5;
/// Past [`MIN`], a shard is cut after one word in this many (by its hash).
const CUT_ONE_IN: u64 = 8;

/// One shard: the words `start..end` of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first word's index.
    pub start: usize,
    /// One past the last word's index.
    pub end: usize,
}

/// Cuts `words` (`(folded word, bytes)` in order) into shards.
pub fn cut<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> Vec<Span> {
    let words: Vec<(&str, usize)> = words.into_iter().collect();
    let mut spans = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, &(word, bytes)) in words.iter().enumerate() {
        if size > 0 && size + bytes > MAX {
            spans.push(Span { start, end: i });
            (start, size) = (i, 0);
        }
        size += bytes;
        if size >= MIN && fnv1a(word).is_multiple_of(CUT_ONE_IN) {
            spans.push(Span { start, end: i + 1 });
            (start, size) = (i + 1, 0);
        }
    }
    if start < words.len() {
        spans.push(Span {
            start,
            end: words.len(),
        });
    }
    spans
}

/// A shard as cut: its terms and its first and last folded words.
pub struct Planned {
    /// Its terms, as indices into the list cut.
    pub range: Range<usize>,
    /// Its first and last folded words.
    pub bounds: (String, String),
}

/// Cuts `terms` into shards.
pub fn plan(terms: &[(&TermName, &EncodedTerm)]) -> Vec<Planned> {
    let words = folded_words(terms);
    let spans = cut(words.iter().map(|w| {
        let name = terms[w.start].0;
        let bytes: usize = terms[w.clone()].iter().map(|(n, e)| e.size(&n.exact)).sum();
        (name.folded.as_str(), name.folded.len() + bytes)
    }));
    spans
        .iter()
        .map(|s| words[s.start].start..words[s.end - 1].end)
        .map(|range| Planned {
            bounds: (
                terms[range.start].0.folded.clone(),
                terms[range.end - 1].0.folded.clone(),
            ),
            range,
        })
        .collect()
}

/// The runs of terms sharing a folded word, as ranges of `terms`.
fn folded_words(terms: &[(&TermName, &EncodedTerm)]) -> Vec<Range<usize>> {
    let mut words: Vec<Range<usize>> = Vec::new();
    for (i, (name, _)) in terms.iter().enumerate() {
        match words.last_mut() {
            Some(run) if terms[run.start].0.folded == name.folded => run.end = i + 1,
            _ => words.push(i..i + 1),
        }
    }
    words
}

/// Whether a word of `dirty` (sorted) lies within `bounds` (first and last folded word).
pub fn dirty_within(dirty: &[String], bounds: &(String, String)) -> bool {
    let at = dirty.partition_point(|w| w < &bounds.0);
    dirty.get(at).is_some_and(|w| w <= &bounds.1)
}

/// 64-bit FNV-1a: small, and stable across Rust versions and platforms.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> Vec<(String, usize)> {
        (0..n)
            .map(|i| (format!("word{i:05}"), 50 + i % 70))
            .collect()
    }

    fn spans(words: &[(String, usize)]) -> Vec<Span> {
        cut(words.iter().map(|(w, b)| (w.as_str(), *b)))
    }

    #[test]
    fn shards_cover_every_word_once_within_the_size_bounds() {
        let list = words(3000);
        let spans = spans(&list);
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans.last().unwrap().end, list.len());
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for span in &spans[..spans.len() - 1] {
            let size: usize = list[span.start..span.end].iter().map(|w| w.1).sum();
            assert!((MIN..=MAX).contains(&size), "{span:?} holds {size} bytes");
        }
    }

    #[test]
    fn an_edit_moves_only_the_cuts_next_to_the_words_it_touches() {
        let list = words(3000);
        let mut edited = list.clone();
        // An edit adds a few postings to a handful of words: a few bytes each.
        for (i, grown) in [(100, 9), (1500, 30), (1501, 4), (2600, 12)] {
            edited[i].1 += grown;
        }
        let (before, after) = (spans(&list), spans(&edited));
        let moved = after.iter().filter(|s| !before.contains(s)).count();
        assert!(
            moved <= 4,
            "{moved} of {} shards changed their words",
            after.len()
        );
    }
}
