//! Benchmark of the repair stage: the whole handbook on one core, and ten times the text, to
//! check that the time is linear in the size. Prints the figures; no harness.
//!
//! Linearity is measured in rounds of equal work: ten repairs of the handbook, then one of ten
//! copies of it (the order alternating from round to round), so that a shared machine's drift
//! falls on both sides alike; the figure is the median of the rounds' ratios. (Comparing the best
//! single runs, as this bench did first, put a run of one size against a run of the other taken
//! seconds apart, and the figure moved by ±0.4 between runs of the same binary.)
//!
//! `cargo bench --bench repair` (reads the handbook as received, `tests/fixtures/handbook.raw.md`).
//!
//! `… -- --once 1` (or `10`) repairs the text (or ten copies) once (after parsing the table on a one-line text), for
//! counting instructions: `valgrind --tool=callgrind --toggle-collect='*repair*repair'
//! target/release/deps/repair-* --once 10`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use handbook::repair::{damage, repair};

const SEED: &str = "tests/fixtures/handbook.raw.md";

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args
        .iter()
        .position(|a| a == "--once")
        .map(|i| &args[i + 1])
    {
        let k: usize = k.parse().unwrap_or(1);
        black_box(repair(&damage("Lập trình")).fixes.len());
        let text = if k == 1 { text } else { ten_times(&text) };
        let t = Instant::now();
        let n = repair(black_box(&text)).fixes.len();
        println!("repair once ({k}x): {n} fixes, {:.1} ms", ms(t.elapsed()));
        return;
    }
    // Warm up: the language table is parsed once, on first use.
    let fixes = repair(&text).fixes.len();
    let one = best_of(15, || repair(black_box(&text)).fixes.len());
    println!(
        "repair: handbook ({} KB, {fixes} fixes): {}",
        text.len() / 1024,
        one.show()
    );
    let ten_text = ten_times(&text);
    let ratios = linearity(&text, &ten_text, ROUNDS);
    println!(
        "repair: 10x the text ({} KB) against ten repairs of the handbook, {ROUNDS} rounds: \
         ratio {:.2} (median; {:.2} to {:.2}; linear = 10.0)",
        ten_text.len() / 1024,
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1],
    );
    // What every build pays: the repaired handbook, clean, examined and handed back as it is.
    let clean = repair(&text).text.into_owned();
    let checked = best_of(15, || repair(black_box(&clean)).fixes.len());
    println!(
        "repair: the repaired handbook, clean ({} KB): {}",
        clean.len() / 1024,
        checked.show()
    );
}

/// Rounds of the linearity measurement.
const ROUNDS: usize = 15;

/// The ratio (times ten) of the CPU time of one repair of `ten` to that of ten repairs of `one`,
/// per round; sorted.
fn linearity(one: &str, ten: &str, rounds: usize) -> Vec<f64> {
    let time = |f: &dyn Fn() -> usize| {
        let t = measure(f);
        t.cpu.unwrap_or(t.wall).as_secs_f64()
    };
    let ones = || (0..10).map(|_| repair(black_box(one)).fixes.len()).sum();
    let tens = || repair(black_box(ten)).fixes.len();
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|round| {
            let (a, b) = if round % 2 == 0 {
                (time(&ones), time(&tens))
            } else {
                let b = time(&tens);
                (time(&ones), b)
            };
            10.0 * b / a
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios
}

/// Wall-clock time, and the thread's CPU time (steadier on a busy machine).
#[derive(Debug, Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Timing {
    fn show(&self) -> String {
        let cpu = self
            .cpu
            .map_or_else(String::new, |c| format!(", {:.1} ms cpu", ms(c)));
        format!("{:.1} ms wall{cpu}", ms(self.wall))
    }
}

/// The CPU time this thread has run (the kernel's per-thread clock, to the nanosecond).
fn thread_cpu() -> Option<Duration> {
    cpu_time::ThreadTime::try_now()
        .ok()
        .map(|t| t.as_duration())
}

/// Ten copies, each a distinct document region (a heading line between them keeps lines apart).
fn ten_times(text: &str) -> String {
    // Room for the headings too: a buffer that grew would double, and hold twice the text.
    let mut s = String::with_capacity((text.len() + 32) * 10);
    for i in 0..10 {
        s.push_str(text);
        s.push_str(&format!("\n\n# Copy {i}\n\n"));
    }
    s
}

/// One run of `f`.
fn measure(f: impl FnOnce() -> usize) -> Timing {
    let (c, t) = (thread_cpu(), Instant::now());
    black_box(f());
    let wall = t.elapsed();
    Timing {
        wall,
        cpu: thread_cpu().zip(c).map(|(b, a)| b.saturating_sub(a)),
    }
}

/// The best of `n` runs (the least disturbed by other work on the machine).
fn best_of(n: usize, mut f: impl FnMut() -> usize) -> Timing {
    let runs: Vec<Timing> = (0..n).map(|_| measure(&mut f)).collect();
    let wall = runs.iter().map(|r| r.wall).min().unwrap_or_default();
    let cpu = runs.iter().filter_map(|r| r.cpu).min();
    Timing { wall, cpu }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
