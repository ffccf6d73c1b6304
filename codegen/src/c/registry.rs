//! Registry-level C: the match union of every core type, the negotiation
//! core for kernels that lack it, the candidate-list builder and the
//! Kconfig/Makefile fragments.

use askama::Template;
use maptype_dsl::ir::{Registry, PRIVATE_SLOT_BYTES};

use super::kdoc::KDoc;
use super::layout::{self, macro_lines};
use super::names;
use super::type_header::{data_block, enum_block};
use crate::{banner, GenFile, Target};

#[derive(Template)]
#[template(path = "c/Kconfig", escape = "none")]
struct Kconfig<'a> {
    note: &'a str,
    types: Vec<&'a str>,
}

#[derive(Template)]
#[template(path = "c/Makefile", escape = "none")]
struct Makefile<'a> {
    note: &'a str,
    lines: Vec<String>,
}

pub const TYPES_H: &str = "include/linux/dma-buf-mapping-types.h";
pub const MAPPING_H: &str = "include/linux/dma-buf-mapping.h";
pub const CORE_C: &str = "drivers/dma-buf/dma-buf-mapping.c";

pub fn files(reg: &Registry, target: &Target) -> Vec<GenFile> {
    let core: Vec<_> = reg.types.iter().filter(|t| t.private.is_none()).collect();
    let core_sources: Vec<&str> = core.iter().map(|t| t.source.as_str()).collect();
    let all_sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let mut out = vec![types_h(reg, &core_sources), mapping_h(reg, &core_sources), core_c(target, &core_sources)];

    let note = banner::note(&all_sources);
    let types: Vec<&str> = reg.types.iter().map(|t| t.name.as_str()).collect();
    out.push(GenFile::new(
        "drivers/dma-buf/Kconfig.maptype",
        Kconfig { note: &note, types }.render().expect("Kconfig renders"),
    ));
    let mut lines = vec!["obj-$(CONFIG_DMA_SHARED_BUFFER) += dma-buf-mapping.o".to_string()];
    for t in &core {
        lines.push(format!("obj-$(CONFIG_DMA_SHARED_BUFFER) += {}.o", names::stem(t)));
    }
    lines.push("obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += dma-buf-mapping-test.o".into());
    for t in &core {
        lines.push(format!("obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += {}-test.o", names::stem(t)));
    }
    out.push(GenFile::new(
        "drivers/dma-buf/Makefile.maptype",
        Makefile { note: &note, lines }.render().expect("Makefile renders"),
    ));
    // A private type's glue is part of its owning module.
    let mut dirs: Vec<(&str, Vec<String>, Vec<&str>)> = Vec::new();
    for t in reg.types.iter() {
        let Some(p) = &t.private else { continue };
        let module = p.module.replace('-', "_");
        let new = [
            format!("{module}-y += {}.o", names::stem(t)),
            format!("{module}-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += {}-test.o", names::stem(t)),
        ];
        match dirs.iter_mut().find(|(d, _, _)| *d == p.dir) {
            Some((_, l, s)) => {
                l.extend(new);
                s.push(&t.source);
            }
            None => dirs.push((&p.dir, new.to_vec(), vec![&t.source])),
        }
    }
    for (dir, lines, sources) in dirs {
        let note = banner::note(&sources);
        out.push(GenFile::new(
            format!("{dir}/Makefile.maptype"),
            Makefile { note: &note, lines }.render().expect("Makefile renders"),
        ));
    }
    out
}

fn types_h(reg: &Registry, sources: &[&str]) -> GenFile {
    let mut blocks = Vec::new();
    for t in reg.types.iter().filter(|t| t.private.is_none()) {
        blocks.extend(t.enums.iter().map(enum_block));
        if let Some(d) = &t.data {
            blocks.push(data_block(t, d));
        }
    }
    blocks.push(format!(
        "{}\nstruct dma_buf_mapping_type {{\n\tconst char *name;\n\tint (*match)(struct dma_buf *dmabuf,\n\t\t     const struct dma_buf_mapping_match *exp,\n\t\t     const struct dma_buf_mapping_match *imp);\n\tvoid (*finish_match)(struct dma_buf_match_args *args,\n\t\t\t     const struct dma_buf_mapping_match *exp,\n\t\t\t     const struct dma_buf_mapping_match *imp);\n\tvoid (*debugfs_dump)(struct seq_file *s,\n\t\t\t     struct dma_buf_attachment *attach);\n}};",
        KDoc {
            what: "struct dma_buf_mapping_type",
            summary: "one way of describing a buffer's addresses".into(),
            members: vec![
                ("name".into(), "human readable, shown in debugfs".into()),
                ("match".into(), "optional: 0 if the candidates are compatible, -EOPNOTSUPP to try the next, another errno to abort the attach; NULL means candidates of this type always match".into()),
                ("finish_match".into(), "store the negotiated result in &dma_buf_attachment.map_type".into()),
                ("debugfs_dump".into(), "optional: describe an attachment of this type".into()),
            ],
            body: vec!["One singleton exists per mapping type; its address is the type's identity.".into()],
            ret: None,
        }
        .render("")
    ));
    blocks.push(format!(
        "{}\nstruct dma_buf_mapping_exp_ops {{\n}};",
        KDoc {
            what: "struct dma_buf_mapping_exp_ops",
            summary: "the core's handle on a type's exporter ops".into(),
            members: vec![],
            body: vec!["Each type's exporter ops struct embeds this first as its member @ops; the type gets its own struct back with container_of().".into()],
            ret: None,
        }
        .render("")
    ));
    let mut members = vec![
        ("type".to_string(), "the mapping type".to_string()),
        ("exp_ops".to_string(), "the exporter's ops (exporter candidates and the negotiated result)".to_string()),
    ];
    let mut union = String::new();
    for t in reg.types.iter().filter(|t| t.private.is_none()) {
        if let Some(d) = &t.data {
            let m = d.member.clone().unwrap_or_default();
            members.push((m.clone(), format!("match data of &{}", t.symbol)));
            union.push_str(&format!("\t\tstruct {} {m};\n", d.struct_name));
        }
    }
    members.push((
        "private_data".into(),
        "reserved for driver-private mapping types, which view it through their own struct".into(),
    ));
    union.push_str("\t\tu64 private_data[DMA_BUF_MAPPING_PRIVATE_SIZE / sizeof(u64)];\n");
    blocks.push(format!(
        "/* Bytes a driver-private mapping type may keep in a candidate. */\n#define DMA_BUF_MAPPING_PRIVATE_SIZE {PRIVATE_SLOT_BYTES}\n\n{}\nstruct dma_buf_mapping_match {{\n\tconst struct dma_buf_mapping_type *type;\n\tconst struct dma_buf_mapping_exp_ops *exp_ops;\n\tunion {{\n{union}\t}};\n}};",
        KDoc {
            what: "struct dma_buf_mapping_match",
            summary: "one importer or exporter candidate, or the negotiated result".into(),
            members,
            body: vec![],
            ret: None,
        }
        .render("")
    ));
    blocks.push(format!(
        "{}\nstruct dma_buf_match_args {{\n\tstruct dma_buf *dmabuf;\n\tstruct dma_buf_attachment *attach;\n\tconst struct dma_buf_mapping_match *imp_matches;\n\tsize_t imp_len;\n}};",
        KDoc {
            what: "struct dma_buf_match_args",
            summary: "an attach in progress, as the exporter's match_mapping sees it".into(),
            members: vec![
                ("dmabuf".into(), "the buffer".into()),
                ("attach".into(), "the attachment being set up".into()),
                ("imp_matches".into(), "the importer's candidates, in its order".into()),
                ("imp_len".into(), "number of entries in @imp_matches".into()),
            ],
            body: vec![],
            ret: None,
        }
        .render("")
    ));
    let forwards = ["dma_buf", "dma_buf_attachment", "dma_buf_match_args", "dma_buf_mapping_match", "seq_file"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            reg.types
                .iter()
                .filter(|t| t.private.is_none())
                .flat_map(|t| t.data.iter().flat_map(|d| d.fields.iter()))
                .filter(|f| f.ty.tag.as_deref() == Some("struct"))
                .map(|f| f.ty.base.clone()),
        )
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    super::header(TYPES_H.into(), sources, vec!["linux/types.h".into()], forwards, blocks)
}

fn mapping_h(reg: &Registry, sources: &[&str]) -> GenFile {
    let mut blocks = Vec::new();
    blocks.push(format!(
        "{}\n{}",
        KDoc {
            what: "dma_buf_match_mapping",
            summary: "pick the first compatible exporter candidate".into(),
            members: vec![
                ("args".into(), "the attach in progress".into()),
                ("exp".into(), "the exporter's candidates, best first".into()),
                ("exp_len".into(), "number of entries in @exp".into()),
            ],
            body: vec!["Exporter order decides; importer order only matters among importer candidates of the same type. Called from &dma_buf_ops.match_mapping.".into()],
            ret: Some("0 when a match was stored in @args->attach, -EINVAL when there is no common type, or the errno a type's match returned to abort.".into()),
        }
        .render(""),
        layout::signature(("int", "dma_buf_match_mapping"), &["struct dma_buf_match_args *args".into(), "const struct dma_buf_mapping_match *exp".into(), "size_t exp_len".into()], ";")
    ));
    blocks.push(format!(
        "{}\n{}",
        KDoc {
            what: "dma_buf_mapping_negotiate",
            summary: "run the exporter's side of an attach".into(),
            members: vec![
                ("attach".into(), "the new attachment, with @dmabuf set".into()),
                ("imp".into(), "the importer's candidates".into()),
                ("imp_len".into(), "number of entries in @imp".into()),
            ],
            body: vec!["Calls &dma_buf_ops.match_mapping, or matches against &dma_buf_ops.single_exporter_match. For the dma-buf core's attach path.".into()],
            ret: Some("0 with &dma_buf_attachment.map_type set, or a negative errno.".into()),
        }
        .render(""),
        layout::signature(("int", "dma_buf_mapping_negotiate"), &["struct dma_buf_attachment *attach".into(), "const struct dma_buf_mapping_match *imp".into(), "size_t imp_len".into()], ";")
    ));
    blocks.push(format!(
        "{}\n{}",
        KDoc {
            what: "dma_buf_mapping_debugfs_show",
            summary: "print an attachment's mapping type for debugfs".into(),
            members: vec![("s".into(), "the debugfs file".into()), ("attach".into(), "the attachment".into())],
            body: vec![],
            ret: None,
        }
        .render(""),
        layout::signature(
            ("void", "dma_buf_mapping_debugfs_show"),
            &["struct seq_file *s".into(), "struct dma_buf_attachment *attach".into()],
            ";"
        )
    ));
    blocks.push(format!(
        "{}\n{}",
        KDoc {
            what: "dma_buf_mapping_attach",
            summary: "attach with a list of acceptable mapping types".into(),
            members: vec![
                ("dmabuf".into(), "the buffer".into()),
                ("importer_matches".into(), "the importer's candidates, best first".into()),
                ("match_len".into(), "number of entries in @importer_matches".into()),
                ("importer_ops".into(), "optional importer callbacks".into()),
                ("importer_priv".into(), "passed back to @importer_ops".into()),
            ],
            body: vec!["Provided by the dma-buf core.".into()],
            ret: Some("the attachment, with &dma_buf_attachment.map_type negotiated, or an ERR_PTR().".into()),
        }
        .render(""),
        layout::signature(
            ("struct dma_buf_attachment *", "dma_buf_mapping_attach"),
            &[
                "struct dma_buf *dmabuf".into(),
                "const struct dma_buf_mapping_match *importer_matches".into(),
                "size_t match_len".into(),
                "const struct dma_buf_attach_ops *importer_ops".into(),
                "void *importer_priv".into(),
            ],
            ";"
        )
    ));
    blocks.push(format!(
        "{}\n{}\n\n{}\n{}",
        KDoc {
            what: "dma_buf_sgt_attach",
            summary: "attach a device that takes a scatter-gather table".into(),
            members: vec![("dmabuf".into(), "the buffer".into()), ("dev".into(), "the importing DMA device".into())],
            body: vec!["Provided by the dma-buf core; the SGT-only form of dma_buf_mapping_attach().".into()],
            ret: Some("the attachment, or an ERR_PTR().".into()),
        }
        .render(""),
        layout::signature(
            ("struct dma_buf_attachment *", "dma_buf_sgt_attach"),
            &["struct dma_buf *dmabuf".into(), "struct device *dev".into()],
            ";"
        ),
        KDoc {
            what: "dma_buf_sgt_dynamic_attach",
            summary: "attach a dynamic importer that takes a scatter-gather table".into(),
            members: vec![
                ("dmabuf".into(), "the buffer".into()),
                ("dev".into(), "the importing DMA device".into()),
                ("importer_ops".into(), "importer callbacks; peer-to-peer is accepted when they allow it".into()),
                ("importer_priv".into(), "passed back to @importer_ops".into()),
            ],
            body: vec!["Provided by the dma-buf core.".into()],
            ret: Some("the attachment, or an ERR_PTR().".into()),
        }
        .render(""),
        layout::signature(
            ("struct dma_buf_attachment *", "dma_buf_sgt_dynamic_attach"),
            &[
                "struct dma_buf *dmabuf".into(),
                "struct device *dev".into(),
                "const struct dma_buf_attach_ops *importer_ops".into(),
                "void *importer_priv".into()
            ],
            ";"
        )
    ));
    blocks.push(list_builder());
    let includes = vec![
        "linux/bug.h".to_string(),
        "linux/dma-buf.h".into(),
        "linux/dma-buf-mapping-types.h".into(),
        "linux/kernel.h".into(),
        "linux/types.h".into(),
    ];
    // Per-type headers come last: their inline functions use everything above.
    let mut type_includes = String::from("/* The core mapping types. */");
    for t in reg.types.iter().filter(|t| t.private.is_none()) {
        type_includes.push_str(&format!("\n#include {}", names::header_include(t)));
    }
    blocks.push(type_includes);
    super::header(MAPPING_H.into(), sources, includes, vec!["seq_file".into()], blocks)
}

fn list_builder() -> String {
    let kd_struct = KDoc {
        what: "struct dma_buf_mapping_list",
        summary: "candidates added one at a time".into(),
        members: vec![
            ("entries".into(), "storage, from DEFINE_DMA_BUF_MAPPING_LIST()".into()),
            ("len".into(), "candidates added so far; the only count ever passed on".into()),
            ("max".into(), "capacity of @entries".into()),
        ],
        body: vec!["For exporters whose candidates depend on run-time conditions. The count is kept by dma_buf_mapping_list_add(), so it cannot disagree with the entries that were filled in.".into()],
        ret: None,
    }
    .render("");
    let kd_define = KDoc {
        what: "DEFINE_DMA_BUF_MAPPING_LIST",
        summary: "define an empty candidate list on the stack".into(),
        members: vec![("name".into(), "the list variable".into()), ("n".into(), "capacity".into())],
        body: vec![],
        ret: None,
    }
    .render("");
    let define = macro_lines(&[
        "#define DEFINE_DMA_BUF_MAPPING_LIST(name, n)".into(),
        "\tstruct dma_buf_mapping_match __##name##_entries[n];".into(),
        "\tstruct dma_buf_mapping_list name = {".into(),
        "\t\t.entries = __##name##_entries,".into(),
        "\t\t.max = ARRAY_SIZE(__##name##_entries),".into(),
        "\t}".into(),
    ]);
    let kd_add = KDoc {
        what: "dma_buf_mapping_list_add",
        summary: "append a candidate".into(),
        members: vec![
            ("list".into(), "the list".into()),
            ("match".into(), "the candidate, from a DMA_BUF_EMAPPING_*() constructor".into()),
        ],
        body: vec!["Warns and drops the candidate when the list is full.".into()],
        ret: None,
    }
    .render("");
    let kd_match = KDoc {
        what: "dma_buf_match_mapping_list",
        summary: "dma_buf_match_mapping() over a candidate list".into(),
        members: vec![
            ("args".into(), "the attach in progress".into()),
            ("list".into(), "the exporter's candidates".into()),
        ],
        body: vec![],
        ret: Some("as dma_buf_match_mapping().".into()),
    }
    .render("");
    let kd_fixed = KDoc {
        what: "DMA_BUF_MATCH_MAPPINGS",
        summary: "dma_buf_match_mapping() over a fixed list of candidates".into(),
        members: vec![
            ("args".into(), "the attach in progress".into()),
            ("...".into(), "the exporter's candidates, best first".into()),
        ],
        body: vec!["The count is taken from the same initializer, so it cannot disagree with it.".into()],
        ret: Some("as dma_buf_match_mapping().".into()),
    }
    .render("");
    let fixed = macro_lines(&[
        "#define DMA_BUF_MATCH_MAPPINGS(args, ...)".into(),
        "\t({".into(),
        "\t\tconst struct dma_buf_mapping_match __m[] = {".into(),
        "\t\t\t__VA_ARGS__".into(),
        "\t\t};".into(),
        "\t\tdma_buf_match_mapping(args, __m, ARRAY_SIZE(__m));".into(),
        "\t})".into(),
    ]);
    format!(
        "{kd_struct}\nstruct dma_buf_mapping_list {{\n\tstruct dma_buf_mapping_match *entries;\n\tsize_t len;\n\tsize_t max;\n}};\n\n{kd_define}\n{define}\n\n{kd_add}\nstatic inline void\ndma_buf_mapping_list_add(struct dma_buf_mapping_list *list,\n\t\t\t struct dma_buf_mapping_match match)\n{{\n\tif (WARN_ON(list->len >= list->max))\n\t\treturn;\n\tlist->entries[list->len++] = match;\n}}\n\n{kd_match}\nstatic inline int\ndma_buf_match_mapping_list(struct dma_buf_match_args *args,\n\t\t\t   const struct dma_buf_mapping_list *list)\n{{\n\treturn dma_buf_match_mapping(args, list->entries, list->len);\n}}\n\n{kd_fixed}\n{fixed}"
    )
}

fn core_c(target: &Target, sources: &[&str]) -> GenFile {
    let ns = maptype_dsl::ir::Export::Namespace { namespace: "DMA_BUF".into() };
    let match_fn = format!(
        "int dma_buf_match_mapping(struct dma_buf_match_args *args,\n\t\t\t  const struct dma_buf_mapping_match *exp,\n\t\t\t  size_t exp_len)\n{{\n\tsize_t e, i;\n\n\
\tfor (e = 0; e < exp_len; e++) {{\n\
\t\tconst struct dma_buf_mapping_type *type = exp[e].type;\n\n\
\t\t/* An unset candidate is a driver bug, never a wildcard. */\n\
\t\tif (WARN_ON(!type))\n\t\t\treturn -EINVAL;\n\
\t\tfor (i = 0; i < args->imp_len; i++) {{\n\
\t\t\tconst struct dma_buf_mapping_match *imp;\n\
\t\t\tint ret;\n\n\
\t\t\timp = &args->imp_matches[i];\n\
\t\t\tif (imp->type != type)\n\t\t\t\tcontinue;\n\
\t\t\tif (type->match) {{\n\
\t\t\t\tret = type->match(args->dmabuf, &exp[e], imp);\n\
\t\t\t\tif (ret == -EOPNOTSUPP)\n\t\t\t\t\tcontinue;\n\
\t\t\t\t/* Positive values would pass for pointers. */\n\
\t\t\t\tif (WARN_ON(ret > 0))\n\t\t\t\t\treturn -EINVAL;\n\
\t\t\t\tif (ret)\n\t\t\t\t\treturn ret;\n\
\t\t\t}}\n\
\t\t\ttype->finish_match(args, &exp[e], imp);\n\
\t\t\treturn 0;\n\
\t\t}}\n\t}}\n\treturn -EINVAL;\n}}\n{}",
        names::export(target, &ns, "dma_buf_match_mapping")
    );
    let negotiate = "int dma_buf_mapping_negotiate(struct dma_buf_attachment *attach,\n\t\t\t      const struct dma_buf_mapping_match *imp,\n\t\t\t      size_t imp_len)\n{\n\tconst struct dma_buf_ops *ops = attach->dmabuf->ops;\n\tstruct dma_buf_match_args args = {\n\t\t.dmabuf = attach->dmabuf,\n\t\t.attach = attach,\n\t\t.imp_matches = imp,\n\t\t.imp_len = imp_len,\n\t};\n\n\tif (ops->match_mapping)\n\t\treturn ops->match_mapping(&args);\n\tif (ops->single_exporter_match)\n\t\treturn dma_buf_match_mapping(&args,\n\t\t\t\t\t     ops->single_exporter_match, 1);\n\treturn -EINVAL;\n}".to_string();
    let show = "void dma_buf_mapping_debugfs_show(struct seq_file *s,\n\t\t\t\t  struct dma_buf_attachment *attach)\n{\n\tconst struct dma_buf_mapping_type *type = attach->map_type.type;\n\n\tif (!type) {\n\t\tseq_puts(s, \"none\");\n\t\treturn;\n\t}\n\tseq_puts(s, type->name);\n\tif (type->debugfs_dump)\n\t\ttype->debugfs_dump(s, attach);\n}".to_string();
    let includes = [
        "<linux/bug.h>",
        "<linux/dma-buf.h>",
        "<linux/dma-buf-mapping.h>",
        "<linux/errno.h>",
        "<linux/export.h>",
        "<linux/seq_file.h>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    super::source(CORE_C.into(), sources, includes, vec![match_fn, negotiate, show])
}
