//! Stage 8: write the site to disk, safely.
//!
//! The site is written into a fresh temporary folder next to the output folder and swapped in
//! with renames only when every file is written, so a failed build leaves the previous site
//! intact and a server never sees a half-written site. The output folder must not hold the
//! project's sources, and an existing folder is replaced only if a previous build made it
//! (it carries the [`MARKER`] file): nothing outside the output folder is ever deleted.
//!
//! A build that is killed (Ctrl-C, SIGTERM, SIGKILL, a power cut) leaves its temporary
//! folder behind; the next build next to the same output folder removes it. Only folders this
//! tool made are removed: their name starts with `.<out>.new-` (or `.<out>.old-`, a previous
//! site moved aside) and they hold a [`STAGING_MARKER`] (or [`MARKER`]) file; a staging
//! folder whose build is still running is left alone, as that build holds a lock on its
//! marker (the system releases it when the process dies, however it dies).

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{self, Error};
use crate::project::Folder;

/// A file that marks a folder as built by handbook, and so safe to replace.
pub(crate) const MARKER: &str = ".handbook-site";

/// A file in the temporary folder of a build in progress, locked by that build.
const STAGING_MARKER: &str = ".handbook-staging";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site root, with `/` separators (`index.html`, `assets/css/a.css`).
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file from text.
    pub fn text(path: impl Into<String>, text: String) -> Self {
        Self {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Resolves `out` (relative paths are taken from `root`) and refuses dangerous choices.
pub(crate) fn resolve_output_dir(root: &Path, out: &Path) -> Result<PathBuf, Error> {
    let cwd =
        std::env::current_dir().map_err(|e| Error::io(".", "cannot read the current folder", e))?;
    let root = normalize_path(&cwd.join(root));
    let out = normalize_path(&root.join(out));
    let folders = Folder::ALL.map(Folder::name);
    for name in std::iter::once("").chain(folders) {
        let dir = if name.is_empty() {
            root.clone()
        } else {
            root.join(name)
        };
        if out == dir || dir.starts_with(&out) || (!name.is_empty() && out.starts_with(&dir)) {
            let what = if name.is_empty() {
                "the project folder".to_owned()
            } else {
                format!("{name}/")
            };
            return Err(Error::Invalid(format!(
                "refusing to build into {}: it is or contains {what}",
                out.display()
            )));
        }
    }
    if out.parent().is_none() {
        return Err(Error::Invalid(
            "refusing to build into the file system root".into(),
        ));
    }
    Ok(out)
}

/// Resolves `.` and `..` in a path without touching the file system (links are not followed).
fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes `files` as the whole content of `out`, replacing a previous build atomically.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let staging = Staging::new(out)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.commit()
}

/// A site being written: a temporary folder next to the output folder, swapped in whole by
/// [`Staging::commit`], or removed if the build stops before.
pub(crate) struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    /// The locked [`STAGING_MARKER`]: while it is held, no other build removes `dir`.
    _lock: std::fs::File,
}

impl Staging {
    /// Prepares to replace `out`, refusing a folder that a previous build did not make.
    pub(crate) fn new(out: &Path) -> Result<Self, Error> {
        ensure_replaceable(out)?;
        let parent = parent_of(out)?;
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(parent, "cannot create folder", e))?;
        remove_abandoned(parent, &name_of(out));
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", name_of(out)))
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, "cannot create a temporary folder", e))?;
        let lock = lock_marker(dir.path())?;
        Ok(Self {
            dir,
            out: out.to_path_buf(),
            _lock: lock,
        })
    }

    /// Writes one file of the site (safe to call from several threads at once).
    pub(crate) fn write(&self, file: &OutputFile) -> Result<(), Error> {
        write_one(self.dir.path(), file)
    }

    /// Marks the site as built by handbook and moves it in place of the output folder.
    pub(crate) fn commit(self) -> Result<(), Error> {
        let marker = self.dir.path().join(STAGING_MARKER);
        std::fs::remove_file(&marker).map_err(|e| Error::io(&marker, "cannot remove", e))?;
        diag::write(
            &self.dir.path().join(MARKER),
            b"This folder was built by handbook and is replaced on every build.\n",
        )?;
        let parent = parent_of(&self.out)?;
        swap_in(self.dir, &self.out, parent, &name_of(&self.out))
    }
}

/// Creates the staging folder's marker already locked: it is locked under a temporary name,
/// then renamed, so no other build ever sees it unlocked while this one runs.
fn lock_marker(dir: &Path) -> Result<std::fs::File, Error> {
    let pending = dir.join(format!("{STAGING_MARKER}.tmp"));
    let file =
        std::fs::File::create(&pending).map_err(|e| Error::io(&pending, "cannot create", e))?;
    file.lock()
        .map_err(|e| Error::io(&pending, "cannot lock", e))?;
    let marker = dir.join(STAGING_MARKER);
    std::fs::rename(&pending, &marker).map_err(|e| Error::io(&marker, "cannot create", e))?;
    Ok(file)
}

/// Removes what killed builds of `name` left in `parent`: staging folders whose marker no
/// running build holds, and previous sites moved aside. Best effort: what cannot be removed
/// stays for the next build.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.new-");
    let moved_aside = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        // A real folder, never a link to one.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        let abandoned = if file_name.starts_with(&staging) {
            is_regular_file(&path.join(STAGING_MARKER)) && !is_locked(&path.join(STAGING_MARKER))
        } else {
            file_name.starts_with(&moved_aside) && is_regular_file(&path.join(MARKER))
        };
        if abandoned {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

fn is_regular_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Whether a running build holds the lock of the marker at `path`.
fn is_locked(path: &Path) -> bool {
    match std::fs::File::open(path) {
        Ok(file) => file.try_lock().is_err(),
        Err(_) => true,
    }
}

fn parent_of(out: &Path) -> Result<&Path, Error> {
    out.parent()
        .ok_or_else(|| Error::Invalid(format!("{} has no parent folder", out.display())))
}

fn name_of(out: &Path) -> String {
    out.file_name()
        .map_or("site".into(), |n| n.to_string_lossy().into_owned())
}

fn write_one(dir: &Path, file: &OutputFile) -> Result<(), Error> {
    let relative = Path::new(&file.path);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Error::Invalid(format!(
            "refusing to write `{}`: outside the output folder",
            file.path
        )));
    }
    diag::write(&dir.join(relative), &file.bytes)
}

/// Refuses to replace a folder that a previous build did not make.
fn ensure_replaceable(out: &Path) -> Result<(), Error> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(out, "cannot inspect", e)),
    };
    if !meta.is_dir() {
        return Err(Error::Invalid(format!(
            "refusing to replace {}: it is not a folder",
            out.display()
        )));
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| Error::io(out, "cannot list", e))?
        .next()
        .is_none();
    if !empty && !out.join(MARKER).exists() {
        let message = format!("refusing to replace {}: it is not empty and was not built by handbook (no {MARKER} file)", out.display());
        return Err(Error::Invalid(message));
    }
    Ok(())
}

fn swap_in(staging: tempfile::TempDir, out: &Path, parent: &Path, name: &str) -> Result<(), Error> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old)
            .map_err(|e| Error::io(out, "cannot move the previous site aside", e))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(out, "cannot move the new site in place", e));
    }
    if had_old {
        // Best effort: the site is in place; what is left is removed by the next build.
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_output_folders_that_hold_sources() {
        let root = Path::new("/work/book");
        for bad in [
            ".",
            "..",
            "content",
            "content/x",
            "templates",
            "static/out",
            "/",
            "/work",
        ] {
            assert!(resolve_output_dir(root, Path::new(bad)).is_err(), "{bad}");
        }
        assert_eq!(
            resolve_output_dir(root, Path::new("public")).unwrap(),
            Path::new("/work/book/public")
        );
        assert_eq!(
            resolve_output_dir(root, Path::new("/tmp/site")).unwrap(),
            Path::new("/tmp/site")
        );
    }

    #[test]
    fn replaces_a_previous_build_and_keeps_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[OutputFile::text("a.html", "1".into())]).unwrap();
        write_site(&out, &[OutputFile::text("b/c.html", "2".into())]).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "2");
        let foreign = tmp.path().join("mine");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(write_site(&foreign, &[]).is_err());
        assert!(foreign.join("keep.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn removes_what_killed_builds_left_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let folder = |name: &str, marker: Option<&str>| {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("page.html"), "x").unwrap();
            if let Some(marker) = marker {
                std::fs::write(dir.join(marker), "").unwrap();
            }
            dir
        };
        let killed = folder(".public.new-killed", Some(STAGING_MARKER));
        let aside = folder(".public.old-123", Some(MARKER));
        let running = folder(".public.new-running", Some(STAGING_MARKER));
        let held = std::fs::File::open(running.join(STAGING_MARKER)).unwrap();
        held.lock().unwrap();
        let kept = [
            folder(".public.new-unmarked", None),
            folder(".public.old-unmarked", Some(STAGING_MARKER)),
            folder(".public.newer", Some(STAGING_MARKER)),
            folder(".other.new-x", Some(STAGING_MARKER)),
            folder("public.new-x", Some(STAGING_MARKER)),
        ];
        let target = folder("elsewhere", Some(STAGING_MARKER));
        std::os::unix::fs::symlink(&target, tmp.path().join(".public.new-link")).unwrap();
        write_site(&out, &[OutputFile::text("a.html", "1".into())]).unwrap();
        assert!(!killed.exists() && !aside.exists());
        assert!(
            running.join("page.html").exists(),
            "a running build's folder is kept"
        );
        for dir in kept.iter().chain([&target]) {
            assert!(dir.join("page.html").exists(), "{}", dir.display());
        }
        assert!(!out.join(STAGING_MARKER).exists());
        drop(held);
        write_site(&out, &[]).unwrap();
        assert!(!running.exists());
    }

    #[test]
    fn refuses_to_write_outside_the_output_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        assert!(write_site(&out, &[OutputFile::text("../evil.html", String::new())]).is_err());
        assert!(!tmp.path().join("evil.html").exists());
        assert!(!out.exists());
    }
}
