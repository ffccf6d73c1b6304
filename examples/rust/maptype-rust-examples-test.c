// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the Rust BAR exporter (rust_bar_exporter.rs): the C
 * iommufd-style importer of examples/kernel/ attaches to it and gets the
 * Physical Address List, a C importer that only takes scatter-gather tables
 * gets the Rust exporter's fallback, the xe PF importer gets the xe IOV type
 * from a buffer in its own VF's BAR, and every call lands in the Rust ops.
 */
#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "dma-buf-mapping-xe-iov.h"
#include "maptype-examples.h"
#include "rust_bar_exporter.h"

MODULE_IMPORT_NS(EXAMPLE_DMA_BUF_NS);

/* A made-up CPU physical address of the exported BAR. */
#define TEST_BAR	0x5000000000ULL
#define TEST_PAGES	4

static struct dma_buf *test_export(struct kunit *test)
{
	struct dma_buf *dmabuf = rust_bar_export(TEST_BAR, TEST_PAGES);

	KUNIT_ASSERT_NOT_NULL(test, dmabuf);
	KUNIT_EXPECT_EQ(test, dmabuf->size, TEST_PAGES * PAGE_SIZE);
	return dmabuf;
}

static void test_rust_exporter_to_iommufd(struct kunit *test)
{
	size_t maps = rust_bar_calls(RUST_BAR_MAP_PHYS);
	size_t unmaps = rust_bar_calls(RUST_BAR_UNMAP_PHYS);
	struct dma_buf *dmabuf = test_export(test);
	const unsigned long iova = SZ_1G;
	struct example_iommufd_pages *pages;
	phys_addr_t paddr;

	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_ASSERT_EQ(test, example_iommufd_attach(pages, dmabuf), 0);
	KUNIT_EXPECT_PTR_EQ(test, pages->attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NOT_NULL(test, dma_buf_get_pal_ops(pages->attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(pages->attach));

	/* The checked list comes from the Rust map_phys. */
	KUNIT_ASSERT_EQ(test, example_iommufd_map(pages, iova), 0);
	KUNIT_EXPECT_EQ(test, rust_bar_calls(RUST_BAR_MAP_PHYS), maps + 1);
	KUNIT_ASSERT_EQ(test, pages->nr_areas, 2);

	/* Page 0, then pages 2.. of the BAR, back to back from iova. */
	KUNIT_EXPECT_EQ(test, example_iommufd_iova_to_phys(pages, iova, &paddr),
			0);
	KUNIT_EXPECT_EQ(test, paddr, TEST_BAR);
	KUNIT_EXPECT_EQ(test,
			example_iommufd_iova_to_phys(pages, iova + PAGE_SIZE,
						     &paddr), 0);
	KUNIT_EXPECT_EQ(test, paddr, TEST_BAR + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test,
			example_iommufd_iova_to_phys(pages,
						     iova + 3 * PAGE_SIZE + 8,
						     &paddr), 0);
	KUNIT_EXPECT_EQ(test, paddr, TEST_BAR + 4 * PAGE_SIZE + 8);
	KUNIT_EXPECT_EQ(test,
			example_iommufd_iova_to_phys(pages,
						     iova + TEST_PAGES * PAGE_SIZE,
						     &paddr), -ENOENT);

	/* The list goes back to the Rust unmap_phys. */
	example_iommufd_unmap(pages);
	KUNIT_EXPECT_EQ(test, rust_bar_calls(RUST_BAR_UNMAP_PHYS), unmaps + 1);
	example_iommufd_detach(pages);
	dma_buf_put(dmabuf);
}

static void test_rust_exporter_to_sgt_importer(struct kunit *test)
{
	size_t maps = rust_bar_calls(RUST_BAR_MAP_DMA_BUF);
	size_t unmaps = rust_bar_calls(RUST_BAR_UNMAP_DMA_BUF);
	size_t pal_maps = rust_bar_calls(RUST_BAR_MAP_PHYS);
	struct dma_buf *dmabuf = test_export(test);
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	struct device *dev;

	dev = kunit_device_register(test, "rust-bar-sgt-importer");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	{
		struct dma_buf_mapping_match match[] = {
			DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_NO_P2P),
		};

		attach = dma_buf_mapping_attach(dmabuf, match,
						ARRAY_SIZE(match), NULL, NULL);
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);

	/* PAL is first for the exporter, but this importer takes SGT only. */
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), dev);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));

	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	KUNIT_EXPECT_EQ(test, rust_bar_calls(RUST_BAR_MAP_DMA_BUF), maps + 1);
	dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_EQ(test, rust_bar_calls(RUST_BAR_UNMAP_DMA_BUF),
			unmaps + 1);
	KUNIT_EXPECT_EQ(test, rust_bar_calls(RUST_BAR_MAP_PHYS), pal_maps);

	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static void test_rust_exporter_refuses_no_common_type(struct kunit *test)
{
	struct dma_buf *dmabuf = test_export(test);
	struct dma_buf_attachment *attach;
	/* A candidate of a type the Rust exporter does not offer. */
	static const struct dma_buf_mapping_type other = { .name = "other" };
	struct dma_buf_mapping_match match[] = {
		{ .type = &other },
	};

	attach = dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
					NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), -EINVAL);
	dma_buf_put(dmabuf);
}

/* The PCI topology of the xe cases: test_vf is a VF of test_pf. */
static struct pci_dev *test_pf, *test_vf;

static struct pci_dev *test_pci_physfn(struct pci_dev *dev)
{
	return dev == test_vf ? test_pf : dev;
}

static struct example_xe_pf *test_xe_pf(struct kunit *test,
					struct pci_dev *pdev)
{
	struct example_xe_pf *pf = kunit_kzalloc(test, sizeof(*pf), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pf);
	test_pf = kunit_kzalloc(test, sizeof(*test_pf), GFP_KERNEL);
	test_vf = kunit_kzalloc(test, sizeof(*test_vf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, test_pf);
	KUNIT_ASSERT_NOT_NULL(test, test_vf);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	pf->pdev = pdev ? pdev : test_pf;
	pf->num_vfs = 1;
	pf->vfs[0] = (struct example_xe_vf_config){
		.vf = test_vf,
		.lmem_bar = TEST_BAR,
		.lmem_offset = SZ_1M,
		.lmem_size = (TEST_PAGES + 1) * PAGE_SIZE,
	};
	return pf;
}

static void test_rust_vf_exporter_to_xe_pf(struct kunit *test)
{
	struct example_xe_pf *pf = test_xe_pf(test, NULL);
	size_t maps = rust_bar_calls(RUST_BAR_XE_IOV_MAP);
	struct example_xe_vram_range *ranges;
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;
	size_t n;

	dmabuf = rust_bar_export_vf(test_vf, EXAMPLE_XE_LMEM_BAR, TEST_BAR,
				    TEST_PAGES);
	KUNIT_ASSERT_NOT_NULL(test, dmabuf);
	attach = example_xe_pf_attach(pf, dmabuf);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_xe_iov_vf(attach), test_vf);

	/* The Rust map gives VF BAR ranges; the PF makes them VRAM offsets. */
	KUNIT_ASSERT_EQ(test, example_xe_pf_import_vram(pf, attach, &ranges, &n),
			0);
	KUNIT_EXPECT_EQ(test, rust_bar_calls(RUST_BAR_XE_IOV_MAP), maps + 1);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, ranges[0].vram_addr, SZ_1M);
	KUNIT_EXPECT_EQ(test, ranges[0].len, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ranges[1].vram_addr, SZ_1M + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ranges[1].len, (TEST_PAGES - 1) * PAGE_SIZE);
	kvfree(ranges);

	dma_buf_detach(dmabuf, attach);
	dma_buf_put(dmabuf);
}

static void test_rust_vf_exporter_refuses_another_pf(struct kunit *test)
{
	struct pci_dev *other;
	struct example_xe_pf *pf;
	struct dma_buf *dmabuf;

	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	pf = test_xe_pf(test, other);
	dmabuf = rust_bar_export_vf(test_vf, EXAMPLE_XE_LMEM_BAR, TEST_BAR,
				    TEST_PAGES);
	KUNIT_ASSERT_NOT_NULL(test, dmabuf);
	/* The VF is not this PF's: IOV does not match, and nothing else is asked. */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(example_xe_pf_attach(pf, dmabuf)),
			-EINVAL);
	dma_buf_put(dmabuf);
}

static struct kunit_case rust_example_cases[] = {
	KUNIT_CASE(test_rust_exporter_to_iommufd),
	KUNIT_CASE(test_rust_exporter_to_sgt_importer),
	KUNIT_CASE(test_rust_exporter_refuses_no_common_type),
	KUNIT_CASE(test_rust_vf_exporter_to_xe_pf),
	KUNIT_CASE(test_rust_vf_exporter_refuses_another_pf),
	{}
};

static struct kunit_suite rust_example_suite = {
	.name = "dma-buf-mapping-example-rust",
	.test_cases = rust_example_cases,
};

kunit_test_suite(rust_example_suite);

MODULE_DESCRIPTION("KUnit tests of the Rust DMA-buf mapping type example");
MODULE_LICENSE("GPL");
