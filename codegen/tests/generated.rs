//! generated/ is the checked-in output of schemas/: it must be fresh,
//! reproducible and independent of input order. (Its kernel style is checked
//! by checkpatch in maptype-runner's tests.)

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
