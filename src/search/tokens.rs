//! Words, and the search terms made from them.
//!
//! Text is cut on Unicode word boundaries (UAX #29, never ASCII `\w`), so "đồng" stays whole and
//! `asyncio.gather` and `run_in_executor` stay single words; [`terms`] then adds the parts of such
//! identifiers, so "gather" and "executor" find them too. Every term is kept in its *exact* form
//! (lowercase, NFC); the browser folds it ([`fold`]: no diacritics, đ→d) to match queries typed
//! without diacritics, and uses the exact form to rank exact-diacritic matches first.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (hashes, base64, long URLs) are not indexed.
pub const MAX_TERM_CHARS: usize = 40;

/// The words of `text`: Unicode word segments that hold a letter or a digit.
///
/// ```
/// let words: Vec<_> = handbook::search::words("Đồng bộ: asyncio.gather() và run_in_executor.").collect();
/// assert_eq!(words, ["Đồng", "bộ", "asyncio.gather", "và", "run_in_executor"]);
/// ```
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    // Whitespace always separates words, and a run of letters and digits of the scripts below
    // U+2000 (Latin with Vietnamese, Greek, Cyrillic…) between ASCII punctuation is always one
    // word ("(đồng", "bộ)," → "đồng", "bộ"), so only the other chunks need the full UAX #29
    // rules: this makes the common case several times faster. Other spaces (no-break space)
    // stay inside a chunk, where UAX #29 breaks on them.
    text.split_ascii_whitespace().flat_map(|chunk| {
        let core = trim_ascii_punctuation(chunk);
        let (one, many) = if is_simple_word(core) {
            ((!core.is_empty()).then_some(core), None)
        } else {
            (None, Some(chunk.split_word_bounds()))
        };
        one.into_iter().chain(
            many.into_iter()
                .flatten()
                .filter(|w| w.chars().any(char::is_alphanumeric)),
        )
    })
}

/// `chunk` without the ASCII punctuation (but `_`) at its ends.
fn trim_ascii_punctuation(chunk: &str) -> &str {
    let bytes = chunk.as_bytes();
    let (mut start, mut end) = (0, bytes.len());
    while start < end && bytes[start].is_ascii_punctuation() && bytes[start] != b'_' {
        start += 1;
    }
    while end > start && bytes[end - 1].is_ascii_punctuation() && bytes[end - 1] != b'_' {
        end -= 1;
    }
    // Both ends sit next to ASCII bytes or the chunk's ends, so they are character boundaries.
    &chunk[start..end]
}

/// Whether `word` is made only of letters and digits of the scripts below U+2000. ASCII,
/// Latin-1 and Latin Extended letters (UTF-8 lead bytes C3–C9, but × and ÷) and the Latin
/// Extended Additional block with the precomposed Vietnamese letters (E1 BA–BB) are told by
/// their bytes; the rest is looked up.
fn is_simple_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().unwrap_or(0)) {
            (b, _) if b.is_ascii_alphanumeric() => i += 1,
            (0x00..=0x7F, _) => return false,
            (0xC3, 0x97 | 0xB7) => return false,
            (0xC3..=0xC9, _) => i += 2,
            (0xE1, 0xBA | 0xBB) => i += 3,
            _ => {
                let c = word[i..].chars().next().expect("a character starts here");
                if !is_simple_letter(c) {
                    return false;
                }
                i += c.len_utf8();
            }
        }
    }
    true
}

/// A letter or digit of a script whose runs of letters always make one word: ASCII and the
/// Vietnamese letters are checked by range first, as `char::is_alphanumeric` is slow on them.
fn is_simple_letter(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => true,
        0x00..=0x7F | 0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1EA0..=0x1EF9 => true,
        0x2000.. => false,
        _ => c.is_alphanumeric(),
    }
}

/// The exact form of a word as indexed: lowercase, NFC ("Đồng" typed in NFD → "đồng" in NFC).
pub fn exact(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let lower = word.to_lowercase();
    if is_nfc(&lower) {
        lower
    } else {
        lower.nfc().collect()
    }
}

/// The folded form that queries typed without diacritics match: lowercase, no combining marks,
/// đ→d ("Đường" → "duong"; NFC and NFD input give the same result). Decomposition alone would
/// miss đ, which is a letter of its own, not d with a mark.
pub fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    crate::markdown::headings::fold_diacritics(&lower)
}

/// Every exact term a word is indexed under: the word itself and, for code identifiers, their
/// parts: `loop.run_in_executor` → `loop.run_in_executor`, `loop`, `run_in_executor`, `run`,
/// `in`, `executor`; `ThreadPoolExecutor` → also `thread`, `pool`, `executor`. Parts shorter than
/// two characters and parts of numbers (`3.12`) are left out.
pub fn terms(word: &str) -> Vec<String> {
    let whole = exact(word);
    if whole.is_empty() || (whole.len() > MAX_TERM_CHARS && whole.chars().count() > MAX_TERM_CHARS)
    {
        return Vec::new();
    }
    let mut out = vec![whole];
    if !is_compound(word) || !word.chars().any(char::is_alphabetic) {
        return out;
    }
    let mut push = |part: &str| {
        let part = exact(part);
        if part.chars().count() >= 2 && !out.contains(&part) {
            out.push(part);
        }
    };
    for segment in word.split(['.', ':']) {
        push(segment);
        for piece in segment.split('_') {
            push(piece);
            for hump in camel_humps(piece) {
                push(hump);
            }
        }
    }
    out
}

/// Whether a word may have parts: it holds `.`, `:` or `_`, a capital after its first letter,
/// or both letters and digits.
fn is_compound(word: &str) -> bool {
    if word.is_ascii() {
        let b = word.as_bytes();
        let (letters, digits) = (
            b.iter().any(u8::is_ascii_alphabetic),
            b.iter().any(u8::is_ascii_digit),
        );
        return b.iter().any(|c| matches!(c, b'.' | b':' | b'_'))
            || b.iter().skip(1).any(u8::is_ascii_uppercase)
            || (letters && digits);
    }
    let mut letters = false;
    let mut digits = false;
    for (i, c) in word.char_indices() {
        if matches!(c, '.' | ':' | '_') || (i > 0 && c.is_uppercase()) {
            return true;
        }
        letters |= c.is_alphabetic();
        digits |= c.is_numeric();
    }
    letters && digits
}

/// The humps of a camelCase or PascalCase word ("ThreadPoolExecutor" → "Thread", "Pool",
/// "Executor"; "HTTPServer" → "HTTP", "Server"); nothing for a word that has one hump.
fn camel_humps(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut starts = vec![0];
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next_lower = chars.get(i + 1).is_some_and(|(_, c)| c.is_lowercase());
        let lower_to_upper = prev.is_lowercase() && cur.is_uppercase();
        let acronym_end = prev.is_uppercase() && cur.is_uppercase() && next_lower;
        let letter_digit = prev.is_alphabetic() != cur.is_alphabetic();
        if lower_to_upper || acronym_end || letter_digit {
            starts.push(chars[i].0);
        }
    }
    if starts.len() == 1 {
        return Vec::new();
    }
    starts.push(word.len());
    starts.windows(2).map(|w| &word[w[0]..w[1]]).collect()
}

/// `text` in NFC (Vietnamese typed with combining marks becomes precomposed).
pub fn nfc(text: &str) -> String {
    if is_nfc(text) {
        text.to_owned()
    } else {
        text.nfc().collect()
    }
}

/// Whether `text` is in NFC: every character is a starter that NFC keeps. ASCII, Latin letters
/// below U+0300 and the precomposed Vietnamese ones (most of the book) are known by their UTF-8
/// lead bytes; the rest is looked up.
pub fn is_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x00..=0x7F => i += 1,
            0xC2..=0xCB => i += 2,
            0xE1 if matches!(bytes[i + 1], 0xB8..=0xBB) => i += 3,
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                if canonical_combining_class(c) != 0
                    || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
                {
                    return false;
                }
                i += c.len_utf8();
            }
        }
    }
    true
}
