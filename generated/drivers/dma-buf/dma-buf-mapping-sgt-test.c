// SPDX-License-Identifier: GPL-2.0
/*
 * generated from schemas/sgt.maptype by cargo run -- generate; do not edit
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
static u8 test_objs[19][64] __aligned(8);

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

/* Driver bugs the rules marked warn reported in the current case. */
static int test_rule_warns;

/* Stands in for the rules' WARN_ON(): counts the reports without a splat. */
static bool test_rule_warn(bool bug)
{
	if (bug)
		test_rule_warns++;
	return bug;
}

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
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_check_warn,
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
	test_rule_warns = 0;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_rule_warn,
				   test_rule_warn);
	return env;
}

/* Stands in for pci_p2pdma_distance(); returns what the case set. */
static int test_pci_p2pdma_distance_ret;

static int test_pci_p2pdma_distance(struct pci_dev *provider,
				    struct device *client, bool verbose)
{
	return test_pci_p2pdma_distance_ret;
}

/* Stands in for dev_name(); returns what the case set. */
static const char *test_dev_name_ret;

static const char *test_dev_name(const struct device *dev)
{
	return test_dev_name_ret;
}

static struct sg_table *test_map_dma_buf_ret;

static struct sg_table *test_op_map_dma_buf(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir)
{
	test_op_calls++;
	return test_map_dma_buf_ret;
}

static void test_op_unmap_dma_buf(struct dma_buf_attachment *attach,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	test_op_calls++;
}

static const struct dma_buf_mapping_sgt_exp_ops test_ops[2] = {
	{
		.map_dma_buf = test_op_map_dma_buf,
		.unmap_dma_buf = test_op_unmap_dma_buf,
	},
	{
		.map_dma_buf = test_op_map_dma_buf,
		.unmap_dma_buf = test_op_unmap_dma_buf,
	},
};

/* An exporter's dma_buf_ops written with DMA_BUF_SIMPLE_SGT_EXP_MATCH(). */
static const struct dma_buf_ops test_single_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(test_op_map_dma_buf, test_op_unmap_dma_buf)
};

static void test_requirement_0_holds(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_sgt_data *stored;

	/* Every condition holds, requirement 0 included. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(1);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(2);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			0);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = &env->attach->map_type.sgt_data;
	KUNIT_EXPECT_PTR_EQ(test, stored->importing_dma_device, test_obj(2));
	KUNIT_EXPECT_NULL(test, stored->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, stored->importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, stored->exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->dev, test_obj(2));
	KUNIT_EXPECT_TRUE(test, env->attach->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(env->attach),
			    test_obj(2));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_sgt_ops(env->attach)->ops,
			    exp.exp_ops);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_requirement_0_fails(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);

	/* Only requirement 0 fails. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = NULL;
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(3);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),
			-EINVAL);
	/* Nothing is stored for a failed match. */
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 2);
}

static void test_requirement_1_holds(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_sgt_data *stored;

	/* Every condition holds, requirement 1 included. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(4);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(5);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			0);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = &env->attach->map_type.sgt_data;
	KUNIT_EXPECT_PTR_EQ(test, stored->importing_dma_device, test_obj(5));
	KUNIT_EXPECT_NULL(test, stored->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, stored->importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, stored->exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->dev, test_obj(5));
	KUNIT_EXPECT_TRUE(test, env->attach->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(env->attach),
			    test_obj(5));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_sgt_ops(env->attach)->ops,
			    exp.exp_ops);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_requirement_1_fails(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);

	/* Only requirement 1 fails. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(6);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(7);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),
			-EINVAL);
	/* Nothing is stored for a failed match. */
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_requirement_2_holds(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_sgt_data *stored;

	/* Every condition holds, requirement 2 included. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(8);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(9);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			0);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = &env->attach->map_type.sgt_data;
	KUNIT_EXPECT_PTR_EQ(test, stored->importing_dma_device, test_obj(9));
	KUNIT_EXPECT_NULL(test, stored->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, stored->importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, stored->exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->dev, test_obj(9));
	KUNIT_EXPECT_TRUE(test, env->attach->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(env->attach),
			    test_obj(9));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_sgt_ops(env->attach)->ops,
			    exp.exp_ops);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_requirement_2_fails(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);

	/* Only requirement 2 fails. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(10);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(11);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = -1;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),
			-EINVAL);
	/* Nothing is stored for a failed match. */
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_when_0_not_taken(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_sgt_data *stored;

	/* The guard of `when` block 0 is false, so its requirements are skipped. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = NULL;
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(12);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = -1;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_EXPECT_EQ(test,
			dma_buf_mapping_sgt_type.match(env->dmabuf, &exp, &imp),
			0);
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = &env->attach->map_type.sgt_data;
	KUNIT_EXPECT_PTR_EQ(test, stored->importing_dma_device, test_obj(12));
	KUNIT_EXPECT_NULL(test, stored->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, stored->importer_accepts_p2p, DMA_SGT_NO_P2P);
	KUNIT_EXPECT_EQ(test, stored->exporter_requires_p2p, DMA_SGT_NO_P2P);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->dev, test_obj(12));
	KUNIT_EXPECT_FALSE(test, env->attach->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(env->attach),
			    test_obj(12));
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_sgt_ops(env->attach)->ops,
			    exp.exp_ops);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_exporter_falls_back_to_next_candidate(struct kunit *test)
{
	struct dma_buf_mapping_match skipped = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[1].ops,
	};
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *skipped_data;
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct dma_buf_mapping_match exps[2];
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_sgt_data *stored;

	/* The exporter's first candidate is not compatible: the second is used. */
	skipped_data = &skipped.sgt_data;
	skipped_data->importing_dma_device = NULL;
	skipped_data->exporting_p2p_device = NULL;
	skipped_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	skipped_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(13);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(14);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	exps[0] = skipped;
	exps[1] = exp;
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exps, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = &env->attach->map_type.sgt_data;
	KUNIT_EXPECT_PTR_EQ(test, stored->importing_dma_device, test_obj(14));
	KUNIT_EXPECT_NULL(test, stored->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, stored->importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, stored->exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->dev, test_obj(14));
	KUNIT_EXPECT_TRUE(test, env->attach->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(env->attach),
			    test_obj(14));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_sgt_ops(env->attach)->ops,
			    exp.exp_ops);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 1);
}

static void test_importer_scan_reaches_next_candidate(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match skipped = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *skipped_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct dma_buf_mapping_match imps[2];
	struct test_env *env = test_env_new(test);
	const struct dma_buf_mapping_sgt_data *stored;

	/* The importer's first candidate is not compatible: the second is used. */
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(13);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	skipped_data = &skipped.sgt_data;
	skipped_data->importing_dma_device = test_obj(14);
	skipped_data->exporting_p2p_device = NULL;
	skipped_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	skipped_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(14);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	imps[0] = skipped;
	imps[1] = imp;
	env->args.imp_matches = imps;
	env->args.imp_len = 2;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type,
			    &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);
	stored = &env->attach->map_type.sgt_data;
	KUNIT_EXPECT_PTR_EQ(test, stored->importing_dma_device, test_obj(14));
	KUNIT_EXPECT_NULL(test, stored->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, stored->importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, stored->exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
	KUNIT_EXPECT_PTR_EQ(test, env->attach->dev, test_obj(14));
	KUNIT_EXPECT_TRUE(test, env->attach->peer2peer);
	KUNIT_EXPECT_PTR_EQ(test, dma_buf_sgt_dma_device(env->attach),
			    test_obj(14));
	KUNIT_EXPECT_TRUE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_PTR_EQ(test, &dma_buf_get_sgt_ops(env->attach)->ops,
			    exp.exp_ops);
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static void test_accessors_reject_other_types(struct kunit *test)
{
	struct test_env *env = test_env_new(test);

	/* An attachment of another type, with garbage where data would be. */
	env->attach->map_type.type = &test_other_type;
	memset(env->attach->map_type.private_data, 0xa5,
	       sizeof(env->attach->map_type.private_data));
	KUNIT_EXPECT_NULL(test, dma_buf_sgt_dma_device(env->attach));
	KUNIT_EXPECT_FALSE(test, dma_buf_sgt_p2p_allowed(env->attach));
	KUNIT_EXPECT_NULL(test, dma_buf_get_sgt_ops(env->attach));
}

static void test_constructor_dma_buf_imapping_sgt_inline(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_IMAPPING_SGT(test_obj(15),
							      DMA_SGT_IMPORTER_ACCEPTS_P2P);
	const struct dma_buf_mapping_sgt_data *data = &m.sgt_data;

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_NULL(test, m.exp_ops);
	KUNIT_EXPECT_PTR_EQ(test, data->importing_dma_device, test_obj(15));
	KUNIT_EXPECT_NULL(test, data->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, data->importer_accepts_p2p,
			DMA_SGT_IMPORTER_ACCEPTS_P2P);
	KUNIT_EXPECT_EQ(test, data->exporter_requires_p2p, DMA_SGT_NO_P2P);
}

static void test_constructor_dma_buf_emapping_sgt_macro(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_EMAPPING_SGT(&test_ops[0]);
	const struct dma_buf_mapping_sgt_data *data = &m.sgt_data;

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, m.exp_ops, &test_ops[0].ops);
	KUNIT_EXPECT_NULL(test, data->importing_dma_device);
	KUNIT_EXPECT_NULL(test, data->exporting_p2p_device);
	KUNIT_EXPECT_EQ(test, data->importer_accepts_p2p, DMA_SGT_NO_P2P);
	KUNIT_EXPECT_EQ(test, data->exporter_requires_p2p, DMA_SGT_NO_P2P);
}

static void test_constructor_dma_buf_emapping_sgt_p2p_inline(struct kunit *test)
{
	struct dma_buf_mapping_match m = DMA_BUF_EMAPPING_SGT_P2P(&test_ops[0],
								  test_obj(16));
	const struct dma_buf_mapping_sgt_data *data = &m.sgt_data;

	KUNIT_EXPECT_PTR_EQ(test, m.type, &dma_buf_mapping_sgt_type);
	KUNIT_EXPECT_PTR_EQ(test, m.exp_ops, &test_ops[0].ops);
	KUNIT_EXPECT_NULL(test, data->importing_dma_device);
	KUNIT_EXPECT_PTR_EQ(test, data->exporting_p2p_device, test_obj(16));
	KUNIT_EXPECT_EQ(test, data->importer_accepts_p2p, DMA_SGT_NO_P2P);
	KUNIT_EXPECT_EQ(test, data->exporter_requires_p2p,
			DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
}

static void test_dma_buf_simple_sgt_exp_match_initializer(struct kunit *test)
{
	const struct dma_buf_mapping_match *m = test_single_ops.single_exporter_match;
	const struct dma_buf_mapping_sgt_exp_ops *exp_ops;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_PTR_EQ(test, m->type, &dma_buf_mapping_sgt_type);
	exp_ops = container_of(m->exp_ops, const struct dma_buf_mapping_sgt_exp_ops, ops);
	KUNIT_EXPECT_TRUE(test, exp_ops->map_dma_buf == test_op_map_dma_buf);
	KUNIT_EXPECT_TRUE(test, exp_ops->unmap_dma_buf == test_op_unmap_dma_buf);
}

static void test_dma_buf_sgt_map_attachment_checks_the_type(struct kunit *test)
{
	struct test_env *env = test_env_new(test);
	struct sg_table *res;

	/* An entry point refuses an attachment of another type. */
	env->attach->map_type.type = &test_other_type;
	test_check_breaks = "the attachment's type is sgt";
	dma_resv_lock(env->dmabuf->resv, NULL);
	res = dma_buf_sgt_map_attachment(env->attach, 0);
	dma_resv_unlock(env->dmabuf->resv);
	KUNIT_EXPECT_TRUE(test, IS_ERR(res));
	KUNIT_EXPECT_EQ(test, PTR_ERR(res), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_op_calls, 0);
}

static void test_dma_buf_sgt_map_attachment_unlocked_checks_the_type(struct kunit *test)
{
	struct test_env *env = test_env_new(test);
	struct sg_table *res;

	/* An entry point refuses an attachment of another type. */
	env->attach->map_type.type = &test_other_type;
	test_check_breaks = "the attachment's type is sgt";
	res = dma_buf_sgt_map_attachment_unlocked(env->attach, 0);
	KUNIT_EXPECT_TRUE(test, IS_ERR(res));
	KUNIT_EXPECT_EQ(test, PTR_ERR(res), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_op_calls, 0);
}

static void test_debugfs_names_the_type(struct kunit *test)
{
	struct dma_buf_mapping_match exp = {
		.type = &dma_buf_mapping_sgt_type,
		.exp_ops = &test_ops[0].ops,
	};
	struct dma_buf_mapping_match imp = {
		.type = &dma_buf_mapping_sgt_type,
	};
	struct dma_buf_mapping_sgt_data *exp_data;
	struct dma_buf_mapping_sgt_data *imp_data;
	struct test_env *env = test_env_new(test);
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct seq_file s = { .buf = buf, .size = 256 };

	KUNIT_ASSERT_NOT_NULL(test, buf);
	exp_data = &exp.sgt_data;
	exp_data->importing_dma_device = NULL;
	exp_data->exporting_p2p_device = test_obj(17);
	exp_data->importer_accepts_p2p = DMA_SGT_NO_P2P;
	exp_data->exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
	imp_data = &imp.sgt_data;
	imp_data->importing_dma_device = test_obj(18);
	imp_data->exporting_p2p_device = NULL;
	imp_data->importer_accepts_p2p = DMA_SGT_IMPORTER_ACCEPTS_P2P;
	imp_data->exporter_requires_p2p = DMA_SGT_NO_P2P;
	test_pci_p2pdma_distance_ret = 0;
	kunit_activate_static_stub(test,
				   dma_buf_mapping_sgt_pci_p2pdma_distance,
				   test_pci_p2pdma_distance);
	test_dev_name_ret = NULL;
	kunit_activate_static_stub(test, dma_buf_mapping_sgt_dev_name,
				   test_dev_name);
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	dma_buf_mapping_debugfs_show(&s, env->attach);
	/* The core prints the title, then the type's own text. */
	KUNIT_EXPECT_TRUE(test, str_has_prefix(buf, dma_buf_mapping_sgt_type.name));
	KUNIT_EXPECT_GT(test, strlen(buf), strlen(dma_buf_mapping_sgt_type.name));
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, 0);
}

static struct kunit_case dma_buf_mapping_sgt_test_cases[] = {
	KUNIT_CASE(test_requirement_0_holds),
	KUNIT_CASE(test_requirement_0_fails),
	KUNIT_CASE(test_requirement_1_holds),
	KUNIT_CASE(test_requirement_1_fails),
	KUNIT_CASE(test_requirement_2_holds),
	KUNIT_CASE(test_requirement_2_fails),
	KUNIT_CASE(test_when_0_not_taken),
	KUNIT_CASE(test_exporter_falls_back_to_next_candidate),
	KUNIT_CASE(test_importer_scan_reaches_next_candidate),
	KUNIT_CASE(test_accessors_reject_other_types),
	KUNIT_CASE(test_constructor_dma_buf_imapping_sgt_inline),
	KUNIT_CASE(test_constructor_dma_buf_emapping_sgt_macro),
	KUNIT_CASE(test_constructor_dma_buf_emapping_sgt_p2p_inline),
	KUNIT_CASE(test_dma_buf_simple_sgt_exp_match_initializer),
	KUNIT_CASE(test_dma_buf_sgt_map_attachment_checks_the_type),
	KUNIT_CASE(test_dma_buf_sgt_map_attachment_unlocked_checks_the_type),
	KUNIT_CASE(test_debugfs_names_the_type),
	{}
};

static struct kunit_suite dma_buf_mapping_sgt_test_suite = {
	.name = "dma-buf-mapping-sgt",
	.init = test_init,
	.exit = test_exit,
	.test_cases = dma_buf_mapping_sgt_test_cases,
};

kunit_test_suite(dma_buf_mapping_sgt_test_suite);

MODULE_DESCRIPTION("KUnit tests of the dma-buf-mapping-sgt mapping type");
MODULE_LICENSE("GPL");
