//! Writing generated files as one transaction, and a `--check` mode that
//! writes nothing and names every stale, missing or extra file. Both take
//! files one at a time, from any thread, as the backends render them, and
//! keep only paths: no file's content, old or new, is held past its turn.
//!
//! # The write protocol ([`Transaction`], [`write`])
//!
//! 1. **Sweep** ([`Transaction::begin`]). Temporaries a killed run left under
//!    the root are removed: files named [`TMP_PREFIX`]`*`, and tempfile's old
//!    default `.tmpXXXXXX` that earlier versions of the generator used.
//! 2. **Prepare** ([`Transaction::add`], per file). The file's old state is
//!    read: a directory, or anything that is not a regular file or a
//!    symlink, where a file must go fails the run. An unchanged file is done.
//!    A changed one is written to a temporary in its target directory
//!    (missing directories are made) with its mode: a new file gets
//!    `0666 & !umask` (the mode is passed to `open`, so the umask applies as
//!    for any file an editor makes), a rewritten file keeps its old mode. The
//!    old file gets a second name, a hard link beside it, for the undo below.
//! 3. **Commit** ([`Transaction::commit`]). Every filesystem the temporaries
//!    are on is synced once (`syncfs`), so each is durable before any rename:
//!    one flush for the whole run where a `fsync` per file costs a journal
//!    commit each (5,000 files here: 1.6 s with a `fsync` each, 0.25 s with
//!    one `syncfs`; see BENCHMARKS.md). Then the temporaries are renamed over their
//!    targets in path order, and the filesystems are synced again so the
//!    renames are durable. Renames are the commit point: each file is always
//!    its complete old or complete new version.
//!
//! A failure before the commit (or a transaction dropped uncommitted)
//! removes every temporary and every directory the run made: no old file has
//! been touched. The remaining window: a crash (or SIGKILL) during the rename
//! loop leaves some files new and the rest old, plus the unrenamed
//! temporaries. No journal is kept, because re-running `generate` repairs it:
//! the next run sweeps the temporaries and rewrites every file that is not
//! yet new, and `--check` meanwhile reports the old files as stale. A rename
//! that *fails* (rather than a crash) is undone: the files already renamed
//! get their old versions back through their second names (or are removed if
//! they were new), best effort, and the error is returned. Two runs into one
//! root at the same time are not supported: one may sweep the other's
//! temporaries and fail, though no file is ever torn.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tempfile::TempPath;

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

/// How a rewritten file's old version is kept until the commit is done.
enum Old {
    /// Nothing was there: the undo removes the new file.
    Missing,
    /// A second name (hard link) of the old file; the undo renames it back.
    Linked(TempPath),
    /// The old contents, where the filesystem refuses hard links.
    Copied { mode: u32, content: Vec<u8> },
}

/// One changed file, written to its temporary.
struct Prepared {
    path: PathBuf,
    rel: String,
    temp: TempPath,
    old: Old,
}

/// What the threads adding files share.
#[derive(Default)]
struct State {
    changes: Vec<Prepared>,
    /// Directories this run made, outermost first (removed on failure).
    made_dirs: Vec<PathBuf>,
    /// Directories known to exist, so each is looked up once.
    dirs: HashSet<PathBuf>,
    /// Every path added, to refuse a file given twice.
    seen: HashSet<String>,
}

/// One write of an output tree (see the module docs). Files are added from
/// any number of threads; nothing is visible until [`Transaction::commit`].
pub struct Transaction {
    root: PathBuf,
    state: Mutex<State>,
}

impl Transaction {
    /// Starts a write under `root`, sweeping the temporaries of killed runs.
    pub fn begin(root: &Path) -> Transaction {
        sweep(root);
        Transaction { root: root.to_path_buf(), state: Mutex::new(State::default()) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Prepares one file: nothing when `root` already holds its content,
    /// else a temporary beside its target. The content is dropped on return.
    pub fn add(&self, f: GenFile) -> io::Result<()> {
        if !self.state().seen.insert(f.path.clone()) {
            return Err(io::Error::other(format!("{}: generated twice", f.path)));
        }
        let path = self.root.join(&f.path);
        let Some(mode) = plan(&path, f.content.as_bytes())? else { return Ok(()) };
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        self.make_dirs(&dir).map_err(|e| annotate(&dir, e))?;
        let temp = temporary(&dir, f.content.as_bytes(), mode).map_err(|e| annotate(&path, e))?.into_temp_path();
        let old = match mode {
            None => Old::Missing,
            Some(mode) => second_name(&path, &dir, mode)?,
        };
        self.state().changes.push(Prepared { path, rel: f.path, temp, old });
        Ok(())
    }

    /// `create_dir_all` for `dir`, recording each directory it made.
    fn make_dirs(&self, dir: &Path) -> io::Result<()> {
        let mut st = self.state();
        if st.dirs.contains(dir) {
            return Ok(());
        }
        let mut missing = Vec::new();
        let mut d = dir;
        while !d.as_os_str().is_empty() && !st.dirs.contains(d) && fs::symlink_metadata(d).is_err() {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        for m in missing.into_iter().rev() {
            fs::create_dir(&m)?;
            st.made_dirs.push(m);
        }
        st.dirs.insert(dir.to_path_buf());
        Ok(())
    }

    /// Generated files (they carry the generator's banner) in the
    /// directories this transaction writes to, other than those `keep`
    /// accepts, that it does not write: the files of types left out of a
    /// whole registry, which a commit would leave inconsistent with it.
    /// Sorted, relative to the root.
    pub fn leftovers(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let st = self.state();
        let dirs: BTreeSet<&str> = st.seen.iter().map(|p| p.rsplit_once('/').map_or("", |(d, _)| d)).collect();
        let mut out = Vec::new();
        for dir in dirs.into_iter().filter(|d| !keep(d)) {
            let Ok(rd) = fs::read_dir(self.root.join(dir)) else { continue };
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let rel = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
                if st.seen.contains(&rel) || name.starts_with(TMP_PREFIX) || !e.file_type().is_ok_and(|t| t.is_file()) {
                    continue;
                }
                let mut head = [0u8; 1024];
                let n = fs::File::open(e.path()).and_then(|mut f| io::Read::read(&mut f, &mut head)).unwrap_or(0);
                if crate::emit::banner::is_generated(&head[..n]) {
                    out.push(rel);
                }
            }
        }
        out.sort();
        out
    }

    /// Makes every prepared file durable, then renames each over its target
    /// in path order; returns the paths rewritten, sorted.
    pub fn commit(self) -> io::Result<Vec<String>> {
        let state = std::mem::take(&mut *self.state());
        let State { changes, made_dirs, .. } = state;
        let mut changes = changes;
        changes.sort_by(|a, b| a.rel.cmp(&b.rel));
        let dirs: BTreeSet<&Path> = changes.iter().filter_map(|c| c.path.parent()).collect();
        let filesystems = match filesystems(&dirs) {
            Ok(f) => f,
            Err(e) => {
                drop(changes);
                remove_dirs(&made_dirs);
                return Err(e);
            }
        };
        if let Err(e) = sync(&filesystems) {
            drop(changes);
            remove_dirs(&made_dirs);
            return Err(e);
        }
        let mut changes = changes.into_iter();
        let mut done: Vec<(PathBuf, String, Old)> = Vec::with_capacity(changes.len());
        for Prepared { path, rel, temp, old } in changes.by_ref() {
            if let Err(e) = temp.persist(&path) {
                for (path, _, old) in done.into_iter().rev() {
                    undo(&path, old);
                }
                // The temporaries not yet reached are removed when dropped.
                return Err(annotate(&path, e.error));
            }
            done.push((path, rel, old));
        }
        // Durability only: the renames are done, so a sync error changes nothing.
        let _ = sync(&filesystems);
        // Dropping each `Old` removes the second name of the old version.
        Ok(done.into_iter().map(|(_, rel, _)| rel).collect())
    }
}

impl Drop for Transaction {
    /// An uncommitted transaction leaves nothing behind: its temporaries and
    /// second names are removed as they drop, then the directories it made.
    fn drop(&mut self) {
        let state = std::mem::take(&mut *self.state());
        drop(state.changes);
        remove_dirs(&state.made_dirs);
    }
}

/// Writes `files` under `root` as one transaction (see the module docs);
/// returns the paths actually rewritten.
pub fn write(root: &Path, files: &[GenFile]) -> io::Result<Vec<String>> {
    let t = Transaction::begin(root);
    for f in files {
        t.add(f.clone())?;
    }
    t.commit()
}

/// Writes a file that must not exist yet (`AlreadyExists` if it does),
/// through a temporary beside it and a link, so it appears whole or not at
/// all, and never replaces anything.
pub fn create_new(path: &Path, content: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "it exists; `new` never overwrites a file"));
    }
    let tmp = temporary(dir, content, None)?;
    tmp.as_file().sync_all()?;
    // A hard link fails if the name was taken meanwhile, where a rename would replace it.
    let temp = tmp.into_temp_path();
    match fs::hard_link(&temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(io::Error::new(io::ErrorKind::AlreadyExists, "it exists; `new` never overwrites a file"))
        }
        Err(e) => Err(e),
    }
}

/// `None` when `path` already holds `content`; else `Some` of the mode a
/// rewritten file keeps, or `Some(None)` for a new file.
#[allow(clippy::option_option, reason = "unchanged, new, or rewritten with a mode")]
fn plan(path: &Path, content: &[u8]) -> io::Result<Option<Option<u32>>> {
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Some(None)),
        Err(e) => return Err(annotate(path, e)),
    };
    if link.is_dir() {
        return Err(annotate(path, io::Error::other("a directory is where a generated file must go")));
    }
    // A symlink is replaced by the new file; its target's mode is kept.
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        // A dangling symlink: replaced like a missing file.
        Err(_) if link.file_type().is_symlink() => return Ok(Some(None)),
        Err(e) => return Err(annotate(path, e)),
    };
    if meta.is_dir() {
        return Ok(Some(None));
    }
    if !meta.is_file() {
        return Err(annotate(path, io::Error::other("not a regular file where a generated file must go")));
    }
    let mode = meta.permissions().mode() & 0o7777;
    // A file of another size differs; only one of the same size is read.
    if meta.len() == content.len() as u64 && fs::read(path).map_err(|e| annotate(path, e))? == content {
        return Ok(None);
    }
    Ok(Some(Some(mode)))
}

/// Keeps the file at `path` reachable under a second name in `dir` until the
/// commit is done; its contents where the filesystem has no hard links.
fn second_name(path: &Path, dir: &Path, mode: u32) -> io::Result<Old> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let link = dir.join(format!("{TMP_PREFIX}old-{}-{n}", std::process::id()));
        match fs::hard_link(path, &link) {
            Ok(()) => return TempPath::try_from_path(link).map(Old::Linked),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                let content = fs::read(path).map_err(|e| annotate(path, e))?;
                return Ok(Old::Copied { mode, content });
            }
        }
    }
}

/// Puts back what was at `path` before a failed commit, best effort.
fn undo(path: &Path, old: Old) {
    let _ = match old {
        Old::Missing => fs::remove_file(path),
        Old::Linked(second) => second.persist(path).map_err(|e| e.error),
        Old::Copied { mode, content } => replace_with(path, &content, Some(mode)),
    };
}

/// One open directory per filesystem among `dirs`, for `syncfs`.
fn filesystems(dirs: &BTreeSet<&Path>) -> io::Result<Vec<fs::File>> {
    let mut by_dev: HashMap<u64, fs::File> = HashMap::new();
    for d in dirs {
        let f = fs::File::open(d).map_err(|e| annotate(d, e))?;
        let dev = f.metadata().map_err(|e| annotate(d, e))?.dev();
        by_dev.entry(dev).or_insert(f);
    }
    Ok(by_dev.into_values().collect())
}

/// Flushes each filesystem to its disk.
fn sync(filesystems: &[fs::File]) -> io::Result<()> {
    for f in filesystems {
        // SAFETY: `f` is an open file for the duration of the call.
        if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// A temporary in `dir` holding `content`: mode `mode`, or
/// `0666 & !umask` when `None`. Not yet durable: the commit syncs it.
fn temporary(dir: &Path, content: &[u8], mode: Option<u32>) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp =
        tempfile::Builder::new().prefix(TMP_PREFIX).permissions(fs::Permissions::from_mode(0o666)).tempfile_in(dir)?;
    if let Some(mode) = mode {
        tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    }
    tmp.write_all(content)?;
    Ok(tmp)
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
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    let _ = fs::File::open(dir).and_then(|f| f.sync_all());
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

/// A `--check` of an output tree: files are compared one at a time, from
/// any thread, as they are rendered; nothing is written.
pub struct Comparison {
    root: PathBuf,
    state: Mutex<(Drift, HashSet<String>)>,
}

impl Comparison {
    pub fn new(root: &Path) -> Comparison {
        Comparison { root: root.to_path_buf(), state: Mutex::new(Default::default()) }
    }

    /// Compares one file with what is under the root.
    pub fn add(&self, f: GenFile) {
        let path = self.root.join(&f.path);
        let verdict = match fs::metadata(&path) {
            Err(_) => Some(false),
            Ok(m) if !m.is_file() || m.len() != f.content.len() as u64 => Some(true),
            Ok(_) => match fs::read(&path) {
                Ok(old) if old == f.content.as_bytes() => None,
                _ => Some(true),
            },
        };
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match verdict {
            Some(true) => st.0.stale.push(f.path.clone()),
            Some(false) => st.0.missing.push(f.path.clone()),
            None => {}
        }
        st.1.insert(f.path);
    }

    /// What differs, every list sorted. Extra files are those under the root
    /// that the generator does not produce; temporaries of the writer
    /// ([`TMP_PREFIX`]) are not extra (the next write removes them).
    pub fn finish(self) -> Drift {
        let (mut drift, wanted) = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        for p in walk(&self.root) {
            let rel = p.strip_prefix(&self.root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(TMP_PREFIX)) {
                drift.temporaries.push(rel);
            } else if !wanted.contains(rel.as_str()) {
                drift.extra.push(rel);
            }
        }
        for list in [&mut drift.stale, &mut drift.missing, &mut drift.extra, &mut drift.temporaries] {
            list.sort();
        }
        drift
    }
}

/// Compares `root` with what would be written (see [`Comparison`]).
pub fn check(root: &Path, files: &[GenFile]) -> Drift {
    let c = Comparison::new(root);
    for f in files {
        c.add(f.clone());
    }
    c.finish()
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
