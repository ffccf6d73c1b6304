//! Writing generated files: only when content changed, each atomically
//! (temp file in the same directory, then rename), and a `--check` mode that
//! writes nothing and names every stale, missing or extra file.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::GenFile;

/// What `check` found wrong with an output tree.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    pub stale: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Writes files under `root`; returns the paths actually rewritten.
pub fn write(root: &Path, files: &[GenFile]) -> std::io::Result<Vec<String>> {
    let mut written = Vec::new();
    for f in files {
        let path = root.join(&f.path);
        if std::fs::read(&path).is_ok_and(|old| old == f.content.as_bytes()) {
            continue;
        }
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(f.content.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        written.push(f.path.clone());
    }
    Ok(written)
}

/// Compares `root` with what would be written. Extra files are those under
/// `root` that the generator does not produce.
pub fn check(root: &Path, files: &[GenFile]) -> Drift {
    let mut drift = Drift::default();
    for f in files {
        match std::fs::read(root.join(&f.path)) {
            Ok(old) if old == f.content.as_bytes() => {}
            Ok(_) => drift.stale.push(f.path.clone()),
            Err(_) => drift.missing.push(f.path.clone()),
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for p in list(root) {
        let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
        if !wanted.contains(rel.as_str()) {
            drift.extra.push(rel);
        }
    }
    drift.extra.sort();
    drift
}

/// Every regular file under `root`, recursively.
fn list(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
