/* SPDX-License-Identifier: GPL-2.0 */
/*
 * generated from schemas/pal.maptype by cargo run -- generate; do not edit
 */
#ifndef _LINUX_DMA_BUF_MAPPING_PAL_H
#define _LINUX_DMA_BUF_MAPPING_PAL_H

#include <linux/bug.h>
#include <linux/container_of.h>
#include <linux/dma-buf-mapping-types.h>
#include <linux/dma-buf.h>
#include <linux/types.h>

/**
 * struct dma_buf_phys_vec - One physical range.
 * @paddr: Physical start address.
 * @len: Length in bytes.
 *
 * Linux 6.19 and later define this in <linux/dma-buf.h>.
 *
 * Linux 7.3 and later call it struct phys_vec; output for those kernels uses
 * that name.
 */
struct dma_buf_phys_vec {
	phys_addr_t paddr;
	size_t len;
};

/**
 * struct dma_buf_phys_list - What map_phys returns: @length ranges in @phys.
 * @length: Number of entries in @phys.
 * @phys: The ranges.
 *
 * Entry points check before an importer sees it that @length is not 0; @length
 * is at most the buffer size divided by PAGE_SIZE; no entry has a zero len;
 * every paddr is a multiple of PAGE_SIZE; every len is a multiple of PAGE_SIZE;
 * no paddr + len wraps; no two entries overlap; the lens add up to the buffer
 * size.
 */
struct dma_buf_phys_list {
	size_t length;
	struct dma_buf_phys_vec phys[] __counted_by(length);
};

/**
 * dma_buf_phys_list_for_each - iterate over the entries of a &struct
 *   dma_buf_phys_list
 * @res: the &struct dma_buf_phys_list
 * @entry: cursor, a pointer to struct dma_buf_phys_vec
 *
 * Stops at @res->length; never reads past the entries.
 */
#define dma_buf_phys_list_for_each(res, entry)	\
	for ((entry) = (res)->phys;		\
	     (entry) < (res)->phys + (res)->length; (entry)++)

/**
 * struct dma_buf_mapping_pal_exp_ops - Exporter callbacks for a PAL attachment.
 * @ops: the core's handle on these ops; keep it first
 * @map_phys: Return the buffer's physical ranges. Required. Returns an
 *   ERR_PTR() on failure.
 * @unmap_phys: Release what map_phys returned. Required.
 *
 * Exporters fill one and pass it to an exporter candidate; the core finds it
 * again from @ops with container_of(), so @ops must stay the first member.
 */
struct dma_buf_mapping_pal_exp_ops {
	struct dma_buf_mapping_exp_ops ops;
	struct dma_buf_phys_list *(*map_phys)(struct dma_buf_attachment *attach);
	void (*unmap_phys)(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *phys);
};

static_assert(offsetof(struct dma_buf_mapping_pal_exp_ops, ops) == 0);

/*
 * dma_buf_mapping_pal_type - the Physical Address List mapping type
 *
 * Its address identifies the type in candidates and attachments. (A plain
 * comment: kernel-doc describes functions and types, not variables.)
 */
extern struct dma_buf_mapping_type dma_buf_mapping_pal_type;

/**
 * DMA_BUF_IMAPPING_PAL - An importer candidate for physical addresses.
 *
 * Return: the candidate, for an importer's list.
 */
static inline struct dma_buf_mapping_match DMA_BUF_IMAPPING_PAL(void)
{
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_pal_type,
	};
}

/**
 * DMA_BUF_EMAPPING_PAL - An exporter candidate for physical addresses.
 * @exp_ops: the exporter's &struct dma_buf_mapping_pal_exp_ops
 *
 * Return: the candidate, for an exporter's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_EMAPPING_PAL(const struct dma_buf_mapping_pal_exp_ops *exp_ops)
{
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_pal_type,
		.exp_ops = &exp_ops->ops,
	};
}

/**
 * dma_buf_get_pal_ops - the exporter's &struct dma_buf_mapping_pal_exp_ops
 * @attach: the attachment
 *
 * Return: the ops, or NULL when @attach did not negotiate the Physical Address
 * List type.
 */
static inline const struct dma_buf_mapping_pal_exp_ops *
dma_buf_get_pal_ops(struct dma_buf_attachment *attach)
{
	if (attach->map_type.type != &dma_buf_mapping_pal_type)
		return NULL;
	return container_of(attach->map_type.exp_ops,
			    const struct dma_buf_mapping_pal_exp_ops, ops);
}

/**
 * dma_buf_pal_map_phys - Map to physical addresses; only iommufd may hand them
 *   to hardware.
 * @attach: the attachment
 *
 * The caller must hold the buffer's reservation lock.
 *
 * The exporter's result is checked against every invariant of struct
 * dma_buf_phys_list; a result that breaks one is returned to the exporter and
 * never reaches the caller.
 *
 * Return: the exporter's result, or an ERR_PTR() on failure.
 */
struct dma_buf_phys_list *
dma_buf_pal_map_phys(struct dma_buf_attachment *attach);

/**
 * dma_buf_pal_unmap_phys - Return what dma_buf_pal_map_phys gave.
 * @attach: the attachment
 * @phys: passed to the exporter's @unmap_phys
 *
 * Exported to the same modules as its map, where the RFC gave the two different
 * export policies.
 */
void dma_buf_pal_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys);

#if IS_ENABLED(CONFIG_KUNIT)
/* Visible to KUnit so tests can stub externs and check results. */
__printf(3, 4) bool dma_buf_mapping_pal_check_warn(bool bug, const char *check,
						   const char *fmt, ...);
int dma_buf_phys_list_validate(const struct dma_buf *dmabuf,
			       const struct dma_buf_phys_list *res);
#endif

#endif /* _LINUX_DMA_BUF_MAPPING_PAL_H */
