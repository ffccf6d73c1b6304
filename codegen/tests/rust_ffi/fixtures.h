/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C drivers for the Rust FFI scenarios: C importers that attach to an exporter
 * written in Rust, and C exporters a Rust importer attaches to. Written only
 * against the generated API, as an RFC driver would be. bindgen turns this
 * header into Rust declarations for the scenarios.
 */
#ifndef _RUST_FFI_FIXTURES_H
#define _RUST_FFI_FIXTURES_H

#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/pci.h>
#include "dma-buf-mapping-xe-iov.h"

/* Devices. */
struct device *fixture_importer_dev(void);
struct pci_dev *fixture_pf(void);
struct pci_dev *fixture_vf(void);
struct pci_dev *fixture_other_vf(void);

/* A fresh buffer of @pages pages with @ops, its reservation lock not held. */
struct dma_buf *fixture_buf(const struct dma_buf_ops *ops, size_t pages);

/* Lock or unlock the buffer's reservation object. */
void fixture_lock(struct dma_buf *buf);
void fixture_unlock(struct dma_buf *buf);

/* The stand-in's counters (see hosted.h). */
unsigned int fixture_warn_hits(void);
unsigned int fixture_lock_violations(void);
unsigned int fixture_alloc_violations(void);
long fixture_live_allocs(void);
void fixture_reset(void);

/* What a C importer saw. */
struct fixture_result {
	int attach_err;		/* 0, or the attach's errno */
	int map_err;		/* 0, or the map's errno */
	bool is_pal, is_sgt;	/* the negotiated type, by accessor */
	size_t entries;		/* PAL: entries in the list */
	u64 first_paddr;	/* PAL: first entry */
	u64 total_len;		/* PAL: sum of lengths */
	struct sg_table *sgt;	/* SGT: what the map returned */
	struct device *sgt_dev;	/* SGT: dma_buf_sgt_dma_device() */
};

/* iommufd-like: attach with PAL only, map, unmap, detach. */
struct fixture_result fixture_c_import_pal(struct dma_buf *buf);
/* A DMA importer: attach with SGT only, map (unlocked), unmap, detach. */
struct fixture_result fixture_c_import_sgt(struct dma_buf *buf, bool p2p);

/* What a C importer of the demo type saw. */
struct fixture_demo_result {
	int attach_err;
	int prepare_ret;	/* what the exporter's prepare returned */
	bool has_hint;		/* the exporter's ops have a hint op */
	unsigned int cookie;	/* dma_buf_demo_cookie() */
};

/* Attach with a demo candidate offering @cookie, call the ops, detach. */
struct fixture_demo_result fixture_c_import_demo(struct dma_buf *buf,
						 unsigned int cookie);

/* C exporters. */

/* vfio-like: PAL first, then SGT. */
const struct dma_buf_ops *fixture_c_exporter_pal_sgt(void);
/* xe_iov: the VF fixture_vf(), BAR @bar. */
const struct dma_buf_ops *fixture_c_exporter_xe_iov(void);
/* What the C exporters did. */
unsigned int fixture_c_maps(void);
unsigned int fixture_c_unmaps(void);
struct sg_table *fixture_c_sgt(void);

#endif /* _RUST_FFI_FIXTURES_H */
