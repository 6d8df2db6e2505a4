use super::*;

fn parse(text: &str) -> Result<Document, Diagnostic> {
    split("a.md".into(), "content/a.md".into(), text)
}

#[test]
fn splits_front_matter_and_counts_body_line() {
    let doc = parse("---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n## Một\n").unwrap();
    assert_eq!(doc.meta.title, "Giới thiệu");
    assert_eq!(doc.body, "## Một\n");
    assert_eq!(doc.body_line, 5);
}

#[test]
fn reports_yaml_errors_at_the_file_line() {
    let d = parse("---\ntitle: ok\nslug: [unclosed\n---\n").unwrap_err();
    assert_eq!(d.line, 3, "{d}");
    assert_eq!(d.path, PathBuf::from("content/a.md"));
}

#[test]
fn rejects_unknown_keys_and_unclosed_front_matter() {
    assert!(parse("---\ntitle: a\nslug: a\ntitel: b\n---\n")
        .unwrap_err()
        .message
        .contains("titel"));
    assert!(parse("---\ntitle: a\n")
        .unwrap_err()
        .message
        .contains("unclosed"));
}

#[test]
fn a_file_without_front_matter_takes_its_title_from_its_first_heading() {
    let text =
        "Lời dẫn.\n\n```md\n# không phải tiêu đề\n```\n\n# Học *máy* `sklearn` {#id}\n\n## Mục\n";
    let doc = split(
        "02-hoc/Học máy.md".into(),
        "content/02-hoc/Học máy.md".into(),
        text,
    )
    .unwrap();
    assert_eq!(doc.meta.title, "Học máy sklearn");
    assert_eq!(doc.meta.slug, "hoc-may");
    assert_eq!(doc.body_line, 1);
    assert!(!doc.body.contains("# Học"), "{}", doc.body);
    assert_eq!(
        doc.body.lines().count(),
        text.lines().count(),
        "lines keep their numbers"
    );
    assert!(doc.body.contains("# không phải tiêu đề"));
}

#[test]
fn the_front_matter_title_wins_and_the_heading_stays() {
    let doc = parse("---\nnumber: 3\n---\n# Tiêu đề khác\n").unwrap();
    assert_eq!(doc.meta.title, "Tiêu đề khác");
    assert_eq!(doc.meta.number.as_deref(), Some("3"));
    let doc = parse("---\ntitle: Tên\n---\n# Tiêu đề khác\n").unwrap();
    assert_eq!(doc.meta.title, "Tên");
    assert!(doc.body.starts_with("# Tiêu đề khác"));
    assert_eq!(doc.meta.slug, "a");
}

#[test]
fn a_page_with_no_title_is_an_error() {
    let d = parse("## Chỉ có mục con\n").unwrap_err();
    assert!(d.message.contains("no title"), "{d}");
}
