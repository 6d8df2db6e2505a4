//! The title of a page: its front matter's, or else its first `# ` heading.
//!
//! Found by a scan of the lines (outside fenced code) rather than a parse of the whole page,
//! which stage 5 does once; the heading's own Markdown (emphasis, code, math, a closing `#`
//! run, an `{#id}`) is reduced to plain text.

use pulldown_cmark::{Event, Options, Parser};

use crate::yaml::{Position, Positions};

/// The page's title: the front matter's `title` (`written`), or else the first `# ` heading,
/// taken out of `body` (which starts on line `body_line` of the file). An empty title, from
/// either, or none at all, is an error at its place.
pub(super) fn settle(
    written: Option<String>,
    body: &mut String,
    body_line: usize,
    positions: &Positions,
) -> Result<String, (Position, String)> {
    match written {
        Some(title) if title.trim().is_empty() => {
            let at = positions.value("title").unwrap_or((1, 1));
            Err((at, "`title` must not be empty".to_owned()))
        }
        Some(title) => Ok(title),
        None => match take_heading(body) {
            Some(heading) if heading.text.is_empty() => {
                let message = "the `# ` heading that gives the page its title is empty: write the title after `# `".to_owned();
                Err(((body_line + heading.line, 1), message))
            }
            Some(heading) => Ok(heading.text),
            None => {
                let message = "no title: start the file with a `# ` heading, or set `title:` in its front matter".to_owned();
                // `title:` written with no value reads as absent: point at it.
                let at = positions.key("title").unwrap_or((body_line, 1));
                Err((at, message))
            }
        },
    }
}

/// The first `# ` heading of a page, taken out of its body.
#[derive(Debug, PartialEq)]
struct Heading {
    /// Its plain text (empty for a heading with no words, `#` alone).
    text: String,
    /// Its 0-based line in the body.
    line: usize,
}

/// Takes the first ATX `# ` heading out of `body` (its line stays, empty) and returns it;
/// `None` when there is none outside code.
fn take_heading(body: &mut String) -> Option<Heading> {
    let (start, end) = heading_line(body)?;
    let text = plain_text(&body[start..end]);
    let line = body[..start].matches('\n').count();
    body.replace_range(start..end, "");
    Some(Heading { text, line })
}

/// The byte range of the first `# ` heading line (without its line break).
fn heading_line(body: &str) -> Option<(usize, usize)> {
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let rest = &text[indent..];
        if let Some((mark, run)) = fence_of(rest) {
            fence = match fence {
                None => Some((mark, run)),
                Some((open, len)) if open == mark && run >= len && rest.trim_end().len() == run => {
                    None
                }
                other => other,
            };
            continue;
        }
        if fence.is_none() && (rest == "#" || rest.starts_with("# ") || rest.starts_with("#\t")) {
            return Some((start, start + text.len()));
        }
    }
    None
}

/// The fence character and run length when `line` starts a code fence.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let mark = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = line.len() - line.trim_start_matches(mark).len();
    (run >= 3).then_some((mark, run))
}

/// The plain text of one heading line, as the page shows it.
fn plain_text(line: &str) -> String {
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_MATH;
    let mut out = String::new();
    for event in Parser::new_ext(line, options) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_owned()
}
