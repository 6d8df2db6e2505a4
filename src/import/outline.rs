//! The book's outline, read from the handbook's own table of contents.
//!
//! The table of contents lists `PART I. TITLE` lines followed by `N Chapter title` lines, then
//! `APPENDICES` and `A Title` lines. Only the parts and which chapter belongs to which part
//! are taken from it: chapter titles come from the chapters' own headings.

/// A part of the book and the numbers (or letters) of its chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OutlinePart {
    /// "I" … "VI", or "" for the appendices.
    pub number: String,
    /// The part's title, in title case.
    pub title: String,
    /// Chapter numbers ("1") or appendix letters ("A").
    pub chapters: Vec<String>,
}

/// Reads the parts from the table-of-contents lines.
pub(super) fn parse(lines: &[&str]) -> Vec<OutlinePart> {
    let mut parts: Vec<OutlinePart> = Vec::new();
    for line in lines {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("PART ") {
            let (number, title) = rest.split_once('.').unwrap_or((rest, ""));
            parts.push(OutlinePart {
                number: number.trim().to_owned(),
                title: title_case(title.trim()),
                chapters: Vec::new(),
            });
        } else if line == "APPENDICES" {
            parts.push(OutlinePart {
                number: String::new(),
                title: "Phụ lục".to_owned(),
                chapters: Vec::new(),
            });
        } else if let (Some(part), Some(label)) = (parts.last_mut(), chapter_label(line)) {
            part.chapters.push(label.to_owned());
        }
    }
    parts
}

/// "12 Structured Concurrency" → "12"; "A Glossary" → "A"; "12.1 Nursery" → None.
fn chapter_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(' ')?;
    let numeric = !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit());
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_uppercase());
    ((numeric || letter) && !rest.trim().is_empty()).then_some(label)
}

/// "GENERATORS, COROUTINES, AND EVENT-LOOPS" → "Generators, Coroutines, and Event-Loops".
pub(super) fn title_case(text: &str) -> String {
    const SMALL: &[&str] = &["and", "in", "of", "the", "for", "to", "vs.", "or"];
    text.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                capitalize_parts(&lower)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalize_parts(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parts_chapters_and_appendices() {
        let lines = [
            "PART I. FOUNDATIONS – CONCURRENCY IN COMPUTER SCIENCE",
            "1 Evolution",
            "1.1 Sequential",
            "",
            "2 OS",
            "PART II. RUNTIME",
            "3 CPython",
            "APPENDICES",
            "A Glossary",
            "B Benchmarks",
        ];
        let parts = parse(&lines);
        assert_eq!(parts.len(), 3);
        assert_eq!(
            parts[0].title,
            "Foundations – Concurrency in Computer Science"
        );
        assert_eq!(parts[0].chapters, ["1", "2"]);
        assert_eq!(parts[1].number, "II");
        assert_eq!(parts[2].chapters, ["A", "B"]);
    }

    #[test]
    fn title_cases_hyphenated_words() {
        assert_eq!(
            title_case("GENERATORS, COROUTINES, AND EVENT-LOOPS"),
            "Generators, Coroutines, and Event-Loops"
        );
    }
}
