/* SPDX-License-Identifier: GPL-2.0 */
/*
 * generated from schemas/xe_iov.maptype by cargo run -- generate; do not edit
 */
#ifndef _DMA_BUF_MAPPING_XE_IOV_H
#define _DMA_BUF_MAPPING_XE_IOV_H

#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/container_of.h>
#include <linux/dma-buf-mapping-pal.h>
#include <linux/dma-buf-mapping-types.h>
#include <linux/dma-buf.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct pci_dev;

/**
 * struct dma_buf_mapping_xe_iov_data - match data of the Intel xe SR-IOV VF
 *   VRAM mapping type
 * @pf: (importer) The importing physical function.
 * @vf: (exporter) The exporting virtual function.
 * @bar: (importer and exporter) The VF BAR the buffer lives in.
 */
struct dma_buf_mapping_xe_iov_data {
	struct pci_dev *pf;
	struct pci_dev *vf;
	unsigned int bar;
};

static_assert(sizeof(struct dma_buf_mapping_xe_iov_data) <=
	      sizeof_field(struct dma_buf_mapping_match, private_data));
static_assert(__alignof__(struct dma_buf_mapping_xe_iov_data) <=
	      __alignof__(struct dma_buf_mapping_match));

/**
 * dma_buf_mapping_xe_iov_match_data - the xe_iov data of a candidate
 * @m: a candidate or negotiated match of this type
 *
 * A private type keeps its data in the core's reserved slot; this is its typed
 * view.
 *
 * Return: the data, read-only.
 */
static inline const struct dma_buf_mapping_xe_iov_data *
dma_buf_mapping_xe_iov_match_data(const struct dma_buf_mapping_match *m)
{
	return (const struct dma_buf_mapping_xe_iov_data *)m->private_data;
}

/**
 * dma_buf_mapping_xe_iov_match_data_mut - the xe_iov data of a candidate,
 *   writable
 * @m: a candidate being built or a match being stored
 *
 * Return: the data.
 */
static inline struct dma_buf_mapping_xe_iov_data *
dma_buf_mapping_xe_iov_match_data_mut(struct dma_buf_mapping_match *m)
{
	return (struct dma_buf_mapping_xe_iov_data *)m->private_data;
}

/**
 * struct dma_buf_mapping_xe_iov_exp_ops - Exporter callbacks for an IOV
 *   attachment.
 * @ops: the core's handle on these ops; keep it first
 * @map: Return the VF BAR ranges: \*@nelms entries in BAR \*@bar_number.
 *   Required. Returns an ERR_PTR() on failure.
 *
 * Exporters fill one and pass it to an exporter candidate; the core finds it
 * again from @ops with container_of(), so @ops must stay the first member.
 */
struct dma_buf_mapping_xe_iov_exp_ops {
	struct dma_buf_mapping_exp_ops ops;
	const struct dma_buf_phys_vec *(*map)(struct dma_buf_attachment *attach,
					      unsigned int *bar_number,
					      size_t *nelms);
};

static_assert(offsetof(struct dma_buf_mapping_xe_iov_exp_ops, ops) == 0);

/*
 * dma_buf_mapping_xe_iov_type - the Intel xe SR-IOV VF VRAM mapping type
 *
 * Its address identifies the type in candidates and attachments. (A plain
 * comment: kernel-doc describes functions and types, not variables.)
 *
 * Private: Only the xe PF driver imports it, so its glue lives there.
 */
extern struct dma_buf_mapping_type dma_buf_mapping_xe_iov_type;

/**
 * DMA_BUF_IMAPPING_XE_IOV - An importer candidate of the PF @pf for BAR @bar.
 * @pf: The importing physical function.
 * @bar: The VF BAR the buffer lives in.
 *
 * Return: the candidate, for an importer's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_IMAPPING_XE_IOV(struct pci_dev *pf, unsigned int bar)
{
	struct dma_buf_mapping_match m = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *data =
		dma_buf_mapping_xe_iov_match_data_mut(&m);

	data->pf = pf;
	data->bar = bar;
	return m;
}

/**
 * DMA_BUF_EMAPPING_XE_IOV - An exporter candidate of VF @vf, BAR @bar.
 * @exp_ops: the exporter's &struct dma_buf_mapping_xe_iov_exp_ops
 * @vf: The exporting virtual function.
 * @bar: The VF BAR the buffer lives in.
 *
 * Return: the candidate, for an exporter's list.
 */
static inline struct dma_buf_mapping_match
DMA_BUF_EMAPPING_XE_IOV(const struct dma_buf_mapping_xe_iov_exp_ops *exp_ops,
			struct pci_dev *vf, unsigned int bar)
{
	struct dma_buf_mapping_match m = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &exp_ops->ops,
	};
	struct dma_buf_mapping_xe_iov_data *data =
		dma_buf_mapping_xe_iov_match_data_mut(&m);

	data->vf = vf;
	data->bar = bar;
	return m;
}

/**
 * dma_buf_xe_iov_vf - The exporting VF, or NULL if the attachment is not IOV.
 * @attach: the attachment
 *
 * Return: the value, or NULL when @attach did not negotiate the Intel xe SR-IOV
 * VF VRAM type.
 */
static inline struct pci_dev *
dma_buf_xe_iov_vf(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_xe_iov_data *data;

	if (attach->map_type.type != &dma_buf_mapping_xe_iov_type)
		return NULL;
	data = dma_buf_mapping_xe_iov_match_data(&attach->map_type);
	return data->vf;
}

/**
 * dma_buf_get_xe_iov_ops - the exporter's &struct
 *   dma_buf_mapping_xe_iov_exp_ops
 * @attach: the attachment
 *
 * Return: the ops, or NULL when @attach did not negotiate the Intel xe SR-IOV
 * VF VRAM type.
 */
static inline const struct dma_buf_mapping_xe_iov_exp_ops *
dma_buf_get_xe_iov_ops(struct dma_buf_attachment *attach)
{
	if (attach->map_type.type != &dma_buf_mapping_xe_iov_type)
		return NULL;
	return container_of(attach->map_type.exp_ops,
			    const struct dma_buf_mapping_xe_iov_exp_ops, ops);
}

/**
 * dma_buf_xe_iov_map - Get the VF BAR ranges.
 * @attach: the attachment
 * @bar_number: passed to the exporter's @map
 * @nelms: passed to the exporter's @map
 *
 * The caller must hold the buffer's reservation lock.
 *
 * The exporter's entries are checked by dma_buf_xe_iov_ranges_validate();
 * entries that break a check never reach the caller, who gets its errno.
 *
 * Return: the exporter's result, or an ERR_PTR() on failure.
 */
const struct dma_buf_phys_vec *
dma_buf_xe_iov_map(struct dma_buf_attachment *attach, unsigned int *bar_number,
		   size_t *nelms);

#if IS_ENABLED(CONFIG_KUNIT)
/* Visible to KUnit so tests can stub externs and check results. */
struct pci_dev *dma_buf_mapping_xe_iov_pci_physfn(struct pci_dev *dev);
const char *dma_buf_mapping_xe_iov_pci_name(const struct pci_dev *pdev);
__printf(3, 4) bool dma_buf_mapping_xe_iov_check_warn(bool bug,
						      const char *check,
						      const char *fmt, ...);
int dma_buf_xe_iov_ranges_validate(const struct dma_buf *dmabuf,
				   const struct dma_buf_phys_vec *res,
				   size_t nelms);
#endif

#endif /* _DMA_BUF_MAPPING_XE_IOV_H */
