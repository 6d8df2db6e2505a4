//! The title of a page that has none in its front matter: its first `# ` heading.
//!
//! Found by a scan of the lines (outside fenced code) rather than a parse of the whole page,
//! which stage 5 does once; the heading's own Markdown (emphasis, code, math, a closing `#`
//! run, an `{#id}`) is reduced to plain text.

use pulldown_cmark::{Event, Options, Parser};

/// Takes the first ATX `# ` heading out of `body` (its line stays, empty) and returns its
/// plain text; `None` when there is none outside code.
pub(super) fn take_heading(body: &mut String) -> Option<String> {
    let (start, end) = heading_line(body)?;
    let title = plain_text(&body[start..end]);
    body.replace_range(start..end, "");
    (!title.is_empty()).then_some(title)
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
