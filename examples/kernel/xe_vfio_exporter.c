// SPDX-License-Identifier: GPL-2.0
/*
 * The xe-vfio-pci variant of the vfio exporter. A VF's VRAM BAR exported
 * through vfio can be handed back to the xe PF driver, which owns that VRAM:
 * the variant offers the xe private IOV type first, then the generic vfio
 * candidates, so other importers (iommufd, P2P devices) still work.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>

#include "dma-buf-mapping-xe-iov.h"
#include "maptype-examples.h"

static const struct example_phys_vec *
example_xe_vfio_iov_map(struct dma_buf_attachment *attach,
			unsigned int *bar_number, size_t *nelms)
{
	struct example_vfio_dmabuf *vdmabuf = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (vdmabuf->revoked)
		return ERR_PTR(-ENODEV);
	*bar_number = vdmabuf->bar;
	*nelms = vdmabuf->nr_ranges;
	/* The type has no unmap: the ranges live as long as the dma-buf. */
	return vdmabuf->phys;
}

static const struct dma_buf_mapping_xe_iov_exp_ops example_xe_vfio_iov_ops = {
	.map = example_xe_vfio_iov_map,
};

static int example_xe_vfio_match_mapping(struct dma_buf_match_args *args)
{
	struct example_vfio_dmabuf *vdmabuf = args->dmabuf->priv;

	return DMA_BUF_MATCH_MAPPINGS(args,
		DMA_BUF_EMAPPING_XE_IOV(&example_xe_vfio_iov_ops,
					vdmabuf->pdev, vdmabuf->bar),
		DMA_BUF_EMAPPING_PAL(&example_vfio_pal_exp_ops),
		DMA_BUF_EMAPPING_SGT_P2P(&example_vfio_sgt_exp_ops,
					 vdmabuf->pdev));
}

/* Passed to example_vfio_export() by the variant driver. */
const struct example_vfio_variant example_xe_vfio_variant = {
	.match_mapping = example_xe_vfio_match_mapping,
};
