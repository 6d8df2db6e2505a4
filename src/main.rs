//! The `handbook` command line: parse the flags and hand over to [`handbook::commands::run`].

use clap::Parser;
use handbook::cli::{Cli, Command};

/// A block this large is mapped on its own by glibc's malloc, and freeing it raises the size
/// from which blocks are mapped on their own to its size (so to 24 MiB), and the size past
/// which a heap's free top is given back to the kernel to twice that (mallopt(3), "dynamic
/// mmap threshold").
const THRESHOLD_RAISER: usize = 24 << 20;

/// What each thread's heap grows by at once, before the build needs it.
const HEAP_RESERVE: usize = 16 << 20;

// The system allocator, chosen by measurement: mimalloc built as fast, but its fresh pages
// (zeroed by the kernel at first touch) made a third of the build's time and tripled the peak
// resident memory (110 MB against 37 MB for the handbook); see benches/memory.sh.
fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Build(_) | Command::Check(_)) {
        reserve_heaps();
    }
    handbook::commands::run(cli)
}

/// Grows the heap of the main thread and of each thread of the pool once, by
/// [`HEAP_RESERVE`], for a command that builds the book once and ends.
///
/// With glibc's malloc, once [`THRESHOLD_RAISER`] has been freed, freeing [`HEAP_RESERVE`] on
/// a thread leaves that thread's heap grown by it and kept: the build then allocates within
/// it. Otherwise a thread's heap grows page by page, each step a system call (`mprotect`:
/// 1,493 per build of the handbook, 14 with this), and every free top is trimmed and faulted in
/// again. Measured by `benches/memory.sh` and interleaved builds: 1–6 % less wall time, 300
/// fewer page faults, 3.4 MB more peak resident memory. `mallopt` would do the same with
/// unsafe code, which the crate forbids. Other allocators just take and give back the blocks.
///
/// Not for `serve`: a process that lives on would keep up to twice the threshold of freed
/// memory per thread (after 20 edits of a chapter the dev server held 95 MB, against 81 MB).
fn reserve_heaps() {
    allocate_and_free(THRESHOLD_RAISER);
    allocate_and_free(HEAP_RESERVE);
    rayon::ThreadPoolBuilder::new()
        .start_handler(|_| allocate_and_free(HEAP_RESERVE))
        .build_global()
        .expect("nothing has started the thread pool yet");
}

/// Allocates `bytes` without touching them (no page is faulted in), and frees them.
fn allocate_and_free(bytes: usize) {
    let block = Vec::<u8>::with_capacity(bytes);
    // Kept from the optimiser, which may drop an allocation that nothing reads.
    std::hint::black_box(&block);
}
