//! The dev server's rebuilds: the pipeline of `build`, with what did not change kept.
//!
//! Input: a [`Change`] saying which kinds of sources changed. Output: the whole site as
//! [`OutputFile`]s — always the same bytes a fresh [`Builder`] would produce (the equivalence
//! tests in `tests.rs` check every kind of change).
//!
//! This module only decides *what* to redo; the work is done by the functions `build` calls.
//! What is kept between rebuilds:
//! - the [`Builder`] (syntect sets, Tera, Mermaid diagrams), until the configuration changes;
//! - each chapter file's stages 1–4, keyed by a hash of its bytes;
//! - each chapter's stage 5, keyed by that hash and a hash of the link map (a renamed slug
//!   changes other chapters' links);
//! - each output of stage 7, keyed by [`crate::render::Pass::key`];
//! - the last successful [`Build`], from which [`Rebuilder::render_deferred`] renders the
//!   print view after the rest of the site is published;
//! - the search index, which each build brings up to date by indexing again only the pages
//!   whose text changed ([`SearchIndex::refresh`]); only the files of the index whose bytes
//!   changed are handed over again, the others kept from the last build.
//!
//! The print view holds every chapter, so rendering it costs more than the rest of a one-chapter
//! edit together: [`Rebuilder::rebuild`] leaves it for [`Rebuilder::render_deferred`], and
//! names its path in [`Outcome::pending`] so the server holds requests for it until it is
//! fresh (never serving a stale print view), while the edited page is published at once.
//!
//! content/ (chapters and the files beside them) and static/ are listed again on every rebuild
//! rather than trusting the watcher's paths, so a missed or merged event can never leave a
//! stale page behind: a new image beside a chapter is published as soon as it is saved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::watch::Change;
use crate::build::{self, Build, BuildError, Builder};
use crate::diag::Diagnostic;
use crate::load::{Documents, Loaded};
use crate::mermaid::MermaidRenderer;
use crate::output::OutputFile;
use crate::render::{Output, Pass};
use crate::search::{Changes, SearchIndex};
use crate::site::Chapter;
use crate::source;
use crate::stamp;
use crate::template::Templates;

/// The outputs rendered after the rest of the site is published: the print view holds every
/// chapter (3.5 MB of HTML for the handbook, three quarters of a one-chapter rebuild).
const DEFERRED: [Output; 1] = [Output::Print];

/// One chapter file after stages 1–4, and the hash of the bytes it came from.
struct CachedSource {
    hash: u64,
    loaded: Result<Loaded, Diagnostic>,
}

/// One chapter after stage 5, valid while its source hash and the link map are unchanged.
struct CachedChapter {
    hash: u64,
    links: u64,
    chapter: Chapter,
}

/// The files of one output of stage 7, valid while its key is unchanged.
struct CachedOutput {
    key: u64,
    files: Vec<OutputFile>,
}

/// A successful rebuild.
#[derive(Debug)]
pub(super) struct Outcome {
    /// Every file of the site, sorted by path; those in `pending` are the last build's (or
    /// missing on the first build) until [`Rebuilder::render_deferred`] renders them.
    pub files: Vec<OutputFile>,
    /// The paths of the deferred outputs that are stale, sorted.
    pub pending: Vec<String>,
    /// Warnings (a successful build has no errors), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// How many chapters went through stage 5 this time.
    pub chapters_rendered: usize,
    /// How many chapters came from the cache.
    pub chapters_reused: usize,
    /// How many outputs of stage 7 were rendered this time (the rest were kept or deferred).
    pub outputs_rendered: usize,
    /// How many files of the search index were written or removed this time.
    pub search_files_changed: usize,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// A failed rebuild: what to show in the terminal and the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    /// Every problem, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl From<BuildError> for Failure {
    fn from(error: BuildError) -> Self {
        Failure {
            diagnostics: vec![error.diagnostic()],
        }
    }
}

/// The dev server's long-lived pipeline.
pub(super) struct Rebuilder {
    root: PathBuf,
    base_url: Option<String>,
    builder: Option<Builder>,
    /// Invalidations not yet carried out because their step failed; retried on every rebuild.
    pending: Change,
    sources: HashMap<PathBuf, CachedSource>,
    chapters: HashMap<PathBuf, CachedChapter>,
    outputs: HashMap<Output, CachedOutput>,
    /// The last successful build: the deferred outputs are rendered from it.
    last: Option<Build>,
    /// The search index of the last successful build, brought up to date by the next one.
    search: SearchIndex,
}

impl Rebuilder {
    /// A pipeline for the project at `root`; nothing is loaded until the first [`Self::rebuild`].
    pub(super) fn new(root: &Path, base_url: Option<String>) -> Self {
        Self {
            root: root.to_path_buf(),
            base_url,
            builder: None,
            pending: Change::everything(),
            sources: HashMap::new(),
            chapters: HashMap::new(),
            outputs: HashMap::new(),
            last: None,
            search: SearchIndex::default(),
        }
    }

    /// Rebuilds the site after `change`.
    pub(super) fn rebuild(&mut self, change: &Change) -> Result<Outcome, Failure> {
        let started = Instant::now();
        self.pending.merge(change);
        self.refresh_tools()?;
        let builder = self
            .builder
            .as_ref()
            .expect("refresh_tools leaves a builder");
        let statics = source::static_files(&builder.config).map_err(BuildError::from)?;
        let content = source::discover(&builder.config).map_err(BuildError::from)?;
        let order = content.chapters;
        refresh_sources(builder, &mut self.sources, &order);
        let mut documents = collect(&self.sources, &order);
        let docs = std::mem::take(&mut documents.docs);
        let (chapters, chapters_rendered) =
            render_chapters(builder, &mut self.chapters, &self.sources, docs);
        let chapters_reused = chapters.len() - chapters_rendered;
        let mut build = builder.assemble(chapters, documents, statics, content.files);
        if build.errors() > 0 {
            return Err(Failure {
                diagnostics: build.diagnostics,
            });
        }
        crate::search::refresh(&mut self.search, &build.site);
        let search_changes = self.search.changed_files();
        let search_files_changed = search_changes.written.len() + search_changes.removed.len();
        let rendered = builder
            .pass(&build)
            .map_err(BuildError::from)
            .and_then(|pass| {
                let plan = builder.plan(&build);
                let rendered = render_stale(
                    &mut self.outputs,
                    &pass,
                    &plan,
                    &self.search,
                    search_changes,
                )?;
                Ok((plan, rendered))
            });
        let (plan, (outputs_rendered, pending)) = match rendered {
            Ok(rendered) => rendered,
            Err(error) => {
                // The changes taken from the index were not applied to the last build's files.
                self.outputs.remove(&Output::SearchIndex);
                return Err(error.into());
            }
        };
        let mut files: Vec<OutputFile> = plan
            .iter()
            .filter_map(|output| self.outputs.get(output))
            .flat_map(|cached| cached.files.iter().cloned())
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let diagnostics = std::mem::take(&mut build.diagnostics);
        self.last = Some(build);
        Ok(Outcome {
            files,
            pending,
            diagnostics,
            chapters_rendered,
            chapters_reused,
            outputs_rendered,
            search_files_changed,
            elapsed: started.elapsed(),
        })
    }

    /// Renders the deferred outputs that the last [`Self::rebuild`] left stale; returns their
    /// files (none when nothing was pending or the last rebuild failed).
    pub(super) fn render_deferred(&mut self) -> Result<Vec<OutputFile>, Failure> {
        let (Some(builder), Some(build)) = (&self.builder, &self.last) else {
            return Ok(Vec::new());
        };
        let pass = builder.pass(build).map_err(BuildError::from)?;
        let deferred: Vec<Output> = builder
            .plan(build)
            .into_iter()
            .filter(|output| DEFERRED.contains(output))
            .collect();
        let stale = stale(&self.outputs, &pass, &deferred);
        let files = render(&pass, &stale)?
            .into_iter()
            .flat_map(|(output, cached)| {
                let files = cached.files.clone();
                self.outputs.insert(output, cached);
                files
            })
            .collect();
        Ok(files)
    }

    /// Reloads whatever the pending changes invalidate; a failure keeps them pending.
    fn refresh_tools(&mut self) -> Result<(), Failure> {
        if self.pending.config || self.builder.is_none() {
            self.builder = None;
            self.sources.clear();
            self.chapters.clear();
            self.outputs.clear();
            self.last = None;
            self.search = SearchIndex::default();
            self.builder = Some(Builder::new(&self.root, self.base_url.clone())?);
            self.pending = Change::default();
            return Ok(());
        }
        let builder = self.builder.as_mut().expect("checked above");
        if self.pending.templates {
            builder.templates = Templates::load(&builder.config.root).map_err(BuildError::from)?;
            self.outputs.clear();
        }
        if self.pending.mermaid {
            builder.mermaid = MermaidRenderer::load(&self.root).with_labels(
                &builder.config.ui.mermaid_noscript,
                &builder.config.ui.mermaid_source,
            );
            self.chapters.retain(|_, c| !c.chapter.rendered.has_mermaid);
            self.outputs.clear();
        }
        self.pending = Change::default();
        Ok(())
    }
}

/// Renders the outputs of `plan` whose key changed, except the deferred ones, and drops those
/// no longer planned. The search index is never rendered from scratch here: its files are those
/// of the last build with `search_changes` applied, or all the files of `search` when there is
/// no last build. Returns how many outputs were rendered and the paths of the deferred outputs
/// left stale.
fn render_stale(
    outputs: &mut HashMap<Output, CachedOutput>,
    pass: &Pass<'_>,
    plan: &[Output],
    search: &SearchIndex,
    search_changes: Changes,
) -> Result<(usize, Vec<String>), BuildError> {
    let key = pass.key(Output::SearchIndex);
    match outputs.get_mut(&Output::SearchIndex) {
        Some(cached) => {
            apply(&mut cached.files, search_changes);
            cached.key = key;
        }
        None => {
            let files = search.files();
            outputs.insert(Output::SearchIndex, CachedOutput { key, files });
        }
    }
    let (later, now): (Vec<_>, Vec<_>) = stale(outputs, pass, plan)
        .into_iter()
        .partition(|(output, _)| DEFERRED.contains(output));
    let fresh = render(pass, &now)?;
    outputs.extend(fresh);
    outputs.retain(|output, _| plan.contains(output));
    let mut pending: Vec<String> = later.iter().flat_map(|&(o, _)| pass.paths(o)).collect();
    pending.sort();
    Ok((now.len(), pending))
}

/// The outputs of `plan` whose cached files are missing or keyed differently, with their keys.
fn stale(
    outputs: &HashMap<Output, CachedOutput>,
    pass: &Pass<'_>,
    plan: &[Output],
) -> Vec<(Output, u64)> {
    plan.iter()
        .map(|&output| (output, pass.key(output)))
        .filter(|(output, key)| outputs.get(output).is_none_or(|c| c.key != *key))
        .collect()
}

/// Renders `outputs` in parallel, each ready to cache under its key.
fn render(
    pass: &Pass<'_>,
    outputs: &[(Output, u64)],
) -> Result<Vec<(Output, CachedOutput)>, BuildError> {
    outputs
        .par_iter()
        .map(|&(output, key)| {
            let files = pass.render(output)?;
            Ok((output, CachedOutput { key, files }))
        })
        .collect()
}

/// `files` (sorted by path) with `changes` applied.
fn apply(files: &mut Vec<OutputFile>, changes: Changes) {
    let at =
        |files: &[OutputFile], path: &str| files.binary_search_by(|f| f.path.as_str().cmp(path));
    for path in changes.removed {
        if let Ok(i) = at(files, &path) {
            files.remove(i);
        }
    }
    for file in changes.written {
        match at(files, &file.path) {
            Ok(i) => files[i] = file,
            Err(i) => files.insert(i, file),
        }
    }
}

/// Stages 1–4 again for every file whose bytes changed (each file is read once); files that
/// disappeared are dropped.
fn refresh_sources(
    builder: &Builder,
    sources: &mut HashMap<PathBuf, CachedSource>,
    order: &[PathBuf],
) {
    sources.retain(|path, _| order.contains(path));
    let changed: Vec<(PathBuf, CachedSource)> = order
        .par_iter()
        .filter_map(|path| {
            let read = builder.read_file(path);
            let hash = read.as_ref().map_or(0, |file| stamp::of(&file.bytes));
            if sources.get(path).is_some_and(|s| s.hash == hash) {
                return None;
            }
            let loaded = read.and_then(|file| builder.load_source(&file));
            Some((path.clone(), CachedSource { hash, loaded }))
        })
        .collect();
    sources.extend(changed);
}

/// The documents and stage 1–4 diagnostics, in load order.
fn collect(sources: &HashMap<PathBuf, CachedSource>, order: &[PathBuf]) -> Documents {
    let mut documents = Documents::default();
    for (path, source) in order.iter().filter_map(|p| Some((p, sources.get(p)?))) {
        documents.add(path, source.loaded.clone());
    }
    documents
}

/// Stage 5 for the documents whose cached chapter is stale; returns every chapter in load
/// order and how many were rendered.
fn render_chapters(
    builder: &Builder,
    cache: &mut HashMap<PathBuf, CachedChapter>,
    sources: &HashMap<PathBuf, CachedSource>,
    docs: Vec<crate::frontmatter::Document>,
) -> (Vec<Chapter>, usize) {
    let links = build::links(&docs);
    cache.retain(|path, _| sources.get(path).is_some_and(|s| s.loaded.is_ok()));
    let order: Vec<PathBuf> = docs.iter().map(|d| d.rel_path.clone()).collect();
    let (fresh, stale): (Vec<_>, Vec<_>) = docs.into_iter().partition(|doc| {
        let hash = sources[&doc.rel_path].hash;
        cache
            .get(&doc.rel_path)
            .is_some_and(|c| c.hash == hash && c.links == links.stamp)
    });
    drop(fresh);
    let rendered = stale.len();
    let new: Vec<Chapter> = stale
        .into_par_iter()
        .map(|doc| builder.render_chapter(doc, &links))
        .collect();
    for chapter in new {
        let path = chapter.doc.rel_path.clone();
        let hash = sources[&path].hash;
        cache.insert(
            path,
            CachedChapter {
                hash,
                links: links.stamp,
                chapter,
            },
        );
    }
    let chapters = order.iter().map(|p| cache[p].chapter.clone()).collect();
    (chapters, rendered)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
