//! The C backend: per type a header and glue, plus the registry (match
//! union, negotiation core, Kconfig/Makefile fragments).
//!
//! Each file is an askama template of the C itself (`templates/c/`): Rust
//! builds a small view per file or function (deciding what appears and doing
//! the 80-column wrapping of signatures and expressions), templates print
//! it, and the shared `emit::filters` wrap comments and align macro
//! backslashes. Names, layout, expressions and kernel-doc come from
//! [`crate::emit`], which the other backends use too.

pub(crate) mod registry;
pub use registry::core_c_path;
mod type_glue;
mod type_header;
mod validate;

use maptype_dsl::ir::{CType, MappingType, Registry};

use crate::{GenFile, Target};

/// Kept here for the mutation proof, which inverts glue conditions.
pub use crate::emit::expr::negate;

/// The glue of one type (the mutation proof swaps it for a mutant's).
pub fn glue_file(t: &MappingType, target: &Target) -> GenFile {
    type_glue::file(t, target)
}

/// The header of one type, where its accessors are (`static inline`).
pub fn header_file(t: &MappingType, target: &Target) -> GenFile {
    type_header::file(t, target)
}

/// The C backend: headers, glue and the registry core.
pub struct C;

impl crate::Backend for C {
    fn name(&self) -> &'static str {
        "c"
    }

    fn registry_files(&self, reg: &Registry, target: &Target) -> Vec<GenFile> {
        registry::files(reg, target)
    }

    fn type_files(&self, t: &MappingType, target: &Target) -> Vec<GenFile> {
        covered(t);
        vec![type_header::file(t, target), type_glue::file(t, target)]
    }
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

/// `NULL`, `false` or `0`: what a typed accessor returns on another type.
fn zero_of(t: &CType) -> &'static str {
    t.c_zero()
}

/// Names every IR field, so a new one fails to compile here until the C
/// backend prints it (or this says why not). C is the reference backend: the
/// header and glue use every field.
fn covered(t: &MappingType) {
    let MappingType {
        // Header: identity, kernel-doc, export, data, ops, constructors,
        // accessors, entry points, structs and results.
        name: _,
        source: _,
        doc: _,
        title: _,
        title_doc: _,
        symbol: _,
        export: _,
        export_doc: _,
        private: _,
        enums: _,
        data: _,
        ops: _,
        importers: _,
        exporters: _,
        single_exporter: _,
        accessors: _,
        ops_accessor: _,
        entries: _,
        structs: _,
        results: _,
        // Glue: the extern wrappers, compiled rules, on-match copies, debugfs.
        externs: _,
        rules: _,
        rules_doc: _,
        on_match: _,
        debugfs: _,
    } = t;
}
