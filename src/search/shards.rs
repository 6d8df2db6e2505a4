//! Where the sorted list of words is cut into shards, and what each shard file is called.
//!
//! Input: the terms in order (folded, then exact form) with their encodings; [`plan`] groups
//! them by folded word and [`cut`] cuts the words, each with the bytes its terms take in a
//! shard, into [`Span`]s of about [`TARGET`] bytes. A shard is cut after a word whose hash says so once the
//! shard holds [`MIN`] bytes, or before a word that would take it over [`MAX`]: the cuts depend
//! on the words around them, not on their position in the book, so an edit that changes a few
//! words moves at most the cuts next to them and leaves the other shards' bytes alone. The
//! variants of a folded word never straddle a cut, so a query word needs one shard; a word being
//! typed also needs the next shards that start with it (the words it begins).
//!
//! The size was chosen with the fragments' ([`super::page::CHUNK_BYTES`]) by measurement on
//! the handbook and on books ten times its size (`benches/search.sh`), weighing what ten first
//! searches download against the files a build writes (each costs about 0.3 ms to create on
//! the machines the project is measured on):
//!
//! | fragments / shards | index files | bytes per first search | ten times the book |
//! |---|---|---|---|
//! | 2 KB / 4 KB | 414 | 27 KB | 1.00, 1.07 times |
//! | 6 KB / 8 KB | 155 | 64 KB | 1.17, 1.09 times |
//! | 8 KB / 8 KB | 124 | 75 KB | 1.04, 1.17 times |
//! | 8 KB / 16 KB | 110 | 87 KB | 1.03, 1.18 times |
//!
//! The first made `handbook build` about 45 % slower; the third, about 10 %.

use std::ops::Range;

use super::encode::EncodedTerm;
use super::lexicon::TermName;

/// The size a shard aims at, in bytes.
pub const TARGET: usize = 8 * 1024;
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

/// The file name of a shard starting with `word`: the 32-bit FNV-1a hash of its UTF-8 bytes in
/// hex, which the browser computes too, so the manifest need not list names.
pub fn default_name(word: &str) -> String {
    let hash = word.bytes().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

/// The file names of shards starting with `firsts`: [`default_name`], so a shard keeps its name
/// while its first word stays, whatever comes before it; a repeated hash gets a suffix.
pub fn names(firsts: &[&str]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    firsts
        .iter()
        .map(|word| {
            let base = default_name(word);
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            name
        })
        .collect()
}

/// A shard as cut: its file name, its terms and its first and last folded words.
pub struct Planned {
    /// The file name ([`names`]).
    pub name: String,
    /// Its terms, as indices into the list cut.
    pub range: Range<usize>,
    /// Its first and last folded words.
    pub bounds: (String, String),
}

impl Planned {
    /// Its name, when the manifest must give it: when it is not [`default_name`].
    pub fn listed_name(&self) -> Option<&str> {
        (self.name != default_name(&self.bounds.0)).then_some(self.name.as_str())
    }
}

/// Cuts `terms` into shards and names them.
pub fn plan(terms: &[(&TermName, &EncodedTerm)]) -> Vec<Planned> {
    let words = folded_words(terms);
    let spans = cut(words.iter().map(|w| {
        let name = terms[w.start].0;
        let bytes: usize = terms[w.clone()].iter().map(|(n, e)| e.size(&n.exact)).sum();
        (name.folded.as_str(), name.folded.len() + bytes)
    }));
    let ranges: Vec<Range<usize>> = spans
        .iter()
        .map(|s| words[s.start].start..words[s.end - 1].end)
        .collect();
    let firsts: Vec<&str> = ranges
        .iter()
        .map(|r| terms[r.start].0.folded.as_str())
        .collect();
    let names = names(&firsts);
    ranges
        .into_iter()
        .zip(names)
        .map(|(range, name)| Planned {
            bounds: (
                terms[range.start].0.folded.clone(),
                terms[range.end - 1].0.folded.clone(),
            ),
            name,
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

    #[test]
    fn names_are_unique_and_follow_the_first_word() {
        assert_eq!(default_name("a"), "e40c292c", "FNV-1a of \"a\"");
        let names = names(&["a", "b", "a"]);
        assert_eq!(names[0].len(), 8);
        assert_ne!(names[0], names[1]);
        assert_eq!(names[2], format!("{}-2", names[0]));
    }
}
