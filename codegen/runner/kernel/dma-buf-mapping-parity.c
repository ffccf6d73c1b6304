// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC's public names as an importer that includes only <linux/dma-buf.h>
 * sees them. Not generated: maptype's kernel runner builds this file in
 * every kernel it proves the output in, so the generated headers and the
 * core hooks must keep these signatures there. It holds no code.
 */
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/dma-buf.h>

/* Attach with a list of candidates: the list is not const, as in the RFC. */
static_assert(__same_type(&dma_buf_mapping_attach,
			  struct dma_buf_attachment *(*)(struct dma_buf *,
							 struct dma_buf_mapping_match *,
							 size_t,
							 const struct dma_buf_attach_ops *,
							 void *)));

/* The SGT-only attach wrappers. */
static_assert(__same_type(&dma_buf_sgt_attach,
			  struct dma_buf_attachment *(*)(struct dma_buf *,
							 struct device *)));
static_assert(__same_type(&dma_buf_sgt_dynamic_attach,
			  struct dma_buf_attachment *(*)(struct dma_buf *,
							 struct device *,
							 const struct dma_buf_attach_ops *,
							 void *)));

/* Mapping an SGT attachment, with the reservation lock held or taken. */
static_assert(__same_type(&dma_buf_sgt_map_attachment,
			  struct sg_table *(*)(struct dma_buf_attachment *,
					       enum dma_data_direction)));
static_assert(__same_type(&dma_buf_sgt_map_attachment_unlocked,
			  struct sg_table *(*)(struct dma_buf_attachment *,
					       enum dma_data_direction)));
static_assert(__same_type(&dma_buf_sgt_unmap_attachment,
			  void (*)(struct dma_buf_attachment *,
				   struct sg_table *,
				   enum dma_data_direction)));
static_assert(__same_type(&dma_buf_sgt_unmap_attachment_unlocked,
			  void (*)(struct dma_buf_attachment *,
				   struct sg_table *,
				   enum dma_data_direction)));

/* The negotiated type lives in the attachment. */
static_assert(__same_type(((struct dma_buf_attachment *)NULL)->map_type,
			  struct dma_buf_mapping_match));
