//! `handbook`: a static site generator for a Vietnamese technical handbook.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`config`] → [`source`] (discover, decode) → [`repair`] (mojibake) → [`frontmatter`] →
//! [`markdown`] (HTML, headings, highlighting, [`mermaid`]) → [`site`] (order, navigation) →
//! [`template`] / [`pages`] → [`output`]. [`build`] runs the whole chain; [`check`] runs it
//! without writing; [`serve`] keeps a [`build::Builder`] alive and rebuilds on edits.

pub mod build;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub mod epub;
pub mod frontmatter;
pub mod import;
pub mod links;
pub mod markdown;
pub mod mermaid;
pub mod output;
pub mod pages;
pub mod repair;
pub mod search;
pub mod seo;
pub mod serve;
pub mod site;
pub mod source;
pub mod template;
