//! A private type stands alone: generating it writes only its own files,
//! checked against the core, and never touches the core's; a whole registry
//! that would leave other types' files behind writes nothing; `new` writes a
//! definition that lints, formats and generates as it is.

mod common;
use common::{maptype_in, project, snapshot, stderr};

use std::path::Path;

fn ok(o: &std::process::Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    stderr(o)
}

fn failed(o: &std::process::Output) -> String {
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(o));
    stderr(o)
}

/// A project with the core generated into `out/` and the ualink example in `driver/`.
fn project_with_core() -> tempfile::TempDir {
    let p = project();
    ok(&maptype_in(p.path(), &["generate", "--out", "out"]));
    std::fs::create_dir(p.path().join("driver")).unwrap();
    std::fs::copy(common::root().join("examples/new_type/ualink.maptype"), p.path().join("driver/ualink.maptype"))
        .unwrap();
    p
}

fn changed(before: &std::collections::BTreeMap<String, Vec<u8>>, dir: &Path) -> Vec<String> {
    let after = snapshot(dir);
    let mut out: Vec<String> =
        after.iter().filter(|(k, v)| before.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
    out.extend(before.keys().filter(|k| !after.contains_key(*k)).map(|k| format!("removed {k}")));
    out
}

#[test]
fn a_private_type_writes_only_its_own_files() {
    let p = project_with_core();
    let out = p.path().join("out");
    let before = snapshot(&out);
    let err = ok(&maptype_in(p.path(), &["generate", "--out", "out", "driver/ualink.maptype"]));
    assert!(
        err.contains("checked against the core in schemas (3 types); only the files of ualink are written"),
        "{err}"
    );
    assert!(err.contains("no Rust module for ualink"), "{err}");
    let mut new = changed(&before, &out);
    new.sort();
    assert_eq!(
        new,
        [
            "Documentation/driver-api/dma-buf-mapping/private/ualink.rst",
            "drivers/accel/ualink/Makefile.maptype",
            "drivers/accel/ualink/dma-buf-mapping-ualink-test.c",
            "drivers/accel/ualink/dma-buf-mapping-ualink.c",
            "drivers/accel/ualink/dma-buf-mapping-ualink.h",
        ]
    );
    // The core is still whole and up to date; the private type's files are
    // up to date on their own.
    ok(&maptype_in(p.path(), &["generate", "--check", "--out", "out", "--core", "schemas", "schemas"]));
    ok(&maptype_in(p.path(), &["generate", "--check", "--out", "out", "driver/ualink.maptype"]));
    std::fs::write(out.join("drivers/accel/ualink/dma-buf-mapping-ualink.c"), "stale\n").unwrap();
    let o = maptype_in(p.path(), &["generate", "--check", "--out", "out", "driver/ualink.maptype"]);
    failed(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("stale: out/drivers/accel/ualink/dma-buf-mapping-ualink.c"));
}

#[test]
fn lint_checks_a_private_type_against_the_core() {
    let p = project_with_core();
    let err = ok(&maptype_in(p.path(), &["lint", "driver/ualink.maptype"]));
    assert!(err.contains("checked 1 mapping type against the core in schemas (3 types)"), "{err}");
    // `ir` prints the given type only; the core is context.
    let o = maptype_in(p.path(), &["ir", "driver/ualink.maptype"]);
    ok(&o);
    let ir: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = ir["types"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ualink"]);
    // A clash with a core type is found by lint and by generate alike.
    let clash = std::fs::read_to_string(p.path().join("driver/ualink.maptype"))
        .unwrap()
        .replace("accessor dma_buf_ualink_station", "accessor dma_buf_xe_iov_vf");
    std::fs::write(p.path().join("driver/ualink.maptype"), clash).unwrap();
    let before = snapshot(&p.path().join("out"));
    for cmd in [&["lint", "driver/ualink.maptype"][..], &["generate", "--out", "out", "driver/ualink.maptype"]] {
        let err = failed(&maptype_in(p.path(), cmd));
        assert!(err.contains("dma_buf_xe_iov_vf"), "{cmd:?}: {err}");
    }
    assert!(changed(&before, &p.path().join("out")).is_empty());
}

#[test]
fn a_core_type_outside_the_core_is_refused() {
    let p = project_with_core();
    // sgt, renamed so that it clashes with nothing, is not private.
    let seeds: Vec<(String, String)> = ["pal", "sgt", "xe_iov"]
        .iter()
        .map(|n| {
            let name = format!("schemas/{n}.maptype");
            (name.clone(), std::fs::read_to_string(p.path().join(&name)).unwrap())
        })
        .collect();
    let sgt = maptype::synth::synthesize(&seeds, 6)
        .unwrap()
        .into_iter()
        .find(|d| d.text.contains("mapping_type sgt_1"))
        .unwrap();
    std::fs::write(p.path().join("driver/sgt_1.maptype"), &sgt.text).unwrap();
    let before = snapshot(&p.path().join("out"));
    let err = failed(&maptype_in(p.path(), &["generate", "--out", "out", "--core", "schemas", "driver/sgt_1.maptype"]));
    assert!(err.contains("`sgt_1` is not a private type"), "{err}");
    assert!(err.contains("hint: add its definition to the core's"), "{err}");
    assert!(changed(&before, &p.path().join("out")).is_empty());
    failed(&maptype_in(p.path(), &["lint", "--core", "schemas", "driver/sgt_1.maptype"]));
}

#[test]
fn a_whole_registry_beside_other_types_files_writes_nothing() {
    let p = project_with_core();
    let out = p.path().join("out");
    let before = snapshot(&out);
    // sgt alone, not private: a whole registry that would know only sgt.
    let o = maptype_in(p.path(), &["generate", "--out", "out", "schemas/sgt.maptype"]);
    let err = failed(&o);
    assert!(err.contains("nothing written"), "{err}");
    let listed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(listed.contains("left over: out/drivers/dma-buf/dma-buf-mapping-pal.c"), "{listed}");
    assert!(listed.contains("left over: out/include/linux/dma-buf-mapping-pal.h"), "{listed}");
    // Private types' own files are not in the way: they stand alone.
    assert!(!listed.contains("xe-iov"), "{listed}");
    assert!(changed(&before, &out).is_empty(), "nothing was written");
    assert!(common::temporaries(&out).is_empty());
}

#[test]
fn new_writes_a_definition_that_lints_and_generates() {
    let p = project();
    let err = ok(&maptype_in(p.path(), &["new", "dmx", "--private", "dmx", "--dir", "drivers/misc/dmx"]));
    assert!(err.contains("wrote dmx.maptype"), "{err}");
    let text = std::fs::read_to_string(p.path().join("dmx.maptype")).unwrap();
    assert!(text.contains("FILL IN"));
    assert!(text.contains("private to module \"dmx\" in \"drivers/misc/dmx\";"));
    ok(&maptype_in(p.path(), &["lint", "dmx.maptype"]));
    ok(&maptype_in(p.path(), &["fmt", "--check", "dmx.maptype"]));
    ok(&maptype_in(p.path(), &["generate", "--out", "out", "dmx.maptype"]));
    assert!(p.path().join("out/drivers/misc/dmx/dma-buf-mapping-dmx-test.c").is_file());
    // Never overwritten.
    std::fs::write(p.path().join("dmx.maptype"), "mine\n").unwrap();
    let err = failed(&maptype_in(p.path(), &["new", "dmx", "--private", "dmx", "--dir", "drivers/misc/dmx"]));
    assert!(err.contains("never overwrites"), "{err}");
    assert_eq!(std::fs::read_to_string(p.path().join("dmx.maptype")).unwrap(), "mine\n");
    // A core type: generated with the core.
    ok(&maptype_in(p.path(), &["new", "fab", "-o", "fab.maptype"]));
    ok(&maptype_in(p.path(), &["generate", "--out", "whole", "schemas", "fab.maptype"]));
    assert!(p.path().join("whole/include/linux/dma-buf-mapping-fab.h").is_file());
}

#[test]
fn new_refuses_what_could_not_lint() {
    let p = project();
    for (args, says) in [
        (&["new", "Dmx"][..], "cannot name a mapping type"),
        (&["new", "pal"], "mapping type `pal` is defined twice"),
        (&["new", "dmx", "--private", "dmx", "--dir", "/abs/dmx"], "is not a driver directory"),
        (&["new", "dmx", "--private", "d x", "--dir", "drivers/dmx"], "is not a module name"),
    ] {
        let err = failed(&maptype_in(p.path(), args));
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!p.path().join("pal.maptype").exists() && !p.path().join("dmx.maptype").exists());
}
