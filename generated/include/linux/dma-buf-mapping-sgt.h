/* SPDX-License-Identifier: GPL-2.0 */
/*
 * generated from schemas/sgt.maptype by cargo run -- generate; do not edit
 */
#ifndef _LINUX_DMA_BUF_MAPPING_SGT_H
#define _LINUX_DMA_BUF_MAPPING_SGT_H

#include <linux/bug.h>
#include <linux/container_of.h>
#include <linux/dma-buf-mapping-types.h>
#include <linux/dma-buf.h>
#include <linux/dma-direction.h>
#include <linux/types.h>

struct device;
struct pci_dev;
struct sg_table;

/**
 * struct dma_buf_mapping_sgt_exp_ops - Exporter callbacks for an SGT
 *   attachment.
 * @ops: the core's handle on these ops; keep it first
 * @map_dma_buf: Map the buffer for the attachment's DMA device. Required.
 *   Returns an ERR_PTR() on failure.
 * @unmap_dma_buf: Undo map_dma_buf. Required.
 *
 * Exporters fill one and pass it to an exporter candidate; the core finds it
 * again from @ops with container_of(), so @ops must stay the first member.
 */
struct dma_buf_mapping_sgt_exp_ops {
	struct dma_buf_mapping_exp_ops ops;
	struct sg_table *(*map_dma_buf)(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
	void (*unmap_dma_buf)(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
};

static_assert(offsetof(struct dma_buf_mapping_sgt_exp_ops, ops) == 0);

/*
 * dma_buf_mapping_sgt_type - the DMA Mapped Scatter Gather Table mapping type
 *
 * Its address identifies the type in candidates and attachments. (A plain
 * comment: kernel-doc describes functions and types, not variables.)
 *
 * Name: The RFC's name for it, which debugfs prints.
 *
 * Export: In the dma-buf core's namespace, as the rest of its API.
 */
extern struct dma_buf_mapping_type dma_buf_mapping_sgt_type;

/**
 * DMA_BUF_IMAPPING_SGT - An importer candidate: map for @importing_dma_device.
 * @importing_dma_device: The device the buffer is DMA mapped for.
 * @importer_accepts_p2p: Whether the importer can use PCI P2P DMA.
 *
 * Pass DMA_SGT_IMPORTER_ACCEPTS_P2P or DMA_SGT_NO_P2P; any other value (`true`
 * included) is a bug, warns, and never matches a P2P exporter.
 *
 * Return: the candidate, for an importer's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_IMAPPING_SGT(struct device *importing_dma_device,
		     enum dma_sgt_requires_p2p importer_accepts_p2p)
{
	WARN_ON_ONCE(importer_accepts_p2p != DMA_SGT_NO_P2P &&
		     importer_accepts_p2p != DMA_SGT_IMPORTER_ACCEPTS_P2P);
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_sgt_type,
		.sgt_data = {
			.importing_dma_device = importing_dma_device,
			.importer_accepts_p2p = importer_accepts_p2p,
		},
	};
}

/**
 * DMA_BUF_EMAPPING_SGT - An exporter candidate without peer-to-peer.
 * @_exp_ops: the exporter's &struct dma_buf_mapping_sgt_exp_ops
 *
 * A macro, so it can initialize a static candidate.
 */
#define DMA_BUF_EMAPPING_SGT(_exp_ops)					\
	((struct dma_buf_mapping_match){				\
		.type = &dma_buf_mapping_sgt_type,			\
		.exp_ops = &(_exp_ops)->ops,				\
		.sgt_data = {						\
			.exporting_p2p_device = NULL,			\
			.exporter_requires_p2p = DMA_SGT_NO_P2P,	\
		},							\
	})

/**
 * DMA_BUF_EMAPPING_SGT_P2P - An exporter candidate whose memory is on
 *   @p2p_device.
 * @exp_ops: the exporter's &struct dma_buf_mapping_sgt_exp_ops
 * @p2p_device: The PCI device providing the memory; only set with P2P.
 *
 * Return: the candidate, for an exporter's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_EMAPPING_SGT_P2P(const struct dma_buf_mapping_sgt_exp_ops *exp_ops,
			 struct pci_dev *p2p_device)
{
	return (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &exp_ops->ops,
		.sgt_data = {
			.exporting_p2p_device = p2p_device,
			.exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
		},
	};
}

/**
 * DMA_BUF_SIMPLE_SGT_EXP_MATCH - dma_buf_ops initializer for exporters with one
 *   SGT candidate.
 * @_map_dma_buf: the exporter's map_dma_buf callback
 * @_unmap_dma_buf: the exporter's unmap_dma_buf callback
 *
 * Sets &dma_buf_ops.single_exporter_match to a static DMA_BUF_EMAPPING_SGT
 * candidate whose &struct dma_buf_mapping_sgt_exp_ops holds the given
 * functions.
 *
 * Use it only in a &struct dma_buf_ops defined at file scope: its compound
 * literals are static there, but would live on the stack inside a function.
 */
#define DMA_BUF_SIMPLE_SGT_EXP_MATCH(_map_dma_buf, _unmap_dma_buf)	\
	.single_exporter_match = &DMA_BUF_EMAPPING_SGT(			\
		&((const struct dma_buf_mapping_sgt_exp_ops){		\
			.map_dma_buf = (_map_dma_buf),			\
			.unmap_dma_buf = (_unmap_dma_buf),		\
		}))

/**
 * dma_buf_sgt_dma_device - The device the attachment is mapped for, or NULL if
 *   it is not SGT.
 * @attach: the attachment
 *
 * Return: the value, or NULL when @attach did not negotiate the DMA Mapped
 * Scatter Gather Table type.
 */
static inline struct device *
dma_buf_sgt_dma_device(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_sgt_data *data;

	if (attach->map_type.type != &dma_buf_mapping_sgt_type)
		return NULL;
	data = &attach->map_type.sgt_data;
	return data->importing_dma_device;
}

/**
 * dma_buf_sgt_p2p_allowed - True iff the peer-to-peer exporter candidate
 *   matched.
 * @attach: the attachment
 *
 * Return: the value, or false when @attach did not negotiate the DMA Mapped
 * Scatter Gather Table type.
 */
static inline bool dma_buf_sgt_p2p_allowed(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_sgt_data *data;

	if (attach->map_type.type != &dma_buf_mapping_sgt_type)
		return false;
	data = &attach->map_type.sgt_data;
	return data->exporter_requires_p2p ==
	       DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
}

/**
 * dma_buf_get_sgt_ops - the exporter's &struct dma_buf_mapping_sgt_exp_ops
 * @attach: the attachment
 *
 * Return: the ops, or NULL when @attach did not negotiate the DMA Mapped
 * Scatter Gather Table type.
 */
static inline const struct dma_buf_mapping_sgt_exp_ops *
dma_buf_get_sgt_ops(struct dma_buf_attachment *attach)
{
	if (attach->map_type.type != &dma_buf_mapping_sgt_type)
		return NULL;
	return container_of(attach->map_type.exp_ops,
			    const struct dma_buf_mapping_sgt_exp_ops, ops);
}

/**
 * dma_buf_sgt_map_attachment - Map the attachment; the caller holds the
 *   reservation lock.
 * @attach: the attachment
 * @dir: passed to the exporter's @map_dma_buf
 *
 * The caller must hold the buffer's reservation lock.
 *
 * Return: the exporter's result, or an ERR_PTR() on failure.
 */
struct sg_table *dma_buf_sgt_map_attachment(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir);

/**
 * dma_buf_sgt_map_attachment_unlocked - Map the attachment, taking the
 *   reservation lock.
 * @attach: the attachment
 * @dir: passed to the exporter's @map_dma_buf
 *
 * Takes the buffer's reservation lock; the caller must not hold it.
 *
 * Return: the exporter's result, or an ERR_PTR() on failure.
 */
struct sg_table *
dma_buf_sgt_map_attachment_unlocked(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir);

/**
 * dma_buf_sgt_unmap_attachment - Unmap; the caller holds the reservation lock.
 * @attach: the attachment
 * @sgt: passed to the exporter's @unmap_dma_buf
 * @dir: passed to the exporter's @unmap_dma_buf
 *
 * The caller must hold the buffer's reservation lock.
 */
void dma_buf_sgt_unmap_attachment(struct dma_buf_attachment *attach,
				  struct sg_table *sgt,
				  enum dma_data_direction dir);

/**
 * dma_buf_sgt_unmap_attachment_unlocked - Unmap, taking the reservation lock.
 * @attach: the attachment
 * @sgt: passed to the exporter's @unmap_dma_buf
 * @dir: passed to the exporter's @unmap_dma_buf
 *
 * Takes the buffer's reservation lock; the caller must not hold it.
 */
void dma_buf_sgt_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
					   struct sg_table *sgt,
					   enum dma_data_direction dir);

#if IS_ENABLED(CONFIG_KUNIT)
/* Visible to KUnit so tests can stub externs and check results. */
int dma_buf_mapping_sgt_pci_p2pdma_distance(struct pci_dev *provider,
					    struct device *client,
					    bool verbose);
const char *dma_buf_mapping_sgt_dev_name(const struct device *dev);
bool dma_buf_mapping_sgt_rule_warn(bool bug);
__printf(3, 4) bool dma_buf_mapping_sgt_check_warn(bool bug, const char *check,
						   const char *fmt, ...);
#endif

#endif /* _LINUX_DMA_BUF_MAPPING_SGT_H */
