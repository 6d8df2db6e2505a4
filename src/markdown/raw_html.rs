//! Raw HTML in Markdown is passed through as written, by design: the book is written by its
//! authors, and tables, `<details>` or `<kbd>` need it. What can run code in a reader's
//! browser is pointed out instead: `<script>`, `<iframe>`, `<object>`, `<embed>` (and the
//! like), inline event handlers (`onerror=`, `onclick=` …) and `javascript:` (or `vbscript:`,
//! `data:` other than images, `file:`) URLs in attributes, each a `raw-html` warning at its
//! line and column.
//!
//! The scan reads each HTML block and inline tag as it will be published, as the parser hands
//! them over during the one parse of the chapter; comments are skipped.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diag::quote;
use crate::url;

/// Elements that load or run other content.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
];

/// Attributes whose value is a URL that a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "cite",
    "manifest",
];

/// The raw HTML of a chapter, read as the parser's events stream by.
#[derive(Debug, Default)]
pub(crate) struct RawHtml {
    /// The lines of the HTML block being read, as published, each with its range in the body.
    block: Option<Vec<(Range<usize>, String)>>,
    found: Vec<(usize, String)>,
}

impl RawHtml {
    /// Reads the raw HTML of one event of the parse of `body`: a whole HTML block is scanned at
    /// its end, as it is published (without the `> ` or indentation of its containers).
    pub(crate) fn observe(&mut self, event: &Event<'_>, range: &Range<usize>, body: &str) {
        match (event, &mut self.block) {
            (Event::Start(Tag::HtmlBlock), _) => self.block = Some(Vec::new()),
            (Event::Html(text), Some(lines)) => lines.push((range.clone(), text.to_string())),
            (Event::End(TagEnd::HtmlBlock), _) => {
                let lines = self.block.take().unwrap_or_default();
                self.scan_pieces(&lines, body);
            }
            (Event::InlineHtml(text) | Event::Html(text), _) => {
                self.scan_pieces(&[(range.clone(), text.to_string())], body);
            }
            _ => {}
        }
    }

    /// Scans `pieces` as one piece of HTML, placing what it finds back in `body`.
    fn scan_pieces(&mut self, pieces: &[(Range<usize>, String)], body: &str) {
        let html: String = pieces.iter().map(|(_, text)| text.as_str()).collect();
        let mut starts = Vec::with_capacity(pieces.len());
        let mut at = 0;
        for (_, text) in pieces {
            starts.push(at);
            at += text.len();
        }
        for (at, message) in scan(&html) {
            let index = starts.partition_point(|start| *start <= at) - 1;
            let (range, text) = &pieces[index];
            let source = body.get(range.clone()).unwrap_or("");
            let offset = range.start + align(source, text, at - starts[index]);
            self.found.push((offset, message));
        }
    }

    /// Every place found: (byte offset in the body, message).
    pub(crate) fn finish(self) -> Vec<(usize, String)> {
        self.found
    }
}

/// Where byte `at` of `text` stands in `source`, the text it was read from less the marks of
/// its containers (`> `, indentation): the text's characters are found in order.
fn align(source: &str, text: &str, at: usize) -> usize {
    let mut chars = source.char_indices();
    let mut found = 0;
    for (i, wanted) in text.char_indices() {
        match chars.by_ref().find(|&(_, c)| c == wanted) {
            Some((position, _)) => found = position,
            None => return found,
        }
        if i >= at {
            break;
        }
    }
    found
}

/// The places of `html` that can run code: (byte offset, message).
pub(crate) fn scan(html: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        at = start + 1;
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if ACTIVE_ELEMENTS.contains(&lower.as_str()) {
            found.push((start, format!("raw `<{lower}>` element: it loads or runs code in every reader's browser; raw HTML is published as written, so make sure it is meant")));
        }
        at = start + 1 + name_len;
        at = attributes(html, at, &mut found);
    }
    found
}

/// Reads the attributes of a tag from `at` to its `>`, noting handlers and unsafe URLs;
/// returns where the tag ends.
fn attributes(html: &str, mut at: usize, found: &mut Vec<(usize, String)>) -> usize {
    let bytes = html.as_bytes();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' || bytes[at] == b'<' {
            return at;
        }
        let name_start = at;
        while at < bytes.len() && !b" \t\r\n/>=".contains(&bytes[at]) {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = "";
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let (text, end) = attribute_value(html, at);
            value = text;
            at = end;
        }
        if let Some(message) = attribute_problem(&name, value) {
            found.push((name_start, message));
        }
    }
}

/// An attribute value starting at `at` (quoted or not) and where it ends.
fn attribute_value(html: &str, at: usize) -> (&str, usize) {
    let rest = &html[at..];
    match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => match rest[1..].find(quote) {
            Some(end) => (&rest[1..1 + end], at + end + 2),
            None => (&rest[1..], html.len()),
        },
        _ => {
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(rest.len());
            (&rest[..end], at + end)
        }
    }
}

/// Why an attribute can run code, if it can.
fn attribute_problem(name: &str, value: &str) -> Option<String> {
    if name.len() > 2 && name.starts_with("on") {
        return Some(format!(
            "inline event handler `{}=` in raw HTML: it runs script in the reader's browser",
            quote(name)
        ));
    }
    if !URL_ATTRIBUTES.contains(&name) {
        return None;
    }
    let value = decode_references(value);
    let scheme = url::unsafe_scheme(&value)?;
    let image = value
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("data:image/");
    (!(scheme == "data" && image)).then(|| {
        format!(
            "`{scheme}:` URL in the `{}` attribute of raw HTML: it runs code or opens a file of the reader's machine",
            quote(name)
        )
    })
}

/// Decodes the character references a browser decodes in an attribute before reading a URL
/// (`&#106;`, `&#x6A;`, `&colon;`, `&Tab;` …): enough to read its scheme.
fn decode_references(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let (decoded, used) = reference(rest);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference (after its `&`) names, and how many bytes it took before `;`.
fn reference(text: &str) -> (Option<char>, usize) {
    if let Some(number) = text.strip_prefix('#') {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (number, 10, 1),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let c = u32::from_str_radix(&digits[..len.min(8)], radix)
            .ok()
            .and_then(char::from_u32);
        return (c, skip + len);
    }
    let named = [("colon", ':'), ("Tab", '\t'), ("NewLine", '\n')];
    named
        .iter()
        .find(|(name, _)| text.starts_with(name))
        .map_or((None, 0), |(name, c)| (Some(*c), name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(html: &str) -> Vec<(usize, &'static str)> {
        scan(html)
            .into_iter()
            .map(|(at, m)| {
                let kind = if m.contains("element") {
                    "element"
                } else if m.contains("handler") {
                    "handler"
                } else {
                    "url"
                };
                (at, kind)
            })
            .collect()
    }

    #[test]
    fn finds_what_can_run_code() {
        assert_eq!(kinds("<script>alert(1)</script>"), [(0, "element")]);
        assert_eq!(kinds("x <IFRAME src=a>"), [(2, "element")]);
        assert_eq!(kinds("<img src=x onerror=\"alert(1)\">"), [(11, "handler")]);
        assert_eq!(kinds("<img\n src=x\n ONclick='y'>"), [(13, "handler")]);
        assert_eq!(kinds("<a href=\"javascript:alert(2)\">x</a>"), [(3, "url")]);
        assert_eq!(kinds("<a href=\"&#106;avascript&colon;x\">"), [(3, "url")]);
        assert_eq!(kinds("<a href='&#x6A;ava&Tab;script:x'>"), [(3, "url")]);
        assert_eq!(
            kinds("<iframe src=\"data:text/html,x\">"),
            [(0, "element"), (8, "url")]
        );
    }

    /// The byte offsets in `markdown` of what the parse's raw HTML holds.
    fn offsets(markdown: &str) -> Vec<usize> {
        let mut raw = RawHtml::default();
        let parser = pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options());
        for (event, range) in parser.into_offset_iter() {
            raw.observe(&event, &range, markdown);
        }
        raw.finish().into_iter().map(|(at, _)| at).collect()
    }

    #[test]
    fn reads_blocks_as_published_and_places_findings_in_the_source() {
        let text = "Chữ <b onclick=x>đậm</b>.\n\n<div>\n<img src=a\n onerror=b>\n</div>\n";
        assert_eq!(
            offsets(text),
            [text.find("onclick").unwrap(), text.find("onerror").unwrap()]
        );
        let quoted = "> <img src=a\n> onerror=b>\n";
        assert_eq!(offsets(quoted), [quoted.find("onerror").unwrap()]);
        assert!(
            offsets("```html\n<script>x</script>\n```\n").is_empty(),
            "code is text"
        );
    }

    #[test]
    fn leaves_harmless_html_alone() {
        for html in [
            "<details><summary>Xem</summary>nội dung</details>",
            "<kbd>Ctrl</kbd> + <kbd>C</kbd>",
            "<img src=\"data:image/png;base64,AAAA\" alt=\"one\">",
            "<a href=\"https://x.org/?on=1\" data-online=\"yes\">x</a>",
            "<!-- <script>alert(1)</script> -->",
            "a < b and c > d",
            "<on>",
            "<a href=\"x\" title=\"javascript: the language\">",
            "<s h=\"<script>\">",
        ] {
            assert!(scan(html).is_empty(), "{html}: {:?}", scan(html));
        }
    }
}
