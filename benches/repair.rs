//! Benchmark of the repair stage: the whole handbook on one core, and ten times the text, to
//! check that the time is linear in the size. Prints the figures; no harness.
//!
//! `cargo bench --bench repair` (reads `../shared/seed/handbook.raw.md` relative to the crate
//! root; skipped with a message when it is absent).
//!
//! `… -- --once 1` (or `10`) repairs the text (or ten copies) once (after parsing the table on a one-line text), for
//! counting instructions: `valgrind --tool=callgrind --toggle-collect='*repair*repair'
//! target/release/deps/repair-* --once 10`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use handbook::repair::{damage, repair};

// The allocator of the `handbook` binary, so that the figures are the ones its users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: &str = "../shared/seed/handbook.raw.md";

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("repair bench skipped: {} not found", path.display());
        return;
    };
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
    let ten_text = ten_times(&text);
    let ten = best_of(7, || repair(black_box(&ten_text)).fixes.len());
    println!(
        "repair: handbook ({} KB, {fixes} fixes): {}",
        text.len() / 1024,
        one.show()
    );
    println!(
        "repair: 10x the text ({} KB): {}",
        ten_text.len() / 1024,
        ten.show()
    );
    println!(
        "repair: ratio 10x/1x: {:.2} wall, {:.2} cpu (linear = 10.0)",
        ten.wall.as_secs_f64() / one.wall.as_secs_f64(),
        ten.cpu.map_or(f64::NAN, |c| c.as_secs_f64())
            / one.cpu.map_or(f64::NAN, |c| c.as_secs_f64())
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
    let mut s = String::with_capacity(text.len() * 10 + 100);
    for i in 0..10 {
        s.push_str(text);
        s.push_str(&format!("\n\n# Copy {i}\n\n"));
    }
    s
}

/// The best of `n` runs (the least disturbed by other work on the machine).
fn best_of(n: usize, mut f: impl FnMut() -> usize) -> Timing {
    let runs: Vec<Timing> = (0..n)
        .map(|_| {
            let (c, t) = (thread_cpu(), Instant::now());
            black_box(f());
            let wall = t.elapsed();
            Timing {
                wall,
                cpu: thread_cpu().zip(c).map(|(b, a)| b.saturating_sub(a)),
            }
        })
        .collect();
    let wall = runs.iter().map(|r| r.wall).min().unwrap_or_default();
    let cpu = runs.iter().filter_map(|r| r.cpu).min();
    Timing { wall, cpu }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
