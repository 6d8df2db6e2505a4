//! The colours of highlighted code, made legible: every token colour of a syntect theme is
//! brought to a contrast of at least [`MIN_CONTRAST`] against the background code blocks have
//! in that theme (WCAG 2.1 AA for normal text is 4.5:1), keeping its hue and saturation.
//!
//! Input: a syntect [`Theme`] and the code background of the site's theme (`--code-bg` in
//! `static/assets/css/handbook.css`). Output: the same theme with its too-faint colours made
//! darker (on a light background) or lighter (on a dark one), and no backgrounds of its own,
//! so that every token stands on the block's background, where the contrast was measured.

use syntect::highlighting::{Color, Theme};

/// The contrast every token colour reaches: AA's 4.5:1 with a margin for rounding.
pub(crate) const MIN_CONTRAST: f64 = 4.6;

/// `theme` with every foreground legible on `background` and its backgrounds removed.
pub(crate) fn legible(theme: &Theme, background: Rgb) -> Theme {
    let mut theme = theme.clone();
    let fix = |color: &mut Option<Color>| {
        if let Some(c) = color {
            *c = readable(Rgb::over(*c, background), background).into();
        }
    };
    fix(&mut theme.settings.foreground);
    theme.settings.background = None;
    for item in &mut theme.scopes {
        fix(&mut item.style.foreground);
        item.style.background = None;
    }
    theme
}

/// An opaque colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    #[cfg(test)]
    pub(crate) fn parse(hex: &str) -> Option<Rgb> {
        let hex = hex.strip_prefix('#')?;
        let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        (hex.len() == 6).then_some(Rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// A colour with transparency as it shows over `background`.
    fn over(c: Color, background: Rgb) -> Rgb {
        let a = f64::from(c.a) / 255.0;
        let mix = |fg: u8, bg: u8| (f64::from(fg) * a + f64::from(bg) * (1.0 - a)).round() as u8;
        Rgb(
            mix(c.r, background.0),
            mix(c.g, background.1),
            mix(c.b, background.2),
        )
    }

    /// WCAG's relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

impl From<Rgb> for Color {
    fn from(c: Rgb) -> Color {
        Color {
            r: c.0,
            g: c.1,
            b: c.2,
            a: 0xFF,
        }
    }
}

/// WCAG's contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg` if it is legible on `bg`; else the colour of the same hue and saturation, nearest in
/// lightness, that is (darker on a light background, lighter on a dark one).
pub(crate) fn readable(fg: Rgb, bg: Rgb) -> Rgb {
    if contrast(fg, bg) >= MIN_CONTRAST {
        return fg;
    }
    let (h, s, l) = to_hsl(fg);
    let toward = if bg.luminance() > 0.18 { 0.0 } else { 1.0 };
    // Black is legible on any background of luminance above 0.18, white below it: search
    // between the colour's lightness and that end for the nearest legible one.
    let (mut near, mut far) = (l, toward);
    for _ in 0..24 {
        let mid = (near + far) / 2.0;
        if contrast(from_hsl(h, s, mid), bg) >= MIN_CONTRAST {
            far = mid;
        } else {
            near = mid;
        }
    }
    from_hsl(h, s, far)
}

fn to_hsl(c: Rgb) -> (f64, f64, f64) {
    let [r, g, b] = [c.0, c.1, c.2].map(|v| f64::from(v) / 255.0);
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = d / (1.0 - (2.0 * l - 1.0).abs());
    let h = if max == r {
        ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h * 60.0, s, l)
}

fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let channel = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb(channel(r), channel(g), channel(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIGHT: Rgb = Rgb(0xf6, 0xf4, 0xef);
    const DARK: Rgb = Rgb(0x1b, 0x1d, 0x23);

    #[test]
    fn contrast_matches_wcag_examples() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes AA on white: 4.54:1.
        assert!((contrast(Rgb(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn faint_colours_are_darkened_or_lightened_keeping_their_hue() {
        let comment = Rgb(0x96, 0x98, 0x96);
        let fixed = readable(comment, LIGHT);
        assert!(contrast(fixed, LIGHT) >= MIN_CONTRAST);
        assert!(
            contrast(fixed, LIGHT) < MIN_CONTRAST + 0.1,
            "no darker than needed"
        );
        let blue = Rgb(0x00, 0x86, 0xb3);
        let (h, s, _) = to_hsl(blue);
        let (h2, s2, l2) = to_hsl(readable(blue, LIGHT));
        assert!(
            (h - h2).abs() < 2.0 && (s - s2).abs() < 0.05,
            "{h} {s} → {h2} {s2}"
        );
        assert!(l2 < to_hsl(blue).2);
        let dark_comment = Rgb(0x5c, 0x63, 0x70);
        let lighter = readable(dark_comment, DARK);
        assert!(contrast(lighter, DARK) >= MIN_CONTRAST);
        assert!(to_hsl(lighter).2 > to_hsl(dark_comment).2);
    }

    #[test]
    fn legible_colours_are_kept() {
        let ink = Rgb(0x18, 0x36, 0x91);
        assert_eq!(readable(ink, LIGHT), ink);
        assert_eq!(Rgb::parse("#183691"), Some(ink));
        assert_eq!(Rgb::parse("183691"), None);
        assert_eq!(Rgb::parse("#18369"), None);
    }

    #[test]
    fn hsl_round_trips() {
        for c in [Rgb(0xa7, 0x1d, 0x5d), Rgb(0x62, 0xa3, 0x5c), Rgb(9, 9, 9)] {
            let (h, s, l) = to_hsl(c);
            assert_eq!(from_hsl(h, s, l), c);
        }
    }
}
