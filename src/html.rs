//! Escaping text for HTML, the one place every stage that writes markup by hand goes through.

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for element content and attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Decodes the character references that escaped attribute values hold (Tera's `&#x2F;`
/// included), so a reference can be compared with the path it names.
pub(crate) fn unescape_attribute(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    [
        ("&#x2F;", "/"),
        ("&#47;", "/"),
        ("&quot;", "\""),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(value.to_owned(), |text, (entity, plain)| {
        text.replace(entity, plain)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_attribute_values() {
        assert_eq!(escape(r#"a"b<c>&'"#), "a&quot;b&lt;c&gt;&amp;&#39;");
        assert_eq!(unescape_attribute("&#x2F;a&#x2F;b&amp;c"), "/a/b&c");
    }
}
