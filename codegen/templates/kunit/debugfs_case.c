{#- After a match, debugfs shows the type's name first. #}
{%- include "kunit/candidates.c" %}
	struct test_env *env = test_env_new(test);
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct seq_file s = { .buf = buf, .size = 256 };

	KUNIT_ASSERT_NOT_NULL(test, buf);
{%- include "kunit/fills.c" %}
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
	dma_buf_mapping_debugfs_show(&s, env->attach);
	/* The core prints the title, then the type's own text. */
	KUNIT_EXPECT_TRUE(test, str_has_prefix(buf, {{ setup.symbol }}.name));
	KUNIT_EXPECT_GT(test, strlen(buf), strlen({{ setup.symbol }}.name));
{%- include "kunit/rule_warns.c" %}
