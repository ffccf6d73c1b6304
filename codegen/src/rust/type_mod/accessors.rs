//! Accessors of a negotiated match: field values, derived values and the
//! exporter's ops.

use maptype_dsl::ir::{CType, Value};
use proc_macro2::TokenStream;
use quote::quote;

use super::{rust_fn_name, Gen};
use crate::rust::ty::{self, Kind};
use crate::rust::{doc_with, ident};

impl Gen<'_> {
    pub(super) fn accessor(&self, a: &maptype_dsl::ir::Accessor) -> TokenStream {
        let reg = &self.ctx.reg;
        let root = &self.ctx.root;
        let name = rust_fn_name(&a.name);
        let is = self.is_fn();
        let k = ty::kind(self.t, &a.ret);
        let title = crate::emit::quote::rust_doc(&self.t.title);
        let (ret_ty, none_doc) = match &k {
            Kind::Device => (quote!(Option<&#root::device::Device>), "`None`"),
            Kind::Borrowed(s) => {
                let b = ty::borrowed_name(s);
                (quote!(Option<&#reg::#b>), "`None`")
            }
            Kind::Scalar if a.ret.is_bool() => (quote!(bool), "`false`"),
            Kind::Scalar => {
                let s = ty::scalar(&a.ret);
                (quote!(Option<#s>), "`None`")
            }
            _ => ty::rejected(format!(
                "rust backend: accessor {} of {} returns `{}`, which has no Rust mapping",
                a.name,
                self.t.name,
                a.ret.spelling()
            )),
        };
        let doc = doc_with(
            &a.doc,
            &format!("C `{}()`.", a.name),
            &[format!("C `{}()`. {none_doc} when `attach` did not negotiate the {title} type.", a.name)],
        );
        let is_bool = matches!(k, Kind::Scalar) && a.ret.is_bool();
        // The raw value: from the C helper, or computed from the data in Rust.
        let raw_value = if is_bool && self.t.private.is_none() {
            let helper = ident(&a.name);
            let s = self.ctx.safety("`attach` is a live attachment; the helper only reads its negotiated match.");
            quote! {
                #s
                unsafe { bindings::#helper(attach.as_raw()) }
            }
        } else if is_bool {
            let e = self.private_expr(&a.value);
            quote! {
                let Some(data) = match_data(attach) else { return false };
                #e
            }
        } else if self.t.private.is_none() {
            let helper = ident(&a.name);
            let s = self.ctx.safety("`attach` is a live attachment; the helper only reads its negotiated match.");
            quote! {
                #s
                let value = unsafe { bindings::#helper(attach.as_raw()) };
            }
        } else {
            let e = self.private_expr(&a.value);
            quote! {
                let Some(data) = match_data(attach) else { return Default::default() };
                let value = #e;
            }
        };
        let convert = match &k {
            Kind::Device => {
                let s = self.ctx.safety(
                    "A device of the negotiated match stays valid while the attachment exists, and `Device` \
                     is a transparent wrapper of the C struct.",
                );
                quote! {
                    if value.is_null() { return None; }
                    #s
                    Some(unsafe { &*value.cast::<#root::device::Device>() })
                }
            }
            Kind::Borrowed(st) => {
                let b = ty::borrowed_name(st);
                let s = self.ctx.safety("An object of the negotiated match stays valid while the attachment exists.");
                quote! {
                    if value.is_null() { return None; }
                    #s
                    Some(unsafe { #reg::#b::from_raw(value) })
                }
            }
            Kind::Scalar if a.ret.is_bool() => quote!(),
            _ => quote!(Some(value)),
        };
        let guard = match &k {
            Kind::Scalar if !a.ret.is_bool() => quote! {
                if !#is(attach) { return None; }
            },
            _ => quote!(),
        };
        quote! {
            #doc
            pub fn #name(attach: &#reg::Attachment) -> #ret_ty {
                #guard
                #raw_value
                #convert
            }
        }
    }

    pub(super) fn value_of(&self, c: &CType, v: &Value) -> TokenStream {
        ty::value(c, v)
    }

    pub(super) fn ops_accessor(&self, name: &str) -> TokenStream {
        let reg = &self.ctx.reg;
        let c_ops = self.ops_struct();
        let f = rust_fn_name(name);
        let is = self.is_fn();
        let title = crate::emit::quote::rust_doc(&self.t.title);
        let doc = format!(
            " The exporter's C `struct {}` of the match `attach` negotiated, or `None` when it did not negotiate the \
                {title} type (C `{name}()`).",
            self.t.ops.as_ref().map(|o| o.name.as_str()).unwrap_or_default()
        );
        let deref = self.ctx.safety("An exporter's ops outlive every attachment that negotiated them.");
        let body = if self.t.private.is_none() {
            let helper = ident(name);
            let s = self.ctx.safety("`attach` is a live attachment; the helper only reads its negotiated match.");
            quote! {
                #s
                let ops = unsafe { bindings::#helper(attach.as_raw()) };
                #deref
                unsafe { ops.as_ref() }
            }
        } else {
            let s = self.ctx.safety("`attach` is a live attachment, so reading its negotiated match is valid.");
            quote! {
                if !#is(attach) {
                    return None;
                }
                #s
                let ops = unsafe { (*attach.as_raw()).map_type.exp_ops };
                // The core's handle is the first member, so the ops start where it does.
                let ops = ops.cast::<bindings::#c_ops>();
                #deref
                unsafe { ops.as_ref() }
            }
        };
        let check = if self.t.private.is_some() {
            quote! {
                const _: () = assert!(core::mem::offset_of!(bindings::#c_ops, ops) == 0);
            }
        } else {
            quote!()
        };
        quote! {
            #check

            #[doc = #doc]
            pub fn #f(attach: &#reg::Attachment) -> Option<&bindings::#c_ops> {
                #body
            }
        }
    }
}
