//! Live reload: the script the served pages run, where it is served, and what it is told.
//!
//! `GET {base}__handbook/events` ([`super::http`]) streams: `hello` on connect (the current
//! build id, and the error report if the last rebuild failed), `reload` after a new build is
//! swapped in (with the paths that changed) and `build-error` when a rebuild fails. The script
//! (`livereload.js`, served at `{base}__handbook/livereload.js`) is added to HTML responses by
//! [`inject`] when a build is published; `handbook build` never contains it.

use crate::diag::{Diagnostic, Severity};

/// The client script.
pub(super) const SCRIPT: &str = include_str!("livereload.js");

/// Where the SSE endpoint and the script live, under the base path.
pub(super) const EVENTS: &str = "__handbook/events";
/// See [`EVENTS`].
pub(super) const SCRIPT_PATH: &str = "__handbook/livereload.js";

/// Adds the live-reload `<script>` before the last `</body>` (or at the end).
pub(super) fn inject(html: &[u8], base: &str, build: &str, page: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base}{SCRIPT_PATH}\" data-base=\"{base}\" data-build=\"{build}\" data-page=\"{}\"></script>",
        crate::html::escape(page)
    );
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The overlay's JSON: `{"diagnostics": ["path:line:col: error: …", …]}`, errors first.
pub(super) fn failure_json(diagnostics: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    let lines: Vec<String> = sorted.iter().map(ToString::to_string).collect();
    serde_json::json!({ "diagnostics": lines }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end_tag() {
        let out = inject(
            b"<html><body><p>x</p></BODY></html>",
            "/sub/",
            "b1",
            "a.html",
        );
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("<html><body><p>x</p><script src=\"/sub/__handbook/livereload.js\""),
            "{out}"
        );
        assert!(
            out.ends_with("data-page=\"a.html\"></script></BODY></html>"),
            "{out}"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", "/", "b", "p.html")).unwrap();
        assert!(bare.starts_with("<p>x</p><script"));
    }

    #[test]
    fn failure_json_lists_errors_first() {
        let diagnostics = [
            Diagnostic::warning("content/a.md", 1, 1, "mojibake", "w"),
            Diagnostic::error("content/b.md", 3, 2, "front-matter", "bad yaml"),
        ];
        let json: serde_json::Value = serde_json::from_str(&failure_json(&diagnostics)).unwrap();
        assert_eq!(
            json["diagnostics"][0],
            "content/b.md:3:2: error: bad yaml [front-matter]"
        );
    }
}
