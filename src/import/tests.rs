use super::*;
use std::path::Path;

const BOOK: &str = "# All In One - Deep Dive Lập trình Python\n*(Research Edition 2025)*\n\n# MỤC LỤC\n\nPART I. FIRST STEPS\n1 One\n1.1 Sub\n2 Two\nAPPENDICES\nA Glossary\n\n# End of TOC\n\n---\n\n# Chương 1: Mở đầu\n\n## Giới thiệu\n\n```python\n# a comment, not a chapter\n## nor this\n```\n\n---\n\n-## 2. Event-Loop Architecture\n\n### 2.1. Cơ chế\n\n#### Sâu hơn\n\n# APPENDICES\n\n## A. Glossary (thuật ngữ)\n\n### A\n\nasync\n\n# Extra\n\ntext\n\n# Empty at the end\n";

fn file<'a>(files: &'a [ImportedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} missing: {files:#?}"))
        .text
}

#[test]
fn splits_chapters_with_irregular_headings_and_ignores_code_comments() {
    let files = import(BOOK).unwrap();
    assert_eq!(files.len(), 4, "{files:#?}");
    let one = file(&files, "content/01-first-steps/01-mo-dau.md");
    assert!(
        one.starts_with(
            "---\ntitle: Mở đầu\npart: I\nnumber: '1'\nslug: 01-mo-dau\n---\n\n## Giới thiệu\n"
        ),
        "{one}"
    );
    assert!(one.contains("# a comment, not a chapter\n## nor this\n"));
    assert!(!one.trim_end().ends_with("---"));
    let two = file(
        &files,
        "content/01-first-steps/02-event-loop-architecture.md",
    );
    assert!(two.contains("\n## 2.1. Cơ chế\n\n### Sâu hơn\n"), "{two}");
    let glossary = file(&files, "content/02-phu-luc/phu-luc-a-glossary-thuat-ngu.md");
    assert!(
        glossary.contains("number: A\n") && glossary.contains("\n## A\n\nasync\n"),
        "{glossary}"
    );
    assert!(
        glossary.contains("\n## Extra\n\ntext\n"),
        "a stray top-level heading becomes a section: {glossary}"
    );
    assert!(
        !glossary.contains("Empty at the end"),
        "an empty heading at the end is dropped: {glossary}"
    );
}

#[test]
fn writes_the_book_configuration_from_the_table_of_contents() {
    let files = import(BOOK).unwrap();
    let config: BookConfig = serde_yaml::from_str(file(&files, CONFIG_FILE)).unwrap();
    assert_eq!(config.title, "Lập trình Python");
    assert_eq!(config.subtitle, "All In One – Deep Dive");
    assert_eq!(config.edition, "Research Edition 2025");
    assert_eq!(config.parts.len(), 2);
    assert_eq!(config.parts[0].title, "First Steps");
    assert_eq!(config.parts[0].chapters.len(), 2);
    assert!(config.parts[1].appendix);
}

#[test]
fn fails_without_chapters() {
    assert!(import("# Just a title\n\ntext\n").is_err());
}
