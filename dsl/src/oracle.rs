//! What the Rust backend can express, asked before it runs.
//!
//! [`rust_kind`] is the single statement of how a C type (the checker's
//! typed model) crosses into safe Rust; `codegen/src/rust/ty.rs` (`classify`)
//! calls it and adds the tokens. `None` means the type has no Rust mapping.

use std::collections::BTreeSet;

pub use crate::ir::DMA_DIRECTION;
use crate::ir::{Base, CType, EnumOrigin, MappingType};

/// How a C type crosses into safe Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustKind {
    /// `struct dma_buf_attachment *`.
    Attach,
    /// `struct device *`.
    Device,
    /// `enum dma_data_direction`.
    Direction,
    /// An enum the type declares.
    Enum(String),
    /// A scalar, passed as is.
    Scalar,
    /// A pointer to a scalar: an out-parameter.
    ScalarOut,
    /// A struct an op hands over (an `ERR_PTR` return that is no result struct).
    Handed(String),
    /// A pointer to one of the type's result structs.
    Result(String),
    /// Any other struct pointer: a borrowed object.
    Borrowed(String),
}

/// Structs that ops of `t` hand over: their `ERR_PTR` returns that are not result structs.
pub fn handed(t: &MappingType) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for op in t.ops.iter().flat_map(|o| &o.ops) {
        match op.ret.as_ref().and_then(CType::struct_name) {
            Some(s) if op.err_ptr() && t.result(s).is_none() => {
                out.insert(s.to_string());
            }
            _ => {}
        }
    }
    out
}

/// How `c`, used by type `t`, maps to Rust; `None` when it does not.
pub fn rust_kind(t: &MappingType, c: &CType) -> Option<RustKind> {
    match (c.depth(), c.base()) {
        (0, Base::Enum { origin: EnumOrigin::DmaDirection, .. }) => Some(RustKind::Direction),
        (0, Base::Enum { name, origin: EnumOrigin::Declared }) => Some(RustKind::Enum(name.clone())),
        (0, Base::Int(_) | Base::Bool { .. }) => Some(RustKind::Scalar),
        (1, Base::Int(_) | Base::Bool { .. }) => Some(RustKind::ScalarOut),
        (1, Base::Struct { name }) => Some(match name.as_str() {
            "dma_buf_attachment" => RustKind::Attach,
            "device" => RustKind::Device,
            b if t.result(b).is_some() => RustKind::Result(b.to_string()),
            b if handed(t).contains(b) => RustKind::Handed(b.to_string()),
            b => RustKind::Borrowed(b.to_string()),
        }),
        _ => None,
    }
}

/// Whether `c` crosses into safe Rust at all.
pub fn has_rust_mapping(t: &MappingType, c: &CType) -> bool {
    rust_kind(t, c).is_some()
}

/// Rust's keywords (strict and reserved, edition 2021): not usable as plain names.
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// The Rust function a C function of the type becomes: lowercase, without `dma_buf_`.
pub fn rust_fn_name(c: &str) -> String {
    let lower = c.to_lowercase();
    lower.strip_prefix("dma_buf_").unwrap_or(&lower).to_string()
}

/// The Rust variant names of enum `e`, in order. The enum's own name is
/// stripped when every enumerator starts with it (`enum importer_mode {
/// IMPORTER_MODE_MMIO }` -> `Mmio`), else the enumerators' common words
/// (`DMA_SGT_NO_P2P` -> `NoP2p`), keeping at least one word of each; in
/// UpperCamelCase. A variant the stripping would start with a digit keeps
/// its whole name. The checker proves the result unique and usable
/// (`solver::derive`); the Rust backend and its doctests name variants
/// only through here.
pub fn variant_names(e: &crate::ir::Enum) -> Vec<String> {
    use heck::ToUpperCamelCase;
    let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    if names.is_empty() {
        return Vec::new();
    }
    let own = format!("{}_", e.name.to_uppercase());
    let rests: Option<Vec<&str>> =
        names.iter().map(|n| n.strip_prefix(own.as_str()).filter(|r| !r.is_empty())).collect();
    let rests = rests.unwrap_or_else(|| {
        let split: Vec<Vec<&str>> = names.iter().map(|n| n.split('_').collect()).collect();
        let mut common = 0;
        if names.len() > 1 {
            'outer: while let Some(w) = split[0].get(common) {
                for s in &split {
                    if s.len() <= common + 1 || s[common] != *w {
                        break 'outer;
                    }
                }
                common += 1;
            }
        }
        // The byte where word `common` starts is the same in every name.
        let cut = split[0][..common].iter().map(|w| w.len() + 1).sum::<usize>();
        names.iter().map(|n| &n[cut..]).collect()
    });
    rests
        .iter()
        .zip(&names)
        .map(|(r, n)| {
            let v = r.to_lowercase().to_upper_camel_case();
            if v.starts_with(|c: char| c.is_ascii_digit()) {
                n.to_lowercase().to_upper_camel_case()
            } else {
                v
            }
        })
        .collect()
}

/// The Rust enum of a C enum a type declares: `dma_sgt_requires_p2p` -> `DmaSgtRequiresP2p`.
pub fn rust_enum_name(c_name: &str) -> String {
    use heck::ToUpperCamelCase;
    c_name.to_upper_camel_case()
}
