//! Priors for the characters a gap can hold, before any word context is looked at.
//!
//! Letters of Vietnamese come first; the symbols the damage model names (” and U+FE0F) are as
//! likely; other letters, marks and emoji are possible but need evidence; control characters and
//! unassigned-looking blocks are never chosen. The same priors judge whether a reversed line
//! looks like real text at all.

use super::letters::is_vietnamese;

/// Emoji that technical prose uses often, among those a lost byte can produce.
const COMMON_EMOJI: &str =
    "🎉🎊🎯🎨🎓🎁🎮🎬🎵🎶🏆🏁🏠🏗🏷🍀🍎🍕🐍🐛🐞🐳🐧🐢🐘🐙😁😍😎😏😐😞😝😭🔍🔑🔒";

/// The prior (natural log) of `c` as the filling of a gap or as a decoded character, or `None`
/// when `c` is implausible in text (controls, private use, unassigned-looking blocks).
pub(crate) fn char_prior(c: char) -> Option<f32> {
    let u = u32::from(c);
    let p = match u {
        0x00..=0x1F | 0x7F..=0x9F => return None,
        0x20..=0x7E => 0.0,
        _ if is_vietnamese(c) => 0.0,
        0x201D | 0xFE0F => 0.0,
        0x2190 | 0x00A0 => -1.0,
        0x200D => -2.5,
        0x00AD => -3.0,
        0x00A1..=0x024F => -4.0,
        0x0300..=0x0301 | 0x0303 | 0x0309 | 0x0323 => -1.5,
        0x0250..=0x052F => -7.0,
        // Hebrew and Arabic vowel marks: as likely as the letters they sit on.
        0x0591..=0x05C7 | 0x064B..=0x065F => -6.0,
        0x2000..=0x206F | 0x20A0..=0x20CF => -4.0,
        0x2100..=0x27BF | 0x2900..=0x2BFF => -4.0,
        0xE000..=0xF8FF | 0xFFF0..=0xFFFF => return None,
        0xFE00..=0xFE0E => -8.0,
        _ if COMMON_EMOJI.contains(c) => -1.0,
        0x1F300..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF => -3.0,
        0x1F000..=0x1F2FF | 0x1F650..=0x1F67F | 0x1F700..=0x1F8FF | 0x1FA00..=0x1FAFF => -9.0,
        0x1FB00..=0x10FFFF => return None,
        _ => -8.0,
    };
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_vietnamese_letters_and_named_symbols() {
        assert_eq!(char_prior('ọ'), Some(0.0));
        assert_eq!(char_prior('”'), Some(0.0));
        assert!(char_prior('Î').unwrap() < char_prior('í').unwrap());
        assert_eq!(char_prior('\u{0081}'), None);
    }
}
