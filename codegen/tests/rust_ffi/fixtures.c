// SPDX-License-Identifier: GPL-2.0
/*
 * C drivers for the Rust FFI scenarios (see fixtures.h), plus the C side of
 * the kernel crate's own helpers (rust/helpers/err.c in the kernel) that the
 * stand-in kernel crate calls.
 */
#include <hosted.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "fixtures.h"

/* rust/helpers/err.c */
void *rust_helper_ERR_PTR(long err);
bool rust_helper_IS_ERR(const void *ptr);
long rust_helper_PTR_ERR(const void *ptr);

void *rust_helper_ERR_PTR(long err)
{
	return ERR_PTR(err);
}

bool rust_helper_IS_ERR(const void *ptr)
{
	return IS_ERR(ptr);
}

long rust_helper_PTR_ERR(const void *ptr)
{
	return PTR_ERR(ptr);
}

/* What the C exporters did. */
static unsigned int c_maps, c_unmaps;
static struct sg_table c_sgt;

/* Devices. */

static struct device imp_dev = { .name = "importer0" };
static struct pci_dev pf = { .dev = { .name = "0000:00:02.0" } };
static struct pci_dev vf = { .dev = { .name = "0000:00:02.1" },
			     .physfn = &pf, .is_virtfn = 1 };
static struct pci_dev pf2 = { .dev = { .name = "0000:00:03.0" } };
static struct pci_dev vf2 = { .dev = { .name = "0000:00:03.1" },
			      .physfn = &pf2, .is_virtfn = 1 };

struct device *fixture_importer_dev(void)
{
	return &imp_dev;
}

struct pci_dev *fixture_pf(void)
{
	return &pf;
}

struct pci_dev *fixture_vf(void)
{
	return &vf;
}

struct pci_dev *fixture_other_vf(void)
{
	return &vf2;
}

/* Buffers. */

static struct dma_resv the_resv;
static struct dma_buf the_buf;

struct dma_buf *fixture_buf(const struct dma_buf_ops *ops, size_t pages)
{
	the_resv.held = false;
	the_buf = (struct dma_buf){
		.size = pages * PAGE_SIZE,
		.ops = ops,
		.resv = &the_resv,
	};
	return &the_buf;
}

void fixture_lock(struct dma_buf *buf)
{
	dma_resv_lock(buf->resv, NULL);
}

void fixture_unlock(struct dma_buf *buf)
{
	dma_resv_unlock(buf->resv);
}

unsigned int fixture_warn_hits(void)
{
	return hosted_warn_hits;
}

unsigned int fixture_lock_violations(void)
{
	return hosted_lock_violations;
}

unsigned int fixture_alloc_violations(void)
{
	return hosted_alloc_violations;
}

long fixture_live_allocs(void)
{
	return hosted_live_allocs;
}

void fixture_reset(void)
{
	hosted_reset();
	c_maps = 0;
	c_unmaps = 0;
}

/* C importers. */

static void imp_move_notify(struct dma_buf_attachment *attach __always_unused)
{
}

static const struct dma_buf_attach_ops imp_ops = {
	.allow_peer2peer = true,
	.move_notify = imp_move_notify,
};

struct fixture_result fixture_c_import_pal(struct dma_buf *buf)
{
	struct dma_buf_mapping_match imp[] = { DMA_BUF_IMAPPING_PAL() };
	struct fixture_result r = { 0 };
	struct dma_buf_attachment *attach;
	struct dma_buf_phys_list *list;
	struct dma_buf_phys_vec *e;

	attach = dma_buf_mapping_attach(buf, imp, ARRAY_SIZE(imp), &imp_ops,
					NULL);
	if (IS_ERR(attach)) {
		r.attach_err = PTR_ERR(attach);
		return r;
	}
	r.is_pal = dma_buf_get_pal_ops(attach) != NULL;
	r.is_sgt = dma_buf_get_sgt_ops(attach) != NULL;
	dma_resv_lock(buf->resv, NULL);
	list = dma_buf_pal_map_phys(attach);
	if (IS_ERR(list)) {
		r.map_err = PTR_ERR(list);
	} else {
		r.entries = list->length;
		r.first_paddr = list->phys[0].paddr;
		dma_buf_phys_list_for_each(list, e)
			r.total_len += e->len;
		dma_buf_pal_unmap_phys(attach, list);
	}
	dma_resv_unlock(buf->resv);
	dma_buf_detach(buf, attach);
	return r;
}

struct fixture_result fixture_c_import_sgt(struct dma_buf *buf, bool p2p)
{
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_SGT(&imp_dev, p2p ? DMA_SGT_IMPORTER_ACCEPTS_P2P :
						     DMA_SGT_NO_P2P),
	};
	struct fixture_result r = { 0 };
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;

	attach = dma_buf_mapping_attach(buf, imp, ARRAY_SIZE(imp), &imp_ops,
					NULL);
	if (IS_ERR(attach)) {
		r.attach_err = PTR_ERR(attach);
		return r;
	}
	r.is_pal = dma_buf_get_pal_ops(attach) != NULL;
	r.is_sgt = dma_buf_get_sgt_ops(attach) != NULL;
	r.sgt_dev = dma_buf_sgt_dma_device(attach);
	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		r.map_err = PTR_ERR(sgt);
	} else {
		r.sgt = sgt;
		dma_buf_sgt_unmap_attachment_unlocked(attach, sgt,
						      DMA_BIDIRECTIONAL);
	}
	dma_buf_detach(buf, attach);
	return r;
}

struct fixture_demo_result fixture_c_import_demo(struct dma_buf *buf,
						 unsigned int cookie)
{
	struct dma_buf_mapping_match imp[] = {
		DMA_BUF_IMAPPING_DEMO(cookie),
	};
	struct fixture_demo_result r = { 0 };
	const struct dma_buf_mapping_demo_exp_ops *ops;
	struct dma_buf_attachment *attach;

	attach = dma_buf_mapping_attach(buf, imp, ARRAY_SIZE(imp), &imp_ops,
					NULL);
	if (IS_ERR(attach)) {
		r.attach_err = PTR_ERR(attach);
		return r;
	}
	r.cookie = dma_buf_demo_cookie(attach);
	ops = dma_buf_get_demo_ops(attach);
	r.prepare_ret = ops->prepare(attach);
	r.has_hint = ops->hint != NULL;
	if (ops->hint)
		ops->hint(attach, DMA_TO_DEVICE);
	dma_buf_detach(buf, attach);
	return r;
}

/* C exporters. */

unsigned int fixture_c_maps(void)
{
	return c_maps;
}

unsigned int fixture_c_unmaps(void)
{
	return c_unmaps;
}

struct sg_table *fixture_c_sgt(void)
{
	return &c_sgt;
}

static struct dma_buf_phys_list *c_map_phys(struct dma_buf_attachment *attach)
{
	size_t n = attach->dmabuf->size / PAGE_SIZE, i;
	struct dma_buf_phys_list *list;

	list = kvmalloc(sizeof(*list) + n * sizeof(list->phys[0]), GFP_KERNEL);
	if (!list)
		return ERR_PTR(-ENOMEM);
	list->length = n;
	for (i = 0; i < n; i++) {
		list->phys[i].paddr = 0x100000 + 2 * i * PAGE_SIZE;
		list->phys[i].len = PAGE_SIZE;
	}
	c_maps++;
	return list;
}

static void c_unmap_phys(struct dma_buf_attachment *attach __always_unused,
			 struct dma_buf_phys_list *list)
{
	c_unmaps++;
	kvfree(list);
}

static const struct dma_buf_mapping_pal_exp_ops c_pal_ops = {
	.map_phys = c_map_phys,
	.unmap_phys = c_unmap_phys,
};

static struct sg_table *c_map_dma_buf(struct dma_buf_attachment *attach __always_unused,
				      enum dma_data_direction dir __always_unused)
{
	c_maps++;
	return &c_sgt;
}

static void c_unmap_dma_buf(struct dma_buf_attachment *attach __always_unused,
			    struct sg_table *sgt __always_unused,
			    enum dma_data_direction dir __always_unused)
{
	c_unmaps++;
}

static const struct dma_buf_mapping_sgt_exp_ops c_sgt_ops = {
	.map_dma_buf = c_map_dma_buf,
	.unmap_dma_buf = c_unmap_dma_buf,
};

static int c_match_pal_sgt(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args, DMA_BUF_EMAPPING_PAL(&c_pal_ops),
				      DMA_BUF_EMAPPING_SGT(&c_sgt_ops));
}

static const struct dma_buf_ops c_pal_sgt_ops = {
	.match_mapping = c_match_pal_sgt,
};

const struct dma_buf_ops *fixture_c_exporter_pal_sgt(void)
{
	return &c_pal_sgt_ops;
}

/* Two ranges of two pages: a valid answer for a four-page buffer. */
static struct dma_buf_phys_vec c_bar_ranges[2] = {
	{ .paddr = 0x80000000, .len = 2 * PAGE_SIZE },
	{ .paddr = 0x80010000, .len = 2 * PAGE_SIZE },
};

static const struct dma_buf_phys_vec *c_xe_map(struct dma_buf_attachment *attach __always_unused,
					 unsigned int *bar_number, size_t *nelms)
{
	c_maps++;
	*bar_number = 2;
	*nelms = ARRAY_SIZE(c_bar_ranges);
	return c_bar_ranges;
}

static const struct dma_buf_mapping_xe_iov_exp_ops c_xe_ops = {
	.map = c_xe_map,
};

static int c_match_xe_iov(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args,
				      DMA_BUF_EMAPPING_XE_IOV(&c_xe_ops, &vf, 2),
				      DMA_BUF_EMAPPING_SGT(&c_sgt_ops));
}

static const struct dma_buf_ops c_xe_iov_ops = {
	.match_mapping = c_match_xe_iov,
};

const struct dma_buf_ops *fixture_c_exporter_xe_iov(void)
{
	return &c_xe_iov_ops;
}
