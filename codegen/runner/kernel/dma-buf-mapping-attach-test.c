// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the Linux 6.12 and 7.3 attach hooks in dma-buf-mapping-attach.c:
 * attach to and detach from a fake exporter of each kind (match_mapping,
 * single_exporter_match, legacy map_dma_buf) and check what the attachment
 * negotiated, which exporter callbacks ran, and the buffer's attachment list.
 */
#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/trace_events.h>

#include "dma-buf-mapping-compat.h"

/* Per-test state of the fake exporter, reached through dma_buf.priv. */
struct attach_test_ctx {
	struct device *dev;
	struct sg_table sgt;
	int match_calls;
	int match_ret;
	int attach_calls;
	int attach_ret;
	const struct dma_buf_mapping_type *attach_saw_type;
	int detach_calls;
	int map_calls;
	int unmap_calls;
	/* The core's check reports, and the one check the case breaks. */
	int check_warns;
	const char *check_warned;
	const char *check_breaks;
};

static struct attach_test_ctx *ctx_of(struct dma_buf *dmabuf)
{
	return dmabuf->priv;
}

static struct sg_table *fake_map(struct dma_buf_attachment *attach,
				 enum dma_data_direction dir)
{
	struct attach_test_ctx *ctx = ctx_of(attach->dmabuf);

	ctx->map_calls++;
	return &ctx->sgt;
}

static void fake_unmap(struct dma_buf_attachment *attach,
		       struct sg_table *sgt, enum dma_data_direction dir)
{
	ctx_of(attach->dmabuf)->unmap_calls++;
}

static int fake_attach(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach)
{
	struct attach_test_ctx *ctx = ctx_of(dmabuf);

	ctx->attach_calls++;
	ctx->attach_saw_type = attach->map_type.type;
	return ctx->attach_ret;
}

static void fake_detach(struct dma_buf *dmabuf,
			struct dma_buf_attachment *attach)
{
	ctx_of(dmabuf)->detach_calls++;
}

/* Runs after the test, from the last fput: touches no test state. */
static void fake_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_mapping_sgt_exp_ops fake_sgt_ops = {
	.map_dma_buf = fake_map,
	.unmap_dma_buf = fake_unmap,
};

static int fake_match_mapping(struct dma_buf_match_args *args)
{
	struct attach_test_ctx *ctx = ctx_of(args->dmabuf);

	ctx->match_calls++;
	if (ctx->match_ret)
		return ctx->match_ret;
	return DMA_BUF_MATCH_MAPPINGS(args, DMA_BUF_EMAPPING_SGT(&fake_sgt_ops));
}

static const struct dma_buf_ops match_mapping_ops = {
	.attach = fake_attach,
	.detach = fake_detach,
	.release = fake_release,
	.match_mapping = fake_match_mapping,
};

static const struct dma_buf_ops single_match_ops = {
	.attach = fake_attach,
	.detach = fake_detach,
	.release = fake_release,
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(fake_map, fake_unmap),
};

/* A PAL exporter whose ranges no case maps. */
static struct dma_buf_phys_list *fake_map_phys(struct dma_buf_attachment *attach)
{
	return ERR_PTR(-ENODEV);
}

static void fake_unmap_phys(struct dma_buf_attachment *attach,
			    struct dma_buf_phys_list *phys)
{
}

static const struct dma_buf_mapping_pal_exp_ops fake_pal_ops = {
	.map_phys = fake_map_phys,
	.unmap_phys = fake_unmap_phys,
};

static int fake_match_pal(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args, DMA_BUF_EMAPPING_PAL(&fake_pal_ops));
}

static const struct dma_buf_ops pal_ops = {
	.release = fake_release,
	.match_mapping = fake_match_pal,
};

static const struct dma_buf_ops legacy_ops = {
	.attach = fake_attach,
	.detach = fake_detach,
	.release = fake_release,
	.map_dma_buf = fake_map,
	.unmap_dma_buf = fake_unmap,
};

static void fake_move_notify(struct dma_buf_attachment *attach)
{
}

static const struct dma_buf_attach_ops p2p_importer_ops = {
	.allow_peer2peer = true,
	.DMA_BUF_MAPPING_INVALIDATE = fake_move_notify,
};

static void put_dmabuf(void *dmabuf)
{
	dma_buf_put(dmabuf);
}

static struct dma_buf *fake_export(struct kunit *test,
				   const struct dma_buf_ops *ops)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = ops;
	exp_info.size = PAGE_SIZE;
	exp_info.priv = test->priv;
	dmabuf = dma_buf_export(&exp_info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dmabuf);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, put_dmabuf, dmabuf));
	return dmabuf;
}

static size_t count_attachments(struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *attach;
	size_t n = 0;

	dma_resv_lock(dmabuf->resv, NULL);
	list_for_each_entry(attach, &dmabuf->attachments, node)
		n++;
	dma_resv_unlock(dmabuf->resv);
	return n;
}

/* Stands in for dma_buf_mapping_check_warn(): records, without a splat. */
static bool attach_test_check_warn(bool bug, const char *check,
				   const char *fmt, ...)
{
	struct kunit *test = kunit_get_current_test();
	struct attach_test_ctx *ctx = test->priv;

	if (bug) {
		ctx->check_warns++;
		ctx->check_warned = check;
	}
	return bug;
}

static int attach_test_init(struct kunit *test)
{
	struct attach_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->dev = kunit_device_register(test, "dma-buf-mapping-attach-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev);
	test->priv = ctx;
	kunit_activate_static_stub(test, dma_buf_mapping_check_warn,
				   attach_test_check_warn);
	return 0;
}

/* A case breaks the one check it says it does, once, and no other. */
static void attach_test_exit(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->check_warns, ctx->check_breaks ? 1 : 0);
	KUNIT_EXPECT_STREQ(test, ctx->check_warned ?: "(none)",
			   ctx->check_breaks ?: "(none)");
}

/*
 * Attach a static SGT importer, check the negotiated match, map and unmap
 * through the generated entry points, detach.
 */
static void check_sgt_attach(struct kunit *test, const struct dma_buf_ops *ops)
{
	struct attach_test_ctx *ctx = test->priv;
	struct dma_buf *dmabuf = fake_export(test, ops);
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;

	attach = dma_buf_sgt_attach(dmabuf, ctx->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->dmabuf, dmabuf);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(attach), ctx->dev);
	KUNIT_EXPECT_PTR_EQ(test, attach->dev, ctx->dev);
	KUNIT_EXPECT_FALSE(test, attach->peer2peer);
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
	KUNIT_EXPECT_NULL(test, attach->importer_ops);
	KUNIT_EXPECT_NOT_NULL(test, dma_buf_get_sgt_ops(attach));
	KUNIT_EXPECT_EQ(test, ctx->attach_calls, 1);
	KUNIT_EXPECT_EQ(test, count_attachments(dmabuf), 1);

	sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_TO_DEVICE);
	KUNIT_EXPECT_PTR_EQ(test, sgt, &ctx->sgt);
	KUNIT_EXPECT_EQ(test, ctx->map_calls, 1);
	dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, ctx->unmap_calls, 1);

	dma_buf_detach(dmabuf, attach);
	KUNIT_EXPECT_EQ(test, ctx->detach_calls, 1);
	KUNIT_EXPECT_EQ(test, count_attachments(dmabuf), 0);
}

static void attach_match_mapping(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;

	check_sgt_attach(test, &match_mapping_ops);
	KUNIT_EXPECT_EQ(test, ctx->match_calls, 1);
	/* The exporter's attach sees the negotiated type. */
	KUNIT_EXPECT_PTR_EQ(test, ctx->attach_saw_type,
			    &dma_buf_mapping_sgt_type);
}

static void attach_single_exporter_match(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;

	check_sgt_attach(test, &single_match_ops);
	KUNIT_EXPECT_PTR_EQ(test, ctx->attach_saw_type,
			    &dma_buf_mapping_sgt_type);
}

static void attach_legacy(struct kunit *test)
{
	check_sgt_attach(test, &legacy_ops);
}

/* Mapping-aware exporters get the ops they offered, legacy ones the compat. */
static void sgt_ops_are_the_exporters(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	struct dma_buf *aware = fake_export(test, &match_mapping_ops);
	struct dma_buf *legacy = fake_export(test, &legacy_ops);
	struct dma_buf_attachment *a, *l;

	a = dma_buf_sgt_attach(aware, ctx->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	l = dma_buf_sgt_attach(legacy, ctx->dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_get_sgt_ops(a), &fake_sgt_ops);
	KUNIT_EXPECT_PTR_NE(test, dma_buf_get_sgt_ops(l), &fake_sgt_ops);
	dma_buf_detach(aware, a);
	dma_buf_detach(legacy, l);
}

static void dynamic_attach_p2p(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	struct dma_buf *dmabuf = fake_export(test, &match_mapping_ops);
	struct dma_buf_attachment *attach;

	attach = dma_buf_sgt_dynamic_attach(dmabuf, ctx->dev,
					    &p2p_importer_ops, ctx);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->importer_ops, &p2p_importer_ops);
	KUNIT_EXPECT_PTR_EQ(test, attach->importer_priv, (void *)ctx);
	KUNIT_EXPECT_EQ(test, attach->map_type.sgt_data.importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_TRUE(test, attach->peer2peer);
	/* The exporter offered no P2P candidate. */
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(attach));
	dma_buf_detach(dmabuf, attach);
	KUNIT_EXPECT_EQ(test, count_attachments(dmabuf), 0);
}

/*
 * A legacy exporter goes through the stock path, which maps at attach in
 * 6.12 when only one side is dynamic, and not in 7.3.
 */
static void dynamic_attach_legacy(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	struct dma_buf *dmabuf = fake_export(test, &legacy_ops);
	struct dma_buf_attachment *attach;

	attach = dma_buf_sgt_dynamic_attach(dmabuf, ctx->dev,
					    &p2p_importer_ops, ctx);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_PTR_EQ(test, attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_TRUE(test, attach->peer2peer);
	KUNIT_EXPECT_EQ(test, ctx->map_calls, DMA_BUF_MAPPING_STOCK_ATTACH_MAPS);
	dma_buf_detach(dmabuf, attach);
	KUNIT_EXPECT_EQ(test, ctx->unmap_calls, DMA_BUF_MAPPING_STOCK_ATTACH_MAPS);
	KUNIT_EXPECT_EQ(test, ctx->detach_calls, 1);
}

/* The importer's list is searched for the type the exporter offers. */
static void mapping_attach_picks_common_type(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	const struct dma_buf_ops *kinds[] = {
		&match_mapping_ops, &single_match_ops, &legacy_ops,
	};
	size_t k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct dma_buf *dmabuf = fake_export(test, kinds[k]);
		struct dma_buf_mapping_match imp[] = {
			DMA_BUF_IMAPPING_PAL(),
			DMA_BUF_IMAPPING_SGT(ctx->dev, DMA_SGT_NO_P2P),
		};
		struct dma_buf_attachment *attach;

		attach = dma_buf_mapping_attach(dmabuf, imp, ARRAY_SIZE(imp),
						NULL, NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, attach, "exporter %zu",
						 k);
		KUNIT_EXPECT_PTR_EQ_MSG(test, dma_buf_sgt_dma_device(attach),
					ctx->dev, "exporter %zu", k);
		dma_buf_detach(dmabuf, attach);
	}
}

static void mapping_attach_no_common_type(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	const struct dma_buf_ops *kinds[] = {
		&match_mapping_ops, &single_match_ops, &legacy_ops,
	};
	size_t k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct dma_buf *dmabuf = fake_export(test, kinds[k]);
		struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_PAL();
		struct dma_buf_attachment *attach;

		attach = dma_buf_mapping_attach(dmabuf, &imp, 1, NULL, NULL);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(attach), -EINVAL,
				    "exporter %zu", k);
		KUNIT_EXPECT_EQ_MSG(test, count_attachments(dmabuf), 0,
				    "exporter %zu", k);
	}
	KUNIT_EXPECT_EQ(test, ctx->attach_calls, 0);
}

/* A failing exporter attach is returned and leaves no attachment behind. */
static void exporter_attach_error(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	const struct dma_buf_ops *kinds[] = {
		&match_mapping_ops, &single_match_ops, &legacy_ops,
	};
	size_t k;

	ctx->attach_ret = -EBUSY;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct dma_buf *dmabuf = fake_export(test, kinds[k]);
		struct dma_buf_attachment *attach;

		attach = dma_buf_sgt_attach(dmabuf, ctx->dev);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(attach), -EBUSY,
				    "exporter %zu", k);
		KUNIT_EXPECT_EQ_MSG(test, count_attachments(dmabuf), 0,
				    "exporter %zu", k);
	}
	KUNIT_EXPECT_EQ(test, ctx->attach_calls, 3);
	KUNIT_EXPECT_EQ(test, ctx->detach_calls, 0);
}

/* match_mapping's errno aborts; a positive value never becomes a pointer. */
static void match_mapping_errors(struct kunit *test)
{
	struct attach_test_ctx *ctx = test->priv;
	struct dma_buf *dmabuf = fake_export(test, &match_mapping_ops);
	struct dma_buf_attachment *attach;

	ctx->match_ret = -ENODEV;
	attach = dma_buf_sgt_attach(dmabuf, ctx->dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), -ENODEV);

	ctx->match_ret = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	ctx->check_breaks = "match_mapping returns 0 or a negative errno";
	attach = dma_buf_sgt_attach(dmabuf, ctx->dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(attach), -EINVAL);

	KUNIT_EXPECT_EQ(test, ctx->attach_calls, 0);
	KUNIT_EXPECT_EQ(test, count_attachments(dmabuf), 0);
}

/* dma_buf_export() wants map_dma_buf or a mapping-type match. */
static void export_needs_a_mapping(struct kunit *test)
{
	static const struct dma_buf_ops no_mapping_ops = {
		.release = fake_release,
	};
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	exp_info.ops = &no_mapping_ops;
	exp_info.size = PAGE_SIZE;
	exp_info.priv = test->priv;
	((struct attach_test_ctx *)test->priv)->check_breaks =
		"an exporter can be mapped";
	dmabuf = dma_buf_export(&exp_info);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(dmabuf), -EINVAL);
	if (!IS_ERR(dmabuf))
		dma_buf_put(dmabuf);
}

/*
 * A traced detach of an attachment without a device, as PAL's: the trace
 * event names no device rather than dereferencing NULL. Skipped in kernels
 * without dma-buf trace events.
 */
static void detach_traced_without_device(struct kunit *test)
{
	struct dma_buf *dmabuf = fake_export(test, &pal_ops);
	struct dma_buf_mapping_match imp[] = { DMA_BUF_IMAPPING_PAL() };
	struct dma_buf_attachment *attach;

	if (!IS_ENABLED(CONFIG_EVENT_TRACING))
		kunit_skip(test, "no event tracing in this kernel");
	if (trace_set_clr_event("dma_buf", "dma_buf_detach", 1))
		kunit_skip(test, "no dma_buf trace events in this kernel");
	attach = dma_buf_mapping_attach(dmabuf, imp, ARRAY_SIZE(imp), NULL,
					NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attach);
	KUNIT_EXPECT_NULL(test, attach->dev);
	dma_buf_detach(dmabuf, attach);
	KUNIT_EXPECT_EQ(test, trace_set_clr_event("dma_buf", "dma_buf_detach",
						  0), 0);
}

static struct kunit_case dma_buf_mapping_attach_cases[] = {
	KUNIT_CASE(attach_match_mapping),
	KUNIT_CASE(attach_single_exporter_match),
	KUNIT_CASE(attach_legacy),
	KUNIT_CASE(sgt_ops_are_the_exporters),
	KUNIT_CASE(dynamic_attach_p2p),
	KUNIT_CASE(dynamic_attach_legacy),
	KUNIT_CASE(mapping_attach_picks_common_type),
	KUNIT_CASE(mapping_attach_no_common_type),
	KUNIT_CASE(exporter_attach_error),
	KUNIT_CASE(match_mapping_errors),
	KUNIT_CASE(export_needs_a_mapping),
	KUNIT_CASE(detach_traced_without_device),
	{}
};

static struct kunit_suite dma_buf_mapping_attach_suite = {
	.name = "dma-buf-mapping-attach",
	.init = attach_test_init,
	.exit = attach_test_exit,
	.test_cases = dma_buf_mapping_attach_cases,
};

kunit_test_suite(dma_buf_mapping_attach_suite);

MODULE_DESCRIPTION("KUnit tests of the dma-buf mapping-type attach hooks");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF_MAPPING_NS);
