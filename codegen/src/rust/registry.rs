//! `kernel::dma_buf::mapping`: what every type's module shares.

use maptype_dsl::ir::Registry;
use proc_macro2::TokenStream;
use quote::quote;

use super::ty::{self, DMA_DIRECTION, DMA_DIRECTION_VALUES};
use super::{doc_text, ident, Ctx, MODULE_DIR};
use crate::GenFile;

pub fn file(reg: &Registry, target: &crate::Target) -> GenFile {
    let ctx = Ctx::in_kernel_crate(target);
    let sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let core_types: Vec<_> = reg.types.iter().filter(|t| t.private.is_none()).collect();
    let private_types: Vec<String> = reg
        .types
        .iter()
        .filter_map(|t| t.private.as_ref().map(|p| format!("`{}` (module `{}`)", t.name, p.module)))
        .collect();

    let mut module_doc = vec![
        "DMA-buf mapping types.".to_string(),
        String::new(),
        "A mapping type names one way of describing a buffer's addresses. Importer and exporter each".into(),
        "offer a list of candidate types ([`Match`]); the C core picks the first exporter candidate".into(),
        "an importer candidate is compatible with and records it in the attachment.".into(),
        String::new(),
        "Each type's module has a trait per exporter ops struct, whose implementors get a `const` C".into(),
        "vtable of `unsafe extern \"C\"` trampolines, safe candidate constructors and accessors.".into(),
        String::new(),
        "C header: [`include/linux/dma-buf-mapping.h`](srctree/include/linux/dma-buf-mapping.h)".into(),
    ];
    if !private_types.is_empty() {
        module_doc.push(String::new());
        module_doc.push(format!(
            "Driver-private types are not part of this crate: {}. Their modules are generated next to \
             this one for the owning driver's crate, whose module holds their singleton.",
            private_types.join(", ")
        ));
    }
    module_doc.extend(super::doctest::registry_examples(reg));
    let module_doc = module_doc.iter().map(|l| doc_text(&if l.is_empty() { String::new() } else { format!(" {l}") }));

    // Each type's docs are its file's inner docs only: rustdoc then places
    // their doctests in that file, and the kernel names them after it.
    let mods = core_types.iter().map(|t| {
        let m = ident(&t.name);
        quote!(pub mod #m;)
    });

    let direction = direction(target);
    let borrowed = ty::borrowed_structs(reg).into_iter().map(|s| borrowed(&ctx, &s)).collect::<Vec<_>>();
    let attachment = attachment(&ctx);
    let candidates = candidates(&ctx);
    let negotiation = negotiation(&ctx);

    let items = quote! {
        #(#![doc = #module_doc])*

        use crate::bindings;
        use core::marker::PhantomData;
        use core::ptr::NonNull;

        #(#mods)*

        #direction
        #(#borrowed)*
        #attachment
        #candidates
        #negotiation
    };
    GenFile::new(format!("{MODULE_DIR}/mod.rs"), ctx.render(&sources, items))
}

/// `kernel::dma_buf`: Linux 6.12 has no Rust DMA-buf module, so this one holds
/// only `mapping`. `rust/kernel/lib.rs` declares it with `pub mod dma_buf;`.
pub fn parent_file(reg: &Registry, target: &crate::Target) -> GenFile {
    let ctx = Ctx::in_kernel_crate(target);
    let sources: Vec<&str> = reg.types.iter().map(|t| t.source.as_str()).collect();
    let items = quote! {
        //! DMA-buf: buffers shared between drivers.
        //!
        //! C header: [`include/linux/dma-buf.h`](srctree/include/linux/dma-buf.h)

        pub mod mapping;
    };
    GenFile::new("rust/kernel/dma_buf.rs", ctx.render(&sources, items))
}

fn direction(target: &crate::Target) -> TokenStream {
    let ty = ident(DMA_DIRECTION);
    // The kernel's bindgen makes the enum a newtype in 7.3, constants in 6.12.
    let konst = |c: &str| {
        if target.rust_newtype_dma_direction() {
            let c = ident(c);
            quote!(bindings::#ty::#c)
        } else {
            ty::enum_const(DMA_DIRECTION, c)
        }
    };
    let variants = DMA_DIRECTION_VALUES.iter().map(|(v, _, d)| {
        let v = ident(v);
        let d = doc_text(&format!(" {d}"));
        quote!(#[doc = #d] #v,)
    });
    let to = DMA_DIRECTION_VALUES.iter().map(|(v, c, _)| {
        let v = ident(v);
        let k = konst(c);
        quote!(Self::#v => #k,)
    });
    let from = DMA_DIRECTION_VALUES.iter().map(|(v, c, _)| {
        let v = ident(v);
        let k = konst(c);
        quote!(#k => Some(Self::#v),)
    });
    quote! {
        /// The direction of a DMA mapping (C `enum dma_data_direction`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum DataDirection {
            #(#variants)*
        }

        impl DataDirection {
            /// The C value.
            pub const fn to_raw(self) -> bindings::#ty {
                match self {
                    #(#to)*
                }
            }

            /// The direction a C value names, or `None` if it names none.
            pub const fn from_raw(raw: bindings::#ty) -> Option<Self> {
                match raw {
                    #(#from)*
                    _ => None,
                }
            }
        }
    }
}

/// A C object the Rust side only borrows: `&PciDev` for `struct pci_dev *`.
fn borrowed(ctx: &Ctx, s: &str) -> TokenStream {
    let name = ty::borrowed_name(s);
    let c = ident(s);
    let what = doc_text(&format!(" A C `struct {s}` that this module only borrows; it is never read from Rust."));
    let from_raw_safety = ctx.safety(
        "The caller guarantees that `ptr` is valid for `'a`, and `Self` is a transparent wrapper of the C struct.",
    );
    quote! {
        #[doc = #what]
        #[repr(transparent)]
        pub struct #name(crate::types::Opaque<bindings::#c>);

        impl #name {
            /// Borrows the C object at `ptr`.
            ///
            /// # Safety
            ///
            /// `ptr` must be non-null and point to a live object for the whole of `'a`.
            pub unsafe fn from_raw<'a>(ptr: *mut bindings::#c) -> &'a Self {
                #from_raw_safety
                unsafe { &*ptr.cast::<Self>() }
            }

            /// The C pointer.
            pub fn as_raw(&self) -> *mut bindings::#c {
                self.0.get()
            }
        }
    }
}

fn attachment(ctx: &Ctx) -> TokenStream {
    let from_raw = ctx.safety(
        "The caller guarantees that `ptr` is a live attachment for `'a`, and `Attachment` is a transparent wrapper of \
            it.",
    );
    let read_type = ctx.safety("`self` wraps a live attachment, so reading its negotiated type is valid.");
    let read_buf = ctx.safety("`self` wraps a live attachment, so reading its buffer pointer is valid.");
    quote! {
        /// A DMA-buf attachment (C `struct dma_buf_attachment`), as the mapping callbacks, accessors and
        /// entry points see it.
        #[repr(transparent)]
        pub struct Attachment(crate::types::Opaque<bindings::dma_buf_attachment>);

        impl Attachment {
            /// Borrows the attachment at `ptr`.
            ///
            /// # Safety
            ///
            /// `ptr` must be non-null and point to a live attachment for the whole of `'a`.
            pub unsafe fn from_raw<'a>(ptr: *mut bindings::dma_buf_attachment) -> &'a Self {
                #from_raw
                unsafe { &*ptr.cast::<Self>() }
            }

            /// The C pointer.
            pub fn as_raw(&self) -> *mut bindings::dma_buf_attachment {
                self.0.get()
            }

            /// The negotiated mapping type (`attach->map_type.type`), or null before negotiation.
            pub fn mapping_type(&self) -> *const bindings::dma_buf_mapping_type {
                #read_type
                unsafe { (*self.as_raw()).map_type.type_ }
            }

            /// The buffer the attachment belongs to (`attach->dmabuf`).
            pub fn dmabuf(&self) -> *mut bindings::dma_buf {
                #read_buf
                unsafe { (*self.as_raw()).dmabuf }
            }
        }
    }
}

fn candidates(ctx: &Ctx) -> TokenStream {
    let push = ctx.safety(
        "`list` describes `self.entries`: `N` entries of which the first `self.len` are filled, and the helper writes \
            only entry `self.len`.",
    );
    let zeroed = ctx.safety("All zeroes is a valid `struct dma_buf_mapping_match` (null pointers, zero data).");
    let slice =
        ctx.safety("`Match` is a transparent wrapper of the C candidate, and the first `self.len` entries are filled.");
    quote! {
        /// One candidate (C `struct dma_buf_mapping_match`), from a type's constructor.
        ///
        /// It borrows what it points to (devices, exporter ops) for `'a`, so it cannot outlive them.
        #[repr(transparent)]
        #[derive(Clone, Copy)]
        pub struct Match<'a> {
            raw: bindings::dma_buf_mapping_match,
            _borrows: PhantomData<&'a ()>,
        }

        impl<'a> Match<'a> {
            /// Wraps a candidate a C constructor built.
            ///
            /// # Safety
            ///
            /// Everything `raw` points to must stay valid for `'a`.
            pub unsafe fn from_raw(raw: bindings::dma_buf_mapping_match) -> Self {
                Self { raw, _borrows: PhantomData }
            }

            /// The C candidate.
            pub fn as_raw(&self) -> &bindings::dma_buf_mapping_match {
                &self.raw
            }

            /// The candidate's mapping type.
            pub fn mapping_type(&self) -> *const bindings::dma_buf_mapping_type {
                self.raw.type_
            }
        }

        /// Exporter candidates added one at a time, at most `N`, best first.
        ///
        /// For exporters whose candidates depend on run-time conditions. Only [`MatchList::push`]
        /// changes the count, and only after filling an entry, so the count can never disagree with
        /// the entries that were filled in.
        pub struct MatchList<'a, const N: usize> {
            entries: [bindings::dma_buf_mapping_match; N],
            len: usize,
            _borrows: PhantomData<&'a ()>,
        }

        impl<'a, const N: usize> MatchList<'a, N> {
            /// An empty list.
            pub fn new() -> Self {
                #zeroed
                let entries = unsafe { core::mem::zeroed() };
                Self { entries, len: 0, _borrows: PhantomData }
            }

            /// Appends `m`; fails with `ENOSPC` when the list already holds `N` candidates.
            pub fn push(&mut self, m: Match<'a>) -> crate::error::Result {
                if self.len >= N {
                    return Err(crate::error::code::ENOSPC);
                }
                let mut list = bindings::dma_buf_mapping_list {
                    entries: self.entries.as_mut_ptr(),
                    len: self.len,
                    max: N,
                };
                #push
                unsafe { bindings::dma_buf_mapping_list_add(&mut list, m.raw) };
                self.len = list.len;
                Ok(())
            }

            /// The number of candidates added.
            pub fn len(&self) -> usize {
                self.len
            }

            /// Whether no candidate was added.
            pub fn is_empty(&self) -> bool {
                self.len == 0
            }

            /// The candidates added, in order.
            pub fn as_slice(&self) -> &[Match<'a>] {
                #slice
                unsafe { core::slice::from_raw_parts(self.entries.as_ptr().cast::<Match<'a>>(), self.len) }
            }
        }

        impl<const N: usize> Default for MatchList<'_, N> {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

fn negotiation(ctx: &Ctx) -> TokenStream {
    let args_from_raw = ctx.safety(
        "The caller guarantees that `ptr` is a live attach in progress for `'a`, and `MatchArgs` is a transparent \
            wrapper of it.",
    );
    let args_attach = ctx.safety("`self` wraps a live attach in progress, whose attachment is live too.");
    let match_call = ctx.safety(
        "`args` is a live attach in progress and the first `len()` candidates are filled in; the core reads nothing \
            past them.",
    );
    let tramp_args = ctx.safety("The dma-buf core passes a live attach in progress that outlives this call.");
    let attach_call = ctx.safety(
        "The caller guarantees `dmabuf` is live; `candidates` is a valid array of `candidates.len()` candidates, and \
            no importer ops are passed.",
    );
    let detach = ctx.safety("`self.attach` was attached to `self.dmabuf` by `attach()` and is detached only here.");
    let deref = ctx.safety("`self.attach` stays attached, so live, until `self` is dropped.");
    quote! {
        /// How a trampoline hands an exporter's result to C.
        ///
        /// `Err(e)` becomes `ERR_PTR(e)`. A success whose address C would take for an error (in the
        /// `ERR_PTR()` range) becomes `ERR_PTR(-EINVAL)`, so a success is never mistaken for an
        /// error; `NonNull` already rules out NULL.
        pub fn result_to_ptr<T>(r: crate::error::Result<NonNull<T>>) -> *mut T {
            match r {
                Ok(p) if p.as_ptr() as usize <= usize::MAX - bindings::MAX_ERRNO as usize => p.as_ptr(),
                Ok(_) => crate::error::code::EINVAL.to_ptr(),
                Err(e) => e.to_ptr(),
            }
        }

        /// An attach in progress (C `struct dma_buf_match_args`), as an exporter's `match_mapping`
        /// callback sees it.
        #[repr(transparent)]
        pub struct MatchArgs(crate::types::Opaque<bindings::dma_buf_match_args>);

        impl MatchArgs {
            /// Borrows the attach in progress at `ptr`.
            ///
            /// # Safety
            ///
            /// `ptr` must be non-null and point to a live attach in progress for the whole of `'a`.
            pub unsafe fn from_raw<'a>(ptr: *mut bindings::dma_buf_match_args) -> &'a Self {
                #args_from_raw
                unsafe { &*ptr.cast::<Self>() }
            }

            /// The C pointer.
            pub fn as_raw(&self) -> *mut bindings::dma_buf_match_args {
                self.0.get()
            }

            /// The attachment being set up.
            pub fn attachment(&self) -> &Attachment {
                #args_attach
                unsafe { Attachment::from_raw((*self.as_raw()).attach) }
            }
        }

        /// Picks the first of the exporter's `candidates` that an importer candidate is compatible
        /// with and records it in the attachment (C `dma_buf_match_mapping()`).
        ///
        /// Fails with `EINVAL` when there is no common type, or with the error a type's match
        /// callback returned to abort the attach.
        pub fn match_mapping<const N: usize>(
            args: &MatchArgs,
            candidates: &MatchList<'_, N>,
        ) -> crate::error::Result {
            #match_call
            let ret = unsafe {
                bindings::dma_buf_match_mapping(
                    args.as_raw(),
                    candidates.entries.as_ptr(),
                    candidates.len,
                )
            };
            crate::error::to_result(ret)
        }

        /// An exporter's `dma_buf_ops.match_mapping` callback, written in Rust.
        pub trait MatchMapping {
            /// Offers the exporter's candidates for the attach in progress, usually by building a
            /// [`MatchList`] and calling [`match_mapping`].
            fn match_mapping(args: &MatchArgs) -> crate::error::Result;
        }

        /// The C `dma_buf_ops.match_mapping` callback that calls `T::match_mapping`.
        pub const fn match_mapping_callback<T: MatchMapping>(
        ) -> unsafe extern "C" fn(*mut bindings::dma_buf_match_args) -> i32 {
            match_mapping_trampoline::<T>
        }

        /// # Safety
        ///
        /// Only the dma-buf core calls it, with a live attach in progress.
        unsafe extern "C" fn match_mapping_trampoline<T: MatchMapping>(
            args: *mut bindings::dma_buf_match_args,
        ) -> i32 {
            #tramp_args
            let args = unsafe { MatchArgs::from_raw(args) };
            match T::match_mapping(args) {
                Ok(()) => 0,
                Err(e) => e.to_errno(),
            }
        }

        /// An attachment made by [`attach`]; detached when dropped.
        ///
        /// It borrows the importer's candidates' objects (devices) for `'a`: the negotiated match
        /// keeps pointers to them.
        pub struct Attached<'a> {
            dmabuf: NonNull<bindings::dma_buf>,
            attach: NonNull<bindings::dma_buf_attachment>,
            _borrows: PhantomData<&'a ()>,
        }

        /// Attaches an importer to `dmabuf` with its `candidates`, best first (C
        /// `dma_buf_mapping_attach()`), and returns the attachment with its negotiated type.
        ///
        /// # Safety
        ///
        /// `dmabuf` must point to a live buffer that outlives the returned attachment.
        pub unsafe fn attach<'a>(
            dmabuf: *mut bindings::dma_buf,
            candidates: &[Match<'a>],
        ) -> crate::error::Result<Attached<'a>> {
            let dmabuf_ptr = NonNull::new(dmabuf).ok_or(crate::error::code::EINVAL)?;
            #attach_call
            let ptr = unsafe {
                bindings::dma_buf_mapping_attach(
                    dmabuf,
                    // The core only reads the list; the RFC's prototype is not const.
                    candidates.as_ptr().cast::<bindings::dma_buf_mapping_match>().cast_mut(),
                    candidates.len(),
                    core::ptr::null(),
                    core::ptr::null_mut(),
                )
            };
            let attach = crate::error::from_err_ptr(ptr)?;
            let attach = NonNull::new(attach).ok_or(crate::error::code::EINVAL)?;
            Ok(Attached { dmabuf: dmabuf_ptr, attach, _borrows: PhantomData })
        }

        impl core::ops::Deref for Attached<'_> {
            type Target = Attachment;

            fn deref(&self) -> &Attachment {
                #deref
                unsafe { Attachment::from_raw(self.attach.as_ptr()) }
            }
        }

        impl Drop for Attached<'_> {
            fn drop(&mut self) {
                #detach
                unsafe { bindings::dma_buf_detach(self.dmabuf.as_ptr(), self.attach.as_ptr()) };
            }
        }
    }
}
