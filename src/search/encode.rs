//! The index as the browser reads it: three scripts, each handing its data to
//! `handbookSearchData(key, data)` (defined by `static/assets/js/search.js`).
//!
//! Scripts rather than JSON because `fetch()` of a local file is blocked when the site is opened
//! from disk, while a `<script>` tag still loads (the whole file, then). Over http(s) the client
//! reads only the byte ranges it needs (`Range: bytes=A-B`, which GitHub Pages and `handbook
//! serve` honour), each range being whole JSON values; from a server that sends the whole file
//! instead, it parses what stands between `handbookSearchData("key",` and `);` as JSON. The
//! files, under `assets/search/`:
//!
//! ```text
//! meta.js   {"v":4,"stamp":"hex","lengths":[words.js, text.js],
//!            "shards":"key key …","words":"layout","heads":"layout"}
//! words.js  [shard, …]     shard: {"words":"folded exact exact…\n…","postings":"P,P,…"}
//! text.js   [section, …, head, …]
//!           section: [id, heading, text]
//!           head:    [url, label, title, first section's value, "layout"]
//! ```
//! Both big files are packed ([`Packed`]): one JSON value per line inside a JSON array, so the
//! bytes of value `k` start at `A + size₀ + … + sizeₖ₋₁` and take `sizeₖ - 2` bytes (each value
//! is followed by `,` and a newline, the last by the newline closing the array). A layout is
//! `A size₀ size₁ …` in base-64 VLQ ([`push_vlq`]), half the bytes of a JSON array: the manifest
//! gives the layouts of the shards and of the pages' heads, a head that of its page's sections,
//! which come one after the other. So a result costs its page's head (once) and its section's
//! text, and the number of files does not grow with the book: every file costs a build the time
//! to create it. A shard's key ([`keys`]) is the shortest start of its first word that sorts
//! after the words of the shard before it: it finds the shard of a word as well as the whole
//! first word would, and a word being typed still needs the next shards whose keys it begins.
//!
//! A shard holds the words (all diacritic variants of a folded word together) from its first
//! word to the next shard's. `P` is the term's postings ([`super::postings::best`]), each
//! `Δpage section|Δsection weight` (the section is absolute when the page changes), all numbers
//! in base-64 VLQ ([`push_vlq`]); sections are numbered from 0 in each page.

use super::lexicon::TermName;
use super::page::PageIndex;
use super::postings::{self, Posting};

/// The format version, bumped when the layout changes.
pub const VERSION: u32 = 4;

/// The function each file calls.
pub const CALLBACK: &str = "handbookSearchData";

/// The folder of the index, relative to the site root.
pub const DIR: &str = "assets/search";

/// The digits of the VLQ numbers: 5 bits of value and a continuation bit each. None of them
/// needs escaping in JSON or JavaScript, and `,` separates lists.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `n` in base-64 VLQ, low digits first.
pub fn push_vlq(out: &mut String, mut n: u32) {
    loop {
        let digit = n & 31;
        n >>= 5;
        let more = if n > 0 { 32 } else { 0 };
        out.push(char::from(DIGITS[(digit | more) as usize]));
        if n == 0 {
            break;
        }
    }
}

/// Postings in page order as `Δpage section|Δsection weight` triples.
pub fn push_postings(out: &mut String, postings: &[Posting]) {
    let (mut page, mut section) = (0, 0);
    for p in postings {
        push_vlq(out, p.page - page);
        push_vlq(
            out,
            if p.page == page {
                p.section - section
            } else {
                p.section
            },
        );
        push_vlq(out, u32::from(p.weight));
        (page, section) = (p.page, p.section);
    }
}

/// One term's postings as its shard carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedTerm {
    /// The best postings, encoded.
    pub postings: String,
}

impl EncodedTerm {
    /// Encodes a term's postings (in page order).
    pub fn of(all: &[Posting]) -> Self {
        let best = postings::best(all);
        let mut postings = String::with_capacity(best.len() * 4);
        push_postings(&mut postings, &best);
        EncodedTerm { postings }
    }

    /// The bytes it adds to its shard, with its exact form.
    pub fn size(&self, exact: &str) -> usize {
        exact.len() + self.postings.len() + 2
    }
}

/// The site path of the file with this key (`meta`, `words`, `text`).
pub fn path(key: &str) -> String {
    format!("{DIR}/{key}.js")
}

/// `handbookSearchData("key",data);`
fn script(key: &str, data: &str) -> Vec<u8> {
    let key = json(key);
    // Sized exactly: the index keeps its files, so no byte of slack.
    let mut out = String::with_capacity(CALLBACK.len() + key.len() + data.len() + 5);
    for part in [CALLBACK, "(", &key, ",", data, ");\n"] {
        out.push_str(part);
    }
    out.into_bytes()
}

fn json(value: &(impl serde::Serialize + ?Sized)) -> String {
    serde_json::to_string(value).expect("strings serialise")
}

/// A script whose data is an array of JSON values, one per line, and where each starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// The file.
    pub bytes: Vec<u8>,
    /// The byte at which the first value starts.
    pub start: usize,
    /// Each value's bytes and the two after it (`,` or a newline, then a newline).
    pub sizes: Vec<usize>,
}

impl Packed {
    /// Packs `values` (each one JSON value on one line) into the file with this key.
    pub fn new<'v>(key: &str, values: impl IntoIterator<Item = &'v str>) -> Self {
        let head = opening(key);
        let values: Vec<&str> = values.into_iter().collect();
        // Sized exactly: the file is the largest buffer a build holds.
        let total = head.len() + values.iter().map(|v| Packed::size(v)).sum::<usize>() + 4;
        let mut bytes = Vec::with_capacity(total);
        bytes.extend_from_slice(head.as_bytes());
        let mut sizes = Vec::with_capacity(values.len());
        for value in values {
            if !sizes.is_empty() {
                bytes.extend_from_slice(b",\n");
            }
            bytes.extend_from_slice(value.as_bytes());
            sizes.push(Packed::size(value));
        }
        bytes.extend_from_slice(b"\n]);\n");
        Packed {
            bytes,
            start: head.len(),
            sizes,
        }
    }

    /// The size a value takes in a packed file: its bytes and the two after it.
    pub fn size(value: &str) -> usize {
        value.len() + 2
    }

    /// Where the first value of the file with this key starts, in bytes.
    pub fn start(key: &str) -> usize {
        opening(key).len()
    }

    /// Where value `k` starts, in bytes.
    pub fn offset(&self, k: usize) -> usize {
        self.start + self.sizes[..k].iter().sum::<usize>()
    }

    /// The layout of values `range`: where the first starts, then their sizes.
    fn layout(&self, range: std::ops::Range<usize>) -> String {
        layout(self.offset(range.start), &self.sizes[range])
    }
}

/// `start size…` in base-64 VLQ: where values lie in a packed file.
pub fn layout(start: usize, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(3 * (sizes.len() + 1));
    for n in std::iter::once(&start).chain(sizes) {
        push_vlq(
            &mut out,
            u32::try_from(*n).expect("an index file under 4 GiB"),
        );
    }
    out
}

/// What a packed file starts with: the call and the array's opening.
fn opening(key: &str) -> String {
    format!("{CALLBACK}({},[\n", json(key))
}

/// The manifest: every shard's key ([`keys`]), where the shards and the pages' heads lie in
/// their files (`heads` of them ending `text`), and what tells this version of the two files
/// from another: the stamp of their bytes, which the client puts in the URLs of its ranges so
/// that a browser never mixes ranges cached from an earlier build, and their lengths, which it
/// checks against each answer's `Content-Range` to notice that it holds the manifest of an
/// earlier build (it then loads the manifest again).
pub fn meta(keys: &[&str], words: &Packed, text: &Packed, heads: usize) -> Vec<u8> {
    let all = text.sizes.len();
    let stamp = crate::stamp::of(&(&words.bytes, &text.bytes));
    script(
        "meta",
        &format!(
            "{{\"v\":{VERSION},\"stamp\":\"{stamp:016x}\",\"lengths\":[{},{}],\"shards\":{},\"words\":{},\"heads\":{}}}",
            words.bytes.len(),
            text.bytes.len(),
            json(&keys.join(" ")),
            json(&words.layout(0..words.sizes.len())),
            json(&text.layout(all - heads..all)),
        ),
    )
}

/// A shard: `terms` in order (by folded, then exact form), each with its encoding, as one
/// JSON value.
pub fn shard(terms: &[(&TermName, &EncodedTerm)]) -> String {
    let mut words = String::new();
    let mut postings = String::new();
    let mut folded: Option<&str> = None;
    for (i, (term, encoded)) in terms.iter().enumerate() {
        if folded != Some(term.folded.as_str()) {
            if i > 0 {
                words.push('\n');
            }
            words.push_str(&term.folded);
            folded = Some(&term.folded);
        }
        words.push(' ');
        words.push_str(&term.exact);
        if i > 0 {
            postings.push(',');
        }
        postings.push_str(&encoded.postings);
    }
    format!("{{\"words\":{},\"postings\":\"{postings}\"}}", json(&words))
}

/// The sections of a page as JSON values, `[id, heading, text]` each.
pub fn sections(page: &PageIndex) -> Vec<String> {
    page.sections
        .iter()
        .map(|s| json(&(&s.id, &s.heading, &s.text)))
        .collect()
}

/// A page's head: what its results show of the page, and where its sections are (`first`, the
/// first one's value in `text.js`, at byte `at`; `sizes`, theirs).
pub fn head(page: &PageIndex, first: usize, at: usize, sizes: &[usize]) -> String {
    json(&(
        &page.url,
        &page.label,
        &page.title,
        first,
        layout(at, sizes),
    ))
}

/// Each shard's key, from each shard's first and last folded word (in order): the shortest
/// start of its first word that sorts after the last word of the shard before (the first
/// shard's is empty). A word lies in the last shard whose key sorts at or before it, as it
/// does with the whole first words, which take a quarter more bytes of the manifest.
pub fn keys<'a>(bounds: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<&'a str> {
    let mut before: Option<&str> = None;
    bounds
        .into_iter()
        .map(|(first, last)| {
            let key = before.map_or("", |before| {
                let end = first.char_indices().map(|(i, c)| i + c.len_utf8());
                end.map(|end| &first[..end])
                    .find(|start| *start > before)
                    .unwrap_or(first)
            });
            before = Some(last);
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shards_key_is_the_shortest_start_of_its_first_word_after_the_shard_before() {
        let bounds = [
            ("async", "await"),
            ("awaitable", "bộ"),
            ("cancel", "chờ"),
            ("chờđợi", "δδ"),
            ("δεκα", "ω"),
        ];
        assert_eq!(keys(bounds), ["", "awaita", "c", "chờđ", "δε"]);
    }

    #[test]
    fn a_layout_is_its_start_then_each_size_in_vlq() {
        let packed = Packed::new("text", ["[1]", "\"ab\"", "{}"]);
        let start = Packed::start("text");
        assert_eq!(packed.sizes, [5, 6, 4]);
        assert_eq!(packed.layout(1..3), layout(start + 5, &[6, 4]));
        let mut expected = String::new();
        for n in [start + 5, 6, 4] {
            push_vlq(&mut expected, n as u32);
        }
        assert_eq!(layout(start + 5, &[6, 4]), expected);
        assert_eq!(&packed.bytes[start + 5..start + 5 + 6 - 2], b"\"ab\"");
    }
}
