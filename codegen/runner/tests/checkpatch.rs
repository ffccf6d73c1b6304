//! generated/ is kernel-style clean: the kernel's own `checkpatch.pl` finds
//! nothing in it, nor its `kernel-doc -Wall`; the output for 7.3 is so in
//! 7.3's tree too. Runs when a kernel tree is available (`scripts/test-all`
//! provides them through `maptype kunit`).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::root;

/// `checkpatch.pl --strict` of `tree` on a source file: its errors and warnings.
fn checkpatch(tree: &Path, file: &Path) -> Vec<String> {
    run_checkpatch(tree, &["--show-types", "-f"], file, &[": ERROR:", ": WARNING:"])
}

/// `checkpatch.pl --no-tree --strict --terse FLAGS PATH`: the lines saying one of `kinds`.
fn run_checkpatch(tree: &Path, flags: &[&str], path: &Path, kinds: &[&str]) -> Vec<String> {
    let out = Command::new("perl")
        .arg(tree.join("scripts/checkpatch.pl"))
        .args(["--no-tree", "--strict", "--terse"])
        .args(flags)
        .arg(path)
        .output()
        .expect("perl runs checkpatch");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().filter(|l| kinds.iter().any(|k| l.contains(k))).map(String::from).collect()
}

/// `kernel-doc -none -Wall` of `tree` on `files`: what it said, and whether
/// it said nothing to warn about. 6.12's kernel-doc is Perl and says
/// "warning:", 7.3's is Python and says "Warning:"; both run as scripts.
fn kernel_doc(tree: &Path, files: &[PathBuf]) -> (String, bool) {
    let script = tree.join("scripts/kernel-doc");
    let python = std::fs::read_to_string(&script).is_ok_and(|s| s.starts_with("#!/usr/bin/env python"));
    let out = Command::new(if python { "python3" } else { "perl" })
        .arg(&script)
        .args(["-none", "-Wall"])
        .args(files)
        .output()
        .expect("kernel-doc runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let clean = out.status.success()
        && !text.lines().any(|l| {
            let l = l.to_lowercase();
            l.contains("warning") || l.contains("error")
        });
    (text, clean)
}

/// The generated C files of `files`, where they are under `dir`.
fn c_files(files: &[maptype::GenFile], dir: &Path) -> Vec<PathBuf> {
    let paths: Vec<PathBuf> =
        files.iter().filter(|f| f.path.ends_with(".c") || f.path.ends_with(".h")).map(|f| dir.join(&f.path)).collect();
    assert!(paths.len() >= 8);
    paths
}

#[test]
fn checkpatch_strict_is_clean() {
    let Some(tree) = maptype_runner::find_tree() else {
        eprintln!("checkpatch: skipped, no kernel tree (set MAPTYPE_KERNEL_SRC or run scripts/test-all)");
        return;
    };
    let files = maptype::generate(&common::seed_registry(), &maptype::Target::default());
    let paths = c_files(&files, &root().join("generated"));
    for p in &paths {
        let bad = checkpatch(&tree, p);
        assert!(bad.is_empty(), "checkpatch on {}:\n{}", p.display(), bad.join("\n"));
    }
    eprintln!("checkpatch --strict: {} files, 0 errors, 0 warnings", paths.len());
}

/// The kernel's `scripts/kernel-doc -none -Wall` finds nothing to warn
/// about in any generated C file: every kernel-doc comment names exactly the
/// parameters and members its function, macro or struct has.
#[test]
fn kernel_doc_is_clean() {
    let Some(tree) = maptype_runner::find_tree() else {
        eprintln!("kernel-doc: skipped, no kernel tree (set MAPTYPE_KERNEL_SRC or run scripts/test-all)");
        return;
    };
    let files = maptype::generate(&common::seed_registry(), &maptype::Target::default());
    let paths = c_files(&files, &root().join("generated"));
    let (text, clean) = kernel_doc(&tree, &paths);
    assert!(clean, "kernel-doc -Wall:\n{text}");
    eprintln!("kernel-doc -none -Wall: {} files, 0 warnings", paths.len());
}

/// The output for Linux 7.3 passes that tree's own `checkpatch.pl --strict`
/// and its `kernel-doc -none -Wall` (a Python rewrite there). Runs when
/// `maptype kunit --target 7.3` has extracted the tree (`scripts/test-all`
/// runs it before `cargo test`).
#[test]
fn the_output_for_7_3_is_clean_in_7_3s_checkers() {
    let target = maptype::Target::LINUX_7_3;
    let tree = maptype_runner::cache_dir().join(maptype_runner::debian_source(&target));
    if !tree.join("scripts/kernel-doc").is_file() {
        eprintln!("7.3 checkers: skipped, no {} (run `maptype kunit --target 7.3`)", tree.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let files = maptype::generate(&common::seed_registry(), &target);
    maptype::output::write(dir.path(), &files).expect("the output is written");
    let paths = c_files(&files, dir.path());
    for p in &paths {
        let bad = checkpatch(&tree, p);
        assert!(bad.is_empty(), "7.3 checkpatch on {}:\n{}", p.display(), bad.join("\n"));
    }
    let (text, clean) = kernel_doc(&tree, &paths);
    assert!(clean, "7.3 kernel-doc -Wall:\n{text}");
    eprintln!("7.3: checkpatch --strict and kernel-doc -Wall: {} files, 0 warnings", paths.len());
}

/// The driver patches of `examples/linux-7.3/` are kernel style by 7.3's
/// own `checkpatch.pl --strict` (they carry no Signed-off-by: whoever sends
/// them adds theirs). That they apply and build is `maptype kunit --target
/// 7.3 --x86`'s job.
#[test]
fn the_driver_patches_are_checkpatch_clean() {
    let target = maptype::Target::LINUX_7_3;
    let tree = maptype_runner::cache_dir().join(maptype_runner::debian_source(&target));
    if !tree.join("scripts/checkpatch.pl").is_file() {
        eprintln!("driver patches: skipped, no {} (run `maptype kunit --target 7.3`)", tree.display());
        return;
    }
    let dir = root().join("examples/linux-7.3");
    let mut patches: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/linux-7.3 is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "patch"))
        .collect();
    patches.sort();
    assert_eq!(patches.len(), 4, "vfio-pci, iommufd, xe and xe-vfio-pci: {patches:?}");
    for p in &patches {
        let bad = run_checkpatch(&tree, &["--no-signoff"], p, &[": ERROR:", ": WARNING:", ": CHECK:"]);
        assert!(bad.is_empty(), "checkpatch on {}:\n{}", p.display(), bad.join("\n"));
    }
}
