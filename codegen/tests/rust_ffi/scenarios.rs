// SPDX-License-Identifier: GPL-2.0

//! Negotiation across the FFI boundary: Rust exporters reached through the
//! generated C core by C importers, and Rust importers attaching to C
//! exporters. Built by tests/rust_ffi.rs against the stand-in `kernel` crate
//! and run with one test thread (the C side keeps global state).

use core::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use kernel::bindings;
use kernel::device::Device;
use kernel::dma_buf::mapping::{self as mapping, demo, pal, sgt, Attachment, DataDirection, MatchArgs, MatchList, PciDev};
use kernel::error::{code::*, Result};
use kernel::prelude::vtable;
use xe_driver::xe_iov;

const PAGE: u64 = 4096;
const PAGES: usize = 4;

// ---- a Rust exporter of PAL and SGT ----------------------------------------

struct RustExp;

static PAL_MAPS: AtomicUsize = AtomicUsize::new(0);
static PAL_UNMAPS: AtomicUsize = AtomicUsize::new(0);
static UNMAPPED_LEN: AtomicUsize = AtomicUsize::new(0);
static SGT_MAPS: AtomicUsize = AtomicUsize::new(0);
static SGT_UNMAPS: AtomicUsize = AtomicUsize::new(0);
static LAST_DIR: AtomicUsize = AtomicUsize::new(99);
static MATCH_CALLS: AtomicUsize = AtomicUsize::new(0);

/// How the exporter misbehaves, if at all.
static MODE: AtomicUsize = AtomicUsize::new(MODE_OK);
const MODE_OK: usize = 0;
const MODE_INVALID_LIST: usize = 1;
const MODE_ENOMEM: usize = 2;
const MODE_ERR_RANGE_PTR: usize = 3;
const MODE_SHORT_LIST: usize = 4;

fn reset() {
    // SAFETY: Test-only counters of the stand-in.
    unsafe { bindings::fixture_reset() };
    for c in [&PAL_MAPS, &PAL_UNMAPS, &UNMAPPED_LEN, &SGT_MAPS, &SGT_UNMAPS, &MATCH_CALLS] {
        c.store(0, SeqCst);
    }
    LAST_DIR.store(99, SeqCst);
    MODE.store(MODE_OK, SeqCst);
}

fn rust_sgt() -> *mut bindings::sg_table {
    static SGT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SGT.get_or_init(|| Box::into_raw(Box::new(bindings::sg_table::default())) as usize) as *mut bindings::sg_table
}

fn range(paddr: u64, len: u64) -> bindings::dma_buf_phys_vec {
    bindings::dma_buf_phys_vec { paddr, len: len as usize }
}

impl pal::PalExporter for RustExp {
    fn map_phys(attach: &Attachment) -> Result<pal::DmaBufPhysList> {
        PAL_MAPS.fetch_add(1, SeqCst);
        // SAFETY: The attachment's buffer is live while it is mapped.
        let size = unsafe { (*attach.dmabuf()).size } as u64;
        match MODE.load(SeqCst) {
            MODE_ENOMEM => Err(ENOMEM),
            // Unaligned start: the C entry point must refuse it.
            MODE_INVALID_LIST => pal::DmaBufPhysList::new(&[range(0x1000_0800, size)]),
            // Covers half the buffer.
            MODE_SHORT_LIST => pal::DmaBufPhysList::new(&[range(0x1000_0000, size / 2)]),
            _ => {
                let v: Vec<_> = (0..size / PAGE).map(|i| range(0x4000_0000 + 2 * i * PAGE, PAGE)).collect();
                pal::DmaBufPhysList::new(&v)
            }
        }
    }

    fn unmap_phys(_attach: &Attachment, phys: pal::DmaBufPhysList) {
        PAL_UNMAPS.fetch_add(1, SeqCst);
        UNMAPPED_LEN.store(phys.len(), SeqCst);
        drop(phys);
    }
}

impl sgt::SgtExporter for RustExp {
    fn map_dma_buf(_attach: &Attachment, dir: DataDirection) -> Result<NonNull<bindings::sg_table>> {
        SGT_MAPS.fetch_add(1, SeqCst);
        LAST_DIR.store(dir as usize, SeqCst);
        match MODE.load(SeqCst) {
            MODE_ENOMEM => Err(ENOMEM),
            // A "success" C would read as ERR_PTR(-5).
            MODE_ERR_RANGE_PTR => Ok(NonNull::new(usize::MAX.wrapping_sub(4) as *mut bindings::sg_table).unwrap()),
            _ => Ok(NonNull::new(rust_sgt()).unwrap()),
        }
    }

    fn unmap_dma_buf(_attach: &Attachment, sgt: NonNull<bindings::sg_table>, _dir: DataDirection) {
        assert_eq!(sgt.as_ptr(), rust_sgt(), "unmap got back what map returned");
        SGT_UNMAPS.fetch_add(1, SeqCst);
    }
}

impl mapping::MatchMapping for RustExp {
    fn match_mapping(args: &MatchArgs) -> Result {
        MATCH_CALLS.fetch_add(1, SeqCst);
        // vfio's order: PAL first, then SGT as the fallback.
        let mut list = MatchList::<2>::new();
        list.push(pal::emapping_pal::<RustExp>())?;
        list.push(sgt::emapping_sgt::<RustExp>())?;
        mapping::match_mapping(args, &list)
    }
}

fn rust_exporter_ops() -> *const bindings::dma_buf_ops {
    static OPS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *OPS.get_or_init(|| {
        let ops = bindings::dma_buf_ops {
            match_mapping: Some(mapping::match_mapping_callback::<RustExp>()),
            single_exporter_match: core::ptr::null(),
        };
        Box::into_raw(Box::new(ops)) as usize
    }) as *const bindings::dma_buf_ops
}

fn rust_buf() -> *mut bindings::dma_buf {
    // SAFETY: The fixture hands out its static buffer.
    unsafe { bindings::fixture_buf(rust_exporter_ops(), PAGES) }
}

fn live_allocs() -> isize {
    // SAFETY: Test-only counter.
    unsafe { bindings::fixture_live_allocs() as isize }
}

fn importer_dev() -> &'static Device {
    // SAFETY: The fixture's device is static.
    unsafe { Device::as_ref(bindings::fixture_importer_dev()) }
}

fn pci(p: *mut bindings::pci_dev) -> &'static PciDev {
    // SAFETY: The fixture's devices are static.
    unsafe { PciDev::from_raw(p) }
}

// ---- C importers against the Rust exporter ----------------------------------

#[test]
fn c_iommufd_importer_gets_pal_from_rust_exporter() {
    reset();
    let before = live_allocs();
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_pal(rust_buf()) };
    assert_eq!((r.attach_err, r.map_err), (0, 0));
    assert!(r.is_pal && !r.is_sgt, "PAL negotiated");
    assert_eq!(MATCH_CALLS.load(SeqCst), 1, "the Rust match_mapping trampoline ran");
    assert_eq!(PAL_MAPS.load(SeqCst), 1, "the Rust map_phys trampoline ran");
    assert_eq!(PAL_UNMAPS.load(SeqCst), 1, "the Rust unmap_phys trampoline ran");
    assert_eq!(r.entries, PAGES, "the list reached the importer");
    assert_eq!(r.first_paddr, 0x4000_0000);
    assert_eq!(r.total_len, PAGES as u64 * PAGE);
    assert_eq!(UNMAPPED_LEN.load(SeqCst), PAGES, "unmap got the list back");
    assert_eq!(live_allocs(), before, "the Rust list was freed");
    // SAFETY: Test-only counters.
    unsafe {
        assert_eq!(bindings::fixture_alloc_violations(), 0);
        assert_eq!(bindings::fixture_lock_violations(), 0);
        assert_eq!(bindings::fixture_warn_hits(), 0);
    }
}

#[test]
fn c_dma_importer_falls_back_to_rust_sgt() {
    reset();
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_sgt(rust_buf(), false) };
    assert_eq!((r.attach_err, r.map_err), (0, 0));
    assert!(r.is_sgt && !r.is_pal, "the importer has no PAL, so SGT");
    assert_eq!(r.sgt, rust_sgt(), "the Rust table reached the importer");
    // SAFETY: A static fixture device.
    assert_eq!(r.sgt_dev, unsafe { bindings::fixture_importer_dev() });
    assert_eq!((SGT_MAPS.load(SeqCst), SGT_UNMAPS.load(SeqCst)), (1, 1));
    assert_eq!(LAST_DIR.load(SeqCst), DataDirection::Bidirectional as usize);
    assert_eq!(PAL_MAPS.load(SeqCst), 0);
}

#[test]
fn invalid_rust_pal_list_is_refused_and_given_back() {
    for (mode, what) in [(MODE_INVALID_LIST, "unaligned"), (MODE_SHORT_LIST, "short")] {
        reset();
        MODE.store(mode, SeqCst);
        let before = live_allocs();
        // SAFETY: A static fixture buffer.
        let r = unsafe { bindings::fixture_c_import_pal(rust_buf()) };
        assert_eq!(r.attach_err, 0);
        assert_eq!(r.map_err, EINVAL.to_errno(), "{what} list refused by the C entry point");
        assert_eq!(PAL_MAPS.load(SeqCst), 1);
        assert_eq!(PAL_UNMAPS.load(SeqCst), 1, "{what} list given back through the Rust unmap");
        assert_eq!(UNMAPPED_LEN.load(SeqCst), 1);
        assert_eq!(live_allocs(), before, "{what} list freed");
        // SAFETY: Test-only counters.
        unsafe {
            assert!(bindings::fixture_warn_hits() > 0, "the C validator warned");
            assert_eq!(bindings::fixture_alloc_violations(), 0);
        }
    }
}

#[test]
fn rust_error_reaches_c_as_err_ptr() {
    reset();
    MODE.store(MODE_ENOMEM, SeqCst);
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_pal(rust_buf()) };
    assert_eq!(r.map_err, ENOMEM.to_errno());
    assert_eq!(PAL_UNMAPS.load(SeqCst), 0, "nothing to give back");
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_sgt(rust_buf(), false) };
    assert_eq!(r.map_err, ENOMEM.to_errno());
}

#[test]
fn rust_success_in_error_range_becomes_einval() {
    reset();
    MODE.store(MODE_ERR_RANGE_PTR, SeqCst);
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_sgt(rust_buf(), false) };
    assert_eq!(r.map_err, EINVAL.to_errno(), "never mistaken for ERR_PTR(-5)");
    assert_eq!(SGT_UNMAPS.load(SeqCst), 0);
}

// ---- Rust importers against C exporters --------------------------------------

#[test]
fn rust_importer_picks_pal_from_c_exporter() {
    reset();
    let before = live_allocs();
    // SAFETY: The fixture's exporter and buffer are static.
    let buf = unsafe { bindings::fixture_buf(bindings::fixture_c_exporter_pal_sgt(), PAGES) };
    let cands = [sgt::imapping_sgt(importer_dev(), sgt::ImporterAcceptsP2p::NoP2p), pal::imapping_pal()];
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("attach");
    assert!(pal::is_pal(&a) && !sgt::is_sgt(&a), "the exporter prefers PAL");
    assert!(pal::get_pal_ops(&a).is_some());
    assert!(sgt::get_sgt_ops(&a).is_none(), "another type: None");
    assert!(sgt::sgt_dma_device(&a).is_none(), "another type: None");
    assert!(!sgt::sgt_p2p_allowed(&a), "another type: false");
    assert!(xe_iov::xe_iov_vf(&a).is_none() && xe_iov::match_data(&a).is_none());
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_lock(buf) };
    {
        // SAFETY: The reservation lock is held.
        let m = unsafe { pal::pal_map_phys(&a) }.expect("map");
        assert_eq!(m.len(), PAGES);
        assert_eq!(m.entries()[1].paddr, 0x100000 + 2 * PAGE);
        // SAFETY: Test-only counter.
        assert_eq!(unsafe { bindings::fixture_c_unmaps() }, 0);
    }
    // SAFETY: Test-only counters; a static fixture buffer.
    unsafe {
        assert_eq!(bindings::fixture_c_unmaps(), 1, "the guard gave the list back");
        bindings::fixture_unlock(buf);
    }
    drop(a);
    assert_eq!(live_allocs(), before, "list and attachment freed");
    // SAFETY: Test-only counters.
    unsafe { assert_eq!(bindings::fixture_lock_violations(), 0) };
}

#[test]
fn rust_importer_gets_sgt_when_it_has_only_sgt() {
    reset();
    // SAFETY: The fixture's exporter and buffer are static.
    let buf = unsafe { bindings::fixture_buf(bindings::fixture_c_exporter_pal_sgt(), PAGES) };
    let dev = importer_dev();
    let cands = [sgt::imapping_sgt(dev, sgt::ImporterAcceptsP2p::NoP2p)];
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("attach");
    assert!(sgt::is_sgt(&a));
    assert_eq!(sgt::sgt_dma_device(&a).map(|d| d.raw_for_test()), Some(dev.raw_for_test()));
    assert!(!sgt::sgt_p2p_allowed(&a));
    assert!(pal::get_pal_ops(&a).is_none());
    let table = sgt::sgt_map_attachment_unlocked(&a, DataDirection::ToDevice).expect("map");
    // SAFETY: Test-only fixture.
    assert_eq!(table.as_ptr(), unsafe { bindings::fixture_c_sgt() });
    // SAFETY: `table` came from the map on `a`.
    unsafe { sgt::sgt_unmap_attachment_unlocked(&a, table, DataDirection::ToDevice) };
    // SAFETY: Test-only counters.
    unsafe { assert_eq!((bindings::fixture_c_maps(), bindings::fixture_c_unmaps()), (1, 1)) };
}

#[test]
fn rust_importer_and_rust_exporter_meet_in_the_c_core() {
    reset();
    let buf = rust_buf();
    let cands = [pal::imapping_pal()];
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("attach");
    assert!(pal::is_pal(&a));
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_lock(buf) };
    {
        // SAFETY: The reservation lock is held.
        let m = unsafe { pal::pal_map_phys(&a) }.expect("map");
        assert_eq!(m.entries().iter().map(|e| e.len as u64).sum::<u64>(), PAGES as u64 * PAGE);
    }
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_unlock(buf) };
    assert_eq!((PAL_MAPS.load(SeqCst), PAL_UNMAPS.load(SeqCst)), (1, 1));

    MODE.store(MODE_INVALID_LIST, SeqCst);
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_lock(buf) };
    // SAFETY: The reservation lock is held.
    let err = unsafe { pal::pal_map_phys(&a) }.err();
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_unlock(buf) };
    assert_eq!(err, Some(EINVAL), "the invalid list is an error in Rust too");
    assert_eq!(PAL_UNMAPS.load(SeqCst), 2, "and went back to the exporter");
}

#[test]
fn no_common_type_is_einval() {
    reset();
    // SAFETY: The fixture's exporter and buffer are static.
    let buf = unsafe { bindings::fixture_buf(bindings::fixture_c_exporter_pal_sgt(), PAGES) };
    // SAFETY: A static fixture device.
    let cands = [xe_iov::imapping_xe_iov(pci(unsafe { bindings::fixture_pf() }), 2)];
    // SAFETY: The buffer outlives the attachment.
    let r = unsafe { mapping::attach(buf, &cands) };
    assert_eq!(r.err(), Some(EINVAL));
}

#[test]
fn rust_xe_importer_matches_its_own_vf_only() {
    reset();
    // SAFETY: The fixture's exporter and buffer are static.
    let buf = unsafe { bindings::fixture_buf(bindings::fixture_c_exporter_xe_iov(), PAGES) };
    // SAFETY: Static fixture devices.
    let (pf, vf) = unsafe { (bindings::fixture_pf(), bindings::fixture_vf()) };
    let cands = [xe_iov::imapping_xe_iov(pci(pf), 2)];
    assert_eq!(xe_iov::candidate_data(&cands[0]).map(|d| (d.pf, d.bar)), Some((pf, 2)));
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("attach");
    assert!(xe_iov::is_xe_iov(&a) && !sgt::is_sgt(&a));
    assert_eq!(xe_iov::xe_iov_vf(&a).map(PciDev::as_raw), Some(vf), "the exporter's VF was kept");
    let data = xe_iov::match_data(&a).expect("xe_iov data");
    assert_eq!((data.pf, data.vf, data.bar), (pf, vf, 2));
    assert!(xe_iov::get_xe_iov_ops(&a).is_some_and(|o| o.map.is_some()));
    let (mut bar, mut n) = (0u32, 0usize);
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_lock(buf) };
    // SAFETY: The reservation lock is held.
    let ranges = unsafe { xe_iov::xe_iov_map(&a, &mut bar, &mut n) };
    // SAFETY: A static fixture buffer.
    unsafe { bindings::fixture_unlock(buf) };
    assert!(ranges.is_ok());
    assert_eq!((bar, n), (2, 2), "out-parameters came back");
    drop(a);

    // Another BAR: no match with xe_iov; the importer has no SGT candidate.
    let cands = [xe_iov::imapping_xe_iov(pci(pf), 3)];
    // SAFETY: The buffer outlives the attachment.
    assert_eq!(unsafe { mapping::attach(buf, &cands) }.err(), Some(EINVAL));
    // Not the VF's PF: no match either.
    // SAFETY: A static fixture device.
    let other_pf = unsafe { (*bindings::fixture_other_vf()).physfn };
    let cands = [xe_iov::imapping_xe_iov(pci(other_pf), 2), sgt::imapping_sgt(importer_dev(), sgt::ImporterAcceptsP2p::NoP2p)];
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("attach");
    assert!(sgt::is_sgt(&a), "fell back to the exporter's SGT");
}

#[test]
fn match_list_count_never_disagrees() {
    reset();
    let mut list = MatchList::<1>::new();
    assert!(list.is_empty());
    list.push(pal::emapping_pal::<RustExp>()).expect("room for one");
    assert_eq!(list.push(sgt::emapping_sgt::<RustExp>()), Err(ENOSPC));
    assert_eq!(list.len(), 1);
    assert_eq!(list.as_slice().len(), 1);
    assert_eq!(list.as_slice()[0].mapping_type(), pal::mapping_type());
    // SAFETY: Test-only counter.
    assert_eq!(unsafe { bindings::fixture_warn_hits() }, 0, "the C list never overflowed");
}

#[test]
fn enums_round_trip_through_c_values() {
    for d in [DataDirection::Bidirectional, DataDirection::ToDevice, DataDirection::FromDevice, DataDirection::None] {
        assert_eq!(DataDirection::from_raw(d.to_raw()), Some(d));
    }
    assert_eq!(DataDirection::from_raw(77), None);
    let v = sgt::DmaSgtRequiresP2p::from(sgt::ImporterAcceptsP2p::ImporterAcceptsP2p);
    assert_eq!(v.to_raw(), sgt::ImporterAcceptsP2p::ImporterAcceptsP2p.to_raw());
    assert_eq!(sgt::DmaSgtRequiresP2p::from_raw(v.to_raw()), Some(v));
}

// ---- optional ops: the #[vtable] path ----------------------------------------

static PREPARES: AtomicUsize = AtomicUsize::new(0);
static HINTS: AtomicUsize = AtomicUsize::new(99);

/// Overrides the optional `hint`.
struct DemoFull;
/// Leaves `hint` out: its C op must be NULL.
struct DemoMin;

#[vtable]
impl demo::DemoExporter for DemoFull {
    fn prepare(_attach: &Attachment) -> Result {
        PREPARES.fetch_add(1, SeqCst);
        Ok(())
    }

    fn hint(_attach: &Attachment, dir: DataDirection) {
        HINTS.store(dir as usize, SeqCst);
    }
}

#[vtable]
impl demo::DemoExporter for DemoMin {
    fn prepare(_attach: &Attachment) -> Result {
        PREPARES.fetch_add(1, SeqCst);
        Err(EOVERFLOW)
    }
}

struct DemoOffer<T>(core::marker::PhantomData<T>);

impl<T: demo::DemoExporter> mapping::MatchMapping for DemoOffer<T> {
    fn match_mapping(args: &MatchArgs) -> Result {
        let mut list = MatchList::<1>::new();
        list.push(demo::emapping_demo::<T>())?;
        mapping::match_mapping(args, &list)
    }
}

fn demo_buf<T: demo::DemoExporter + 'static>() -> *mut bindings::dma_buf {
    let ops = bindings::dma_buf_ops {
        match_mapping: Some(mapping::match_mapping_callback::<DemoOffer<T>>()),
        single_exporter_match: core::ptr::null(),
    };
    // SAFETY: The fixture keeps the (leaked, so static) ops.
    unsafe { bindings::fixture_buf(Box::into_raw(Box::new(ops)), PAGES) }
}

#[test]
fn optional_op_is_null_unless_overridden() {
    reset();
    assert!(<DemoFull as demo::DemoExporter>::HAS_HINT);
    assert!(!<DemoMin as demo::DemoExporter>::HAS_HINT);
    assert!(demo::DemoExporterVTable::<DemoFull>::ops().hint.is_some());
    assert!(demo::DemoExporterVTable::<DemoMin>::ops().hint.is_none());

    PREPARES.store(0, SeqCst);
    HINTS.store(99, SeqCst);
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_demo(demo_buf::<DemoFull>(), 7) };
    assert_eq!(r.attach_err, 0);
    assert_eq!((r.prepare_ret, r.has_hint, r.cookie), (0, true, 7));
    assert_eq!(PREPARES.load(SeqCst), 1);
    assert_eq!(HINTS.load(SeqCst), DataDirection::ToDevice as usize, "the optional op's trampoline ran");

    HINTS.store(99, SeqCst);
    // SAFETY: A static fixture buffer.
    let r = unsafe { bindings::fixture_c_import_demo(demo_buf::<DemoMin>(), 7) };
    assert_eq!((r.prepare_ret, r.has_hint), (EOVERFLOW.to_errno(), false), "Err is a negative errno");
    assert_eq!(HINTS.load(SeqCst), 99);
}

#[test]
fn flags_are_a_newtype_and_negotiate_by_bit() {
    reset();
    let (read, write) = (demo::DemoAccess::READ, demo::DemoAccess::WRITE);
    let rw = read | write;
    assert!(rw.has(write) && rw.has(read) && !read.has(rw));
    assert_eq!(rw & write, write);
    assert_eq!(demo::DemoAccess::from_bits(rw.bits()), Some(rw));
    assert_eq!(demo::DemoAccess::from_bits(1 << 2), None, "no such flag");
    assert_eq!(demo::DemoAccess::empty().bits(), 0);
    let buf = demo_buf::<DemoFull>();
    let cands = [demo::imapping_demo_access(5, write)];
    // SAFETY: The buffer outlives the attachment.
    assert!(unsafe { mapping::attach(buf, &cands) }.is_err(), "the exporter serves readers only");
    let cands = [demo::imapping_demo_access(5, rw)];
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("a reader that also writes attaches");
    assert_eq!(demo::demo_cookie(&a), Some(5));
}

#[test]
fn integer_accessor_is_none_for_another_type() {
    reset();
    let cands = [demo::imapping_demo(41)];
    let buf = demo_buf::<DemoFull>();
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(buf, &cands) }.expect("attach");
    assert_eq!(demo::demo_cookie(&a), Some(41));
    assert!(demo::get_demo_ops(&a).is_some());
    drop(a);
    let cands = [pal::imapping_pal()];
    // SAFETY: The buffer outlives the attachment.
    let a = unsafe { mapping::attach(rust_buf(), &cands) }.expect("attach");
    assert_eq!(demo::demo_cookie(&a), None, "not 0: None");
    assert!(demo::get_demo_ops(&a).is_none());
}
