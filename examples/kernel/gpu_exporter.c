// SPDX-License-Identifier: GPL-2.0
/*
 * A GPU driver exporting buffer objects. Which candidates it offers depends
 * on where the buffer is: a buffer in VRAM can be reached over PCI P2P DMA,
 * if the GPU's BAR allows it, so that comes first; a scatter-gather table of
 * system memory always works and is the fallback. The candidates are added
 * one at a time to a DEFINE_DMA_BUF_MAPPING_LIST, which keeps the count.
 *
 * Buffers that only ever live in system memory use the one-line
 * DMA_BUF_SIMPLE_SGT_EXP_MATCH() form instead.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "maptype-examples.h"

static void example_gpu_free_pages(struct example_gpu_bo *bo)
{
	unsigned int i;

	if (!bo->pages)
		return;
	for (i = 0; i < bo->nr_pages; i++)
		if (bo->pages[i])
			__free_page(bo->pages[i]);
	kvfree(bo->pages);
	bo->pages = NULL;
}

static int example_gpu_alloc_pages(struct example_gpu_bo *bo)
{
	unsigned int i;

	bo->pages = kvcalloc(bo->nr_pages, sizeof(*bo->pages), GFP_KERNEL);
	if (!bo->pages)
		return -ENOMEM;
	for (i = 0; i < bo->nr_pages; i++) {
		bo->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!bo->pages[i]) {
			example_gpu_free_pages(bo);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Move a VRAM buffer to system memory; the reservation lock is held. */
static int example_gpu_evict(struct dma_buf *dmabuf)
{
	struct example_gpu_bo *bo = dmabuf->priv;
	int ret;

	dma_resv_assert_held(dmabuf->resv);
	ret = example_gpu_alloc_pages(bo);
	if (ret)
		return ret;
	/* A real driver copies the contents here with its copy engine. */
	bo->in_vram = false;
	/* Dynamic importers must drop mappings of the old placement. */
	example_invalidate_mappings(dmabuf);
	return 0;
}

/* A table of PCI bus addresses of the VRAM BAR; there are no pages. */
static struct sg_table *example_gpu_map_vram(struct example_gpu_bo *bo)
{
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table(sgt, 1, GFP_KERNEL);
	if (ret) {
		kfree(sgt);
		return ERR_PTR(ret);
	}
	sg_dma_address(sgt->sgl) = bo->gpu->vram_bar + bo->vram_offset;
	sg_dma_len(sgt->sgl) = bo->size;
	return sgt;
}

/* System memory, DMA mapped for the importing device. */
static struct sg_table *example_gpu_map_pages(struct example_gpu_bo *bo,
					      struct device *dma_dev,
					      enum dma_data_direction dir)
{
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, bo->pages, bo->nr_pages, 0,
					bo->size, GFP_KERNEL);
	if (ret)
		goto err_free;
	ret = dma_map_sgtable(dma_dev, sgt, dir, 0);
	if (ret)
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(ret);
}

static struct sg_table *
example_gpu_map_dma_buf(struct dma_buf_attachment *attach,
			enum dma_data_direction dir)
{
	struct example_gpu_bo *bo = attach->dmabuf->priv;
	int ret;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (bo->in_vram) {
		/* The P2P candidate matched: the importer can reach VRAM. */
		if (dma_buf_sgt_p2p_allowed(attach))
			return example_gpu_map_vram(bo);
		ret = example_gpu_evict(attach->dmabuf);
		if (ret)
			return ERR_PTR(ret);
	}
	return example_gpu_map_pages(bo, dma_buf_sgt_dma_device(attach), dir);
}

static void example_gpu_unmap_dma_buf(struct dma_buf_attachment *attach,
				      struct sg_table *sgt,
				      enum dma_data_direction dir)
{
	/* Only tables of system memory have pages and a DMA mapping. */
	if (sg_page(sgt->sgl))
		dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static const struct dma_buf_mapping_sgt_exp_ops example_gpu_sgt_exp_ops = {
	.map_dma_buf = example_gpu_map_dma_buf,
	.unmap_dma_buf = example_gpu_unmap_dma_buf,
};

static int example_gpu_match_mapping(struct dma_buf_match_args *args)
{
	struct example_gpu_bo *bo = args->dmabuf->priv;
	DEFINE_DMA_BUF_MAPPING_LIST(list, 2);
	struct dma_buf_mapping_match p2p;

	if (bo->in_vram && bo->gpu->p2p_pdev) {
		p2p = DMA_BUF_EMAPPING_SGT_P2P(&example_gpu_sgt_exp_ops,
					       bo->gpu->p2p_pdev);
		dma_buf_mapping_list_add(&list, p2p);
	}
	dma_buf_mapping_list_add(&list,
				 DMA_BUF_EMAPPING_SGT(&example_gpu_sgt_exp_ops));
	return dma_buf_match_mapping_list(args, &list);
}

static void example_gpu_release(struct dma_buf *dmabuf)
{
	struct example_gpu_bo *bo = dmabuf->priv;

	example_gpu_free_pages(bo);
	kfree(bo);
}

static const struct dma_buf_ops example_gpu_dmabuf_ops = {
	.match_mapping = example_gpu_match_mapping,
	.release = example_gpu_release,
};

static struct dma_buf *example_gpu_do_export(struct example_gpu *gpu,
					     size_t size, bool in_vram,
					     u64 vram_offset,
					     const struct dma_buf_ops *ops)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct example_gpu_bo *bo;
	struct dma_buf *dmabuf;
	int ret;

	if (!size || !PAGE_ALIGNED(size) || size / PAGE_SIZE > UINT_MAX)
		return ERR_PTR(-EINVAL);
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->gpu = gpu;
	bo->in_vram = in_vram;
	bo->vram_offset = vram_offset;
	bo->size = size;
	bo->nr_pages = size / PAGE_SIZE;
	if (!in_vram) {
		ret = example_gpu_alloc_pages(bo);
		if (ret) {
			kfree(bo);
			return ERR_PTR(ret);
		}
	}

	exp_info.ops = ops;
	exp_info.size = size;
	exp_info.flags = O_RDWR | O_CLOEXEC;
	exp_info.priv = bo;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		example_gpu_free_pages(bo);
		kfree(bo);
	}
	return dmabuf;
}

/**
 * example_gpu_export - export a buffer object
 * @gpu: the GPU
 * @size: size in bytes, a multiple of PAGE_SIZE
 * @in_vram: place the buffer in VRAM, else in system memory
 * @vram_offset: where in VRAM, if @in_vram
 *
 * Return: the new dma-buf, or an ERR_PTR().
 */
struct dma_buf *example_gpu_export(struct example_gpu *gpu, size_t size,
				   bool in_vram, u64 vram_offset)
{
	return example_gpu_do_export(gpu, size, in_vram, vram_offset,
				     &example_gpu_dmabuf_ops);
}

static struct sg_table *
example_gpu_simple_map(struct dma_buf_attachment *attach,
		       enum dma_data_direction dir)
{
	return example_gpu_map_pages(attach->dmabuf->priv,
				     dma_buf_sgt_dma_device(attach), dir);
}

static void example_gpu_simple_unmap(struct dma_buf_attachment *attach,
				     struct sg_table *sgt,
				     enum dma_data_direction dir)
{
	dma_unmap_sgtable(dma_buf_sgt_dma_device(attach), sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static const struct dma_buf_ops example_gpu_simple_dmabuf_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(example_gpu_simple_map,
				     example_gpu_simple_unmap),
	.release = example_gpu_release,
};

/**
 * example_gpu_export_simple - export a system memory buffer
 * @gpu: the GPU
 * @size: size in bytes, a multiple of PAGE_SIZE
 *
 * The buffer never moves, so one plain SGT candidate is all it offers.
 *
 * Return: the new dma-buf, or an ERR_PTR().
 */
struct dma_buf *example_gpu_export_simple(struct example_gpu *gpu,
					  size_t size)
{
	return example_gpu_do_export(gpu, size, false, 0,
				     &example_gpu_simple_dmabuf_ops);
}
