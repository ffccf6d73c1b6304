//! What a kernel version changes in the output: the struct PAL's ranges are
//! (renamed `struct phys_vec` in 7.3), and, from 6.19, the kernel's own
//! `<linux/dma-buf-mapping.h>` helpers, which the generated header must
//! declare because it takes that header's place, and the core's C moved
//! beside the kernel's `dma-buf-mapping.c`. The kernel run (`kunit --target
//! 7.3`) builds this output; these tests pin what it is.

mod common;
use common::seed_sources;
use maptype::{generate, GenFile, Target};

fn output(v: &str) -> Vec<GenFile> {
    let reg = maptype_dsl::check(&seed_sources()).expect("seed schemas check");
    generate(&reg, &Target::parse(v).expect("a version"))
}

fn file<'a>(files: &'a [GenFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is generated")).content
}

fn paths(files: &[GenFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn pal_ranges_take_the_kernels_name_from_7_3() {
    for (v, tag, defined) in
        [("6.12", "dma_buf_phys_vec", true), ("6.19", "dma_buf_phys_vec", false), ("7.3", "phys_vec", false)]
    {
        let files = output(v);
        let pal = file(&files, "include/linux/dma-buf-mapping-pal.h");
        assert!(pal.contains(&format!("\tstruct {tag} phys[] __counted_by(length);")), "{v}:\n{pal}");
        assert_eq!(pal.contains(&format!("struct {tag} {{")), defined, "{v}: whether the header defines struct {tag}");
        // The restating type follows the owner's rename.
        let xe = file(&files, "drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.h");
        assert!(xe.contains(&format!("const struct {tag} *")), "{v}:\n{xe}");
        let rust = file(&files, "rust/kernel/dma_buf/mapping/pal.rs");
        assert!(rust.contains(&format!("bindings::{tag} {{")), "{v}: the Rust doctests build the kernel's struct");
        if tag == "phys_vec" {
            // Nothing anywhere still names the RFC's struct.
            for f in &files {
                let stale = f.content.replace("dma_buf_phys_vec_to_sgt", "");
                assert!(!stale.contains("dma_buf_phys_vec"), "{v}: {} names struct dma_buf_phys_vec", f.path);
            }
        }
    }
}

#[test]
fn the_mapping_header_declares_the_kernels_own_helpers_from_6_19() {
    let old = output("6.12");
    assert!(!file(&old, "include/linux/dma-buf-mapping.h").contains("dma_buf_phys_vec_to_sgt"));
    assert!(paths(&old).contains(&"drivers/dma-buf/dma-buf-mapping.c"));
    for (v, tag) in [("6.19", "dma_buf_phys_vec"), ("7.3", "phys_vec")] {
        let files = output(v);
        let h = file(&files, "include/linux/dma-buf-mapping.h");
        assert!(h.contains("struct p2pdma_provider;\n"), "{v}:\n{h}");
        assert!(h.contains("struct sg_table *dma_buf_phys_vec_to_sgt(struct dma_buf_attachment *attach,"), "{v}");
        assert!(h.contains(&format!("struct {tag} *phys_vec,")), "{v}:\n{h}");
        assert!(h.contains("void dma_buf_free_sgt(struct dma_buf_attachment *attach, struct sg_table *sgt,"), "{v}");
        // The kernel's dma-buf-mapping.c stays; the core is a file beside it.
        let p = paths(&files);
        assert!(!p.contains(&"drivers/dma-buf/dma-buf-mapping.c"), "{v}: would replace the kernel's file");
        assert!(p.contains(&"drivers/dma-buf/dma-buf-mapping-core.c"), "{v}");
        let mk = file(&files, "drivers/dma-buf/Makefile.maptype");
        assert!(mk.contains("+= dma-buf-mapping-core.o\n") && !mk.contains("+= dma-buf-mapping.o\n"), "{v}:\n{mk}");
    }
}
