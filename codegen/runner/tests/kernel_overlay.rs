//! The pure parts of `maptype kunit`: the 6.12 hook patches (on the real
//! files when a kernel tree is available), the overlay plan, the work tree's
//! manifest and restore, the pristine tree left untouched, and reading
//! kunit.py's JSON. The UML build itself is `cargo run -- kunit`'s job.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

mod common;
use common::{root, write};
use maptype_runner::hooks::{self, Edit, Patch};
use maptype_runner::overlay::{self, Inputs};
use maptype_runner::results;
use maptype_runner::worktree::{Snapshot, WorkTree, MANIFEST};

fn hash_file(p: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    std::fs::read(p).unwrap().hash(&mut h);
    h.finish()
}

/// The stock files the overlay patches or extends: from the real tree when
/// there is one, else made of the anchors alone (each once).
fn stock(rel: &str) -> String {
    if let Some(tree) = maptype_runner::find_tree() {
        return std::fs::read_to_string(tree.join(rel)).unwrap();
    }
    match rel {
        "include/linux/dma-buf.h" => hooks::DMA_BUF_H_PATCHES.iter().map(|p| p.anchor).collect(),
        "drivers/dma-buf/dma-buf.c" => hooks::DMA_BUF_C_PATCHES.iter().map(|p| p.anchor).collect(),
        "drivers/dma-buf/Makefile" => "obj-y := dma-buf.o\n".into(),
        "drivers/dma-buf/Kconfig" => "menu \"DMABUF options\"\nendmenu\n".into(),
        _ => String::new(),
    }
}

/// A small pristine tree holding only what the overlay reads.
fn mini_pristine(dir: &Path) -> PathBuf {
    let t = dir.join("linux");
    write(&t.join("Makefile"), "# top-level Makefile\n");
    for rel in
        ["include/linux/dma-buf.h", "drivers/dma-buf/dma-buf.c", "drivers/dma-buf/Makefile", "drivers/dma-buf/Kconfig"]
    {
        write(&t.join(rel), &stock(rel));
    }
    write(&t.join("drivers/dma-buf/untouched.c"), "/* stock */\n");
    t
}

/// A generated/ tree shaped like the generator's.
fn mini_generated(dir: &Path, with_kunitconfig: bool) -> PathBuf {
    let g = dir.join("generated");
    write(&g.join("include/linux/dma-buf-mapping.h"), "/* umbrella */\n");
    write(&g.join("drivers/dma-buf/dma-buf-mapping.c"), "/* core */\n");
    write(&g.join("drivers/dma-buf/dma-buf-mapping-test.c"), "/* core test */\n");
    write(&g.join("drivers/dma-buf/Makefile.maptype"), "obj-y += dma-buf-mapping.o\n");
    write(&g.join("drivers/dma-buf/Kconfig.maptype"), "config DMA_BUF_MAPPING_KUNIT_TEST\n\ttristate\n");
    write(&g.join("drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.c"), "#include \"dma-buf-mapping-xe-iov.h\"\n");
    write(&g.join("drivers/gpu/drm/xe/dma-buf-mapping-xe-iov-test.c"), "/* private test */\n");
    write(&g.join("drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.h"), "/* private header */\n");
    write(&g.join("drivers/gpu/drm/xe/Makefile.maptype"), "xe-y += dma-buf-mapping-xe-iov.o\n");
    write(&g.join("rust/kernel/dma_buf_mapping.rs"), "// not for the kernel run\n");
    if with_kunitconfig {
        write(&g.join("drivers/dma-buf/.kunitconfig"), "CONFIG_KUNIT=y\n");
    }
    g
}

#[test]
fn hooks_patch_the_real_612_files() {
    let Some(tree) = maptype_runner::find_tree() else {
        eprintln!("skipped: no kernel tree (set MAPTYPE_KERNEL_SRC or run `cargo run -- kunit` once)");
        return;
    };
    for (rel, patches) in hooks::PATCHED {
        let text = std::fs::read_to_string(tree.join(rel)).unwrap();
        let out = hooks::apply(rel, &text, patches).unwrap_or_else(|e| panic!("{e}"));
        for p in *patches {
            assert!(out.contains(p.text), "{rel}: {} not applied", p.what);
        }
        assert!(out.len() > text.len());
    }
    let h = hooks::apply(hooks::DMA_BUF_H, &stock(hooks::DMA_BUF_H), hooks::DMA_BUF_H_PATCHES).unwrap();
    let ops = &h[h.find("struct dma_buf_ops {").unwrap()..];
    let ops = &ops[..ops.find("\n};\n").unwrap()];
    assert!(ops.contains("int (*match_mapping)(struct dma_buf_match_args *args);"));
    assert!(ops.contains("const struct dma_buf_mapping_match *single_exporter_match;"));
    let att = &h[h.find("struct dma_buf_attachment {").unwrap()..];
    let att = &att[..att.find("\n};\n").unwrap()];
    assert!(att.contains("struct dma_buf_mapping_match map_type;"));
    assert!(h.contains("#include <linux/dma-buf-mapping-types.h>\n"));
    assert!(h.contains("dma_buf_sgt_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,"));
    let c = hooks::apply(hooks::DMA_BUF_C, &stock(hooks::DMA_BUF_C), hooks::DMA_BUF_C_PATCHES).unwrap();
    assert!(c.contains("!exp_info->ops->match_mapping &&"));
}

#[test]
fn a_missing_or_repeated_anchor_fails_loudly() {
    let p = [Patch { what: "the thing", anchor: "ANCHOR\n", edit: Edit::InsertAfter, text: "new\n" }];
    let e = hooks::apply("include/linux/x.h", "nothing here\n", &p).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("include/linux/x.h") && msg.contains("the thing") && msg.contains("not found"), "{msg}");
    let e = hooks::apply("x.h", "ANCHOR\nANCHOR\n", &p).unwrap_err();
    assert!(e.to_string().contains("found 2 times"), "{e}");
    assert_eq!(hooks::apply("x.h", "a\nANCHOR\nb\n", &p).unwrap(), "a\nANCHOR\nnew\nb\n");
    let before = [Patch { edit: Edit::InsertBefore, ..p[0] }];
    assert_eq!(hooks::apply("x.h", "ANCHOR\n", &before).unwrap(), "new\nANCHOR\n");
    let repl = [Patch { edit: Edit::Replace, ..p[0] }];
    assert_eq!(hooks::apply("x.h", "ANCHOR\n", &repl).unwrap(), "new\n");
}

#[test]
fn the_hand_written_hooks_are_checkpatch_clean() {
    let Some(tree) = maptype_runner::find_tree() else {
        eprintln!("skipped: no kernel tree");
        return;
    };
    let compat = maptype_runner::PROVEN.iter().map(|t| format!("{t}/dma-buf-mapping-compat.h"));
    for name in hooks::C_FILES.iter().map(|(rel, _)| rel.rsplit('/').next().unwrap().to_string()).chain(compat) {
        let path = root().join("codegen/runner/kernel").join(&name);
        let out = std::process::Command::new("perl")
            .arg(tree.join("scripts/checkpatch.pl"))
            .args(["--no-tree", "--strict", "--terse", "-f"])
            .arg(&path)
            .output()
            .expect("perl runs checkpatch");
        let text = String::from_utf8_lossy(&out.stdout);
        let bad: Vec<&str> = text
            .lines()
            .filter(|l| l.contains(": ERROR:") || l.contains(": WARNING:") || l.contains(": CHECK:"))
            .collect();
        assert!(bad.is_empty(), "checkpatch on {name}:\n{}", bad.join("\n"));
    }
}

#[test]
fn the_plan_puts_every_file_in_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = mini_pristine(dir.path());
    let generated = mini_generated(dir.path(), false);
    let examples = dir.path().join("examples");
    write(&examples.join("Makefile"), "obj-y += ex.o\n");
    write(&examples.join("ex.c"), "/* example */\n");
    let ov = overlay::plan(&Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: Some(&examples),
        target: Default::default(),
        patches: None,
    })
    .unwrap();
    let keys: Vec<&str> = ov.files.keys().map(String::as_str).collect();
    for want in [
        "include/linux/dma-buf-mapping.h",
        "include/linux/dma-buf.h",
        "drivers/dma-buf/dma-buf.c",
        "drivers/dma-buf/dma-buf-mapping.c",
        "drivers/dma-buf/dma-buf-mapping-test.c",
        "drivers/dma-buf/Kconfig.maptype",
        "drivers/dma-buf/dma-buf-mapping-attach.c",
        "drivers/dma-buf/dma-buf-mapping-attach-test.c",
        "drivers/dma-buf/maptype-private/dma-buf-mapping-xe-iov.c",
        "drivers/dma-buf/maptype-private/dma-buf-mapping-xe-iov.h",
        "drivers/dma-buf/maptype-private/dma-buf-mapping-xe-iov-test.c",
        "drivers/dma-buf/maptype-private/Makefile",
        "drivers/dma-buf/maptype-examples/Makefile",
        "drivers/dma-buf/maptype-examples/ex.c",
        "drivers/dma-buf/.kunitconfig",
    ] {
        assert!(keys.contains(&want), "{want} missing from {keys:?}");
    }
    assert!(!keys.iter().any(|k| k.contains("rust/") || k.ends_with("xe-iov/Makefile.maptype")), "{keys:?}");
    assert!(!keys.contains(&"drivers/dma-buf/maptype-private/Makefile.maptype"));
    let text = |k: &str| String::from_utf8(ov.files[k].clone()).unwrap();
    let private = text("drivers/dma-buf/maptype-private/Makefile");
    assert!(private.contains("obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += dma-buf-mapping-xe-iov.o\n"), "{private}");
    assert!(private.contains("+= dma-buf-mapping-xe-iov-test.o\n"), "{private}");
    assert!(!private.contains(".h"), "{private}");
    let mk = text("drivers/dma-buf/Makefile");
    assert!(mk.starts_with(&stock("drivers/dma-buf/Makefile")), "the stock Makefile comes first");
    for line in [
        "obj-y += dma-buf-mapping.o\n",
        "obj-$(CONFIG_DMA_SHARED_BUFFER) += dma-buf-mapping-attach.o\n",
        "obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += dma-buf-mapping-attach-test.o\n",
        "obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += maptype-private/\n",
        "obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += maptype-examples/\n",
    ] {
        assert!(mk.contains(line), "{line} not in\n{mk}");
    }
    let kc = text("drivers/dma-buf/Kconfig");
    assert!(kc.starts_with(&stock("drivers/dma-buf/Kconfig")));
    assert!(kc.ends_with("source \"drivers/dma-buf/Kconfig.maptype\"\n"), "{kc}");
    // No generated .kunitconfig: the runner's own, with what UML needs.
    assert_eq!(text(overlay::KUNITCONFIG), overlay::FALLBACK_KUNITCONFIG);
    assert!(overlay::FALLBACK_KUNITCONFIG.contains("CONFIG_SYNC_FILE=y"));
    assert!(text("drivers/dma-buf/maptype-examples/Makefile").contains("-I$(srctree)/drivers/dma-buf/maptype-private"));
    assert_eq!(ov.dirs.iter().map(String::as_str).collect::<Vec<_>>(), [overlay::EXAMPLES_DIR, overlay::PRIVATE_DIR]);

    // A generated .kunitconfig wins; examples without a Makefile are left out.
    let generated = mini_generated(dir.path(), true);
    std::fs::remove_file(examples.join("Makefile")).unwrap();
    let ov = overlay::plan(&Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: Some(&examples),
        target: Default::default(),
        patches: None,
    })
    .unwrap();
    assert_eq!(ov.files[overlay::KUNITCONFIG], b"CONFIG_KUNIT=y\n");
    assert!(!ov.files.keys().any(|k| k.starts_with(overlay::EXAMPLES_DIR)));
    assert!(!String::from_utf8_lossy(&ov.files["drivers/dma-buf/Makefile"]).contains("maptype-examples/"));
}

#[test]
fn the_plan_fails_clearly_without_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = mini_pristine(dir.path());
    let missing = dir.path().join("nope");
    let e = overlay::plan(&Inputs {
        pristine: &pristine,
        generated: &missing,
        examples: None,
        target: Default::default(),
        patches: None,
    })
    .unwrap_err();
    assert!(e.contains("cargo run -- generate"), "{e}");
    let generated = mini_generated(dir.path(), false);
    std::fs::remove_file(generated.join("drivers/dma-buf/Makefile.maptype")).unwrap();
    let e = overlay::plan(&Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: None,
        target: Default::default(),
        patches: None,
    })
    .unwrap_err();
    assert!(e.contains("Makefile.maptype"), "{e}");
}

#[test]
fn the_work_tree_restores_stale_overlays_and_never_touches_the_pristine_tree() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = mini_pristine(dir.path());
    let generated = mini_generated(dir.path(), true);
    let work = dir.path().join("work");
    let h_before = hash_file(&pristine.join(hooks::DMA_BUF_H));
    let c_before = hash_file(&pristine.join(hooks::DMA_BUF_C));

    let (wt, created) = WorkTree::open_or_create(&pristine, &work).unwrap();
    assert!(created);
    let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
    // Hard links: the work tree shares the pristine files until overlaid.
    assert_eq!(ino(&work.join(hooks::DMA_BUF_H)), ino(&pristine.join(hooks::DMA_BUF_H)));

    // First overlay, with a file and the examples dir the second one drops.
    let examples = dir.path().join("examples");
    write(&examples.join("Makefile"), "obj-y += ex.o\n");
    write(&generated.join("drivers/dma-buf/stale.c"), "/* stale */\n");
    let ov1 = overlay::plan(&Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: Some(&examples),
        target: Default::default(),
        patches: None,
    })
    .unwrap();
    let watched: Vec<String> = ov1.files.keys().cloned().collect();
    let snap = Snapshot::take(&pristine, &watched);
    let rep = wt.apply(&ov1).unwrap();
    assert_eq!(rep.written.len(), ov1.files.len());
    assert!(rep.restored.is_empty() && rep.removed.is_empty());
    for (rel, bytes) in &ov1.files {
        assert_eq!(&std::fs::read(work.join(rel)).unwrap(), bytes, "{rel}");
    }
    assert_ne!(ino(&work.join(hooks::DMA_BUF_H)), ino(&pristine.join(hooks::DMA_BUF_H)));
    assert!(std::fs::read_to_string(work.join(hooks::DMA_BUF_H)).unwrap().contains("map_type;"));
    assert!(work.join("drivers/dma-buf/maptype-examples/Makefile").is_file());
    // Untouched stock files stay shared.
    let u = "drivers/dma-buf/untouched.c";
    assert_eq!(ino(&work.join(u)), ino(&pristine.join(u)));
    let manifest = std::fs::read_to_string(work.join(MANIFEST)).unwrap();
    assert!(
        manifest.contains("f include/linux/dma-buf.h\n") && manifest.contains("d drivers/dma-buf/maptype-examples\n")
    );

    // The pristine tree is byte for byte what it was.
    assert_eq!(hash_file(&pristine.join(hooks::DMA_BUF_H)), h_before);
    assert_eq!(hash_file(&pristine.join(hooks::DMA_BUF_C)), c_before);
    assert_eq!(std::fs::read_to_string(pristine.join(hooks::DMA_BUF_H)).unwrap(), stock(hooks::DMA_BUF_H));
    assert!(snap.changed(&Snapshot::take(&pristine, &watched)).is_empty());

    // Same overlay again: nothing rewritten, mtimes kept for make.
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().mtime_nsec();
    let m = mtime(&work.join(hooks::DMA_BUF_H));
    let rep = wt.apply(&ov1).unwrap();
    assert!(rep.written.is_empty(), "{:?}", rep.written);
    assert_eq!(rep.kept.len(), ov1.files.len());
    assert_eq!(mtime(&work.join(hooks::DMA_BUF_H)), m);

    // Reopening reuses the tree.
    let (wt, created) = WorkTree::open_or_create(&pristine, &work).unwrap();
    assert!(!created);

    // Second overlay: no stale.c, no examples, and dma-buf.c not patched.
    std::fs::remove_file(generated.join("drivers/dma-buf/stale.c")).unwrap();
    let mut ov2 = overlay::plan(&Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: None,
        target: Default::default(),
        patches: None,
    })
    .unwrap();
    ov2.files.remove(hooks::DMA_BUF_C);
    let rep = wt.apply(&ov2).unwrap();
    assert_eq!(rep.restored, vec![hooks::DMA_BUF_C.to_string()]);
    assert!(rep.removed.contains(&"drivers/dma-buf/stale.c".to_string()), "{:?}", rep.removed);
    assert!(rep.removed.contains(&"drivers/dma-buf/maptype-examples/".to_string()), "{:?}", rep.removed);
    assert!(!work.join("drivers/dma-buf/stale.c").exists());
    assert!(!work.join("drivers/dma-buf/maptype-examples").exists());
    assert_eq!(std::fs::read_to_string(work.join(hooks::DMA_BUF_C)).unwrap(), stock(hooks::DMA_BUF_C));
    // Restored as a new file (fresh mtime for make), not as a link to the pristine one.
    assert_ne!(ino(&work.join(hooks::DMA_BUF_C)), ino(&pristine.join(hooks::DMA_BUF_C)));
    assert_eq!(hash_file(&pristine.join(hooks::DMA_BUF_C)), c_before);
    assert_eq!(hash_file(&pristine.join(hooks::DMA_BUF_H)), h_before);
    let manifest = std::fs::read_to_string(work.join(MANIFEST)).unwrap();
    assert!(!manifest.contains("stale.c") && !manifest.contains("maptype-examples"), "{manifest}");

    // A different pristine tree gets a fresh work tree.
    std::thread::sleep(std::time::Duration::from_millis(10));
    let other = dir.path().join("other");
    std::fs::rename(&pristine, &other).unwrap();
    let (_, created) = WorkTree::open_or_create(&other, &work).unwrap();
    assert!(created);
    assert!(!work.join(MANIFEST).exists());
}

#[test]
fn kunit_json_becomes_a_per_suite_table() {
    let json = r#"{
        "name": "KUnit Test Group",
        "sub_groups": [
            {"name": "dma-buf-mapping-attach", "sub_groups": [],
             "test_cases": [{"name": "a", "status": "PASS"}, {"name": "b", "status": "FAIL"},
                            {"name": "c", "status": "SKIP"}]},
            {"name": "dma-buf-mapping-sgt",
             "sub_groups": [{"name": "param_case", "sub_groups": [],
                             "test_cases": [{"name": "p0", "status": "PASS"}, {"name": "p1", "status": "ERROR"}]}],
             "test_cases": [{"name": "d", "status": "PASS"}]}
        ],
        "test_cases": [{"name": "dead-suite", "status": "ERROR"}]
    }"#;
    let r = results::parse(json).unwrap();
    assert_eq!(r.suites.len(), 3);
    assert_eq!((r.suites[0].passed, r.suites[0].failed, r.suites[0].skipped), (1, 1, 1));
    assert_eq!((r.suites[1].passed, r.suites[1].crashed), (2, 1));
    assert_eq!(r.suites[2].crashed, 1);
    let failing: Vec<&str> = r.suites.iter().flat_map(|s| &s.failing).map(|(n, _)| n.as_str()).collect();
    assert_eq!(failing, ["dma-buf-mapping-attach.b", "dma-buf-mapping-sgt.param_case.p1", "dead-suite"]);
    assert_eq!(r.summary_line(), "kunit: 3 passed, 3 failed, 1 skipped");
    let table = r.table();
    assert!(table.lines().next().unwrap().contains("passed  failed  skipped  crashed"), "{table}");
    assert!(table.contains("dma-buf-mapping-attach       1       1        1        0"), "{table}");

    // After a kernel crash kunit.py names neither the lost cases nor the lost suites.
    let crashed = results::parse(
        r#"{"name": "KUnit Test Group",
        "sub_groups": [{"name": "s", "sub_groups": [], "test_cases": [
            {"name": "a", "status": "PASS"}, {"name": "", "status": "ERROR"}, {"name": "", "status": "ERROR"}]}],
        "test_cases": [{"name": "", "status": "ERROR"}]}"#,
    )
    .unwrap();
    let failing: Vec<&str> = crashed.suites.iter().flat_map(|s| &s.failing).map(|(n, _)| n.as_str()).collect();
    assert_eq!(failing, ["s.#2", "s.#3", "(suite #2)"]);
    assert_eq!(crashed.summary_line(), "kunit: 1 passed, 3 failed");

    let one_pass = r#"{"name": "s", "test_cases": [{"name": "x", "status": "PASS"}]}"#;
    let ok =
        results::parse(&format!(r#"{{"name": "KUnit Test Group", "sub_groups": [{one_pass}], "test_cases": []}}"#))
            .unwrap();
    assert_eq!(ok.summary_line(), "kunit: 1 passed, 0 failed");
    assert!(results::parse("not json").is_err());
}

#[test]
fn kunit_py_timings_and_build_errors_are_read_from_its_log() {
    use maptype_runner::run;
    let log: Vec<String> = [
        "[08:39:47] Building KUnit Kernel ...",
        "ERROR:root:../drivers/dma-buf/x.c:3:1: warning: unused",
        "../drivers/dma-buf/x.c:9:2: error: expected ';'",
        "make[4]: *** [../scripts/Makefile.build:234: drivers/dma-buf/x.o] Error 1",
        "[08:40:00] Elapsed time: 13.237s total, 0.001s configuring, 12.918s building, 0.281s running",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(run::elapsed(&log), Some((13.237, 0.001, 12.918, 0.281)));
    assert!(run::build_failed(&log));
    let errs = run::build_errors(&log);
    assert!(errs.iter().any(|l| l.contains("error: expected ';'")), "{errs:?}");
    assert!(!errs.iter().any(|l| l.contains("Building KUnit")), "{errs:?}");
    let ran = ["[08:40:00] Starting KUnit Kernel (1/1)...".to_string()];
    assert!(!run::build_failed(&ran));
    assert_eq!(run::elapsed(&ran), None);
}

/// After real `maptype kunit` runs, the cached pristine tree still holds the
/// stock files: every hook anchor applies, and no overlay text leaked in.
#[test]
fn the_real_pristine_tree_is_stock_after_runs() {
    let Some(tree) = maptype_runner::find_tree() else {
        eprintln!("skipped: no kernel tree");
        return;
    };
    let work = maptype_runner::work_dir_for(&tree);
    let ran = work.join(MANIFEST).is_file();
    for (rel, patches) in hooks::PATCHED {
        let text = std::fs::read_to_string(tree.join(rel)).unwrap();
        hooks::apply(rel, &text, patches).unwrap_or_else(|e| panic!("pristine {e}"));
        assert!(!text.contains("match_mapping") && !text.contains("dma-buf-mapping"), "pristine {rel} is patched");
    }
    for rel in [overlay::DMA_BUF_MAKEFILE, overlay::DMA_BUF_KCONFIG] {
        let text = std::fs::read_to_string(tree.join(rel)).unwrap();
        assert!(!text.contains("maptype"), "pristine {rel} is patched");
    }
    assert!(!tree.join("drivers/dma-buf/maptype-private").exists());
    assert!(!tree.join("include/linux/dma-buf-mapping.h").exists());
    if ran {
        // The overlaid files in the work tree are files of their own.
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_ne!(ino(&work.join(hooks::DMA_BUF_H)), ino(&tree.join(hooks::DMA_BUF_H)));
        assert!(std::fs::read_to_string(work.join(hooks::DMA_BUF_H)).unwrap().contains("map_type;"));
    } else {
        eprintln!("no run yet in {}: only the pristine tree was checked", work.display());
    }
}

#[test]
fn one_run_at_a_time_per_work_tree() {
    use maptype_runner::worktree::lock;
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work-6.12");
    let held = lock(&work).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let w = work.clone();
    let waiter = std::thread::spawn(move || {
        let _l = lock(&w).unwrap();
        tx.send(()).unwrap();
    });
    assert!(rx.recv_timeout(std::time::Duration::from_millis(300)).is_err(), "second lock taken while held");
    drop(held);
    rx.recv_timeout(std::time::Duration::from_secs(10)).expect("second lock after release");
    waiter.join().unwrap();
}

/// Every hook anchor of 7.3 (the trace events' included) applies to the real
/// tree, when `maptype kunit --target 7.3` has extracted it.
#[test]
fn hooks_patch_the_real_7_3_files() {
    let target = maptype::Target::LINUX_7_3;
    let tree = maptype_runner::cache_dir().join(maptype_runner::debian_source(&target));
    if !tree.join(hooks::DMA_BUF_TRACE_H).is_file() {
        eprintln!("skipped: no {} (run `maptype kunit --target 7.3`)", tree.display());
        return;
    }
    let patched = hooks::patched(&target);
    assert!(patched.iter().any(|(rel, _)| *rel == hooks::DMA_BUF_TRACE_H));
    for (rel, patches) in patched {
        let text = std::fs::read_to_string(tree.join(rel)).unwrap();
        let out = hooks::apply(rel, &text, patches).unwrap_or_else(|e| panic!("{e}"));
        for p in patches {
            assert!(out.contains(p.text), "{rel}: {} not applied", p.what);
        }
    }
    // 6.12 has no dma-buf trace events to patch.
    assert_eq!(hooks::patched(&maptype::Target::default()).len(), hooks::PATCHED.len());
}
