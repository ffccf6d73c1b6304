//! Writing generated files as one transaction, and a `--check` mode that
//! writes nothing and names every stale, missing or extra file.
//!
//! # The write protocol ([`write`])
//!
//! 1. **Sweep.** Temporaries a killed run left under the root are removed:
//!    files named [`TMP_PREFIX`]`*`, and tempfile's old default `.tmpXXXXXX`
//!    that earlier versions of the generator used.
//! 2. **Plan.** Every file's old state is read (kept in memory for an undo).
//!    A directory, or anything that is not a
//!    regular file or a symlink, where a file must go fails the run here.
//! 3. **Prepare.** Each changed file is written to a temporary in its target
//!    directory (missing directories are made), given its mode and fsynced.
//!    A new file gets `0666 & !umask` (the mode is passed to `open`, so the
//!    umask applies as for any file an editor makes); a rewritten file keeps
//!    its old mode. Any failure removes every temporary and every directory
//!    this run made: no old file has been touched.
//! 4. **Commit.** The temporaries are renamed over their targets in path
//!    order, then each directory is fsynced. Renames are the commit point:
//!    each file is always its complete old or complete new version.
//!
//! The remaining window: a crash (or SIGKILL) during the rename loop leaves
//! some files new and the rest old, plus the unrenamed temporaries. No journal
//! is kept, because re-running `generate` repairs it: the next run sweeps the
//! temporaries and rewrites every file that is not yet new, and `--check`
//! meanwhile reports the old files as stale. A rename that *fails* (rather
//! than a crash) is undone: the files already renamed get their old contents
//! back (or are removed if they were new), best effort, and the error is
//! returned. Two runs into one root at the same time are not supported: one
//! may sweep the other's temporaries and fail, though no file is ever torn.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::GenFile;

/// Names of the writer's temporary files start with this; `--check` ignores
/// them and the next [`write`] removes them.
pub const TMP_PREFIX: &str = ".maptype-tmp-";

/// What `check` found wrong with an output tree.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    pub stale: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    /// Temporaries of an interrupted write ([`TMP_PREFIX`]): not drift (the
    /// next write removes them), but worth a note.
    pub temporaries: Vec<String>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// True for a temporary file of this writer, or of its versions that used
/// tempfile's default names (`.tmp` and six letters or digits).
pub fn is_temporary(name: &str) -> bool {
    if name.starts_with(TMP_PREFIX) {
        return true;
    }
    name.strip_prefix(".tmp").is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// What is at a target path before the write.
enum Old {
    Missing,
    /// A regular file (or a symlink to one) with its mode and contents.
    File {
        mode: u32,
        content: Vec<u8>,
    },
}

/// One file to replace: where, what, and what was there.
struct Change<'a> {
    path: PathBuf,
    rel: &'a str,
    content: &'a [u8],
    old: Old,
}

/// Writes `files` under `root` as one transaction (see the module docs);
/// returns the paths actually rewritten.
pub fn write(root: &Path, files: &[GenFile]) -> io::Result<Vec<String>> {
    sweep(root);
    let mut changes = Vec::new();
    for f in files {
        let path = root.join(&f.path);
        if let Some(old) = plan(&path, f.content.as_bytes())? {
            changes.push(Change { path, rel: &f.path, content: f.content.as_bytes(), old });
        }
    }
    let mut made_dirs = Vec::new();
    let prepared = prepare(root, &changes, &mut made_dirs);
    let temps = match prepared {
        Ok(t) => t,
        Err(e) => {
            // The temporaries were dropped (and so removed) on the way out.
            remove_dirs(&made_dirs);
            return Err(e);
        }
    };
    commit(&changes, temps)?;
    Ok(changes.iter().map(|c| c.rel.to_string()).collect())
}

/// `None` when `path` already holds `content`; else what is there now.
fn plan(path: &Path, content: &[u8]) -> io::Result<Option<Old>> {
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Some(Old::Missing)),
        Err(e) => return Err(annotate(path, e)),
    };
    if link.is_dir() {
        return Err(annotate(path, io::Error::other("a directory is where a generated file must go")));
    }
    // A symlink is replaced by the new file; its target's mode is kept.
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        // A dangling symlink: replaced like a missing file.
        Err(_) if link.file_type().is_symlink() => return Ok(Some(Old::Missing)),
        Err(e) => return Err(annotate(path, e)),
    };
    if meta.is_dir() {
        return Ok(Some(Old::Missing));
    }
    if !meta.is_file() {
        return Err(annotate(path, io::Error::other("not a regular file where a generated file must go")));
    }
    let mode = meta.permissions().mode() & 0o7777;
    let old = fs::read(path).map_err(|e| annotate(path, e))?;
    Ok(if old == content { None } else { Some(Old::File { mode, content: old }) })
}

/// Writes each change to a fsynced temporary beside its target.
fn prepare(root: &Path, changes: &[Change], made: &mut Vec<PathBuf>) -> io::Result<Vec<tempfile::NamedTempFile>> {
    let mut temps = Vec::with_capacity(changes.len());
    for c in changes {
        let dir = c.path.parent().unwrap_or(root);
        make_dirs(dir, made).map_err(|e| annotate(dir, e))?;
        let mode = match &c.old {
            Old::Missing => None,
            Old::File { mode, .. } => Some(*mode),
        };
        temps.push(temporary(dir, c.content, mode).map_err(|e| annotate(&c.path, e))?);
    }
    Ok(temps)
}

/// A fsynced temporary in `dir` holding `content`: mode `mode`, or
/// `0666 & !umask` when `None`.
fn temporary(dir: &Path, content: &[u8], mode: Option<u32>) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp =
        tempfile::Builder::new().prefix(TMP_PREFIX).permissions(fs::Permissions::from_mode(0o666)).tempfile_in(dir)?;
    if let Some(mode) = mode {
        tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    }
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Renames every temporary over its target; a failed rename undoes the ones before it.
fn commit(changes: &[Change], temps: Vec<tempfile::NamedTempFile>) -> io::Result<()> {
    let mut dirs = BTreeSet::new();
    for (i, (c, tmp)) in changes.iter().zip(temps).enumerate() {
        if let Err(e) = tmp.persist(&c.path) {
            // `e.file` and the temporaries not yet reached are removed when dropped.
            undo(&changes[..i]);
            return Err(annotate(&c.path, e.error));
        }
        dirs.insert(c.path.parent().map(Path::to_path_buf).unwrap_or_default());
    }
    for d in dirs {
        // Durability only: the renames are done, so an fsync error changes nothing.
        let _ = fs::File::open(&d).and_then(|f| f.sync_all());
    }
    Ok(())
}

/// Puts back what was at each path before a failed commit, best effort.
fn undo(done: &[Change]) {
    for c in done {
        let _ = match &c.old {
            Old::Missing => fs::remove_file(&c.path),
            Old::File { mode, content } => replace_with(&c.path, content, Some(*mode)),
        };
    }
}

/// Replaces one file through a fsynced temporary and a rename, keeping the
/// mode of the file it replaces (`0666 & !umask` for a new file). A symlink
/// is written through: its target is replaced. For `maptype fmt`.
pub fn replace(path: &Path, content: &[u8]) -> io::Result<()> {
    let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mode = fs::metadata(&real).ok().map(|m| m.permissions().mode() & 0o7777);
    replace_with(&real, content, mode)
}

fn replace_with(path: &Path, content: &[u8], mode: Option<u32>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = temporary(dir, content, mode)?;
    tmp.persist(path).map_err(|e| e.error)?;
    let _ = fs::File::open(dir).and_then(|f| f.sync_all());
    Ok(())
}

/// `create_dir_all`, recording each directory it made, outermost first.
fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut d = dir;
    while !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err() {
        missing.push(d.to_path_buf());
        match d.parent() {
            Some(p) => d = p,
            None => break,
        }
    }
    for m in missing.into_iter().rev() {
        fs::create_dir(&m)?;
        made.push(m);
    }
    Ok(())
}

/// Removes the directories a failed run made, innermost first, if empty.
fn remove_dirs(made: &[PathBuf]) {
    for d in made.iter().rev() {
        let _ = fs::remove_dir(d);
    }
}

/// Removes the temporaries of interrupted runs under `root`.
fn sweep(root: &Path) {
    for p in walk(root) {
        if p.file_name().and_then(|n| n.to_str()).is_some_and(is_temporary) {
            let _ = fs::remove_file(&p);
        }
    }
}

fn annotate(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Compares `root` with what would be written. Extra files are those under
/// `root` that the generator does not produce; temporaries of the writer
/// ([`TMP_PREFIX`]) are not extra (the next write removes them).
pub fn check(root: &Path, files: &[GenFile]) -> Drift {
    let mut drift = Drift::default();
    for f in files {
        let path = root.join(&f.path);
        match fs::metadata(&path) {
            Err(_) => drift.missing.push(f.path.clone()),
            Ok(m) if !m.is_file() || m.len() != f.content.len() as u64 => drift.stale.push(f.path.clone()),
            Ok(_) => match fs::read(&path) {
                Ok(old) if old == f.content.as_bytes() => {}
                _ => drift.stale.push(f.path.clone()),
            },
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for p in walk(root) {
        let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
        if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(TMP_PREFIX)) {
            drift.temporaries.push(rel);
        } else if !wanted.contains(rel.as_str()) {
            drift.extra.push(rel);
        }
    }
    drift.extra.sort();
    drift.temporaries.sort();
    drift
}

/// Everything but directories under `root`, recursively; symlinks are not followed.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}
