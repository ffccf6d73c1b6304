//! The pure parts of `maptype kunit --rust`: where the kernel crate, the
//! helpers and the bindings get the generated Rust (on the real 6.12 files
//! when a kernel tree is available), the Rust overlay plan, and that the
//! generated doctests call only what their generated C fixture defines.
//! The CONFIG_RUST build itself is `cargo run -- kunit --rust`'s job.

use std::path::{Path, PathBuf};

mod common;
use common::{root, write};
use maptype_runner::hooks;
use maptype_runner::overlay::{Inputs, KUNITCONFIG, PRIVATE_DIR};
use maptype_runner::rust::{self, BINDINGS_HELPER_H, HELPERS_C, LIB_RS};

/// The stock file from the real tree when there is one, else a stand-in
/// shaped like it.
fn stock(rel: &str) -> String {
    if let Some(tree) = maptype_runner::find_tree() {
        return std::fs::read_to_string(tree.join(rel)).unwrap();
    }
    match rel {
        LIB_RS => "#![no_std]\n\npub mod alloc;\npub mod device;\npub mod error;\n".into(),
        HELPERS_C => "#include \"blk.c\"\n#include \"build_bug.c\"\n#include \"err.c\"\n".into(),
        BINDINGS_HELPER_H => {
            "#include <kunit/test.h>\n#include <linux/blkdev.h>\n#include <linux/errname.h>\n\nconst size_t X = 1;\n"
                .into()
        }
        "include/linux/dma-buf.h" => hooks::DMA_BUF_H_PATCHES.iter().map(|p| p.anchor).collect(),
        "drivers/dma-buf/dma-buf.c" => hooks::DMA_BUF_C_PATCHES.iter().map(|p| p.anchor).collect(),
        "drivers/dma-buf/Makefile" => "obj-y := dma-buf.o\n".into(),
        "drivers/dma-buf/Kconfig" => "menu \"DMABUF options\"\nendmenu\n".into(),
        _ => String::new(),
    }
}

fn lines_of(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn lib_rs_declares_dma_buf_after_device() {
    let text = stock(LIB_RS);
    let out = hooks::apply(LIB_RS, &text, rust::LIB_RS_PATCHES).unwrap();
    let l = lines_of(&out);
    let at = l.iter().position(|x| *x == "pub mod dma_buf;").expect("declared");
    assert_eq!(l[at - 1], "pub mod device;");
    assert_eq!(out.matches("pub mod dma_buf;").count(), 1);
    // A second application finds its anchor once more but must not be needed:
    // the overlay always patches the pristine text.
    assert_eq!(out.len(), text.len() + "pub mod dma_buf;\n".len());
}

#[test]
fn helpers_include_the_generated_files_in_sorted_place() {
    let text = stock(HELPERS_C);
    let mut out = text.clone();
    for f in ["dma_buf_mapping.c", "dma_buf_mapping_doctest.c"] {
        out = rust::insert_sorted(HELPERS_C, &out, "#include \"", &format!("#include \"{f}\"")).unwrap();
    }
    let l = lines_of(&out);
    let a = l.iter().position(|x| *x == "#include \"dma_buf_mapping.c\"").unwrap();
    assert_eq!(l[a - 1], "#include \"build_bug.c\"");
    assert_eq!(l[a + 1], "#include \"dma_buf_mapping_doctest.c\"");
    assert_eq!(l[a + 2], "#include \"err.c\"");
    // Idempotent: a line already there stays once.
    let again = rust::insert_sorted(HELPERS_C, &out, "#include \"", "#include \"dma_buf_mapping.c\"").unwrap();
    assert_eq!(again, out);
}

#[test]
fn bindings_get_the_fragment_includes() {
    let fragment = std::fs::read_to_string(root().join("generated/rust/bindings/bindings_helper.h.fragment")).unwrap();
    let incs = rust::fragment_includes(&fragment);
    assert!(incs.contains(&"#include <linux/dma-buf-mapping.h>".to_string()), "{incs:?}");
    // Private headers are where the overlay puts them.
    let private: Vec<&String> = incs.iter().filter(|i| i.starts_with("#include \"")).collect();
    assert!(!private.is_empty());
    for p in &private {
        assert!(p.starts_with(&format!("#include \"../../{PRIVATE_DIR}/")), "{p}");
    }
    let mut out = stock(BINDINGS_HELPER_H);
    for inc in &incs {
        let prefix = if inc.starts_with("#include <") { "#include <" } else { "#include \"" };
        out = rust::insert_sorted(BINDINGS_HELPER_H, &out, prefix, inc).unwrap();
    }
    let l = lines_of(&out);
    let a = l.iter().position(|x| *x == "#include <linux/dma-buf-mapping.h>").unwrap();
    assert_eq!(l[a - 1], "#include <linux/blkdev.h>");
    assert_eq!(l[a + 1], "#include <linux/errname.h>");
    // Quoted includes follow every <...> one.
    let last_angle = l.iter().rposition(|x| x.starts_with("#include <")).unwrap();
    let first_quoted = l.iter().position(|x| x.starts_with("#include \"")).unwrap();
    assert_eq!(first_quoted, last_angle + 1);
}

/// 7.3's bindings_helper.h has its only quoted includes inside an `#if`
/// block: a new one goes after the top-level `<...>` ones, not in there.
#[test]
fn insert_sorted_skips_lines_inside_if_blocks() {
    let text = "#include <linux/a.h>\n#include <linux/c.h>\n\n#if IS_ENABLED(CONFIG_X)\n#include \"x/y.h\"\n#endif\n";
    let out = rust::insert_sorted("b.h", text, "#include \"", "#include \"../../p.h\"").unwrap();
    assert_eq!(
        out,
        "#include <linux/a.h>\n#include <linux/c.h>\n#include \"../../p.h\"\n\n#if IS_ENABLED(CONFIG_X)\n#include \"x/y.h\"\n#endif\n"
    );
    let out = rust::insert_sorted("b.h", text, "#include <", "#include <linux/b.h>").unwrap();
    assert!(out.starts_with("#include <linux/a.h>\n#include <linux/b.h>\n#include <linux/c.h>\n"), "{out}");
}

#[test]
fn insert_sorted_refuses_a_file_without_the_list() {
    let err = rust::insert_sorted("x.c", "int x;\n", "#include \"", "#include \"a.c\"").unwrap_err();
    assert!(err.contains("x.c"), "{err}");
}

/// A pristine tree holding what the Rust overlay reads.
fn mini_pristine(dir: &Path) -> PathBuf {
    let t = dir.join("linux");
    write(&t.join("Makefile"), "# top\n");
    for rel in [
        "include/linux/dma-buf.h",
        "drivers/dma-buf/dma-buf.c",
        "drivers/dma-buf/Makefile",
        "drivers/dma-buf/Kconfig",
        LIB_RS,
        HELPERS_C,
        BINDINGS_HELPER_H,
    ] {
        write(&t.join(rel), &stock(rel));
    }
    t
}

#[test]
fn plan_puts_core_modules_in_the_kernel_crate_and_the_definitions_with_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = mini_pristine(dir.path());
    let examples = dir.path().join("rust-examples");
    write(&examples.join("Makefile"), "obj-y += x.o\n");
    write(&examples.join("x.rs"), "//! x\n");
    let generated = root().join("generated");
    let inp = Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: None,
        target: Default::default(),
        patches: None,
    };
    let ov = rust::plan(&inp, Some(&examples), &root().join("schemas")).unwrap();

    for f in ["rust/kernel/dma_buf.rs", "rust/kernel/dma_buf/mapping/mod.rs", "rust/kernel/dma_buf/mapping/sgt.rs"] {
        assert!(ov.files.contains_key(f), "{f} missing");
    }
    assert!(ov.files.contains_key("rust/helpers/dma_buf_mapping.c"));
    assert!(ov.files.contains_key("rust/helpers/dma_buf_mapping_doctest.c"));
    // xe_iov is private: its module joins the kernel crate of the test
    // kernel only, declared there by the overlay; the examples include it
    // from its definition, which is beside them with the core's.
    assert!(ov.files.contains_key("rust/kernel/dma_buf/mapping/xe_iov.rs"));
    let mod_rs = String::from_utf8(ov.files[rust::MAPPING_MOD_RS].clone()).unwrap();
    assert!(mod_rs.ends_with("that their doctests run.\npub mod xe_iov;\n"), "{mod_rs}");
    assert!(!ov.files.keys().any(|f| f.starts_with(rust::EXAMPLES_DIR) && f.ends_with("xe_iov.rs")));
    for def in ["pal", "sgt", "xe_iov"] {
        assert!(ov.files.contains_key(&format!("{}/schemas/{def}.maptype", rust::EXAMPLES_DIR)), "{def}");
    }
    assert!(ov.files.contains_key(&format!("{}/x.rs", rust::EXAMPLES_DIR)));
    for (rel, needle) in [
        (LIB_RS, "pub mod dma_buf;"),
        (HELPERS_C, "#include \"dma_buf_mapping.c\""),
        (BINDINGS_HELPER_H, "#include <linux/dma-buf-mapping.h>"),
        ("drivers/dma-buf/Makefile", "+= maptype-rust-examples/"),
        (KUNITCONFIG, "CONFIG_RUST_KERNEL_DOCTESTS=y"),
        (KUNITCONFIG, "CONFIG_RUST=y"),
    ] {
        let text = String::from_utf8(ov.files[rel].clone()).unwrap();
        assert!(text.contains(needle), "{rel} lacks {needle}:\n{text}");
    }
    assert!(!ov.notes.iter().any(|n| n.contains("generated/rust/")), "{:?}", ov.notes);
    // Nothing of the pristine tree is written.
    assert_eq!(std::fs::read_to_string(pristine.join(LIB_RS)).unwrap(), stock(LIB_RS));
}

#[test]
fn the_rust_run_has_a_work_tree_of_its_own() {
    let p = Path::new("/nonexistent/linux-x");
    let c = maptype_runner::work_dir_for(p);
    let r = rust::work_dir_for(p);
    assert_ne!(c, r);
    assert_eq!(r.parent(), c.parent());
}

/// Every `bindings::maptype_doctest_*` a generated doctest calls is a
/// `rust_helper_*` of the generated fixture, and every core type with ops
/// has doctests.
#[test]
fn doctests_call_only_what_the_fixture_defines() {
    let gen = root().join("generated");
    let fixture = std::fs::read_to_string(gen.join("rust/helpers/dma_buf_mapping_doctest.c")).unwrap();
    assert!(fixture.contains("#if IS_ENABLED(CONFIG_RUST_KERNEL_DOCTESTS)"));
    let dir = gen.join("rust/kernel/dma_buf/mapping");
    let mut called = 0;
    for name in ["mod.rs", "sgt.rs", "pal.rs"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        if name != "mod.rs" {
            assert!(text.contains("//! # Examples"), "{name} has no doctests");
        }
        for (i, _) in text.match_indices("bindings::maptype_doctest_") {
            let rest = &text[i + "bindings::".len()..];
            let f: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            assert!(fixture.contains(&format!("rust_helper_{f}(")), "{name} calls {f}, which the fixture lacks");
            called += 1;
        }
    }
    assert!(called > 10, "only {called} fixture calls");
}

/// A private type given to the Rust run (here the iommu_domain example)
/// gets its module, doctests and fixture into the test kernel: the fixture
/// includes its header where the overlay puts it, and every fixture call of
/// its doctests is defined by its fixture or the core's.
#[test]
fn a_private_types_doctests_join_the_kernel_crate_with_their_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = mini_pristine(dir.path());
    let example = root().join("examples/iommu_domain/iommu_domain.maptype");
    let core = [root().join("schemas")];
    let sel = maptype::select(&[example], Some(&core), maptype::definition_files).map_err(|_| "select").unwrap();
    let files = maptype::generate_scoped(&sel.reg, &maptype::Scope::Whole, &maptype::Target::default());
    let generated = dir.path().join("generated");
    maptype::output::write(&generated, &files).unwrap();
    let inp = Inputs {
        pristine: &pristine,
        generated: &generated,
        examples: None,
        target: Default::default(),
        patches: None,
    };
    let ov = rust::plan(&inp, None, &root().join("schemas")).unwrap();
    let text = |rel: &str| String::from_utf8(ov.files[rel].clone()).unwrap();

    let module = text("rust/kernel/dma_buf/mapping/iommu_domain.rs");
    assert!(module.contains("//! # Examples"));
    assert!(module.contains("iommu_domain::iommu_domain_map(a, "), "no entry-point flow");
    assert!(text(rust::MAPPING_MOD_RS).ends_with("pub mod iommu_domain;\npub mod xe_iov;\n"));
    let fixture = text("rust/helpers/dma_buf_mapping_doctest_iommu_domain.c");
    assert!(fixture.contains("\n#include \"../../drivers/dma-buf/maptype-private/dma-buf-mapping-iommu-domain.h\"\n"));
    assert!(!fixture.contains("drivers/iommu/iommufd"), "{fixture}");
    assert!(text(HELPERS_C).contains("#include \"dma_buf_mapping_doctest_iommu_domain.c\""));
    let core_fixture = text("rust/helpers/dma_buf_mapping_doctest.c");
    let mut called = 0;
    for (i, _) in module.match_indices("bindings::maptype_doctest_") {
        let rest = &module[i + "bindings::".len()..];
        let f: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let defined = format!("rust_helper_{f}(");
        assert!(fixture.contains(&defined) || core_fixture.contains(&defined), "calls {f}, which no fixture has");
        called += 1;
    }
    assert!(called > 10, "only {called} fixture calls");
}
