//! Where each generated C name and file comes from: one place, so the C,
//! KUnit and Rust backends agree.

use maptype_dsl::ir::{Export, MappingType};

use crate::Target;

/// Prefix of every generated helper of a type: `dma_buf_mapping_sgt`.
pub fn prefix(t: &MappingType) -> String {
    format!("dma_buf_mapping_{}", t.name)
}

/// File stem: `dma-buf-mapping-xe-iov`.
pub fn stem(t: &MappingType) -> String {
    stem_of(&t.name)
}

fn stem_of(type_name: &str) -> String {
    format!("dma-buf-mapping-{}", type_name.replace('_', "-"))
}

/// The header of public type `type_name`, as an include path (`linux/...`).
pub fn public_header_of(type_name: &str) -> String {
    format!("linux/{}.h", stem_of(type_name))
}

/// Directory of the glue: the dma-buf core, or the owning driver.
pub fn glue_dir(t: &MappingType) -> String {
    t.private.as_ref().map_or_else(|| "drivers/dma-buf".to_string(), |p| p.dir.clone())
}

/// Path of the per-type header inside the kernel tree.
pub fn header_path(t: &MappingType) -> String {
    match &t.private {
        None => format!("include/linux/{}.h", stem(t)),
        Some(p) => format!("{}/{}.h", p.dir, stem(t)),
    }
}

/// How C code includes the per-type header.
pub fn header_include(t: &MappingType) -> String {
    match &t.private {
        None => format!("<linux/{}.h>", stem(t)),
        Some(_) => format!("\"{}.h\"", stem(t)),
    }
}

pub fn glue_path(t: &MappingType) -> String {
    format!("{}/{}.c", glue_dir(t), stem(t))
}

/// The KUnit-stubbable wrapper of an extern: `dma_buf_mapping_sgt_pci_p2pdma_distance`.
pub fn wrapper(t: &MappingType, ext: &str) -> String {
    format!("{}_{ext}", prefix(t))
}

/// The stubbable reporter of a rule marked `warn`.
pub fn rule_warn(t: &MappingType) -> String {
    format!("{}_rule_warn", prefix(t))
}

/// The stubbable reporter of the type's own checks: its results'
/// invariants, an attachment's type, what an exporter op returned.
pub fn check_warn(t: &MappingType) -> String {
    format!("{}_check_warn", prefix(t))
}

/// The core's reporter, for its checks, the hooks' and the inline helpers'.
pub const CORE_CHECK_WARN: &str = "dma_buf_mapping_check_warn";

/// Prefix for wrapper calls in rendered expressions.
pub fn wrapper_prefix(t: &MappingType) -> String {
    format!("{}_", prefix(t))
}

pub fn match_fn(t: &MappingType) -> String {
    format!("{}_match", prefix(t))
}

pub fn finish_fn(t: &MappingType) -> String {
    format!("{}_finish_match", prefix(t))
}

pub fn debugfs_fn(t: &MappingType) -> String {
    format!("{}_debugfs_dump", prefix(t))
}

/// The function every entry point of `op` goes through.
pub fn call_op_fn(t: &MappingType, op: &str) -> String {
    format!("{}_call_{op}", prefix(t))
}

/// Validator of a result struct: `dma_buf_phys_list_validate`.
pub fn validate_fn(result: &str) -> String {
    format!("{result}_validate")
}

/// Typed views of a private type's slot in `struct dma_buf_mapping_match`.
pub fn private_view(t: &MappingType) -> String {
    format!("{}_match_data", prefix(t))
}

pub fn private_view_mut(t: &MappingType) -> String {
    format!("{}_match_data_mut", prefix(t))
}

/// The C spelling of an export of `sym` under `policy` for the target kernel.
pub fn export(target: &Target, policy: &Export, sym: &str) -> String {
    match policy {
        Export::Gpl => format!("EXPORT_SYMBOL_GPL({sym});"),
        Export::Namespace { namespace } => {
            if target.quoted_namespaces() {
                format!("EXPORT_SYMBOL_NS_GPL({sym}, \"{namespace}\");")
            } else {
                format!("EXPORT_SYMBOL_NS_GPL({sym}, {namespace});")
            }
        }
        Export::Modules { modules } => {
            format!("{}({sym}, \"{}\");", target.modules_export_macro(), modules.join(","))
        }
        // A blank line first: a comment is no EXPORT line, so it does not hug the `}`.
        Export::Local => format!("\n/* {sym}() is not exported: only this module calls it. */"),
    }
}

/// `MODULE_IMPORT_NS()` of namespace `ns`, spelled as `target` wants it.
pub fn import_ns(target: &Target, ns: &str) -> String {
    if target.quoted_namespaces() {
        format!("MODULE_IMPORT_NS(\"{ns}\");")
    } else {
        format!("MODULE_IMPORT_NS({ns});")
    }
}

/// Header guard from a path: `_LINUX_DMA_BUF_MAPPING_SGT_H`.
pub fn guard(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let base = if path.starts_with("include/linux/") { format!("_LINUX_{file}") } else { format!("_{file}") };
    base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}
