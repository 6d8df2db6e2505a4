//! The one integration-test binary: each module tests one area through the real `handbook`
//! binary, real files, a real HTTP server and, where installed, headless Chromium.

// The test binary's modules share helpers with `pub`; the crate is never a dependency, so
// nothing here is a public surface.
#![allow(unreachable_pub)]

mod a11y;
mod architecture;
mod author;
mod browser;
mod build;
mod check;
mod epub;
mod mermaid;
mod print;
mod properties;
mod regex_engine;
mod repair;
mod robust;
mod search;
mod serve;
mod support;
