//! Rust backend: Rust-for-Linux bindings for every mapping type.
//!
//! Output, laid out like a kernel tree:
//! - `rust/kernel/dma_buf.rs`: `kernel::dma_buf`, which Linux 6.12 lacks,
//!   holding only `mapping`;
//! - `rust/kernel/dma_buf/mapping/mod.rs`: `kernel::dma_buf::mapping`, the
//!   shared wrappers (attachment, candidate, candidate list, negotiation,
//!   attach, DMA direction, borrowed C objects);
//! - `rust/kernel/dma_buf/mapping/<type>.rs`: per type, one trait per exporter
//!   ops struct with a `const` C vtable of `unsafe extern "C"` trampolines,
//!   safe candidate constructors, accessors, entry points and owned result
//!   builders;
//! - `rust/helpers/dma_buf_mapping.c`: `rust_helper_*` wrappers of every
//!   static inline and macro the Rust side calls;
//! - `rust/bindings/bindings_helper.h.fragment`: the `#include`s bindgen needs;
//! - `rust/helpers/dma_buf_mapping_doctest.c`: C fixtures of the doctests
//!   that [`doctest`] derives from the definitions and puts in the module
//!   docs, so the kernel runs them as KUnit.
//!
//! Rust code is built as tokens with `quote` and printed by `prettyplease`,
//! never from string templates. prettyplease is the only formatter: no
//! `rustfmt` runs, so the bytes depend on neither a rustfmt version nor a
//! `rustfmt.toml` on the machine. After printing, comment markers become
//! comments, long doc lines are wrapped at 100 columns and items are
//! separated by blank lines (see [`Ctx::render`]). Tokens cannot carry `//`
//! comments, which `// SAFETY:` justifications must be, so a comment is
//! emitted as a `__maptype_comment!(N);` marker and replaced by its text
//! after printing (see [`Ctx::comment`]).
//!
//! A driver-private type's singleton lives in its driver's module, which
//! built-in helpers cannot reference, so its Rust module calls no C helper:
//! its constructors, data view and accessors are compiled from the IR into
//! Rust, and it names everything through `kernel::` so the owning driver's
//! crate can include it. `mod.rs` does not declare it.

//!
//! Building it into a Linux 6.12 kernel (CONFIG_RUST=y), on top of the C
//! overlay: copy `rust/kernel/dma_buf.rs` and `rust/kernel/dma_buf/mapping/`
//! (all but private types' files) into the tree and add `pub mod dma_buf;` to
//! `rust/kernel/lib.rs`; add `#include "dma_buf_mapping.c"` and
//! `#include "dma_buf_mapping_doctest.c"` (the doctests' fixture, empty
//! without `CONFIG_RUST_KERNEL_DOCTESTS`) to `rust/helpers/helpers.c`;
//! add the fragment's `#include`s to
//! `rust/bindings/bindings_helper.h`. The module uses only 6.12 kernel crate
//! API (`bindings`, `error`, `types::Opaque`, `device::Device`, `alloc`'s
//! `KVmalloc`, `prelude::vtable`, `build_error`) and Rust 1.78.
//! tests/rust_ffi.rs proves it hosted: bindgen as the kernel runs it, the
//! kernel's lint set under clippy, rustdoc, layouts and scenarios, and that
//! every file is a fixed point of syn + prettyplease.

mod doctest;
mod helpers;
mod registry;
mod ty;
mod type_mod;

use std::cell::RefCell;

use maptype_dsl::ir::{MappingType, Registry};
use proc_macro2::TokenStream;
use quote::quote;

use crate::GenFile;

/// Directory of the Rust module tree in the kernel.
pub const MODULE_DIR: &str = "rust/kernel/dma_buf/mapping";
pub const HELPERS_PATH: &str = "rust/helpers/dma_buf_mapping.c";
pub const BINDINGS_FRAGMENT_PATH: &str = "rust/bindings/bindings_helper.h.fragment";

/// Path of a type's Rust module.
pub fn module_path(t: &MappingType) -> String {
    format!("{MODULE_DIR}/{}.rs", t.name)
}

/// The Rust backend: a module per type, the shared wrappers, C helpers.
pub struct Rust;

impl crate::Backend for Rust {
    fn name(&self) -> &'static str {
        "rust"
    }

    fn registry_files(&self, reg: &Registry, target: &crate::Target) -> Vec<GenFile> {
        vec![
            registry::file(reg, target),
            registry::parent_file(reg, target),
            helpers::helpers_file(reg),
            helpers::bindings_fragment(reg),
            doctest::fixture_file(reg),
        ]
    }

    fn type_files(&self, t: &MappingType, target: &crate::Target) -> Vec<GenFile> {
        covered(t);
        let mut files = vec![type_mod::file(t, target)];
        files.extend(doctest::private_fixture_file(t));
        files
    }

    /// A type's module is a module of the kernel crate, built from the
    /// bindings and helpers the registry's files list: the core's files
    /// must name the type for it to build.
    fn stands_alone(&self) -> bool {
        false
    }
}

/// Names every IR field, so a new one fails to compile here until the Rust
/// module handles it (or this says why not).
fn covered(t: &MappingType) {
    let MappingType {
        // The module: identity and docs, enums, data view, exporter trait,
        // constructors, accessors, entry points, result builders.
        name: _,
        source: _,
        doc: _,
        title: _,
        symbol: _,
        private: _,
        // The module's doc carries the docs of name, export, private,
        // compatible, on_match and debugfs.
        title_doc: _,
        export_doc: _,
        rules_doc: _,
        enums: _,
        data: _,
        ops: _,
        importers: _,
        exporters: _,
        accessors: _,
        ops_accessor: _,
        entries: _,
        results: _,
        // Doctests: rules and on-match copies, through the rule model; the
        // extern stubs of the fixture.
        rules: _,
        on_match: _,
        externs: _,
        // Export macros restrict C linkage; Rust reaches the symbols through
        // the bindings of the C helpers, whatever their export.
        export: _,
        // Structs a result points into are C types; Rust sees them through
        // bindgen, and builds results with the result builders above.
        structs: _,
        // debugfs is printed by the C core from the glue; Rust adds nothing.
        debugfs: _,
        // A Rust exporter builds its vtable through the generated trait, so
        // the C `dma_buf_ops` initializer macro has no Rust counterpart.
        single_exporter: _,
    } = t;
}

/// Per-file state while building tokens: the comments behind markers.
pub(crate) struct Ctx {
    comments: RefCell<Vec<String>>,
    /// The kernel the code is for: a few kernel-crate APIs changed.
    pub target: crate::Target,
    /// Path of the kernel crate: `crate` in it, `kernel` in a driver crate.
    pub root: TokenStream,
    /// Path of the shared wrappers (`kernel::dma_buf::mapping`).
    pub reg: TokenStream,
}

impl Ctx {
    pub fn in_kernel_crate(target: &crate::Target) -> Self {
        Ctx { comments: RefCell::new(Vec::new()), target: *target, root: quote!(crate), reg: quote!(super) }
    }

    pub fn in_driver_crate(target: &crate::Target) -> Self {
        Ctx {
            comments: RefCell::new(Vec::new()),
            target: *target,
            root: quote!(kernel),
            reg: quote!(kernel::dma_buf::mapping),
        }
    }

    /// A `//` comment, placed as a statement or item; printed as `// text`.
    pub fn comment(&self, text: impl Into<String>) -> TokenStream {
        let mut c = self.comments.borrow_mut();
        c.push(text.into());
        let n = proc_macro2::Literal::usize_unsuffixed(c.len() - 1);
        quote!(__maptype_comment!(#n);)
    }

    /// A `// SAFETY:` comment for the unsafe block that follows.
    pub fn safety(&self, text: &str) -> TokenStream {
        self.comment(format!("SAFETY: {text}"))
    }

    /// Prints `items` as a Rust file: banner, then prettyplease output with
    /// comment markers replaced, long doc lines wrapped and blank lines
    /// between items. This is the final layout: nothing reformats it.
    pub fn render(&self, sources: &[&str], items: TokenStream) -> String {
        let file: syn::File =
            syn::parse2(items.clone()).unwrap_or_else(|e| panic!("rust backend built invalid Rust ({e}):\n{items}"));
        let printed = prettyplease::unparse(&file);
        let mut out = String::new();
        let comments = self.comments.borrow();
        // Code in doc comments (doctests) is never wrapped.
        let mut in_code = false;
        for line in printed.lines() {
            let trimmed = line.trim_start();
            if let Some(text) = trimmed.strip_prefix("//!").or_else(|| trimmed.strip_prefix("///")) {
                if text.trim_start().starts_with("```") {
                    in_code = !in_code;
                }
            }
            if let Some(rest) = trimmed.strip_prefix("__maptype_comment!(") {
                let n: usize = rest
                    .strip_suffix(");")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("rust backend: malformed comment marker `{line}`"));
                let indent = &line[..line.len() - trimmed.len()];
                for l in wrap_comment(indent, &comments[n]) {
                    out.push_str(&l);
                    out.push('\n');
                }
                continue;
            }
            if (trimmed.starts_with("/// ") || trimmed.starts_with("//! ")) && line.len() > 100 && !in_code {
                let indent = &line[..line.len() - trimmed.len()];
                let lead = format!("{indent}{}", &trimmed[..4]);
                let text = &trimmed[4..];
                // A list item's continuation lines are indented under its text.
                let next = if text.starts_with("- ") { format!("{lead}  ") } else { lead.clone() };
                for l in wrap_hanging(&lead, &next, text) {
                    out.push_str(&l);
                    out.push('\n');
                }
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        if out.contains("__maptype_comment") {
            panic!("rust backend: a comment marker was not on a line of its own");
        }
        let body = separate_items(&out);
        let note = banner_lines(&crate::emit::banner::rust(sources));
        format!("// SPDX-License-Identifier: GPL-2.0\n{note}\n\n{body}")
    }
}

/// Blank lines between items, as kernel Rust has them (prettyplease prints
/// none).
fn separate_items(s: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "fn ",
        "impl",
        "const ",
        "unsafe extern",
        "unsafe fn",
        "unsafe impl",
        "struct ",
        "enum ",
        "trait ",
        "type ",
        "mod ",
        "use ",
        "// ",
    ];
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    for line in s.lines() {
        let cur = line.trim_start();
        if let Some(p) = prev {
            let pt = p.trim_start();
            let same_indent = p.len() - pt.len() == line.len() - cur.len();
            let prev_ends_item = pt == "}" || pt == "};" || (pt.ends_with(';') && !pt.starts_with("//"));
            let starts_item = ITEM_STARTS.iter().any(|k| cur.starts_with(k)) && !cur.starts_with("//!");
            let both_use = pt.starts_with("use ") && cur.starts_with("use ");
            let after_inner_doc = pt.starts_with("//!") && !cur.starts_with("//!");
            // A statement comment inside a body stays next to its statement.
            let body_comment = cur.starts_with("// ") && pt != "}";
            if !cur.is_empty()
                && ((same_indent && prev_ends_item && starts_item && !both_use && !body_comment) || after_inner_doc)
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// The provenance note as `//` lines of at most 100 columns, keeping
/// "by cargo run -- generate; do not edit" whole on the last line.
fn banner_lines(note: &str) -> String {
    if note.len() + 3 <= 100 {
        return format!("// {note}");
    }
    let (head, tail) = note.rsplit_once(" by ").map_or((note, ""), |(h, t)| (h, t));
    let mut lines = wrap_words("// ", head);
    if !tail.is_empty() {
        lines.push(format!("// by {tail}"));
    }
    lines.join("\n")
}

/// `// text` at `indent`, wrapped at 100 columns like the kernel's Rust.
fn wrap_comment(indent: &str, text: &str) -> Vec<String> {
    wrap_words(&format!("{indent}// "), text)
}

/// `text` after `lead` on every line, wrapped at 100 columns.
fn wrap_words(lead: &str, text: &str) -> Vec<String> {
    wrap_hanging(lead, lead, text)
}

/// `text` after `first` on its first line and `next` on the others.
fn wrap_hanging(first: &str, next: &str, text: &str) -> Vec<String> {
    const WIDTH: usize = 100;
    let mut lines = Vec::new();
    let mut lead = first.to_string();
    let mut cur = lead.clone();
    for word in text.split_whitespace() {
        if cur.len() > lead.len() && cur.len() + 1 + word.len() > WIDTH {
            lines.push(std::mem::replace(&mut cur, next.to_string()));
            lead = next.to_string();
        }
        if cur.len() > lead.len() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    lines.push(cur);
    lines
}

/// `#[doc = " line"]` attributes for documentation lines; `///` in the output.
pub(crate) fn doc(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| doc_text(&if l.is_empty() { String::new() } else { format!(" {l}") }));
    quote!(#(#[doc = #lines])*)
}

/// The literal of one `doc` attribute, written raw (`r#"..."#`). Docs are
/// most of the text of a Rust file (doctests live in them), and a raw
/// literal is neither escaped when built nor unescaped when syn and
/// prettyplease read it back: the file prints the same, at a third of the
/// cost of an escaped literal.
pub(crate) fn doc_text(text: &str) -> proc_macro2::Literal {
    // One `#` more than the longest run of them after a quote in the text.
    let mut hashes = 1;
    for (i, _) in text.match_indices('"') {
        let run = text[i + 1..].bytes().take_while(|&b| b == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    match format!("r{fence}\"{text}\"{fence}").parse() {
        Ok(lit) => lit,
        // A carriage return alone cannot be in a raw string; escape it then.
        Err(_) => proc_macro2::Literal::string(text),
    }
}

/// Documentation from the definition's `///` text (C kernel-doc `@x` and
/// references become code), then `extra` paragraphs.
pub(crate) fn doc_with(def: &[String], fallback: &str, extra: &[String]) -> TokenStream {
    let mut lines: Vec<String> = if def.is_empty() {
        vec![fallback.to_string()]
    } else {
        def.iter().map(|l| crate::emit::quote::rust_doc(l)).collect()
    };
    for p in extra {
        lines.push(String::new());
        lines.extend(p.lines().map(String::from));
    }
    doc(&lines)
}

/// `UpperCamelCase` from a C name.
pub(crate) fn camel(s: &str) -> String {
    use heck::ToUpperCamelCase;
    s.to_upper_camel_case()
}

pub(crate) fn ident(s: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(s, proc_macro2::Span::call_site())
}

/// An identifier that may be a Rust keyword (`type`, `match`, ...).
pub(crate) fn field_ident(s: &str) -> proc_macro2::Ident {
    // bindgen appends `_` to names that are Rust keywords.
    if maptype_dsl::oracle::RUST_KEYWORDS.contains(&s) {
        ident(&format!("{s}_"))
    } else {
        ident(s)
    }
}
