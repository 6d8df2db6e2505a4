//! `--write`: a repaired file written back over itself, through a temporary file in the same
//! folder and a rename, so that a crash leaves the old text or the new one, never half of it.
//!
//! What the file was stays: a symbolic link is followed and the file it points to is repaired
//! (the link stays a link); a read-only file is left as it is, with an error, unless `--force`;
//! the new file gets the old one's permissions, and its owner and group where the process may
//! set them (as `sed -i` does; a file shared through its group keeps the group). A file with
//! other hard links is replaced under this name only.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// Writes `bytes` over the file at `path` (or the file it links to); `force` writes over a
/// read-only file too.
pub(super) fn write_over(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let target = std::fs::canonicalize(path)
        .with_context(|| format!("{}: cannot find the file to write", path.display()))?;
    let meta = std::fs::metadata(&target)
        .with_context(|| format!("{}: cannot read its permissions", target.display()))?;
    if !force && is_read_only(&target, &meta) {
        anyhow::bail!(
            "{}: the file is read-only, so it was left as it is; make it writable, or pass --force to repair it anyway",
            path.display()
        );
    }
    let dir = folder_of(&target);
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("{}: cannot write", tmp.path().display()))?;
    keep_owner(tmp.as_file(), &meta);
    // After the owner: changing it may clear the set-user-id and set-group-id bits.
    tmp.as_file()
        .set_permissions(meta.permissions())
        .with_context(|| format!("{}: cannot set permissions", tmp.path().display()))?;
    tmp.persist(&target)
        .with_context(|| format!("{}: cannot replace", target.display()))?;
    Ok(())
}

/// Whether the file is meant to be left alone: no write permission for anyone (which even
/// the superuser's rename would ignore), or none for this process.
fn is_read_only(target: &Path, meta: &std::fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return true;
    }
    // Opening for writing, without truncating, changes nothing in the file.
    let open = std::fs::OpenOptions::new().write(true).open(target);
    matches!(open, Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied)
}

/// The folder holding `target` (an absolute path).
fn folder_of(target: &Path) -> PathBuf {
    target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Gives `file` the owner and group of the file it replaces, or at least its group, as far
/// as the process may.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt as _;
    let (uid, gid) = (meta.uid(), meta.gid());
    if std::os::unix::fs::fchown(file, Some(uid), Some(gid)).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(gid));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _meta: &std::fs::Metadata) {}
