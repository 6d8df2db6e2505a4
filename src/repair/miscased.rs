//! A damage detector for text the repair leaves alone: a word with a capital Vietnamese letter
//! after a small one (`sỐ`, `tÁch`, `trưỞng`). That is how a wrongly restored byte looks
//! (`E1 BB 90` is `Ố`, where `E1 BB AD`, `ử`, was meant), and Vietnamese words never mix case
//! that way.

/// Words (with their 1-based character column) where a capital non-ASCII letter follows a
/// small letter. A letter right after `\` is an escape (`\nĐã`), not part of the word.
pub fn miscased_words(line: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphabetic() {
            i += 1;
            continue;
        }
        let start = if i > 0 && chars[i - 1].1 == '\\' {
            i + 1
        } else {
            i
        };
        let end = chars[i..]
            .iter()
            .position(|(_, c)| !c.is_alphabetic())
            .map_or(chars.len(), |n| i + n);
        let word = &chars[start.min(end)..end];
        if word
            .windows(2)
            .any(|w| w[0].1.is_lowercase() && w[1].1.is_uppercase() && !w[1].1.is_ascii())
        {
            let to = chars.get(end).map_or(line.len(), |(at, _)| *at);
            found.push((start + 1, &line[chars[start].0..to]));
        }
        i = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_capitals_inside_small_words() {
        assert_eq!(
            miscased_words("được sỐ dụng, tÁch"),
            [(6, "sỐ"), (15, "tÁch")]
        );
        assert_eq!(miscased_words("trưỞng nhỞ"), [(1, "trưỞng"), (8, "nhỞ")]);
    }

    #[test]
    fn leaves_clean_text_escapes_and_ascii_camel_case_alone() {
        assert!(miscased_words("Đồng bộ, ĐỒNG BỘ, Ở đây, Đã xong").is_empty());
        assert!(miscased_words(r#"print(f"\nĐã bắt được lỗi")"#).is_empty());
        assert!(miscased_words("macOS, iPhone, asyncIO, PyPI").is_empty());
    }
}
