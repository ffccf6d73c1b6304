// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/sgt.maptype by cargo run -- generate; do not edit
 */
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/pci-p2pdma.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/seq_file.h>
#include <linux/stdarg.h>

/* pci_p2pdma_distance() from <linux/pci-p2pdma.h>, stubbable by KUnit. */
VISIBLE_IF_KUNIT int
dma_buf_mapping_sgt_pci_p2pdma_distance(struct pci_dev *provider,
					struct device *client, bool verbose)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_sgt_pci_p2pdma_distance,
				   provider, client, verbose);
	return pci_p2pdma_distance(provider, client, verbose);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_sgt_pci_p2pdma_distance);

/* dev_name() from <linux/device.h>, stubbable by KUnit. */
VISIBLE_IF_KUNIT const char *
dma_buf_mapping_sgt_dev_name(const struct device *dev)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_sgt_dev_name, dev);
	return dev_name(dev);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_sgt_dev_name);

/*
 * Reports the driver bug a rule marked warn found, as WARN_ON(@bug) does;
 * stubbable by KUnit, whose suites count the reports without a splat.
 */
VISIBLE_IF_KUNIT bool dma_buf_mapping_sgt_rule_warn(bool bug)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_sgt_rule_warn, bug);
	return WARN_ON(bug);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_sgt_rule_warn);

/*
 * Reports a driver bug one of this type's own checks found: @check says
 * which, @fmt what was wrong. A rate-limited WARN(); stubbable by KUnit,
 * whose suites check that each case breaks the check it means to, without a
 * splat.
 */
VISIBLE_IF_KUNIT __printf(3, 4) bool
dma_buf_mapping_sgt_check_warn(bool bug, const char *check, const char *fmt,
			       ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_sgt_check_warn, bug, check, fmt);
	if (likely(!bug))
		return false;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	WARN(__ratelimit(&rs), "%pV: breaks \"%s\"\n", &vaf, check);
	va_end(args);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_sgt_check_warn);

/**
 * dma_buf_mapping_sgt_match - are two sgt candidates compatible?
 * @dmabuf: the buffer being attached
 * @exp: the exporter's candidate
 * @imp: the importer's candidate
 *
 * Compiled from the compatibility rules of schemas/sgt.maptype.
 *
 * Any importer can take a plain SGT; a P2P one needs an importer that accepts
 * P2P and reaches the exporter's device.
 *
 * Return: 0 if compatible, -EOPNOTSUPP to try the next candidate, another
 * negative errno to abort the attach.
 */
static int dma_buf_mapping_sgt_match(__always_unused struct dma_buf *dmabuf,
				     const struct dma_buf_mapping_match *exp,
				     const struct dma_buf_mapping_match *imp)
{
	const struct dma_buf_mapping_sgt_data *exp_data = &exp->sgt_data;
	const struct dma_buf_mapping_sgt_data *imp_data = &imp->sgt_data;

	if (exp_data->exporter_requires_p2p ==
	    DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE) {
		/*
		 * requirement 0: A P2P exporter candidate without its device is
		 * a driver bug.
		 */
		if (dma_buf_mapping_sgt_rule_warn(!exp_data->exporting_p2p_device))
			return -EOPNOTSUPP;
		/* requirement 1 */
		if (imp_data->importer_accepts_p2p !=
		    DMA_SGT_IMPORTER_ACCEPTS_P2P)
			return -EOPNOTSUPP;
		/* requirement 2 */
		if (dma_buf_mapping_sgt_pci_p2pdma_distance(exp_data->exporting_p2p_device,
							    imp_data->importing_dma_device,
							    true) <
		    0)
			return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * dma_buf_mapping_sgt_finish_match - store the negotiated sgt match
 * @args: the attach in progress
 * @exp: the exporter's candidate that matched
 * @imp: the importer's candidate that matched
 *
 * The attachment keeps what the entry points and accessors read, and sets the
 * fields older importers read.
 */
static void
dma_buf_mapping_sgt_finish_match(struct dma_buf_match_args *args,
				 const struct dma_buf_mapping_match *exp,
				 const struct dma_buf_mapping_match *imp)
{
	struct dma_buf_attachment *attach = args->attach;
	const struct dma_buf_mapping_sgt_data *exp_data = &exp->sgt_data;
	const struct dma_buf_mapping_sgt_data *imp_data = &imp->sgt_data;
	struct dma_buf_mapping_sgt_data *data;

	/* Only what on_match keeps survives: candidates may live on a stack. */
	attach->map_type = (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = exp->exp_ops,
	};
	data = &attach->map_type.sgt_data;
	data->importing_dma_device = imp_data->importing_dma_device;
	data->importer_accepts_p2p = imp_data->importer_accepts_p2p;
	data->exporter_requires_p2p = exp_data->exporter_requires_p2p;
	attach->dev = imp_data->importing_dma_device;
	attach->peer2peer = imp_data->importer_accepts_p2p ==
			    DMA_SGT_IMPORTER_ACCEPTS_P2P;
}

/**
 * dma_buf_mapping_sgt_debugfs_dump - describe a sgt attachment in debugfs
 * @s: the debugfs file
 * @attach: the attachment
 *
 * The device the buffer is mapped for.
 */
static void dma_buf_mapping_sgt_debugfs_dump(struct seq_file *s,
					     struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_sgt_data *data =
		&attach->map_type.sgt_data;

	seq_printf(s, " %s",
		   dma_buf_mapping_sgt_dev_name(data->importing_dma_device));
}

struct dma_buf_mapping_type dma_buf_mapping_sgt_type = {
	.name = "DMA Mapped Scatter Gather Table",
	.match = dma_buf_mapping_sgt_match,
	.finish_match = dma_buf_mapping_sgt_finish_match,
	.debugfs_dump = dma_buf_mapping_sgt_debugfs_dump,
};
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_sgt_type, DMA_BUF);

/**
 * dma_buf_mapping_sgt_call_map_dma_buf - call the exporter's @map_dma_buf of a
 *   sgt attachment
 * @attach: the attachment
 * @dir: passed to @map_dma_buf
 *
 * Return: what the exporter returned, once checked.
 */
static struct sg_table *
dma_buf_mapping_sgt_call_map_dma_buf(struct dma_buf_attachment *attach,
				     enum dma_data_direction dir)
{
	const struct dma_buf_mapping_sgt_exp_ops *ops;

	if (dma_buf_mapping_sgt_check_warn(attach->map_type.type != &dma_buf_mapping_sgt_type,
					   "the attachment's type is sgt",
					   "%s: not a sgt attachment",
					   __func__))
		return ERR_PTR(-EINVAL);
	ops = container_of(attach->map_type.exp_ops,
			   const struct dma_buf_mapping_sgt_exp_ops, ops);
	return ops->map_dma_buf(attach, dir);
}

/**
 * dma_buf_mapping_sgt_call_unmap_dma_buf - call the exporter's @unmap_dma_buf
 *   of a sgt attachment
 * @attach: the attachment
 * @sgt: passed to @unmap_dma_buf
 * @dir: passed to @unmap_dma_buf
 */
static void
dma_buf_mapping_sgt_call_unmap_dma_buf(struct dma_buf_attachment *attach,
				       struct sg_table *sgt,
				       enum dma_data_direction dir)
{
	const struct dma_buf_mapping_sgt_exp_ops *ops;

	if (dma_buf_mapping_sgt_check_warn(attach->map_type.type != &dma_buf_mapping_sgt_type,
					   "the attachment's type is sgt",
					   "%s: not a sgt attachment",
					   __func__))
		return;
	ops = container_of(attach->map_type.exp_ops,
			   const struct dma_buf_mapping_sgt_exp_ops, ops);
	ops->unmap_dma_buf(attach, sgt, dir);
}

struct sg_table *dma_buf_sgt_map_attachment(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	return dma_buf_mapping_sgt_call_map_dma_buf(attach, dir);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_map_attachment, DMA_BUF);

struct sg_table *
dma_buf_sgt_map_attachment_unlocked(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	struct sg_table *res;

	dma_resv_lock(attach->dmabuf->resv, NULL);
	res = dma_buf_mapping_sgt_call_map_dma_buf(attach, dir);
	dma_resv_unlock(attach->dmabuf->resv);
	return res;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_map_attachment_unlocked, DMA_BUF);

void dma_buf_sgt_unmap_attachment(struct dma_buf_attachment *attach,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	dma_buf_mapping_sgt_call_unmap_dma_buf(attach, sgt, dir);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_unmap_attachment, DMA_BUF);

void dma_buf_sgt_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
					   struct sg_table *sgt,
					   enum dma_data_direction dir)
{
	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_mapping_sgt_call_unmap_dma_buf(attach, sgt, dir);
	dma_resv_unlock(attach->dmabuf->resv);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_unmap_attachment_unlocked, DMA_BUF);
