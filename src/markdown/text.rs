//! Plain text out of Markdown events: heading titles, and per-section text for search.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The plain text of one section of a page (the part under one heading).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Section {
    /// The heading's id ("" for the text before the first heading).
    pub id: String,
    /// The heading's text (the page title for the text before the first heading).
    pub title: String,
    /// The prose, inline code included.
    pub text: String,
    /// The code blocks' text.
    pub code: String,
}

/// Adds the text (and inline code) of one event to `out`.
pub(super) fn push_plain(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            out.push_str(t)
        }
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        _ => {}
    }
}

/// Splits a page's text into sections as its events stream by.
#[derive(Debug)]
pub(super) struct SectionBuilder {
    sections: Vec<Section>,
    current: Section,
}

impl SectionBuilder {
    /// Starts with the untitled section before the first heading, titled after the page.
    pub(super) fn new(page_title: &str) -> Self {
        Self {
            sections: Vec::new(),
            current: Section {
                title: page_title.to_owned(),
                ..Section::default()
            },
        }
    }

    /// Notes the text of one event outside headings and code blocks.
    pub(super) fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => self.current.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.current.text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => self.current.text.push('\n'),
            Event::Start(Tag::Item) => self.current.text.push(' '),
            _ => {}
        }
    }

    /// Adds text that has no event of its own (a callout's title, a formula's words) to the
    /// current section.
    pub(super) fn add_text(&mut self, text: &str) {
        self.current.text.push_str(text);
        self.current.text.push(' ');
    }

    /// Adds a code block's text to the current section.
    pub(super) fn add_code(&mut self, code: &str) {
        self.current.code.push_str(code);
    }

    /// Closes the current section and opens one under a new heading.
    pub(super) fn start(&mut self, id: String, title: String) {
        let next = Section {
            id,
            title,
            ..Section::default()
        };
        let done = std::mem::replace(&mut self.current, next);
        if !done.id.is_empty() || !done.text.trim().is_empty() || !done.code.is_empty() {
            self.sections.push(done);
        }
    }

    /// All sections, in order.
    pub(super) fn finish(mut self) -> Vec<Section> {
        self.start(String::new(), String::new());
        self.sections
    }
}
