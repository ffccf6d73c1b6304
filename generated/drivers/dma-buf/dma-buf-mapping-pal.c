// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/pal.maptype by cargo run -- generate; do not edit
 */
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/align.h>
#include <linux/bug.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stdarg.h>
#include <linux/string.h>

/*
 * Reports a driver bug one of this type's own checks found: @check says
 * which, @fmt what was wrong. A rate-limited WARN(); stubbable by KUnit,
 * whose suites check that each case breaks the check it means to, without a
 * splat.
 */
VISIBLE_IF_KUNIT __printf(3, 4) bool
dma_buf_mapping_pal_check_warn(bool bug, const char *check, const char *fmt,
			       ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_pal_check_warn, bug, check, fmt);
	if (likely(!bug))
		return false;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	WARN(__ratelimit(&rs), "%pV: breaks \"%s\"\n", &vaf, check);
	va_end(args);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_pal_check_warn);

/**
 * dma_buf_mapping_pal_finish_match - store the negotiated pal match
 * @args: the attach in progress
 * @exp: the exporter's candidate that matched
 * @imp: the importer's candidate that matched
 */
static void
dma_buf_mapping_pal_finish_match(struct dma_buf_match_args *args,
				 const struct dma_buf_mapping_match *exp,
				 __always_unused const struct dma_buf_mapping_match *imp)
{
	struct dma_buf_attachment *attach = args->attach;

	/* Only what on_match keeps survives: candidates may live on a stack. */
	attach->map_type = (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_pal_type,
		.exp_ops = exp->exp_ops,
	};
}

struct dma_buf_mapping_type dma_buf_mapping_pal_type = {
	.name = "Physical Address List",
	.finish_match = dma_buf_mapping_pal_finish_match,
};
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_pal_type, DMA_BUF);

static int dma_buf_phys_list_cmp_paddr(const void *a, const void *b)
{
	const struct dma_buf_phys_vec *x = a, *y = b;

	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return 0;
}

/* 0 if no two entries overlap, else 1 or -ENOMEM; needs no_overflow. */
static int dma_buf_phys_list_check_overlap(const struct dma_buf_phys_list *res)
{
	struct dma_buf_phys_vec *sorted;
	size_t i;
	int ret = 0;

	if (res->length < 2)
		return 0;
	sorted = kvmalloc_array(res->length, sizeof(*sorted), GFP_KERNEL);
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, res->phys, res->length * sizeof(*sorted));
	sort(sorted, res->length, sizeof(*sorted),
	     dma_buf_phys_list_cmp_paddr, NULL);
	for (i = 1; i < res->length; i++) {
		if (sorted[i - 1].paddr + sorted[i - 1].len > sorted[i].paddr) {
			ret = 1;
			break;
		}
	}
	/* kvmalloc memory goes back through kvfree, never kfree. */
	kvfree(sorted);
	return ret;
}

/**
 * dma_buf_phys_list_validate - check an exporter's &struct dma_buf_phys_list
 *   before an importer sees it
 * @dmabuf: the buffer it describes
 * @res: the exporter's result
 *
 * Checks every invariant listed at &struct dma_buf_phys_list.
 *
 * What iommufd relies on before mapping the ranges into an IOMMU.
 *
 * Return: 0, or the invariant's errno after one warning.
 */
VISIBLE_IF_KUNIT int
dma_buf_phys_list_validate(const struct dma_buf *dmabuf,
			   const struct dma_buf_phys_list *res)
{
	size_t i;
	u64 total = 0;
	int err;

	if (dma_buf_mapping_pal_check_warn(!res->length, "length is not 0",
					   "%s: no entries", __func__))
		return -EINVAL;
	if (dma_buf_mapping_pal_check_warn(res->length > dmabuf->size / PAGE_SIZE,
					   "length is at most the buffer size divided by PAGE_SIZE",
					   "%s: %zu entries for %zu bytes",
					   __func__, (size_t)res->length,
					   dmabuf->size))
		return -EINVAL;
	for (i = 0; i < res->length; i++) {
		const struct dma_buf_phys_vec *e = &res->phys[i];
		phys_addr_t end;

		if (dma_buf_mapping_pal_check_warn(!e->len,
						   "no entry has a zero len",
						   "%s: entry %zu: len is 0",
						   __func__, i))
			return -EINVAL;
		if (dma_buf_mapping_pal_check_warn(!IS_ALIGNED(e->paddr, PAGE_SIZE),
						   "every paddr is a multiple of PAGE_SIZE",
						   "%s: entry %zu: paddr not aligned to PAGE_SIZE",
						   __func__, i))
			return -EINVAL;
		if (dma_buf_mapping_pal_check_warn(!IS_ALIGNED(e->len, PAGE_SIZE),
						   "every len is a multiple of PAGE_SIZE",
						   "%s: entry %zu: len not aligned to PAGE_SIZE",
						   __func__, i))
			return -EINVAL;
		if (dma_buf_mapping_pal_check_warn(check_add_overflow(e->paddr, e->len, &end),
						   "no paddr + len wraps",
						   "%s: entry %zu wraps",
						   __func__, i))
			return -EOVERFLOW;
		if (dma_buf_mapping_pal_check_warn(check_add_overflow(total, e->len, &total),
						   "the lens add up to the buffer size",
						   "%s: total length wraps",
						   __func__))
			return -EINVAL;
	}
	if (dma_buf_mapping_pal_check_warn(total != dmabuf->size,
					   "the lens add up to the buffer size",
					   "%s: entries cover %llu bytes of %zu",
					   __func__, (unsigned long long)total,
					   dmabuf->size))
		return -EINVAL;
	err = dma_buf_phys_list_check_overlap(res);
	if (err == -ENOMEM)
		return err;
	if (dma_buf_mapping_pal_check_warn(err, "no two entries overlap",
					   "%s: entries overlap", __func__))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_phys_list_validate);

/**
 * dma_buf_mapping_pal_call_map_phys - call the exporter's @map_phys of a pal
 *   attachment
 * @attach: the attachment
 *
 * Return: what the exporter returned, once checked.
 */
static struct dma_buf_phys_list *
dma_buf_mapping_pal_call_map_phys(struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_pal_exp_ops *ops;
	struct dma_buf_phys_list *res;
	int err;

	if (dma_buf_mapping_pal_check_warn(attach->map_type.type != &dma_buf_mapping_pal_type,
					   "the attachment's type is pal",
					   "%s: not a pal attachment",
					   __func__))
		return ERR_PTR(-EINVAL);
	ops = container_of(attach->map_type.exp_ops,
			   const struct dma_buf_mapping_pal_exp_ops, ops);
	res = ops->map_phys(attach);
	if (IS_ERR(res))
		return res;
	if (dma_buf_mapping_pal_check_warn(!res,
					   "map_phys returns a result or an ERR_PTR()",
					   "%s: map_phys returned NULL",
					   __func__))
		return ERR_PTR(-EINVAL);
	err = dma_buf_phys_list_validate(attach->dmabuf, res);
	if (err) {
		ops->unmap_phys(attach, res);
		return ERR_PTR(err);
	}
	return res;
}

/**
 * dma_buf_mapping_pal_call_unmap_phys - call the exporter's @unmap_phys of a
 *   pal attachment
 * @attach: the attachment
 * @phys: passed to @unmap_phys
 */
static void
dma_buf_mapping_pal_call_unmap_phys(struct dma_buf_attachment *attach,
				    struct dma_buf_phys_list *phys)
{
	const struct dma_buf_mapping_pal_exp_ops *ops;

	if (dma_buf_mapping_pal_check_warn(attach->map_type.type != &dma_buf_mapping_pal_type,
					   "the attachment's type is pal",
					   "%s: not a pal attachment",
					   __func__))
		return;
	ops = container_of(attach->map_type.exp_ops,
			   const struct dma_buf_mapping_pal_exp_ops, ops);
	ops->unmap_phys(attach, phys);
}

struct dma_buf_phys_list *
dma_buf_pal_map_phys(struct dma_buf_attachment *attach)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	return dma_buf_mapping_pal_call_map_phys(attach);
}
EXPORT_SYMBOL_GPL_FOR_MODULES(dma_buf_pal_map_phys, "iommufd");

void dma_buf_pal_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys)
{
	dma_buf_mapping_pal_call_unmap_phys(attach, phys);
}
EXPORT_SYMBOL_GPL_FOR_MODULES(dma_buf_pal_unmap_phys, "iommufd");
