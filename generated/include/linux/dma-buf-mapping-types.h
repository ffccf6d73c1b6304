/* SPDX-License-Identifier: GPL-2.0 */
/*
 * generated from schemas/pal.maptype, schemas/sgt.maptype by cargo run --
 * generate; do not edit
 */
#ifndef _LINUX_DMA_BUF_MAPPING_TYPES_H
#define _LINUX_DMA_BUF_MAPPING_TYPES_H

#include <linux/types.h>

struct device;
struct dma_buf;
struct dma_buf_attachment;
struct dma_buf_mapping_match;
struct dma_buf_match_args;
struct pci_dev;
struct seq_file;

/**
 * enum dma_sgt_requires_p2p - Peer-to-peer requirements of an SGT candidate.
 * @DMA_SGT_NO_P2P: No peer-to-peer DMA involved.
 * @DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE: Exporter: the importer must reach
 *   the p2p device by PCI P2P DMA.
 * @DMA_SGT_IMPORTER_ACCEPTS_P2P: Importer: can DMA to another device's PCI BAR.
 */
enum dma_sgt_requires_p2p {
	DMA_SGT_NO_P2P = 0,
	DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
	DMA_SGT_IMPORTER_ACCEPTS_P2P,
};

/**
 * struct dma_buf_mapping_sgt_data - match data of the DMA Mapped Scatter Gather
 *   Table mapping type
 * @importing_dma_device: (importer) The device the buffer is DMA mapped for.
 * @exporting_p2p_device: (exporter, not copied on match) The PCI device
 *   providing the memory; only set with P2P.
 * @importer_accepts_p2p: (importer) Whether the importer can use PCI P2P DMA.
 *   Holds &enum dma_sgt_requires_p2p: DMA_SGT_NO_P2P or
 *   DMA_SGT_IMPORTER_ACCEPTS_P2P.
 * @exporter_requires_p2p: (exporter) Whether the exporter needs a P2P-capable
 *   importer. Holds &enum dma_sgt_requires_p2p: DMA_SGT_NO_P2P or
 *   DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE.
 */
struct dma_buf_mapping_sgt_data {
	struct device *importing_dma_device;
	struct pci_dev *exporting_p2p_device;
	u8 importer_accepts_p2p;
	u8 exporter_requires_p2p;
};

/**
 * struct dma_buf_mapping_type - one way of describing a buffer's addresses
 * @name: human readable, shown in debugfs
 * @match: optional: 0 if the candidates are compatible, -EOPNOTSUPP to try the
 *   next, another errno to abort the attach; NULL means candidates of this type
 *   always match
 * @finish_match: store the negotiated result in &dma_buf_attachment.map_type
 * @debugfs_dump: optional: describe an attachment of this type
 *
 * One singleton exists per mapping type; its address is the type's identity.
 */
struct dma_buf_mapping_type {
	const char *name;
	int (*match)(struct dma_buf *dmabuf,
		     const struct dma_buf_mapping_match *exp,
		     const struct dma_buf_mapping_match *imp);
	void (*finish_match)(struct dma_buf_match_args *args,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp);
	void (*debugfs_dump)(struct seq_file *s,
			     struct dma_buf_attachment *attach);
};

/**
 * struct dma_buf_mapping_exp_ops - the core's handle on a type's exporter ops
 *
 * Each type's exporter ops struct embeds this first as its member @ops; the
 * type gets its own struct back with container_of().
 */
struct dma_buf_mapping_exp_ops {
};

/* Bytes a driver-private mapping type may keep in a candidate. */
#define DMA_BUF_MAPPING_PRIVATE_SIZE 32

/**
 * struct dma_buf_mapping_match - one importer or exporter candidate, or the
 *   negotiated result
 * @type: the mapping type
 * @exp_ops: the exporter's ops (exporter candidates and the negotiated result)
 * @sgt_data: match data of &dma_buf_mapping_sgt_type
 * @private_data: reserved for driver-private mapping types, which view it
 *   through their own struct
 */
struct dma_buf_mapping_match {
	const struct dma_buf_mapping_type *type;
	const struct dma_buf_mapping_exp_ops *exp_ops;
	union {
		struct dma_buf_mapping_sgt_data sgt_data;
		u64 private_data[DMA_BUF_MAPPING_PRIVATE_SIZE / sizeof(u64)];
	};
};

/**
 * struct dma_buf_match_args - an attach in progress, as the exporter's
 *   match_mapping sees it
 * @dmabuf: the buffer
 * @attach: the attachment being set up
 * @imp_matches: the importer's candidates, in its order
 * @imp_len: number of entries in @imp_matches
 */
struct dma_buf_match_args {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	const struct dma_buf_mapping_match *imp_matches;
	size_t imp_len;
};

#endif /* _LINUX_DMA_BUF_MAPPING_TYPES_H */
