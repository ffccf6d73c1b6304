//! The dma-buf core hooks the kernels the runner proves in (6.12, 7.3) lack.
//!
//! Two kinds: string patches of the stock core (`include/linux/dma-buf.h`,
//! `drivers/dma-buf/dma-buf.c`), applied to the pristine text so the result
//! is written as a new file of the work tree; and hand-written C kept in
//! `codegen/runner/kernel/` (the attach entry points and their KUnit suite),
//! compiled into `drivers/dma-buf/`, with the header of the kernel's own
//! spellings from `codegen/runner/kernel/<version>/` ([`compat_h`]). Every patch names an anchor that must
//! occur exactly once, so a tree that differs from the one these were written
//! against fails loudly instead of being patched in the wrong place.

/// `dma_buf_mapping_attach()`, `dma_buf_sgt_attach()` and
/// `dma_buf_sgt_dynamic_attach()`, built into the dma-buf core.
pub const ATTACH_C: &str = include_str!("../kernel/dma-buf-mapping-attach.c");
/// The KUnit suite `dma-buf-mapping-attach` for [`ATTACH_C`].
pub const ATTACH_TEST_C: &str = include_str!("../kernel/dma-buf-mapping-attach-test.c");
/// Kbuild lines for the two files above, appended to `drivers/dma-buf/Makefile`.
pub const MAKEFILE_HOOKS: &str = include_str!("../kernel/Makefile.hooks");

/// The RFC's public names as `<linux/dma-buf.h>` alone declares them,
/// checked at compile time in every kernel the runner builds.
pub const PARITY_C: &str = include_str!("../kernel/dma-buf-mapping-parity.c");

/// The sanitizer run's kmemleak scan, the suite [`crate::run::KMEMLEAK_SUITE`].
pub const KMEMLEAK_C: &str = include_str!("../kernel/dma-buf-mapping-kmemleak-test.c");
/// Its Kbuild line, appended after everything else in
/// `drivers/dma-buf/Makefile`: built-in suites run in link order.
pub const MAKEFILE_KMEMLEAK: &str = include_str!("../kernel/Makefile.kmemleak");

/// The hand-written C files and where they go in the tree.
pub const C_FILES: &[(&str, &str)] = &[
    ("drivers/dma-buf/dma-buf-mapping-kmemleak-test.c", KMEMLEAK_C),
    ("drivers/dma-buf/dma-buf-mapping-parity.c", PARITY_C),
    ("drivers/dma-buf/dma-buf-mapping-attach.c", ATTACH_C),
    ("drivers/dma-buf/dma-buf-mapping-attach-test.c", ATTACH_TEST_C),
];

/// Where [`compat_h`] goes: beside the hooks, which include it.
pub const COMPAT_H: &str = "drivers/dma-buf/dma-buf-mapping-compat.h";

/// The spellings of the target's dma-buf core the hooks use (the symbol
/// namespace, the importer's invalidation callback, what the stock attach
/// maps): one small header per kernel, so the hooks themselves are the same
/// files for both and carry no version checks.
pub fn compat_h(target: &maptype::Target) -> Option<&'static str> {
    const FOR_6_12: &str = include_str!("../kernel/6.12/dma-buf-mapping-compat.h");
    const FOR_7_3: &str = include_str!("../kernel/7.3/dma-buf-mapping-compat.h");
    match (target.major, target.minor) {
        (6, 12) => Some(FOR_6_12),
        (7, 3) => Some(FOR_7_3),
        _ => None,
    }
}

pub const DMA_BUF_H: &str = "include/linux/dma-buf.h";
pub const DMA_BUF_C: &str = "drivers/dma-buf/dma-buf.c";

/// How a patch changes the text at its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    InsertBefore,
    InsertAfter,
    Replace,
}

/// One string patch: `anchor` must occur exactly once in the file.
#[derive(Debug, Clone, Copy)]
pub struct Patch {
    /// What the patch is for, in error messages.
    pub what: &'static str,
    pub anchor: &'static str,
    pub edit: Edit,
    pub text: &'static str,
}

/// The patches of `include/linux/dma-buf.h`.
pub const DMA_BUF_H_PATCHES: &[Patch] = &[
    Patch {
        what: "include <linux/dma-buf-mapping-types.h>",
        anchor: "#include <linux/wait.h>\n",
        edit: Edit::InsertAfter,
        text: "#include <linux/dma-buf-mapping-types.h>\n",
    },
    Patch {
        what: "dma_buf_ops.match_mapping and .single_exporter_match",
        anchor: "\tvoid (*vunmap)(struct dma_buf *dmabuf, struct iosys_map *map);\n};\n",
        edit: Edit::Replace,
        text: "\tvoid (*vunmap)(struct dma_buf *dmabuf, struct iosys_map *map);

\t/**
\t * @match_mapping:
\t *
\t * Mapping-aware exporters: offer the exporter's candidates for an
\t * attach by calling dma_buf_match_mapping(). Takes the place of
\t * @map_dma_buf and @unmap_dma_buf.
\t */
\tint (*match_mapping)(struct dma_buf_match_args *args);

\t/**
\t * @single_exporter_match:
\t *
\t * Mapping-aware exporters with one fixed candidate, usually set with
\t * DMA_BUF_SIMPLE_SGT_EXP_MATCH(); used when @match_mapping is NULL.
\t */
\tconst struct dma_buf_mapping_match *single_exporter_match;
};
",
    },
    Patch {
        what: "kernel-doc of dma_buf_attachment.map_type",
        anchor: " * @importer_priv: importer specific attachment data.\n",
        edit: Edit::InsertAfter,
        text: " * @map_type: the negotiated mapping type and its match data.\n",
    },
    Patch {
        what: "dma_buf_attachment.map_type",
        anchor: "\tvoid *importer_priv;\n\tvoid *priv;\n};\n",
        edit: Edit::Replace,
        text: "\tvoid *importer_priv;\n\tvoid *priv;\n\tstruct dma_buf_mapping_match map_type;\n};\n",
    },
    Patch {
        what: "prototypes of the RFC's attach and SGT map functions",
        anchor: "\t\t       void *importer_priv);\nvoid dma_buf_detach(struct dma_buf *dmabuf,\n",
        edit: Edit::Replace,
        // Where the RFC declares them, so an importer that includes only
        // <linux/dma-buf.h> reaches them; the generated headers declare them
        // too, and the compiler holds the two to the same signature.
        text: "\t\t       void *importer_priv);
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf,
\t\t       struct dma_buf_mapping_match *importer_matches,
\t\t       size_t match_len,
\t\t       const struct dma_buf_attach_ops *importer_ops,
\t\t       void *importer_priv);
struct dma_buf_attachment *dma_buf_sgt_attach(struct dma_buf *dmabuf,
\t\t\t\t\t      struct device *dev);
struct dma_buf_attachment *
dma_buf_sgt_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
\t\t\t   const struct dma_buf_attach_ops *importer_ops,
\t\t\t   void *importer_priv);
struct sg_table *dma_buf_sgt_map_attachment(struct dma_buf_attachment *attach,
\t\t\t\t\t    enum dma_data_direction dir);
struct sg_table *
dma_buf_sgt_map_attachment_unlocked(struct dma_buf_attachment *attach,
\t\t\t\t    enum dma_data_direction dir);
void dma_buf_sgt_unmap_attachment(struct dma_buf_attachment *attach,
\t\t\t\t  struct sg_table *sgt,
\t\t\t\t  enum dma_data_direction dir);
void dma_buf_sgt_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
\t\t\t\t\t   struct sg_table *sgt,
\t\t\t\t\t   enum dma_data_direction dir);
void dma_buf_detach(struct dma_buf *dmabuf,
",
    },
];

/// The patches of `drivers/dma-buf/dma-buf.c`.
pub const DMA_BUF_C_PATCHES: &[Patch] = &[
    Patch {
        what: "include <linux/dma-buf-mapping.h> for the debugfs hook",
        anchor: "#include <linux/dma-buf.h>\n",
        edit: Edit::InsertAfter,
        text: "#include <linux/dma-buf-mapping.h>\n",
    },
    Patch {
        what: "debugfs names an attachment by its mapping type (PAL has no attach->dev)",
        anchor: "\t\t\tseq_printf(s, \"\\t%s\\n\", dev_name(attach_obj->dev));\n",
        edit: Edit::Replace,
        text: "\t\t\tseq_putc(s, '\\t');
\t\t\tif (attach_obj->dev)
\t\t\t\tseq_printf(s, \"%s \", dev_name(attach_obj->dev));
\t\t\tdma_buf_mapping_debugfs_show(s, attach_obj);
\t\t\tseq_putc(s, '\\n');
",
    },
    Patch {
        what: "dma_buf_export() accepts mapping-aware ops without map_dma_buf",
        anchor: "\tif (WARN_ON(!exp_info->priv || !exp_info->ops
\t\t    || !exp_info->ops->map_dma_buf
\t\t    || !exp_info->ops->unmap_dma_buf
\t\t    || !exp_info->ops->release))
\t\treturn ERR_PTR(-EINVAL);
",
        edit: Edit::Replace,
        text: "\tif (WARN_ON(!exp_info->priv || !exp_info->ops
\t\t    || !exp_info->ops->release))
\t\treturn ERR_PTR(-EINVAL);

\t/* Mapping-aware exporters map through their mapping type's ops. */
\tif (dma_buf_mapping_check_warn(!exp_info->ops->match_mapping &&
\t\t\t\t       !exp_info->ops->single_exporter_match &&
\t\t\t\t       (!exp_info->ops->map_dma_buf ||
\t\t\t\t\t!exp_info->ops->unmap_dma_buf),
\t\t\t\t       \"an exporter can be mapped\",
\t\t\t\t       \"%s: %s has no map_dma_buf and no mapping type\",
\t\t\t\t       __func__, exp_info->exp_name))
\t\treturn ERR_PTR(-EINVAL);
",
    },
];

pub const DMA_BUF_TRACE_H: &str = "include/trace/events/dma_buf.h";

/// The patches of `include/trace/events/dma_buf.h` (Linux 7.3; 6.12 has no
/// dma-buf trace events): its attach and detach events name the
/// attachment's device, and a PAL attachment has none.
pub const DMA_BUF_TRACE_H_PATCHES: &[Patch] = &[Patch {
    what: "the attach and detach events of an attachment without a device",
    anchor: "\t\t__string(\tdev_name,\t\t\tdev_name(dev))\n",
    edit: Edit::Replace,
    text: "\t\t__string(\tdev_name,\t\t\tdev ? dev_name(dev) : \"(none)\")\n",
}];

/// Every patched file of the tree with its patches.
pub const PATCHED: &[(&str, &[Patch])] = &[(DMA_BUF_H, DMA_BUF_H_PATCHES), (DMA_BUF_C, DMA_BUF_C_PATCHES)];

/// The files patched in `target`'s tree: [`PATCHED`], and the trace events
/// of the kernels that have them.
pub fn patched(target: &maptype::Target) -> Vec<(&'static str, &'static [Patch])> {
    let mut out = PATCHED.to_vec();
    if (target.major, target.minor) == (7, 3) {
        out.push((DMA_BUF_TRACE_H, DMA_BUF_TRACE_H_PATCHES));
    }
    out
}

/// What the target's kernel must enable for the hooks' suite to run all its
/// cases, merged into the C run's kunitconfig: the dma-buf trace events of
/// 7.3, whose detach case traces an attachment without a device.
pub fn kunitconfig(target: &maptype::Target) -> Option<&'static str> {
    ((target.major, target.minor) == (7, 3)).then_some(
        "# the dma-buf trace events, for dma-buf-mapping-attach's traced detach\n\
         CONFIG_FTRACE=y\n\
         CONFIG_ENABLE_DEFAULT_TRACERS=y\n",
    )
}

/// A patch whose anchor is missing or ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    pub file: String,
    pub what: &'static str,
    pub anchor: &'static str,
    pub found: usize,
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.found == 0 { "not found".to_string() } else { format!("found {} times", self.found) };
        write!(
            f,
            "{}: cannot apply the hook \"{}\": its anchor was {how} (it must occur exactly once):\n{}\n\
             The core hooks in codegen/runner/src/hooks.rs do not fit this tree.",
            self.file,
            self.what,
            self.anchor.lines().map(|l| format!("    | {l}")).collect::<Vec<_>>().join("\n"),
        )
    }
}

impl std::error::Error for PatchError {}

/// Applies `patches` in order to `text`, the content of `file`.
pub fn apply(file: &str, text: &str, patches: &[Patch]) -> Result<String, PatchError> {
    let mut out = text.to_string();
    for p in patches {
        let found = out.matches(p.anchor).count();
        if found != 1 {
            return Err(PatchError { file: file.to_string(), what: p.what, anchor: p.anchor, found });
        }
        let at = out.find(p.anchor).expect("counted once");
        let end = at + p.anchor.len();
        out = match p.edit {
            Edit::InsertBefore => format!("{}{}{}", &out[..at], p.text, &out[at..]),
            Edit::InsertAfter => format!("{}{}{}", &out[..end], p.text, &out[end..]),
            Edit::Replace => format!("{}{}{}", &out[..at], p.text, &out[end..]),
        };
    }
    Ok(out)
}
