//! What a gap can hold: every character that a sequence one byte short becomes when one of the
//! bytes the damage loses is put back, with its prior. Two- and three-byte sequences (all that
//! Vietnamese needs) come from a table built once; four-byte ones (emoji) are worked out afresh.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::bytes::LOST;
use super::priors::char_prior;

/// A candidate character for a gap, with its prior (natural log).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub(crate) ch: char,
    pub(crate) prior: f32,
}

/// The candidates of a short sequence: from a table built once for the two- and three-byte
/// forms (all that Vietnamese needs), computed afresh for the rare four-byte ones.
pub(crate) fn candidates(short: &[u8]) -> Option<Cow<'static, [Cand]>> {
    static TABLE: OnceLock<Vec<Option<Vec<Cand>>>> = OnceLock::new();
    let index = match *short {
        [lead] => usize::from(lead - 0xC0),
        [lead, cont] if lead >= 0xE0 => {
            0x20 + usize::from(lead - 0xE0) * 0x40 + usize::from(cont - 0x80)
        }
        _ => return fill(short).map(Cow::Owned),
    };
    let table = TABLE.get_or_init(|| {
        let two = (0xC0..0xE0u8).map(|lead| fill(&[lead]));
        let three =
            (0xE0..0xF0u8).flat_map(|lead| (0x80..0xC0u8).map(move |cont| fill(&[lead, cont])));
        two.chain(three).collect()
    });
    table.get(index)?.as_deref().map(Cow::Borrowed)
}

/// Every character that `short` (a sequence one byte short) can be, by inserting a lost byte
/// after the lead, best prior first. `None` when no insertion gives a plausible character.
fn fill(short: &[u8]) -> Option<Vec<Cand>> {
    let mut cands = Vec::new();
    let mut buf = [0u8; 4];
    for at in 1..=short.len() {
        for &lost in &LOST {
            buf[..at].copy_from_slice(&short[..at]);
            buf[at] = lost;
            buf[at + 1..=short.len()].copy_from_slice(&short[at..]);
            let Ok(s) = std::str::from_utf8(&buf[..=short.len()]) else {
                continue;
            };
            let Some(ch) = s.chars().next() else { continue };
            if let Some(prior) = char_prior(ch) {
                cands.push(Cand { ch, prior });
            }
        }
    }
    cands.sort_by(|a, b| b.prior.total_cmp(&a.prior));
    (!cands.is_empty()).then_some(cands)
}
