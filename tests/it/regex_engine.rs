//! The regex engine that highlights code: Oniguruma, built from the patched copy in
//! `vendor/onig_sys` (vendor/README.md). The patch builds a character class holding `\w`, `\s`,
//! `\d` and the like by merging its ranges in one pass; these tests check, over every Unicode
//! scalar value, that each such class matches exactly what the alternation of its parts
//! matches (an alternation never merges ranges, so it is built as before the patch).

use onig::Regex;

/// Every Unicode scalar value, one after the other.
fn every_char() -> String {
    (0..=0x10_FFFF_u32).filter_map(char::from_u32).collect()
}

/// The characters of `text` that `pattern` (one character wide) matches, in order.
fn matched(pattern: &str, text: &str) -> Vec<char> {
    let regex = Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    regex
        .find_iter(text)
        .map(|(start, end)| {
            let mut chars = text[start..end].chars();
            let c = chars.next().expect("a match of one character");
            assert!(
                chars.next().is_none(),
                "{pattern} matched {:?}",
                &text[start..end]
            );
            c
        })
        .collect()
}

#[test]
fn classes_of_several_ctypes_match_what_their_parts_match() {
    let text = every_char();
    // (class, the union of its parts, the least number of characters it must match). Each
    // part is a class of one item, which is built by appending the item's ranges, as before the
    // patch. (A bare `\w` is no reference: in Oniguruma, before the patch and after, it also
    // matches ², ³, ¹, ¼, ½ and ¾, which the class `[\w]` does not.)
    let cases = [
        (r"[\w.]", r"(?:[\w]|\.)", 100_000),
        (r"[\s\w]", r"(?:[\s]|[\w])", 100_000),
        (r"[\w\s\d]", r"(?:[\w]|[\s]|[\d])", 100_000),
        (r"[\d\s]", r"(?:[\d]|[\s])", 600),
        (
            r"[\x{3000}-\x{3010}\w]",
            r"(?:[\x{3000}-\x{3010}]|[\w])",
            100_000,
        ),
        (
            r"[\w\x{100}-\x{2000}]",
            r"(?:[\w]|[\x{100}-\x{2000}])",
            100_000,
        ),
        (r"[\p{Greek}\s]", r"(?:[\p{Greek}]|[\s])", 500),
        (r"[^\w\s]", r"(?![\w]|[\s])(?m:.)", 900_000),
        (r"[\W\d]", r"(?:[\W]|[\d])", 900_000),
        (r"[\w&&[^\d]]", r"(?![\d])[\w]", 100_000),
    ];
    for (class, alternation, least) in cases {
        let by_class = matched(class, &text);
        assert!(
            by_class.len() >= least,
            "{class} matched {} characters, fewer than {least}",
            by_class.len()
        );
        assert!(
            by_class == matched(alternation, &text),
            "{class} and {alternation} match different characters"
        );
    }
}

#[test]
fn word_class_matches_vietnamese_letters_and_no_punctuation() {
    let regex = Regex::new(r"^[\w.]+$").unwrap();
    assert!(regex.is_match("tối_ưu.hiệu_năng"));
    assert!(regex.is_match("Đồng.bộ"));
    assert!(!regex.is_match("đồng bộ"));
    assert!(!regex.is_match("a,b"));
}

/// Items of a character class whose Unicode ranges the patch merges, and plain ranges.
const ITEMS: &[&str] = &[
    r"\w",
    r"\s",
    r"\d",
    r"\h",
    r"\W",
    r"\S",
    r"\D",
    r"\p{Greek}",
    r"\p{Han}",
    r"\p{Lu}",
    r"[:punct:]",
    r"\x{80}-\x{2FF}",
    r"\x{3000}-\x{303F}",
    r"\x{1E00}-\x{1EFF}",
    "a-f",
    "_",
];

/// Every 7th Unicode scalar value, and the first 0x3000 of them all (where most ranges of
/// these items start and end).
fn sample_chars() -> String {
    (0..=0x10_FFFF_u32)
        .filter(|&c| c < 0x3000 || c % 7 == 0)
        .filter_map(char::from_u32)
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 64, failure_persistence: None, ..Default::default() })]

    /// Any class of these items, negated or not, matches what the union of its one-item classes
    /// matches (or, negated, what none of them matches).
    #[test]
    fn any_class_of_ctypes_and_ranges_matches_the_union_of_its_items(
        items in proptest::collection::vec(proptest::sample::select(ITEMS), 2..6),
        negated in proptest::bool::ANY,
    ) {
        static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let text = TEXT.get_or_init(sample_chars);
        let union = items.iter().map(|i| format!("[{i}]")).collect::<Vec<_>>().join("|");
        let (class, reference) = if negated {
            (format!("[^{}]", items.concat()), format!("(?!{union})(?m:.)"))
        } else {
            (format!("[{}]", items.concat()), format!("(?:{union})"))
        };
        let same = matched(&class, text) == matched(&reference, text);
        proptest::prop_assert!(same, "{} and {} match different characters", class, reference);
    }
}
