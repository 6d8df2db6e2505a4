//! Where each value of a YAML document stands, so that a problem found after parsing (a chapter
//! missing from content/, a duplicate slug, an empty title) is reported at its own line and
//! column. serde_yaml places syntax errors, but not the values it parsed.
//!
//! Paths name values the way the configuration reads: mapping keys joined by `.`, sequence items
//! by their index (`title`, `parts.2.chapters.0`, `parts.0.chapters.1.file`).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};
use serde::Deserialize;

/// A value written as text or as a number (`number: 3` reads like `number: '3'`).
pub(crate) fn text_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Value {
        Text(String),
        Integer(i64),
    }
    Ok(Option::<Value>::deserialize(d)?.map(|v| match v {
        Value::Text(text) => text,
        Value::Integer(n) => n.to_string(),
    }))
}

/// A 1-based line and column.
pub(crate) type Position = (usize, usize);

/// Where serde_yaml places `error` in `text`, shifted down like [`Positions::of`]: counted
/// from its byte offset, so lines are the file's lines (the YAML reader also counts a lone
/// carriage return as a line break, which no editor shows).
pub(crate) fn error_position(
    text: &str,
    error: &serde_yaml::Error,
    first_line: usize,
) -> Option<Position> {
    let offset = error.location()?.index().min(text.len());
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line + first_line - 1, col))
}

/// serde_yaml's message without the places (` at line L column C`) it writes into it: its
/// lines count a lone carriage return, and the diagnostic gives the place on the file's lines
/// anyway.
pub(crate) fn error_message(error: &serde_yaml::Error) -> String {
    const MARK: &str = " at line ";
    let message = error.to_string();
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        match place_len(after) {
            Some(len) => rest = &after[len..],
            None => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of `L column C` at the start of `text`, if it starts so.
fn place_len(text: &str) -> Option<usize> {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let line = digits(text);
    let after = text[line..].strip_prefix(" column ")?;
    let col = digits(after);
    (line > 0 && col > 0).then_some(text.len() - after.len() + col)
}

/// The positions of the keys and values of one YAML document.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    keys: HashMap<String, Position>,
    values: HashMap<String, Position>,
}

/// What the walk is inside of.
enum Frame {
    Mapping { key: Option<String> },
    Sequence { next: usize },
}

impl Positions {
    /// Reads the positions of `text`, shifted down by `first_line - 1` lines (front matter starts
    /// on the file's second line). A document that does not parse has no positions.
    pub fn of(text: &str, first_line: usize) -> Self {
        let mut positions = Positions::default();
        let mut stack: Vec<Frame> = Vec::new();
        let lines = file_lines(text);
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let line = lines
                .get(span.start.line())
                .or(lines.last())
                .copied()
                .unwrap_or(1);
            let at = (line + first_line - 1, span.start.col() + 1);
            match event {
                Event::Scalar(value, ..) => positions.scalar(&mut stack, value.into_owned(), at),
                Event::MappingStart(..) => {
                    positions.record(&stack, at);
                    stack.push(Frame::Mapping { key: None });
                }
                Event::SequenceStart(..) => {
                    positions.record(&stack, at);
                    stack.push(Frame::Sequence { next: 0 });
                }
                Event::Alias(_) => {
                    positions.record(&stack, at);
                    advance(&mut stack);
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    advance(&mut stack);
                }
                _ => {}
            }
        }
        positions
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Position> {
        self.values.get(path).copied()
    }

    /// Where the key of the mapping entry at `path` stands (the value's place when it has none).
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    /// A scalar: a key when a mapping waits for one, else a value.
    fn scalar(&mut self, stack: &mut [Frame], value: String, at: Position) {
        if matches!(stack.last(), Some(Frame::Mapping { key: None })) {
            let path = join(&path_of(&stack[..stack.len() - 1]), &value);
            self.keys.insert(path, at);
            if let Some(Frame::Mapping { key }) = stack.last_mut() {
                *key = Some(value);
            }
            return;
        }
        self.record(stack, at);
        advance(stack);
    }

    /// Notes that the value the walk is about to read starts at `at`.
    fn record(&mut self, stack: &[Frame], at: Position) {
        self.values.entry(path_of(stack)).or_insert(at);
    }
}

/// The file's line for each line the YAML reader counts (1-based; it also breaks lines at a
/// lone carriage return, which no editor shows).
fn file_lines(text: &str) -> Vec<usize> {
    let mut lines = vec![1, 1];
    let mut line = 1;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => {
                line += 1;
                lines.push(line);
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => lines.push(line),
            _ => {}
        }
    }
    lines
}

/// Moves past a value that has been read whole: the next item of a sequence, the next key of
/// a mapping.
fn advance(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Sequence { next }) => *next += 1,
        Some(Frame::Mapping { key }) => *key = None,
        None => {}
    }
}

/// The path of the value the walk is about to read.
fn path_of(stack: &[Frame]) -> String {
    stack.iter().fold(String::new(), |path, frame| match frame {
        Frame::Mapping { key: Some(key) } => join(&path, key),
        Frame::Mapping { key: None } => path,
        Frame::Sequence { next } => join(&path, &next.to_string()),
    })
}

fn join(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_owned()
    } else {
        format!("{path}.{part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_keys_and_values_of_nested_documents() {
        let text = "title: Sách\nparts:\n  - title: Một\n    chapters:\n      - a.md\n      - b.md\n  - title: Hai\n    chapters: [c.md]\n";
        let p = Positions::of(text, 1);
        assert_eq!(p.key("title"), Some((1, 1)));
        assert_eq!(p.value("title"), Some((1, 8)));
        assert_eq!(p.value("parts.0.chapters.1"), Some((6, 9)));
        assert_eq!(p.value("parts.1.chapters.0"), Some((8, 16)));
        assert_eq!(p.key("parts.1.title"), Some((7, 5)));
    }

    #[test]
    fn errors_are_placed_on_the_file_lines() {
        let text = "a: b\rc: d\nđ: [unclosed\n";
        let error = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let (line, _) = error_position(text, &error, 2).unwrap();
        assert!((3..=4).contains(&line), "{line}");
        assert!(
            error.location().unwrap().line() > 2,
            "serde_yaml counts the lone CR"
        );
        let p = Positions::of("a: b\rc: d\r\nslug: x\n", 2);
        assert_eq!(p.key("slug"), Some((3, 1)));
    }

    #[test]
    fn messages_lose_the_place_serde_yaml_counts() {
        let text = "a: b\nc: [x\n";
        let error = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        assert!(error.to_string().contains(" at line "), "{error}");
        let message = error_message(&error);
        assert!(!message.contains(" at line "), "{message}");
        assert!(message.contains("while parsing"), "{message}");
    }

    #[test]
    fn shifts_lines_and_survives_broken_documents() {
        let p = Positions::of("slug: a\n", 2);
        assert_eq!(p.key("slug"), Some((2, 1)));
        assert_eq!(
            Positions::of("a: 1\nb: [unclosed", 1).key("b"),
            Some((2, 1))
        );
    }
}
