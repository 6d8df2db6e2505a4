//! The dev server's long-lived builder: the full pipeline with per-file caching.
//!
//! Input: a [`Change`] saying which kinds of sources changed. Output: the whole site as
//! [`OutputFile`]s — always the same bytes a fresh [`Builder`] would produce (the
//! equivalence tests in `tests.rs` check every kind of change).
//!
//! What is kept between rebuilds: the [`Builder`] (syntect sets, Tera, Mermaid renderer),
//! every chapter file's stages 1–4 keyed by a hash of its bytes, and its stage 5 [`Chapter`]
//! keyed by that hash and a hash of the link map (a renamed slug changes other chapters'
//! links). What is always redone, because it is global and cheap: reading and hashing
//! content/, assembling the site, the link checks and the templates (stages 6–7).
//! Content is rescanned on every rebuild rather than trusting the watcher's paths, so a
//! missed or merged event can never leave a stale page behind.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, Builder, Documents, Loaded};
use crate::config::ConfigError;
use crate::diag::{Diagnostic, Severity};
use crate::frontmatter::Document;
use crate::mermaid::MermaidRenderer;
use crate::output::OutputFile;
use crate::site::{self, Chapter};
use crate::template::{TemplateError, Templates};

use super::stage7::Stage7;
use super::watch::Change;

/// One chapter file after stages 1–4, and the hash of the bytes it came from.
struct Source {
    hash: u64,
    loaded: Result<Loaded, Diagnostic>,
}

/// One chapter after stage 5, valid while its source hash and the link map are unchanged.
struct Rendered {
    hash: u64,
    links: u64,
    /// A number no other render of any chapter had: stage 7 keys pages by it.
    seq: u64,
    chapter: Chapter,
}

/// A successful rebuild.
#[derive(Debug)]
pub struct Outcome {
    /// Every file of the site.
    pub files: Vec<OutputFile>,
    /// Warnings (a successful build has no errors), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// How many chapters went through stage 5 this time.
    pub rendered: usize,
    /// How many chapters came from the cache.
    pub reused: usize,
    /// Whether only the pages whose inputs changed were rendered again (stage 7).
    pub patched: bool,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// A failed rebuild: what to show in the terminal and the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Every problem, errors first among equals, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn one(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }
}

/// The incremental builder.
pub struct Incremental {
    root: PathBuf,
    base_url: Option<String>,
    builder: Option<Builder>,
    /// Invalidations not yet carried out because their step failed; retried on every rebuild.
    pending: Change,
    sources: HashMap<PathBuf, Source>,
    chapters: HashMap<PathBuf, Rendered>,
    next_seq: u64,
    stage7: Stage7,
    /// Set by changes that can touch any output file; cleared by a successful full render.
    needs_full_render: bool,
}

impl Incremental {
    /// A builder for the project at `root`; nothing is loaded until the first [`Self::rebuild`].
    pub fn new(root: &Path, base_url: Option<String>) -> Self {
        let pending = Change {
            config: true,
            ..Change::default()
        };
        Self {
            root: root.to_path_buf(),
            base_url,
            builder: None,
            pending,
            sources: HashMap::new(),
            chapters: HashMap::new(),
            next_seq: 0,
            stage7: Stage7::default(),
            needs_full_render: true,
        }
    }

    /// Rebuilds the site after `change`.
    pub fn rebuild(&mut self, change: &Change) -> Result<Outcome, Failure> {
        let started = Instant::now();
        self.pending.merge(change);
        let p = &self.pending;
        self.needs_full_render |= p.config || p.templates || p.static_files || p.mermaid;
        self.refresh_tools()?;
        let builder = self
            .builder
            .as_ref()
            .expect("refresh_tools leaves a builder");
        let order = build_order(builder)?;
        refresh_sources(builder, &mut self.sources, &order);
        let Documents {
            docs,
            mut diagnostics,
            failed,
            ..
        } = collect(&self.sources, &order);
        let links = build::link_map(&docs);
        let links_hash = hash_links(&links);
        let links = (&links, links_hash);
        let (chapters, rendered) = render(
            builder,
            &mut self.chapters,
            &mut self.next_seq,
            &self.sources,
            docs,
            links,
        );
        let reused = chapters.len() - rendered;
        let (site, site_diagnostics) = site::assemble(&builder.config, chapters, &failed);
        diagnostics.extend(site_diagnostics);
        diagnostics.extend(crate::links::check(&builder.config, &site));
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(Failure { diagnostics });
        }
        let seqs: Vec<u64> = site
            .pages
            .iter()
            .map(|p| self.chapters[&p.chapter.doc.rel_path].seq)
            .collect();
        let patched = !self.needs_full_render && self.stage7.patchable();
        let files = if self.needs_full_render {
            self.stage7.full(builder, &site, &seqs)
        } else {
            self.stage7.patch(builder, &site, &seqs)
        };
        let files = files.map_err(|e| Failure::one(config_failure(&e)))?;
        self.needs_full_render = false;
        Ok(Outcome {
            files,
            diagnostics,
            rendered,
            reused,
            patched,
            elapsed: started.elapsed(),
        })
    }

    /// Reloads whatever the pending changes invalidate; a failure keeps them pending.
    fn refresh_tools(&mut self) -> Result<(), Failure> {
        if self.pending.config || self.builder.is_none() {
            self.builder = None;
            self.sources.clear();
            self.chapters.clear();
            let builder = Builder::new(&self.root, self.base_url.clone())
                .map_err(|e| Failure::one(config_failure(&e)))?;
            self.builder = Some(builder);
            self.pending = Change::default();
            return Ok(());
        }
        let builder = self.builder.as_mut().expect("checked above");
        if self.pending.templates {
            builder.templates = Templates::load(&builder.config.templates_dir())
                .map_err(|e| Failure::one(template_failure(&e)))?;
            self.pending.templates = false;
        }
        if self.pending.mermaid {
            builder.mermaid = MermaidRenderer::load(&self.root);
            self.chapters.retain(|_, c| !c.chapter.rendered.has_mermaid);
            self.pending.mermaid = false;
        }
        self.pending = Change::default();
        Ok(())
    }
}

/// The chapter files under content/, in the order a full build loads them.
fn build_order(builder: &Builder) -> Result<Vec<PathBuf>, Failure> {
    crate::source::discover(&builder.config).map_err(|e| Failure::one(fatal("content", &e)))
}

/// Stages 1–4 again for every file whose bytes changed; files that disappeared are dropped.
fn refresh_sources(builder: &Builder, sources: &mut HashMap<PathBuf, Source>, order: &[PathBuf]) {
    let content = builder.config.content_dir();
    sources.retain(|path, _| order.contains(path));
    let hashes: Vec<(PathBuf, u64)> = order
        .par_iter()
        .map(|path| {
            (
                path.clone(),
                std::fs::read(content.join(path)).map_or(0, |bytes| hash_bytes(&bytes)),
            )
        })
        .filter(|(path, hash)| sources.get(path).is_none_or(|s| s.hash != *hash))
        .collect();
    let loaded: Vec<(PathBuf, Source)> = hashes
        .into_par_iter()
        .map(|(path, hash)| {
            let loaded = builder.load_document(&path);
            (path, Source { hash, loaded })
        })
        .collect();
    sources.extend(loaded);
}

/// The documents and stage 1–4 diagnostics, in load order.
fn collect(sources: &HashMap<PathBuf, Source>, order: &[PathBuf]) -> Documents {
    let mut documents = Documents::default();
    for (path, source) in order.iter().filter_map(|p| Some((p, sources.get(p)?))) {
        documents.add(path, source.loaded.clone());
    }
    documents
}

/// Stage 5 for the documents whose cached chapter is stale; returns every chapter in load
/// order and how many were rendered.
fn render(
    builder: &Builder,
    cache: &mut HashMap<PathBuf, Rendered>,
    next_seq: &mut u64,
    sources: &HashMap<PathBuf, Source>,
    docs: Vec<Document>,
    links: (&crate::markdown::LinkMap, u64),
) -> (Vec<Chapter>, usize) {
    let (links, links_hash) = links;
    cache.retain(|path, _| sources.get(path).is_some_and(|s| s.loaded.is_ok()));
    let order: Vec<PathBuf> = docs.iter().map(|d| d.rel_path.clone()).collect();
    let is_fresh = |doc: &Document| {
        let hash = sources[&doc.rel_path].hash;
        cache
            .get(&doc.rel_path)
            .is_some_and(|c| c.hash == hash && c.links == links_hash)
    };
    let stale: Vec<Document> = docs.into_iter().filter(|d| !is_fresh(d)).collect();
    let rendered = stale.len();
    let new: Vec<Chapter> = stale
        .into_par_iter()
        .map(|doc| builder.render_document(doc, links))
        .collect();
    for chapter in new {
        let hash = sources[&chapter.doc.rel_path].hash;
        *next_seq += 1;
        cache.insert(
            chapter.doc.rel_path.clone(),
            Rendered {
                hash,
                links: links_hash,
                seq: *next_seq,
                chapter,
            },
        );
    }
    (
        order.iter().map(|p| cache[p].chapter.clone()).collect(),
        rendered,
    )
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn hash_links(links: &crate::markdown::LinkMap) -> u64 {
    let mut entries: Vec<_> = links.iter().collect();
    entries.sort();
    let mut hasher = DefaultHasher::new();
    entries.hash(&mut hasher);
    hasher.finish()
}

/// A diagnostic for an error that stops the whole build.
fn fatal(what: &str, error: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(what, 0, 0, "build", error.to_string())
}

/// A template that failed to load or render, located at the template.
fn template_failure(error: &TemplateError) -> Diagnostic {
    Diagnostic::error(&error.path, 0, 0, "template", &error.message)
}

/// The error's own diagnostic when it has one (configuration with its line, template with its
/// path), else the whole error chain.
fn config_failure(error: &anyhow::Error) -> Diagnostic {
    if let Some(template) = error.downcast_ref::<TemplateError>() {
        return template_failure(template);
    }
    match error.downcast_ref::<ConfigError>() {
        Some(ConfigError::Invalid(diagnostic)) => diagnostic.clone(),
        _ => {
            let message = error
                .chain()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(": ");
            Diagnostic::error(crate::config::CONFIG_FILE, 0, 0, "build", message)
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
