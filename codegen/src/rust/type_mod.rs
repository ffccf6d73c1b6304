//! One type's Rust module: enums, the exporter trait and its C vtable,
//! candidate constructors, accessors, result builders and entry points.

use maptype_dsl::ir::{
    BinOp, CType, Ctor, CtorForm, Entry, Expr, Lock, MappingType, Op, Registry, ResultStruct, Side, Target, Value,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ty::{self, Kind};
use super::{camel, doc_with, field_ident, ident, rustdoc_text, Ctx};
use crate::c::names;
use crate::GenFile;

pub fn file(_reg: &Registry, t: &MappingType) -> Result<GenFile, String> {
    let ctx = if t.private.is_some() { Ctx::in_driver_crate() } else { Ctx::in_kernel_crate() };
    let g = Gen { ctx: &ctx, t };
    let root = &ctx.root;

    let mut module_doc: Vec<String> = t.doc.iter().map(|l| rustdoc_text(l)).collect();
    if module_doc.is_empty() {
        module_doc.push(format!("The {} mapping type.", t.title));
    }
    module_doc.push(String::new());
    let header = names::header_path(t);
    module_doc.push(format!("C header: [`{header}`](srctree/{header})"));
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
    let module_doc = module_doc.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });

    let mut items = Vec::new();
    items.push(g.identity());
    for e in &t.enums {
        items.push(g.enum_item(e));
    }
    items.extend(g.restricted_enums()?);
    if t.private.is_some() {
        items.push(g.private_view()?);
    }
    for r in &t.results {
        items.push(g.result_builder(r)?);
    }
    if t.ops.is_some() {
        items.push(g.exporter_trait()?);
    }
    for c in &t.importers {
        items.push(g.ctor(c, false)?);
    }
    for c in &t.exporters {
        items.push(g.ctor(c, true)?);
    }
    for a in &t.accessors {
        items.push(g.accessor(a)?);
    }
    if let Some(name) = &t.ops_accessor {
        items.push(g.ops_accessor(name)?);
    }
    items.extend(g.entries()?);

    let tokens = quote! {
        #(#![doc = #module_doc])*

        use #root::bindings;

        #(#items)*
    };
    let path = super::module_path(t);
    Ok(GenFile::new(path, ctx.render(&[t.source.as_str()], tokens)?))
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
    let lower = c.to_lowercase();
    ident(lower.strip_prefix("dma_buf_").unwrap_or(&lower))
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

    fn ops_struct(&self) -> Result<Ident, String> {
        self.t
            .ops
            .as_ref()
            .map(|o| ident(&o.name))
            .ok_or_else(|| format!("rust backend: {} has no exporter ops", self.t.name))
    }

    /// The type's singleton and the test for it.
    fn identity(&self) -> TokenStream {
        let sym = ident(&self.t.symbol);
        let is = self.is_fn();
        let reg = &self.ctx.reg;
        let title = &self.t.title;
        let doc_ty = format!(" The {title} type: the address of its C singleton `{}`.", self.t.symbol);
        let doc_is = format!(" Whether `attach` negotiated the {title} type.");
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
        let name = ty::enum_name(&e.name);
        let c = ident(&e.name);
        let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
        let variants = ty::variant_names(&names);
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

    /// A field that holds only some values of its enum gets an enum of just
    /// those, so a constructor cannot be given another (a wrong value is a
    /// compile error instead of a runtime warning).
    fn restricted(&self, field: &str) -> Option<(&maptype_dsl::ir::Enum, Vec<(String, String)>)> {
        let f = self.t.field(field)?;
        let e = self.t.enum_by_name(f.enum_name.as_ref()?)?;
        if f.allowed.is_empty() || f.allowed.len() >= e.values.len() {
            return None;
        }
        let names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
        let variants = ty::variant_names(&names);
        let pairs = e
            .values
            .iter()
            .zip(variants)
            .filter(|(v, _)| f.allowed.contains(&v.name))
            .map(|(v, rv)| (v.name.clone(), rv))
            .collect();
        Some((e, pairs))
    }

    fn restricted_enums(&self) -> Result<Vec<TokenStream>, String> {
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
                let doc = format!(" The values `{f}` may hold: a subset of [`{full}`].");
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
        Ok(out)
    }

    // ---- driver-private data -------------------------------------------

    fn data_struct(&self) -> Result<Ident, String> {
        self.t
            .data
            .as_ref()
            .map(|d| ident(&d.struct_name))
            .ok_or_else(|| format!("rust backend: {} has no data", self.t.name))
    }

    fn private_view(&self) -> Result<TokenStream, String> {
        let data = self.data_struct()?;
        let reg = &self.ctx.reg;
        let is = self.is_fn();
        let view = self.ctx.safety(
            "`attach` is live and negotiated this type, whose `finish_match` stored the type's data at the start of the match union; the slot is large and aligned enough (checked at compile time).",
        );
        let cview = self.ctx.safety(
            "`m` is a candidate of this type, whose constructor stored the type's data at the start of the match union; the slot is large and aligned enough (checked at compile time).",
        );
        let title = &self.t.title;
        let d1 = format!(" The {title} data of the match `attach` negotiated, or `None` for another type.");
        let d2 = format!(" The {title} data of a candidate, or `None` for a candidate of another type.");
        Ok(quote! {
            // The data lives in the core's reserved private slot of the match union.
            const _: () = {
                assert!(core::mem::size_of::<bindings::#data>() <= bindings::DMA_BUF_MAPPING_PRIVATE_SIZE as usize);
                assert!(core::mem::align_of::<bindings::#data>() <= core::mem::align_of::<u64>());
            };

            #[doc = #d1]
            pub fn match_data(attach: &#reg::Attachment) -> Option<&bindings::#data> {
                if !#is(attach) {
                    return None;
                }
                #view
                Some(unsafe {
                    &*core::ptr::addr_of!((*attach.as_raw()).map_type.__bindgen_anon_1).cast::<bindings::#data>()
                })
            }

            #[doc = #d2]
            pub fn candidate_data<'a>(m: &'a #reg::Match<'_>) -> Option<&'a bindings::#data> {
                if m.mapping_type() != mapping_type() {
                    return None;
                }
                #cview
                Some(unsafe { &*core::ptr::addr_of!(m.as_raw().__bindgen_anon_1).cast::<bindings::#data>() })
            }
        })
    }

    // ---- results ---------------------------------------------------------

    fn result_names(&self, r: &ResultStruct) -> (Ident, Ident, Ident, Ident, Ident) {
        (
            ident(&r.name),
            ident(&r.array.ty.base),
            ident(&camel(&r.name)),
            field_ident(&r.count.name),
            field_ident(&r.array.name),
        )
    }

    fn count_to_usize(&self, r: &ResultStruct, e: TokenStream) -> TokenStream {
        if r.count.ty.base == "size_t" {
            e
        } else {
            quote!(#e as usize)
        }
    }

    /// The owned builder an exporter returns from the op that produces `r`.
    fn result_builder(&self, r: &ResultStruct) -> Result<TokenStream, String> {
        let (c, elem, name, count, array) = self.result_names(r);
        let root = &self.ctx.root;
        let checks: Vec<String> =
            r.invariants.iter().map(|i| crate::describe_check(&i.check, r).replace('@', "")).collect();
        let doc = doc_with(
            &r.doc,
            &format!("C `struct {}`.", r.name),
            &[
                format!(
                    "An owned C `struct {}` for exporters: built here, handed to the core by the op that returns it and given back to its partner op. Its `{}` always counts the entries it was built with.",
                    r.name, r.count.name
                ),
                format!(
                    "The entry point checks, before an importer sees it, that {}. A list that breaks one is given back to the exporter and never reaches the importer.",
                    checks.join("; ")
                ),
            ],
        );
        let set_count = if r.count.ty.base == "size_t" {
            quote!(let count = entries.len();)
        } else {
            quote!(let count = entries.len().try_into()?;)
        };
        let len_expr = self.count_to_usize(r, quote!(unsafe { (*self.ptr.as_ptr()).#count }));
        let fill = self.ctx.safety(
            "`list` points to `layout.size()` fresh bytes aligned for the header: room for the header and, at the array's offset, `entries.len()` entries.",
        );
        let read_len = self.ctx.safety("`self.ptr` is a list this builder allocated and filled.");
        let read_entries = self.ctx.safety("`self.ptr` holds `self.len()` initialised entries, and `self` owns it.");
        let free =
            self.ctx.safety("`self.ptr` came from `KVmalloc` with the layout its length gives, and `self` owns it.");
        let from_raw_doc = format!(
            " `ptr` must come from [`{name}::into_raw`] and not be used again after this call: the result owns the list."
        );
        Ok(quote! {
            #doc
            pub struct #name {
                ptr: core::ptr::NonNull<bindings::#c>,
            }

            impl #name {
                /// Allocates a list of `entries`, in order.
                pub fn new(entries: &[bindings::#elem]) -> #root::error::Result<Self> {
                    let layout = Self::layout(entries.len())?;
                    #set_count
                    let mem = <#root::alloc::allocator::KVmalloc as #root::alloc::Allocator>::alloc(
                        layout,
                        #root::alloc::flags::GFP_KERNEL,
                    )?;
                    let list = mem.cast::<bindings::#c>();
                    #fill
                    unsafe {
                        core::ptr::addr_of_mut!((*list.as_ptr()).#count).write(count);
                        let first = core::ptr::addr_of_mut!((*list.as_ptr()).#array).cast::<bindings::#elem>();
                        core::ptr::copy_nonoverlapping(entries.as_ptr(), first, entries.len());
                    }
                    Ok(Self { ptr: list })
                }

                fn layout(n: usize) -> #root::error::Result<core::alloc::Layout> {
                    let size = core::mem::size_of::<bindings::#elem>()
                        .checked_mul(n)
                        .and_then(|s| s.checked_add(core::mem::offset_of!(bindings::#c, #array)))
                        .ok_or(#root::error::code::ENOMEM)?;
                    let size = size.max(core::mem::size_of::<bindings::#c>());
                    Ok(core::alloc::Layout::from_size_align(size, core::mem::align_of::<bindings::#c>())?)
                }

                /// The number of entries.
                pub fn len(&self) -> usize {
                    #read_len
                    #len_expr
                }

                /// Whether the list has no entries.
                pub fn is_empty(&self) -> bool {
                    self.len() == 0
                }

                /// The entries.
                pub fn entries(&self) -> &[bindings::#elem] {
                    let len = self.len();
                    #read_entries
                    unsafe {
                        let first = core::ptr::addr_of!((*self.ptr.as_ptr()).#array);
                        core::slice::from_raw_parts(first.cast::<bindings::#elem>(), len)
                    }
                }

                /// Gives up ownership: the C pointer, for the core.
                pub fn into_raw(self) -> core::ptr::NonNull<bindings::#c> {
                    let me = core::mem::ManuallyDrop::new(self);
                    me.ptr
                }

                /// Takes back a list given up by [`Self::into_raw`].
                ///
                /// # Safety
                ///
                #[doc = #from_raw_doc]
                pub unsafe fn from_raw(ptr: core::ptr::NonNull<bindings::#c>) -> Self {
                    Self { ptr }
                }
            }

            impl Drop for #name {
                fn drop(&mut self) {
                    if let Ok(layout) = Self::layout(self.len()) {
                        #free
                        unsafe {
                            <#root::alloc::allocator::KVmalloc as #root::alloc::Allocator>::free(self.ptr.cast(), layout)
                        };
                    }
                }
            }
        })
    }

    // ---- exporter trait and vtable ---------------------------------------

    /// The trait method's signature pieces for `op`.
    fn method_sig(&self, op: &Op, unused: bool) -> Result<TokenStream, String> {
        let mut params = Vec::new();
        for p in &op.params {
            let k = ty::classify(self.t, &p.ty)?;
            let name = if unused { format_ident!("_{}", p.name) } else { field_ident(&p.name) };
            let s = ty::safe(self.ctx, &k, &p.ty);
            params.push(quote!(#name: #s));
        }
        let ret = self.method_ret(op)?;
        let name = field_ident(&op.name);
        Ok(quote!(fn #name(#(#params),*) #ret))
    }

    fn method_ret(&self, op: &Op) -> Result<TokenStream, String> {
        let root = &self.ctx.root;
        let Some(r) = &op.ret else { return Ok(quote!()) };
        let k = ty::classify(self.t, r)?;
        match (&k, op.err_ptr) {
            (Kind::Handed(_) | Kind::Result(_), true) => {
                let s = ty::safe(self.ctx, &k, r);
                Ok(quote!(-> #root::error::Result<#s>))
            }
            (Kind::Scalar, false) if r.base == "int" => Ok(quote!(-> #root::error::Result)),
            (Kind::Scalar, false) => {
                let s = ty::scalar(&r.base);
                Ok(quote!(-> #s))
            }
            _ => Err(format!(
                "rust backend: op {} of {} returns `{}`, which has no Rust mapping",
                op.name,
                self.t.name,
                r.spelling()
            )),
        }
    }

    fn exporter_trait(&self) -> Result<TokenStream, String> {
        let ops = self.t.ops.as_ref().expect("caller checked");
        let root = &self.ctx.root;
        let tr = self.trait_name();
        let vt = self.vtable_name();
        let c_ops = ident(&ops.name);
        let optional = ops.ops.iter().any(|o| !o.required);
        let mut methods = Vec::new();
        for op in &ops.ops {
            let mut extra = vec![];
            if op.err_ptr {
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
                let sig = self.method_sig(op, false)?;
                methods.push(quote!(#d #sig;));
            } else {
                let sig = self.method_sig(op, true)?;
                let has = format_ident!("HAS_{}", op.name.to_uppercase());
                let has_doc = format!(" Whether the implementation provides `{}`.", op.name);
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
            "The Rust side of C `struct {}`: [`{vt}`] builds the C ops of an implementation, and the exporter constructors take it as their type parameter.",
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
            tramps.push(self.trampoline(op)?);
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
        let vt_doc = format!(" Builds the C `struct {}` of a [`{tr}`] implementation.", ops.name);
        Ok(quote! {
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
        })
    }

    /// The `unsafe extern "C"` function the C ops hold for `op`.
    fn trampoline(&self, op: &Op) -> Result<TokenStream, String> {
        let root = &self.ctx.root;
        let reg = &self.ctx.reg;
        let tr = self.trait_name();
        let cb = format_ident!("{}_callback", op.name);
        let m = field_ident(&op.name);
        let ret_kind = match &op.ret {
            Some(r) => Some(ty::classify(self.t, r)?),
            None => None,
        };
        let c_ret = op.ret.as_ref().map(ty::raw);
        // What to return when C passes an argument Rust cannot represent.
        let refuse = match (&ret_kind, op.err_ptr) {
            (None, _) => quote!(return;),
            (Some(_), true) => quote!(return #root::error::code::EINVAL.to_ptr();),
            (Some(Kind::Scalar), false) if op.ret.as_ref().is_some_and(|r| r.base == "int") => {
                quote!(return #root::error::code::EINVAL.to_errno();)
            }
            _ => quote!(unreachable!();),
        };
        let mut c_params = Vec::new();
        let mut convert = Vec::new();
        let mut args = Vec::new();
        let mut can_refuse = false;
        for p in &op.params {
            let k = ty::classify(self.t, &p.ty)?;
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
                    let s = self.ctx.safety("The core passes a device that is live for the whole call.");
                    convert.push(quote! {
                        if #n.is_null() { #refuse }
                        #s
                        let #n = unsafe { #root::device::Device::as_ref(#n) };
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
                        "A non-null out-parameter from the core points to a live, exclusively ours value for the whole call.",
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
            return Err(format!(
                "rust backend: op {} of {} takes arguments Rust may refuse but returns `{}`, which cannot report it",
                op.name,
                self.t.name,
                op.ret.as_ref().map(|r| r.spelling()).unwrap_or_default()
            ));
        }
        let call = quote!(T::#m(#(#args),*));
        let body_ret = match (&ret_kind, op.err_ptr) {
            (None, _) => quote!(#call;),
            (Some(Kind::Handed(_)), true) => quote!(#reg::result_to_ptr(#call)),
            (Some(Kind::Result(s)), true) => {
                let b = ident(&camel(s));
                quote!(#reg::result_to_ptr(#call.map(#b::into_raw)))
            }
            (Some(Kind::Scalar), false) if op.ret.as_ref().is_some_and(|r| r.base == "int") => quote! {
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
            " Only the dma-buf core calls it, through the `struct {ops_name}` built for `T`, with the arguments the C op is documented to take."
        );
        let refusal_doc = if can_refuse {
            if op.ret.is_none() {
                quote!(#[doc = ""] #[doc = " An argument Rust cannot represent (a null pointer, an unknown enum value) skips the call."])
            } else {
                quote!(#[doc = ""] #[doc = " An argument Rust cannot represent (a null pointer, an unknown enum value) fails with `EINVAL`."])
            }
        } else {
            quote!()
        };
        Ok(quote! {
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
        })
    }

    // ---- constructors ----------------------------------------------------

    fn ctor(&self, c: &Ctor, exporter: bool) -> Result<TokenStream, String> {
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
                    let k = ty::classify(self.t, &p.ty)?;
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
                        Kind::Scalar => (ty::scalar(&p.ty.base), quote!(#n)),
                        _ => {
                            return Err(format!(
                                "rust backend: constructor {} of {} takes `{}`, which has no Rust mapping",
                                c.name,
                                self.t.name,
                                p.ty.spelling()
                            ))
                        }
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
                "The C helper only builds a candidate from its arguments; what the candidate points to is valid for `{}`{}.",
                lifetime,
                if ops_arg.is_some() { " (the ops are static)" } else { "" }
            ));
            quote! {
                #s
                unsafe { #reg::Match::from_raw(bindings::#helper(#(#c_args),*)) }
            }
        } else {
            self.private_ctor_body(c, &data_sets, ops_arg, &lifetime)?
        };
        Ok(quote! {
            #doc
            pub fn #name #gen(#(#params),*) -> #reg::Match<#lifetime> {
                #body
            }
        })
    }

    /// A private type's candidate, built in Rust as the C constructor builds it.
    fn private_ctor_body(
        &self,
        c: &Ctor,
        sets: &[(String, TokenStream)],
        ops: Option<TokenStream>,
        lifetime: &TokenStream,
    ) -> Result<TokenStream, String> {
        let reg = &self.ctx.reg;
        let data = self.t.data.as_ref().ok_or("rust backend: private type without data")?;
        let dname = ident(&data.struct_name);
        let mut inits = Vec::new();
        for f in &data.fields {
            let fi = field_ident(&f.name);
            let v = if let Some((_, v)) = sets.iter().find(|(n, _)| n == &f.name) {
                v.clone()
            } else if let Some(a) = c.fixed.iter().find(|a| a.field == f.name) {
                ty::value(&f.ty, &a.value)
            } else {
                ty::zero(&f.ty)
            };
            if fi == v.to_string() {
                inits.push(quote!(#fi,));
            } else {
                inits.push(quote!(#fi: #v,));
            }
        }
        let set_ops = ops.map(|o| quote!(raw.exp_ops = &#o.ops;));
        let write = self.ctx.safety(
            "The match union is large and aligned enough for the data (checked at compile time), and `raw` is ours.",
        );
        let wrap = self.ctx.safety(&format!(
            "The candidate points to the type's singleton, static ops and the arguments, all valid for `{lifetime}`."
        ));
        Ok(quote! {
            let data = bindings::#dname {
                #(#inits)*
            };
            let mut raw = bindings::dma_buf_mapping_match {
                type_: mapping_type(),
                ..Default::default()
            };
            #set_ops
            #write
            unsafe { core::ptr::addr_of_mut!(raw.__bindgen_anon_1).cast::<bindings::#dname>().write(data) };
            #wrap
            unsafe { #reg::Match::from_raw(raw) }
        })
    }

    // ---- accessors -------------------------------------------------------

    fn accessor(&self, a: &maptype_dsl::ir::Accessor) -> Result<TokenStream, String> {
        let reg = &self.ctx.reg;
        let root = &self.ctx.root;
        let name = rust_fn_name(&a.name);
        let is = self.is_fn();
        let k = ty::classify(self.t, &a.ret)?;
        let title = &self.t.title;
        let (ret_ty, none_doc) = match &k {
            Kind::Device => (quote!(Option<&#root::device::Device>), "`None`"),
            Kind::Borrowed(s) => {
                let b = ty::borrowed_name(s);
                (quote!(Option<&#reg::#b>), "`None`")
            }
            Kind::Scalar if a.ret.base == "bool" => (quote!(bool), "`false`"),
            Kind::Scalar => {
                let s = ty::scalar(&a.ret.base);
                (quote!(Option<#s>), "`None`")
            }
            _ => {
                return Err(format!(
                    "rust backend: accessor {} of {} returns `{}`, which has no Rust mapping",
                    a.name,
                    self.t.name,
                    a.ret.spelling()
                ))
            }
        };
        let doc = doc_with(
            &a.doc,
            &format!("C `{}()`.", a.name),
            &[format!("C `{}()`. {none_doc} when `attach` did not negotiate the {title} type.", a.name)],
        );
        let is_bool = matches!(k, Kind::Scalar) && a.ret.base == "bool";
        // The raw value: from the C helper, or computed from the data in Rust.
        let raw_value = if is_bool && self.t.private.is_none() {
            let helper = ident(&a.name);
            let s = self.ctx.safety("`attach` is a live attachment; the helper only reads its negotiated match.");
            quote! {
                #s
                unsafe { bindings::#helper(attach.as_raw()) }
            }
        } else if is_bool {
            let e = self.private_expr(&a.value)?;
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
            let e = self.private_expr(&a.value)?;
            quote! {
                let Some(data) = match_data(attach) else { return Default::default() };
                let value = #e;
            }
        };
        let convert = match &k {
            Kind::Device => {
                let s = self.ctx.safety("A device of the negotiated match stays valid while the attachment exists.");
                quote! {
                    if value.is_null() { return None; }
                    #s
                    Some(unsafe { #root::device::Device::as_ref(value) })
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
            Kind::Scalar if a.ret.base == "bool" => quote!(),
            _ => quote!(Some(value)),
        };
        let guard = match &k {
            Kind::Scalar if a.ret.base != "bool" => quote! {
                if !#is(attach) { return None; }
            },
            _ => quote!(),
        };
        Ok(quote! {
            #doc
            pub fn #name(attach: &#reg::Attachment) -> #ret_ty {
                #guard
                #raw_value
                #convert
            }
        })
    }

    /// An accessor's value over the stored data, in Rust (private types).
    fn private_expr(&self, e: &Expr) -> Result<TokenStream, String> {
        let field_ty = |f: &str| self.t.field(f).map(|fd| fd.ty.clone());
        match e {
            Expr::Field { side: Side::Stored, field } => {
                let f = field_ident(field);
                Ok(quote!(data.#f))
            }
            Expr::Binary { op, lhs, rhs } => {
                let (l, r) = match (&**lhs, &**rhs) {
                    (Expr::Field { field, .. }, Expr::Value { value }) => {
                        let t = field_ty(field).ok_or("rust backend: unknown field")?;
                        (self.private_expr(lhs)?, self.value_of(&t, value))
                    }
                    (Expr::Value { value }, Expr::Field { field, .. }) => {
                        let t = field_ty(field).ok_or("rust backend: unknown field")?;
                        (self.value_of(&t, value), self.private_expr(rhs)?)
                    }
                    _ => (self.private_expr(lhs)?, self.private_expr(rhs)?),
                };
                let o = match op {
                    BinOp::Or => quote!(||),
                    BinOp::And => quote!(&&),
                    BinOp::Eq => quote!(==),
                    BinOp::Ne => quote!(!=),
                    BinOp::Lt => quote!(<),
                    BinOp::Le => quote!(<=),
                    BinOp::Gt => quote!(>),
                    BinOp::Ge => quote!(>=),
                };
                Ok(quote!((#l #o #r)))
            }
            Expr::Not { expr } => {
                let i = self.private_expr(expr)?;
                Ok(quote!(!#i))
            }
            _ => Err(format!(
                "rust backend: an accessor of private type {} reads something other than its stored data",
                self.t.name
            )),
        }
    }

    fn value_of(&self, c: &CType, v: &Value) -> TokenStream {
        ty::value(c, v)
    }

    fn ops_accessor(&self, name: &str) -> Result<TokenStream, String> {
        let reg = &self.ctx.reg;
        let c_ops = self.ops_struct()?;
        let f = rust_fn_name(name);
        let is = self.is_fn();
        let title = &self.t.title;
        let doc = format!(
            " The exporter's C `struct {}` of the match `attach` negotiated, or `None` when it did not negotiate the {title} type (C `{name}()`).",
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
        Ok(quote! {
            #check

            #[doc = #doc]
            pub fn #f(attach: &#reg::Attachment) -> Option<&bindings::#c_ops> {
                #body
            }
        })
    }

    // ---- entry points ----------------------------------------------------

    fn entries(&self) -> Result<Vec<TokenStream>, String> {
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
            out.push(self.entry(e)?);
        }
        Ok(out)
    }

    fn entry(&self, e: &Entry) -> Result<TokenStream, String> {
        let reg = &self.ctx.reg;
        let root = &self.ctx.root;
        let op = self.t.op(&e.op).ok_or_else(|| format!("rust backend: entry {} names no op", e.name))?;
        let name = rust_fn_name(&e.name);
        let c_fn = ident(&e.name);
        let mut params = Vec::new();
        let mut args = Vec::new();
        let mut handed_in = false;
        let returns_result = op.ret.as_ref().is_some_and(|r| matches!(ty::classify(self.t, r), Ok(Kind::Result(_))));
        for p in &op.params {
            let k = ty::classify(self.t, &p.ty)?;
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
                Kind::Result(_) => {
                    return Err(format!(
                        "rust backend: entry {} of {} takes a result struct but is no guard's partner",
                        e.name, self.t.name
                    ))
                }
            };
            params.push(quote!(#n: #s));
        }
        let ret_kind = match &op.ret {
            Some(r) => Some(ty::classify(self.t, r)?),
            None => None,
        };
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
        if e.lock == Some(Lock::Takes) {
            extra.push("Takes the buffer's reservation lock; the caller must not hold it.".into());
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
        let (ret_ty, tail) = match (&ret_kind, op.err_ptr) {
            (None, _) => (quote!(), quote!()),
            (Some(Kind::Handed(st)), true) => {
                let i = ident(st);
                // `from_err_ptr` takes `*mut`; a `const` result is only read.
                let ret_ptr =
                    if op.ret.as_ref().is_some_and(|r| r.is_const) { quote!(ret.cast_mut()) } else { quote!(ret) };
                (
                    quote!(-> #root::error::Result<core::ptr::NonNull<bindings::#i>>),
                    quote! {
                        let ptr = #root::error::from_err_ptr(#ret_ptr)?;
                        core::ptr::NonNull::new(ptr).ok_or(#root::error::code::EINVAL)
                    },
                )
            }
            (Some(Kind::Result(st)), true) => {
                let r = self.t.result(st).expect("classified as a result");
                return self.guarded_entry(e, r, params, call, safety_reqs, extra);
            }
            (Some(Kind::Scalar), false) if op.ret.as_ref().is_some_and(|r| r.base == "int") => {
                (quote!(-> #root::error::Result), quote!(#root::error::to_result(ret)))
            }
            (Some(Kind::Scalar), false) => {
                let s = ty::scalar(&op.ret.as_ref().expect("has ret").base);
                (quote!(-> #s), quote!(ret))
            }
            _ => return Err(format!("rust backend: entry {} of {} has no Rust mapping", e.name, self.t.name)),
        };
        let mut extras = extra;
        if !safety_reqs.is_empty() {
            extras.push(format!("# Safety\n\n{}", safety_list(&safety_reqs)));
        }
        let doc = doc_with(&e.doc, &format!("C `{}()`.", e.name), &extras);
        let unsafety = if safety_reqs.is_empty() { quote!() } else { quote!(unsafe) };
        Ok(quote! {
            #doc
            pub #unsafety fn #name(#(#params),*) #ret_ty {
                #call
                #tail
            }
        })
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
    ) -> Result<TokenStream, String> {
        let reg = &self.ctx.reg;
        let root = &self.ctx.root;
        let partner_name = e.partner.as_ref().ok_or_else(|| {
            format!(
                "rust backend: entry {} of {} returns a result but has no partner to give it back",
                e.name, self.t.name
            )
        })?;
        let partner = self
            .t
            .entries
            .iter()
            .find(|p| &p.name == partner_name)
            .ok_or_else(|| format!("rust backend: partner {partner_name} of {} is unknown", e.name))?;
        if partner.lock == Some(Lock::Held) {
            return Err(format!(
                "rust backend: {partner_name} needs the reservation lock, so a guard cannot call it when dropped"
            ));
        }
        let pop = self.t.op(&partner.op).ok_or("rust backend: partner op unknown")?;
        let kinds: Vec<Kind> = pop.params.iter().map(|p| ty::classify(self.t, &p.ty)).collect::<Result<_, _>>()?;
        if kinds != [Kind::Attach, Kind::Result(r.name.clone())] {
            return Err(format!("rust backend: {partner_name} must take (attachment, result) to undo {}", e.name));
        }
        let (c, elem, camel_name, count, array) = self.result_names(r);
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
            " A C `struct {}` an importer got from [`{name}`]: every invariant was checked; given back with `{partner_name}()` when dropped.",
            r.name
        );
        let len = self.count_to_usize(r, quote!(unsafe { (*self.list.as_ptr()).#count }));
        let read_len = self.ctx.safety("The list stays valid until `drop` gives it back.");
        let read_entries = self.ctx.safety(
            "The list stays valid until `drop` gives it back, and the entry point checked that it holds `len()` entries.",
        );
        let give_back = self.ctx.safety(&format!(
            "`self.list` came from `{}()` on `self.attach`, which is still live, and is given back only here.",
            e.name
        ));
        Ok(quote! {
            #[doc = #guard_doc]
            pub struct #guard<'a> {
                attach: &'a #reg::Attachment,
                list: core::ptr::NonNull<bindings::#c>,
            }

            impl #guard<'_> {
                /// The number of entries.
                pub fn len(&self) -> usize {
                    #read_len
                    #len
                }

                /// Whether the list has no entries (never true: the entry point refuses an empty list).
                pub fn is_empty(&self) -> bool {
                    self.len() == 0
                }

                /// The entries.
                pub fn entries(&self) -> &[bindings::#elem] {
                    let len = self.len();
                    #read_entries
                    unsafe {
                        let first = core::ptr::addr_of!((*self.list.as_ptr()).#array);
                        core::slice::from_raw_parts(first.cast::<bindings::#elem>(), len)
                    }
                }

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
        })
    }
}
