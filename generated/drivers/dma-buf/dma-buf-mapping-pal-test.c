// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/pal.maptype by cargo run -- generate; do not edit
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

/* The extern wrappers are exported to KUnit only. */
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Opaque objects: cases only compare their addresses. */
static u8 test_objs[1][64] __aligned(8);

static __maybe_unused void *test_obj(unsigned int n)
{
	return test_objs[n];
}

/* Calls of the test exporter's ops in the current case. */
static int test_op_calls;

/* A type that is not this one, for attachments of "another type". */
static struct dma_buf_mapping_type test_other_type = {
	.name = "maptype test: another type",
};

/*
 * What the checks reported in the current case, and the one check the
 * case breaks (NULL: none).
 */
static int test_check_warns;
static const char *test_check_warned;
static const char *test_check_breaks;

/* Stands in for the checks' WARN(): records the reports without a splat. */
static bool test_check_warn(bool bug, const char *check, const char *fmt, ...)
{
	if (bug) {
		test_check_warns++;
		test_check_warned = check;
	}
	return bug;
}

static int test_init(struct kunit *test)
{
	test_check_warns = 0;
	test_check_warned = NULL;
	test_check_breaks = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_pal_check_warn,
				   test_check_warn);
	return 0;
}

/* A case breaks the one check it says it does, once, and no other. */
static void test_exit(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, test_check_warns, test_check_breaks ? 1 : 0);
	KUNIT_EXPECT_STREQ(test, test_check_warned ?: "(none)",
			   test_check_breaks ?: "(none)");
}

/* A buffer and a fresh attachment to it, freed when the case ends. */
struct test_env {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct dma_buf_match_args args;
	struct dma_resv resv;
};

static void test_resv_fini(void *resv)
{
	dma_resv_fini(resv);
}

static struct test_env *test_env_new(struct kunit *test)
{
	struct test_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, env);
	env->dmabuf = kunit_kzalloc(test, sizeof(*env->dmabuf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->dmabuf);
	env->attach = kunit_kzalloc(test, sizeof(*env->attach), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->attach);
	dma_resv_init(&env->resv);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, test_resv_fini,
							&env->resv), 0);
	env->dmabuf->resv = &env->resv;
	env->dmabuf->size = SZ_64K;
	env->attach->dmabuf = env->dmabuf;
	env->args.dmabuf = env->dmabuf;
	env->args.attach = env->attach;
	test_op_calls = 0;
	return env;
}

static struct dma_buf_phys_list *test_map_phys_ret;

static struct dma_buf_phys_list *
test_op_map_phys(struct dma_buf_attachment *attach)
{
	test_op_calls++;
	return test_map_phys_ret;
}

static void test_op_unmap_phys(struct dma_buf_attachment *attach,
			       struct dma_buf_phys_list *phys)
{
	test_op_calls++;
}

static const struct dma_buf_mapping_pal_exp_ops test_ops[2] = {
	{
		.map_phys = test_op_map_phys,
		.unmap_phys = test_op_unmap_phys,
	},
	{
		.map_phys = test_op_map_phys,
		.unmap_phys = test_op_unmap_phys,
	},
};

/*
 * Hands @entries to the exporter's map_phys through dma_buf_pal_map_phys
 * and checks the outcome: the list itself, or @err with the list given back
 * exactly once.
 */
static void
test_dma_buf_phys_list_result(struct kunit *test,
			      const struct dma_buf_phys_vec *entries, size_t n,
			      int err, const char *breaks)
{
	struct test_env *env = test_env_new(test);
	struct dma_buf_phys_list *res;
	struct dma_buf_phys_list *got;

	res = kunit_kzalloc(test, struct_size(res, phys, n ? n : 1),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	res->length = n;
	if (n)
		memcpy(res->phys, entries, n * sizeof(*entries));
	env->dmabuf->size = 4 * PAGE_SIZE;
	env->attach->map_type = DMA_BUF_EMAPPING_PAL(&test_ops[0]);
	test_map_phys_ret = res;
	test_check_breaks = breaks;

	dma_resv_lock(env->dmabuf->resv, NULL);
	got = dma_buf_pal_map_phys(env->attach);
	dma_resv_unlock(env->dmabuf->resv);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ(test, got, res);
		KUNIT_EXPECT_EQ(test, test_op_calls, 1);
		dma_buf_pal_unmap_phys(env->attach, got);
		KUNIT_EXPECT_EQ(test, test_op_calls, 2);
	} else {
		KUNIT_EXPECT_TRUE(test, IS_ERR(got));
		KUNIT_EXPECT_EQ(test, PTR_ERR(got), err);
		/* Rejected: map_phys ran, and the list went back once. */
		KUNIT_EXPECT_EQ(test, test_op_calls, 2);
	}
}

static void test_always_compatible(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_pal_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_pal_type,
	};
	struct test_env *env = test_env_new(test);

	/* No rules: any two candidates of this type match. */
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_pal_ops(env->attach)->ops,
			    exp.exp_ops);
}

static void test_accessors_reject_other_types(struct kunit *test)
{
	struct test_env *env = test_env_new(test);

	/* An attachment of another type, with garbage where data would be. */
	env->attach->map_type.type = &test_other_type;
	memset(env->attach->map_type.private_data, 0xa5,
	       sizeof(env->attach->map_type.private_data));
	KUNIT_EXPECT_NULL(test, dma_buf_get_pal_ops(env->attach));
}

static void test_constructor_dma_buf_imapping_pal_inline(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_IMAPPING_PAL();

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_NULL(test, m.exp_ops);
}

static void test_constructor_dma_buf_emapping_pal_inline(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_EMAPPING_PAL(&test_ops[0]);

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_pal_type);
	KUNIT_EXPECT_PTR_EQ(test, m.exp_ops, &test_ops[0].ops);
}

static void test_dma_buf_pal_map_phys_checks_the_type(struct kunit *test)
{
	struct test_env *env = test_env_new(test);
	struct dma_buf_phys_list *res;

	/* An entry point refuses an attachment of another type. */
	env->attach->map_type.type = &test_other_type;
	test_check_breaks = "the attachment's type is pal";
	dma_resv_lock(env->dmabuf->resv, NULL);
	res = dma_buf_pal_map_phys(env->attach);
	dma_resv_unlock(env->dmabuf->resv);
	KUNIT_EXPECT_TRUE(test, IS_ERR(res));
	KUNIT_EXPECT_EQ(test, PTR_ERR(res), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_op_calls, 0);
}

static void test_dma_buf_phys_list_valid_accepted(struct kunit *test)
{
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
		{ .paddr = 32ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 20ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries), 0,
				      NULL);
}

static void test_dma_buf_phys_list_rejects_empty(struct kunit *test)
{
	/* Breaks: @length is not 0. */
	test_dma_buf_phys_list_result(test, NULL, 0, -EINVAL,
				      "length is not 0");
}

static void test_dma_buf_phys_list_rejects_too_many_entries(struct kunit *test)
{
	/* Breaks: @length is at most the buffer size divided by PAGE_SIZE. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 18ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 20ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 22ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 24ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EINVAL,
				      "length is at most the buffer size divided by PAGE_SIZE");
}

static void test_dma_buf_phys_list_rejects_zero_len(struct kunit *test)
{
	/* Breaks: no entry has a zero len. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 0ULL * PAGE_SIZE },
		{ .paddr = 32ULL * PAGE_SIZE, .len = 4ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EINVAL, "no entry has a zero len");
}

static void test_dma_buf_phys_list_rejects_unaligned_paddr(struct kunit *test)
{
	/* Breaks: every paddr is a multiple of PAGE_SIZE. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE + 1, .len = 4ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EINVAL,
				      "every paddr is a multiple of PAGE_SIZE");
}

static void test_dma_buf_phys_list_rejects_unaligned_len(struct kunit *test)
{
	/* Breaks: every len is a multiple of PAGE_SIZE. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE + 2048 },
		{ .paddr = 32ULL * PAGE_SIZE, .len = 3ULL * PAGE_SIZE - 2048 },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EINVAL,
				      "every len is a multiple of PAGE_SIZE");
}

static void test_dma_buf_phys_list_rejects_wrapping_range(struct kunit *test)
{
	/* Breaks: no paddr + len wraps. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 0 - 1ULL * PAGE_SIZE, .len = 4ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EOVERFLOW, "no paddr + len wraps");
}

static void test_dma_buf_phys_list_rejects_overlap(struct kunit *test)
{
	/* Breaks: no two entries overlap. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
		{ .paddr = 17ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EINVAL, "no two entries overlap");
}

static void test_dma_buf_phys_list_rejects_wrong_total(struct kunit *test)
{
	/* Breaks: the lens add up to the buffer size. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
	};

	test_dma_buf_phys_list_result(test, entries, ARRAY_SIZE(entries),
				      -EINVAL,
				      "the lens add up to the buffer size");
}

static struct kunit_case dma_buf_mapping_pal_test_cases[] = {
	KUNIT_CASE(test_always_compatible),
	KUNIT_CASE(test_accessors_reject_other_types),
	KUNIT_CASE(test_constructor_dma_buf_imapping_pal_inline),
	KUNIT_CASE(test_constructor_dma_buf_emapping_pal_inline),
	KUNIT_CASE(test_dma_buf_pal_map_phys_checks_the_type),
	KUNIT_CASE(test_dma_buf_phys_list_valid_accepted),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_empty),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_too_many_entries),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_zero_len),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_unaligned_paddr),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_unaligned_len),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_wrapping_range),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_overlap),
	KUNIT_CASE(test_dma_buf_phys_list_rejects_wrong_total),
	{}
};

static struct kunit_suite dma_buf_mapping_pal_test_suite = {
	.name = "dma-buf-mapping-pal",
	.init = test_init,
	.exit = test_exit,
	.test_cases = dma_buf_mapping_pal_test_cases,
};

kunit_test_suite(dma_buf_mapping_pal_test_suite);

MODULE_DESCRIPTION("KUnit tests of the dma-buf-mapping-pal mapping type");
MODULE_LICENSE("GPL");
