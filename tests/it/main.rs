//! The one integration-test binary: each module tests one area through the real `handbook`
//! binary, real files, a real HTTP server and, where installed, headless Chromium.

mod browser;
mod build;
mod check;
mod epub;
mod mermaid;
mod repair;
mod search;
mod serve;
mod support;
