//! Splitting the one big file into its title block, table of contents, chapters and appendices.

use super::outline::{self, OutlinePart};

/// Whether a unit is a numbered chapter or a lettered appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitKind {
    /// "Chương 12".
    Chapter,
    /// "Phụ lục C".
    Appendix,
}

/// One chapter or appendix cut out of the big file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unit {
    /// Chapter or appendix.
    pub kind: UnitKind,
    /// "12" or "C".
    pub number: String,
    /// The title from its heading, without the number.
    pub title: String,
    /// The Markdown under its heading, headings lifted so they start at `##`.
    pub body: String,
}

/// The big file, taken apart.
#[derive(Debug, Default)]
pub(super) struct Book {
    /// The book's title.
    pub title: String,
    /// The words before the title proper (e.g. "All In One – Deep Dive – Comprehensive").
    pub subtitle: String,
    /// The edition line under the title.
    pub edition: String,
    /// Parts and their chapters, from the table of contents.
    pub outline: Vec<OutlinePart>,
    /// Chapters and appendices in file order.
    pub units: Vec<Unit>,
}

/// What a line outside code fences starts.
enum Marker<'a> {
    Chapter(String, &'a str),
    Appendix(String, &'a str),
    TocStart,
    TocEnd,
    Appendices,
    OtherTop(&'a str),
}

/// Splits the file.
pub(super) fn split(text: &str) -> Book {
    let mut book = Book::default();
    let mut toc: Vec<&str> = Vec::new();
    let mut in_toc = false;
    let mut in_appendices = false;
    let mut current: Option<(Unit, Vec<&str>)> = None;
    let mut fence = Fence::default();
    let mut title_seen = false;
    for line in text.lines() {
        let in_code = fence.update(line);
        let marker = if in_code {
            None
        } else {
            classify(line, in_appendices)
        };
        match marker {
            Some(Marker::TocStart) => in_toc = true,
            Some(Marker::TocEnd) => in_toc = false,
            Some(Marker::Appendices) => in_appendices = true,
            Some(Marker::Chapter(number, title)) => {
                start(&mut book, &mut current, UnitKind::Chapter, number, title)
            }
            Some(Marker::Appendix(number, title)) => {
                start(&mut book, &mut current, UnitKind::Appendix, number, title)
            }
            Some(Marker::OtherTop(heading)) if !title_seen && current.is_none() => {
                title_seen = true;
                (book.subtitle, book.title) = split_title(heading);
            }
            // Any other top-level heading inside a chapter is one of its sections.
            Some(Marker::OtherTop(_)) if current.is_some() => {
                if let Some((_, lines)) = &mut current {
                    lines.push(line);
                }
            }
            _ if in_toc => toc.push(line),
            _ => match &mut current {
                Some((_, lines)) => lines.push(line),
                None => note_preamble(&mut book, line),
            },
        }
    }
    finish(&mut book, current);
    book.outline = outline::parse(&toc);
    book
}

fn start(
    book: &mut Book,
    current: &mut Option<(Unit, Vec<&str>)>,
    kind: UnitKind,
    number: String,
    title: &str,
) {
    finish(book, current.take());
    let unit = Unit {
        kind,
        number,
        title: title.trim().to_owned(),
        body: String::new(),
    };
    *current = Some((unit, Vec::new()));
}

fn finish(book: &mut Book, current: Option<(Unit, Vec<&str>)>) {
    if let Some((mut unit, lines)) = current {
        unit.body = lift_headings(&trim_lines(&lines));
        book.units.push(unit);
    }
}

/// The edition line, `*(Research & Reference Edition 2025)*`, right under the title.
fn note_preamble(book: &mut Book, line: &str) {
    let trimmed = line
        .trim()
        .trim_matches('*')
        .trim_matches(|c| c == '(' || c == ')');
    if book.edition.is_empty() && !book.title.is_empty() && !trimmed.is_empty() && trimmed != "---"
    {
        book.edition = trimmed.to_owned();
    }
}

/// "All In One - Deep Dive - Comprehensive Lập trình …" → ("All In One – Deep Dive – Comprehensive", "Lập trình …"):
/// the title proper starts at the first word with a non-ASCII letter.
fn split_title(heading: &str) -> (String, String) {
    let words: Vec<&str> = heading.split_whitespace().collect();
    match words.iter().position(|w| !w.is_ascii()) {
        Some(i) if i > 0 => (
            words[..i].join(" ").replace(" - ", " – "),
            words[i..].join(" "),
        ),
        _ => (String::new(), heading.trim().to_owned()),
    }
}

fn classify(line: &str, in_appendices: bool) -> Option<Marker<'_>> {
    // A stray `-` before a heading (`-## 10. …`) marks a chapter heading that lost its shape.
    let (stray, line) = line
        .strip_prefix('-')
        .filter(|l| l.starts_with('#'))
        .map_or((false, line), |l| (true, l));
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let text = line.get(level..).filter(|t| t.starts_with(' '))?.trim();
    if in_appendices && level == 2 {
        return appendix(text).map(|(n, t)| Marker::Appendix(n, t));
    }
    if level != 1 && !stray {
        return None;
    }
    Some(match text {
        "MỤC LỤC" => Marker::TocStart,
        "End of TOC" => Marker::TocEnd,
        "APPENDICES" => Marker::Appendices,
        _ => match chapter(text) {
            Some((number, title)) => Marker::Chapter(number, title),
            None if level == 1 => Marker::OtherTop(text),
            None => return None,
        },
    })
}

/// "Chương 12: Title", "12. Title", "12 Title" → ("12", "Title").
fn chapter(text: &str) -> Option<(String, &str)> {
    let text = text.strip_prefix("Chương ").unwrap_or(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let title = text[digits..].trim_start_matches([':', '.']).trim();
    (!title.is_empty()).then(|| (text[..digits].trim_start_matches('0').to_owned(), title))
}

/// "A. Glossary" → ("A", "Glossary").
fn appendix(text: &str) -> Option<(String, &str)> {
    let (letter, title) = text.split_once(". ")?;
    (letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_uppercase()))
        .then(|| (letter.to_owned(), title.trim()))
}

/// Drops blank lines and `---` rules at both ends, and a top-level heading left with nothing
/// under it at the very end (the file closes with an empty `# Toàn bộ nguồn tham khảo`).
fn trim_lines(lines: &[&str]) -> Vec<String> {
    let blank = |l: &&&str| l.trim().is_empty() || l.trim() == "---";
    let start = lines.iter().position(|l| !blank(&l)).unwrap_or(lines.len());
    let mut end = lines
        .iter()
        .rposition(|l| !blank(&l))
        .map_or(start, |i| i + 1);
    if end > start && lines[end - 1].starts_with("# ") {
        end = lines[..end - 1]
            .iter()
            .rposition(|l| !blank(&l))
            .map_or(start, |i| i + 1);
    }
    lines[start..end]
        .iter()
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect()
}

/// Lifts every heading (outside code fences) so the highest becomes `##`.
fn lift_headings(lines: &[String]) -> String {
    let levels = heading_levels(lines);
    let top = levels
        .iter()
        .flatten()
        .copied()
        .filter(|&l| l > 1)
        .min()
        .unwrap_or(2);
    let lift = top.saturating_sub(2);
    let mut out = String::new();
    for (line, level) in lines.iter().zip(&levels) {
        match level {
            Some(1) => out.push_str(&format!("#{line}")),
            Some(_) if lift > 0 => out.push_str(&line[lift..]),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn heading_levels(lines: &[String]) -> Vec<Option<usize>> {
    let mut fence = Fence::default();
    lines
        .iter()
        .map(|line| {
            if fence.update(line) {
                return None;
            }
            let level = line.bytes().take_while(|&b| b == b'#').count();
            (level > 0 && level <= 6 && line[level..].starts_with(' ')).then_some(level)
        })
        .collect()
}

/// Tracks fenced code blocks line by line.
#[derive(Default)]
struct Fence {
    open: Option<(u8, usize)>,
}

impl Fence {
    /// Feeds one line; true when the line is inside a fence or is a fence line.
    fn update(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        let run = marker.map_or(0, |m| trimmed.bytes().take_while(|&b| b == m).count());
        let is_fence = indent <= 3 && run >= 3;
        match (self.open, marker) {
            (None, Some(m)) if is_fence => {
                self.open = Some((m, run));
                true
            }
            (Some((open, len)), Some(m))
                if is_fence && m == open && run >= len && trimmed[run..].trim().is_empty() =>
            {
                self.open = None;
                true
            }
            (open, _) => open.is_some(),
        }
    }
}
