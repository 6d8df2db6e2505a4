//! `handbook`: a static site generator for books written as Markdown chapters, made for a
//! Vietnamese technical handbook.
//!
//! # The pipeline
//!
//! One module per stage; data flows one way, each stage taking the plain types of the one
//! before it. Stages 1–5 run per chapter file, in parallel; 6–8 once per book.
//!
//! | stage | module | from → to |
//! |---|---|---|
//! | 0 | [`config`] | `handbook.yaml` → [`config::Config`] |
//! | 1–2 | [`source`] | content/ and static/ → [`source::SourceFile`], its text |
//! | 3 | [`repair`] | text → [`repair::Repaired`] (mojibake undone) |
//! | 4 | [`frontmatter`] | text → [`frontmatter::Document`] |
//! | 1–4 | [`load`] | one chapter file → [`load::Loaded`] (the three above, once per file) |
//! | 5 | [`markdown`] (with [`mermaid`]) | document → [`markdown::Rendered`] |
//! | 6 | [`site`], then [`links`] | chapters → [`site::Site`], checked |
//! | 7 | [`render`] (with [`template`], [`search`], [`seo`]) | site → [`output::OutputFile`]s |
//! | 8 | [`output`] | files → the output folder, swapped in whole |
//!
//! [`build`] runs the chain (`Builder::load`: stages 1–6; `Builder::write_site`: 7–8);
//! [`check`] adds the checks of `handbook check` to what a build found; [`serve`] runs the same
//! functions again after each edit, choosing what to redo. [`import`] splits one big Markdown
//! file into a project. [`commands`] runs each command of the command line ([`cli`]).
//!
//! Below the stages, used by all: [`diag`] (located diagnostics, errors that name their path),
//! [`project`] (the folder names), [`url`] and [`html`] (links and escaping), [`yaml`]
//! (where values stand in YAML), [`stamp`] (change detection), [`slug`] (readable names
//! from text), [`ui`] (the texts of the interface in the book's language), [`theme`] (the
//! built-in templates and static files). `tests/it/architecture.rs`
//! holds this order and fails on an import that runs back up it, or on a cycle.
//!
//! `fuzzing` (hidden) runs the parts that read untrusted text for the fuzz targets of `fuzz/`
//! and the property tests.

pub mod build;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub(crate) mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod html;
pub(crate) mod import;
pub(crate) mod links;
pub(crate) mod load;
pub(crate) mod markdown;
pub mod mermaid;
pub mod output;
pub(crate) mod project;
pub(crate) mod render;
pub mod repair;
pub mod search;
pub(crate) mod seo;
pub(crate) mod serve;
pub(crate) mod site;
pub(crate) mod slug;
pub(crate) mod source;
pub(crate) mod stamp;
pub(crate) mod template;
pub(crate) mod theme;
pub(crate) mod ui;
pub mod url;
pub(crate) mod yaml;
