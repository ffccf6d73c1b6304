// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/xe_iov.maptype by cargo run -- generate; do not edit
 */
/*
 * Fixtures of the kernel::dma_buf::mapping::xe_iov doctests, for a test
 * kernel whose kernel crate holds that module and which builds the type's
 * C in. Rust calls them as bindings::maptype_doctest_*.
 */

#if IS_ENABLED(CONFIG_RUST_KERNEL_DOCTESTS)

#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "../../drivers/gpu/drm/xe/dma-buf-mapping-xe-iov.h"

static struct pci_dev *maptype_doctest_xe_iov_pci_physfn_ret;

static struct pci_dev *maptype_doctest_xe_iov_pci_physfn(struct pci_dev *dev)
{
	return maptype_doctest_xe_iov_pci_physfn_ret;
}

/* Makes pci_physfn() return @ret to the xe_iov glue until the test ends. */
void rust_helper_maptype_doctest_stub_xe_iov_pci_physfn(struct pci_dev *ret)
{
	maptype_doctest_xe_iov_pci_physfn_ret = ret;
	kunit_activate_static_stub(kunit_get_current_test(),
				   dma_buf_mapping_xe_iov_pci_physfn,
				   maptype_doctest_xe_iov_pci_physfn);
}

static unsigned int maptype_doctest_xe_iov_check_warns;

/* Stands in for the xe_iov checks' WARN(): counts the reports without a splat. */
static bool maptype_doctest_xe_iov_check_warn(bool bug, const char *check,
					      const char *fmt, ...)
{
	if (bug)
		maptype_doctest_xe_iov_check_warns++;
	return bug;
}

/* Counts the reports of the xe_iov checks until the test ends. */
void rust_helper_maptype_doctest_count_xe_iov_check_warns(void)
{
	maptype_doctest_xe_iov_check_warns = 0;
	kunit_activate_static_stub(kunit_get_current_test(),
				   dma_buf_mapping_xe_iov_check_warn,
				   maptype_doctest_xe_iov_check_warn);
}

/* What the xe_iov checks reported since counting started. */
unsigned int rust_helper_maptype_doctest_xe_iov_check_warns(void)
{
	return maptype_doctest_xe_iov_check_warns;
}

/* A C importer attaching with the one candidate DMA_BUF_IMAPPING_XE_IOV(). */
struct dma_buf_attachment *
rust_helper_maptype_doctest_attach_imapping_xe_iov(struct dma_buf *dmabuf,
						   struct pci_dev *pf,
						   unsigned int bar)
{
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_XE_IOV(pf, bar),
	};

	return dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
				      NULL);
}

#endif /* CONFIG_RUST_KERNEL_DOCTESTS */
