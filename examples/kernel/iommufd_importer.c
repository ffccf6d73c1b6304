// SPDX-License-Identifier: GPL-2.0
/*
 * An iommufd style importer: it maps a dma-buf's CPU physical addresses into
 * an I/O address space, so it accepts only the Physical Address List. The
 * "IOMMU page table" is an array of areas.
 *
 * dma_buf_pal_map_phys() checks the exporter's list before returning it (not
 * empty, no empty or unaligned entry, no wrap, no overlap, covering exactly
 * the buffer), so the walk below needs none of those checks itself.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "maptype-examples.h"

/* Called with the reservation lock held. */
static void example_iommufd_unmap_locked(struct example_iommufd_pages *pages)
{
	dma_resv_assert_held(pages->dmabuf->resv);
	if (!pages->phys)
		return;
	kvfree(pages->areas);
	pages->areas = NULL;
	pages->nr_areas = 0;
	dma_buf_pal_unmap_phys(pages->attach, pages->phys);
	pages->phys = NULL;
}

static void example_iommufd_move_notify(struct dma_buf_attachment *attach)
{
	struct example_iommufd_pages *pages = attach->importer_priv;

	/* The exporter revoked the buffer: the IOVAs must stop working now. */
	example_iommufd_unmap_locked(pages);
	pages->revoked = true;
}

static const struct dma_buf_attach_ops example_iommufd_attach_ops = {
	.EXAMPLE_INVALIDATE = example_iommufd_move_notify,
};

/**
 * example_iommufd_attach - attach to a dma-buf, asking for physical addresses
 * @pages: the import to set up
 * @dmabuf: the buffer; the caller keeps its reference until detach
 *
 * Return: 0, or -EINVAL when the exporter cannot provide a PAL, or another
 * negative errno.
 */
int example_iommufd_attach(struct example_iommufd_pages *pages,
			   struct dma_buf *dmabuf)
{
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_PAL(),
	};
	struct dma_buf_attachment *attach;

	*pages = (struct example_iommufd_pages){ .dmabuf = dmabuf };
	attach = dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match),
					&example_iommufd_attach_ops, pages);
	if (IS_ERR(attach))
		return PTR_ERR(attach);
	pages->attach = attach;
	return 0;
}

/**
 * example_iommufd_map - map the whole buffer at @iova
 * @pages: an attached import
 * @iova: where the buffer starts in the I/O address space
 *
 * The physical ranges are laid out back to back from @iova, in the order
 * the exporter gave them.
 *
 * Return: 0, -EBUSY if already mapped, -ENODEV if revoked, -EOVERFLOW if
 * the buffer does not fit above @iova, or the exporter's error.
 */
int example_iommufd_map(struct example_iommufd_pages *pages,
			unsigned long iova)
{
	struct example_iommufd_area *areas;
	struct dma_buf_phys_list *phys;
	struct example_phys_vec *vec;
	size_t n = 0;
	int ret = 0;

	dma_resv_lock(pages->dmabuf->resv, NULL);
	if (pages->revoked) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (pages->phys) {
		ret = -EBUSY;
		goto out_unlock;
	}

	phys = dma_buf_pal_map_phys(pages->attach);
	if (IS_ERR(phys)) {
		ret = PTR_ERR(phys);
		goto out_unlock;
	}

	areas = kvcalloc(phys->length, sizeof(*areas), GFP_KERNEL);
	if (!areas) {
		ret = -ENOMEM;
		goto out_unmap;
	}
	dma_buf_phys_list_for_each(phys, vec) {
		unsigned long last;

		/* vec->len is not 0: dma_buf_pal_map_phys() checked. */
		if (check_add_overflow(iova, vec->len - 1, &last)) {
			ret = -EOVERFLOW;
			goto out_free;
		}
		areas[n++] = (struct example_iommufd_area){
			.iova = iova,
			.paddr = vec->paddr,
			.len = vec->len,
		};
		iova = last + 1;
	}

	pages->phys = phys;
	pages->areas = areas;
	pages->nr_areas = n;
	dma_resv_unlock(pages->dmabuf->resv);
	return 0;

out_free:
	kvfree(areas);
out_unmap:
	dma_buf_pal_unmap_phys(pages->attach, phys);
out_unlock:
	dma_resv_unlock(pages->dmabuf->resv);
	return ret;
}

/**
 * example_iommufd_iova_to_phys - what the IOMMU would translate @iova to
 * @pages: a mapped import
 * @iova: an I/O virtual address
 * @paddr: the physical address, on success
 *
 * Return: 0, or -ENOENT when @iova is not mapped.
 */
int example_iommufd_iova_to_phys(struct example_iommufd_pages *pages,
				 unsigned long iova, phys_addr_t *paddr)
{
	int ret = -ENOENT;
	size_t i;

	dma_resv_lock(pages->dmabuf->resv, NULL);
	for (i = 0; i < pages->nr_areas; i++) {
		const struct example_iommufd_area *area = &pages->areas[i];

		if (iova >= area->iova && iova - area->iova < area->len) {
			*paddr = area->paddr + (iova - area->iova);
			ret = 0;
			break;
		}
	}
	dma_resv_unlock(pages->dmabuf->resv);
	return ret;
}

/**
 * example_iommufd_unmap - undo example_iommufd_map()
 * @pages: the import; nothing happens if it is not mapped
 */
void example_iommufd_unmap(struct example_iommufd_pages *pages)
{
	dma_resv_lock(pages->dmabuf->resv, NULL);
	example_iommufd_unmap_locked(pages);
	dma_resv_unlock(pages->dmabuf->resv);
}

/**
 * example_iommufd_detach - unmap if needed and drop the attachment
 * @pages: an attached import
 */
void example_iommufd_detach(struct example_iommufd_pages *pages)
{
	example_iommufd_unmap(pages);
	dma_buf_detach(pages->dmabuf, pages->attach);
	pages->attach = NULL;
}
