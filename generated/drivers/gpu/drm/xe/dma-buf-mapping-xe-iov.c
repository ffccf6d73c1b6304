// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/xe_iov.maptype by cargo run -- generate; do not edit
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
#include <linux/pci.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include "dma-buf-mapping-xe-iov.h"

/* pci_physfn() from <linux/pci.h>, stubbable by KUnit. */
VISIBLE_IF_KUNIT struct pci_dev *
dma_buf_mapping_xe_iov_pci_physfn(struct pci_dev *dev)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_xe_iov_pci_physfn, dev);
	return pci_physfn(dev);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_xe_iov_pci_physfn);

/* pci_name() from <linux/pci.h>, stubbable by KUnit. */
VISIBLE_IF_KUNIT const char *
dma_buf_mapping_xe_iov_pci_name(const struct pci_dev *pdev)
{
	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_xe_iov_pci_name, pdev);
	return pci_name(pdev);
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_xe_iov_pci_name);

/*
 * Reports a driver bug one of this type's own checks found: @check says
 * which, @fmt what was wrong. A rate-limited WARN(); stubbable by KUnit,
 * whose suites check that each case breaks the check it means to, without a
 * splat.
 */
VISIBLE_IF_KUNIT __printf(3, 4) bool
dma_buf_mapping_xe_iov_check_warn(bool bug, const char *check, const char *fmt,
				  ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_xe_iov_check_warn, bug, check, fmt);
	if (likely(!bug))
		return false;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	WARN(__ratelimit(&rs), "%pV: breaks \"%s\"\n", &vaf, check);
	va_end(args);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_mapping_xe_iov_check_warn);

/**
 * dma_buf_mapping_xe_iov_match - are two xe_iov candidates compatible?
 * @dmabuf: the buffer being attached
 * @exp: the exporter's candidate
 * @imp: the importer's candidate
 *
 * Compiled from the compatibility rules of schemas/xe_iov.maptype.
 *
 * Return: 0 if compatible, -EOPNOTSUPP to try the next candidate, another
 * negative errno to abort the attach.
 */
static int dma_buf_mapping_xe_iov_match(__always_unused struct dma_buf *dmabuf,
					const struct dma_buf_mapping_match *exp,
					const struct dma_buf_mapping_match *imp)
{
	const struct dma_buf_mapping_xe_iov_data *exp_data =
		dma_buf_mapping_xe_iov_match_data(exp);
	const struct dma_buf_mapping_xe_iov_data *imp_data =
		dma_buf_mapping_xe_iov_match_data(imp);

	/* requirement 0 */
	if (dma_buf_mapping_xe_iov_pci_physfn(exp_data->vf) != imp_data->pf)
		return -EOPNOTSUPP;
	/* requirement 1 */
	if (exp_data->bar != imp_data->bar)
		return -EOPNOTSUPP;
	return 0;
}

/**
 * dma_buf_mapping_xe_iov_finish_match - store the negotiated xe_iov match
 * @args: the attach in progress
 * @exp: the exporter's candidate that matched
 * @imp: the importer's candidate that matched
 */
static void
dma_buf_mapping_xe_iov_finish_match(struct dma_buf_match_args *args,
				    const struct dma_buf_mapping_match *exp,
				    const struct dma_buf_mapping_match *imp)
{
	struct dma_buf_attachment *attach = args->attach;
	const struct dma_buf_mapping_xe_iov_data *exp_data =
		dma_buf_mapping_xe_iov_match_data(exp);
	const struct dma_buf_mapping_xe_iov_data *imp_data =
		dma_buf_mapping_xe_iov_match_data(imp);
	struct dma_buf_mapping_xe_iov_data *data;

	/* Only what on_match keeps survives: candidates may live on a stack. */
	attach->map_type = (struct dma_buf_mapping_match){
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = exp->exp_ops,
	};
	data = dma_buf_mapping_xe_iov_match_data_mut(&attach->map_type);
	data->pf = imp_data->pf;
	data->vf = exp_data->vf;
	data->bar = imp_data->bar;
}

/**
 * dma_buf_mapping_xe_iov_debugfs_dump - describe a xe_iov attachment in debugfs
 * @s: the debugfs file
 * @attach: the attachment
 */
static void
dma_buf_mapping_xe_iov_debugfs_dump(struct seq_file *s,
				    struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_xe_iov_data *data =
		dma_buf_mapping_xe_iov_match_data(&attach->map_type);

	seq_printf(s, " vf %s bar %u",
		   dma_buf_mapping_xe_iov_pci_name(data->vf), data->bar);
}

struct dma_buf_mapping_type dma_buf_mapping_xe_iov_type = {
	.name = "Intel xe SR-IOV VF VRAM",
	.match = dma_buf_mapping_xe_iov_match,
	.finish_match = dma_buf_mapping_xe_iov_finish_match,
	.debugfs_dump = dma_buf_mapping_xe_iov_debugfs_dump,
};
EXPORT_SYMBOL_GPL_FOR_MODULES(dma_buf_mapping_xe_iov_type, "xe-vfio-pci");

static int dma_buf_xe_iov_ranges_cmp_paddr(const void *a, const void *b)
{
	const struct dma_buf_phys_vec *x = a, *y = b;

	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return 0;
}

/* 0 if no two entries overlap, else 1 or -ENOMEM; needs no_overflow. */
static int dma_buf_xe_iov_ranges_check_overlap(const struct dma_buf_phys_vec *res, size_t nelms)
{
	struct dma_buf_phys_vec *sorted;
	size_t i;
	int ret = 0;

	if (nelms < 2)
		return 0;
	sorted = kvmalloc_array(nelms, sizeof(*sorted), GFP_KERNEL);
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, res, nelms * sizeof(*sorted));
	sort(sorted, nelms, sizeof(*sorted),
	     dma_buf_xe_iov_ranges_cmp_paddr, NULL);
	for (i = 1; i < nelms; i++) {
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
 * dma_buf_xe_iov_ranges_validate - check the entries an exporter's map returns
 *   before an importer sees them
 * @dmabuf: the buffer it describes
 * @res: the exporter's first entry
 * @nelms: the number of entries it wrote back
 *
 * Checks that @nelms is not 0; @nelms is at most the buffer size divided by
 * PAGE_SIZE; no entry has a zero len; every paddr is a multiple of PAGE_SIZE;
 * every len is a multiple of PAGE_SIZE; no paddr + len wraps; no two entries
 * overlap; the lens add up to the buffer size.
 *
 * What the PF relies on before it turns the ranges into VRAM addresses.
 *
 * Return: 0, or the invariant's errno after one warning.
 */
VISIBLE_IF_KUNIT int
dma_buf_xe_iov_ranges_validate(const struct dma_buf *dmabuf,
			       const struct dma_buf_phys_vec *res, size_t nelms)
{
	size_t i;
	u64 total = 0;
	int err;

	if (dma_buf_mapping_xe_iov_check_warn(!nelms, "nelms is not 0",
					      "%s: no entries", __func__))
		return -EINVAL;
	if (dma_buf_mapping_xe_iov_check_warn(nelms > dmabuf->size / PAGE_SIZE,
					      "nelms is at most the buffer size divided by PAGE_SIZE",
					      "%s: %zu entries for %zu bytes",
					      __func__, (size_t)nelms,
					      dmabuf->size))
		return -EINVAL;
	for (i = 0; i < nelms; i++) {
		const struct dma_buf_phys_vec *e = &res[i];
		phys_addr_t end;

		if (dma_buf_mapping_xe_iov_check_warn(!e->len,
						      "no entry has a zero len",
						      "%s: entry %zu: len is 0",
						      __func__, i))
			return -EINVAL;
		if (dma_buf_mapping_xe_iov_check_warn(!IS_ALIGNED(e->paddr, PAGE_SIZE),
						      "every paddr is a multiple of PAGE_SIZE",
						      "%s: entry %zu: paddr not aligned to PAGE_SIZE",
						      __func__, i))
			return -EINVAL;
		if (dma_buf_mapping_xe_iov_check_warn(!IS_ALIGNED(e->len, PAGE_SIZE),
						      "every len is a multiple of PAGE_SIZE",
						      "%s: entry %zu: len not aligned to PAGE_SIZE",
						      __func__, i))
			return -EINVAL;
		if (dma_buf_mapping_xe_iov_check_warn(check_add_overflow(e->paddr, e->len, &end),
						      "no paddr + len wraps",
						      "%s: entry %zu wraps",
						      __func__, i))
			return -EOVERFLOW;
		if (dma_buf_mapping_xe_iov_check_warn(check_add_overflow(total, e->len, &total),
						      "the lens add up to the buffer size",
						      "%s: total length wraps",
						      __func__))
			return -EINVAL;
	}
	if (dma_buf_mapping_xe_iov_check_warn(total != dmabuf->size,
					      "the lens add up to the buffer size",
					      "%s: entries cover %llu bytes of %zu",
					      __func__,
					      (unsigned long long)total,
					      dmabuf->size))
		return -EINVAL;
	err = dma_buf_xe_iov_ranges_check_overlap(res, nelms);
	if (err == -ENOMEM)
		return err;
	if (dma_buf_mapping_xe_iov_check_warn(err, "no two entries overlap",
					      "%s: entries overlap", __func__))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dma_buf_xe_iov_ranges_validate);

/**
 * dma_buf_mapping_xe_iov_call_map - call the exporter's @map of a xe_iov
 *   attachment
 * @attach: the attachment
 * @bar_number: passed to @map
 * @nelms: passed to @map
 *
 * Return: what the exporter returned, once checked.
 */
static const struct dma_buf_phys_vec *
dma_buf_mapping_xe_iov_call_map(struct dma_buf_attachment *attach,
				unsigned int *bar_number, size_t *nelms)
{
	const struct dma_buf_mapping_xe_iov_exp_ops *ops;
	const struct dma_buf_phys_vec *res;
	int err;

	if (dma_buf_mapping_xe_iov_check_warn(attach->map_type.type != &dma_buf_mapping_xe_iov_type,
					      "the attachment's type is xe_iov",
					      "%s: not a xe_iov attachment",
					      __func__))
		return ERR_PTR(-EINVAL);
	ops = container_of(attach->map_type.exp_ops,
			   const struct dma_buf_mapping_xe_iov_exp_ops, ops);
	res = ops->map(attach, bar_number, nelms);
	if (IS_ERR(res))
		return res;
	if (dma_buf_mapping_xe_iov_check_warn(!res,
					      "map returns a result or an ERR_PTR()",
					      "%s: map returned NULL",
					      __func__))
		return ERR_PTR(-EINVAL);
	err = dma_buf_xe_iov_ranges_validate(attach->dmabuf, res, *nelms);
	if (err)
		return ERR_PTR(err);
	return res;
}

const struct dma_buf_phys_vec *
dma_buf_xe_iov_map(struct dma_buf_attachment *attach, unsigned int *bar_number,
		   size_t *nelms)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	return dma_buf_mapping_xe_iov_call_map(attach, bar_number, nelms);
}

/* dma_buf_xe_iov_map() is not exported: only this module calls it. */
