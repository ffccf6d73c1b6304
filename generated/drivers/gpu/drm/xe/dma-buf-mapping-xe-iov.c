// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/xe_iov.maptype by cargo run -- generate; do not edit
 */
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/bug.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include "dma-buf-mapping-xe-iov.h"

/* pci_physfn() from <linux/pci.h>, stubbable by KUnit. */
VISIBLE_IF_KUNIT struct pci_dev *
dma_buf_mapping_xe_iov_pci_physfn(struct pci_dev *dev)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_xe_iov_pci_physfn, dev);
	return pci_physfn(dev);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_xe_iov_pci_physfn);

/* pci_name() from <linux/pci.h>, stubbable by KUnit. */
VISIBLE_IF_KUNIT const char *
dma_buf_mapping_xe_iov_pci_name(const struct pci_dev *pdev)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_xe_iov_pci_name, pdev);
	return pci_name(pdev);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_xe_iov_pci_name);

/**
 * dma_buf_mapping_xe_iov_match - are two xe_iov candidates compatible?
 * @dmabuf: the buffer being attached
 * @exp: the exporter's candidate
 * @imp: the importer's candidate
 *
 * Compiled from the compatibility rules of schemas/xe_iov.maptype.
 *
 * Return: 0 if compatible, -EOPNOTSUPP to try the next candidate, another
 * negative errno to abort the attach.
 */
static int dma_buf_mapping_xe_iov_match(__always_unused struct dma_buf *dmabuf,
					const struct dma_buf_mapping_match *exp,
					const struct dma_buf_mapping_match *imp)
{
	const struct dma_buf_mapping_xe_iov_data *exp_data =
		dma_buf_mapping_xe_iov_match_data(exp);
	const struct dma_buf_mapping_xe_iov_data *imp_data =
		dma_buf_mapping_xe_iov_match_data(imp);

	/* requirement 0 */
	if (dma_buf_mapping_xe_iov_pci_physfn(exp_data->vf) != imp_data->pf)
		return -EOPNOTSUPP;
	/* requirement 1 */
	if (exp_data->bar != imp_data->bar)
		return -EOPNOTSUPP;
	return 0;
}

/**
 * dma_buf_mapping_xe_iov_finish_match - store the negotiated xe_iov match
 * @args: the attach in progress
 * @exp: the exporter's candidate that matched
 * @imp: the importer's candidate that matched
 */
static void
dma_buf_mapping_xe_iov_finish_match(struct dma_buf_match_args *args,
				    const struct dma_buf_mapping_match *exp,
				    const struct dma_buf_mapping_match *imp)
{
	struct dma_buf_attachment *attach = args->attach;
	const struct dma_buf_mapping_xe_iov_data *exp_data =
		dma_buf_mapping_xe_iov_match_data(exp);
	const struct dma_buf_mapping_xe_iov_data *imp_data =
		dma_buf_mapping_xe_iov_match_data(imp);
	struct dma_buf_mapping_xe_iov_data *data;

	/* Only what on_match keeps survives: candidates may live on a stack. */
	attach->map_type = (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = exp->exp_ops,
	};
	data = dma_buf_mapping_xe_iov_match_data_mut(&attach->map_type);
	data->pf = imp_data->pf;
	data->vf = exp_data->vf;
	data->bar = imp_data->bar;
}

/**
 * dma_buf_mapping_xe_iov_debugfs_dump - describe a xe_iov attachment in debugfs
 * @s: the debugfs file
 * @attach: the attachment
 */
static void
dma_buf_mapping_xe_iov_debugfs_dump(struct seq_file *s,
				    struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_xe_iov_data *data =
		dma_buf_mapping_xe_iov_match_data(&attach->map_type);

	seq_printf(s, " vf %s bar %u",
		   dma_buf_mapping_xe_iov_pci_name(data->vf), data->bar);
}

struct dma_buf_mapping_type dma_buf_mapping_xe_iov_type = {
	.name = "Intel xe SR-IOV VF VRAM",
	.match = dma_buf_mapping_xe_iov_match,
	.finish_match = dma_buf_mapping_xe_iov_finish_match,
	.debugfs_dump = dma_buf_mapping_xe_iov_debugfs_dump,
};
EXPORT_SYMBOL_GPL_FOR_MODULES(dma_buf_mapping_xe_iov_type, "xe-vfio-pci");

/**
 * dma_buf_mapping_xe_iov_call_map - call the exporter's @map of a xe_iov
 *   attachment
 * @attach: the attachment
 * @bar_number: passed to @map
 * @nelms: passed to @map
 *
 * Return: what the exporter returned, once checked.
 */
static const struct dma_buf_phys_vec *
dma_buf_mapping_xe_iov_call_map(struct dma_buf_attachment *attach,
				unsigned int *bar_number, size_t *nelms)
{
	const struct dma_buf_mapping_xe_iov_exp_ops *ops;

	if (WARN_ON(attach->map_type.type != &dma_buf_mapping_xe_iov_type))
		return ERR_PTR(-EINVAL);
	ops = container_of(attach->map_type.exp_ops,
			   const struct dma_buf_mapping_xe_iov_exp_ops, ops);
	return ops->map(attach, bar_number, nelms);
}

const struct dma_buf_phys_vec *
dma_buf_xe_iov_map(struct dma_buf_attachment *attach, unsigned int *bar_number,
		   size_t *nelms)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	return dma_buf_mapping_xe_iov_call_map(attach, bar_number, nelms);
}
/* dma_buf_xe_iov_map() is not exported: only this module calls it. */
