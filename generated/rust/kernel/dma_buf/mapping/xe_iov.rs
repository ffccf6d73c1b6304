// SPDX-License-Identifier: GPL-2.0
// generated from schemas/xe_iov.maptype by cargo run -- generate; do not edit

//! Intel xe SR-IOV VF VRAM ("IOV interconnect"): the xe PF driver imports a
//! buffer that vfio-pci exported from a BAR of one of its own VFs and turns
//! the BAR ranges into VRAM addresses of its own.
//!
//! C header:
//! [`drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.h`](srctree/drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.h)
//!
//! Private: Only the xe PF driver imports it, so its glue lives there.
//!
//! # Examples
//!
//! Generated from the definition; they run as KUnit (`rust_doctests_kernel`) in a test kernel whose
//! `kernel` crate holds this module as `kernel::dma_buf::mapping::xe_iov`, with the C fixture
//! `rust/helpers/dma_buf_mapping_doctest_xe_iov.c` and the type's C built in. The expected outcomes
//! come from the definition's rules, not from the C glue they test.
//!
//! A Rust exporter and a C importer. Every condition holds, requirement 0 included.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, xe_iov, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 1] = [AtomicUsize::new(0)];
//! # /// What `map` hands over.
//! # static MAP_RESULT: AtomicPtr<bindings::dma_buf_phys_vec> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl xe_iov::XeIovExporter for Exporter {
//! #     fn map(_attach: &Attachment, _bar_number: &mut u32, _nelms: &mut usize) -> Result<NonNull<bindings::dma_buf_phys_vec>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_RESULT.load(Relaxed)).ok_or(ENOMEM)
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj1: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj1.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj3: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj3.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::dma_buf_phys_vec>()) };
//! MAP_RESULT.store(res.cast(), Relaxed);
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_xe_iov_pci_physfn(obj1.cast()) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_XE_IOV(); C importers attach with DMA_BUF_IMAPPING_XE_IOV().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(xe_iov::emapping_xe_iov::<Exporter>(unsafe { mapping::PciDev::from_raw(obj3.cast()) }, 7)).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_xe_iov(dmabuf, obj1.cast(), 7) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(xe_iov::is_xe_iov(a));
//!     assert!(xe_iov::get_xe_iov_ops(a).is_some_and(|o| core::ptr::eq(o, xe_iov::XeIovExporterVTable::<Exporter>::ops())));
//!     assert!(xe_iov::xe_iov_vf(a).is_some_and(|p| p.as_raw().cast() == obj3));
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A Rust exporter and a C importer. Only requirement 0 fails.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, xe_iov, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 1] = [AtomicUsize::new(0)];
//! # /// What `map` hands over.
//! # static MAP_RESULT: AtomicPtr<bindings::dma_buf_phys_vec> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl xe_iov::XeIovExporter for Exporter {
//! #     fn map(_attach: &Attachment, _bar_number: &mut u32, _nelms: &mut usize) -> Result<NonNull<bindings::dma_buf_phys_vec>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_RESULT.load(Relaxed)).ok_or(ENOMEM)
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj4: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj4.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj6: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj6.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::dma_buf_phys_vec>()) };
//! MAP_RESULT.store(res.cast(), Relaxed);
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_xe_iov_pci_physfn(core::ptr::null_mut()) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_XE_IOV(); C importers attach with DMA_BUF_IMAPPING_XE_IOV().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(xe_iov::emapping_xe_iov::<Exporter>(unsafe { mapping::PciDev::from_raw(obj6.cast()) }, 9)).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_xe_iov(dmabuf, obj4.cast(), 9) });
//! // EOPNOTSUPP: no other candidate, so no common type; no op ran.
//! assert!(attach.is_err_and(|e| e.to_errno() == -(bindings::EINVAL as i32)));
//! assert!(CALLS.iter().all(|c| c.load(Relaxed) == 0));
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A Rust exporter and a C importer. Every condition holds, requirement 1 included.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, xe_iov, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 1] = [AtomicUsize::new(0)];
//! # /// What `map` hands over.
//! # static MAP_RESULT: AtomicPtr<bindings::dma_buf_phys_vec> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl xe_iov::XeIovExporter for Exporter {
//! #     fn map(_attach: &Attachment, _bar_number: &mut u32, _nelms: &mut usize) -> Result<NonNull<bindings::dma_buf_phys_vec>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_RESULT.load(Relaxed)).ok_or(ENOMEM)
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj7: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj7.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj9: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj9.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::dma_buf_phys_vec>()) };
//! MAP_RESULT.store(res.cast(), Relaxed);
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_xe_iov_pci_physfn(obj7.cast()) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_XE_IOV(); C importers attach with DMA_BUF_IMAPPING_XE_IOV().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(xe_iov::emapping_xe_iov::<Exporter>(unsafe { mapping::PciDev::from_raw(obj9.cast()) }, 11)).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_xe_iov(dmabuf, obj7.cast(), 11) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(xe_iov::is_xe_iov(a));
//!     assert!(xe_iov::get_xe_iov_ops(a).is_some_and(|o| core::ptr::eq(o, xe_iov::XeIovExporterVTable::<Exporter>::ops())));
//!     assert!(xe_iov::xe_iov_vf(a).is_some_and(|p| p.as_raw().cast() == obj9));
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A Rust exporter and a C importer. Only requirement 1 fails.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, xe_iov, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 1] = [AtomicUsize::new(0)];
//! # /// What `map` hands over.
//! # static MAP_RESULT: AtomicPtr<bindings::dma_buf_phys_vec> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl xe_iov::XeIovExporter for Exporter {
//! #     fn map(_attach: &Attachment, _bar_number: &mut u32, _nelms: &mut usize) -> Result<NonNull<bindings::dma_buf_phys_vec>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_RESULT.load(Relaxed)).ok_or(ENOMEM)
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj10: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj10.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj12: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj12.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::dma_buf_phys_vec>()) };
//! MAP_RESULT.store(res.cast(), Relaxed);
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_xe_iov_pci_physfn(obj10.cast()) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_XE_IOV(); C importers attach with DMA_BUF_IMAPPING_XE_IOV().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(xe_iov::emapping_xe_iov::<Exporter>(unsafe { mapping::PciDev::from_raw(obj12.cast()) }, 14)).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_xe_iov(dmabuf, obj10.cast(), 13) });
//! // EOPNOTSUPP: no other candidate, so no common type; no op ran.
//! assert!(attach.is_err_and(|e| e.to_errno() == -(bindings::EINVAL as i32)));
//! assert!(CALLS.iter().all(|c| c.load(Relaxed) == 0));
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A driver-private type of module `xe`: its singleton lives in that module, so this file is for
//! the owning driver's crate, not the kernel crate. It calls no C helper: candidates, data view and
//! accessors are built in Rust from the definition.

use kernel::bindings;

/// The Intel xe SR-IOV VF VRAM type: the address of its C singleton `dma_buf_mapping_xe_iov_type`.
#[allow(unused_unsafe)]
pub fn mapping_type() -> *const bindings::dma_buf_mapping_type {
    // SAFETY: Only the address of the C singleton is taken; it is not read or written.
    unsafe { core::ptr::addr_of!(bindings::dma_buf_mapping_xe_iov_type) }
}

/// Whether `attach` negotiated the Intel xe SR-IOV VF VRAM type.
pub fn is_xe_iov(attach: &kernel::dma_buf::mapping::Attachment) -> bool {
    attach.mapping_type() == mapping_type()
}

const _: () = {
    assert!(
        core::mem::size_of::<bindings::dma_buf_mapping_xe_iov_data>()
            <= bindings::DMA_BUF_MAPPING_PRIVATE_SIZE as usize,
    );
    assert!(
        core::mem::align_of::<bindings::dma_buf_mapping_xe_iov_data>()
            <= core::mem::align_of::<u64>(),
    );
};

/// The Intel xe SR-IOV VF VRAM data of the match `attach` negotiated, or `None` for another type.
pub fn match_data(
    attach: &kernel::dma_buf::mapping::Attachment,
) -> Option<&bindings::dma_buf_mapping_xe_iov_data> {
    if !is_xe_iov(attach) {
        return None;
    }

    // SAFETY: `attach` is live and negotiated this type, whose `finish_match` stored the type's
    // data at the start of the match union; the slot is large and aligned enough (checked at
    // compile time).
    Some(unsafe {
        &*core::ptr::addr_of!((*attach.as_raw()).map_type.__bindgen_anon_1)
            .cast::<bindings::dma_buf_mapping_xe_iov_data>()
    })
}

/// The Intel xe SR-IOV VF VRAM data of a candidate, or `None` for a candidate of another type.
pub fn candidate_data<'a>(
    m: &'a kernel::dma_buf::mapping::Match<'_>,
) -> Option<&'a bindings::dma_buf_mapping_xe_iov_data> {
    if m.mapping_type() != mapping_type() {
        return None;
    }

    // SAFETY: `m` is a candidate of this type, whose constructor stored the type's data at the
    // start of the match union; the slot is large and aligned enough (checked at compile time).
    Some(unsafe {
        &*core::ptr::addr_of!(m.as_raw().__bindgen_anon_1)
            .cast::<bindings::dma_buf_mapping_xe_iov_data>()
    })
}

/// One entry of `dma_buf_xe_iov_ranges`: C `struct dma_buf_phys_vec`, as this kernel names it.
pub type DmaBufXeIovRangesEntry = bindings::dma_buf_phys_vec;

/// Exporter callbacks for an IOV attachment.
///
/// The Rust side of C `struct dma_buf_mapping_xe_iov_exp_ops`: [`XeIovExporterVTable`] builds the C
/// ops of an implementation, and the exporter constructors take it as their type parameter.
pub trait XeIovExporter {
    /// Return the VF BAR ranges: \*`nelms` entries in BAR \*`bar_number`.
    ///
    /// An error reaches the importer as an `ERR_PTR()`.
    fn map(
        attach: &kernel::dma_buf::mapping::Attachment,
        bar_number: &mut u32,
        nelms: &mut usize,
    ) -> kernel::error::Result<core::ptr::NonNull<bindings::dma_buf_phys_vec>>;
}

/// Builds the C `struct dma_buf_mapping_xe_iov_exp_ops` of a [`XeIovExporter`] implementation.
pub struct XeIovExporterVTable<T: XeIovExporter>(core::marker::PhantomData<T>);

impl<T: XeIovExporter> XeIovExporterVTable<T> {
    const OPS: bindings::dma_buf_mapping_xe_iov_exp_ops = {
        // SAFETY: `struct dma_buf_mapping_exp_ops` has no fields, so all zeroes is a valid value.
        let ops = unsafe { core::mem::zeroed() };
        bindings::dma_buf_mapping_xe_iov_exp_ops {
            ops,
            map: Some(map_callback::<T>),
        }
    };

    /// The C ops of `T`, at a static address; each op calls `T`'s method through a
    /// trampoline.
    pub const fn ops() -> &'static bindings::dma_buf_mapping_xe_iov_exp_ops {
        &Self::OPS
    }
}

/// The C `map` op of `T`: converts the arguments, calls `T::map` and converts its result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) fails with `EINVAL`.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_xe_iov_exp_ops` built for
/// `T`, with the arguments the C op is documented to take.
unsafe extern "C" fn map_callback<T: XeIovExporter>(
    attach: *mut bindings::dma_buf_attachment,
    bar_number: *mut u32,
    nelms: *mut usize,
) -> *const bindings::dma_buf_phys_vec {
    if attach.is_null() {
        return kernel::error::code::EINVAL.to_ptr();
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { kernel::dma_buf::mapping::Attachment::from_raw(attach) };
    // SAFETY: A non-null out-parameter from the core points to a live, exclusively ours value for
    // the whole call.
    let Some(bar_number) = (unsafe { bar_number.as_mut() }) else {
        return kernel::error::code::EINVAL.to_ptr();
    };
    // SAFETY: A non-null out-parameter from the core points to a live, exclusively ours value for
    // the whole call.
    let Some(nelms) = (unsafe { nelms.as_mut() }) else {
        return kernel::error::code::EINVAL.to_ptr();
    };
    kernel::dma_buf::mapping::result_to_ptr(T::map(attach, bar_number, nelms))
}

/// An importer candidate of the PF `pf` for BAR `bar`.
///
/// C `DMA_BUF_IMAPPING_XE_IOV()` (static inline).
pub fn imapping_xe_iov<'a>(
    pf: &'a kernel::dma_buf::mapping::PciDev,
    bar: u32,
) -> kernel::dma_buf::mapping::Match<'a> {
    let data = bindings::dma_buf_mapping_xe_iov_data {
        pf: pf.as_raw(),
        vf: core::ptr::null_mut(),
        bar,
    };
    let mut raw = bindings::dma_buf_mapping_match {
        type_: mapping_type(),
        ..Default::default()
    };
    // SAFETY: The match union is large and aligned enough for the data (checked at compile time),
    // and `raw` is ours.
    unsafe {
        core::ptr::addr_of_mut!(raw.__bindgen_anon_1)
            .cast::<bindings::dma_buf_mapping_xe_iov_data>()
            .write(data)
    };
    // SAFETY: The candidate points to the type's singleton, static ops and the arguments, all valid
    // for `'a`.
    unsafe { kernel::dma_buf::mapping::Match::from_raw(raw) }
}

/// An exporter candidate of VF `vf`, BAR `bar`.
///
/// C `DMA_BUF_EMAPPING_XE_IOV()` (static inline).
pub fn emapping_xe_iov<'a, T: XeIovExporter>(
    vf: &'a kernel::dma_buf::mapping::PciDev,
    bar: u32,
) -> kernel::dma_buf::mapping::Match<'a> {
    let data = bindings::dma_buf_mapping_xe_iov_data {
        pf: core::ptr::null_mut(),
        vf: vf.as_raw(),
        bar,
    };
    let mut raw = bindings::dma_buf_mapping_match {
        type_: mapping_type(),
        ..Default::default()
    };
    raw.exp_ops = &XeIovExporterVTable::<T>::ops().ops;
    // SAFETY: The match union is large and aligned enough for the data (checked at compile time),
    // and `raw` is ours.
    unsafe {
        core::ptr::addr_of_mut!(raw.__bindgen_anon_1)
            .cast::<bindings::dma_buf_mapping_xe_iov_data>()
            .write(data)
    };
    // SAFETY: The candidate points to the type's singleton, static ops and the arguments, all valid
    // for `'a`.
    unsafe { kernel::dma_buf::mapping::Match::from_raw(raw) }
}

/// The exporting VF, or NULL if the attachment is not IOV.
///
/// C `dma_buf_xe_iov_vf()`. `None` when `attach` did not negotiate the Intel xe SR-IOV VF VRAM
/// type.
pub fn xe_iov_vf(
    attach: &kernel::dma_buf::mapping::Attachment,
) -> Option<&kernel::dma_buf::mapping::PciDev> {
    let Some(data) = match_data(attach) else { return Default::default() };
    let value = data.vf;
    if value.is_null() {
        return None;
    }

    // SAFETY: An object of the negotiated match stays valid while the attachment exists.
    Some(unsafe { kernel::dma_buf::mapping::PciDev::from_raw(value) })
}

const _: () = assert!(
    core::mem::offset_of!(bindings::dma_buf_mapping_xe_iov_exp_ops, ops) == 0,
);

/// The exporter's C `struct dma_buf_mapping_xe_iov_exp_ops` of the match `attach` negotiated, or
/// `None` when it did not negotiate the Intel xe SR-IOV VF VRAM type (C
/// `dma_buf_get_xe_iov_ops()`).
pub fn get_xe_iov_ops(
    attach: &kernel::dma_buf::mapping::Attachment,
) -> Option<&bindings::dma_buf_mapping_xe_iov_exp_ops> {
    if !is_xe_iov(attach) {
        return None;
    }

    // SAFETY: `attach` is a live attachment, so reading its negotiated match is valid.
    let ops = unsafe { (*attach.as_raw()).map_type.exp_ops };
    let ops = ops.cast::<bindings::dma_buf_mapping_xe_iov_exp_ops>();
    // SAFETY: An exporter's ops outlive every attachment that negotiated them.
    unsafe { ops.as_ref() }
}

/// Get the VF BAR ranges.
///
/// C `dma_buf_xe_iov_map()`.
///
/// The C entry point checks the exporter's entries before returning them: nelms is not 0; nelms is
/// at most the buffer size divided by PAGE_SIZE; no entry has a zero len; every paddr is a multiple
/// of PAGE_SIZE; every len is a multiple of PAGE_SIZE; no paddr + len wraps; no two entries
/// overlap; the lens add up to the buffer size. Entries that break a check are an error with its
/// errno.
///
/// # Safety
///
/// The caller must hold the buffer's reservation lock.
pub unsafe fn xe_iov_map(
    attach: &kernel::dma_buf::mapping::Attachment,
    bar_number: &mut u32,
    nelms: &mut usize,
) -> kernel::error::Result<core::ptr::NonNull<bindings::dma_buf_phys_vec>> {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    let ret = unsafe {
        bindings::dma_buf_xe_iov_map(attach.as_raw(), bar_number, nelms)
    };
    let ptr = kernel::error::from_err_ptr(ret.cast_mut())?;
    core::ptr::NonNull::new(ptr).ok_or(kernel::error::code::EINVAL)
}
