// SPDX-License-Identifier: GPL-2.0
/*
 * The xe PF driver importing a buffer that vfio-pci exported from the VRAM
 * BAR of one of the PF's own VFs. Through the private IOV type the PF gets
 * the VF BAR ranges and turns them into addresses in its own VRAM, which it
 * provisioned for that VF. Anything else (another VF's VRAM, system RAM) is
 * refused: a VF must not make the PF touch memory the VF does not own.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "dma-buf-mapping-xe-iov.h"
#include "maptype-examples.h"

/**
 * example_xe_pf_attach - attach the PF to a buffer exported by one of its VFs
 * @pf: the PF
 * @dmabuf: the buffer
 *
 * Only the IOV type is offered: the type's rule accepts the buffer iff it
 * is in the VRAM BAR of a VF whose physical function is @pf.
 *
 * Return: the attachment, ERR_PTR(-EINVAL) for a buffer of another PF's VF,
 * of another BAR or of an exporter without the IOV type, or another ERR_PTR().
 */
struct dma_buf_attachment *example_xe_pf_attach(struct example_xe_pf *pf,
						struct dma_buf *dmabuf)
{
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_XE_IOV(pf->pdev, EXAMPLE_XE_LMEM_BAR),
	};

	return dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
				      NULL);
}

static const struct example_xe_vf_config *
example_xe_pf_vf_config(const struct example_xe_pf *pf,
			const struct pci_dev *vf)
{
	unsigned int i;

	for (i = 0; i < pf->num_vfs; i++)
		if (vf && pf->vfs[i].vf == vf)
			return &pf->vfs[i];
	return NULL;
}

/* The VF whose LMEM BAR holds all of [paddr, paddr + len), or NULL. */
static const struct example_xe_vf_config *
example_xe_pf_range_owner(const struct example_xe_pf *pf, phys_addr_t paddr,
			  size_t len)
{
	unsigned int i;

	for (i = 0; i < pf->num_vfs; i++) {
		const struct example_xe_vf_config *cfg = &pf->vfs[i];
		u64 offset = paddr - cfg->lmem_bar;

		if (paddr >= cfg->lmem_bar && offset < cfg->lmem_size &&
		    len <= cfg->lmem_size - offset)
			return cfg;
	}
	return NULL;
}

/**
 * example_xe_pf_import_vram - translate an IOV attachment to PF VRAM ranges
 * @pf: the PF
 * @attach: an attachment from example_xe_pf_attach()
 * @ranges: the VRAM ranges, on success; free with kvfree()
 * @nr_ranges: number of entries in @ranges, on success
 *
 * Return: 0; -EINVAL if @attach is not an IOV attachment of one of @pf's
 * VFs or names another BAR; -EPERM if a range is not in the exporting VF's
 * own VRAM (another VF's, or system RAM); or the exporter's error, or the
 * errno of a type invariant its ranges break.
 */
int example_xe_pf_import_vram(struct example_xe_pf *pf,
			      struct dma_buf_attachment *attach,
			      struct example_xe_vram_range **ranges,
			      size_t *nr_ranges)
{
	const struct example_xe_vf_config *cfg;
	struct example_xe_vram_range *out;
	const struct example_phys_vec *phys;
	unsigned int bar;
	size_t nelms, i;
	int ret = 0;

	/* NULL unless the IOV type was negotiated. */
	cfg = example_xe_pf_vf_config(pf, dma_buf_xe_iov_vf(attach));
	if (!cfg)
		return -EINVAL;

	dma_resv_lock(attach->dmabuf->resv, NULL);
	phys = dma_buf_xe_iov_map(attach, &bar, &nelms);
	if (IS_ERR(phys)) {
		ret = PTR_ERR(phys);
		goto out_unlock;
	}
	/*
	 * The entry point has checked the ranges against the type's
	 * invariants (nonempty, page-aligned, no overlap, covering the
	 * buffer); which BAR holds VRAM is this driver's to know.
	 */
	if (bar != EXAMPLE_XE_LMEM_BAR) {
		ret = -EINVAL;
		goto out_unlock;
	}

	out = kvcalloc(nelms, sizeof(*out), GFP_KERNEL);
	if (!out) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	for (i = 0; i < nelms; i++) {
		if (example_xe_pf_range_owner(pf, phys[i].paddr,
					      phys[i].len) != cfg) {
			ret = -EPERM;
			goto out_free;
		}
		out[i].vram_addr = cfg->lmem_offset +
				   (phys[i].paddr - cfg->lmem_bar);
		out[i].len = phys[i].len;
	}
	dma_resv_unlock(attach->dmabuf->resv);
	*ranges = out;
	*nr_ranges = nelms;
	return 0;

out_free:
	kvfree(out);
out_unlock:
	dma_resv_unlock(attach->dmabuf->resv);
	return ret;
}
