//! generated/ is the checked-in output of schemas/: it must be fresh,
//! reproducible, independent of input order, and kernel-style clean.

use std::process::Command;

mod common;
use common::root;
use maptype::{generate, output, GenFile, Target};
use maptype_dsl::Sources;

fn schema_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("schemas"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".maptype"))
        .collect();
    v.sort();
    v
}

fn gen_from(names: &[String]) -> Vec<GenFile> {
    let mut s = Sources::new();
    for n in names {
        let text = std::fs::read_to_string(root().join("schemas").join(n)).unwrap();
        s.add(format!("schemas/{n}"), text);
    }
    let reg = maptype_dsl::check(&s).expect("seed schemas check");
    generate(&reg, &Target::default())
}

#[test]
fn checked_in_output_is_fresh() {
    let files = gen_from(&schema_files());
    let drift = output::check(&root().join("generated"), &files);
    assert!(drift.is_clean(), "generated/ is stale; run `cargo run -- generate`: {drift:?}");
}

#[test]
fn output_is_reproducible_and_order_independent() {
    let names = schema_files();
    let a = gen_from(&names);
    let mut reversed = names.clone();
    reversed.reverse();
    let b = gen_from(&reversed);
    assert_eq!(a, b);
    assert_eq!(a, gen_from(&names));
}

#[test]
fn every_file_starts_with_spdx_and_provenance() {
    for f in gen_from(&schema_files()) {
        let first = f.content.lines().next().unwrap();
        assert!(first.contains("SPDX-License-Identifier: GPL-2.0"), "{}: {first}", f.path);
        let head: String = f.content.lines().take(6).collect::<Vec<_>>().join(" ");
        let head = head.split_whitespace().filter(|w| *w != "*" && *w != "#").collect::<Vec<_>>().join(" ");
        assert!(head.contains("generated from schemas/"), "{}", f.path);
        assert!(head.contains("by cargo run -- generate; do not edit"), "{}", f.path);
    }
}

#[test]
fn writes_only_changed_files_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let files = gen_from(&schema_files());
    let first = output::write(dir.path(), &files).unwrap();
    assert_eq!(first.len(), files.len());
    assert!(output::write(dir.path(), &files).unwrap().is_empty(), "unchanged files were rewritten");
    let mut changed = files.clone();
    changed[0].content.push_str("/* edit */\n");
    assert_eq!(output::write(dir.path(), &changed).unwrap(), vec![changed[0].path.clone()]);
    // No temporary files are left behind.
    let drift = output::check(dir.path(), &changed);
    assert!(drift.is_clean(), "{drift:?}");
}

#[test]
fn check_names_stale_missing_and_extra_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = gen_from(&schema_files());
    output::write(dir.path(), &files).unwrap();
    std::fs::write(dir.path().join(&files[0].path), "stale").unwrap();
    std::fs::remove_file(dir.path().join(&files[1].path)).unwrap();
    std::fs::write(dir.path().join("include/linux/extra.h"), "x").unwrap();
    let drift = output::check(dir.path(), &files);
    assert_eq!(drift.stale, vec![files[0].path.clone()]);
    assert_eq!(drift.missing, vec![files[1].path.clone()]);
    assert_eq!(drift.extra, vec!["include/linux/extra.h".to_string()]);
}

/// Editing a definition makes `generate --check` exit 1 and name the files.
#[test]
fn cli_check_fails_after_a_definition_changes() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    for n in schema_files() {
        std::fs::copy(root().join("schemas").join(&n), schemas.join(&n)).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_maptype");
    let run = |args: &[&str]| Command::new(bin).args(args).current_dir(dir.path()).output().unwrap();
    assert!(run(&["generate"]).status.success());
    let ok = run(&["generate", "--check"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let sgt = schemas.join("sgt.maptype");
    let text = std::fs::read_to_string(&sgt).unwrap().replace("DMA Mapped Scatter Gather Table", "DMA Mapped SG Table");
    std::fs::write(&sgt, text).unwrap();
    let stale = run(&["generate", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let out = String::from_utf8_lossy(&stale.stdout);
    assert!(out.contains("stale: generated/drivers/dma-buf/dma-buf-mapping-sgt.c"), "{out}");
}

/// The kernel's own style checker finds nothing to warn about. Runs when a
/// kernel tree is available (`scripts/test-all` provides one).
#[test]
fn checkpatch_strict_is_clean() {
    let Some(tree) = maptype::kernel::find_tree() else {
        eprintln!("checkpatch: skipped, no kernel tree (set MAPTYPE_KERNEL_SRC or run scripts/test-all)");
        return;
    };
    let mut checked = 0;
    for f in gen_from(&schema_files()).iter().filter(|f| f.path.ends_with(".c") || f.path.ends_with(".h")) {
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

/// Every requirement of the seeds yields an inverted and a dropped mutant
/// whose glue differs from the real one.
#[test]
fn mutants_change_the_glue() {
    let mut s = Sources::new();
    for n in schema_files() {
        s.add(format!("schemas/{n}"), std::fs::read_to_string(root().join("schemas").join(&n)).unwrap());
    }
    let reg = maptype_dsl::check(&s).unwrap();
    let real = generate(&reg, &Target::default());
    let mutants = maptype::mutants::mutants(&reg, &Target::default());
    let requires: usize = reg.types.iter().map(|t| t.requirements().len()).sum();
    assert_eq!(mutants.len(), 2 * requires);
    for m in &mutants {
        for f in &m.files {
            let orig = real.iter().find(|r| r.path == f.path).expect("mutant replaces a real file");
            assert_ne!(orig.content, f.content, "{} changes nothing", m.name);
        }
    }
}
