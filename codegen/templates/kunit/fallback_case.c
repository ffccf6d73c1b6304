{#- One side's first candidate is not compatible: the second is used. #}
{%- include "kunit/candidates.c" %}
	struct dma_buf_mapping_match {{ list }}[2];
	struct test_env *env = test_env_new(test);
{%- if let Some(d) = setup.data %}
	const struct {{ d }} *stored;
{%- endif %}

	/* The {{ side }}'s first candidate is not compatible: the second is used. */
{%- include "kunit/fills.c" %}
	{{ list }}[0] = skipped;
	{{ list }}[1] = {{ used }};
{%- if exporter %}
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, exps, 2), 0);
{%- else %}
	env->args.imp_matches = imps;
	env->args.imp_len = 2;

	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
{%- endif %}
{%- include "kunit/stored.c" %}
{%- include "kunit/rule_warns.c" %}
