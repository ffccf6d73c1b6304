//! The work tree: a copy of the pristine kernel tree that takes the overlay,
//! so the pristine tree is never changed.
//!
//! It is made once with `cp -al` (hard links: seconds, no extra space; a full
//! `cp -a` when the cache is on another file system) and reused. A hard-linked
//! file shares its content with the pristine tree, so nothing here ever writes
//! into an existing file: every overlaid or restored file is a new file
//! written next to its path and renamed over it, which replaces the link.
//!
//! A manifest in the work tree lists what the last overlay wrote. Before the
//! next one, every listed path the new overlay does not want is restored from
//! the pristine tree (or removed, if the pristine tree lacks it), so stale
//! overlays never linger. A wanted file whose content is already right is
//! left alone, so its mtime and the incremental build survive; a restored
//! file is a fresh copy with a new mtime, so make rebuilds what used it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::overlay::Overlay;

/// Names the pristine tree the work tree was made from.
pub const MARKER: &str = ".maptype-work";
/// What the last overlay wrote: `f PATH` per file, `d PATH` per owned dir.
pub const MANIFEST: &str = ".maptype-overlay";

#[derive(Debug, Clone)]
pub struct WorkTree {
    pub root: PathBuf,
    pub pristine: PathBuf,
}

/// What [`WorkTree::apply`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ApplyReport {
    /// Files (re)written because their content changed or they were new.
    pub written: Vec<String>,
    /// Files already right, left untouched.
    pub kept: Vec<String>,
    /// Stale paths put back to their pristine content.
    pub restored: Vec<String>,
    /// Stale paths the pristine tree lacks, removed (files and owned dirs).
    pub removed: Vec<String>,
}

/// Identifies a pristine tree: its path and the inode and mtime of its
/// top-level Makefile (a re-extracted tree gets new ones).
fn identity(pristine: &Path) -> io::Result<String> {
    use std::os::unix::fs::MetadataExt;
    let canon = pristine.canonicalize()?;
    let md = std::fs::metadata(canon.join("Makefile"))?;
    Ok(format!("source {}\nmakefile {}:{}:{}\n", canon.display(), md.ino(), md.mtime(), md.mtime_nsec()))
}

fn io_err(msg: String) -> io::Error {
    io::Error::other(msg)
}

/// Writes `bytes` to `path` as a new file (temporary file, then rename), so a
/// hard link at `path` is replaced, never written through.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().ok_or_else(|| io_err(format!("{} has no parent", path.display())))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".maptype-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

impl WorkTree {
    /// Opens the work tree at `root` for `pristine`, making it when it is
    /// missing or was made from another tree. Returns whether it was made.
    pub fn open_or_create(pristine: &Path, root: &Path) -> io::Result<(WorkTree, bool)> {
        let want = identity(pristine)?;
        let wt = WorkTree { root: root.to_path_buf(), pristine: pristine.to_path_buf() };
        if let Ok(have) = std::fs::read_to_string(root.join(MARKER)) {
            if have.starts_with(&want) {
                return Ok((wt, false));
            }
        }
        if root.exists() {
            std::fs::remove_dir_all(root)?;
        }
        let name = root.file_name().ok_or_else(|| io_err(format!("bad work tree path {}", root.display())))?;
        let tmp = root.with_file_name(format!("{}.tmp-{}", name.to_string_lossy(), std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        if let Some(parent) = root.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut mode = "link";
        let linked = Command::new("cp").arg("-al").arg(pristine).arg(&tmp).status()?;
        if !linked.success() {
            // Hard links cannot cross file systems: copy instead.
            if tmp.exists() {
                std::fs::remove_dir_all(&tmp)?;
            }
            mode = "copy";
            let copied = Command::new("cp").arg("-a").arg(pristine).arg(&tmp).status()?;
            if !copied.success() {
                return Err(io_err(format!("cp -a {} {} failed", pristine.display(), tmp.display())));
            }
        }
        // Build products are rewritten in place by the compiler: never share
        // them with the pristine tree.
        let stale_build = tmp.join(".kunit");
        if stale_build.exists() {
            std::fs::remove_dir_all(&stale_build)?;
        }
        write_new_file(&tmp.join(MARKER), format!("{want}mode {mode}\n").as_bytes())?;
        std::fs::rename(&tmp, root)?;
        Ok((wt, true))
    }

    /// The paths the last overlay wrote: (files, owned dirs).
    pub fn manifest(&self) -> io::Result<(Vec<String>, Vec<String>)> {
        let text = match std::fs::read_to_string(self.root.join(MANIFEST)) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(e),
        };
        let (mut files, mut dirs) = (Vec::new(), Vec::new());
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("f", p)) => files.push(p.to_string()),
                Some(("d", p)) => dirs.push(p.to_string()),
                _ => return Err(io_err(format!("{}: bad line {line:?}", self.root.join(MANIFEST).display()))),
            }
        }
        Ok((files, dirs))
    }

    /// Puts `rel` back to its pristine content as a new file, or removes it
    /// when the pristine tree lacks it. Returns true if it was restored.
    pub fn restore(&self, rel: &str) -> io::Result<bool> {
        let dst = self.root.join(rel);
        match std::fs::read(self.pristine.join(rel)) {
            Ok(bytes) => {
                write_new_file(&dst, &bytes)?;
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                match std::fs::remove_file(&dst) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Restores what the last overlay wrote and `ov` does not want, then
    /// writes `ov`, leaving files whose content is already right untouched.
    pub fn apply(&self, ov: &Overlay) -> io::Result<ApplyReport> {
        let mut rep = ApplyReport::default();
        let (old_files, old_dirs) = self.manifest()?;
        for f in old_files.iter().filter(|f| !ov.files.contains_key(*f)) {
            if self.restore(f)? {
                rep.restored.push(f.clone());
            } else {
                rep.removed.push(f.clone());
            }
        }
        for d in old_dirs.iter().filter(|d| !ov.dirs.contains(*d)) {
            let p = self.root.join(d);
            if p.exists() && !self.pristine.join(d).exists() {
                std::fs::remove_dir_all(&p)?;
                rep.removed.push(format!("{d}/"));
            }
        }
        // The new manifest goes first: an interrupted overlay is still undone.
        let mut manifest = String::new();
        for f in ov.files.keys() {
            manifest.push_str(&format!("f {f}\n"));
        }
        for d in &ov.dirs {
            manifest.push_str(&format!("d {d}\n"));
        }
        write_new_file(&self.root.join(MANIFEST), manifest.as_bytes())?;
        for (rel, bytes) in &ov.files {
            let path = self.root.join(rel);
            if std::fs::read(&path).is_ok_and(|have| have == *bytes) {
                rep.kept.push(rel.clone());
                continue;
            }
            write_new_file(&path, bytes)?;
            rep.written.push(rel.clone());
        }
        Ok(rep)
    }
}

/// The pristine content of some paths, to prove later that a run left them alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot(Vec<Seen>);

/// One path as a snapshot saw it: content and (size, mtime s, mtime ns).
type Seen = (String, Option<Vec<u8>>, Option<(u64, i64, i64)>);

impl Snapshot {
    pub fn take<'a>(pristine: &Path, paths: impl IntoIterator<Item = &'a String>) -> Snapshot {
        use std::os::unix::fs::MetadataExt;
        Snapshot(
            paths
                .into_iter()
                .map(|p| {
                    let full = pristine.join(p);
                    let md = std::fs::metadata(&full).ok().map(|m| (m.size(), m.mtime(), m.mtime_nsec()));
                    (p.clone(), std::fs::read(&full).ok(), md)
                })
                .collect(),
        )
    }

    /// Paths whose content, size or mtime differs between the two snapshots.
    pub fn changed(&self, later: &Snapshot) -> Vec<String> {
        self.0.iter().zip(&later.0).filter(|(a, b)| a != b).map(|(a, _)| a.0.clone()).collect()
    }
}

/// Holds `<work tree>.lock` for one run, so two runs never overlay or build
/// the same work tree at once; released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// Takes the work tree's lock, waiting (and saying so) while another run has it.
pub fn lock(root: &Path) -> io::Result<Lock> {
    let name = root.file_name().ok_or_else(|| io_err(format!("bad work tree path {}", root.display())))?;
    let path = root.with_file_name(format!("{}.lock", name.to_string_lossy()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("[kunit] waiting for another run to release {}", path.display());
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(Lock { _file: file })
}
