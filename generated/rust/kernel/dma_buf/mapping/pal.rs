// SPDX-License-Identifier: GPL-2.0
// generated from schemas/pal.maptype by cargo run -- generate; do not edit

//! Physical address list: the exporter hands over CPU physical addresses
//! (for example MMIO of a PCI BAR), for importers such as iommufd that map
//! them into an IOMMU themselves.
//!
//! C header: [`include/linux/dma-buf-mapping-pal.h`](srctree/include/linux/dma-buf-mapping-pal.h)
//!
//! # Examples
//!
//! Generated from the definition; they run in the kernel as KUnit (`rust_doctests_kernel`). The
//! expected outcomes come from the definition's rules, not from the C glue they test.
//!
//! A Rust exporter and a C importer. No rules: the two candidates match.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, pal, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! #
//! # struct Exporter;
//! #
//! # impl pal::PalExporter for Exporter {
//! #     fn map_phys(attach: &Attachment) -> Result<pal::DmaBufPhysList> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #     // SAFETY: The attachment's buffer is live while it is mapped.
//! #     let size = unsafe { (*attach.dmabuf()).size };
//! #     pal::DmaBufPhysList::new(&[bindings::dma_buf_phys_vec { paddr: 1 << 32, len: size as _ }])
//! #     }
//! #     fn unmap_phys(_attach: &Attachment, _phys: pal::DmaBufPhysList) {
//! #         CALLS[1].fetch_add(1, Relaxed);
//! #     }
//! # }
//! #
//! # impl mapping::MatchMapping for Exporter {
//! #     fn match_mapping(args: &MatchArgs) -> Result {
//! #         // SAFETY: The buffer was exported with its candidates as `priv`, which
//! #         // outlive every attach.
//! #         let list = unsafe {
//! #             &*(*args.attachment().dmabuf()).priv_.cast::<MatchList<'static, 1>>()
//! #         };
//! #         mapping::match_mapping(args, list)
//! #     }
//! # }
//! #
//! # /// The buffer's `dma_buf_ops`: mapping-aware, so only `match_mapping`.
//! # struct Ops(bindings::dma_buf_ops);
//! # // SAFETY: Only the dma-buf core reads the ops, and nothing writes them.
//! # unsafe impl Sync for Ops {}
//! # static OPS: Ops = Ops(bindings::dma_buf_ops {
//! #     match_mapping: Some(mapping::match_mapping_callback::<Exporter>()),
//! #     release: Some(release),
//! #     // SAFETY: NULL is valid for every other member.
//! #     ..unsafe { core::mem::zeroed() }
//! # });
//! #
//! # unsafe extern "C" fn release(_dmabuf: *mut bindings::dma_buf) {}
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_PAL(); C importers attach with DMA_BUF_IMAPPING_PAL().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(pal::emapping_pal::<Exporter>()).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_pal(dmabuf) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(pal::is_pal(a));
//!     assert!(pal::get_pal_ops(a).is_some_and(|o| core::ptr::eq(o, pal::PalExporterVTable::<Exporter>::ops())));
//!     // Through the C entry point, which checks the exporter's list.
//!     // SAFETY: The buffer is live.
//!     unsafe { bindings::maptype_doctest_lock(dmabuf) };
//!     // SAFETY: The reservation lock is held.
//!     let mapped = unsafe { pal::pal_map_phys(a) };
//!     // SAFETY: Locked above.
//!     unsafe { bindings::maptype_doctest_unlock(dmabuf) };
//!     assert!(mapped.as_ref().is_ok_and(|m| m.entries().iter().map(|e| e.len as u64).sum::<u64>() == size as u64));
//!     assert_eq!(CALLS[0].load(Relaxed), 1);
//!     // Given back to the exporter when dropped.
//!     drop(mapped);
//!     assert_eq!(CALLS[1].load(Relaxed), 1);
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! The C entry point `dma_buf_pal_map_phys()` refuses every dma_buf_phys_list that breaks an
//! invariant and gives it back to the Rust exporter.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, pal, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! #
//! # struct Exporter;
//! #
//! # impl pal::PalExporter for Exporter {
//! #     fn map_phys(attach: &Attachment) -> Result<pal::DmaBufPhysList> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #     pal::DmaBufPhysList::new(LISTS[CASE.load(Relaxed)].0)
//! #     }
//! #     fn unmap_phys(_attach: &Attachment, _phys: pal::DmaBufPhysList) {
//! #         CALLS[1].fetch_add(1, Relaxed);
//! #     }
//! # }
//! #
//! # impl mapping::MatchMapping for Exporter {
//! #     fn match_mapping(args: &MatchArgs) -> Result {
//! #         // SAFETY: The buffer was exported with its candidates as `priv`, which
//! #         // outlive every attach.
//! #         let list = unsafe {
//! #             &*(*args.attachment().dmabuf()).priv_.cast::<MatchList<'static, 1>>()
//! #         };
//! #         mapping::match_mapping(args, list)
//! #     }
//! # }
//! #
//! # /// The buffer's `dma_buf_ops`: mapping-aware, so only `match_mapping`.
//! # struct Ops(bindings::dma_buf_ops);
//! # // SAFETY: Only the dma-buf core reads the ops, and nothing writes them.
//! # unsafe impl Sync for Ops {}
//! # static OPS: Ops = Ops(bindings::dma_buf_ops {
//! #     match_mapping: Some(mapping::match_mapping_callback::<Exporter>()),
//! #     release: Some(release),
//! #     // SAFETY: NULL is valid for every other member.
//! #     ..unsafe { core::mem::zeroed() }
//! # });
//! #
//! # unsafe extern "C" fn release(_dmabuf: *mut bindings::dma_buf) {}
//! #
//! # /// The list the exporter returns next.
//! # static CASE: AtomicUsize = AtomicUsize::new(0);
//! /// What the exporter returns in turn, and the errno the entry point must refuse it with.
//! const LISTS: &[(&[bindings::dma_buf_phys_vec], i32)] = &[
//!     // Breaks: length is not 0.
//!     (&[], -(bindings::EINVAL as i32)),
//!     // Breaks: length is at most the buffer size divided by PAGE_SIZE.
//!     (&[
//!         bindings::dma_buf_phys_vec { paddr: 0x10000, len: 0x1000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x12000, len: 0x1000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x14000, len: 0x1000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x16000, len: 0x1000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x18000, len: 0x1000 },
//!     ], -(bindings::EINVAL as i32)),
//!     // Breaks: no entry has a zero len.
//!     (&[
//!         bindings::dma_buf_phys_vec { paddr: 0x10000, len: 0x0 },
//!         bindings::dma_buf_phys_vec { paddr: 0x20000, len: 0x4000 },
//!     ], -(bindings::EINVAL as i32)),
//!     // Breaks: every paddr is a multiple of PAGE_SIZE.
//!     (&[bindings::dma_buf_phys_vec { paddr: 0x10001, len: 0x4000 }], -(bindings::EINVAL as i32)),
//!     // Breaks: every len is a multiple of PAGE_SIZE.
//!     (&[
//!         bindings::dma_buf_phys_vec { paddr: 0x10000, len: 0x1800 },
//!         bindings::dma_buf_phys_vec { paddr: 0x20000, len: 0x2800 },
//!     ], -(bindings::EINVAL as i32)),
//!     // Breaks: no paddr + len wraps.
//!     (&[bindings::dma_buf_phys_vec { paddr: 0xfffffffffffff000, len: 0x4000 }], -(bindings::EOVERFLOW as i32)),
//!     // Breaks: no two entries overlap.
//!     (&[
//!         bindings::dma_buf_phys_vec { paddr: 0x10000, len: 0x2000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x11000, len: 0x2000 },
//!     ], -(bindings::EINVAL as i32)),
//!     // Breaks: the lens add up to the buffer size.
//!     (&[bindings::dma_buf_phys_vec { paddr: 0x10000, len: 0x2000 }], -(bindings::EINVAL as i32)),
//!     // Valid.
//!     (&[
//!         bindings::dma_buf_phys_vec { paddr: 0x10000, len: 0x2000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x20000, len: 0x1000 },
//!         bindings::dma_buf_phys_vec { paddr: 0x14000, len: 0x1000 },
//!     ], 0),
//! ];
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(pal::emapping_pal::<Exporter>()).is_ok());
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // The checks report to a counter, not WARN(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_pal_check_warns() };
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, 16384, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_pal(dmabuf) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     for (i, (_, errno)) in LISTS.iter().enumerate() {
//!         CASE.store(i, Relaxed);
//!         // SAFETY: The buffer is live.
//!         unsafe { bindings::maptype_doctest_lock(dmabuf) };
//!         // SAFETY: The reservation lock is held.
//!         let mapped = unsafe { pal::pal_map_phys(a) };
//!         // SAFETY: Locked above.
//!         unsafe { bindings::maptype_doctest_unlock(dmabuf) };
//!         assert_eq!(CALLS[0].load(Relaxed), i + 1);
//!         if *errno == 0 {
//!             assert!(mapped.is_ok());
//!             drop(mapped);
//!         } else {
//!             assert!(mapped.is_err_and(|e| e.to_errno() == *errno));
//!         }
//!         // Each refused list broke one check, which reported it; the valid one broke none.
//!         // SAFETY: A fixture of this test.
//!         let warned = unsafe { bindings::maptype_doctest_pal_check_warns() };
//!         assert_eq!(warned as usize, LISTS[..=i].iter().filter(|l| l.1 != 0).count());
//!         // Refused lists went back to the exporter at once; the valid one when dropped.
//!         assert_eq!(CALLS[1].load(Relaxed), i + 1);
//!     }
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```

use crate::bindings;

/// The Physical Address List type: the address of its C singleton `dma_buf_mapping_pal_type`.
#[allow(unused_unsafe)]
pub fn mapping_type() -> *const bindings::dma_buf_mapping_type {
    // SAFETY: Only the address of the C singleton is taken; it is not read or written.
    unsafe { core::ptr::addr_of!(bindings::dma_buf_mapping_pal_type) }
}

/// Whether `attach` negotiated the Physical Address List type.
pub fn is_pal(attach: &super::Attachment) -> bool {
    attach.mapping_type() == mapping_type()
}

/// One entry of `dma_buf_phys_list`: C `struct dma_buf_phys_vec`, as this kernel names it.
pub type DmaBufPhysListEntry = bindings::dma_buf_phys_vec;

/// What map_phys returns: `length` ranges in `phys`.
///
/// An owned C `struct dma_buf_phys_list` for exporters: built here, handed to the core by the op
/// that returns it and given back to its partner op. Its `length` always counts the entries it was
/// built with.
///
/// The entry point checks, before an importer sees it, that length is not 0; length is at most the
/// buffer size divided by PAGE_SIZE; no entry has a zero len; every paddr is a multiple of
/// PAGE_SIZE; every len is a multiple of PAGE_SIZE; no paddr + len wraps; no two entries overlap;
/// the lens add up to the buffer size. A list that breaks one is given back to the exporter and
/// never reaches the importer.
///
/// What iommufd relies on before mapping the ranges into an IOMMU.
pub struct DmaBufPhysList {
    ptr: core::ptr::NonNull<bindings::dma_buf_phys_list>,
}

impl DmaBufPhysList {
    /// Allocates a list of `entries`, in order.
    pub fn new(entries: &[bindings::dma_buf_phys_vec]) -> crate::error::Result<Self> {
        let layout = Self::layout(entries.len())?;
        let count = entries.len();
        let mem = <crate::alloc::allocator::KVmalloc as crate::alloc::Allocator>::alloc(
            layout,
            crate::alloc::flags::GFP_KERNEL,
        )?;
        let list = mem.cast::<bindings::dma_buf_phys_list>();
        // SAFETY: `list` points to `layout.size()` fresh bytes aligned for the header: room for the
        // header and, at the array's offset, `entries.len()` entries.
        unsafe {
            core::ptr::addr_of_mut!((*list.as_ptr()).length).write(count);
            let first = core::ptr::addr_of_mut!((*list.as_ptr()).phys)
                .cast::<bindings::dma_buf_phys_vec>();
            core::ptr::copy_nonoverlapping(entries.as_ptr(), first, entries.len());
        }
        Ok(Self { ptr: list })
    }

    fn layout(n: usize) -> crate::error::Result<core::alloc::Layout> {
        let size = core::mem::size_of::<bindings::dma_buf_phys_vec>()
            .checked_mul(n)
            .and_then(|s| {
                s.checked_add(core::mem::offset_of!(bindings::dma_buf_phys_list, phys))
            })
            .ok_or(crate::error::code::ENOMEM)?;
        let size = size.max(core::mem::size_of::<bindings::dma_buf_phys_list>());
        core::alloc::Layout::from_size_align(
                size,
                core::mem::align_of::<bindings::dma_buf_phys_list>(),
            )
            .map_err(|_| crate::error::code::ENOMEM)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        // SAFETY: `self.ptr` is a list this builder allocated and filled.
        unsafe { (*self.ptr.as_ptr()).length }
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries.
    pub fn entries(&self) -> &[bindings::dma_buf_phys_vec] {
        let len = self.len();
        // SAFETY: `self.ptr` holds `self.len()` initialised entries, and `self` owns it.
        unsafe {
            let first = core::ptr::addr_of!((*self.ptr.as_ptr()).phys);
            core::slice::from_raw_parts(first.cast::<bindings::dma_buf_phys_vec>(), len)
        }
    }

    /// Gives up ownership: the C pointer, for the core.
    pub fn into_raw(self) -> core::ptr::NonNull<bindings::dma_buf_phys_list> {
        let me = core::mem::ManuallyDrop::new(self);
        me.ptr
    }

    /// Takes back a list given up by [`Self::into_raw`].
    ///
    /// # Safety
    ///
    /// `ptr` must come from [`DmaBufPhysList::into_raw`] and not be used again after this call: the
    /// result owns the list.
    pub unsafe fn from_raw(
        ptr: core::ptr::NonNull<bindings::dma_buf_phys_list>,
    ) -> Self {
        Self { ptr }
    }
}

impl Drop for DmaBufPhysList {
    fn drop(&mut self) {
        if let Ok(layout) = Self::layout(self.len()) {
            // SAFETY: `self.ptr` came from `KVmalloc` with the layout its length gives, and `self`
            // owns it.
            unsafe {
                <crate::alloc::allocator::KVmalloc as crate::alloc::Allocator>::free(
                    self.ptr.cast(),
                    layout,
                )
            };
        }
    }
}

/// Exporter callbacks for a PAL attachment.
///
/// The Rust side of C `struct dma_buf_mapping_pal_exp_ops`: [`PalExporterVTable`] builds the C ops
/// of an implementation, and the exporter constructors take it as their type parameter.
pub trait PalExporter {
    /// Return the buffer's physical ranges.
    ///
    /// An error reaches the importer as an `ERR_PTR()`.
    fn map_phys(attach: &super::Attachment) -> crate::error::Result<DmaBufPhysList>;

    /// Release what map_phys returned.
    fn unmap_phys(attach: &super::Attachment, phys: DmaBufPhysList);
}

/// Builds the C `struct dma_buf_mapping_pal_exp_ops` of a [`PalExporter`] implementation.
pub struct PalExporterVTable<T: PalExporter>(core::marker::PhantomData<T>);

impl<T: PalExporter> PalExporterVTable<T> {
    const OPS: bindings::dma_buf_mapping_pal_exp_ops = {
        // SAFETY: `struct dma_buf_mapping_exp_ops` has no fields, so all zeroes is a valid value.
        let ops = unsafe { core::mem::zeroed() };
        bindings::dma_buf_mapping_pal_exp_ops {
            ops,
            map_phys: Some(map_phys_callback::<T>),
            unmap_phys: Some(unmap_phys_callback::<T>),
        }
    };

    /// The C ops of `T`, at a static address; each op calls `T`'s method through a
    /// trampoline.
    pub const fn ops() -> &'static bindings::dma_buf_mapping_pal_exp_ops {
        &Self::OPS
    }
}

/// The C `map_phys` op of `T`: converts the arguments, calls `T::map_phys` and converts its result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) fails with `EINVAL`.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_pal_exp_ops` built for `T`,
/// with the arguments the C op is documented to take.
unsafe extern "C" fn map_phys_callback<T: PalExporter>(
    attach: *mut bindings::dma_buf_attachment,
) -> *mut bindings::dma_buf_phys_list {
    if attach.is_null() {
        return crate::error::code::EINVAL.to_ptr();
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { super::Attachment::from_raw(attach) };
    super::result_to_ptr(T::map_phys(attach).map(DmaBufPhysList::into_raw))
}

/// The C `unmap_phys` op of `T`: converts the arguments, calls `T::unmap_phys` and converts its
/// result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) skips the call.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_pal_exp_ops` built for `T`,
/// with the arguments the C op is documented to take.
unsafe extern "C" fn unmap_phys_callback<T: PalExporter>(
    attach: *mut bindings::dma_buf_attachment,
    phys: *mut bindings::dma_buf_phys_list,
) {
    if attach.is_null() {
        return;
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { super::Attachment::from_raw(attach) };
    let Some(phys) = core::ptr::NonNull::new(phys) else {
        return;
    };
    // SAFETY: The core gives back only what this exporter's op returned, which
    // `DmaBufPhysList::into_raw` made.
    let phys = unsafe { DmaBufPhysList::from_raw(phys) };
    T::unmap_phys(attach, phys);
}

/// An importer candidate for physical addresses.
///
/// C `DMA_BUF_IMAPPING_PAL()` (static inline).
pub fn imapping_pal() -> super::Match<'static> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'static`.
    unsafe { super::Match::from_raw(bindings::DMA_BUF_IMAPPING_PAL()) }
}

/// An exporter candidate for physical addresses.
///
/// C `DMA_BUF_EMAPPING_PAL()` (static inline).
pub fn emapping_pal<T: PalExporter>() -> super::Match<'static> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'static` (the ops are static).
    unsafe {
        super::Match::from_raw(
            bindings::DMA_BUF_EMAPPING_PAL(PalExporterVTable::<T>::ops()),
        )
    }
}

/// The exporter's C `struct dma_buf_mapping_pal_exp_ops` of the match `attach` negotiated, or
/// `None` when it did not negotiate the Physical Address List type (C `dma_buf_get_pal_ops()`).
pub fn get_pal_ops(
    attach: &super::Attachment,
) -> Option<&bindings::dma_buf_mapping_pal_exp_ops> {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    let ops = unsafe { bindings::dma_buf_get_pal_ops(attach.as_raw()) };
    // SAFETY: An exporter's ops outlive every attachment that negotiated them.
    unsafe { ops.as_ref() }
}

/// A C `struct dma_buf_phys_list` an importer got from [`pal_map_phys`]: every invariant was
/// checked; given back with `dma_buf_pal_unmap_phys()` when dropped.
pub struct DmaBufPhysListMapping<'a> {
    attach: &'a super::Attachment,
    list: core::ptr::NonNull<bindings::dma_buf_phys_list>,
}

impl DmaBufPhysListMapping<'_> {
    /// The number of entries.
    pub fn len(&self) -> usize {
        // SAFETY: The list stays valid until `drop` gives it back.
        unsafe { (*self.list.as_ptr()).length }
    }

    /// Whether the list has no entries (never true: the entry point refuses an empty list).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries.
    pub fn entries(&self) -> &[bindings::dma_buf_phys_vec] {
        let len = self.len();
        // SAFETY: The list stays valid until `drop` gives it back, and the entry point checked that
        // it holds `len()` entries.
        unsafe {
            let first = core::ptr::addr_of!((*self.list.as_ptr()).phys);
            core::slice::from_raw_parts(first.cast::<bindings::dma_buf_phys_vec>(), len)
        }
    }

    /// The C pointer, valid while `self` lives.
    pub fn as_raw(&self) -> *mut bindings::dma_buf_phys_list {
        self.list.as_ptr()
    }
}

impl Drop for DmaBufPhysListMapping<'_> {
    fn drop(&mut self) {
        // SAFETY: `self.list` came from `dma_buf_pal_map_phys()` on `self.attach`, which is still
        // live, and is given back only here.
        unsafe {
            bindings::dma_buf_pal_unmap_phys(self.attach.as_raw(), self.list.as_ptr())
        };
    }
}

/// Map to physical addresses; only iommufd may hand them to hardware.
///
/// C `dma_buf_pal_map_phys()`.
///
/// The result is given back with `dma_buf_pal_unmap_phys()` when the returned guard is dropped.
///
/// # Safety
///
/// The caller must hold the buffer's reservation lock.
pub unsafe fn pal_map_phys<'a>(
    attach: &'a super::Attachment,
) -> crate::error::Result<DmaBufPhysListMapping<'a>> {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    let ret = unsafe { bindings::dma_buf_pal_map_phys(attach.as_raw()) };
    let list = crate::error::from_err_ptr(ret)?;
    let list = core::ptr::NonNull::new(list).ok_or(crate::error::code::EINVAL)?;
    Ok(DmaBufPhysListMapping {
        attach,
        list,
    })
}
