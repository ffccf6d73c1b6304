// SPDX-License-Identifier: GPL-2.0
/*
 * A vfio-pci style exporter: it exports ranges of a PCI BAR. MMIO has no
 * struct page, so the exporter offers the Physical Address List first (for
 * iommufd and KVM, which want CPU physical addresses) and a scatter-gather
 * table only to importers that can reach the BAR by PCI P2P DMA.
 *
 * The BAR addresses are made up: the examples run in User-Mode Linux, where
 * nobody touches them.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "maptype-examples.h"

static struct dma_buf_phys_list *
example_vfio_map_phys(struct dma_buf_attachment *attach)
{
	struct example_vfio_dmabuf *vdmabuf = attach->dmabuf->priv;
	struct dma_buf_phys_list *list;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (vdmabuf->revoked)
		return ERR_PTR(-ENODEV);

	list = kvzalloc(struct_size(list, phys, vdmabuf->nr_ranges),
			GFP_KERNEL);
	if (!list)
		return ERR_PTR(-ENOMEM);
	list->length = vdmabuf->nr_ranges;
	memcpy(list->phys, vdmabuf->phys,
	       flex_array_size(list, phys, list->length));
	return list;
}

static void example_vfio_unmap_phys(struct dma_buf_attachment *attach,
				    struct dma_buf_phys_list *list)
{
	/* kvzalloc() in map_phys, so kvfree() here. */
	kvfree(list);
}

/* Not static: variant drivers offer them behind their own candidates. */
const struct dma_buf_mapping_pal_exp_ops example_vfio_pal_exp_ops = {
	.map_phys = example_vfio_map_phys,
	.unmap_phys = example_vfio_unmap_phys,
};

static struct sg_table *
example_vfio_map_dma_buf(struct dma_buf_attachment *attach,
			 enum dma_data_direction dir)
{
	struct example_vfio_dmabuf *vdmabuf = attach->dmabuf->priv;
	struct scatterlist *sg;
	struct sg_table *sgt;
	unsigned int i;
	int ret;

	dma_resv_assert_held(attach->dmabuf->resv);
	/* Only the P2P candidate is offered: a BAR cannot be DMA mapped. */
	if (WARN_ON(!dma_buf_sgt_p2p_allowed(attach)))
		return ERR_PTR(-EINVAL);
	if (vdmabuf->revoked)
		return ERR_PTR(-ENODEV);

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table(sgt, vdmabuf->nr_ranges, GFP_KERNEL);
	if (ret) {
		kfree(sgt);
		return ERR_PTR(ret);
	}
	/*
	 * The importer reaches the BAR through a PCI switch, so it uses PCI
	 * bus addresses; on this made-up platform they equal the CPU physical
	 * addresses. There are no struct pages: only the DMA fields are set.
	 */
	for_each_sgtable_dma_sg(sgt, sg, i) {
		sg_dma_address(sg) = vdmabuf->phys[i].paddr;
		sg_dma_len(sg) = vdmabuf->phys[i].len;
	}
	return sgt;
}

static void example_vfio_unmap_dma_buf(struct dma_buf_attachment *attach,
				       struct sg_table *sgt,
				       enum dma_data_direction dir)
{
	sg_free_table(sgt);
	kfree(sgt);
}

/* Not static: variant drivers offer them behind their own candidates. */
const struct dma_buf_mapping_sgt_exp_ops example_vfio_sgt_exp_ops = {
	.map_dma_buf = example_vfio_map_dma_buf,
	.unmap_dma_buf = example_vfio_unmap_dma_buf,
};

static int example_vfio_match_mapping(struct dma_buf_match_args *args)
{
	struct example_vfio_dmabuf *vdmabuf = args->dmabuf->priv;

	if (vdmabuf->variant && vdmabuf->variant->match_mapping)
		return vdmabuf->variant->match_mapping(args);

	return DMA_BUF_MATCH_MAPPINGS(args,
		DMA_BUF_EMAPPING_PAL(&example_vfio_pal_exp_ops),
		DMA_BUF_EMAPPING_SGT_P2P(&example_vfio_sgt_exp_ops,
					 vdmabuf->pdev));
}

static void example_vfio_release(struct dma_buf *dmabuf)
{
	kfree(dmabuf->priv);
}

static const struct dma_buf_ops example_vfio_dmabuf_ops = {
	.match_mapping = example_vfio_match_mapping,
	.release = example_vfio_release,
};

/**
 * example_vfio_export - export ranges of a BAR as a dma-buf
 * @pdev: the PCI function owning the BAR
 * @bar: the BAR index
 * @phys: CPU physical ranges inside the BAR, in buffer order
 * @nr_ranges: number of entries in @phys
 * @variant: hooks of a variant driver, or NULL for plain vfio-pci
 *
 * Like the VFIO_DEVICE_FEATURE_DMA_BUF ioctl. The caller has checked that
 * the ranges lie in the BAR; here only their shape is checked.
 *
 * Return: the new dma-buf, or an ERR_PTR().
 */
struct dma_buf *example_vfio_export(struct pci_dev *pdev, unsigned int bar,
				    const struct example_phys_vec *phys,
				    size_t nr_ranges,
				    const struct example_vfio_variant *variant)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct example_vfio_dmabuf *vdmabuf;
	struct dma_buf *dmabuf;
	size_t size = 0;
	size_t i;

	if (!nr_ranges)
		return ERR_PTR(-EINVAL);
	for (i = 0; i < nr_ranges; i++) {
		if (!phys[i].len || !PAGE_ALIGNED(phys[i].paddr) ||
		    !PAGE_ALIGNED(phys[i].len))
			return ERR_PTR(-EINVAL);
		if (check_add_overflow(size, phys[i].len, &size))
			return ERR_PTR(-EOVERFLOW);
	}

	vdmabuf = kzalloc(struct_size(vdmabuf, phys, nr_ranges), GFP_KERNEL);
	if (!vdmabuf)
		return ERR_PTR(-ENOMEM);
	vdmabuf->pdev = pdev;
	vdmabuf->bar = bar;
	vdmabuf->variant = variant;
	vdmabuf->nr_ranges = nr_ranges;
	memcpy(vdmabuf->phys, phys, flex_array_size(vdmabuf, phys, nr_ranges));

	exp_info.ops = &example_vfio_dmabuf_ops;
	exp_info.size = size;
	exp_info.flags = O_RDWR | O_CLOEXEC;
	exp_info.priv = vdmabuf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		kfree(vdmabuf);
	return dmabuf;
}

/**
 * example_vfio_revoke - the device is being reset: take the BAR away
 * @dmabuf: a buffer from example_vfio_export()
 *
 * Importers are told through their move_notify callback and must stop
 * using the addresses; mapping again fails with -ENODEV.
 */
void example_vfio_revoke(struct dma_buf *dmabuf)
{
	struct example_vfio_dmabuf *vdmabuf = dmabuf->priv;

	dma_resv_lock(dmabuf->resv, NULL);
	vdmabuf->revoked = true;
	example_invalidate_mappings(dmabuf);
	dma_resv_unlock(dmabuf->resv);
}
