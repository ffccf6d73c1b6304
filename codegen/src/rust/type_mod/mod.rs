//! One type's Rust module: enums, the exporter trait and its C vtable,
//! candidate constructors, accessors, result builders and entry points.
//!
//! [`file`] orders the items; this file builds the type's identity and its
//! enums, and each concept has its own file: [`vtable`] (the exporter trait
//! and its trampolines), [`candidates`] (constructors), [`accessors`],
//! [`results`] (owned result builders), [`entries`] (entry points and their
//! guards) and [`private`] (what a driver-private type builds in Rust). They
//! all add methods to [`Gen`].

mod accessors;
mod candidates;
mod entries;
mod private;
mod results;
mod vtable;

use maptype_dsl::ir::{MappingType, Target};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ty;
use super::{camel, doc_text, doc_with, ident, Ctx};
use crate::emit::names;
use crate::GenFile;

pub fn file(t: &MappingType, target: &crate::Target) -> GenFile {
    let ctx = if t.private.is_some() { Ctx::in_driver_crate(target) } else { Ctx::in_kernel_crate(target) };
    let g = Gen { ctx: &ctx, t };
    let root = &ctx.root;

    let mut module_doc: Vec<String> = t.doc.iter().map(|l| crate::emit::quote::rust_doc(l)).collect();
    if module_doc.is_empty() {
        module_doc.push(format!("The {} mapping type.", crate::emit::quote::rust_doc(&t.title)));
    }
    module_doc.push(String::new());
    let header = names::header_path(t);
    module_doc.push(format!("C header: [`{header}`](srctree/{header})"));
    // The docs of the statements that have no Rust item of their own.
    let notes = [
        ("Name", &t.title_doc[..]),
        ("Export", &t.export_doc[..]),
        ("Private", t.private.as_ref().map_or(&[][..], |p| &p.doc[..])),
        ("Compatibility", &t.rules_doc[..]),
        ("On a match", &t.on_match.doc[..]),
        ("Debugfs", t.debugfs.as_ref().map_or(&[][..], |d| &d.doc[..])),
    ];
    for (what, d) in notes.iter().filter(|(_, d)| !d.is_empty()) {
        module_doc.push(String::new());
        module_doc.push(format!("{what}: {}", crate::emit::quote::rust_doc(&d.join(" "))));
    }
    module_doc.extend(super::doctest::type_examples(t));
    if let Some(p) = &t.private {
        module_doc.push(String::new());
        module_doc.push(format!(
            "A driver-private type of module `{}`: its singleton lives in that module, so this file is for \
             the owning driver's crate, not the kernel crate. It calls no C helper: candidates, data view \
             and accessors are built in Rust from the definition.",
            p.module
        ));
    }
    let module_doc = module_doc.iter().map(|l| doc_text(&if l.is_empty() { String::new() } else { format!(" {l}") }));

    let mut items = Vec::new();
    items.push(g.identity());
    for e in &t.enums {
        items.push(g.enum_item(e));
    }
    items.extend(g.restricted_enums());
    if t.private.is_some() {
        items.push(g.private_view());
    }
    // Each result's entry under a name the kernel's renames leave alone.
    for r in &t.results {
        items.push(g.entry_alias(r));
    }
    // An out-parameter result is the exporter's own array: nothing to build.
    for r in t.results.iter().filter(|r| r.is_struct()) {
        items.push(g.result_builder(r));
    }
    if t.ops.is_some() {
        items.push(g.exporter_trait());
    }
    for c in &t.importers {
        items.push(g.ctor(c, false));
    }
    for c in &t.exporters {
        items.push(g.ctor(c, true));
    }
    for a in &t.accessors {
        items.push(g.accessor(a));
    }
    if let Some(name) = &t.ops_accessor {
        items.push(g.ops_accessor(name));
    }
    items.extend(g.entries());

    let tokens = quote! {
        #(#![doc = #module_doc])*

        use #root::bindings;

        #(#items)*
    };
    let path = super::module_path(t);
    GenFile::new(path, ctx.render(&[t.source.as_str()], tokens))
}

struct Gen<'a> {
    ctx: &'a Ctx,
    t: &'a MappingType,
}

/// One requirement as a sentence, several as a list.
fn safety_list(reqs: &[String]) -> String {
    if reqs.len() == 1 {
        reqs[0].clone()
    } else {
        reqs.iter().map(|r| format!("- {r}")).collect::<Vec<_>>().join("\n")
    }
}

/// `DMA_BUF_IMAPPING_SGT` -> `imapping_sgt`; `dma_buf_sgt_dma_device` -> `sgt_dma_device`.
fn rust_fn_name(c: &str) -> Ident {
    ident(&maptype_dsl::oracle::rust_fn_name(c))
}

impl Gen<'_> {
    fn trait_name(&self) -> Ident {
        format_ident!("{}Exporter", camel(&self.t.name))
    }

    fn vtable_name(&self) -> Ident {
        format_ident!("{}ExporterVTable", camel(&self.t.name))
    }

    fn is_fn(&self) -> Ident {
        format_ident!("is_{}", self.t.name)
    }

    fn ops_struct(&self) -> Ident {
        self.t
            .ops
            .as_ref()
            .map(|o| ident(&o.name))
            .unwrap_or_else(|| ty::rejected(format!("rust backend: {} has no exporter ops", self.t.name)))
    }

    /// The type's singleton and the test for it.
    fn identity(&self) -> TokenStream {
        let sym = ident(&self.t.symbol);
        let is = self.is_fn();
        let reg = &self.ctx.reg;
        let title = crate::emit::quote::rust_doc(&self.t.title);
        let doc_ty = doc_text(&format!(" The {title} type: the address of its C singleton `{}`.", self.t.symbol));
        let doc_is = doc_text(&format!(" Whether `attach` negotiated the {title} type."));
        let safety = self.ctx.safety("Only the address of the C singleton is taken; it is not read or written.");
        quote! {
            #[doc = #doc_ty]
            // Taking the address of an extern static needs `unsafe` before Rust 1.82 only.
            #[allow(unused_unsafe)]
            pub fn mapping_type() -> *const bindings::dma_buf_mapping_type {
                #safety
                unsafe { core::ptr::addr_of!(bindings::#sym) }
            }

            #[doc = #doc_is]
            pub fn #is(attach: &#reg::Attachment) -> bool {
                attach.mapping_type() == mapping_type()
            }
        }
    }

    fn enum_item(&self, e: &maptype_dsl::ir::Enum) -> TokenStream {
        if e.flags {
            return self.flags_item(e);
        }
        let name = ty::enum_name(&e.name);
        let c = ident(&e.name);
        let variants = maptype_dsl::oracle::variant_names(e);
        let doc = doc_with(&e.doc, &format!("C `enum {}`.", e.name), &[format!("C `enum {}`.", e.name)]);
        let vs = e.values.iter().zip(&variants).map(|(v, rv)| {
            let d = doc_with(&v.doc, &format!("`{}`.", v.name), &[]);
            let rv = ident(rv);
            quote!(#d #rv,)
        });
        let to = e.values.iter().zip(&variants).map(|(v, rv)| {
            let rv = ident(rv);
            let k = ty::enum_const(&e.name, &v.name);
            quote!(Self::#rv => #k,)
        });
        let from = e.values.iter().zip(&variants).map(|(v, rv)| {
            let rv = ident(rv);
            let k = ty::enum_const(&e.name, &v.name);
            quote!(#k => Some(Self::#rv),)
        });
        quote! {
            #doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            pub enum #name {
                #(#vs)*
            }

            impl #name {
                /// The C value.
                pub const fn to_raw(self) -> bindings::#c {
                    match self {
                        #(#to)*
                    }
                }

                /// The variant a C value names, or `None` if it names none.
                pub const fn from_raw(raw: bindings::#c) -> Option<Self> {
                    match raw {
                        #(#from)*
                        _ => None,
                    }
                }
            }
        }
    }

    /// A flag set: a newtype over the bits with a constant per flag, so a
    /// combination is a value of the type (a Rust enum could not hold one).
    /// The bits are written out: a private type's header is not in bindgen's input.
    fn flags_item(&self, e: &maptype_dsl::ir::Enum) -> TokenStream {
        let name = ty::enum_name(&e.name);
        let doc = doc_with(&e.doc, &format!("C `enum {}`: flags.", e.name), &[format!("C `enum {}`: flags.", e.name)]);
        let consts = e.values.iter().zip(ty::flag_names(e)).map(|(v, k)| {
            let d = doc_with(&v.doc, &format!("`{}`.", v.name), &[]);
            let k = ident(&k);
            let bit = proc_macro2::Literal::u32_unsuffixed(v.value.trailing_zeros());
            quote!(#d pub const #k: Self = Self(1 << #bit);)
        });
        let all = proc_macro2::Literal::u32_unsuffixed(e.mask() as u32);
        quote! {
            #doc
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct #name(u32);

            impl #name {
                #(#consts)*

                /// No flag.
                pub const fn empty() -> Self {
                    Self(0)
                }

                /// The bits, as C holds them.
                pub const fn bits(self) -> u32 {
                    self.0
                }

                /// The flags of `bits`, or `None` if a bit of it is no flag.
                pub const fn from_bits(bits: u32) -> Option<Self> {
                    if bits & !#all == 0 {
                        Some(Self(bits))
                    } else {
                        None
                    }
                }

                /// Whether every flag of `other` is set.
                pub const fn has(self, other: Self) -> bool {
                    self.0 & other.0 == other.0
                }
            }

            impl core::ops::BitOr for #name {
                type Output = Self;

                fn bitor(self, other: Self) -> Self {
                    Self(self.0 | other.0)
                }
            }

            impl core::ops::BitAnd for #name {
                type Output = Self;

                fn bitand(self, other: Self) -> Self {
                    Self(self.0 & other.0)
                }
            }
        }
    }

    /// A field that holds only some values of its enum gets an enum of just
    /// those, so a constructor cannot be given another (a wrong value is a
    /// compile error instead of a runtime warning).
    fn restricted(&self, field: &str) -> Option<(&maptype_dsl::ir::Enum, Vec<(String, String)>)> {
        let f = self.t.field(field)?;
        let e = self.t.enum_by_name(f.enum_name.as_ref()?)?;
        if f.allowed.is_empty() || f.allowed.len() >= e.values.len() {
            return None;
        }
        let variants = maptype_dsl::oracle::variant_names(e);
        let pairs = e
            .values
            .iter()
            .zip(variants)
            .filter(|(v, _)| f.allowed.contains(&v.name))
            .map(|(v, rv)| (v.name.clone(), rv))
            .collect();
        Some((e, pairs))
    }

    fn restricted_enums(&self) -> Vec<TokenStream> {
        let mut done = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for c in self.t.importers.iter().chain(&self.t.exporters) {
            for p in &c.params {
                let Target::Field(f) = &p.target else { continue };
                let Some((e, pairs)) = self.restricted(f) else { continue };
                if !done.insert(f.clone()) {
                    continue;
                }
                let name = ident(&camel(f));
                let c_enum = ident(&e.name);
                let full = ty::enum_name(&e.name);
                let doc = doc_text(&format!(" The values `{f}` may hold: a subset of [`{full}`]."));
                let vs = pairs.iter().map(|(cn, rv)| {
                    let d = e.values.iter().find(|v| &v.name == cn).map(|v| v.doc.clone()).unwrap_or_default();
                    let d = doc_with(&d, &format!("`{cn}`."), &[]);
                    let rv = ident(rv);
                    quote!(#d #rv,)
                });
                let to = pairs.iter().map(|(cn, rv)| {
                    let rv = ident(rv);
                    let k = ty::enum_const(&e.name, cn);
                    quote!(Self::#rv => #k,)
                });
                let into = pairs.iter().map(|(_, rv)| {
                    let rv = ident(rv);
                    quote!(#name::#rv => Self::#rv,)
                });
                out.push(quote! {
                    #[doc = #doc]
                    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
                    pub enum #name {
                        #(#vs)*
                    }

                    impl #name {
                        /// The C value.
                        pub const fn to_raw(self) -> bindings::#c_enum {
                            match self {
                                #(#to)*
                            }
                        }
                    }

                    impl From<#name> for #full {
                        fn from(v: #name) -> Self {
                            match v {
                                #(#into)*
                            }
                        }
                    }
                });
            }
        }
        out
    }
}
