//! generated/ is kernel-style clean: the kernel's own `checkpatch.pl` finds
//! nothing in it. Runs when a kernel tree is available (`scripts/test-all`
//! provides one through `maptype kunit`).

use std::process::Command;

mod common;
use common::root;

#[test]
fn checkpatch_strict_is_clean() {
    let Some(tree) = maptype_runner::find_tree() else {
        eprintln!("checkpatch: skipped, no kernel tree (set MAPTYPE_KERNEL_SRC or run scripts/test-all)");
        return;
    };
    let files = maptype::generate(&common::seed_registry(), &maptype::Target::default());
    let mut checked = 0;
    for f in files.iter().filter(|f| f.path.ends_with(".c") || f.path.ends_with(".h")) {
        let path = root().join("generated").join(&f.path);
        let out = Command::new("perl")
            .arg(tree.join("scripts/checkpatch.pl"))
            .args(["--no-tree", "--strict", "--terse", "--show-types", "-f"])
            .arg(&path)
            .output()
            .expect("perl runs checkpatch");
        let text = String::from_utf8_lossy(&out.stdout);
        let bad: Vec<&str> = text.lines().filter(|l| l.contains(": ERROR:") || l.contains(": WARNING:")).collect();
        assert!(bad.is_empty(), "checkpatch on {}:\n{}", f.path, bad.join("\n"));
        checked += 1;
    }
    assert!(checked >= 8);
    eprintln!("checkpatch --strict: {checked} files, 0 errors, 0 warnings");
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
    let paths: Vec<_> = files
        .iter()
        .filter(|f| f.path.ends_with(".c") || f.path.ends_with(".h"))
        .map(|f| root().join("generated").join(&f.path))
        .collect();
    assert!(paths.len() >= 8);
    let out = Command::new("perl")
        .arg(tree.join("scripts/kernel-doc"))
        .args(["-none", "-Wall"])
        .args(&paths)
        .output()
        .expect("perl runs kernel-doc");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // 7.3's Python kernel-doc says "Warning:", 6.12's Perl one "warning:".
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("warning") || l.contains("error")
        })
        .collect();
    assert!(out.status.success() && warnings.is_empty(), "kernel-doc -Wall:\n{text}");
    eprintln!("kernel-doc -none -Wall: {} files, 0 warnings", paths.len());
}

/// The output for Linux 7.3 passes that tree's own `checkpatch.pl --strict`
/// and its `kernel-doc -none -Wall` (a Python rewrite there, stricter than
/// 6.12's Perl one). Runs when `maptype kunit --target 7.3` has extracted the
/// tree (`scripts/test-all` runs it before `cargo test`).
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
    let paths: Vec<_> = files
        .iter()
        .filter(|f| f.path.ends_with(".c") || f.path.ends_with(".h"))
        .map(|f| dir.path().join(&f.path))
        .collect();
    assert!(paths.len() >= 8);
    for p in &paths {
        let out = Command::new("perl")
            .arg(tree.join("scripts/checkpatch.pl"))
            .args(["--no-tree", "--strict", "--terse", "--show-types", "-f"])
            .arg(p)
            .output()
            .expect("perl runs checkpatch");
        let text = String::from_utf8_lossy(&out.stdout);
        let bad: Vec<&str> = text.lines().filter(|l| l.contains(": ERROR:") || l.contains(": WARNING:")).collect();
        assert!(bad.is_empty(), "7.3 checkpatch on {}:\n{}", p.display(), bad.join("\n"));
    }
    let out = Command::new("python3")
        .arg(tree.join("scripts/kernel-doc"))
        .args(["-none", "-Wall"])
        .args(&paths)
        .output()
        .expect("python3 runs kernel-doc");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // 7.3's Python kernel-doc says "Warning:", 6.12's Perl one "warning:".
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("warning") || l.contains("error")
        })
        .collect();
    assert!(out.status.success() && warnings.is_empty(), "7.3 kernel-doc -Wall:\n{text}");
    eprintln!("7.3: checkpatch --strict and kernel-doc -Wall: {} files, 0 warnings", paths.len());
}
