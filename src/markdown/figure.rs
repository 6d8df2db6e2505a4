//! Figures: an image alone in its paragraph, with a title or alt text, becomes a `<figure>`
//! whose `<figcaption>` is the title (or else the alt text, with its Markdown).

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::html::escape;

/// When `inner` (the events of one paragraph, without its start and end) is a single image
/// with a title or alt text: the HTML that opens the figure and the one that closes it. The
/// caption's formulas are made with `math` (source, display) → HTML.
pub(super) fn of(
    inner: &[Event<'_>],
    math: impl Fn(&str, bool) -> String,
) -> Option<(&'static str, String)> {
    let (Some(Event::Start(Tag::Image { title, .. })), Some(Event::End(TagEnd::Image))) =
        (inner.first(), inner.last())
    else {
        return None;
    };
    let alt = &inner[1..inner.len() - 1];
    let nested = alt.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
        )
    });
    if nested {
        return None;
    }
    let caption = if !title.trim().is_empty() {
        escape(title.trim())
    } else {
        let events = alt.iter().cloned().map(|event| match event {
            Event::InlineMath(source) => Event::InlineHtml(math(&source, false).into()),
            Event::DisplayMath(source) => Event::InlineHtml(math(&source, true).into()),
            other => other,
        });
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events);
        html.trim().to_owned()
    };
    if caption.is_empty() {
        return None;
    }
    Some((
        "<figure class=\"figure\">\n",
        format!("\n<figcaption>{caption}</figcaption>\n</figure>\n"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn paragraph(markdown: &str) -> Vec<Event<'_>> {
        let events: Vec<_> =
            Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_MATH).collect();
        events[1..events.len() - 1].to_vec()
    }

    fn of(inner: &[Event<'_>]) -> Option<(&'static str, String)> {
        super::of(inner, |source, _| format!("<math>{source}</math>"))
    }

    #[test]
    fn a_lone_image_with_a_title_or_alt_is_a_figure() {
        let (open, close) = of(&paragraph("![Hình *một*](a.png)")).unwrap();
        assert_eq!(open, "<figure class=\"figure\">\n");
        assert_eq!(
            close,
            "\n<figcaption>Hình <em>một</em></figcaption>\n</figure>\n"
        );
        let (_, close) = of(&paragraph("![alt](a.png \"Tiêu đề & chú thích\")")).unwrap();
        assert!(close.contains("<figcaption>Tiêu đề &amp; chú thích</figcaption>"));
        let (_, close) = of(&paragraph("![Nghiệm $w$](a.png)")).unwrap();
        assert!(
            close.contains("<figcaption>Nghiệm <math>w</math></figcaption>"),
            "{close}"
        );
    }

    #[test]
    fn images_among_text_or_without_words_stay_as_they_are() {
        assert!(of(&paragraph("Xem ![a](a.png) đây")).is_none());
        assert!(of(&paragraph("![](a.png)")).is_none());
        assert!(of(&paragraph("![a](a.png) ![b](b.png)")).is_none());
    }
}
