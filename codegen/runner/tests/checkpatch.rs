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
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains("warning") || l.contains("error")).collect();
    assert!(out.status.success() && warnings.is_empty(), "kernel-doc -Wall:\n{text}");
    eprintln!("kernel-doc -none -Wall: {} files, 0 warnings", paths.len());
}
