//! Helpers the integration tests share: where the workspace is, the seed
//! definitions loaded as the CLI loads them, files of a generated tree.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

use maptype_dsl::Sources;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ sits in the workspace").to_path_buf()
}

/// schemas/*.maptype, sorted, named `schemas/<file>` as the generator's banners name them.
pub fn seed_sources() -> Sources {
    let mut names: Vec<String> = std::fs::read_dir(root().join("schemas"))
        .expect("schemas/ is readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".maptype"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no schemas/*.maptype");
    let mut sources = Sources::new();
    for n in &names {
        let text = std::fs::read_to_string(root().join("schemas").join(n)).expect("schema is readable");
        sources.add(format!("schemas/{n}"), text);
    }
    sources
}

/// Every file under `dir` whose name ends with `ext`, sorted.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Writes `text` to `p`, making its directory.
pub fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().expect("a file path")).expect("directory is made");
    std::fs::write(p, text).expect("file is written");
}
