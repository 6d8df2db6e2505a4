//! Reversal of the damage's second step: each character back to the byte it was read from.
//!
//! The handbook was read as cp1254, but the same kind of damage happens with cp1252 and Latin-1.
//! The three code pages never give two different bytes for one character, so one reverse map
//! serves all three: Latin-1 (including its C1 controls), cp1252's 27 extra characters (with
//! `Ž` `ž`), and cp1254's six Turkish letters.

/// Characters of cp1252/cp1254 above U+00FF, with their byte.
const HIGH: [(char, u8); 33] = [
    ('\u{011E}', 0xD0), // Ğ
    ('\u{011F}', 0xF0), // ğ
    ('\u{0130}', 0xDD), // İ
    ('\u{0131}', 0xFD), // ı
    ('\u{0152}', 0x8C), // Œ
    ('\u{0153}', 0x9C), // œ
    ('\u{015E}', 0xDE), // Ş
    ('\u{015F}', 0xFE), // ş
    ('\u{0160}', 0x8A), // Š
    ('\u{0161}', 0x9A), // š
    ('\u{0178}', 0x9F), // Ÿ
    ('\u{017D}', 0x8E), // Ž (cp1252 only)
    ('\u{017E}', 0x9E), // ž (cp1252 only)
    ('\u{0192}', 0x83), // ƒ
    ('\u{02C6}', 0x88), // ˆ
    ('\u{02DC}', 0x98), // ˜
    ('\u{2013}', 0x96), // –
    ('\u{2014}', 0x97), // —
    ('\u{2018}', 0x91), // ‘
    ('\u{2019}', 0x92), // ’
    ('\u{201A}', 0x82), // ‚
    ('\u{201C}', 0x93), // “
    ('\u{201D}', 0x94), // ”
    ('\u{201E}', 0x84), // „
    ('\u{2020}', 0x86), // †
    ('\u{2021}', 0x87), // ‡
    ('\u{2022}', 0x95), // •
    ('\u{2026}', 0x85), // …
    ('\u{2030}', 0x89), // ‰
    ('\u{2039}', 0x8B), // ‹
    ('\u{203A}', 0x9B), // ›
    ('\u{20AC}', 0x80), // €
    ('\u{2122}', 0x99), // ™
];

/// The bytes that the damage drops: cp1254 leaves 81 8D 8E 8F 90 9D 9E undefined, and AD is the
/// soft hyphen, which was stripped.
pub(crate) const LOST: [u8; 8] = [0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD];

/// The byte `c` was decoded from, if it can come from a cp1254/cp1252/Latin-1 reading.
pub(crate) fn byte_of(c: char) -> Option<u8> {
    let u = u32::from(c);
    if u <= 0xFF {
        return u8::try_from(u).ok();
    }
    let i = HIGH.binary_search_by_key(&c, |&(k, _)| k).ok()?;
    Some(HIGH[i].1)
}

/// The character cp1254 decodes `b` to, or `None` for a byte the damage drops (the undefined
/// ones and the soft hyphen). This is the damage itself, for tests and evaluation.
pub(crate) fn char_of(b: u8) -> Option<char> {
    if LOST.contains(&b) {
        return None;
    }
    if b < 0x80
        || (0xA0..=0xFF).contains(&b) && !matches!(b, 0xD0 | 0xDD | 0xDE | 0xF0 | 0xFD | 0xFE)
    {
        return Some(char::from(b));
    }
    HIGH.iter()
        .find(|&&(c, x)| x == b && !matches!(c, 'Ž' | 'ž'))
        .map(|&(c, _)| c)
}

/// Applies the damage model of ENCODING.md: UTF-8 bytes read as cp1254, lost bytes dropped.
pub(crate) fn damage(text: &str) -> String {
    text.bytes().filter_map(char_of).collect()
}

/// Ways clean text gets damaged, for round-trip tests and accuracy measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// ENCODING.md's: UTF-8 read as cp1254, the bytes it leaves undefined and the soft hyphen
    /// dropped.
    Cp1254Dropped,
    /// UTF-8 read as cp1252 by a decoder that puts U+FFFD for each byte cp1252 leaves undefined
    /// (81 8D 8F 90 9D).
    Cp1252Replaced,
    /// UTF-8 read as cp1252, the bytes it leaves undefined and the soft hyphen dropped: the
    /// handbook's damage with cp1252's letters where cp1254 has Turkish ones, and `Ž ž` (8E 9E)
    /// kept.
    Cp1252Dropped,
    /// UTF-8 read as Latin-1, and the result read as Latin-1 again (every byte kept).
    Latin1Twice,
    /// UTF-8 read as cp1252 with U+FFFD for each undefined byte, and the result read the same
    /// way again: two layers, the inner one's lost bytes marked by a U+FFFD that the outer one
    /// turned into `ï¿½`.
    Cp1252ReplacedTwice,
}

impl Damage {
    /// `text` damaged this way.
    pub fn apply(self, text: &str) -> String {
        match self {
            Damage::Cp1254Dropped => damage(text),
            Damage::Cp1252Replaced => text.bytes().map(cp1252_or_replacement).collect(),
            Damage::Cp1252Dropped => (text.bytes().map(cp1252_or_replacement))
                .filter(|c| !matches!(c, '\u{FFFD}' | '\u{AD}'))
                .collect(),
            Damage::Latin1Twice => latin1(&latin1(text)),
            Damage::Cp1252ReplacedTwice => {
                let once = Damage::Cp1252Replaced.apply(text);
                Damage::Cp1252Replaced.apply(&once)
            }
        }
    }

    /// Whether this damage takes something from `c` that only a repair can give back: the
    /// characters an accuracy figure counts (a lost or replaced byte; for Latin-1, which keeps
    /// every byte, any character outside ASCII).
    pub fn harms(self, c: char) -> bool {
        match self {
            Damage::Cp1254Dropped => is_damageable(c),
            Damage::Cp1252Replaced => {
                continuation_bytes(c).any(|b| cp1252_or_replacement(b) == '\u{FFFD}')
            }
            Damage::Cp1252Dropped => continuation_bytes(c)
                .any(|b| matches!(cp1252_or_replacement(b), '\u{FFFD}' | '\u{AD}')),
            Damage::Latin1Twice | Damage::Cp1252ReplacedTwice => !c.is_ascii(),
        }
    }
}

/// The bytes of `c`'s UTF-8 encoding after the first (the ones a reading can lose).
fn continuation_bytes(c: char) -> impl Iterator<Item = u8> {
    let mut buf = [0u8; 4];
    let len = c.encode_utf8(&mut buf).len();
    buf.into_iter().take(len).skip(1)
}

/// The character cp1252 decodes `b` to, or U+FFFD for the bytes it leaves undefined.
fn cp1252_or_replacement(b: u8) -> char {
    match b {
        // HIGH's Turkish letters all stand above 9F, so what it gives here is cp1252's.
        0x80..=0x9F => HIGH
            .iter()
            .find(|&&(_, x)| x == b)
            .map_or('\u{FFFD}', |&(c, _)| c),
        _ => char::from(b),
    }
}

/// Each UTF-8 byte of `text` read as the Latin-1 character of the same number.
fn latin1(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// Whether the UTF-8 encoding of `c` holds a byte that the damage drops.
pub(crate) fn is_damageable(c: char) -> bool {
    continuation_bytes(c).any(|b| LOST.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(HIGH.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn reverses_turkish_and_windows_characters() {
        assert_eq!(byte_of('Ğ'), Some(0xD0));
        assert_eq!(byte_of('€'), Some(0x80));
        assert_eq!(byte_of('Ã'), Some(0xC3));
        assert_eq!(byte_of('ậ'), None);
    }

    #[test]
    fn damages_as_cp1252_with_replacements_and_as_latin1_twice() {
        assert_eq!(
            Damage::Cp1252Replaced.apply("gọi Đ ử"),
            "gá»\u{FFFD}i Ä\u{FFFD} á»\u{AD}"
        );
        assert!(Damage::Cp1252Replaced.harms('ọ') && !Damage::Cp1252Replaced.harms('ử'));
        assert_eq!(Damage::Latin1Twice.apply("đ"), "Ã\u{84}Â\u{91}");
        // cp1252 keeps `Ở`'s 9E as `ž`, and reads F0 as `ð`, where cp1254 has `ğ`.
        assert_eq!(
            Damage::Cp1252Dropped.apply("gọi Ở ử 🎉"),
            "gá»i á»ž á» ðŸŽ‰"
        );
        assert!(Damage::Cp1252Dropped.harms('ử') && !Damage::Cp1252Dropped.harms('Ở'));
        // `ọ` (E1 BB 8D) loses its 8D to a U+FFFD, whose own bytes the second reading shows.
        assert_eq!(Damage::Cp1252ReplacedTwice.apply("gọi"), "gÃ¡Â»ï¿½i");
    }

    #[test]
    fn knows_which_characters_lose_a_byte() {
        assert!(is_damageable('ọ'));
        assert!(is_damageable('Đ'));
        assert!(!is_damageable('đ'));
        assert!(!is_damageable('a'));
    }
}
