// SPDX-License-Identifier: GPL-2.0
// generated from schemas/pal.maptype, schemas/sgt.maptype, schemas/xe_iov.maptype
// by cargo run -- generate; do not edit

//! DMA-buf mapping types.
//!
//! A mapping type names one way of describing a buffer's addresses. Importer and exporter each
//! offer a list of candidate types ([`Match`]); the C core picks the first exporter candidate
//! an importer candidate is compatible with and records it in the attachment.
//!
//! Each type's module has a trait per exporter ops struct, whose implementors get a `const` C
//! vtable of `unsafe extern "C"` trampolines, safe candidate constructors and accessors.
//!
//! C header: [`include/linux/dma-buf-mapping.h`](srctree/include/linux/dma-buf-mapping.h)
//!
//! Driver-private types are not part of this crate: `xe_iov` (module `xe`). Their modules are
//! generated next to this one for the owning driver's crate, whose module holds their singleton.
//!
//! # Examples
//!
//! Rust importers pick their type from a C exporter (generated from the definitions; run as KUnit).
//!
//! ```
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, pal, sgt, Attachment};
//! // A C exporter offering pal then sgt, in that order.
//! // SAFETY: A fixture; the test drops its reference below.
//! let dmabuf = unsafe { bindings::maptype_doctest_c_export(16384) };
//! assert!(!dmabuf.is_null());
//! let size: usize = 16384;
//!
//! // A Rust importer that takes pal only gets it.
//! {
//!     let candidate = pal::imapping_pal();
//!     // SAFETY: The buffer outlives the attachment.
//!     let attached = unsafe { mapping::attach(dmabuf, &[candidate]) };
//!     assert!(attached.is_ok());
//!     if let Ok(attached) = attached {
//!         let a: &Attachment = &attached;
//!         assert!(pal::is_pal(a));
//!         // Through the C entry point, which checks the exporter's list.
//!         // SAFETY: The buffer is live.
//!         unsafe { bindings::maptype_doctest_lock(dmabuf) };
//!         // SAFETY: The reservation lock is held.
//!         let mapped = unsafe { pal::pal_map_phys(a) };
//!         // SAFETY: Locked above.
//!         unsafe { bindings::maptype_doctest_unlock(dmabuf) };
//!         assert!(mapped.as_ref().is_ok_and(|m| m.entries().iter().map(|e| e.len as u64).sum::<u64>() == size as u64));
//!         assert_eq!(unsafe { bindings::maptype_doctest_c_pal_map_phys_calls() }, 1);
//!         // Given back to the exporter when dropped.
//!         drop(mapped);
//!         assert_eq!(unsafe { bindings::maptype_doctest_c_pal_unmap_phys_calls() }, 1);
//!     }
//! }
//!
//! // A Rust importer that takes sgt only gets it.
//! {
//!     // SAFETY: Test fixtures, freed when the test ends.
//!     let obj1: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//!     assert!(!obj1.is_null());
//!     // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//!     // SAFETY: A fixture of this test.
//!     unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//!     // SAFETY: The stub lasts until the test ends.
//!     unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(0) };
//!     let candidate = sgt::imapping_sgt(unsafe { &*obj1.cast::<kernel::device::Device>() }, sgt::ImporterAcceptsP2p::NoP2p);
//!     // SAFETY: The buffer outlives the attachment.
//!     let attached = unsafe { mapping::attach(dmabuf, &[candidate]) };
//!     assert!(attached.is_ok());
//!     if let Ok(attached) = attached {
//!         let a: &Attachment = &attached;
//!         assert!(sgt::is_sgt(a));
//!         // Through the C entry point: the exporter's result comes back.
//!         let mapped = sgt::sgt_map_attachment_unlocked(a, mapping::DataDirection::Bidirectional);
//!         assert!(mapped.is_ok_and(|p| p.as_ptr() == unsafe { bindings::maptype_doctest_c_sgt_map_dma_buf_result() }));
//!         assert_eq!(unsafe { bindings::maptype_doctest_c_sgt_map_dma_buf_calls() }, 1);
//!         if let Ok(p) = mapped {
//!             // SAFETY: `p` is what the map gave for `a`, used no more.
//!             unsafe { sgt::sgt_unmap_attachment_unlocked(a, p, mapping::DataDirection::Bidirectional) };
//!         }
//!         assert_eq!(unsafe { bindings::maptype_doctest_c_sgt_unmap_dma_buf_calls() }, 1);
//!     }
//! }
//!
//! // Offered all of them, last first, the importer gets the exporter's first choice, pal.
//! {
//!     // SAFETY: Test fixtures, freed when the test ends.
//!     let obj1: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//!     assert!(!obj1.is_null());
//!     // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//!     // SAFETY: A fixture of this test.
//!     unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//!     // SAFETY: The stub lasts until the test ends.
//!     unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(0) };
//!     let c0 = pal::imapping_pal();
//!     let c1 = sgt::imapping_sgt(unsafe { &*obj1.cast::<kernel::device::Device>() }, sgt::ImporterAcceptsP2p::NoP2p);
//!     // SAFETY: The buffer outlives the attachment.
//!     let attached = unsafe { mapping::attach(dmabuf, &[c1, c0]) };
//!     assert!(attached.is_ok_and(|a| pal::is_pal(&a)));
//! }
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```

use crate::bindings;
use core::marker::PhantomData;
use core::ptr::NonNull;

pub mod pal;

pub mod sgt;

/// The direction of a DMA mapping (C `enum dma_data_direction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataDirection {
    /// The device may read and write the buffer.
    Bidirectional,
    /// The device reads the buffer.
    ToDevice,
    /// The device writes the buffer.
    FromDevice,
    /// No DMA; for debugging.
    None,
}

impl DataDirection {
    /// The C value.
    pub const fn to_raw(self) -> bindings::dma_data_direction {
        match self {
            Self::Bidirectional => bindings::dma_data_direction_DMA_BIDIRECTIONAL,
            Self::ToDevice => bindings::dma_data_direction_DMA_TO_DEVICE,
            Self::FromDevice => bindings::dma_data_direction_DMA_FROM_DEVICE,
            Self::None => bindings::dma_data_direction_DMA_NONE,
        }
    }

    /// The direction a C value names, or `None` if it names none.
    pub const fn from_raw(raw: bindings::dma_data_direction) -> Option<Self> {
        match raw {
            bindings::dma_data_direction_DMA_BIDIRECTIONAL => Some(Self::Bidirectional),
            bindings::dma_data_direction_DMA_TO_DEVICE => Some(Self::ToDevice),
            bindings::dma_data_direction_DMA_FROM_DEVICE => Some(Self::FromDevice),
            bindings::dma_data_direction_DMA_NONE => Some(Self::None),
            _ => None,
        }
    }
}

/// A C `struct pci_dev` that this module only borrows; it is never read from Rust.
#[repr(transparent)]
pub struct PciDev(crate::types::Opaque<bindings::pci_dev>);

impl PciDev {
    /// Borrows the C object at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must be non-null and point to a live object for the whole of `'a`.
    pub unsafe fn from_raw<'a>(ptr: *mut bindings::pci_dev) -> &'a Self {
        // SAFETY: The caller guarantees that `ptr` is valid for `'a`, and `Self` is a transparent
        // wrapper of the C struct.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// The C pointer.
    pub fn as_raw(&self) -> *mut bindings::pci_dev {
        self.0.get()
    }
}

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
        // SAFETY: The caller guarantees that `ptr` is a live attachment for `'a`, and `Attachment`
        // is a transparent wrapper of it.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// The C pointer.
    pub fn as_raw(&self) -> *mut bindings::dma_buf_attachment {
        self.0.get()
    }

    /// The negotiated mapping type (`attach->map_type.type`), or null before negotiation.
    pub fn mapping_type(&self) -> *const bindings::dma_buf_mapping_type {
        // SAFETY: `self` wraps a live attachment, so reading its negotiated type is valid.
        unsafe { (*self.as_raw()).map_type.type_ }
    }

    /// The buffer the attachment belongs to (`attach->dmabuf`).
    pub fn dmabuf(&self) -> *mut bindings::dma_buf {
        // SAFETY: `self` wraps a live attachment, so reading its buffer pointer is valid.
        unsafe { (*self.as_raw()).dmabuf }
    }
}

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
        // SAFETY: All zeroes is a valid `struct dma_buf_mapping_match` (null pointers, zero data).
        let entries = unsafe { core::mem::zeroed() };
        Self {
            entries,
            len: 0,
            _borrows: PhantomData,
        }
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
        // SAFETY: `list` describes `self.entries`: `N` entries of which the first `self.len` are
        // filled, and the helper writes only entry `self.len`.
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
        // SAFETY: `Match` is a transparent wrapper of the C candidate, and the first `self.len`
        // entries are filled.
        unsafe {
            core::slice::from_raw_parts(
                self.entries.as_ptr().cast::<Match<'a>>(),
                self.len,
            )
        }
    }
}

impl<const N: usize> Default for MatchList<'_, N> {
    fn default() -> Self {
        Self::new()
    }
}

/// How a trampoline hands an exporter's result to C.
///
/// `Err(e)` becomes `ERR_PTR(e)`. A success whose address C would take for an error (in the
/// `ERR_PTR()` range) becomes `ERR_PTR(-EINVAL)`, so a success is never mistaken for an
/// error; `NonNull` already rules out NULL.
pub fn result_to_ptr<T>(r: crate::error::Result<NonNull<T>>) -> *mut T {
    match r {
        Ok(p) if p.as_ptr() as usize <= usize::MAX - bindings::MAX_ERRNO as usize => {
            p.as_ptr()
        }
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
        // SAFETY: The caller guarantees that `ptr` is a live attach in progress for `'a`, and
        // `MatchArgs` is a transparent wrapper of it.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// The C pointer.
    pub fn as_raw(&self) -> *mut bindings::dma_buf_match_args {
        self.0.get()
    }

    /// The attachment being set up.
    pub fn attachment(&self) -> &Attachment {
        // SAFETY: `self` wraps a live attach in progress, whose attachment is live too.
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
    // SAFETY: `args` is a live attach in progress and the first `len()` candidates are filled in;
    // the core reads nothing past them.
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
pub const fn match_mapping_callback<T: MatchMapping>() -> unsafe extern "C" fn(
    *mut bindings::dma_buf_match_args,
) -> i32 {
    match_mapping_trampoline::<T>
}

/// # Safety
///
/// Only the dma-buf core calls it, with a live attach in progress.
unsafe extern "C" fn match_mapping_trampoline<T: MatchMapping>(
    args: *mut bindings::dma_buf_match_args,
) -> i32 {
    // SAFETY: The dma-buf core passes a live attach in progress that outlives this call.
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
    // SAFETY: The caller guarantees `dmabuf` is live; `candidates` is a valid array of
    // `candidates.len()` candidates, and no importer ops are passed.
    let ptr = unsafe {
        bindings::dma_buf_mapping_attach(
            dmabuf,
            candidates.as_ptr().cast::<bindings::dma_buf_mapping_match>().cast_mut(),
            candidates.len(),
            core::ptr::null(),
            core::ptr::null_mut(),
        )
    };
    let attach = crate::error::from_err_ptr(ptr)?;
    let attach = NonNull::new(attach).ok_or(crate::error::code::EINVAL)?;
    Ok(Attached {
        dmabuf: dmabuf_ptr,
        attach,
        _borrows: PhantomData,
    })
}

impl core::ops::Deref for Attached<'_> {
    type Target = Attachment;

    fn deref(&self) -> &Attachment {
        // SAFETY: `self.attach` stays attached, so live, until `self` is dropped.
        unsafe { Attachment::from_raw(self.attach.as_ptr()) }
    }
}

impl Drop for Attached<'_> {
    fn drop(&mut self) {
        // SAFETY: `self.attach` was attached to `self.dmabuf` by `attach()` and is detached only
        // here.
        unsafe { bindings::dma_buf_detach(self.dmabuf.as_ptr(), self.attach.as_ptr()) };
    }
}
