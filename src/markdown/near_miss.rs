//! Links that almost parsed: `[text] (url)` with a space, or `[text](url with spaces)`.
//! Markdown shows both as plain text, so they never reach the link checks; they are found in
//! the prose runs of the same parse that renders the page.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diag::quote;

/// Collects the byte ranges of the body that hold prose (text outside code, HTML and links),
/// adjacent pieces merged, as the parser's events stream by.
#[derive(Debug, Default)]
pub(crate) struct ProseRuns {
    runs: Vec<Range<usize>>,
    skip: usize,
}

impl ProseRuns {
    /// Notes one event and the byte range of the body it covers.
    pub(crate) fn observe(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock,
            ) => self.skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::HtmlBlock) => {
                self.skip = self.skip.saturating_sub(1)
            }
            Event::Text(_) if self.skip == 0 => match self.runs.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => self.runs.push(range.clone()),
            },
            _ => {}
        }
    }

    /// Every near-miss link in the runs of `body`: (byte offset of its `[`, message).
    pub(crate) fn near_misses(&self, body: &str) -> Vec<(usize, String)> {
        self.runs
            .iter()
            .flat_map(|run| {
                near_misses_in(&body[run.clone()])
                    .into_iter()
                    .map(move |(offset, message)| (run.start + offset, message))
            })
            .collect()
    }

    /// Formulas the parser did not take as math, which would show as raw LaTeX: a `$` pair
    /// around LaTeX commands, sub- or superscripts in the runs of `body` (pulldown-cmark
    /// requires balanced braces, and no space inside the `$`). (byte offset of the `$`, message).
    pub(crate) fn stray_math(&self, body: &str) -> Vec<(usize, String)> {
        self.runs
            .iter()
            .filter_map(|run| {
                let text = &body[run.clone()];
                let open = text.find('$')?;
                let close = open + 1 + text[open + 1..].find('$')?;
                let inside = &text[open + 1..close];
                let latex = inside.contains(['\\', '^', '_', '{']);
                latex.then(|| {
                    let message = format!("`${inside}$` is not read as a formula: check that its braces balance and that no space follows the opening `$` or precedes the closing one");
                    (run.start + open, message)
                })
            })
            .collect()
    }
}

/// Near-miss links in one run of prose: (byte offset of the `[`, message).
fn near_misses_in(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (close, _) in text.match_indices(']') {
        let Some(open) = text[..close].rfind('[') else {
            continue;
        };
        let after = &text[close + 1..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        let Some(inner) = after[spaces..].strip_prefix('(') else {
            continue;
        };
        let Some(end) = inner.find(')') else { continue };
        let dest = &inner[..end];
        if spaces > 0 && !dest.contains(char::is_whitespace) && is_destination_like(dest) {
            let message = format!(
                "`{}` is not a link: remove the space between `]` and `(`",
                quote(&text[open..close + 1 + spaces + 1 + end + 1])
            );
            found.push((open, message));
        } else if spaces == 0
            && dest.trim().contains(char::is_whitespace)
            && is_destination_like(dest.trim())
        {
            let dest = quote(dest);
            let message = format!("`{dest}` contains whitespace, so `[…]({dest})` is not a link: encode spaces as %20");
            found.push((open, message));
        }
    }
    found
}

/// Whether `dest` reads like a link destination rather than a parenthetical remark.
fn is_destination_like(dest: &str) -> bool {
    let first = dest.split_whitespace().next().unwrap_or("");
    let path = first.split('#').next().unwrap_or("");
    first.starts_with("http://")
        || first.starts_with("https://")
        || first.starts_with("www.")
        || first.starts_with("./")
        || first.starts_with("../")
        || (first.starts_with('#') && first.len() > 1)
        || path.ends_with(".md")
        || path.ends_with(".html")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn flags_near_miss_links_but_not_remarks() {
        let found = near_misses_in("xem [PEP 492] (https://peps.python.org/pep-0492/) nhé");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 4);
        assert_eq!(near_misses_in("[a](https://x.org/a b)").len(), 1);
        assert!(near_misses_in("khoảng [0, 1] (bao gồm cả hai đầu)").is_empty());
        assert!(near_misses_in("mảng [i] (chỉ số) và list[int] (kiểu)").is_empty());
    }

    #[test]
    fn prose_runs_skip_code_and_links() {
        let body =
            "a [x] (https://x.org)\n\n```\n[y] (https://y.org)\n```\n\n`[z] (https://z.org)`\n";
        let mut runs = ProseRuns::default();
        for (event, range) in Parser::new_ext(body, super::super::options()).into_offset_iter() {
            runs.observe(&event, &range);
        }
        let found = runs.near_misses(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 2);
    }
}
