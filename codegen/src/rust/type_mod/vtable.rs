//! The exporter trait of a type's ops and its `const` C vtable of
//! `unsafe extern "C"` trampolines.

use maptype_dsl::ir::{Failure, Op, OpsStruct};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Gen;
use crate::rust::ty::{self, Kind};
use crate::rust::{camel, doc_text, doc_with, field_ident, ident};

impl Gen<'_> {
    /// The trait method's signature pieces for `op`.
    fn method_sig(&self, op: &Op, unused: bool) -> TokenStream {
        let mut params = Vec::new();
        for p in &op.params {
            let k = ty::kind(self.t, &p.ty);
            let name = if unused { format_ident!("_{}", p.name) } else { field_ident(&p.name) };
            let s = ty::safe(self.ctx, &k, &p.ty);
            params.push(quote!(#name: #s));
        }
        let ret = self.method_ret(op);
        let name = field_ident(&op.name);
        quote!(fn #name(#(#params),*) #ret)
    }

    fn method_ret(&self, op: &Op) -> TokenStream {
        let root = &self.ctx.root;
        let Some(r) = &op.ret else { return quote!() };
        let k = ty::kind(self.t, r);
        match (&k, op.failure) {
            (Kind::Handed(_) | Kind::Result(_), Failure::ErrPtr) => {
                let s = ty::safe(self.ctx, &k, r);
                quote!(-> #root::error::Result<#s>)
            }
            (Kind::Scalar, Failure::Errno) => quote!(-> #root::error::Result),
            (Kind::Scalar, Failure::None) => {
                let s = ty::scalar(r);
                quote!(-> #s)
            }
            _ => ty::rejected(format!(
                "rust backend: op {} of {} returns `{}`, which has no Rust mapping",
                op.name,
                self.t.name,
                r.spelling()
            )),
        }
    }

    pub(super) fn exporter_trait(&self) -> TokenStream {
        let ops = self.t.ops.as_ref().expect("caller checked");
        // Named so a new field fails to compile here until handled.
        let OpsStruct { name: _, doc: _, ops: _ } = ops;
        let root = &self.ctx.root;
        let tr = self.trait_name();
        let vt = self.vtable_name();
        let c_ops = ident(&ops.name);
        let optional = ops.ops.iter().any(|o| !o.required);
        let mut methods = Vec::new();
        for op in &ops.ops {
            let mut extra = vec![];
            if op.err_ptr() {
                extra.push("An error reaches the importer as an `ERR_PTR()`.".to_string());
            }
            if !op.required {
                extra.push(format!(
                    "Optional: the C ops get it only when the implementation overrides it (`HAS_{}`).",
                    op.name.to_uppercase()
                ));
            }
            let d = doc_with(&op.doc, &format!("C `{}`.", op.name), &extra);
            if op.required {
                let sig = self.method_sig(op, false);
                methods.push(quote!(#d #sig;));
            } else {
                let sig = self.method_sig(op, true);
                let has = format_ident!("HAS_{}", op.name.to_uppercase());
                let has_doc = doc_text(&format!(" Whether the implementation provides `{}`.", op.name));
                methods.push(quote! {
                    #[doc = #has_doc]
                    const #has: bool = false;

                    #d
                    #sig {
                        #root::build_error(#root::error::VTABLE_DEFAULT_ERROR)
                    }
                });
            }
        }
        let mut trait_doc = vec![format!(
            "The Rust side of C `struct {}`: [`{vt}`] builds the C ops of an implementation, and the exporter \
                constructors take it as their type parameter.",
            ops.name
        )];
        if optional {
            trait_doc.push("Implement it in a `#[vtable]` impl block: a method left out is a NULL op.".into());
        }
        let doc = doc_with(&ops.doc, &format!("Exporter callbacks (C `struct {}`).", ops.name), &trait_doc);
        let attr = if optional { quote!(#[#root::prelude::vtable]) } else { quote!() };

        let mut tramps = Vec::new();
        let mut fields = Vec::new();
        for op in &ops.ops {
            tramps.push(self.trampoline(op));
            let f = field_ident(&op.name);
            let cb = format_ident!("{}_callback", op.name);
            if op.required {
                fields.push(quote!(#f: Some(#cb::<T>),));
            } else {
                let has = format_ident!("HAS_{}", op.name.to_uppercase());
                fields.push(quote!(#f: if T::#has { Some(#cb::<T>) } else { None },));
            }
        }
        let zero = self.ctx.safety("`struct dma_buf_mapping_exp_ops` has no fields, so all zeroes is a valid value.");
        let vt_doc = doc_text(&format!(" Builds the C `struct {}` of a [`{tr}`] implementation.", ops.name));
        quote! {
            #doc
            #attr
            pub trait #tr {
                #(#methods)*
            }

            #[doc = #vt_doc]
            pub struct #vt<T: #tr>(core::marker::PhantomData<T>);

            impl<T: #tr> #vt<T> {
                const OPS: bindings::#c_ops = {
                    #zero
                    let ops = unsafe { core::mem::zeroed() };
                    bindings::#c_ops {
                        ops,
                        #(#fields)*
                    }
                };

                /// The C ops of `T`, at a static address; each op calls `T`'s method through a
                /// trampoline.
                pub const fn ops() -> &'static bindings::#c_ops {
                    &Self::OPS
                }
            }

            #(#tramps)*
        }
    }

    /// The `unsafe extern "C"` function the C ops hold for `op`.
    fn trampoline(&self, op: &Op) -> TokenStream {
        let root = &self.ctx.root;
        let reg = &self.ctx.reg;
        let tr = self.trait_name();
        let cb = format_ident!("{}_callback", op.name);
        let m = field_ident(&op.name);
        let ret_kind = op.ret.as_ref().map(|r| ty::kind(self.t, r));
        let c_ret = op.ret.as_ref().map(ty::raw);
        // What to return when C passes an argument Rust cannot represent.
        let refuse = match (&ret_kind, op.failure) {
            (None, _) => quote!(return;),
            (Some(_), Failure::ErrPtr) => quote!(return #root::error::code::EINVAL.to_ptr();),
            (Some(Kind::Scalar), Failure::Errno) => {
                quote!(return #root::error::code::EINVAL.to_errno();)
            }
            _ => quote!(unreachable!();),
        };
        let mut c_params = Vec::new();
        let mut convert = Vec::new();
        let mut args = Vec::new();
        let mut can_refuse = false;
        for p in &op.params {
            let k = ty::kind(self.t, &p.ty);
            let n = field_ident(&p.name);
            let raw = ty::raw(&p.ty);
            c_params.push(quote!(#n: #raw));
            args.push(quote!(#n));
            match &k {
                Kind::Attach => {
                    can_refuse = true;
                    let s = self.ctx.safety("The core passes the attachment being mapped, live for the whole call.");
                    convert.push(quote! {
                        if #n.is_null() { #refuse }
                        #s
                        let #n = unsafe { #reg::Attachment::from_raw(#n) };
                    });
                }
                Kind::Device => {
                    can_refuse = true;
                    let s = self.ctx.safety(
                        "The core passes a device that is live for the whole call, and `Device` is a \
                         transparent wrapper of the C struct.",
                    );
                    convert.push(quote! {
                        if #n.is_null() { #refuse }
                        #s
                        let #n = unsafe { &*#n.cast::<#root::device::Device>() };
                    });
                }
                Kind::Borrowed(s) => {
                    can_refuse = true;
                    let b = ty::borrowed_name(s);
                    let sf = self.ctx.safety("The core passes an object that is live for the whole call.");
                    convert.push(quote! {
                        if #n.is_null() { #refuse }
                        #sf
                        let #n = unsafe { #reg::#b::from_raw(#n) };
                    });
                }
                Kind::Direction => {
                    can_refuse = true;
                    convert.push(quote! {
                        let Some(#n) = #reg::DataDirection::from_raw(#n) else { #refuse };
                    });
                }
                Kind::Enum(e) => {
                    can_refuse = true;
                    let en = ty::enum_name(e);
                    convert.push(quote! {
                        let Some(#n) = #en::from_raw(#n) else { #refuse };
                    });
                }
                Kind::Scalar => {}
                Kind::ScalarOut => {
                    can_refuse = true;
                    let s = self.ctx.safety(
                        "A non-null out-parameter from the core points to a live, exclusively ours value for the whole \
                            call.",
                    );
                    convert.push(quote! {
                        #s
                        let Some(#n) = (unsafe { #n.as_mut() }) else { #refuse };
                    });
                }
                Kind::Handed(_) => {
                    can_refuse = true;
                    convert.push(quote! {
                        let Some(#n) = core::ptr::NonNull::new(#n) else { #refuse };
                    });
                }
                Kind::Result(s) => {
                    can_refuse = true;
                    let b = ident(&camel(s));
                    let sf = self.ctx.safety(&format!(
                        "The core gives back only what this exporter's op returned, which `{b}::into_raw` made."
                    ));
                    convert.push(quote! {
                        let Some(#n) = core::ptr::NonNull::new(#n) else { #refuse };
                        #sf
                        let #n = unsafe { #b::from_raw(#n) };
                    });
                }
            }
        }
        if can_refuse && refuse.to_string().contains("unreachable") {
            ty::rejected(format!(
                "rust backend: op {} of {} takes arguments Rust may refuse but returns `{}`, which cannot report it",
                op.name,
                self.t.name,
                op.ret.as_ref().map(|r| r.spelling()).unwrap_or_default()
            ));
        }
        let call = quote!(T::#m(#(#args),*));
        let body_ret = match (&ret_kind, op.failure) {
            (None, _) => quote!(#call;),
            (Some(Kind::Handed(_)), Failure::ErrPtr) => quote!(#reg::result_to_ptr(#call)),
            (Some(Kind::Result(s)), Failure::ErrPtr) => {
                let b = ident(&camel(s));
                quote!(#reg::result_to_ptr(#call.map(#b::into_raw)))
            }
            (Some(Kind::Scalar), Failure::Errno) => quote! {
                match #call {
                    Ok(()) => 0,
                    Err(e) => e.to_errno(),
                }
            },
            _ => quote!(#call),
        };
        let ret = c_ret.map(|r| quote!(-> #r)).unwrap_or_default();
        let ops_name = &self.t.ops.as_ref().expect("has ops").name;
        let doc = format!(
            " The C `{}` op of `T`: converts the arguments, calls `T::{}` and converts its result.",
            op.name, op.name
        );
        let safety_doc = format!(
            " Only the dma-buf core calls it, through the `struct {ops_name}` built for `T`, with the arguments the C \
                op is documented to take."
        );
        let refusal_doc = if can_refuse {
            if op.ret.is_none() {
                quote!(#[doc = ""] #[doc = " An argument Rust cannot represent (a null pointer, an unknown enum value) \
                    skips the call."])
            } else {
                quote!(#[doc = ""] #[doc = " An argument Rust cannot represent (a null pointer, an unknown enum value) \
                    fails with `EINVAL`."])
            }
        } else {
            quote!()
        };
        quote! {
            #[doc = #doc]
            #refusal_doc
            ///
            /// # Safety
            ///
            #[doc = #safety_doc]
            unsafe extern "C" fn #cb<T: #tr>(#(#c_params),*) #ret {
                #(#convert)*
                #body_ret
            }
        }
    }
}
