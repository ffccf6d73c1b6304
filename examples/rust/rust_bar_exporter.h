/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What rust_bar_exporter.rs offers C: a Rust driver exporting a PCI BAR
 * range as a dma-buf with the Physical Address List and, as the fallback,
 * a scatter-gather table, through the generated kernel::dma_buf::mapping
 * traits; for a BAR of an xe SR-IOV VF, the xe IOV type before them.
 */
#ifndef _RUST_BAR_EXPORTER_H
#define _RUST_BAR_EXPORTER_H

#include <linux/types.h>

struct dma_buf;
struct pci_dev;

/* The exporter ops whose calls rust_bar_calls() counts. */
enum rust_bar_op {
	RUST_BAR_MAP_PHYS,
	RUST_BAR_UNMAP_PHYS,
	RUST_BAR_MAP_DMA_BUF,
	RUST_BAR_UNMAP_DMA_BUF,
	RUST_BAR_XE_IOV_MAP,
};

/*
 * Exports @nr_pages pages of a BAR at CPU physical address @bar: page 0
 * first, then pages 2 to @nr_pages (page 1 is the BAR's doorbell, which the
 * buffer skips). NULL on failure.
 */
struct dma_buf *rust_bar_export(u64 bar, size_t nr_pages);
/*
 * The same for BAR @vf_bar of the xe SR-IOV VF @vf, offering the xe IOV
 * type first; @vf must outlive the buffer.
 */
struct dma_buf *rust_bar_export_vf(struct pci_dev *vf, unsigned int vf_bar,
				   u64 bar, size_t nr_pages);
/* How often the Rust exporter's @op ran, over every buffer. */
size_t rust_bar_calls(enum rust_bar_op op);

#endif /* _RUST_BAR_EXPORTER_H */
