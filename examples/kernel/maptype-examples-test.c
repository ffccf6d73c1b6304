// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites that attach the example importers to the example exporters
 * and check what was negotiated. There is no PCI hardware: struct pci_dev
 * objects are zeroed allocations that only serve as identities, and the two
 * PCI questions the mapping types ask (P2P distance, physical function) go
 * to stubs through the generated KUnit-stubbable wrappers.
 */
#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "dma-buf-mapping-xe-iov.h"
#include "maptype-examples.h"

MODULE_IMPORT_NS(EXAMPLE_DMA_BUF_NS);

/* Made-up CPU physical addresses of BARs. */
#define TEST_VFIO_BAR		0x4000000000ULL
#define TEST_GPU_VRAM_BAR	0x6000000000ULL
#define TEST_XE_VF_BAR		0x7000000000ULL
#define TEST_XE_OTHER_VF_BAR	0x7800000000ULL
#define TEST_XE_VF_LMEM		SZ_1M

#define TEST_MAX_PHYSFN		4

struct test_physfn {
	struct pci_dev *vf;
	struct pci_dev *pf;
};

/* Per-test state the stubs read. */
struct test_ctx {
	int p2p_distance;
	unsigned int nr_physfn;
	struct test_physfn physfn[TEST_MAX_PHYSFN];
};

static int test_p2pdma_distance(struct pci_dev *provider,
				struct device *client, bool verbose)
{
	struct test_ctx *ctx = kunit_get_current_test()->priv;

	return ctx->p2p_distance;
}

static struct pci_dev *test_pci_physfn(struct pci_dev *dev)
{
	struct test_ctx *ctx = kunit_get_current_test()->priv;
	unsigned int i;

	for (i = 0; i < ctx->nr_physfn; i++)
		if (ctx->physfn[i].vf == dev)
			return ctx->physfn[i].pf;
	/* Not a VF: a function is its own physical function. */
	return dev;
}

static int test_init(struct kunit *test)
{
	struct test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->p2p_distance = -1;
	test->priv = ctx;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_p2pdma_distance);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	return 0;
}

static struct pci_dev *test_pci_dev(struct kunit *test)
{
	struct pci_dev *pdev;

	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	return pdev;
}

static void test_set_physfn(struct kunit *test, struct pci_dev *vf,
			    struct pci_dev *pf)
{
	struct test_ctx *ctx = test->priv;

	KUNIT_ASSERT_LT(test, ctx->nr_physfn, TEST_MAX_PHYSFN);
	ctx->physfn[ctx->nr_physfn++] = (struct test_physfn){ vf, pf };
}

/* A DMA-capable device, as a driver's probe would leave it. */
static struct device *test_device(struct kunit *test, const char *name)
{
	struct device *dev;

	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	dev->dma_mask = &dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64)),
			0);
	return dev;
}

static struct dma_buf_attachment *
test_attach_sgt(struct dma_buf *dmabuf, struct device *dev,
		enum dma_sgt_requires_p2p p2p)
{
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_SGT(dev, p2p),
	};

	return dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
				      NULL);
}

/* --- vfio exporter --- */

static const struct example_phys_vec test_vfio_phys[] = {
	{ .paddr = TEST_VFIO_BAR + SZ_64K, .len = 2 * PAGE_SIZE },
	{ .paddr = TEST_VFIO_BAR + SZ_1M, .len = PAGE_SIZE },
};

static struct dma_buf *test_vfio_export(struct kunit *test)
{
	struct dma_buf *dmabuf;

	dmabuf = example_vfio_export(test_pci_dev(test), 0, test_vfio_phys,
				     ARRAY_SIZE(test_vfio_phys), NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	KUNIT_EXPECT_EQ(test, dmabuf->size, 3 * PAGE_SIZE);
	return dmabuf;
}

static void test_vfio_to_iommufd(struct kunit *test)
{
	struct dma_buf *dmabuf = test_vfio_export(test);
	const unsigned long iova = SZ_1G;
	struct example_iommufd_pages *pages;
	phys_addr_t paddr;

	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_ASSERT_EQ(test, example_iommufd_attach(pages, dmabuf), 0);

	KUNIT_EXPECT_PTR_EQ(test, pages->attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_pal_ops(pages->attach),
			    &example_vfio_pal_exp_ops);
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(pages->attach));
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(pages->attach));
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(pages->attach));

	KUNIT_ASSERT_EQ(test, example_iommufd_map(pages, iova), 0);
	KUNIT_ASSERT_EQ(test, pages->nr_areas, ARRAY_SIZE(test_vfio_phys));
	KUNIT_EXPECT_EQ(test, pages->phys->length,
			ARRAY_SIZE(test_vfio_phys));
	KUNIT_EXPECT_EQ(test, example_iommufd_map(pages, iova), -EBUSY);

	/* Ranges are laid out back to back from iova. */
	KUNIT_EXPECT_EQ(test, example_iommufd_iova_to_phys(pages, iova, &paddr),
			0);
	KUNIT_EXPECT_EQ(test, paddr, test_vfio_phys[0].paddr);
	KUNIT_EXPECT_EQ(test,
			example_iommufd_iova_to_phys(pages,
						     iova + PAGE_SIZE + 8,
						     &paddr), 0);
	KUNIT_EXPECT_EQ(test, paddr, test_vfio_phys[0].paddr + PAGE_SIZE + 8);
	KUNIT_EXPECT_EQ(test,
			example_iommufd_iova_to_phys(pages,
						     iova + 2 * PAGE_SIZE,
						     &paddr), 0);
	KUNIT_EXPECT_EQ(test, paddr, test_vfio_phys[1].paddr);
	KUNIT_EXPECT_EQ(test,
			example_iommufd_iova_to_phys(pages,
						     iova + 3 * PAGE_SIZE,
						     &paddr), -ENOENT);

	example_iommufd_unmap(pages);
	KUNIT_EXPECT_NULL(test, pages->phys);
	KUNIT_EXPECT_EQ(test, example_iommufd_iova_to_phys(pages, iova, &paddr),
			-ENOENT);
	example_iommufd_detach(pages);
	dma_buf_put(dmabuf);
}

static void test_vfio_revoke(struct kunit *test)
{
	struct dma_buf *dmabuf = test_vfio_export(test);
	struct example_iommufd_pages *pages;
	phys_addr_t paddr;

	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_ASSERT_EQ(test, example_iommufd_attach(pages, dmabuf), 0);
	KUNIT_ASSERT_EQ(test, example_iommufd_map(pages, SZ_1G), 0);

	example_vfio_revoke(dmabuf);
	KUNIT_EXPECT_TRUE(test, pages->revoked);
	KUNIT_EXPECT_NULL(test, pages->phys);
	KUNIT_EXPECT_EQ(test, example_iommufd_iova_to_phys(pages, SZ_1G, &paddr),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, example_iommufd_map(pages, SZ_1G), -ENODEV);

	example_iommufd_detach(pages);
	dma_buf_put(dmabuf);
}

struct test_p2p_case {
	const char *name;
	int distance;
	int expect_err;
};

static const struct test_p2p_case test_p2p_cases[] = {
	{ "reachable", 2, 0 },
	{ "unreachable", -1, -EINVAL },
};

static void test_p2p_case_desc(const struct test_p2p_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(test_p2p, test_p2p_cases, test_p2p_case_desc);

static void test_vfio_to_p2p_importer(struct kunit *test)
{
	const struct test_p2p_case *c = test->param_value;
	struct test_ctx *ctx = test->priv;
	struct device *nic = test_device(test, "example-p2p-nic");
	struct dma_buf *dmabuf = test_vfio_export(test);
	struct dma_buf_attachment *attach;
	struct scatterlist *sg;
	struct sg_table *sgt;
	unsigned int i;

	ctx->p2p_distance = c->distance;
	attach = test_attach_sgt(dmabuf, nic, DMA_SGT_IMPORTER_ACCEPTS_P2P);
	if (c->expect_err) {
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), c->expect_err);
		dma_buf_put(dmabuf);
		return;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);

	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(attach));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), nic);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(attach),
			    &example_vfio_sgt_exp_ops);
	KUNIT_EXPECT_NULL(test, dma_buf_get_pal_ops(attach));
	/* What not yet converted code in the dma-buf core looks at. */
	KUNIT_EXPECT_PTR_EQ(test, attach->dev, nic);
	KUNIT_EXPECT_TRUE(test, attach->peer2peer);

	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_ASSERT_EQ(test, sgt->nents, ARRAY_SIZE(test_vfio_phys));
	for_each_sgtable_dma_sg(sgt, sg, i) {
		KUNIT_EXPECT_EQ(test, sg_dma_address(sg),
				test_vfio_phys[i].paddr);
		KUNIT_EXPECT_EQ(test, sg_dma_len(sg), test_vfio_phys[i].len);
	}
	dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);

	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static void test_vfio_to_non_p2p_importer(struct kunit *test)
{
	struct test_ctx *ctx = test->priv;
	struct device *dev = test_device(test, "example-dma-dev");
	struct dma_buf *dmabuf = test_vfio_export(test);
	struct dma_buf_attachment *attach;

	/* Reachable or not, an importer that refuses P2P cannot use a BAR. */
	ctx->p2p_distance = 0;
	attach = test_attach_sgt(dmabuf, dev, DMA_SGT_NO_P2P);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), -EINVAL);
	dma_buf_put(dmabuf);
}

static void test_vfio_exporter_order_wins(struct kunit *test)
{
	struct test_ctx *ctx = test->priv;
	struct device *dev = test_device(test, "example-both");
	struct dma_buf *dmabuf = test_vfio_export(test);
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P),
		DMA_BUF_IMAPPING_PAL(),
	};
	struct dma_buf_attachment *attach;

	/* The importer prefers SGT, but vfio lists PAL first. */
	ctx->p2p_distance = 0;
	attach = dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
					NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static struct kunit_case test_vfio_cases[] = {
	KUNIT_CASE(test_vfio_to_iommufd),
	KUNIT_CASE(test_vfio_revoke),
	KUNIT_CASE_PARAM(test_vfio_to_p2p_importer, test_p2p_gen_params),
	KUNIT_CASE(test_vfio_to_non_p2p_importer),
	KUNIT_CASE(test_vfio_exporter_order_wins),
	{}
};

static struct kunit_suite test_vfio_suite = {
	.name = "dma-buf-mapping-example-vfio",
	.init = test_init,
	.test_cases = test_vfio_cases,
};

/* --- GPU exporter --- */

#define TEST_GPU_BO_SIZE	(4 * PAGE_SIZE)
#define TEST_GPU_VRAM_OFFSET	SZ_16M

struct test_gpu_case {
	const char *name;
	bool in_vram;
	bool p2p_bar;
	int distance;
	bool expect_p2p;
};

static const struct test_gpu_case test_gpu_cases[] = {
	{ "vram, p2p BAR, reachable", true, true, 2, true },
	{ "vram, p2p BAR, unreachable", true, true, -1, false },
	{ "vram, no p2p BAR", true, false, 2, false },
	{ "system memory", false, true, 2, false },
};

static void test_gpu_case_desc(const struct test_gpu_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(test_gpu, test_gpu_cases, test_gpu_case_desc);

static struct example_gpu *test_gpu(struct kunit *test, bool p2p_bar)
{
	struct example_gpu *gpu;

	gpu = kunit_kzalloc(test, sizeof(*gpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gpu);
	gpu->dev = test_device(test, "example-gpu");
	gpu->p2p_pdev = p2p_bar ? test_pci_dev(test) : NULL;
	gpu->vram_bar = TEST_GPU_VRAM_BAR;
	return gpu;
}

static void test_gpu_to_sgt_pal_importer(struct kunit *test)
{
	const struct test_gpu_case *c = test->param_value;
	struct test_ctx *ctx = test->priv;
	struct example_gpu *gpu = test_gpu(test, c->p2p_bar);
	struct device *dev = test_device(test, "example-importer");
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P),
		DMA_BUF_IMAPPING_PAL(),
	};
	struct dma_buf_attachment *attach;
	struct example_gpu_bo *bo;
	struct dma_buf *dmabuf;
	struct sg_table *sgt;

	ctx->p2p_distance = c->distance;
	dmabuf = example_gpu_export(gpu, TEST_GPU_BO_SIZE, c->in_vram,
				    TEST_GPU_VRAM_OFFSET);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	bo = dmabuf->priv;

	attach = dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
					NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_EQ(test, dma_buf_sgt_p2p_allowed(attach), c->expect_p2p);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	KUNIT_EXPECT_NOT_NULL(test, dma_buf_get_sgt_ops(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_pal_ops(attach));

	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	if (c->expect_p2p) {
		/* PCI bus addresses of the VRAM BAR. */
		KUNIT_EXPECT_EQ(test, sgt->nents, 1);
		KUNIT_EXPECT_EQ(test, sg_dma_address(sgt->sgl),
				TEST_GPU_VRAM_BAR + TEST_GPU_VRAM_OFFSET);
		KUNIT_EXPECT_EQ(test, sg_dma_len(sgt->sgl), TEST_GPU_BO_SIZE);
		KUNIT_EXPECT_TRUE(test, bo->in_vram);
	} else {
		/* System memory; a VRAM buffer was moved out first. */
		KUNIT_EXPECT_GE(test, sgt->nents, 1);
		KUNIT_EXPECT_NOT_NULL(test, sg_page(sgt->sgl));
		KUNIT_EXPECT_FALSE(test, bo->in_vram);
	}
	dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);

	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static void test_gpu_to_iommufd(struct kunit *test)
{
	struct test_ctx *ctx = test->priv;
	struct example_gpu *gpu = test_gpu(test, true);
	struct example_iommufd_pages *pages;
	struct dma_buf *dmabuf;

	ctx->p2p_distance = 0;
	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	dmabuf = example_gpu_export(gpu, TEST_GPU_BO_SIZE, true,
				    TEST_GPU_VRAM_OFFSET);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);

	/* The GPU offers only SGT, iommufd takes only PAL. */
	KUNIT_EXPECT_EQ(test, example_iommufd_attach(pages, dmabuf), -EINVAL);
	dma_buf_put(dmabuf);
}

static void test_gpu_simple_exporter(struct kunit *test)
{
	struct test_ctx *ctx = test->priv;
	struct example_gpu *gpu = test_gpu(test, true);
	struct device *dev = test_device(test, "example-importer");
	struct example_iommufd_pages *pages;
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;
	struct sg_table *sgt;

	ctx->p2p_distance = 0;
	dmabuf = example_gpu_export_simple(gpu, TEST_GPU_BO_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	KUNIT_ASSERT_NOT_NULL(test, dmabuf->ops->single_exporter_match);
	KUNIT_EXPECT_PTR_EQ(test, dmabuf->ops->single_exporter_match->type,
			    &dma_buf_mapping_sgt_type);

	/* Accepting P2P does not make the plain candidate a P2P one. */
	attach = test_attach_sgt(dmabuf, dev, DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	KUNIT_EXPECT_NOT_NULL(test, dma_buf_get_sgt_ops(attach));

	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_NOT_NULL(test, sg_page(sgt->sgl));
	dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_TO_DEVICE);
	dma_buf_detach(dmabuf, attach);

	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_EXPECT_EQ(test, example_iommufd_attach(pages, dmabuf), -EINVAL);
	dma_buf_put(dmabuf);
}

static struct kunit_case test_gpu_kunit_cases[] = {
	KUNIT_CASE_PARAM(test_gpu_to_sgt_pal_importer, test_gpu_gen_params),
	KUNIT_CASE(test_gpu_to_iommufd),
	KUNIT_CASE(test_gpu_simple_exporter),
	{}
};

static struct kunit_suite test_gpu_suite = {
	.name = "dma-buf-mapping-example-gpu",
	.init = test_init,
	.test_cases = test_gpu_kunit_cases,
};

/* --- xe PF importing its VFs' VRAM --- */

/* pf has vf1 and vf2; other_pf has other_vf. */
struct test_xe {
	struct example_xe_pf pf;
	struct pci_dev *vf1;
	struct pci_dev *vf2;
	struct pci_dev *other_pf;
	struct pci_dev *other_vf;
};

static struct test_xe *test_xe_setup(struct kunit *test)
{
	struct test_xe *xe;

	xe = kunit_kzalloc(test, sizeof(*xe), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, xe);
	xe->pf.pdev = test_pci_dev(test);
	xe->vf1 = test_pci_dev(test);
	xe->vf2 = test_pci_dev(test);
	xe->other_pf = test_pci_dev(test);
	xe->other_vf = test_pci_dev(test);
	test_set_physfn(test, xe->vf1, xe->pf.pdev);
	test_set_physfn(test, xe->vf2, xe->pf.pdev);
	test_set_physfn(test, xe->other_vf, xe->other_pf);

	/* VF BARs are back to back; their VRAM is wherever the PF put it. */
	xe->pf.num_vfs = 2;
	xe->pf.vfs[0] = (struct example_xe_vf_config){
		.vf = xe->vf1,
		.lmem_bar = TEST_XE_VF_BAR,
		.lmem_offset = SZ_256M,
		.lmem_size = TEST_XE_VF_LMEM,
	};
	xe->pf.vfs[1] = (struct example_xe_vf_config){
		.vf = xe->vf2,
		.lmem_bar = TEST_XE_VF_BAR + TEST_XE_VF_LMEM,
		.lmem_offset = SZ_128M,
		.lmem_size = TEST_XE_VF_LMEM,
	};
	return xe;
}

static struct dma_buf *test_xe_export(struct kunit *test, struct pci_dev *vf,
				      unsigned int bar,
				      const struct example_phys_vec *phys,
				      size_t nr)
{
	struct dma_buf *dmabuf;

	dmabuf = example_vfio_export(vf, bar, phys, nr,
				     &example_xe_vfio_variant);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	return dmabuf;
}

static void test_xe_own_vf(struct kunit *test)
{
	struct test_xe *xe = test_xe_setup(test);
	const struct example_phys_vec phys[] = {
		{ TEST_XE_VF_BAR + 2 * PAGE_SIZE, 2 * PAGE_SIZE },
		{ TEST_XE_VF_BAR + SZ_64K, PAGE_SIZE },
	};
	struct example_xe_vram_range *ranges;
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;
	size_t nr;

	dmabuf = test_xe_export(test, xe->vf1, EXAMPLE_XE_LMEM_BAR, phys,
				ARRAY_SIZE(phys));
	attach = example_xe_pf_attach(&xe->pf, dmabuf);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);

	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_xe_iov_vf(attach), xe->vf1);
	KUNIT_EXPECT_NOT_NULL(test, dma_buf_get_xe_iov_ops(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_pal_ops(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(attach));
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(attach));

	KUNIT_ASSERT_EQ(test,
			example_xe_pf_import_vram(&xe->pf, attach, &ranges,
						  &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, ARRAY_SIZE(phys));
	KUNIT_EXPECT_EQ(test, ranges[0].vram_addr, SZ_256M + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ranges[0].len, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ranges[1].vram_addr, SZ_256M + SZ_64K);
	KUNIT_EXPECT_EQ(test, ranges[1].len, PAGE_SIZE);
	kvfree(ranges);

	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static void test_xe_other_pf_vf(struct kunit *test)
{
	struct test_xe *xe = test_xe_setup(test);
	const struct example_phys_vec phys[] = {
		{ TEST_XE_OTHER_VF_BAR, PAGE_SIZE },
	};
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;

	dmabuf = test_xe_export(test, xe->other_vf, EXAMPLE_XE_LMEM_BAR, phys,
				ARRAY_SIZE(phys));
	attach = example_xe_pf_attach(&xe->pf, dmabuf);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), -EINVAL);
	dma_buf_put(dmabuf);
}

static void test_xe_other_bar(struct kunit *test)
{
	struct test_xe *xe = test_xe_setup(test);
	const struct example_phys_vec phys[] = {
		{ TEST_XE_VF_BAR, PAGE_SIZE },
	};
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;

	/* The PF's own VF, but its register BAR rather than VRAM. */
	dmabuf = test_xe_export(test, xe->vf1, 0, phys, ARRAY_SIZE(phys));
	attach = example_xe_pf_attach(&xe->pf, dmabuf);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), -EINVAL);
	dma_buf_put(dmabuf);
}

static void test_xe_foreign_range(struct kunit *test,
				  const struct example_phys_vec *phys,
				  size_t nr)
{
	struct test_xe *xe = test_xe_setup(test);
	struct example_xe_vram_range *ranges = NULL;
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;
	size_t n = 0;

	/* The match is on (PF, BAR) only; the ranges are checked at import. */
	dmabuf = test_xe_export(test, xe->vf1, EXAMPLE_XE_LMEM_BAR, phys, nr);
	attach = example_xe_pf_attach(&xe->pf, dmabuf);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_EQ(test,
			example_xe_pf_import_vram(&xe->pf, attach, &ranges,
						  &n), -EPERM);
	KUNIT_EXPECT_NULL(test, ranges);
	KUNIT_EXPECT_EQ(test, n, 0);
	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static void test_xe_other_vf_range(struct kunit *test)
{
	const struct example_phys_vec phys[] = {
		{ TEST_XE_VF_BAR, PAGE_SIZE },
		/* vf2's VRAM, in a buffer vf1 exported */
		{ TEST_XE_VF_BAR + TEST_XE_VF_LMEM, PAGE_SIZE },
	};

	test_xe_foreign_range(test, phys, ARRAY_SIZE(phys));
}

static void test_xe_straddling_range(struct kunit *test)
{
	const struct example_phys_vec phys[] = {
		/* Starts in vf1's VRAM, ends in vf2's. */
		{ TEST_XE_VF_BAR + TEST_XE_VF_LMEM - PAGE_SIZE, 2 * PAGE_SIZE },
	};

	test_xe_foreign_range(test, phys, ARRAY_SIZE(phys));
}

static void test_xe_system_ram_range(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct example_phys_vec phys[1];

	KUNIT_ASSERT_NOT_NULL(test, page);
	phys[0] = (struct example_phys_vec){ page_to_phys(page), PAGE_SIZE };
	test_xe_foreign_range(test, phys, ARRAY_SIZE(phys));
	__free_page(page);
}

static void test_xe_variant_still_serves_iommufd(struct kunit *test)
{
	struct test_xe *xe = test_xe_setup(test);
	const struct example_phys_vec phys[] = {
		{ TEST_XE_VF_BAR, 2 * PAGE_SIZE },
	};
	struct example_iommufd_pages *pages;
	struct dma_buf *dmabuf;

	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	dmabuf = test_xe_export(test, xe->vf1, EXAMPLE_XE_LMEM_BAR, phys,
				ARRAY_SIZE(phys));

	/* IOV comes first, but iommufd does not list it: PAL is next. */
	KUNIT_ASSERT_EQ(test, example_iommufd_attach(pages, dmabuf), 0);
	KUNIT_EXPECT_PTR_EQ(test, pages->attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NULL(test, dma_buf_xe_iov_vf(pages->attach));
	KUNIT_EXPECT_EQ(test, example_iommufd_map(pages, 0), 0);
	KUNIT_EXPECT_EQ(test, pages->nr_areas, 1);
	example_iommufd_detach(pages);
	dma_buf_put(dmabuf);
}

static struct kunit_case test_xe_cases[] = {
	KUNIT_CASE(test_xe_own_vf),
	KUNIT_CASE(test_xe_other_pf_vf),
	KUNIT_CASE(test_xe_other_bar),
	KUNIT_CASE(test_xe_other_vf_range),
	KUNIT_CASE(test_xe_straddling_range),
	KUNIT_CASE(test_xe_system_ram_range),
	KUNIT_CASE(test_xe_variant_still_serves_iommufd),
	{}
};

static struct kunit_suite test_xe_suite = {
	.name = "dma-buf-mapping-example-xe-iov",
	.init = test_init,
	.test_cases = test_xe_cases,
};

kunit_test_suites(&test_vfio_suite, &test_gpu_suite, &test_xe_suite);

MODULE_DESCRIPTION("Examples of drivers using DMA-buf mapping types");
MODULE_LICENSE("GPL");
