// SPDX-License-Identifier: GPL-2.0
// generated from schemas/sgt.maptype by cargo run -- generate; do not edit

//! DMA mapped scatter-gather table: the exporter maps the buffer for the
//! importer's DMA device and hands over a `struct sg_table` of DMA addresses.
//!
//! C header: [`include/linux/dma-buf-mapping-sgt.h`](srctree/include/linux/dma-buf-mapping-sgt.h)
//!
//! Name: The RFC's name for it, which debugfs prints.
//!
//! Export: In the dma-buf core's namespace, as the rest of its API.
//!
//! Compatibility: Any importer can take a plain SGT; a P2P one needs an importer that accepts P2P
//! and reaches the exporter's device.
//!
//! On a match: The attachment keeps what the entry points and accessors read, and sets the fields
//! older importers read.
//!
//! Debugfs: The device the buffer is mapped for.
//!
//! # Examples
//!
//! Generated from the definition; they run in the kernel as KUnit (`rust_doctests_kernel`). The
//! expected outcomes come from the definition's rules, not from the C glue they test.
//!
//! A Rust exporter and a C importer. Every condition holds, requirement 0 included.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, sgt, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! # /// What `map_dma_buf` hands over.
//! # static MAP_DMA_BUF_RESULT: AtomicPtr<bindings::sg_table> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl sgt::SgtExporter for Exporter {
//! #     fn map_dma_buf(_attach: &Attachment, _dir: mapping::DataDirection) -> Result<NonNull<bindings::sg_table>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_DMA_BUF_RESULT.load(Relaxed)).ok_or(ENOMEM)
//! #     }
//! #     fn unmap_dma_buf(_attach: &Attachment, _sgt: NonNull<bindings::sg_table>, _dir: mapping::DataDirection) {
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj1: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj1.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj2: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//! assert!(!obj2.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::sg_table>()) };
//! MAP_DMA_BUF_RESULT.store(res.cast(), Relaxed);
//! // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(0) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_SGT_P2P(); C importers attach with DMA_BUF_IMAPPING_SGT().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(sgt::emapping_sgt_p2p::<Exporter>(unsafe { mapping::PciDev::from_raw(obj1.cast()) })).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_sgt(dmabuf, obj2.cast(), bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(sgt::is_sgt(a));
//!     assert!(sgt::get_sgt_ops(a).is_some_and(|o| core::ptr::eq(o, sgt::SgtExporterVTable::<Exporter>::ops())));
//!     assert!(sgt::sgt_dma_device(a).is_some_and(|d| core::ptr::eq(d, unsafe { &*obj2.cast::<kernel::device::Device>() })));
//!     assert!(sgt::sgt_p2p_allowed(a));
//!     // Through the C entry point: the exporter's result comes back.
//!     let mapped = sgt::sgt_map_attachment_unlocked(a, mapping::DataDirection::Bidirectional);
//!     assert!(mapped.is_ok_and(|p| p.as_ptr() == MAP_DMA_BUF_RESULT.load(Relaxed)));
//!     assert_eq!(CALLS[0].load(Relaxed), 1);
//!     if let Ok(p) = mapped {
//!         // SAFETY: `p` is what the map gave for `a`, used no more.
//!         unsafe { sgt::sgt_unmap_attachment_unlocked(a, p, mapping::DataDirection::Bidirectional) };
//!     }
//!     assert_eq!(CALLS[1].load(Relaxed), 1);
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // Driver bugs the rules marked warn reported.
//! // SAFETY: A fixture of this test.
//! assert_eq!(unsafe { bindings::maptype_doctest_sgt_rule_warns() }, 0);
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
//! # use kernel::dma_buf::mapping::{self, sgt, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! # /// What `map_dma_buf` hands over.
//! # static MAP_DMA_BUF_RESULT: AtomicPtr<bindings::sg_table> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl sgt::SgtExporter for Exporter {
//! #     fn map_dma_buf(_attach: &Attachment, _dir: mapping::DataDirection) -> Result<NonNull<bindings::sg_table>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_DMA_BUF_RESULT.load(Relaxed)).ok_or(ENOMEM)
//! #     }
//! #     fn unmap_dma_buf(_attach: &Attachment, _sgt: NonNull<bindings::sg_table>, _dir: mapping::DataDirection) {
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj4: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj4.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj5: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//! assert!(!obj5.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::sg_table>()) };
//! MAP_DMA_BUF_RESULT.store(res.cast(), Relaxed);
//! // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(0) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_SGT_P2P(); C importers attach with DMA_BUF_IMAPPING_SGT().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(sgt::emapping_sgt_p2p::<Exporter>(unsafe { mapping::PciDev::from_raw(obj4.cast()) })).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_sgt(dmabuf, obj5.cast(), bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(sgt::is_sgt(a));
//!     assert!(sgt::get_sgt_ops(a).is_some_and(|o| core::ptr::eq(o, sgt::SgtExporterVTable::<Exporter>::ops())));
//!     assert!(sgt::sgt_dma_device(a).is_some_and(|d| core::ptr::eq(d, unsafe { &*obj5.cast::<kernel::device::Device>() })));
//!     assert!(sgt::sgt_p2p_allowed(a));
//!     // Through the C entry point: the exporter's result comes back.
//!     let mapped = sgt::sgt_map_attachment_unlocked(a, mapping::DataDirection::Bidirectional);
//!     assert!(mapped.is_ok_and(|p| p.as_ptr() == MAP_DMA_BUF_RESULT.load(Relaxed)));
//!     assert_eq!(CALLS[0].load(Relaxed), 1);
//!     if let Ok(p) = mapped {
//!         // SAFETY: `p` is what the map gave for `a`, used no more.
//!         unsafe { sgt::sgt_unmap_attachment_unlocked(a, p, mapping::DataDirection::Bidirectional) };
//!     }
//!     assert_eq!(CALLS[1].load(Relaxed), 1);
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // Driver bugs the rules marked warn reported.
//! // SAFETY: A fixture of this test.
//! assert_eq!(unsafe { bindings::maptype_doctest_sgt_rule_warns() }, 0);
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
//! # use kernel::dma_buf::mapping::{self, sgt, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! # /// What `map_dma_buf` hands over.
//! # static MAP_DMA_BUF_RESULT: AtomicPtr<bindings::sg_table> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl sgt::SgtExporter for Exporter {
//! #     fn map_dma_buf(_attach: &Attachment, _dir: mapping::DataDirection) -> Result<NonNull<bindings::sg_table>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_DMA_BUF_RESULT.load(Relaxed)).ok_or(ENOMEM)
//! #     }
//! #     fn unmap_dma_buf(_attach: &Attachment, _sgt: NonNull<bindings::sg_table>, _dir: mapping::DataDirection) {
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj6: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj6.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj7: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//! assert!(!obj7.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::sg_table>()) };
//! MAP_DMA_BUF_RESULT.store(res.cast(), Relaxed);
//! // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(0) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_SGT_P2P(); C importers attach with DMA_BUF_IMAPPING_SGT().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(sgt::emapping_sgt_p2p::<Exporter>(unsafe { mapping::PciDev::from_raw(obj6.cast()) })).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_sgt(dmabuf, obj7.cast(), bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P) });
//! // EOPNOTSUPP: no other candidate, so no common type; no op ran.
//! assert!(attach.is_err_and(|e| e.to_errno() == -(bindings::EINVAL as i32)));
//! assert!(CALLS.iter().all(|c| c.load(Relaxed) == 0));
//! // Driver bugs the rules marked warn reported.
//! // SAFETY: A fixture of this test.
//! assert_eq!(unsafe { bindings::maptype_doctest_sgt_rule_warns() }, 0);
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A Rust exporter and a C importer. Every condition holds, requirement 2 included.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, sgt, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! # /// What `map_dma_buf` hands over.
//! # static MAP_DMA_BUF_RESULT: AtomicPtr<bindings::sg_table> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl sgt::SgtExporter for Exporter {
//! #     fn map_dma_buf(_attach: &Attachment, _dir: mapping::DataDirection) -> Result<NonNull<bindings::sg_table>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_DMA_BUF_RESULT.load(Relaxed)).ok_or(ENOMEM)
//! #     }
//! #     fn unmap_dma_buf(_attach: &Attachment, _sgt: NonNull<bindings::sg_table>, _dir: mapping::DataDirection) {
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj8: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj8.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj9: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//! assert!(!obj9.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::sg_table>()) };
//! MAP_DMA_BUF_RESULT.store(res.cast(), Relaxed);
//! // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(0) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_SGT_P2P(); C importers attach with DMA_BUF_IMAPPING_SGT().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(sgt::emapping_sgt_p2p::<Exporter>(unsafe { mapping::PciDev::from_raw(obj8.cast()) })).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_sgt(dmabuf, obj9.cast(), bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(sgt::is_sgt(a));
//!     assert!(sgt::get_sgt_ops(a).is_some_and(|o| core::ptr::eq(o, sgt::SgtExporterVTable::<Exporter>::ops())));
//!     assert!(sgt::sgt_dma_device(a).is_some_and(|d| core::ptr::eq(d, unsafe { &*obj9.cast::<kernel::device::Device>() })));
//!     assert!(sgt::sgt_p2p_allowed(a));
//!     // Through the C entry point: the exporter's result comes back.
//!     let mapped = sgt::sgt_map_attachment_unlocked(a, mapping::DataDirection::Bidirectional);
//!     assert!(mapped.is_ok_and(|p| p.as_ptr() == MAP_DMA_BUF_RESULT.load(Relaxed)));
//!     assert_eq!(CALLS[0].load(Relaxed), 1);
//!     if let Ok(p) = mapped {
//!         // SAFETY: `p` is what the map gave for `a`, used no more.
//!         unsafe { sgt::sgt_unmap_attachment_unlocked(a, p, mapping::DataDirection::Bidirectional) };
//!     }
//!     assert_eq!(CALLS[1].load(Relaxed), 1);
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // Driver bugs the rules marked warn reported.
//! // SAFETY: A fixture of this test.
//! assert_eq!(unsafe { bindings::maptype_doctest_sgt_rule_warns() }, 0);
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A Rust exporter and a C importer. Only requirement 2 fails.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, sgt, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! # /// What `map_dma_buf` hands over.
//! # static MAP_DMA_BUF_RESULT: AtomicPtr<bindings::sg_table> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl sgt::SgtExporter for Exporter {
//! #     fn map_dma_buf(_attach: &Attachment, _dir: mapping::DataDirection) -> Result<NonNull<bindings::sg_table>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_DMA_BUF_RESULT.load(Relaxed)).ok_or(ENOMEM)
//! #     }
//! #     fn unmap_dma_buf(_attach: &Attachment, _sgt: NonNull<bindings::sg_table>, _dir: mapping::DataDirection) {
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj10: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::pci_dev>()) }.cast();
//! assert!(!obj10.is_null());
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj11: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//! assert!(!obj11.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::sg_table>()) };
//! MAP_DMA_BUF_RESULT.store(res.cast(), Relaxed);
//! // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(-1) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_SGT_P2P(); C importers attach with DMA_BUF_IMAPPING_SGT().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(sgt::emapping_sgt_p2p::<Exporter>(unsafe { mapping::PciDev::from_raw(obj10.cast()) })).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_sgt(dmabuf, obj11.cast(), bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P) });
//! // EOPNOTSUPP: no other candidate, so no common type; no op ran.
//! assert!(attach.is_err_and(|e| e.to_errno() == -(bindings::EINVAL as i32)));
//! assert!(CALLS.iter().all(|c| c.load(Relaxed) == 0));
//! // Driver bugs the rules marked warn reported.
//! // SAFETY: A fixture of this test.
//! assert_eq!(unsafe { bindings::maptype_doctest_sgt_rule_warns() }, 0);
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```
//!
//! A Rust exporter and a C importer. The guard of `when` block 0 is false: its requirements are
//! skipped.
//!
//! ```
//! # use core::ptr::NonNull;
//! # use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::Relaxed};
//! # use kernel::bindings;
//! # use kernel::dma_buf::mapping::{self, sgt, Attachment, MatchArgs, MatchList};
//! # use kernel::prelude::*;
//! #
//! # /// Calls of each exporter op, in declaration order.
//! # static CALLS: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];
//! # /// What `map_dma_buf` hands over.
//! # static MAP_DMA_BUF_RESULT: AtomicPtr<bindings::sg_table> = AtomicPtr::new(core::ptr::null_mut());
//! #
//! # struct Exporter;
//! #
//! # impl sgt::SgtExporter for Exporter {
//! #     fn map_dma_buf(_attach: &Attachment, _dir: mapping::DataDirection) -> Result<NonNull<bindings::sg_table>> {
//! #         CALLS[0].fetch_add(1, Relaxed);
//! #         NonNull::new(MAP_DMA_BUF_RESULT.load(Relaxed)).ok_or(ENOMEM)
//! #     }
//! #     fn unmap_dma_buf(_attach: &Attachment, _sgt: NonNull<bindings::sg_table>, _dir: mapping::DataDirection) {
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
//! // SAFETY: Test fixtures, freed when the test ends.
//! let obj12: *mut core::ffi::c_void = unsafe { bindings::maptype_doctest_device() }.cast();
//! assert!(!obj12.is_null());
//! // SAFETY: A fixture, freed when the test ends.
//! let res = unsafe { bindings::maptype_doctest_object(core::mem::size_of::<bindings::sg_table>()) };
//! MAP_DMA_BUF_RESULT.store(res.cast(), Relaxed);
//! // The rules marked warn report to a counter, not WARN_ON(), until the test ends.
//! // SAFETY: A fixture of this test.
//! unsafe { bindings::maptype_doctest_count_sgt_rule_warns() };
//! // SAFETY: The stub lasts until the test ends.
//! unsafe { bindings::maptype_doctest_stub_sgt_pci_p2pdma_distance(-1) };
//!
//! // A Rust exporter offers DMA_BUF_EMAPPING_SGT(); C importers attach with DMA_BUF_IMAPPING_SGT().
//! let mut candidates = MatchList::<'static, 1>::new();
//! assert!(candidates.push(sgt::emapping_sgt::<Exporter>()).is_ok());
//! let size: usize = 16384;
//! let priv_ = core::ptr::addr_of!(candidates).cast_mut().cast();
//! // SAFETY: `OPS` is static; `candidates` outlives the buffer's attachments.
//! let dmabuf = unsafe { bindings::maptype_doctest_export(&OPS.0, size, priv_) };
//! assert!(!dmabuf.is_null());
//! // SAFETY: The buffer is live; the candidate's objects outlive the attachment.
//! let attach = kernel::error::from_err_ptr(unsafe { bindings::maptype_doctest_attach_imapping_sgt(dmabuf, obj12.cast(), bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P) });
//! assert!(attach.is_ok());
//! if let Ok(attach) = attach {
//!     // SAFETY: Attached above, detached below.
//!     let a = unsafe { Attachment::from_raw(attach) };
//!     assert!(sgt::is_sgt(a));
//!     assert!(sgt::get_sgt_ops(a).is_some_and(|o| core::ptr::eq(o, sgt::SgtExporterVTable::<Exporter>::ops())));
//!     assert!(sgt::sgt_dma_device(a).is_some_and(|d| core::ptr::eq(d, unsafe { &*obj12.cast::<kernel::device::Device>() })));
//!     assert!(!sgt::sgt_p2p_allowed(a));
//!     // Through the C entry point: the exporter's result comes back.
//!     let mapped = sgt::sgt_map_attachment_unlocked(a, mapping::DataDirection::Bidirectional);
//!     assert!(mapped.is_ok_and(|p| p.as_ptr() == MAP_DMA_BUF_RESULT.load(Relaxed)));
//!     assert_eq!(CALLS[0].load(Relaxed), 1);
//!     if let Ok(p) = mapped {
//!         // SAFETY: `p` is what the map gave for `a`, used no more.
//!         unsafe { sgt::sgt_unmap_attachment_unlocked(a, p, mapping::DataDirection::Bidirectional) };
//!     }
//!     assert_eq!(CALLS[1].load(Relaxed), 1);
//!     // SAFETY: Attached above.
//!     unsafe { bindings::dma_buf_detach(dmabuf, attach) };
//! }
//! // Driver bugs the rules marked warn reported.
//! // SAFETY: A fixture of this test.
//! assert_eq!(unsafe { bindings::maptype_doctest_sgt_rule_warns() }, 0);
//! // SAFETY: The test's reference.
//! unsafe { bindings::dma_buf_put(dmabuf) };
//! ```

use crate::bindings;

/// The DMA Mapped Scatter Gather Table type: the address of its C singleton
/// `dma_buf_mapping_sgt_type`.
#[allow(unused_unsafe)]
pub fn mapping_type() -> *const bindings::dma_buf_mapping_type {
    // SAFETY: Only the address of the C singleton is taken; it is not read or written.
    unsafe { core::ptr::addr_of!(bindings::dma_buf_mapping_sgt_type) }
}

/// Whether `attach` negotiated the DMA Mapped Scatter Gather Table type.
pub fn is_sgt(attach: &super::Attachment) -> bool {
    attach.mapping_type() == mapping_type()
}

/// Peer-to-peer requirements of an SGT candidate.
///
/// C `enum dma_sgt_requires_p2p`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DmaSgtRequiresP2p {
    /// No peer-to-peer DMA involved.
    NoP2p,
    /// Exporter: the importer must reach the p2p device by PCI P2P DMA.
    ExporterRequiresP2pDistance,
    /// Importer: can DMA to another device's PCI BAR.
    ImporterAcceptsP2p,
}

impl DmaSgtRequiresP2p {
    /// The C value.
    pub const fn to_raw(self) -> bindings::dma_sgt_requires_p2p {
        match self {
            Self::NoP2p => bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P,
            Self::ExporterRequiresP2pDistance => {
                bindings::dma_sgt_requires_p2p_DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE
            }
            Self::ImporterAcceptsP2p => {
                bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P
            }
        }
    }

    /// The variant a C value names, or `None` if it names none.
    pub const fn from_raw(raw: bindings::dma_sgt_requires_p2p) -> Option<Self> {
        match raw {
            bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P => Some(Self::NoP2p),
            bindings::dma_sgt_requires_p2p_DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE => {
                Some(Self::ExporterRequiresP2pDistance)
            }
            bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P => {
                Some(Self::ImporterAcceptsP2p)
            }
            _ => None,
        }
    }
}

/// The values `importer_accepts_p2p` may hold: a subset of [`DmaSgtRequiresP2p`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImporterAcceptsP2p {
    /// No peer-to-peer DMA involved.
    NoP2p,
    /// Importer: can DMA to another device's PCI BAR.
    ImporterAcceptsP2p,
}

impl ImporterAcceptsP2p {
    /// The C value.
    pub const fn to_raw(self) -> bindings::dma_sgt_requires_p2p {
        match self {
            Self::NoP2p => bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P,
            Self::ImporterAcceptsP2p => {
                bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P
            }
        }
    }
}

impl From<ImporterAcceptsP2p> for DmaSgtRequiresP2p {
    fn from(v: ImporterAcceptsP2p) -> Self {
        match v {
            ImporterAcceptsP2p::NoP2p => Self::NoP2p,
            ImporterAcceptsP2p::ImporterAcceptsP2p => Self::ImporterAcceptsP2p,
        }
    }
}

/// Exporter callbacks for an SGT attachment.
///
/// The Rust side of C `struct dma_buf_mapping_sgt_exp_ops`: [`SgtExporterVTable`] builds the C ops
/// of an implementation, and the exporter constructors take it as their type parameter.
pub trait SgtExporter {
    /// Map the buffer for the attachment's DMA device.
    ///
    /// An error reaches the importer as an `ERR_PTR()`.
    fn map_dma_buf(
        attach: &super::Attachment,
        dir: super::DataDirection,
    ) -> crate::error::Result<core::ptr::NonNull<bindings::sg_table>>;

    /// Undo map_dma_buf.
    fn unmap_dma_buf(
        attach: &super::Attachment,
        sgt: core::ptr::NonNull<bindings::sg_table>,
        dir: super::DataDirection,
    );
}

/// Builds the C `struct dma_buf_mapping_sgt_exp_ops` of a [`SgtExporter`] implementation.
pub struct SgtExporterVTable<T: SgtExporter>(core::marker::PhantomData<T>);

impl<T: SgtExporter> SgtExporterVTable<T> {
    const OPS: bindings::dma_buf_mapping_sgt_exp_ops = {
        // SAFETY: `struct dma_buf_mapping_exp_ops` has no fields, so all zeroes is a valid value.
        let ops = unsafe { core::mem::zeroed() };
        bindings::dma_buf_mapping_sgt_exp_ops {
            ops,
            map_dma_buf: Some(map_dma_buf_callback::<T>),
            unmap_dma_buf: Some(unmap_dma_buf_callback::<T>),
        }
    };

    /// The C ops of `T`, at a static address; each op calls `T`'s method through a
    /// trampoline.
    pub const fn ops() -> &'static bindings::dma_buf_mapping_sgt_exp_ops {
        &Self::OPS
    }
}

/// The C `map_dma_buf` op of `T`: converts the arguments, calls `T::map_dma_buf` and converts its
/// result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) fails with `EINVAL`.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_sgt_exp_ops` built for `T`,
/// with the arguments the C op is documented to take.
unsafe extern "C" fn map_dma_buf_callback<T: SgtExporter>(
    attach: *mut bindings::dma_buf_attachment,
    dir: bindings::dma_data_direction,
) -> *mut bindings::sg_table {
    if attach.is_null() {
        return crate::error::code::EINVAL.to_ptr();
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { super::Attachment::from_raw(attach) };
    let Some(dir) = super::DataDirection::from_raw(dir) else {
        return crate::error::code::EINVAL.to_ptr();
    };
    super::result_to_ptr(T::map_dma_buf(attach, dir))
}

/// The C `unmap_dma_buf` op of `T`: converts the arguments, calls `T::unmap_dma_buf` and converts
/// its result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) skips the call.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_sgt_exp_ops` built for `T`,
/// with the arguments the C op is documented to take.
unsafe extern "C" fn unmap_dma_buf_callback<T: SgtExporter>(
    attach: *mut bindings::dma_buf_attachment,
    sgt: *mut bindings::sg_table,
    dir: bindings::dma_data_direction,
) {
    if attach.is_null() {
        return;
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { super::Attachment::from_raw(attach) };
    let Some(sgt) = core::ptr::NonNull::new(sgt) else {
        return;
    };
    let Some(dir) = super::DataDirection::from_raw(dir) else {
        return;
    };
    T::unmap_dma_buf(attach, sgt, dir);
}

/// An importer candidate: map for `importing_dma_device`. Pass
/// DMA_SGT_IMPORTER_ACCEPTS_P2P or DMA_SGT_NO_P2P; any other value (`true`
/// included) is a bug, warns, and never matches a P2P exporter.
///
/// C `DMA_BUF_IMAPPING_SGT()` (static inline).
pub fn imapping_sgt<'a>(
    importing_dma_device: &'a crate::device::Device,
    importer_accepts_p2p: ImporterAcceptsP2p,
) -> super::Match<'a> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'a`.
    unsafe {
        super::Match::from_raw(
            bindings::DMA_BUF_IMAPPING_SGT(
                importing_dma_device.as_raw(),
                importer_accepts_p2p.to_raw(),
            ),
        )
    }
}

/// An exporter candidate without peer-to-peer.
///
/// C `DMA_BUF_EMAPPING_SGT()` (macro).
pub fn emapping_sgt<T: SgtExporter>() -> super::Match<'static> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'static` (the ops are static).
    unsafe {
        super::Match::from_raw(
            bindings::DMA_BUF_EMAPPING_SGT(SgtExporterVTable::<T>::ops()),
        )
    }
}

/// An exporter candidate whose memory is on `p2p_device`.
///
/// C `DMA_BUF_EMAPPING_SGT_P2P()` (static inline).
pub fn emapping_sgt_p2p<'a, T: SgtExporter>(
    p2p_device: &'a super::PciDev,
) -> super::Match<'a> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'a` (the ops are static).
    unsafe {
        super::Match::from_raw(
            bindings::DMA_BUF_EMAPPING_SGT_P2P(
                SgtExporterVTable::<T>::ops(),
                p2p_device.as_raw(),
            ),
        )
    }
}

/// The device the attachment is mapped for, or NULL if it is not SGT.
///
/// C `dma_buf_sgt_dma_device()`. `None` when `attach` did not negotiate the DMA Mapped Scatter
/// Gather Table type.
pub fn sgt_dma_device(attach: &super::Attachment) -> Option<&crate::device::Device> {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    let value = unsafe { bindings::dma_buf_sgt_dma_device(attach.as_raw()) };
    if value.is_null() {
        return None;
    }

    // SAFETY: A device of the negotiated match stays valid while the attachment exists, and
    // `Device` is a transparent wrapper of the C struct.
    Some(unsafe { &*value.cast::<crate::device::Device>() })
}

/// True iff the peer-to-peer exporter candidate matched.
///
/// C `dma_buf_sgt_p2p_allowed()`. `false` when `attach` did not negotiate the DMA Mapped Scatter
/// Gather Table type.
pub fn sgt_p2p_allowed(attach: &super::Attachment) -> bool {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    unsafe { bindings::dma_buf_sgt_p2p_allowed(attach.as_raw()) }
}

/// The exporter's C `struct dma_buf_mapping_sgt_exp_ops` of the match `attach` negotiated, or
/// `None` when it did not negotiate the DMA Mapped Scatter Gather Table type (C
/// `dma_buf_get_sgt_ops()`).
pub fn get_sgt_ops(
    attach: &super::Attachment,
) -> Option<&bindings::dma_buf_mapping_sgt_exp_ops> {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    let ops = unsafe { bindings::dma_buf_get_sgt_ops(attach.as_raw()) };
    // SAFETY: An exporter's ops outlive every attachment that negotiated them.
    unsafe { ops.as_ref() }
}

/// Map the attachment; the caller holds the reservation lock.
///
/// C `dma_buf_sgt_map_attachment()`.
///
/// # Safety
///
/// The caller must hold the buffer's reservation lock.
pub unsafe fn sgt_map_attachment(
    attach: &super::Attachment,
    dir: super::DataDirection,
) -> crate::error::Result<core::ptr::NonNull<bindings::sg_table>> {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    let ret = unsafe {
        bindings::dma_buf_sgt_map_attachment(attach.as_raw(), dir.to_raw())
    };
    let ptr = crate::error::from_err_ptr(ret)?;
    core::ptr::NonNull::new(ptr).ok_or(crate::error::code::EINVAL)
}

/// Map the attachment, taking the reservation lock.
///
/// C `dma_buf_sgt_map_attachment_unlocked()`.
///
/// Takes the buffer's reservation lock; the caller must not hold it.
pub fn sgt_map_attachment_unlocked(
    attach: &super::Attachment,
    dir: super::DataDirection,
) -> crate::error::Result<core::ptr::NonNull<bindings::sg_table>> {
    // SAFETY: `attach` is a live attachment and the arguments are what the C function takes.
    let ret = unsafe {
        bindings::dma_buf_sgt_map_attachment_unlocked(attach.as_raw(), dir.to_raw())
    };
    let ptr = crate::error::from_err_ptr(ret)?;
    core::ptr::NonNull::new(ptr).ok_or(crate::error::code::EINVAL)
}

/// Unmap; the caller holds the reservation lock.
///
/// C `dma_buf_sgt_unmap_attachment()`.
///
/// # Safety
///
/// - The caller must hold the buffer's reservation lock.
/// - Every pointer argument must be what `dma_buf_sgt_map_attachment()` returned for `attach`, and
///   is not used again.
pub unsafe fn sgt_unmap_attachment(
    attach: &super::Attachment,
    sgt: core::ptr::NonNull<bindings::sg_table>,
    dir: super::DataDirection,
) {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    unsafe {
        bindings::dma_buf_sgt_unmap_attachment(
            attach.as_raw(),
            sgt.as_ptr(),
            dir.to_raw(),
        )
    };
}

/// Unmap, taking the reservation lock.
///
/// C `dma_buf_sgt_unmap_attachment_unlocked()`.
///
/// Takes the buffer's reservation lock; the caller must not hold it.
///
/// # Safety
///
/// Every pointer argument must be what `dma_buf_sgt_map_attachment_unlocked()` returned for
/// `attach`, and is not used again.
pub unsafe fn sgt_unmap_attachment_unlocked(
    attach: &super::Attachment,
    sgt: core::ptr::NonNull<bindings::sg_table>,
    dir: super::DataDirection,
) {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    unsafe {
        bindings::dma_buf_sgt_unmap_attachment_unlocked(
            attach.as_raw(),
            sgt.as_ptr(),
            dir.to_raw(),
        )
    };
}
