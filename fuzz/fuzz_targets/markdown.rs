//! Fuzz target: `handbook::fuzzing::markdown` on any input (bytes read as UTF-8, lossily).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    handbook::fuzzing::markdown(&String::from_utf8_lossy(data));
});
