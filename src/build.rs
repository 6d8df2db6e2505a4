//! The pipeline: from the project folder to the files of the site.
//!
//! [`Builder`] holds what is expensive to create (grammars, templates, Mermaid diagrams) so the
//! dev server can keep one alive across rebuilds. [`Builder::load`] runs stages 1–6 and the
//! content checks: every chapter file is read, decoded, repaired and parsed once, in parallel
//! ([`Builder::load_file`], [`Builder::render_chapter`]), then the book is assembled and its
//! links checked ([`Builder::assemble`]). Stage 7 renders the site ([`Builder::render_site`]
//! in memory, [`Builder::write_site`] streaming each file to disk). The dev server calls the
//! same functions, choosing only which files and outputs to redo.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::diag::{Diagnostic, Error, Severity};
pub use crate::epub::EpubError;
use crate::frontmatter::Document;
use crate::load::{self, Damage, Documents, Loaded};
use crate::markdown::{self, highlight::Highlighter, LinkMap, Renderers};
use crate::mermaid::MermaidRenderer;
use crate::output::{OutputFile, Staging};
use crate::project::Folder;
pub use crate::render::RenderError;
use crate::render::{self, Output, Pass, Renderer, Sources};
use crate::site::{self, Chapter, Site};
use crate::source::{self, SourceFile, StaticFile};
use crate::stamp;
pub use crate::template::TemplateError;
use crate::template::Templates;

/// The long-lived state of the pipeline.
pub struct Builder {
    /// The validated configuration.
    pub(crate) config: Config,
    /// Code highlighting: its grammars are loaded on first use ([`Builder::highlighter`]),
    /// which a build makes while it reads the sources ([`Builder::load`]).
    highlighter: OnceLock<Highlighter>,
    /// Mermaid diagrams.
    pub(crate) mermaid: MermaidRenderer,
    /// The templates.
    pub(crate) templates: Templates,
    /// The public URL of the site, if known (ends with `/`).
    pub(crate) base_url: Option<String>,
    /// Whether loading looks for damage the repair cannot fix (for `check`; a build does not
    /// pay for it).
    scan_damage: bool,
    /// The file name of the book's EPUB when [`Builder::write_site`] writes one
    /// ([`Builder::with_epub`]); the home page links to it.
    epub: Option<String>,
}

/// The book as stages 1–4 leave it: its static files, the files of content/, and each
/// chapter loaded (or why it could not be), in the order of `content.chapters`.
struct ReadBook {
    statics: Vec<StaticFile>,
    content: source::Content,
    loaded: Vec<Result<Loaded, Diagnostic>>,
}

/// Everything stages 1–6 produced: the book, its static files, and what is wrong with them.
#[derive(Debug)]
pub struct Build {
    /// The book, assembled.
    pub site: Site,
    /// The files of static/ (over the built-in theme's).
    pub(crate) statics: Vec<StaticFile>,
    /// The files of content/ that chapters link to or show.
    pub(crate) assets: Vec<StaticFile>,
    /// Every problem found, sorted (mojibake summed up once per file).
    pub diagnostics: Vec<Diagnostic>,
    /// The damaged text of each file that has any (`check` reports every place).
    pub(crate) damage: Vec<(PathBuf, Damage)>,
}

impl Build {
    /// How many errors the build found.
    pub fn errors(&self) -> usize {
        count_errors(&self.diagnostics)
    }
}

/// Why the pipeline could not run or finish.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `handbook.yaml` is missing or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A template failed to load.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A file of the site could not be made.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A file or folder could not be read or written.
    #[error(transparent)]
    Io(#[from] Error),
    /// The EPUB could not be made.
    #[error(transparent)]
    Epub(#[from] EpubError),
}

impl BuildError {
    /// The error as a located diagnostic, for the terminal, `check --format json` and the
    /// dev server's overlay.
    pub fn diagnostic(&self) -> Diagnostic {
        let template =
            |e: &TemplateError| Diagnostic::error(&e.path, e.line, e.col, "template", &e.message);
        match self {
            BuildError::Config(ConfigError::Invalid(d)) => d.clone(),
            BuildError::Template(e) | BuildError::Render(RenderError::Template(e)) => template(e),
            BuildError::Config(ConfigError::Io(e)) | BuildError::Io(e) => e.diagnostic(),
            BuildError::Render(RenderError::Io(e)) => e.diagnostic(),
            BuildError::Epub(e) => e.diagnostic(),
        }
    }
}

impl Builder {
    /// Loads the configuration, templates and Mermaid cache of the project at `root` (the
    /// grammars load on first use: [`Builder::highlighter`]).
    pub fn new(root: &Path, base_url: Option<String>) -> Result<Self, BuildError> {
        let config = Config::load(root)?;
        // Independent, and each a few milliseconds of a 0.1 s build: side by side.
        let (templates, mermaid) = rayon::join(
            || Templates::load(&config.root),
            || {
                MermaidRenderer::load(root)
                    .with_labels(&config.ui.mermaid_noscript, &config.ui.mermaid_source)
            },
        );
        let templates = templates?;
        stray_controls_in_config(&config)?;
        let base_url = checked_base_url(&config, base_url)?;
        Ok(Self {
            mermaid,
            highlighter: OnceLock::new(),
            config,
            templates,
            base_url,
            scan_damage: false,
            epub: None,
        })
    }

    /// The same builder, writing the whole book as one EPUB too (`build --epub`), at the root
    /// of the site under the title's slug; the home page links to it.
    pub fn with_epub(self) -> Self {
        Self {
            epub: Some(crate::epub::file_name(&self.config.book.title)),
            ..self
        }
    }

    /// The same builder, loading every file as `check` needs it: with the damage the repair
    /// cannot fix found too.
    pub fn for_check(self) -> Self {
        Self {
            scan_damage: true,
            ..self
        }
    }

    /// The code highlighter, its grammars loaded on the first call.
    pub(crate) fn highlighter(&self) -> &Highlighter {
        self.highlighter.get_or_init(Highlighter::new)
    }

    /// Stage 1 for one chapter file (relative to content/).
    pub(crate) fn read_file(&self, rel_path: &Path) -> Result<SourceFile, Diagnostic> {
        source::check_name(rel_path)?;
        source::read(&self.config, rel_path).map_err(|e| {
            Diagnostic::error(Folder::Content.display(rel_path), 0, 0, "io", e.to_string())
        })
    }

    /// Stages 1–4 for one chapter file (relative to content/).
    pub(crate) fn load_file(&self, rel_path: &Path) -> Result<Loaded, Diagnostic> {
        self.load_source(&self.read_file(rel_path)?)
    }

    /// Stages 2–4 for a chapter file already read.
    pub(crate) fn load_source(&self, file: &SourceFile) -> Result<Loaded, Diagnostic> {
        load::load(file, self.scan_damage)
    }

    /// Stage 5 for one document.
    pub(crate) fn render_chapter(&self, doc: Document, links: &Links) -> Chapter {
        let tools = Renderers {
            highlighter: self.highlighter(),
            mermaid: &self.mermaid,
            links: &links.map,
            ui: self.config.ui,
        };
        let rendered = markdown::render(&doc, &tools);
        Chapter {
            stamp: stamp::of(&(&doc.rel_path, &doc.meta, &doc.body, links.stamp)),
            doc: Arc::new(doc),
            rendered: Arc::new(rendered),
        }
    }

    /// Stages 1–6 and the content checks: everything but writing.
    pub fn load(&self) -> Result<Build, BuildError> {
        // The grammars load beside the sources, which leave a core idle while the folders are
        // walked: neither needs the other, and both come before the chapters are rendered.
        let (read, _) = rayon::join(|| self.read_sources(), || self.highlighter());
        let ReadBook {
            statics,
            content,
            loaded,
        } = read?;
        let mut documents = Documents::default();
        for (path, result) in content.chapters.iter().zip(loaded) {
            documents.add(path, result);
        }
        let docs = std::mem::take(&mut documents.docs);
        let links = links(&docs);
        let chapters = docs
            .into_par_iter()
            .map(|doc| self.render_chapter(doc, &links))
            .collect();
        Ok(self.assemble(chapters, documents, statics, content.files))
    }

    /// Stages 1–4 for the whole book.
    fn read_sources(&self) -> Result<ReadBook, BuildError> {
        let statics = source::static_files(&self.config)?;
        let content = source::discover(&self.config)?;
        let loaded = content
            .chapters
            .par_iter()
            .map(|p| self.load_file(p))
            .collect();
        Ok(ReadBook {
            statics,
            content,
            loaded,
        })
    }

    /// Stage 6 and the checks that need the whole book: the chapters in order, the files of
    /// content/ they link to (out of `files`), and every problem of loading, rendering and
    /// linking, sorted. The search index is not made here: it is an output of stage 7, made
    /// while the pages are rendered.
    pub(crate) fn assemble(
        &self,
        chapters: Vec<Chapter>,
        loading: Documents,
        statics: Vec<StaticFile>,
        files: Vec<StaticFile>,
    ) -> Build {
        let Documents {
            mut diagnostics,
            damage,
            failed,
            ..
        } = loading.unlisted_never_fail(&self.config);
        for chapter in &chapters {
            diagnostics.extend(chapter.rendered.diagnostics.iter().cloned());
        }
        let (site, site_diagnostics) = site::assemble(&self.config, chapters, &failed);
        diagnostics.extend(site_diagnostics);
        let assets = render::linked_assets(&site, files, &statics);
        let sources = Sources {
            site: &site,
            statics: &statics,
            assets: &assets,
        };
        let plan = render::plan(&site, &statics, &assets, self.base_url.is_some());
        diagnostics.extend(render::claims(&plan, &sources));
        let others: HashSet<String> = render::other_paths(&plan, &sources).into_iter().collect();
        diagnostics.extend(crate::links::check(&site, &others));
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Build {
            site,
            statics,
            assets,
            diagnostics,
            damage,
        }
    }

    /// Every output of the site.
    pub(crate) fn plan(&self, build: &Build) -> Vec<Output> {
        render::plan(
            &build.site,
            &build.statics,
            &build.assets,
            self.base_url.is_some(),
        )
    }

    /// Starts stage 7 for `build`.
    pub(crate) fn pass<'a>(&'a self, build: &'a Build) -> Result<Pass<'a>, RenderError> {
        self.renderer().pass(Sources {
            site: &build.site,
            statics: &build.statics,
            assets: &build.assets,
        })
    }

    /// The tools of stage 7.
    pub(crate) fn renderer(&self) -> Renderer<'_> {
        Renderer {
            config: &self.config,
            templates: &self.templates,
            mermaid: &self.mermaid,
            base_url: self.base_url.as_deref(),
            epub: self.epub.as_deref(),
        }
    }

    /// The book's EPUB when this builder writes one: made from the same site, pages and
    /// published files as the rest of the site.
    fn epub_file(&self, build: &Build) -> Result<Option<OutputFile>, EpubError> {
        let Some(name) = &self.epub else {
            return Ok(None);
        };
        let sources = crate::epub::Sources {
            config: &self.config,
            site: &build.site,
            statics: &build.statics,
            assets: &build.assets,
            base_url: self.base_url.as_deref(),
        };
        let bytes = crate::epub::epub(sources, name)?;
        Ok(Some(OutputFile {
            path: name.clone(),
            bytes,
        }))
    }

    /// Stage 7: every file of the site, in memory.
    pub fn render_site(&self, build: &Build) -> Result<Vec<OutputFile>, RenderError> {
        self.pass(build)?.render_all(&self.plan(build))
    }

    /// Stages 7–8: renders the site into `out`, each file written as soon as it is made, and
    /// the EPUB beside the pages when the builder makes one; swaps it in whole. Returns how
    /// many files were written.
    pub fn write_site(&self, build: &Build, out: &Path) -> Result<usize, BuildError> {
        let pass = self.pass(build)?;
        let plan = self.plan(build);
        let staging = Staging::new(out)?;
        let written = std::sync::atomic::AtomicUsize::new(0);
        let (pages, epub) = rayon::join(
            || {
                pass.render_each(&plan, |file| {
                    written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    staging.write(&file)
                })
            },
            || self.epub_file(build),
        );
        pages?;
        if let Some(file) = epub? {
            staging.write(&file)?;
            written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        staging.commit()?;
        Ok(written.into_inner())
    }
}

/// The public URL of the site (from `--base-url`, else `handbook.yaml`), ending with `/`;
/// an address that is not an absolute http(s) URL is an error at the place that gave it.
fn checked_base_url(config: &Config, flag: Option<String>) -> Result<Option<String>, BuildError> {
    let from_flag = flag.is_some();
    let Some(url) = flag.or_else(|| config.book.base_url.clone()) else {
        return Ok(None);
    };
    if let Some(problem) = crate::url::base_url_problem(&url) {
        let message = format!(
            "base_url `{}` is not the address of a site: {problem}",
            crate::diag::quote(&url)
        );
        let diagnostic = if from_flag {
            Diagnostic::error("--base-url", 0, 0, "base-url", message)
        } else {
            config.error_at("base_url", "base-url", message)
        };
        return Err(ConfigError::Invalid(diagnostic).into());
    }
    Ok(Some(format!("{}/", url.trim_end_matches('/'))))
}

/// A control character written into a text of `handbook.yaml` with a YAML escape (`"\\0"`)
/// would be published in every page: an error at the value.
fn stray_controls_in_config(config: &Config) -> Result<(), BuildError> {
    let book = &config.book;
    let mut texts: Vec<(String, &str)> = vec![
        ("title".into(), &book.title),
        ("subtitle".into(), &book.subtitle),
        ("edition".into(), &book.edition),
        ("language".into(), &book.language),
        ("description".into(), &book.description),
    ];
    for (p, part) in book.parts.iter().enumerate() {
        texts.push((format!("parts.{p}.title"), &part.title));
        if let Some(number) = &part.number {
            texts.push((format!("parts.{p}.number"), number));
        }
    }
    for (path, text) in texts {
        if let Some(c) = text.chars().find(|&c| source::is_stray_control(c)) {
            let message = format!("control character U+{:04X} in `{path}`: remove it (it would be published in every page)", c as u32);
            let diagnostic = config.error_at(&path, "control-character", message);
            return Err(ConfigError::Invalid(diagnostic).into());
        }
    }
    Ok(())
}

/// Where each chapter file is published, for links between chapters, and its stamp.
pub(crate) struct Links {
    /// Chapter file (relative to content/) → page URL.
    pub(crate) map: LinkMap,
    /// A stamp of the whole map: a chapter's page changes when any chapter moves.
    pub(crate) stamp: u64,
}

/// Where each of `docs` is published.
pub(crate) fn links(docs: &[Document]) -> Links {
    let map: LinkMap = docs
        .iter()
        .map(|d| (d.rel_path.clone(), site::page_url(&d.meta.slug)))
        .collect();
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort();
    let stamp = stamp::of(&entries);
    Links { map, stamp }
}

/// How many of `diagnostics` are errors.
pub(crate) fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}
