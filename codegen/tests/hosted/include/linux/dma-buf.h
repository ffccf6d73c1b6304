/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of <linux/dma-buf.h> the mapping types touch, as in a 6.12
 * kernel patched with the RFC's core: struct dma_buf_mapping_match comes from
 * the generated <linux/dma-buf-mapping-types.h>, the attachment carries the
 * negotiated map_type and the ops carry match_mapping/single_exporter_match.
 * struct dma_buf_phys_vec only on newer kernels (6.19, as schemas/pal.maptype
 * says): 6.12 lacks it and the generated PAL header must provide it.
 */
#ifndef __DMA_BUF_H__
#define __DMA_BUF_H__

#include <linux/device.h>
#include <linux/dma-buf-mapping-types.h>
#include <linux/dma-direction.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/types.h>

struct dma_buf;
struct dma_buf_attachment;
struct dma_resv;

#if HOSTED_KERNEL_AT_LEAST(6, 19)
struct dma_buf_phys_vec {
	phys_addr_t paddr;
	size_t len;
};
#endif

struct dma_buf_ops {
	/* The exporter builds its candidates and calls dma_buf_match_mapping(). */
	int (*match_mapping)(struct dma_buf_match_args *args);
	/* Exporters with one fixed candidate, instead of match_mapping. */
	const struct dma_buf_mapping_match *single_exporter_match;
};

struct dma_buf {
	size_t size;
	const struct dma_buf_ops *ops;
	struct dma_resv *resv;
	void *priv;
};

struct dma_buf_attach_ops {
	bool allow_peer2peer;
	void (*move_notify)(struct dma_buf_attachment *attach);
};

struct dma_buf_attachment {
	struct dma_buf *dmabuf;
	struct device *dev;		/* legacy, set by the SGT type */
	bool peer2peer;			/* legacy, set by the SGT type */
	const struct dma_buf_attach_ops *importer_ops;
	void *importer_priv;
	void *priv;
	struct dma_buf_mapping_match map_type;
};

void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);

#endif /* __DMA_BUF_H__ */
