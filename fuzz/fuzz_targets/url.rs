//! Fuzz target: `handbook::fuzzing::url`; the input's first line is the page, the rest the link.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (from, href) = text.split_once('\n').unwrap_or(("a/b.html", &text));
    handbook::fuzzing::url(from, href);
});
