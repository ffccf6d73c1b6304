//! What the runner's integration tests share: the workspace root, the seed
//! definitions checked as the CLI checks them, writing a file.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

/// The workspace root (this crate is `codegen/runner/`).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).expect("codegen/runner/ sits two levels down").to_path_buf()
}

/// schemas/*.maptype checked, each named `schemas/<file>` as the banners name it.
pub fn seed_registry() -> maptype_dsl::ir::Registry {
    let dir = root().join("schemas");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("schemas/ is readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".maptype"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no schemas/*.maptype");
    let mut sources = maptype_dsl::Sources::new();
    for n in &names {
        sources.add(format!("schemas/{n}"), std::fs::read_to_string(dir.join(n)).expect("schema is readable"));
    }
    maptype_dsl::check(&sources).expect("the seed schemas check")
}

/// Writes `text` to `p`, making its directory.
pub fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().expect("a file path")).expect("directory is made");
    std::fs::write(p, text).expect("file is written");
}
