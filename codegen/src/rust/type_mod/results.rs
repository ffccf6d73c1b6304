//! Owned result builders: what an exporter's op returns, laid out as the C
//! result struct and given back to the exporter's unmap op.

use maptype_dsl::ir::ResultStruct;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Gen;
use crate::rust::ty;
use crate::rust::{camel, doc_with, field_ident, ident};

impl Gen<'_> {
    pub(super) fn result_names(&self, r: &ResultStruct) -> (Ident, Ident, Ident, Ident, Ident) {
        (
            ident(&r.name),
            ident(r.array.ty.struct_name().expect("a counted array holds structs")),
            ident(&camel(&r.name)),
            field_ident(&r.count.name),
            field_ident(&r.array.name),
        )
    }

    /// `pub type <Result>Entry = bindings::<element>;`: drivers name a
    /// result's entries by it, since the C struct's own name follows the
    /// kernel (PAL's ranges are `struct phys_vec` in 7.3).
    pub(super) fn entry_alias(&self, r: &ResultStruct) -> TokenStream {
        let (_, elem, camel_name, _, _) = self.result_names(r);
        let alias = ident(&format!("{camel_name}Entry"));
        let doc =
            doc_with(&[format!("One entry of `{}`: C `struct {elem}`, as this kernel names it.", r.name)], "", &[]);
        quote! {
            #doc
            pub type #alias = bindings::#elem;
        }
    }

    /// `len()`, `is_empty()` and `entries()` of a counted list behind
    /// `self.<ptr>`: the builder's and the importer guard's views are one.
    pub(super) fn list_view(
        &self,
        r: &ResultStruct,
        ptr: &Ident,
        read_len: TokenStream,
        read_entries: TokenStream,
        empty_doc: &str,
    ) -> TokenStream {
        let (_, elem, _, count, array) = self.result_names(r);
        let len = self.count_to_usize(r, quote!(unsafe { (*self.#ptr.as_ptr()).#count }));
        quote! {
            /// The number of entries.
            pub fn len(&self) -> usize {
                #read_len
                #len
            }

            #[doc = #empty_doc]
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// The entries.
            pub fn entries(&self) -> &[bindings::#elem] {
                let len = self.len();
                #read_entries
                unsafe {
                    let first = core::ptr::addr_of!((*self.#ptr.as_ptr()).#array);
                    core::slice::from_raw_parts(first.cast::<bindings::#elem>(), len)
                }
            }
        }
    }

    pub(super) fn count_to_usize(&self, r: &ResultStruct, e: TokenStream) -> TokenStream {
        if ty::is_usize(&r.count.ty) {
            e
        } else {
            quote!(#e as usize)
        }
    }

    /// The owned builder an exporter returns from the op that produces `r`.
    pub(super) fn result_builder(&self, r: &ResultStruct) -> TokenStream {
        // Named so a new field fails to compile here until handled. The
        // range fields need nothing from Rust: the C entry point validates
        // the list (overflow, overlap) before an importer sees it.
        let ResultStruct { name: _, doc: _, shape: _, count: _, array: _, range: _, invariants: _, invariants_doc: _ } =
            r;
        let (c, elem, name, count, array) = self.result_names(r);
        let root = &self.ctx.root;
        let checks: Vec<String> =
            r.invariants.iter().map(|i| crate::describe_check(&i.check, r).replace('@', "")).collect();
        let doc = doc_with(
            &r.doc,
            &format!("C `struct {}`.", r.name),
            &[
                format!(
                    "An owned C `struct {}` for exporters: built here, handed to the core by the op that returns it \
                        and given back to its partner op. Its `{}` always counts the entries it was built with.",
                    r.name, r.count.name
                ),
                format!(
                    "The entry point checks, before an importer sees it, that {}. A list that breaks one is given back \
                        to the exporter and never reaches the importer.",
                    checks.join("; ")
                ),
            ]
            .into_iter()
            .chain((!r.invariants_doc.is_empty()).then(|| crate::emit::quote::rust_doc(&r.invariants_doc.join(" "))))
            .collect::<Vec<_>>(),
        );
        let set_count = if ty::is_usize(&r.count.ty) {
            quote!(let count = entries.len();)
        } else {
            quote!(let count = entries.len().try_into()?;)
        };
        let fill = self.ctx.safety(
            "`list` points to `layout.size()` fresh bytes aligned for the header: room for the header and, at the \
                array's offset, `entries.len()` entries.",
        );
        let read_len = self.ctx.safety("`self.ptr` is a list this builder allocated and filled.");
        let read_entries = self.ctx.safety("`self.ptr` holds `self.len()` initialised entries, and `self` owns it.");
        let view = self.list_view(r, &ident("ptr"), read_len, read_entries, " Whether the list has no entries.");
        let free =
            self.ctx.safety("`self.ptr` came from `KVmalloc` with the layout its length gives, and `self` owns it.");
        let from_raw_doc = format!(
            " `ptr` must come from [`{name}::into_raw`] and not be used again after this call: the result owns the \
                list."
        );
        // 7.3's allocators take the NUMA node too.
        let node =
            if self.ctx.target.rust_alloc_takes_node() { quote!(#root::alloc::NumaNode::NO_NODE,) } else { quote!() };
        quote! {
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
                        #node
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
                    core::alloc::Layout::from_size_align(size, core::mem::align_of::<bindings::#c>())
                        .map_err(|_| #root::error::code::ENOMEM)
                }

                #view

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
                            <#root::alloc::allocator::KVmalloc as #root::alloc::Allocator>::free(
                                self.ptr.cast(),
                                layout
                            )
                        };
                    }
                }
            }
        }
    }
}
