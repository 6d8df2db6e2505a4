//! The index as the browser reads it: compact JSON inside a script.
//!
//! ```text
//! {"v":1,
//!  "pages":    [[url, label, title], …],
//!  "sections": [[page, id, heading, text], …],
//!  "terms":    "term\nterm\n…",                 exact forms, sorted by folded then exact form
//!  "postings": [[Δsection, weight, Δsection, weight, …], …]   one list per term
//! }
//! ```
//! `Δsection` is the gap from the previous section of the same list (the first is absolute);
//! `weight` is `count × 4 + 2 × in_heading + in_prose`. Terms never hold whitespace, so one
//! string joined by newlines is smaller than an array of strings.

use serde::Serialize;

use super::index::{Index, Posting};

/// The format version, bumped when the layout changes.
pub const VERSION: u32 = 1;

/// The global the script assigns.
pub const GLOBAL: &str = "HANDBOOK_SEARCH_INDEX";

/// The index as JSON.
pub fn json(index: &Index) -> String {
    let (head, tail) = rayon::join(|| json_head(index), || json_tail(index));
    head + &tail
}

/// `{"v":…,"pages":…,"sections":…`: the text, the larger half.
fn json_head(index: &Index) -> String {
    let pages: Vec<(&str, &str, &str)> = index
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.label.as_str(), p.title.as_str()))
        .collect();
    let sections: Vec<(u32, &str, &str, &str)> = index
        .sections
        .iter()
        .map(|s| (s.page, s.id.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect();
    format!(
        "{{\"v\":{VERSION},\"pages\":{},\"sections\":{}",
        to_json(&pages),
        to_json(&sections)
    )
}

/// `,"terms":…,"postings":…}`; the postings, a hundred thousand small numbers, are written
/// directly.
fn json_tail(index: &Index) -> String {
    let terms: Vec<&str> = index.terms.iter().map(|t| t.exact.as_str()).collect();
    let mut out = String::with_capacity(index.terms.len() * 16 + 8 * postings_len(index));
    out.push_str(",\"terms\":");
    out.push_str(&to_json(&terms.join("\n")));
    out.push_str(",\"postings\":[");
    for (i, term) in index.terms.iter().enumerate() {
        out.push_str(if i == 0 { "[" } else { ",[" });
        let mut previous = 0;
        for (j, p) in term.postings.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_number(&mut out, p.section - previous);
            out.push(',');
            push_number(&mut out, weight(p));
            previous = p.section;
        }
        out.push(']');
    }
    out.push_str("]}");
    out
}

fn postings_len(index: &Index) -> usize {
    index.terms.iter().map(|t| t.postings.len()).sum()
}

fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the index serialises")
}

/// The index as a script that assigns it to `window.HANDBOOK_SEARCH_INDEX`. The JSON goes
/// through `JSON.parse` of a string literal, which browsers parse faster than an object literal.
pub fn script(index: &Index) -> String {
    let (head, tail) = rayon::join(
        || string_body(&json_head(index)),
        || string_body(&json_tail(index)),
    );
    format!("window.{GLOBAL}=JSON.parse(\"{head}{tail}\");\n")
}

/// `json` as the inside of a JavaScript string literal. JSON holds no raw line breaks or control
/// characters (its strings escape them), so only `\` and `"` need escaping; U+2028 and U+2029
/// are allowed in string literals since ES2019.
fn string_body(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    let mut run = 0;
    for (i, b) in json.bytes().enumerate() {
        if b == b'\\' || b == b'"' {
            // `i` is an ASCII byte, so a character boundary.
            out.push_str(&json[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&json[run..]);
    out
}

/// `count × 4 + 2 × in_heading + in_prose`.
pub fn weight(p: &Posting) -> u32 {
    p.count * 4 + 2 * u32::from(p.in_heading) + u32::from(p.in_prose)
}
