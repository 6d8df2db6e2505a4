//! The confidence a fix reports: the probability that its choice is right, calibrated on text the
//! language table was not built from.
//!
//! The decoder's own probabilities are not that. The document's lessons are evidence it gives
//! itself, and a bigram seen often in the help pages can point the wrong way for a word no source
//! holds (`không họ` for *không hề*): on the handbook, a dozen wrong choices scored 0.999 and
//! more. A logistic model over two readings of the choice ([`Evidence`]: in context, and as a word
//! alone, which tells a choice between two real words, `gọi`/`gửi`, from one between a word and a
//! misspelling) turns them into one probability. Its weights are fitted by
//! `tools/langdata/calibrate.py` on the held-out help pages and the prose written for the tests
//! (`repair_eval --fixes`), never on the handbook.

use super::repaired::Evidence;

/// Weights of the logits of [`Evidence::context`] and [`Evidence::alone`], and the intercept.
/// Fitted on the held-out help pages, `roundtrip/` and `capitals/` (4,868 fixes, 26 wrong).
const WEIGHTS: [f32; 3] = [0.4797, 0.3127, 0.6246];

/// The calibrated probability that a choice with this evidence is right.
pub(crate) fn confidence(e: Evidence) -> f32 {
    let [a, b, c] = WEIGHTS;
    let z = a * logit(e.context) + b * logit(e.alone) + c;
    1.0 / (1.0 + (-z).exp())
}

/// ln(p / (1 - p)), kept finite.
fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-7, 1.0 - 1e-7);
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_between_two_real_words_is_less_sure_than_one_between_a_word_and_a_misspelling() {
        let between_words = confidence(Evidence {
            context: 0.9999,
            alone: 0.7,
        });
        let against_a_misspelling = confidence(Evidence {
            context: 0.9999,
            alone: 0.99999,
        });
        assert!(between_words < 0.999 && against_a_misspelling > 0.999);
        let certain = confidence(Evidence::certain(1.0));
        assert!(certain > 0.99999 && certain <= 1.0);
    }
}
