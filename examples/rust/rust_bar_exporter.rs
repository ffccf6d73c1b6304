// SPDX-License-Identifier: GPL-2.0

//! A Rust driver exporting a PCI BAR range as a dma-buf through the generated
//! `kernel::dma_buf::mapping` traits: the Physical Address List first (for
//! iommufd-style importers), then a scatter-gather table as the fallback. A
//! buffer in a BAR of an xe SR-IOV VF also offers the driver-private xe IOV
//! type first, through the [`xe_iov`] module that `maptype::include!`
//! generates from the type's definition (driver-private types' modules
//! belong to their driver's crate).
//!
//! C reaches it through `rust_bar_exporter.h`; the KUnit suite in
//! `maptype-rust-examples-test.c` attaches the C importers of
//! `examples/kernel/` to it. There is no hardware: the BAR is a made-up
//! physical address, and the scatter-gather table has no entries.

use core::ptr::NonNull;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use kernel::alloc::{flags::GFP_KERNEL, KBox};
use kernel::bindings;
use kernel::dma_buf::mapping::{
    self, pal, sgt, Attachment, DataDirection, MatchArgs, MatchList, PciDev,
};
use kernel::page::PAGE_SIZE;
use kernel::prelude::*;

// The module `generate` would write for xe_iov, from its definition,
// checked beside the core's (`schemas` links to the repository's; `kunit
// --rust` copies the definitions there).
maptype::include!("schemas/xe_iov.maptype", core = "schemas");

/// What one exported buffer covers.
struct Bar {
    /// The buffer's ranges: page 0 of the BAR, then pages 2 and on (page 1 is
    /// the BAR's doorbell).
    ranges: [xe_iov::DmaBufXeIovRangesEntry; 2],
    /// Entries of `ranges` in use.
    nr_ranges: usize,
    /// The VF whose BAR this is, or null when it is no xe VF.
    vf: *mut bindings::pci_dev,
    /// The VF's BAR index.
    vf_bar: u32,
}

/// Calls of each op, indexed as `enum rust_bar_op` in C.
static CALLS: [AtomicUsize; 5] = [
    AtomicUsize::new(0),
    AtomicUsize::new(0),
    AtomicUsize::new(0),
    AtomicUsize::new(0),
    AtomicUsize::new(0),
];
const MAP_PHYS: usize = 0;
const UNMAP_PHYS: usize = 1;
const MAP_DMA_BUF: usize = 2;
const UNMAP_DMA_BUF: usize = 3;
const XE_IOV_MAP: usize = 4;

/// The exporter; its state is the buffer's `priv`, a [`Bar`].
struct BarExporter;

impl BarExporter {
    fn bar(attach: &Attachment) -> &Bar {
        // SAFETY: Every buffer with these ops was made by `rust_bar_export`,
        // whose `priv` is a `Bar` freed only on release, after the last detach.
        unsafe { &*(*attach.dmabuf()).priv_.cast::<Bar>() }
    }
}

impl pal::PalExporter for BarExporter {
    fn map_phys(attach: &Attachment) -> Result<pal::DmaBufPhysList> {
        CALLS[MAP_PHYS].fetch_add(1, Relaxed);
        let bar = Self::bar(attach);
        pal::DmaBufPhysList::new(&bar.ranges[..bar.nr_ranges])
    }

    fn unmap_phys(_attach: &Attachment, phys: pal::DmaBufPhysList) {
        CALLS[UNMAP_PHYS].fetch_add(1, Relaxed);
        // Freed with the allocator it came from (kvmalloc/kvfree).
        drop(phys);
    }
}

impl sgt::SgtExporter for BarExporter {
    fn map_dma_buf(
        _attach: &Attachment,
        _dir: DataDirection,
    ) -> Result<NonNull<bindings::sg_table>> {
        CALLS[MAP_DMA_BUF].fetch_add(1, Relaxed);
        // A real driver maps the BAR for the importer's device (P2P DMA).
        let table = KBox::new(bindings::sg_table::default(), GFP_KERNEL)?;
        Ok(NonNull::from(KBox::leak(table)))
    }

    fn unmap_dma_buf(_attach: &Attachment, sgt: NonNull<bindings::sg_table>, _dir: DataDirection) {
        CALLS[UNMAP_DMA_BUF].fetch_add(1, Relaxed);
        // SAFETY: `sgt` is what `map_dma_buf` leaked, given back once.
        drop(unsafe { KBox::from_raw(sgt.as_ptr()) });
    }
}

impl xe_iov::XeIovExporter for BarExporter {
    fn map(
        attach: &Attachment,
        bar_number: &mut u32,
        nelms: &mut usize,
    ) -> Result<NonNull<xe_iov::DmaBufXeIovRangesEntry>> {
        CALLS[XE_IOV_MAP].fetch_add(1, Relaxed);
        let bar = Self::bar(attach);
        // The ranges live as long as the buffer: nothing to give back.
        *bar_number = bar.vf_bar;
        *nelms = bar.nr_ranges;
        Ok(NonNull::from(&bar.ranges[0]))
    }
}

impl mapping::MatchMapping for BarExporter {
    fn match_mapping(args: &MatchArgs) -> Result {
        let bar = Self::bar(args.attachment());
        let mut candidates = MatchList::<3>::new();
        if !bar.vf.is_null() {
            // SAFETY: `rust_bar_export_vf`'s caller keeps the VF alive as long
            // as the buffer.
            let vf = unsafe { PciDev::from_raw(bar.vf) };
            candidates.push(xe_iov::emapping_xe_iov::<BarExporter>(vf, bar.vf_bar))?;
        }
        candidates.push(pal::emapping_pal::<BarExporter>())?;
        candidates.push(sgt::emapping_sgt::<BarExporter>())?;
        mapping::match_mapping(args, &candidates)
    }
}

/// `dma_buf_ops` of a mapping-aware exporter: `match_mapping` and `release`.
struct Ops(bindings::dma_buf_ops);

// SAFETY: Only the dma-buf core reads the ops, and nothing writes them.
unsafe impl Sync for Ops {}

static OPS: Ops = Ops(bindings::dma_buf_ops {
    match_mapping: Some(mapping::match_mapping_callback::<BarExporter>()),
    release: Some(release),
    // SAFETY: NULL is valid for every other member.
    ..unsafe { core::mem::zeroed() }
});

/// Frees the buffer's [`Bar`].
///
/// # Safety
///
/// Only the dma-buf core calls it, once, with a buffer `rust_bar_export` made.
unsafe extern "C" fn release(dmabuf: *mut bindings::dma_buf) {
    // SAFETY: `priv` is the `Bar` `rust_bar_export` leaked; the core releases once.
    drop(unsafe { KBox::from_raw((*dmabuf).priv_.cast::<Bar>()) });
}

fn export(
    base: u64,
    nr_pages: usize,
    vf: *mut bindings::pci_dev,
    vf_bar: u32,
) -> Result<*mut bindings::dma_buf> {
    if nr_pages == 0 {
        return Err(EINVAL);
    }
    let size = nr_pages.checked_mul(PAGE_SIZE).ok_or(EINVAL)?;
    let page = PAGE_SIZE as u64;
    let rest = base.checked_add(2 * page).ok_or(EINVAL)?;
    let ranges = [
        xe_iov::DmaBufXeIovRangesEntry {
            paddr: base,
            len: PAGE_SIZE,
        },
        xe_iov::DmaBufXeIovRangesEntry {
            paddr: rest,
            len: size - PAGE_SIZE,
        },
    ];
    let nr_ranges = if nr_pages == 1 { 1 } else { 2 };
    let bar = Bar {
        ranges,
        nr_ranges,
        vf,
        vf_bar,
    };
    let bar = KBox::into_raw(KBox::new(bar, GFP_KERNEL)?);
    let info = bindings::dma_buf_export_info {
        exp_name: c"rust_bar_exporter".as_ptr().cast(),
        ops: &OPS.0,
        size,
        priv_: bar.cast(),
        ..Default::default()
    };
    // SAFETY: `info` is complete, and `OPS` is static.
    let dmabuf = unsafe { bindings::dma_buf_export(&info) };
    kernel::error::from_err_ptr(dmabuf).inspect_err(|_| {
        // SAFETY: Not exported, so `bar` is still ours.
        drop(unsafe { KBox::from_raw(bar) });
    })
}

/// Exports `nr_pages` pages of the BAR at `bar`; NULL on failure.
#[no_mangle]
pub extern "C" fn rust_bar_export(bar: u64, nr_pages: usize) -> *mut bindings::dma_buf {
    export(bar, nr_pages, core::ptr::null_mut(), 0).unwrap_or(core::ptr::null_mut())
}

/// Exports `nr_pages` pages of BAR `vf_bar` of the xe VF `vf`, at `bar`;
/// NULL on failure.
///
/// # Safety
///
/// `vf` must point to a `struct pci_dev` that outlives the buffer.
#[no_mangle]
pub unsafe extern "C" fn rust_bar_export_vf(
    vf: *mut bindings::pci_dev,
    vf_bar: u32,
    bar: u64,
    nr_pages: usize,
) -> *mut bindings::dma_buf {
    if vf.is_null() {
        return core::ptr::null_mut();
    }
    export(bar, nr_pages, vf, vf_bar).unwrap_or(core::ptr::null_mut())
}

/// How often op `op` (`enum rust_bar_op`) ran.
#[no_mangle]
pub extern "C" fn rust_bar_calls(op: u32) -> usize {
    CALLS.get(op as usize).map_or(0, |c| c.load(Relaxed))
}
