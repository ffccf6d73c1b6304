//! Safe candidate constructors: one Rust function per C importer and
//! exporter constructor.

use maptype_dsl::ir::{Ctor, CtorForm, Target};
use proc_macro2::TokenStream;
use quote::quote;

use super::{rust_fn_name, Gen};
use crate::rust::ty::{self, Kind};
use crate::rust::{camel, doc_with, field_ident, ident};

impl Gen<'_> {
    /// The flag set field `f` holds, if it holds one.
    pub(super) fn flags_of(&self, f: &str) -> Option<&maptype_dsl::ir::Enum> {
        self.t.enum_by_name(self.t.field(f)?.enum_name.as_deref()?).filter(|e| e.flags)
    }

    pub(super) fn ctor(&self, c: &Ctor, exporter: bool) -> TokenStream {
        let reg = &self.ctx.reg;
        let name = rust_fn_name(&c.name);
        let mut generics = Vec::new();
        let mut params = Vec::new();
        let mut c_args = Vec::new();
        let mut borrows = false;
        // Private types: (field, value) written into the data in Rust.
        let mut data_sets: Vec<(String, TokenStream)> = Vec::new();
        let mut ops_arg = None;
        for p in &c.params {
            let n = field_ident(&p.name);
            match &p.target {
                Target::Ops => {
                    let tr = self.trait_name();
                    let vt = self.vtable_name();
                    generics.push(quote!(T: #tr));
                    c_args.push(quote!(#vt::<T>::ops()));
                    ops_arg = Some(quote!(#vt::<T>::ops()));
                }
                Target::Field(f) => {
                    let k = ty::kind(self.t, &p.ty);
                    let (ty_, arg) = match &k {
                        Kind::Device => {
                            borrows = true;
                            let root = &self.ctx.root;
                            (quote!(&'a #root::device::Device), quote!(#n.as_raw()))
                        }
                        Kind::Borrowed(s) => {
                            borrows = true;
                            let b = ty::borrowed_name(s);
                            (quote!(&'a #reg::#b), quote!(#n.as_raw()))
                        }
                        Kind::Enum(e) => match self.restricted(f) {
                            Some(_) => {
                                let r = ident(&camel(f));
                                (quote!(#r), quote!(#n.to_raw()))
                            }
                            None => {
                                let en = ty::enum_name(e);
                                (quote!(#en), quote!(#n.to_raw()))
                            }
                        },
                        Kind::Direction => (quote!(#reg::DataDirection), quote!(#n.to_raw())),
                        // A flags field takes its set's newtype; C holds the bits.
                        Kind::Scalar if self.flags_of(f).is_some() => {
                            let en = ty::enum_name(self.flags_of(f).map_or("", |e| e.name.as_str()));
                            let raw = ty::raw(&p.ty);
                            (quote!(#en), quote!(#n.bits() as #raw))
                        }
                        Kind::Scalar => (ty::scalar(&p.ty), quote!(#n)),
                        _ => ty::rejected(format!(
                            "rust backend: constructor {} of {} takes `{}`, which has no Rust mapping",
                            c.name,
                            self.t.name,
                            p.ty.spelling()
                        )),
                    };
                    params.push(quote!(#n: #ty_));
                    // The field may store another C type than the parameter (a u8 holding an enum).
                    let field_ty = self.t.field(f).map(|fd| fd.ty.clone()).unwrap_or_else(|| p.ty.clone());
                    let stored = if field_ty == p.ty || field_ty.is_pointer() {
                        arg.clone()
                    } else {
                        let r = ty::raw(&field_ty);
                        quote!(#arg as #r)
                    };
                    data_sets.push((f.clone(), stored));
                    c_args.push(arg);
                }
            }
        }
        let lifetime = if borrows { quote!('a) } else { quote!('static) };
        if borrows {
            generics.insert(0, quote!('a));
        }
        let gen = if generics.is_empty() { quote!() } else { quote!(<#(#generics),*>) };
        let role = if exporter { "An exporter" } else { "An importer" };
        let form = match c.form {
            CtorForm::Inline => "static inline",
            CtorForm::Macro => "macro",
        };
        let doc = doc_with(&c.doc, &format!("{role} candidate."), &[format!("C `{}()` ({form}).", c.name)]);

        let body = if self.t.private.is_none() {
            let helper = ident(&c.name);
            let s = self.ctx.safety(&format!(
                "The C helper only builds a candidate from its arguments; what the candidate points to is valid for \
                    `{}`{}.",
                lifetime,
                if ops_arg.is_some() { " (the ops are static)" } else { "" }
            ));
            quote! {
                #s
                unsafe { #reg::Match::from_raw(bindings::#helper(#(#c_args),*)) }
            }
        } else {
            self.private_ctor_body(c, &data_sets, ops_arg, &lifetime)
        };
        quote! {
            #doc
            pub fn #name #gen(#(#params),*) -> #reg::Match<#lifetime> {
                #body
            }
        }
    }
}
