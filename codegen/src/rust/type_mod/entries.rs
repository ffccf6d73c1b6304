//! Entry points: safe wrappers of the C entries, and guards that give a
//! result back through its partner entry when dropped.

use maptype_dsl::ir::{CType, Entry, Failure, Lock, ResultStruct};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{rust_fn_name, safety_list, Gen};
use crate::rust::ty::{self, Kind};
use crate::rust::{doc_with, field_ident, ident};

impl Gen<'_> {
    pub(super) fn entries(&self) -> Vec<TokenStream> {
        let mut out = Vec::new();
        // Entries undone by a guard's drop get no wrapper of their own.
        let mut guarded = std::collections::BTreeSet::new();
        for e in &self.t.entries {
            if let Some(op) = self.t.op(&e.op) {
                if let Some(r) = &op.ret {
                    if let (Ok(Kind::Result(_)), Some(p)) = (ty::classify(self.t, r), &e.partner) {
                        guarded.insert(p.clone());
                    }
                }
            }
        }
        for e in &self.t.entries {
            if guarded.contains(&e.name) {
                continue;
            }
            out.push(self.entry(e));
        }
        out
    }

    pub(super) fn entry(&self, e: &Entry) -> TokenStream {
        // Named so a new field fails to compile here until handled. The
        // wrapper calls the C entry point, which does the `validates` check;
        // `export` is the C symbol's linkage, which bindings do not change.
        // Bound parameters are not the caller's to pass, and the C entry
        // point checks the preconditions (listed under "# Errors").
        let Entry { name: _, doc: _, op: _, lock: _, export: _, validates, partner: _, bound: _, preconditions } = e;
        let reg = &self.ctx.reg;
        let root = &self.ctx.root;
        let op =
            self.t.op(&e.op).unwrap_or_else(|| ty::rejected(format!("rust backend: entry {} names no op", e.name)));
        let name = rust_fn_name(&e.name);
        let c_fn = ident(&e.name);
        let mut params = Vec::new();
        let mut args = Vec::new();
        let mut handed_in = false;
        let returns_result = op.ret.as_ref().is_some_and(|r| matches!(ty::classify(self.t, r), Ok(Kind::Result(_))));
        for p in op.params.iter().filter(|p| !e.bound.iter().any(|b| b.param == p.name)) {
            let k = ty::kind(self.t, &p.ty);
            let n = field_ident(&p.name);
            let s = match &k {
                Kind::Attach => {
                    args.push(quote!(#n.as_raw()));
                    if returns_result {
                        quote!(&'a #reg::Attachment)
                    } else {
                        quote!(&#reg::Attachment)
                    }
                }
                Kind::Device | Kind::Borrowed(_) => {
                    args.push(quote!(#n.as_raw()));
                    ty::safe(self.ctx, &k, &p.ty)
                }
                Kind::Direction | Kind::Enum(_) => {
                    args.push(quote!(#n.to_raw()));
                    ty::safe(self.ctx, &k, &p.ty)
                }
                Kind::Scalar | Kind::ScalarOut => {
                    args.push(quote!(#n));
                    ty::safe(self.ctx, &k, &p.ty)
                }
                Kind::Handed(_) => {
                    handed_in = true;
                    args.push(quote!(#n.as_ptr()));
                    ty::safe(self.ctx, &k, &p.ty)
                }
                Kind::Result(_) => ty::rejected(format!(
                    "rust backend: entry {} of {} takes a result struct but is no guard's partner",
                    e.name, self.t.name
                )),
            };
            params.push(quote!(#n: #s));
        }
        let ret_kind = op.ret.as_ref().map(|r| ty::kind(self.t, r));
        let mut safety_reqs = Vec::new();
        if e.lock == Some(Lock::Held) {
            safety_reqs.push("The caller must hold the buffer's reservation lock.".to_string());
        }
        if handed_in {
            let partner = e.partner.as_deref().unwrap_or("the entry point that made it");
            safety_reqs.push(format!(
                "Every pointer argument must be what `{partner}()` returned for `attach`, and is not used again."
            ));
        }
        let mut extra = vec![format!("C `{}()`.", e.name)];
        if !e.bound.is_empty() {
            let b: Vec<String> =
                e.bound.iter().map(|b| format!("`{}` is the negotiated `{}`", b.param, b.field)).collect();
            extra.push(format!("Passes the op what the attachment negotiated: {}.", b.join(", ")));
        }
        if !preconditions.is_empty() {
            let p: Vec<String> = preconditions.iter().map(|p| format!("- `{}` if {}", p.errno, broken(p))).collect();
            extra.push(format!("# Errors\n\nChecked before the op is called:\n\n{}", p.join("\n")));
        }
        if e.lock == Some(Lock::Takes) {
            extra.push("Takes the buffer's reservation lock; the caller must not hold it.".into());
        }
        // A struct result comes back in a guard, documented there.
        if let Some(r) = validates.as_ref().and_then(|v| self.t.result(v)).filter(|r| !r.is_struct()) {
            let checks: Vec<String> =
                r.invariants.iter().map(|i| crate::describe_check(&i.check, r).replace('@', "")).collect();
            extra.push(crate::emit::quote::rust_doc(&format!(
                "The C entry point checks the exporter's entries before returning them: {}. Entries that break \
                 a check are an error with its errno.",
                checks.join("; ")
            )));
        }
        let call_safety = if safety_reqs.is_empty() {
            "`attach` is a live attachment and the arguments are what the C function takes.".to_string()
        } else {
            "`attach` is a live attachment, and the caller meets the requirements above.".to_string()
        };
        let s = self.ctx.safety(&call_safety);
        let call = if ret_kind.is_none() {
            quote! {
                #s
                unsafe { bindings::#c_fn(#(#args),*) };
            }
        } else {
            quote! {
                #s
                let ret = unsafe { bindings::#c_fn(#(#args),*) };
            }
        };
        let (ret_ty, tail) = match (&ret_kind, op.failure) {
            (None, _) => (quote!(), quote!()),
            (Some(Kind::Handed(st)), Failure::ErrPtr) => {
                let i = ident(st);
                // `from_err_ptr` takes `*mut`; a `const` result is only read.
                let ret_ptr =
                    if op.ret.as_ref().is_some_and(CType::base_const) { quote!(ret.cast_mut()) } else { quote!(ret) };
                (
                    quote!(-> #root::error::Result<core::ptr::NonNull<bindings::#i>>),
                    quote! {
                        let ptr = #root::error::from_err_ptr(#ret_ptr)?;
                        core::ptr::NonNull::new(ptr).ok_or(#root::error::code::EINVAL)
                    },
                )
            }
            (Some(Kind::Result(st)), Failure::ErrPtr) => {
                let r = self.t.result(st).expect("classified as a result");
                return self.guarded_entry(e, r, params, call, safety_reqs, extra);
            }
            (Some(Kind::Scalar), Failure::Errno) => {
                (quote!(-> #root::error::Result), quote!(#root::error::to_result(ret)))
            }
            (Some(Kind::Scalar), Failure::None) => {
                let s = ty::scalar(op.ret.as_ref().expect("has ret"));
                (quote!(-> #s), quote!(ret))
            }
            _ => ty::rejected(format!("rust backend: entry {} of {} has no Rust mapping", e.name, self.t.name)),
        };
        let mut extras = extra;
        if !safety_reqs.is_empty() {
            extras.push(format!("# Safety\n\n{}", safety_list(&safety_reqs)));
        }
        let doc = doc_with(&e.doc, &format!("C `{}()`.", e.name), &extras);
        let unsafety = if safety_reqs.is_empty() { quote!() } else { quote!(unsafe) };
        quote! {
            #doc
            pub #unsafety fn #name(#(#params),*) #ret_ty {
                #call
                #tail
            }
        }
    }

    /// An entry point returning a result struct: the result comes in a guard
    /// that gives it back through the partner entry point when dropped.
    fn guarded_entry(
        &self,
        e: &Entry,
        r: &ResultStruct,
        params: Vec<TokenStream>,
        call: TokenStream,
        safety_reqs: Vec<String>,
        mut extra: Vec<String>,
    ) -> TokenStream {
        let reg = &self.ctx.reg;
        let root = &self.ctx.root;
        let partner_name = e.partner.as_ref().unwrap_or_else(|| {
            ty::rejected(format!(
                "rust backend: entry {} of {} returns a result but has no partner to give it back",
                e.name, self.t.name
            ))
        });
        let partner =
            self.t.entries.iter().find(|p| &p.name == partner_name).unwrap_or_else(|| {
                ty::rejected(format!("rust backend: partner {partner_name} of {} is unknown", e.name))
            });
        if partner.lock == Some(Lock::Held) {
            ty::rejected(format!(
                "rust backend: {partner_name} needs the reservation lock, so a guard cannot call it when dropped"
            ));
        }
        let pop = self.t.op(&partner.op).unwrap_or_else(|| ty::rejected("rust backend: partner op unknown".into()));
        let kinds: Vec<Kind> = pop.params.iter().map(|p| ty::kind(self.t, &p.ty)).collect();
        if kinds != [Kind::Attach, Kind::Result(r.name.clone())] {
            ty::rejected(format!("rust backend: {partner_name} must take (attachment, result) to undo {}", e.name));
        }
        let (c, _, camel_name, _, _) = self.result_names(r);
        let guard = format_ident!("{}Mapping", camel_name);
        let name = rust_fn_name(&e.name);
        let pfn = ident(partner_name);
        extra.push(format!("The result is given back with `{partner_name}()` when the returned guard is dropped."));
        if !safety_reqs.is_empty() {
            extra.push(format!("# Safety\n\n{}", safety_list(&safety_reqs)));
        }
        let doc = doc_with(&e.doc, &format!("C `{}()`.", e.name), &extra);
        let unsafety = if safety_reqs.is_empty() { quote!() } else { quote!(unsafe) };
        let guard_doc = format!(
            " A C `struct {}` an importer got from [`{name}`]: every invariant was checked; given back with \
                `{partner_name}()` when dropped.",
            r.name
        );
        let read_len = self.ctx.safety("The list stays valid until `drop` gives it back.");
        let read_entries = self.ctx.safety(
            "The list stays valid until `drop` gives it back, and the entry point checked that it holds `len()` \
                entries.",
        );
        let view = self.list_view(
            r,
            &ident("list"),
            read_len,
            read_entries,
            " Whether the list has no entries (never true: the entry point refuses an empty list).",
        );
        let give_back = self.ctx.safety(&format!(
            "`self.list` came from `{}()` on `self.attach`, which is still live, and is given back only here.",
            e.name
        ));
        quote! {
            #[doc = #guard_doc]
            pub struct #guard<'a> {
                attach: &'a #reg::Attachment,
                list: core::ptr::NonNull<bindings::#c>,
            }

            impl #guard<'_> {
                #view

                /// The C pointer, valid while `self` lives.
                pub fn as_raw(&self) -> *mut bindings::#c {
                    self.list.as_ptr()
                }
            }

            impl Drop for #guard<'_> {
                fn drop(&mut self) {
                    #give_back
                    unsafe { bindings::#pfn(self.attach.as_raw(), self.list.as_ptr()) };
                }
            }

            #doc
            pub #unsafety fn #name<'a>(#(#params),*) -> #root::error::Result<#guard<'a>> {
                #call
                let list = #root::error::from_err_ptr(ret)?;
                let list = core::ptr::NonNull::new(list).ok_or(#root::error::code::EINVAL)?;
                Ok(#guard { attach, list })
            }
        }
    }
}

/// When a precondition refuses the call, in words.
fn broken(p: &maptype_dsl::ir::Precondition) -> String {
    use maptype_dsl::ir::{PreCheck, PreValue};
    match &p.check {
        PreCheck::Aligned { unit } => format!("`{}` is not a multiple of `{unit}`", p.param),
        PreCheck::Compare { op, value } => {
            let v = match value {
                PreValue::Int { value } => value.to_string(),
                PreValue::BufferSize => "the buffer's size".to_string(),
            };
            format!("`{}` is not `{} {v}`", p.param, op.c())
        }
    }
}
