//! The C backend: per type a header and glue, plus the registry (match
//! union, negotiation core, Kconfig/Makefile fragments).
//!
//! Each file is an askama template of the C itself (`templates/c/`): Rust
//! builds a small view per file or function (deciding what appears and doing
//! the 80-column wrapping of signatures and expressions), templates print
//! it, and `filters` wrap comments and align macro backslashes.

mod expr;
mod filters;
mod kdoc;
pub mod layout;
pub mod names;
mod registry;
mod type_glue;
mod type_header;
mod validate;

use maptype_dsl::ir::{CType, MappingType, Registry};

use crate::{GenFile, Target};

pub use expr::negate;

/// The glue of one type (the mutation proof swaps it for a mutant's).
pub fn glue_file(t: &MappingType, target: &Target) -> GenFile {
    type_glue::file(t, target)
}

/// Every C file for the registry.
pub fn files(reg: &Registry, target: &Target) -> Vec<GenFile> {
    let mut out = registry::files(reg, target);
    for t in &reg.types {
        out.push(type_header::file(t, target));
        out.push(type_glue::file(t, target));
    }
    out
}

/// Tagged struct types a declaration mentions, for forward declarations.
fn struct_tags<'a>(types: impl IntoIterator<Item = &'a CType>, out: &mut Vec<String>) {
    for t in types {
        match t.struct_name() {
            Some(s) if !out.iter().any(|x| x == s) => out.push(s.to_string()),
            _ => {}
        }
    }
}

/// Headers that define the enums a declaration mentions (enums cannot be
/// forward-declared in C).
fn enum_headers<'a>(types: impl IntoIterator<Item = &'a CType>, out: &mut Vec<String>) {
    for t in types {
        if let Some(h) = t.enum_header() {
            if !out.iter().any(|x| x == h) {
                out.push(h.to_string());
            }
        }
    }
}

/// Externs called from `exprs`, in declaration order.
pub fn called_externs<'a>(t: &'a MappingType, exprs: &[&maptype_dsl::ir::Expr]) -> Vec<&'a maptype_dsl::ir::Extern> {
    let mut names = Vec::new();
    for e in exprs {
        e.walk(&mut |x| {
            if let maptype_dsl::ir::Expr::Call { func, .. } = x {
                names.push(func.clone());
            }
        });
    }
    t.externs.iter().filter(|e| names.contains(&e.name)).collect()
}

/// Every expression the glue (.c) evaluates: rules, legacy values, debugfs.
pub fn glue_exprs(t: &MappingType) -> Vec<&maptype_dsl::ir::Expr> {
    let mut out = t.rule_conditions();
    out.extend(t.on_match.legacy.iter().map(|l| &l.value));
    out.extend(t.debugfs.iter().flat_map(|d| d.args.iter()));
    out
}

/// `NULL`, `false` or `0`: what a typed accessor returns on another type.
fn zero_of(t: &CType) -> &'static str {
    t.c_zero()
}

/// How a function body reaches the match data of the candidate `m` points
/// to (`exp`, or `&attach->map_type`): a union member, or the typed view of
/// the private slot.
pub(crate) fn data_ref(t: &MappingType, m: &str, mutable: bool) -> String {
    match (&t.private, &t.data) {
        (Some(_), _) => {
            let view = if mutable { names::private_view_mut(t) } else { names::private_view(t) };
            format!("{view}({m})")
        }
        (None, Some(d)) => {
            let member = d.member.as_deref().unwrap_or_default();
            match m.strip_prefix('&') {
                Some(obj) => format!("&{obj}.{member}"),
                None => format!("&{m}->{member}"),
            }
        }
        (None, None) => String::new(),
    }
}
