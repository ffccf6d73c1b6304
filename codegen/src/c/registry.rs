//! Registry-level C: the match union of every core type, the negotiation
//! core for kernels that lack it, the candidate-list builder and the
//! Kconfig/Makefile fragments.

use askama::Template;
use maptype_dsl::ir::{Registry, PRIVATE_SLOT_BYTES};

use super::type_header::{data_block, enum_block};
use crate::emit::{banner, filters, layout, names};
use crate::{GenFile, Target};

#[derive(Template)]
#[template(path = "c/Kconfig", escape = "none")]
struct Kconfig<'a> {
    note: &'a str,
    types: Vec<&'a str>,
}

/// The dma-buf core's objects: the negotiation core and each core type.
#[derive(Template)]
#[template(path = "c/Makefile", escape = "none")]
struct Makefile<'a> {
    note: &'a str,
    /// The core's object: [`core_c_path`]'s stem.
    core: &'a str,
    stems: Vec<String>,
}

/// A driver directory's objects: private types link into their module.
#[derive(Template)]
#[template(path = "c/Makefile.driver", escape = "none")]
struct DriverMakefile<'a> {
    note: &'a str,
    /// (module, file stem) per private type in the directory.
    objs: Vec<(String, String)>,
}

/// A driver directory, its (module, stem) objects and their definitions.
type DriverDir<'a> = (&'a str, Vec<(String, String)>, Vec<&'a str>);

pub const TYPES_H: &str = "include/linux/dma-buf-mapping-types.h";
pub const MAPPING_H: &str = "include/linux/dma-buf-mapping.h";

/// The core's C: `dma-buf-mapping.c`, as in the RFC, where the kernel has
/// no file of that name; from 6.19 the kernel's own helpers are there, so
/// the core is `dma-buf-mapping-core.c` beside them.
pub fn core_c_path(target: &Target) -> &'static str {
    if target.own_mapping_helpers().is_some() {
        "drivers/dma-buf/dma-buf-mapping-core.c"
    } else {
        "drivers/dma-buf/dma-buf-mapping.c"
    }
}

pub fn files(reg: &Registry, target: &Target) -> Vec<GenFile> {
    let core: Vec<_> = reg.types.iter().filter(|t| t.private.is_none()).collect();
    let core_sources: Vec<&str> = core.iter().map(|t| t.source.as_str()).collect();
    let all_sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let mut out =
        vec![types_h(reg, &core_sources), mapping_h(reg, target, &core_sources), core_c(reg, target, &core_sources)];

    let kconfig_note = banner::kconfig(&all_sources);
    let make_note = banner::make(&all_sources);
    let types: Vec<&str> = reg.types.iter().map(|t| t.name.as_str()).collect();
    out.push(GenFile::new(
        "drivers/dma-buf/Kconfig.maptype",
        Kconfig { note: &kconfig_note, types }.render().expect("Kconfig renders"),
    ));
    let stems = core.iter().map(|t| names::stem(t)).collect();
    let core_obj = core_c_path(target).trim_start_matches("drivers/dma-buf/").trim_end_matches(".c");
    out.push(GenFile::new(
        "drivers/dma-buf/Makefile.maptype",
        Makefile { note: &make_note, core: core_obj, stems }.render().expect("Makefile renders"),
    ));
    let dirs: Vec<&str> = reg.types.iter().filter_map(|t| t.private.as_ref()).map(|p| p.dir.as_str()).collect();
    out.extend(driver_makefiles(reg, &dirs));
    out
}

/// The `Makefile.maptype` of each of `dirs`: a private type's glue and suite
/// are part of its owning module, and the fragment names every private type
/// of the registry that lives in that directory.
pub fn driver_makefiles(reg: &Registry, dirs: &[&str]) -> Vec<GenFile> {
    let mut found: Vec<DriverDir> = Vec::new();
    for t in reg.types.iter() {
        let Some(p) = &t.private else { continue };
        if !dirs.contains(&p.dir.as_str()) {
            continue;
        }
        let obj = (p.module.replace('-', "_"), names::stem(t));
        match found.iter_mut().find(|(d, _, _)| *d == p.dir) {
            Some((_, objs, sources)) => {
                objs.push(obj);
                sources.push(&t.source);
            }
            None => found.push((&p.dir, vec![obj], vec![&t.source])),
        }
    }
    found
        .into_iter()
        .map(|(dir, objs, sources)| {
            let note = banner::make(&sources);
            GenFile::new(
                format!("{dir}/Makefile.maptype"),
                DriverMakefile { note: &note, objs }.render().expect("Makefile renders"),
            )
        })
        .collect()
}

/// One core type's member of the match union.
struct UnionMember {
    symbol: String,
    member: String,
    struct_name: String,
}

/// `dma-buf-mapping-types.h`: every core type's match data, then the union.
#[derive(Template)]
#[template(path = "c/types.h", escape = "none")]
struct TypesH<'a> {
    banner: &'a str,
    guard: &'a str,
    includes: Vec<String>,
    forwards: Vec<String>,
    type_blocks: Vec<String>,
    members: Vec<UnionMember>,
    private_slot_bytes: u64,
}

/// `dma-buf-mapping.h`: fixed core API; only the per-type includes vary.
#[derive(Template)]
#[template(path = "c/mapping.h", escape = "none")]
struct MappingH<'a> {
    banner: &'a str,
    guard: &'a str,
    includes: Vec<String>,
    forwards: Vec<String>,
    /// Prototypes of the kernel's own helpers the header stands in for.
    kernel_helpers: Vec<String>,
    type_headers: Vec<String>,
}

/// `dma-buf-mapping.c`: fixed; only the export spelling follows the kernel.
#[derive(Template)]
#[template(path = "c/core.c", escape = "none")]
struct CoreC<'a> {
    banner: &'a str,
    includes: Vec<String>,
    export_match: String,
    /// `dma_buf_mapping_check_warn()`, rendered.
    check_warn: String,
    /// `sizeof(struct dma_buf_mapping_match)` on 64-bit, as the docs give it.
    match_size: u64,
}

fn types_h(reg: &Registry, sources: &[&str]) -> GenFile {
    let core = || reg.types.iter().filter(|t| t.private.is_none());
    let mut type_blocks = Vec::new();
    let mut members = Vec::new();
    for t in core() {
        type_blocks.extend(t.enums.iter().map(enum_block));
        if let Some(d) = &t.data {
            type_blocks.push(data_block(t, d));
            members.push(UnionMember {
                symbol: t.symbol.clone(),
                member: d.member.clone().unwrap_or_default(),
                struct_name: d.struct_name.clone(),
            });
        }
    }
    let forwards = ["dma_buf", "dma_buf_attachment", "dma_buf_match_args", "dma_buf_mapping_match", "seq_file"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            core()
                .flat_map(|t| t.data.iter().flat_map(|d| d.fields.iter()))
                .filter_map(|f| f.ty.struct_name().map(String::from)),
        )
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut includes = vec!["linux/types.h".into()];
    super::type_header::flags_header(core().flat_map(|t| &t.enums), &mut includes);
    includes.sort();
    let banner = banner::c_header(sources);
    let view = TypesH {
        banner: &banner,
        guard: &names::guard(TYPES_H),
        includes,
        forwards,
        type_blocks,
        members,
        private_slot_bytes: PRIVATE_SLOT_BYTES,
    };
    GenFile::new(TYPES_H, view.render().expect("types.h renders"))
}

fn mapping_h(reg: &Registry, target: &Target, sources: &[&str]) -> GenFile {
    let includes =
        ["linux/bug.h", "linux/dma-buf.h", "linux/dma-buf-mapping-types.h", "linux/kernel.h", "linux/types.h"];
    let banner = banner::c_header(sources);
    let mut forwards = vec!["seq_file".to_string()];
    let mut kernel_helpers = Vec::new();
    if let Some(range) = target.own_mapping_helpers() {
        // This file takes the place of the kernel's header of the same
        // name, so it declares what that one does: the same signatures.
        forwards.insert(0, "p2pdma_provider".into());
        let attach = "struct dma_buf_attachment *attach".to_string();
        let dir = "enum dma_data_direction dir".to_string();
        kernel_helpers.push(layout::signature(
            ("struct sg_table *", "dma_buf_phys_vec_to_sgt"),
            &[
                attach.clone(),
                "struct p2pdma_provider *provider".into(),
                format!("struct {range} *phys_vec"),
                "size_t nr_ranges".into(),
                "size_t size".into(),
                dir.clone(),
            ],
            ";",
        ));
        kernel_helpers.push(layout::signature(
            ("void", "dma_buf_free_sgt"),
            &[attach, "struct sg_table *sgt".into(), dir],
            ";",
        ));
    }
    let view = MappingH {
        banner: &banner,
        guard: &names::guard(MAPPING_H),
        includes: includes.iter().map(|s| s.to_string()).collect(),
        forwards,
        kernel_helpers,
        // Per-type headers come last: their inline functions use everything above.
        type_headers: reg.types.iter().filter(|t| t.private.is_none()).map(names::header_include).collect(),
    };
    GenFile::new(MAPPING_H, view.render().expect("mapping.h renders"))
}

fn core_c(reg: &Registry, target: &Target, sources: &[&str]) -> GenFile {
    let ns = maptype_dsl::ir::Export::Namespace { namespace: "DMA_BUF".into() };
    let includes = [
        "<kunit/static_stub.h>",
        "<linux/bug.h>",
        "<linux/build_bug.h>",
        "<linux/dma-buf.h>",
        "<linux/dma-buf-mapping.h>",
        "<linux/errno.h>",
        "<linux/export.h>",
        "<linux/printk.h>",
        "<linux/ratelimit.h>",
        "<linux/seq_file.h>",
        "<linux/stdarg.h>",
    ];
    let banner = banner::c_source(sources);
    let view = CoreC {
        banner: &banner,
        includes: includes.iter().map(|s| s.to_string()).collect(),
        export_match: names::export(target, &ns, "dma_buf_match_mapping"),
        check_warn: super::type_glue::CheckWarn {
            comment:
                "/*\n * One splat per report, rate-limited: a broken driver repeats its bug on\n * every attach.\n */",
            sig: super::type_glue::check_warn_signature(names::CORE_CHECK_WARN, "__printf(3, 4) bool", ""),
            name: names::CORE_CHECK_WARN,
            export: names::export(target, &ns, names::CORE_CHECK_WARN),
        }
        .render()
        .expect("the core's check reporter renders"),
        match_size: crate::emit::match_size(&reg.types.iter().filter(|t| t.private.is_none()).collect::<Vec<_>>())
            .with_slot,
    };
    GenFile::new(core_c_path(target), view.render().expect("core .c renders"))
}
