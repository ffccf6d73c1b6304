// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/pal.maptype, schemas/sgt.maptype by cargo run --
 * generate; do not edit
 */
#include <kunit/static_stub.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/seq_file.h>
#include <linux/stdarg.h>

/* The size the generated driver-api docs give for a candidate. */
#ifdef CONFIG_64BIT
static_assert(sizeof(struct dma_buf_mapping_match) == 48);
#endif

/*
 * One splat per report, rate-limited: a broken driver repeats its bug on
 * every attach.
 */
__printf(3, 4) bool dma_buf_mapping_check_warn(bool bug, const char *check,
					       const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	KUNIT_STATIC_STUB_REDIRECT(dma_buf_mapping_check_warn, bug, check, fmt);
	if (likely(!bug))
		return false;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	WARN(__ratelimit(&rs), "%pV: breaks \"%s\"\n", &vaf, check);
	va_end(args);
	return true;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_mapping_check_warn, DMA_BUF);

int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp,
			  size_t exp_len)
{
	size_t e, i;

	for (e = 0; e < exp_len; e++) {
		const struct dma_buf_mapping_type *type = exp[e].type;

		/* An unset candidate is a driver bug, never a wildcard. */
		if (dma_buf_mapping_check_warn(!type, "every candidate has a type",
					       "%s: exporter candidate %zu has none",
					       __func__, e))
			return -EINVAL;
		for (i = 0; i < args->imp_len; i++) {
			const struct dma_buf_mapping_match *imp;
			int ret;

			imp = &args->imp_matches[i];
			if (imp->type != type)
				continue;
			if (type->match) {
				ret = type->match(args->dmabuf, &exp[e], imp);
				if (ret == -EOPNOTSUPP)
					continue;
				/* Positive values would pass for pointers. */
				if (dma_buf_mapping_check_warn(ret > 0,
							       "match returns 0 or a negative errno",
							       "%s: %s's match returned %d",
							       __func__, type->name, ret))
					return -EINVAL;
				if (ret)
					return ret;
			}
			type->finish_match(args, &exp[e], imp);
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL_NS_GPL(dma_buf_match_mapping, DMA_BUF);

int dma_buf_mapping_negotiate(struct dma_buf_attachment *attach,
			      const struct dma_buf_mapping_match *imp,
			      size_t imp_len)
{
	const struct dma_buf_ops *ops = attach->dmabuf->ops;
	struct dma_buf_match_args args = {
		.dmabuf = attach->dmabuf,
		.attach = attach,
		.imp_matches = imp,
		.imp_len = imp_len,
	};

	if (ops->match_mapping)
		return ops->match_mapping(&args);
	if (ops->single_exporter_match)
		return dma_buf_match_mapping(&args,
					     ops->single_exporter_match, 1);
	return -EINVAL;
}

void dma_buf_mapping_debugfs_show(struct seq_file *s,
				  struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_type *type = attach->map_type.type;

	if (!type) {
		seq_puts(s, "none");
		return;
	}
	seq_puts(s, type->name);
	if (type->debugfs_dump)
		type->debugfs_dump(s, attach);
}
