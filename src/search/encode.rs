//! The index as the browser reads it: small scripts, each handing its data to
//! `handbookSearchData(key, data)` (defined by `static/assets/js/search.js`).
//!
//! Scripts rather than JSON because `fetch()` of a local file is blocked when the site is opened
//! from disk, while a `<script>` tag still loads. Over http(s) the client fetches them and parses
//! what stands between `handbookSearchData("key",` and `);` as JSON, so `data` is always JSON.
//! The files, under `assets/search/`:
//!
//! ```text
//! meta.js        {"v":2,"shards":[first folded word | [first folded word, name], …]}
//! w/NAME.js      {"words":"folded exact exact…\n…","postings":"P,P,…"}  one P per exact term
//! f/P-C.js       [url, label, title, [[id, heading, text], …]]      fragment C of page P
//! ```
//! A shard holds the words (all diacritic variants of a folded word together) from its first
//! word to the next shard's; its file is named after its first word
//! ([`super::shards::default_name`]) unless the manifest gives another name. `P` is the term's
//! postings ([`super::postings::best`]), each `Δpage section|Δsection weight` (the section is
//! absolute when the page changes), all numbers in base-64 VLQ ([`push_vlq`]). Section number `n` is slot
//! `n % 16` of fragment `n / 16` of its page ([`super::page::section_number`]).

use super::lexicon::TermName;
use super::page::PageIndex;
use super::postings::{self, Posting};

/// The format version, bumped when the layout changes.
pub const VERSION: u32 = 2;

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

/// The site path of the file with this key (`meta`, `w/NAME`, `f/3-12`).
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

/// The manifest: every shard's first folded word, with its file name when that is not the
/// default one ([`super::shards::Planned::listed_name`]).
pub fn meta(shards: &[(&str, Option<&str>)]) -> Vec<u8> {
    let listed: Vec<serde_json::Value> = shards
        .iter()
        .map(|(first, name)| match name {
            None => serde_json::json!(first),
            Some(name) => serde_json::json!([first, name]),
        })
        .collect();
    script(
        "meta",
        &format!("{{\"v\":{VERSION},\"shards\":{}}}", json(&listed)),
    )
}

/// A shard: `terms` in order (by folded, then exact form), each with its encoding.
pub fn shard(key: &str, terms: &[(&TermName, &EncodedTerm)]) -> Vec<u8> {
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
    let data = format!("{{\"words\":{},\"postings\":\"{postings}\"}}", json(&words));
    script(key, &data)
}

/// The key of fragment `chunk` of page `page`.
pub fn fragment_key(page: usize, chunk: usize) -> String {
    format!("f/{page}-{chunk}")
}

/// The sections of one fragment, with what their results show of the page.
pub fn fragment(page_index: usize, page: &PageIndex, chunk: usize) -> Vec<u8> {
    let sections: Vec<(&str, &str, &str)> = page.sections[page.chunks[chunk].clone()]
        .iter()
        .map(|s| (s.id.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect();
    let data = (&page.url, &page.label, &page.title, sections);
    script(&fragment_key(page_index, chunk), &json(&data))
}
