// SPDX-License-Identifier: GPL-2.0

//! A Rust driver exporting a PCI BAR range as a dma-buf through the generated
//! `kernel::dma_buf::mapping` traits: the Physical Address List first (for
//! iommufd-style importers), then a scatter-gather table as the fallback.
//!
//! C reaches it through `rust_bar_exporter.h`; the KUnit suite in
//! `maptype-rust-examples-test.c` attaches the C importers of
//! `examples/kernel/` to it. There is no hardware: the BAR is a made-up
//! physical address, and the scatter-gather table has no entries.

use core::ptr::NonNull;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use kernel::alloc::{flags::GFP_KERNEL, KBox};
use kernel::bindings;
use kernel::dma_buf::mapping::{self, pal, sgt, Attachment, DataDirection, MatchArgs, MatchList};
use kernel::page::PAGE_SIZE;
use kernel::prelude::*;

/// What one exported buffer covers.
struct Bar {
    /// CPU physical address of the BAR.
    base: u64,
    /// Pages in the buffer.
    nr_pages: usize,
}

/// Calls of each op, indexed as `enum rust_bar_op` in C.
static CALLS: [AtomicUsize; 4] = [
    AtomicUsize::new(0),
    AtomicUsize::new(0),
    AtomicUsize::new(0),
    AtomicUsize::new(0),
];
const MAP_PHYS: usize = 0;
const UNMAP_PHYS: usize = 1;
const MAP_DMA_BUF: usize = 2;
const UNMAP_DMA_BUF: usize = 3;

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
        let page = PAGE_SIZE as u64;
        let first = bindings::dma_buf_phys_vec { paddr: bar.base, len: PAGE_SIZE };
        // Page 1 is the doorbell: the rest starts at page 2.
        let rest = bindings::dma_buf_phys_vec {
            paddr: bar.base + 2 * page,
            len: (bar.nr_pages - 1) * PAGE_SIZE,
        };
        if bar.nr_pages == 1 {
            pal::DmaBufPhysList::new(&[first])
        } else {
            pal::DmaBufPhysList::new(&[first, rest])
        }
    }

    fn unmap_phys(_attach: &Attachment, phys: pal::DmaBufPhysList) {
        CALLS[UNMAP_PHYS].fetch_add(1, Relaxed);
        // Freed with the allocator it came from (kvmalloc/kvfree).
        drop(phys);
    }
}

impl sgt::SgtExporter for BarExporter {
    fn map_dma_buf(_attach: &Attachment, _dir: DataDirection) -> Result<NonNull<bindings::sg_table>> {
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

impl mapping::MatchMapping for BarExporter {
    fn match_mapping(args: &MatchArgs) -> Result {
        let mut candidates = MatchList::<2>::new();
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

fn export(base: u64, nr_pages: usize) -> Result<*mut bindings::dma_buf> {
    if nr_pages == 0 {
        return Err(EINVAL);
    }
    let size = nr_pages.checked_mul(PAGE_SIZE).ok_or(EINVAL)?;
    let bar = KBox::into_raw(KBox::new(Bar { base, nr_pages }, GFP_KERNEL)?);
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
    export(bar, nr_pages).unwrap_or(core::ptr::null_mut())
}

/// How often op `op` (`enum rust_bar_op`) ran.
#[no_mangle]
pub extern "C" fn rust_bar_calls(op: u32) -> usize {
    CALLS.get(op as usize).map_or(0, |c| c.load(Relaxed))
}
