// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/xe_iov.maptype by cargo run -- generate; do not edit
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
#include "dma-buf-mapping-xe-iov.h"

/* The extern wrappers are exported to KUnit only. */
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Opaque objects: cases only compare their addresses. */
static u8 test_objs[22][64] __aligned(8);

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
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_check_warn,
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

/* Stands in for pci_physfn(); returns what the case set. */
static struct pci_dev *test_pci_physfn_ret;

static struct pci_dev *test_pci_physfn(struct pci_dev *dev)
{
	return test_pci_physfn_ret;
}

/* Stands in for pci_name(); returns what the case set. */
static const char *test_pci_name_ret;

static const char *test_pci_name(const struct pci_dev *pdev)
{
	return test_pci_name_ret;
}

static const struct dma_buf_phys_vec *test_map_ret;
static size_t test_map_nelms;

static const struct dma_buf_phys_vec *
test_op_map(struct dma_buf_attachment *attach, unsigned int *bar_number,
	    size_t *nelms)
{
	test_op_calls++;
	*nelms = test_map_nelms;
	return test_map_ret;
}

static const struct dma_buf_mapping_xe_iov_exp_ops test_ops[2] = {
	{
		.map = test_op_map,
	},
	{
		.map = test_op_map,
	},
};

/*
 * Has the exporter's map return @entries with @n written to
 * *nelms, calls dma_buf_xe_iov_map and checks the outcome: the entries
 * themselves, or @err. Copied so the op never returns NULL, which the
 * entry point refuses before any invariant.
 */
static void
test_dma_buf_xe_iov_ranges_result(struct kunit *test,
				  const struct dma_buf_phys_vec *entries,
				  size_t n, int err, const char *breaks)
{
	struct test_env *env = test_env_new(test);
	struct dma_buf_phys_vec *res;
	const struct dma_buf_phys_vec *got;
	unsigned int bar_number = 0;
	size_t nelms = 0;

	res = kunit_kcalloc(test, n ? n : 1, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	if (n)
		memcpy(res, entries, n * sizeof(*entries));
	env->dmabuf->size = 4 * PAGE_SIZE;
	env->attach->map_type.type = &dma_buf_mapping_xe_iov_type;
	env->attach->map_type.exp_ops = &test_ops[0].ops;
	test_map_ret = res;
	test_check_breaks = breaks;
	test_map_nelms = n;

	dma_resv_lock(env->dmabuf->resv, NULL);
	got = dma_buf_xe_iov_map(env->attach, &bar_number, &nelms);
	dma_resv_unlock(env->dmabuf->resv);
	KUNIT_EXPECT_EQ(test, test_op_calls, 1);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ(test, got, res);
		KUNIT_EXPECT_EQ(test, nelms, n);
	} else {
		KUNIT_EXPECT_TRUE(test, IS_ERR(got));
		KUNIT_EXPECT_EQ(test, PTR_ERR(got), err);
	}
}

static void test_requirement_0_holds(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_xe_iov_data *stored;

	/* Every condition holds, requirement 0 included. */
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(3);
	exp_data->bar = 7;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(1);
	imp_data->vf = NULL;
	imp_data->bar = 7;
	test_pci_physfn_ret = test_obj(1);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_xe_iov_type.match(env->dmabuf, &exp, &imp),
			0);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = dma_buf_mapping_xe_iov_match_data(&env->attach->map_type);
	KUNIT_EXPECT_PTR_EQ(test, stored->pf, test_obj(1));
	KUNIT_EXPECT_PTR_EQ(test, stored->vf, test_obj(3));
	KUNIT_EXPECT_EQ(test, stored->bar, 7);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_xe_iov_vf(env->attach), test_obj(3));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_xe_iov_ops(env->attach)->ops,
			    exp.exp_ops);
}

static void test_requirement_0_fails(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct test_env *env = test_env_new(test);

	/* Only requirement 0 fails. */
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(6);
	exp_data->bar = 9;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(4);
	imp_data->vf = NULL;
	imp_data->bar = 9;
	test_pci_physfn_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_xe_iov_type.match(env->dmabuf, &exp, &imp),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),
			-EINVAL);
	/* Nothing is stored for a failed match. */
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void test_requirement_1_holds(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_xe_iov_data *stored;

	/* Every condition holds, requirement 1 included. */
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(9);
	exp_data->bar = 11;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(7);
	imp_data->vf = NULL;
	imp_data->bar = 11;
	test_pci_physfn_ret = test_obj(7);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_xe_iov_type.match(env->dmabuf, &exp, &imp),
			0);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = dma_buf_mapping_xe_iov_match_data(&env->attach->map_type);
	KUNIT_EXPECT_PTR_EQ(test, stored->pf, test_obj(7));
	KUNIT_EXPECT_PTR_EQ(test, stored->vf, test_obj(9));
	KUNIT_EXPECT_EQ(test, stored->bar, 11);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_xe_iov_vf(env->attach), test_obj(9));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_xe_iov_ops(env->attach)->ops,
			    exp.exp_ops);
}

static void test_requirement_1_fails(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct test_env *env = test_env_new(test);

	/* Only requirement 1 fails. */
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(12);
	exp_data->bar = 14;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(10);
	imp_data->vf = NULL;
	imp_data->bar = 13;
	test_pci_physfn_ret = test_obj(10);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_xe_iov_type.match(env->dmabuf, &exp, &imp),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),
			-EINVAL);
	/* Nothing is stored for a failed match. */
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
}

static void test_exporter_falls_back_to_next_candidate(struct kunit *test)
{
	struct dma_buf_mapping_match skipped = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[1].ops,
	};
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *skipped_data;
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct dma_buf_mapping_match exps[2];
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_xe_iov_data *stored;

	/* The exporter's first candidate is not compatible: the second is used. */
	skipped_data = dma_buf_mapping_xe_iov_match_data_mut(&skipped);
	skipped_data->pf = NULL;
	skipped_data->vf = test_obj(15);
	skipped_data->bar = 16;
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(15);
	exp_data->bar = 15;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(13);
	imp_data->vf = NULL;
	imp_data->bar = 15;
	test_pci_physfn_ret = test_obj(13);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	exps[0] = skipped;
	exps[1] = exp;
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exps, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = dma_buf_mapping_xe_iov_match_data(&env->attach->map_type);
	KUNIT_EXPECT_PTR_EQ(test, stored->pf, test_obj(13));
	KUNIT_EXPECT_PTR_EQ(test, stored->vf, test_obj(15));
	KUNIT_EXPECT_EQ(test, stored->bar, 15);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_xe_iov_vf(env->attach), test_obj(15));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_xe_iov_ops(env->attach)->ops,
			    exp.exp_ops);
}

static void test_importer_scan_reaches_next_candidate(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match skipped = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *skipped_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct dma_buf_mapping_match imps[2];
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_xe_iov_data *stored;

	/* The importer's first candidate is not compatible: the second is used. */
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(15);
	exp_data->bar = 15;
	skipped_data = dma_buf_mapping_xe_iov_match_data_mut(&skipped);
	skipped_data->pf = NULL;
	skipped_data->vf = NULL;
	skipped_data->bar = 15;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(13);
	imp_data->vf = NULL;
	imp_data->bar = 15;
	test_pci_physfn_ret = test_obj(13);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	imps[0] = skipped;
	imps[1] = imp;
	env->args.imp_matches = imps;
	env->args.imp_len = 2;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = dma_buf_mapping_xe_iov_match_data(&env->attach->map_type);
	KUNIT_EXPECT_PTR_EQ(test, stored->pf, test_obj(13));
	KUNIT_EXPECT_PTR_EQ(test, stored->vf, test_obj(15));
	KUNIT_EXPECT_EQ(test, stored->bar, 15);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_xe_iov_vf(env->attach), test_obj(15));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_xe_iov_ops(env->attach)->ops,
			    exp.exp_ops);
}

static void test_accessors_reject_other_types(struct kunit *test)
{
	struct test_env *env = test_env_new(test);

	/* An attachment of another type, with garbage where data would be. */
	env->attach->map_type.type = &test_other_type;
	memset(env->attach->map_type.private_data, 0xa5,
	       sizeof(env->attach->map_type.private_data));
	KUNIT_EXPECT_NULL(test, dma_buf_xe_iov_vf(env->attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_xe_iov_ops(env->attach));
}

static void test_constructor_dma_buf_imapping_xe_iov_inline(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_IMAPPING_XE_IOV(test_obj(17),
								 18);
	const struct dma_buf_mapping_xe_iov_data *data =
		dma_buf_mapping_xe_iov_match_data(&m);

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_NULL(test, m.exp_ops);
	KUNIT_EXPECT_PTR_EQ(test, data->pf, test_obj(17));
	KUNIT_EXPECT_NULL(test, data->vf);
	KUNIT_EXPECT_EQ(test, data->bar, 18);
}

static void test_constructor_dma_buf_emapping_xe_iov_inline(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_EMAPPING_XE_IOV(&test_ops[0],
								 test_obj(18),
								 19);
	const struct dma_buf_mapping_xe_iov_data *data =
		dma_buf_mapping_xe_iov_match_data(&m);

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_xe_iov_type);
	KUNIT_EXPECT_PTR_EQ(test, m.exp_ops, &test_ops[0].ops);
	KUNIT_EXPECT_NULL(test, data->pf);
	KUNIT_EXPECT_PTR_EQ(test, data->vf, test_obj(18));
	KUNIT_EXPECT_EQ(test, data->bar, 19);
}

static void test_dma_buf_xe_iov_map_checks_the_type(struct kunit *test)
{
	struct test_env *env = test_env_new(test);
	const struct dma_buf_phys_vec *res;

	/* An entry point refuses an attachment of another type. */
	env->attach->map_type.type = &test_other_type;
	test_check_breaks = "the attachment's type is xe_iov";
	dma_resv_lock(env->dmabuf->resv, NULL);
	res = dma_buf_xe_iov_map(env->attach, NULL, NULL);
	dma_resv_unlock(env->dmabuf->resv);
	KUNIT_EXPECT_TRUE(test, IS_ERR(res));
	KUNIT_EXPECT_EQ(test, PTR_ERR(res), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_op_calls, 0);
}

static void test_debugfs_names_the_type(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_xe_iov_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_xe_iov_type,
	};
	struct dma_buf_mapping_xe_iov_data *exp_data;
	struct dma_buf_mapping_xe_iov_data *imp_data;
	struct test_env *env = test_env_new(test);
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct seq_file s = { .buf = buf, .size = 256 };

	KUNIT_ASSERT_NOT_NULL(test, buf);
	exp_data = dma_buf_mapping_xe_iov_match_data_mut(&exp);
	exp_data->pf = NULL;
	exp_data->vf = test_obj(21);
	exp_data->bar = 20;
	imp_data = dma_buf_mapping_xe_iov_match_data_mut(&imp);
	imp_data->pf = test_obj(19);
	imp_data->vf = NULL;
	imp_data->bar = 20;
	test_pci_physfn_ret = test_obj(19);
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_physfn,
				   test_pci_physfn);
	test_pci_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_xe_iov_pci_name,
				   test_pci_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	dma_buf_mapping_debugfs_show(&s, env->attach);
	/* The core prints the title, then the type's own text. */
	KUNIT_EXPECT_TRUE(test, str_has_prefix(buf, dma_buf_mapping_xe_iov_type.name));
	KUNIT_EXPECT_GT(test, strlen(buf), strlen(dma_buf_mapping_xe_iov_type.name));
}

static void test_dma_buf_xe_iov_ranges_valid_accepted(struct kunit *test)
{
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
		{ .paddr = 32ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 20ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries), 0,
					  NULL);
}

static void test_dma_buf_xe_iov_ranges_rejects_empty(struct kunit *test)
{
	/* Breaks: @nelms is not 0. */
	test_dma_buf_xe_iov_ranges_result(test, NULL, 0, -EINVAL,
					  "nelms is not 0");
}

static void test_dma_buf_xe_iov_ranges_rejects_too_many_entries(struct kunit *test)
{
	/* Breaks: @nelms is at most the buffer size divided by PAGE_SIZE. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 18ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 20ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 22ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
		{ .paddr = 24ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EINVAL,
					  "nelms is at most the buffer size divided by PAGE_SIZE");
}

static void test_dma_buf_xe_iov_ranges_rejects_zero_len(struct kunit *test)
{
	/* Breaks: no entry has a zero len. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 0ULL * PAGE_SIZE },
		{ .paddr = 32ULL * PAGE_SIZE, .len = 4ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EINVAL, "no entry has a zero len");
}

static void test_dma_buf_xe_iov_ranges_rejects_unaligned_paddr(struct kunit *test)
{
	/* Breaks: every paddr is a multiple of PAGE_SIZE. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE + 1, .len = 4ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EINVAL,
					  "every paddr is a multiple of PAGE_SIZE");
}

static void test_dma_buf_xe_iov_ranges_rejects_unaligned_len(struct kunit *test)
{
	/* Breaks: every len is a multiple of PAGE_SIZE. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 1ULL * PAGE_SIZE + 2048 },
		{ .paddr = 32ULL * PAGE_SIZE, .len = 3ULL * PAGE_SIZE - 2048 },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EINVAL,
					  "every len is a multiple of PAGE_SIZE");
}

static void test_dma_buf_xe_iov_ranges_rejects_wrapping_range(struct kunit *test)
{
	/* Breaks: no paddr + len wraps. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 0 - 1ULL * PAGE_SIZE, .len = 4ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EOVERFLOW, "no paddr + len wraps");
}

static void test_dma_buf_xe_iov_ranges_rejects_overlap(struct kunit *test)
{
	/* Breaks: no two entries overlap. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
		{ .paddr = 17ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EINVAL, "no two entries overlap");
}

static void test_dma_buf_xe_iov_ranges_rejects_wrong_total(struct kunit *test)
{
	/* Breaks: the lens add up to the buffer size. */
	static const struct dma_buf_phys_vec entries[] = {
		{ .paddr = 16ULL * PAGE_SIZE, .len = 2ULL * PAGE_SIZE },
	};

	test_dma_buf_xe_iov_ranges_result(test, entries, ARRAY_SIZE(entries),
					  -EINVAL,
					  "the lens add up to the buffer size");
}

static struct kunit_case dma_buf_mapping_xe_iov_test_cases[] = {
	KUNIT_CASE(test_requirement_0_holds),
	KUNIT_CASE(test_requirement_0_fails),
	KUNIT_CASE(test_requirement_1_holds),
	KUNIT_CASE(test_requirement_1_fails),
	KUNIT_CASE(test_exporter_falls_back_to_next_candidate),
	KUNIT_CASE(test_importer_scan_reaches_next_candidate),
	KUNIT_CASE(test_accessors_reject_other_types),
	KUNIT_CASE(test_constructor_dma_buf_imapping_xe_iov_inline),
	KUNIT_CASE(test_constructor_dma_buf_emapping_xe_iov_inline),
	KUNIT_CASE(test_dma_buf_xe_iov_map_checks_the_type),
	KUNIT_CASE(test_debugfs_names_the_type),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_valid_accepted),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_empty),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_too_many_entries),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_zero_len),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_unaligned_paddr),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_unaligned_len),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_wrapping_range),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_overlap),
	KUNIT_CASE(test_dma_buf_xe_iov_ranges_rejects_wrong_total),
	{}
};

static struct kunit_suite dma_buf_mapping_xe_iov_test_suite = {
	.name = "dma-buf-mapping-xe-iov",
	.init = test_init,
	.exit = test_exit,
	.test_cases = dma_buf_mapping_xe_iov_test_cases,
};

kunit_test_suite(dma_buf_mapping_xe_iov_test_suite);

MODULE_DESCRIPTION("KUnit tests of the dma-buf-mapping-xe-iov mapping type");
MODULE_LICENSE("GPL");
