{{ banner }}
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

{%- if let Some(w) = check_warn %}
{% include "kunit/check_stub.c" %}
{%- endif %}

/*
 * The negotiation core, with test types whose behaviour the cases choose:
 * a candidate's private_data[0] is what the "coded" type's match returns,
 * private_data[1] tells candidates of one type apart.
 */
static int core_test_match(struct dma_buf *dmabuf,
			   const struct dma_buf_mapping_match *exp,
			   const struct dma_buf_mapping_match *imp)
{
	return (int)exp->private_data[0];
}

static void core_test_finish(struct dma_buf_match_args *args,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp)
{
	args->attach->map_type = *exp;
	/* Remember which importer candidate matched. */
	args->attach->map_type.private_data[1] = imp->private_data[1];
}

static struct dma_buf_mapping_type core_test_a = {
	.name = "test A",
	.finish_match = core_test_finish,
};

static struct dma_buf_mapping_type core_test_b = {
	.name = "test B",
	.finish_match = core_test_finish,
};

static struct dma_buf_mapping_type core_test_coded = {
	.name = "test coded",
	.match = core_test_match,
	.finish_match = core_test_finish,
};

static struct dma_buf_mapping_match cand(struct dma_buf_mapping_type *type,
					 int code, u64 tag)
{
	struct dma_buf_mapping_match m = { .type = type };

	m.private_data[0] = (u64)code;
	m.private_data[1] = tag;
	return m;
}

struct core_env {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct dma_buf_match_args args;
};

static struct core_env *core_env_new(struct kunit *test,
				     const struct dma_buf_mapping_match *imp,
				     size_t imp_len)
{
	struct core_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, env);
	env->dmabuf = kunit_kzalloc(test, sizeof(*env->dmabuf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->dmabuf);
	env->attach = kunit_kzalloc(test, sizeof(*env->attach), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->attach);
	env->attach->dmabuf = env->dmabuf;
	env->args.dmabuf = env->dmabuf;
	env->args.attach = env->attach;
	env->args.imp_matches = imp;
	env->args.imp_len = imp_len;
	return env;
}

static void core_exporter_order_decides(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = {
		cand(&core_test_b, 0, 1), cand(&core_test_a, 0, 2),
	};
	struct dma_buf_mapping_match exp[] = {
		cand(&core_test_a, 0, 3), cand(&core_test_b, 0, 4),
	};
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exp, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &core_test_a);
	KUNIT_EXPECT_EQ(test, env->attach->map_type.private_data[1], 2);
}

static void core_importer_order_among_same_type(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = {
		cand(&core_test_b, 0, 1), cand(&core_test_a, 0, 2),
		cand(&core_test_a, 0, 3),
	};
	struct dma_buf_mapping_match exp[] = { cand(&core_test_a, 0, 4) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exp, 1), 0);
	KUNIT_EXPECT_EQ(test, env->attach->map_type.private_data[1], 2);
}

static void core_eopnotsupp_tries_next(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = {
		cand(&core_test_coded, 0, 1), cand(&core_test_a, 0, 2),
	};
	struct dma_buf_mapping_match exp[] = {
		cand(&core_test_coded, -EOPNOTSUPP, 3), cand(&core_test_a, 0, 4),
	};
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exp, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &core_test_a);
}

static void core_fatal_errno_stops(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = {
		cand(&core_test_coded, 0, 1), cand(&core_test_a, 0, 2),
	};
	struct dma_buf_mapping_match exp[] = {
		cand(&core_test_coded, -EPERM, 3), cand(&core_test_a, 0, 4),
	};
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, exp, 2), -EPERM);
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void core_positive_match_is_a_bug(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = { cand(&core_test_coded, 0, 1) };
	struct dma_buf_mapping_match exp[] = { cand(&core_test_coded, 1, 2) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	test_check_breaks = "match returns 0 or a negative errno";
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, exp, 1), -EINVAL);
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void core_no_common_type(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = { cand(&core_test_b, 0, 1) };
	struct dma_buf_mapping_match exp[] = { cand(&core_test_a, 0, 2) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, exp, 1), -EINVAL);
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void core_unset_candidate_is_rejected(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = { cand(&core_test_a, 0, 1) };
	struct dma_buf_mapping_match exp[2] = { [1] = cand(&core_test_a, 0, 2) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	/*
	 * exp[0] was never filled in: an error, not a wildcard, and not a
	 * candidate to skip either, though exp[1] would match.
	 */
	test_check_breaks = "every candidate has a type";
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, exp, 2), -EINVAL);
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void core_list_counts_what_was_added(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = { cand(&core_test_b, 0, 1) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));
	DEFINE_DMA_BUF_MAPPING_LIST(list, 2);

	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping_list(&env->args, &list),
			-EINVAL);
	dma_buf_mapping_list_add(&list, cand(&core_test_a, 0, 2));
	KUNIT_EXPECT_EQ(test, list.len, 1);
	dma_buf_mapping_list_add(&list, cand(&core_test_b, 0, 3));
	/* Full: the third candidate is refused with a warning. */
	test_check_breaks = "a candidate list has room";
	dma_buf_mapping_list_add(&list, cand(&core_test_b, 0, 4));
	KUNIT_EXPECT_EQ(test, list.len, 2);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping_list(&env->args, &list), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &core_test_b);
}

static int core_fixed_list_exporter(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args, cand(&core_test_a, 0, 5),
				      cand(&core_test_b, 0, 6));
}

static void core_fixed_list_counts_itself(struct kunit *test)
{
	struct dma_buf_mapping_match imp[] = { cand(&core_test_b, 0, 1) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	KUNIT_ASSERT_EQ(test, core_fixed_list_exporter(&env->args), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &core_test_b);
}

static void core_negotiate_uses_the_exporter_ops(struct kunit *test)
{
	static const struct dma_buf_mapping_match single = {
		.type = &core_test_a,
	};
	static const struct dma_buf_ops by_function = {
		.match_mapping = core_fixed_list_exporter,
	};
	static const struct dma_buf_ops by_single = {
		.single_exporter_match = &single,
	};
	static const struct dma_buf_ops by_neither = {};
	struct dma_buf_mapping_match imp[] = { cand(&core_test_a, 0, 1) };
	struct core_env *env = core_env_new(test, imp, ARRAY_SIZE(imp));

	env->dmabuf->ops = &by_function;
	KUNIT_ASSERT_EQ(test, dma_buf_mapping_negotiate(env->attach, imp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &core_test_a);

	memset(&env->attach->map_type, 0, sizeof(env->attach->map_type));
	env->dmabuf->ops = &by_single;
	KUNIT_ASSERT_EQ(test, dma_buf_mapping_negotiate(env->attach, imp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &core_test_a);

	/* An exporter that offers nothing has no type in common. */
	memset(&env->attach->map_type, 0, sizeof(env->attach->map_type));
	env->dmabuf->ops = &by_neither;
	KUNIT_EXPECT_EQ(test, dma_buf_mapping_negotiate(env->attach, imp, 1),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void core_debugfs_without_type(struct kunit *test)
{
	struct core_env *env = core_env_new(test, NULL, 0);
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct seq_file s = { .buf = buf, .size = 64 };

	KUNIT_ASSERT_NOT_NULL(test, buf);
	dma_buf_mapping_debugfs_show(&s, env->attach);
	KUNIT_EXPECT_STREQ(test, buf, "none");
	env->attach->map_type.type = &core_test_a;
	s.count = 0;
	dma_buf_mapping_debugfs_show(&s, env->attach);
	KUNIT_EXPECT_STREQ(test, buf, "test A");
}

static struct kunit_case dma_buf_mapping_core_test_cases[] = {
	KUNIT_CASE(core_exporter_order_decides),
	KUNIT_CASE(core_importer_order_among_same_type),
	KUNIT_CASE(core_eopnotsupp_tries_next),
	KUNIT_CASE(core_fatal_errno_stops),
	KUNIT_CASE(core_positive_match_is_a_bug),
	KUNIT_CASE(core_no_common_type),
	KUNIT_CASE(core_unset_candidate_is_rejected),
	KUNIT_CASE(core_list_counts_what_was_added),
	KUNIT_CASE(core_fixed_list_counts_itself),
	KUNIT_CASE(core_negotiate_uses_the_exporter_ops),
	KUNIT_CASE(core_debugfs_without_type),
	{}
};

static struct kunit_suite dma_buf_mapping_core_test_suite = {
	.name = "dma-buf-mapping-core",
	.init = test_init,
	.exit = test_exit,
	.test_cases = dma_buf_mapping_core_test_cases,
};

kunit_test_suite(dma_buf_mapping_core_test_suite);

MODULE_DESCRIPTION("KUnit tests of the DMA-buf mapping type core");
MODULE_LICENSE("GPL");
