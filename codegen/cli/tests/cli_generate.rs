//! `maptype generate` as a user runs it: in a directory with `schemas/`, it
//! writes `generated/`, and `--check` fails naming the files a changed
//! definition makes stale; `--target` takes a kernel version.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("codegen/cli/ sits two levels down").to_path_buf()
}

/// A temporary directory holding a copy of the seed definitions in `schemas/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    for e in std::fs::read_dir(root().join("schemas")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "maptype") {
            std::fs::copy(e.path(), schemas.join(e.file_name())).unwrap();
        }
    }
    dir
}

fn maptype_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maptype")).args(args).current_dir(dir).output().expect("maptype runs")
}

/// Editing a definition makes `generate --check` exit 1 and name the files.
#[test]
fn check_fails_after_a_definition_changes() {
    let dir = project();
    assert!(maptype_in(dir.path(), &["generate"]).status.success());
    let ok = maptype_in(dir.path(), &["generate", "--check"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let sgt = dir.path().join("schemas/sgt.maptype");
    let text = std::fs::read_to_string(&sgt).unwrap().replace("DMA Mapped Scatter Gather Table", "DMA Mapped SG Table");
    std::fs::write(&sgt, text).unwrap();
    let stale = maptype_in(dir.path(), &["generate", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let out = String::from_utf8_lossy(&stale.stdout);
    assert!(out.contains("stale: generated/drivers/dma-buf/dma-buf-mapping-sgt.c"), "{out}");
}

/// `--target` names the kernel version; 6.12 is the default, a newer one
/// changes the output, and what is not a version is a usage error.
#[test]
fn target_is_a_kernel_version() {
    let dir = project();
    assert!(maptype_in(dir.path(), &["generate", "--target", "6.12"]).status.success());
    let same = maptype_in(dir.path(), &["generate", "--check"]);
    assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));
    let newer = maptype_in(dir.path(), &["generate", "--check", "--target", "6.18"]);
    assert_eq!(newer.status.code(), Some(1), "6.18 spells exports differently");
    let bad = maptype_in(dir.path(), &["generate", "--target", "linux"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a kernel version"));
    // A well-formed version the generator has no spellings for is refused,
    // with the versions it knows, and nothing is written.
    for unknown in ["5.10", "6.11", "7.0"] {
        let out = dir.path().join(format!("out-{unknown}"));
        let old = maptype_in(dir.path(), &["generate", "--target", unknown, "--out", out.to_str().unwrap()]);
        assert_eq!(old.status.code(), Some(1), "--target {unknown}");
        let err = String::from_utf8_lossy(&old.stderr);
        assert!(err.contains(&format!("does not know Linux {unknown}")), "{err}");
        assert!(err.contains("known versions: 6.12, 6.13,") && err.contains("6.19"), "{err}");
        assert!(!out.exists(), "--target {unknown} wrote {}", out.display());
    }
    // The old spelling is gone: --kernel is no longer a flag of generate.
    assert_eq!(maptype_in(dir.path(), &["generate", "--kernel", "6.12"]).status.code(), Some(2));
}
