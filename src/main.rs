//! The `handbook` command line: parse the flags and hand over to [`handbook::commands::run`].

use clap::Parser;

// The system allocator, chosen by measurement: mimalloc built as fast, but its fresh pages
// (zeroed by the kernel at first touch) made a third of the build's time and tripled the peak
// resident memory (110 MB against 37 MB for the handbook); see benches/memory.sh.
fn main() -> std::process::ExitCode {
    handbook::commands::run(handbook::cli::Cli::parse())
}
