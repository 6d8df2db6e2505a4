//! Fuzz target: `handbook::fuzzing::serve_path` on any input (bytes read as UTF-8, lossily).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    handbook::fuzzing::serve_path(&String::from_utf8_lossy(data));
});
