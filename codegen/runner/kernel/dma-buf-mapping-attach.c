// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching by mapping type on Linux 6.12 and 7.3, whose dma-buf cores
 * predate mapping types. Not generated: maptype's kernel runner compiles this file
 * into the dma-buf core next to the generated negotiation code.
 *
 * dma_buf_mapping_attach() negotiates through the exporter's
 * &dma_buf_ops.match_mapping or &dma_buf_ops.single_exporter_match. Exporters
 * that only know &dma_buf_ops.map_dma_buf go through the stock attach path and
 * get an SGT match whose ops forward to their dma_buf_ops, so importers can use
 * the SGT accessors and entry points with every exporter.
 */
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/slab.h>

#include "dma-buf-mapping-compat.h"

static struct sg_table *
dma_buf_compat_map_dma_buf(struct dma_buf_attachment *attach,
			   enum dma_data_direction dir)
{
	return attach->dmabuf->ops->map_dma_buf(attach, dir);
}

static void dma_buf_compat_unmap_dma_buf(struct dma_buf_attachment *attach,
					 struct sg_table *sgt,
					 enum dma_data_direction dir)
{
	attach->dmabuf->ops->unmap_dma_buf(attach, sgt, dir);
}

/* The SGT exporter ops of every exporter that is not mapping-aware. */
static const struct dma_buf_mapping_sgt_exp_ops dma_buf_compat_sgt_ops = {
	.map_dma_buf = dma_buf_compat_map_dma_buf,
	.unmap_dma_buf = dma_buf_compat_unmap_dma_buf,
};

static bool dma_buf_is_mapping_aware(const struct dma_buf *dmabuf)
{
	return dmabuf->ops->match_mapping ||
	       dmabuf->ops->single_exporter_match;
}

/*
 * Attach to an exporter that only knows map_dma_buf. The stock path keeps
 * its pinning and mapping cache; the match recorded afterwards lets the SGT
 * accessors and entry points work on the attachment.
 */
static struct dma_buf_attachment *
dma_buf_legacy_sgt_attach(struct dma_buf *dmabuf,
			  const struct dma_buf_mapping_match *imp,
			  const struct dma_buf_attach_ops *importer_ops,
			  void *importer_priv)
{
	const struct dma_buf_mapping_match exp =
		DMA_BUF_EMAPPING_SGT(&dma_buf_compat_sgt_ops);
	struct dma_buf_match_args args = {
		.dmabuf = dmabuf,
		.imp_matches = imp,
		.imp_len = 1,
	};
	struct dma_buf_attachment *attach;
	int ret;

	attach = dma_buf_dynamic_attach(dmabuf,
					imp->sgt_data.importing_dma_device,
					importer_ops, importer_priv);
	if (IS_ERR(attach))
		return attach;

	args.attach = attach;
	ret = dma_buf_match_mapping(&args, &exp, 1);
	if (ret) {
		dma_buf_detach(dmabuf, attach);
		return ERR_PTR(ret);
	}
	return attach;
}

/**
 * dma_buf_mapping_attach - attach with a list of acceptable mapping types
 * @dmabuf: the buffer
 * @importer_matches: the importer's candidates, best first
 * @match_len: number of entries in @importer_matches
 * @importer_ops: optional importer callbacks
 * @importer_priv: passed back to @importer_ops
 *
 * Negotiates the mapping type with the exporter, then calls the exporter's
 * &dma_buf_ops.attach, if any. Exporters that are not mapping-aware are
 * offered their first SGT candidate through the stock attach path. Release the
 * attachment with dma_buf_detach().
 *
 * Return: the attachment, with &dma_buf_attachment.map_type negotiated, or an
 * ERR_PTR(): -EINVAL when there is no common type, or the errno of a match
 * callback or of &dma_buf_ops.attach.
 */
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf,
		       struct dma_buf_mapping_match *importer_matches,
		       size_t match_len,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv)
{
	struct dma_buf_attachment *attach;
	size_t i;
	int ret;

	if (WARN_ON(!dmabuf || (match_len && !importer_matches)))
		return ERR_PTR(-EINVAL);
	if (WARN_ON(importer_ops && !importer_ops->DMA_BUF_MAPPING_INVALIDATE))
		return ERR_PTR(-EINVAL);

	if (!dma_buf_is_mapping_aware(dmabuf)) {
		for (i = 0; i < match_len; i++) {
			if (importer_matches[i].type == &dma_buf_mapping_sgt_type)
				return dma_buf_legacy_sgt_attach(dmabuf,
								 &importer_matches[i],
								 importer_ops,
								 importer_priv);
		}
		return ERR_PTR(-EINVAL);
	}

	attach = kzalloc(sizeof(*attach), GFP_KERNEL);
	if (!attach)
		return ERR_PTR(-ENOMEM);
	attach->dmabuf = dmabuf;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;

	ret = dma_buf_mapping_negotiate(attach, importer_matches, match_len);
	/* A positive value would pass for a pointer. */
	if (dma_buf_mapping_check_warn(ret > 0,
				       "match_mapping returns 0 or a negative errno",
				       "%s: match_mapping returned %d", __func__,
				       ret))
		ret = -EINVAL;
	/* Success without a stored match is an exporter bug. */
	if (!ret && dma_buf_mapping_check_warn(!attach->map_type.type,
					       "a match stores its type",
					       "%s: matched, but no type stored",
					       __func__))
		ret = -EINVAL;
	if (ret)
		goto err_free;

	if (dmabuf->ops->attach) {
		ret = dmabuf->ops->attach(dmabuf, attach);
		if (ret)
			goto err_free;
	}

	dma_resv_lock(dmabuf->resv, NULL);
	list_add(&attach->node, &dmabuf->attachments);
	dma_resv_unlock(dmabuf->resv);
	return attach;

err_free:
	kfree(attach);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_attach, DMA_BUF_MAPPING_NS);

/**
 * dma_buf_sgt_dynamic_attach - attach for a scatter-gather table
 * @dmabuf: the buffer
 * @dev: the device the buffer is DMA mapped for
 * @importer_ops: optional importer callbacks; P2P is accepted when they allow
 *   it
 * @importer_priv: passed back to @importer_ops
 *
 * The SGT-only attach of importers that are not mapping-aware.
 *
 * Return: the attachment, or an ERR_PTR().
 */
struct dma_buf_attachment *
dma_buf_sgt_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
			   const struct dma_buf_attach_ops *importer_ops,
			   void *importer_priv)
{
	enum dma_sgt_requires_p2p p2p = DMA_SGT_NO_P2P;
	struct dma_buf_mapping_match imp;

	if (WARN_ON(!dmabuf || !dev))
		return ERR_PTR(-EINVAL);

	/* importer_ops is optional: never read through a NULL pointer. */
	if (importer_ops && importer_ops->allow_peer2peer)
		p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp = DMA_BUF_IMAPPING_SGT(dev, p2p);
	return dma_buf_mapping_attach(dmabuf, &imp, 1, importer_ops,
				      importer_priv);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_dynamic_attach, DMA_BUF_MAPPING_NS);

/**
 * dma_buf_sgt_attach - attach a static importer for a scatter-gather table
 * @dmabuf: the buffer
 * @dev: the device the buffer is DMA mapped for
 *
 * Return: the attachment, or an ERR_PTR().
 */
struct dma_buf_attachment *dma_buf_sgt_attach(struct dma_buf *dmabuf,
					      struct device *dev)
{
	return dma_buf_sgt_dynamic_attach(dmabuf, dev, NULL, NULL);
}
EXPORT_SYMBOL_NS_GPL(dma_buf_sgt_attach, DMA_BUF_MAPPING_NS);
