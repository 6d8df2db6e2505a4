//! Decoding a whole document so that it teaches itself.
//!
//! Pass 1 decodes every damaged line with the table alone. Its confident choices (and the words
//! near them, English ones included) are then counted, and the runs it was unsure of are decoded
//! again with those counts: a document that clearly says `gửi yêu cầu` in one place is trusted to
//! say it in another. The lesson is given twice ([`LESSONS`]). (The document's undamaged words
//! are not counted: only the casings that survive the damage are undamaged, like `ĐỀ XUẤT` or
//! `ở`, and on the handbook that bias did more harm than good.)

use super::decode::{decode, Decision};
use super::doc_counts::DocCounts;
use super::lattice::{build, Lattice, Run};
use super::model::Model;
use super::pieces::Reversal;
use super::placement::Placement;
use super::score::Scorer;
use super::spellings::Memo;
use super::words::{words, Word};

/// Choices at least this sure are taught to the second pass. Measured on the handbook's gọi/gửi:
/// first-pass choices between 0.9 and 0.99 were wrong four times in ten, and taught their errors
/// (0.9 → 0.99: 39 → 31 wrong of 211).
const TEACH: f32 = 0.99;
/// How many times the document's sure choices are counted and its unsure runs decoded again.
/// Measured on the handbook: a second lesson 50 → 48 wrong, held-out help pages 14 → 14 (with the
/// former window of table words only, more lessons drifted: 31 → 35 of 211 gọi/gửi wrong).
const LESSONS: usize = 2;
/// Runs whose words are all at least this sure after the first pass are not decoded again.
const SURE: f32 = 0.999;

/// A line to repair, ready to decode.
#[derive(Debug)]
pub(crate) struct LineWork {
    pub(crate) r: Reversal,
    pub(crate) words: Vec<Word>,
    pub(crate) lattice: Lattice,
}

/// Cuts and prepares a line.
pub(crate) fn prepare<'a>(r: Reversal, line: &'a str, m: &Model, memo: &mut Memo<'a>) -> LineWork {
    // A line without gaps needs no words: it is decoded as it stands.
    let words = if r.gaps.is_empty() {
        Vec::new()
    } else {
        words(&r)
    };
    let lattice = if words.iter().any(|w| w.damaged) {
        build(&r, line, &words, m, memo)
    } else {
        Lattice::default()
    };
    LineWork { r, words, lattice }
}

/// A line's decisions after the first pass, and the runs it was unsure of.
#[derive(Debug)]
pub(crate) struct First {
    pub(crate) decisions: Vec<Vec<Decision>>,
    /// Which runs the first pass was unsure of.
    unsure: Vec<bool>,
    /// Those runs, in a lattice of their own (`None` if there are none).
    kept: Option<Lattice>,
}

impl First {
    /// The words of the runs the lessons will decide again (indices among the line's words, in
    /// order).
    pub(crate) fn undecided(&self) -> &[usize] {
        self.kept.as_ref().map_or(&[], Lattice::words)
    }
}

/// The runs of a line that the first pass was unsure of, kept for the lessons: written already
/// as the first pass read them, and rewritten in place as the lessons decide (see
/// [`writer`](super::writer)).
#[derive(Debug)]
pub(crate) struct Pending {
    lattice: Lattice,
    decisions: Vec<Vec<Decision>>,
    /// Where their words were written.
    pub(crate) placement: Placement,
}

impl Pending {
    /// The runs, with their decisions.
    pub(crate) fn decided(&self) -> impl Iterator<Item = (Run<'_>, &[Decision])> {
        self.lattice
            .runs()
            .zip(self.decisions.iter().map(|d| &d[..]))
    }
}

/// Decides a document line by line. A line the first pass is sure of is done with at once (its
/// work can be dropped: memory stays small and the time linear); the lattices of the others are
/// kept until [`Decider::finish`].
#[derive(Debug)]
pub(crate) struct Decider<'m> {
    m: &'m Model,
    /// The first pass uses the table alone.
    none: DocCounts,
    /// What the lines settled in the first pass teach.
    settled: DocCounts,
    pending: Vec<Pending>,
}

impl<'m> Decider<'m> {
    pub(crate) fn new(m: &'m Model) -> Decider<'m> {
        Decider {
            m,
            none: DocCounts::default(),
            settled: DocCounts::default(),
            pending: Vec::new(),
        }
    }

    /// The first pass over a line. Its sure runs teach at once: they will not change.
    pub(crate) fn first(&mut self, work: &LineWork) -> First {
        let s = Scorer::new(self.m, &self.none);
        let decisions: Vec<Vec<Decision>> =
            work.lattice.runs().map(|run| decode(&run, &s)).collect();
        let unsure: Vec<bool> = decisions
            .iter()
            .map(|ds| ds.iter().any(|d| d.confidence() < SURE))
            .collect();
        let runs = work.lattice.runs().zip(&decisions).zip(&unsure);
        for ((run, ds), _) in runs.filter(|(_, u)| !**u) {
            count_run(&mut self.settled, &run, ds);
        }
        let kept = unsure.contains(&true).then(|| work.lattice.only(&unsure));
        First {
            decisions,
            unsure,
            kept,
        }
    }

    /// Keeps a line's unsure runs, if any, for the lessons.
    pub(crate) fn keep(&mut self, first: First, placement: Placement) {
        let Some(lattice) = first.kept else { return };
        let decisions = (first.decisions.into_iter().zip(first.unsure))
            .filter_map(|(d, unsure)| unsure.then_some(d))
            .collect();
        self.pending.push(Pending {
            lattice,
            decisions,
            placement,
        });
    }

    /// The lessons: the kept lines' unsure runs decoded again with what the whole document's sure
    /// choices teach. Returns the kept lines with their final decisions.
    ///
    /// The lessons are evidence the document gives itself, counted from its own first choices, so
    /// the final reading overstates how sure it is: a word the table alone found doubtful can end
    /// at 0.99999 because its neighbours agree with one another. The confidence reported is
    /// therefore the geometric mean of the first reading and the final one (the choice is the
    /// final one's). Measured with `repair_eval`'s review line: a reader who checks the least sure
    /// tenth of the handbook's fixes finds 42 of its 49 wrong ones instead of 38, and the last
    /// wrong one comes at fix 1,935 instead of 6,637 (held-out help pages: 447 instead of 2,773).
    pub(crate) fn finish(mut self) -> Vec<Pending> {
        // The first reading of each word of the unsure runs, its probabilities end to end (one
        // buffer, written by the first lesson and read in the same order by the last, which
        // tempers each run as it decodes it: the lessons walk every kept line, and memory is
        // their cost).
        let mut first: Vec<f32> = Vec::new();
        let mut read = 0;
        for lesson in 0..LESSONS {
            let mut counts = self.settled.clone();
            for (run, ds) in self.pending.iter().flat_map(Pending::decided) {
                count_run(&mut counts, &run, ds);
            }
            let s = Scorer::new(self.m, &counts);
            // (A run the first pass was sure of cannot be swayed by what it taught: only the
            // unsure ones were kept.)
            for p in &mut self.pending {
                for (run, d) in p.lattice.runs().zip(&mut p.decisions) {
                    let earlier = std::mem::replace(d, decode(&run, &s));
                    if lesson == 0 {
                        first.extend(earlier.iter().flat_map(|e| &e.probs));
                    }
                    if lesson + 1 == LESSONS {
                        for last in d.iter_mut() {
                            let end = read + last.probs.len();
                            last.temper(&first[read..end]);
                            read = end;
                        }
                    }
                }
            }
        }
        self.pending
    }
}

/// Counts a run's sure choices, their neighbours and the words near them.
fn count_run(counts: &mut DocCounts, run: &Run<'_>, decisions: &[Decision]) {
    let mut prev = Some(run.left());
    for (i, (cands, d)) in run.all_cands().zip(decisions).enumerate() {
        let key = (d.confidence() >= TEACH).then(|| cands[d.best].key);
        if let Some(k) = key {
            counts.add_word(k, 1.0);
            counts.add_around(k, run.near(i), cands.len() > 1);
        }
        if let (Some(a), Some(b)) = (prev, key) {
            counts.add_pair(a, b, 1.0);
        }
        prev = key;
    }
    if let Some(a) = prev {
        counts.add_pair(a, run.right(), 1.0);
    }
}
