// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/pal.maptype, schemas/sgt.maptype by cargo run --
 * generate; do not edit
 */
/*
 * Rust cannot call static inline functions or macros: these wrap the ones
 * kernel::dma_buf::mapping calls. Driver-private mapping types get none;
 * their singletons live in modules, out of reach of built-in helpers.
 */

#include <linux/dma-buf-mapping.h>

void rust_helper_dma_buf_mapping_list_add(struct dma_buf_mapping_list *list,
					  struct dma_buf_mapping_match match)
{
	dma_buf_mapping_list_add(list, match);
}

struct dma_buf_mapping_match rust_helper_DMA_BUF_IMAPPING_PAL(void)
{
	return DMA_BUF_IMAPPING_PAL();
}

struct dma_buf_mapping_match
rust_helper_DMA_BUF_EMAPPING_PAL(const struct dma_buf_mapping_pal_exp_ops *exp_ops)
{
	return DMA_BUF_EMAPPING_PAL(exp_ops);
}

const struct dma_buf_mapping_pal_exp_ops *
rust_helper_dma_buf_get_pal_ops(struct dma_buf_attachment *attach)
{
	return dma_buf_get_pal_ops(attach);
}

struct dma_buf_mapping_match
rust_helper_DMA_BUF_IMAPPING_SGT(struct device *importing_dma_device,
				 enum dma_sgt_requires_p2p importer_accepts_p2p)
{
	return DMA_BUF_IMAPPING_SGT(importing_dma_device, importer_accepts_p2p);
}

struct dma_buf_mapping_match
rust_helper_DMA_BUF_EMAPPING_SGT(const struct dma_buf_mapping_sgt_exp_ops *exp_ops)
{
	return DMA_BUF_EMAPPING_SGT(exp_ops);
}

struct dma_buf_mapping_match
rust_helper_DMA_BUF_EMAPPING_SGT_P2P(const struct dma_buf_mapping_sgt_exp_ops *exp_ops,
				     struct pci_dev *p2p_device)
{
	return DMA_BUF_EMAPPING_SGT_P2P(exp_ops, p2p_device);
}

struct device *
rust_helper_dma_buf_sgt_dma_device(struct dma_buf_attachment *attach)
{
	return dma_buf_sgt_dma_device(attach);
}

bool rust_helper_dma_buf_sgt_p2p_allowed(struct dma_buf_attachment *attach)
{
	return dma_buf_sgt_p2p_allowed(attach);
}

const struct dma_buf_mapping_sgt_exp_ops *
rust_helper_dma_buf_get_sgt_ops(struct dma_buf_attachment *attach)
{
	return dma_buf_get_sgt_ops(attach);
}
