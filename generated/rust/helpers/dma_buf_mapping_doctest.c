// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/pal.maptype, schemas/sgt.maptype by cargo run --
 * generate; do not edit
 */
/*
 * Fixtures of the kernel::dma_buf::mapping doctests, which run as the
 * KUnit suite rust_doctests_kernel: objects, extern stubs, C importers and
 * a C exporter. Rust calls them as bindings::maptype_doctest_*.
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

/* A device for importer candidates; KUnit releases it after the test. */
struct device *rust_helper_maptype_doctest_device(void)
{
	static atomic_t n = ATOMIC_INIT(0);
	struct device *dev;
	char name[32];

	snprintf(name, sizeof(name), "maptype-doctest-%d", atomic_inc_return(&n));
	dev = kunit_device_register(kunit_get_current_test(), name);
	return IS_ERR(dev) ? NULL : dev;
}

/* Zeroed memory standing in for a C object; KUnit frees it after the test. */
void *rust_helper_maptype_doctest_object(size_t size)
{
	return kunit_kzalloc(kunit_get_current_test(), size, GFP_KERNEL);
}

/* Exports @size bytes with @ops and @priv (dma_buf.priv), or returns NULL. */
struct dma_buf *
rust_helper_maptype_doctest_export(const struct dma_buf_ops *ops, size_t size,
				   void *priv)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *dmabuf;

	info.ops = ops;
	info.size = size;
	info.priv = priv;
	dmabuf = dma_buf_export(&info);
	return IS_ERR(dmabuf) ? NULL : dmabuf;
}

void rust_helper_maptype_doctest_lock(struct dma_buf *dmabuf)
{
	dma_resv_lock(dmabuf->resv, NULL);
}

void rust_helper_maptype_doctest_unlock(struct dma_buf *dmabuf)
{
	dma_resv_unlock(dmabuf->resv);
}

static unsigned int maptype_doctest_pal_check_warns;

/* Stands in for the pal checks' WARN(): counts the reports without a splat. */
static bool maptype_doctest_pal_check_warn(bool bug, const char *check,
					   const char *fmt, ...)
{
	if (bug)
		maptype_doctest_pal_check_warns++;
	return bug;
}

/* Counts the reports of the pal checks until the test ends. */
void rust_helper_maptype_doctest_count_pal_check_warns(void)
{
	maptype_doctest_pal_check_warns = 0;
	kunit_activate_static_stub(kunit_get_current_test(),
				   dma_buf_mapping_pal_check_warn,
				   maptype_doctest_pal_check_warn);
}

/* What the pal checks reported since counting started. */
unsigned int rust_helper_maptype_doctest_pal_check_warns(void)
{
	return maptype_doctest_pal_check_warns;
}

/* A C importer attaching with the one candidate DMA_BUF_IMAPPING_PAL(). */
struct dma_buf_attachment *
rust_helper_maptype_doctest_attach_imapping_pal(struct dma_buf *dmabuf)
{
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_PAL(),
	};

	return dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
				      NULL);
}

static int maptype_doctest_sgt_pci_p2pdma_distance_ret;

static int maptype_doctest_sgt_pci_p2pdma_distance(struct pci_dev *provider,
						   struct device *client,
						   bool verbose)
{
	return maptype_doctest_sgt_pci_p2pdma_distance_ret;
}

/* Makes pci_p2pdma_distance() return @ret to the sgt glue until the test ends. */
void rust_helper_maptype_doctest_stub_sgt_pci_p2pdma_distance(int ret)
{
	maptype_doctest_sgt_pci_p2pdma_distance_ret = ret;
	kunit_activate_static_stub(kunit_get_current_test(),
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   maptype_doctest_sgt_pci_p2pdma_distance);
}

static unsigned int maptype_doctest_sgt_rule_warns;

/* Stands in for the sgt rules' WARN_ON(): counts the reports without a splat. */
static bool maptype_doctest_sgt_rule_warn(bool bug)
{
	if (bug)
		maptype_doctest_sgt_rule_warns++;
	return bug;
}

/* Counts the reports of the sgt rules marked warn until the test ends. */
void rust_helper_maptype_doctest_count_sgt_rule_warns(void)
{
	maptype_doctest_sgt_rule_warns = 0;
	kunit_activate_static_stub(kunit_get_current_test(),
				   dma_buf_mapping_sgt_rule_warn,
				   maptype_doctest_sgt_rule_warn);
}

/* What the sgt rules marked warn reported since counting started. */
unsigned int rust_helper_maptype_doctest_sgt_rule_warns(void)
{
	return maptype_doctest_sgt_rule_warns;
}

static unsigned int maptype_doctest_sgt_check_warns;

/* Stands in for the sgt checks' WARN(): counts the reports without a splat. */
static bool maptype_doctest_sgt_check_warn(bool bug, const char *check,
					   const char *fmt, ...)
{
	if (bug)
		maptype_doctest_sgt_check_warns++;
	return bug;
}

/* Counts the reports of the sgt checks until the test ends. */
void rust_helper_maptype_doctest_count_sgt_check_warns(void)
{
	maptype_doctest_sgt_check_warns = 0;
	kunit_activate_static_stub(kunit_get_current_test(),
				   dma_buf_mapping_sgt_check_warn,
				   maptype_doctest_sgt_check_warn);
}

/* What the sgt checks reported since counting started. */
unsigned int rust_helper_maptype_doctest_sgt_check_warns(void)
{
	return maptype_doctest_sgt_check_warns;
}

/* A C importer attaching with the one candidate DMA_BUF_IMAPPING_SGT(). */
struct dma_buf_attachment *
rust_helper_maptype_doctest_attach_imapping_sgt(struct dma_buf *dmabuf,
						struct device *importing_dma_device,
						enum dma_sgt_requires_p2p importer_accepts_p2p)
{
	struct dma_buf_mapping_match match[] = {
		DMA_BUF_IMAPPING_SGT(importing_dma_device, importer_accepts_p2p),
	};

	return dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,
				      NULL);
}

static unsigned int maptype_doctest_c_pal_map_phys_count;

/* How often the C exporter's map_phys ran. */
unsigned int rust_helper_maptype_doctest_c_pal_map_phys_calls(void)
{
	return maptype_doctest_c_pal_map_phys_count;
}

static struct dma_buf_phys_list *
maptype_doctest_c_pal_map_phys(struct dma_buf_attachment *attach)
{
	struct dma_buf_phys_list *res;

	maptype_doctest_c_pal_map_phys_count++;
	res = kvzalloc(struct_size(res, phys, 1), GFP_KERNEL);
	if (!res)
		return ERR_PTR(-ENOMEM);
	/* One range covering the buffer, aligned as the checks want. */
	res->length = 1;
	res->phys[0].paddr = 1ULL << 32;
	res->phys[0].len = attach->dmabuf->size;
	return res;
}

static unsigned int maptype_doctest_c_pal_unmap_phys_count;

/* How often the C exporter's unmap_phys ran. */
unsigned int rust_helper_maptype_doctest_c_pal_unmap_phys_calls(void)
{
	return maptype_doctest_c_pal_unmap_phys_count;
}

static void maptype_doctest_c_pal_unmap_phys(struct dma_buf_attachment *attach,
					     struct dma_buf_phys_list *phys)
{
	maptype_doctest_c_pal_unmap_phys_count++;
	kvfree(phys);
}

static const struct dma_buf_mapping_pal_exp_ops maptype_doctest_c_pal_ops = {
	.map_phys = maptype_doctest_c_pal_map_phys,
	.unmap_phys = maptype_doctest_c_pal_unmap_phys,
};

static struct sg_table maptype_doctest_c_sgt_map_dma_buf_obj;

/* What the C exporter's map_dma_buf returns. */
struct sg_table *rust_helper_maptype_doctest_c_sgt_map_dma_buf_result(void)
{
	return &maptype_doctest_c_sgt_map_dma_buf_obj;
}

static unsigned int maptype_doctest_c_sgt_map_dma_buf_count;

/* How often the C exporter's map_dma_buf ran. */
unsigned int rust_helper_maptype_doctest_c_sgt_map_dma_buf_calls(void)
{
	return maptype_doctest_c_sgt_map_dma_buf_count;
}

static struct sg_table *
maptype_doctest_c_sgt_map_dma_buf(struct dma_buf_attachment *attach,
				  enum dma_data_direction dir)
{
	maptype_doctest_c_sgt_map_dma_buf_count++;
	return &maptype_doctest_c_sgt_map_dma_buf_obj;
}

static unsigned int maptype_doctest_c_sgt_unmap_dma_buf_count;

/* How often the C exporter's unmap_dma_buf ran. */
unsigned int rust_helper_maptype_doctest_c_sgt_unmap_dma_buf_calls(void)
{
	return maptype_doctest_c_sgt_unmap_dma_buf_count;
}

static void
maptype_doctest_c_sgt_unmap_dma_buf(struct dma_buf_attachment *attach,
				    struct sg_table *sgt,
				    enum dma_data_direction dir)
{
	maptype_doctest_c_sgt_unmap_dma_buf_count++;
}

static const struct dma_buf_mapping_sgt_exp_ops maptype_doctest_c_sgt_ops = {
	.map_dma_buf = maptype_doctest_c_sgt_map_dma_buf,
	.unmap_dma_buf = maptype_doctest_c_sgt_unmap_dma_buf,
};

static int maptype_doctest_c_match_mapping(struct dma_buf_match_args *args)
{
	const struct dma_buf_mapping_match exp[] = {
		DMA_BUF_EMAPPING_PAL(&maptype_doctest_c_pal_ops),
		DMA_BUF_EMAPPING_SGT(&maptype_doctest_c_sgt_ops),
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static void maptype_doctest_c_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops maptype_doctest_c_ops = {
	.match_mapping = maptype_doctest_c_match_mapping,
	.release = maptype_doctest_c_release,
};

/*
 * A C exporter of @size bytes offering pal then sgt, in that order; its op
 * counts start at 0.
 */
struct dma_buf *rust_helper_maptype_doctest_c_export(size_t size)
{
	maptype_doctest_c_pal_map_phys_count = 0;
	maptype_doctest_c_pal_unmap_phys_count = 0;
	maptype_doctest_c_sgt_map_dma_buf_count = 0;
	maptype_doctest_c_sgt_unmap_dma_buf_count = 0;
	return rust_helper_maptype_doctest_export(&maptype_doctest_c_ops, size,
						  (void *)&maptype_doctest_c_ops);
}

#endif /* CONFIG_RUST_KERNEL_DOCTESTS */
