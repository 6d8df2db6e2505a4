//! Which characters are letters, as the repair's words and priors see them: a character inside a
//! word (as `tools/langdata/build_tables.py` cuts words), and the letters of Vietnamese.

/// Whether `c` belongs inside a word.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' => false,
        // Fast paths for Latin letters (Vietnamese lives here), before the Unicode tables.
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => c != '×' && c != '÷',
        '\u{0300}'..='\u{036F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `c` is a Vietnamese letter outside ASCII (all of U+1EA0..U+1EF9 are).
pub(crate) fn is_vietnamese(c: char) -> bool {
    matches!(
        c,
        'À' | 'Á'
            | 'Â'
            | 'Ã'
            | 'È'
            | 'É'
            | 'Ê'
            | 'Ì'
            | 'Í'
            | 'Ò'
            | 'Ó'
            | 'Ô'
            | 'Õ'
            | 'Ù'
            | 'Ú'
            | 'Ý'
            | 'à'
            | 'á'
            | 'â'
            | 'ã'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
            | 'Ă'
            | 'ă'
            | 'Đ'
            | 'đ'
            | 'Ĩ'
            | 'ĩ'
            | 'Ũ'
            | 'ũ'
            | 'Ơ'
            | 'ơ'
            | 'Ư'
            | 'ư'
            | '\u{1EA0}'..='\u{1EF9}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_letters_of_vietnamese_in_both_cases() {
        let all = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
        assert!(all
            .chars()
            .chain(all.to_uppercase().chars())
            .all(is_vietnamese));
        assert!(!is_vietnamese('ß') && !is_vietnamese('a'));
        assert!(all.chars().all(is_word_char) && !is_word_char('×') && !is_word_char('-'));
    }
}
