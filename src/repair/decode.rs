//! Choosing the spellings of a run of adjacent damaged words jointly: Viterbi over the run with
//! the bigram scores, and max-marginals (best path through each spelling) for the confidence.
//!
//! Input: a [`Run`] of the lattice and a [`Scorer`]. Output: a [`Decision`] per word of the run.

use super::lattice::Run;
use super::probs::{argmax, softmax};
use super::repaired::Evidence;
use super::score::Scorer;
use super::spellings::Spelling;

/// The chosen spelling of one damaged word and each spelling's probability.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub(crate) probs: Vec<f32>,
    pub(crate) best: usize,
    /// The probability of the chosen spelling as a word alone, without the words around it.
    pub(crate) alone: f32,
}

impl Decision {
    /// The decision of a word whose spellings `cands` scored `marg` (natural log) in context.
    fn of(marg: Vec<f32>, cands: &[Spelling]) -> Decision {
        let best = argmax(&marg);
        let alone: Vec<f32> = cands.iter().map(|c| c.alone).collect();
        Decision {
            best,
            probs: softmax(&marg),
            alone: softmax(&alone)[best],
        }
    }

    /// What a fix of this decision reports.
    pub(crate) fn evidence(&self) -> Evidence {
        Evidence {
            context: self.confidence(),
            alone: self.alone,
        }
    }

    /// The probability of the chosen spelling.
    pub(crate) fn confidence(&self) -> f32 {
        self.probs[self.best]
    }

    /// Tempers the probabilities with those of an earlier reading of the same word: their
    /// geometric mean, renormalised. The choice stays; only how sure it is changes.
    pub(crate) fn temper(&mut self, earlier: &[f32]) {
        for (p, q) in self.probs.iter_mut().zip(earlier) {
            *p = (p.max(f32::MIN_POSITIVE) * q.max(f32::MIN_POSITIVE)).sqrt();
        }
        let total: f32 = self.probs.iter().sum();
        self.probs.iter_mut().for_each(|p| *p /= total);
    }
}

/// Decides every word of a run.
pub(crate) fn decode(run: &Run, s: &Scorer<'_>) -> Vec<Decision> {
    // Emissions: the lattice's, plus what the document taught about co-occurring words.
    let emit: Vec<Vec<f32>> = run
        .all_cands()
        .enumerate()
        .map(|(i, cands)| {
            cands
                .iter()
                .map(|c| c.emit + s.window(c.key, run.near(i)))
                .collect()
        })
        .collect();
    if run.len() == 1 {
        let cands = run.cands(0);
        // One word between two fixed ones (the usual case): no path to search.
        let marg: Vec<f32> = cands
            .iter()
            .zip(&emit[0])
            .map(|(c, e)| s.bigram(run.left(), c.key) + e + s.bigram(c.key, run.right()))
            .collect();
        return vec![Decision::of(marg, cands)];
    }
    let fwd = forward(run, &emit, s);
    let bwd = backward(run, &emit, s);
    fwd.iter()
        .zip(&bwd)
        .zip(run.all_cands())
        .map(|((f, b), cands)| {
            let marg: Vec<f32> = f.iter().zip(b).map(|(f, b)| f + b).collect();
            Decision::of(marg, cands)
        })
        .collect()
}

/// Best score of a path from the run's left context to each spelling (emission included).
fn forward(run: &Run, emit: &[Vec<f32>], s: &Scorer<'_>) -> Vec<Vec<f32>> {
    let mut fwd: Vec<Vec<f32>> = Vec::with_capacity(run.len());
    for (i, cands) in run.all_cands().enumerate() {
        let row = cands
            .iter()
            .zip(&emit[i])
            .map(|(c, e)| {
                let from = match i {
                    0 => s.bigram(run.left(), c.key),
                    _ => best_from(&fwd[i - 1], run.cands(i - 1), |p| s.bigram(p.key, c.key)),
                };
                from + e
            })
            .collect();
        fwd.push(row);
    }
    fwd
}

/// Best score of a path from each spelling (emission excluded) to the run's right context.
fn backward(run: &Run, emit: &[Vec<f32>], s: &Scorer<'_>) -> Vec<Vec<f32>> {
    let n = run.len();
    let mut bwd: Vec<Vec<f32>> = vec![Vec::new(); n];
    for i in (0..n).rev() {
        let next: Option<Vec<f32>> = (i + 1 < n).then(|| {
            emit[i + 1]
                .iter()
                .zip(&bwd[i + 1])
                .map(|(e, b)| e + b)
                .collect()
        });
        bwd[i] = run
            .cands(i)
            .iter()
            .map(|c| match &next {
                Some(next) => best_from(next, run.cands(i + 1), |d| s.bigram(c.key, d.key)),
                None => s.bigram(c.key, run.right()),
            })
            .collect();
    }
    bwd
}

/// max over the previous (or next) spellings of `score[j] + step(spelling[j])`.
fn best_from(score: &[f32], spellings: &[Spelling], step: impl Fn(&Spelling) -> f32) -> f32 {
    score
        .iter()
        .zip(spellings)
        .map(|(s, p)| s + step(p))
        .fold(f32::NEG_INFINITY, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tempering_keeps_the_choice_and_lowers_a_certainty_the_first_reading_lacked() {
        let mut last = Decision {
            probs: vec![0.99999, 0.00001],
            best: 0,
            alone: 0.5,
        };
        let first = Decision {
            probs: vec![0.6, 0.4],
            best: 0,
            alone: 0.5,
        };
        last.temper(&first.probs);
        assert_eq!(last.best, 0);
        assert!(
            (0.9..0.999).contains(&last.confidence()),
            "{:?}",
            last.probs
        );
        assert!((last.probs.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn tempering_by_the_same_reading_changes_nothing() {
        let mut d = Decision {
            probs: vec![0.7, 0.2, 0.1],
            best: 0,
            alone: 0.5,
        };
        let same = d.clone();
        d.temper(&same.probs);
        for (a, b) in d.probs.iter().zip(&same.probs) {
            assert!((a - b).abs() < 1e-6, "{:?}", d.probs);
        }
    }
}
