//! How a command ends: its exit code, and the problems it prints on the way.

use crate::diag::Diagnostic;

/// The exit code of a command that found problems it was asked to look for.
pub(super) const FOUND_PROBLEMS: u8 = 1;
/// The exit code of a command that an error stopped.
pub(super) const FAILED: u8 = 2;

/// Prints diagnostics to stderr, in order.
pub(super) fn report(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}
