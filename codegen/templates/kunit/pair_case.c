{#- Matches one exporter and one importer candidate. #}
{%- include "kunit/candidates.c" %}
	struct test_env *env = test_env_new(test);
{%- if stored.is_some() %}
{%- if let Some(d) = setup.data %}
	const struct {{ d }} *stored;
{%- endif %}
{%- endif %}

	/* {{ why|c_comment }} */
{%- include "kunit/fills.c" %}
	env->args.imp_matches = &imp;
	env->args.imp_len = 1;
{% if let Some(stored) = stored %}
{%- if check_match %}
{% filter wrap %}	KUNIT_EXPECT_EQ(test, {{ setup.symbol }}.match(env->dmabuf, &exp, &imp), 0);{% endfilter %}
{%- endif %}
	KUNIT_ASSERT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1), 0);
{%- include "kunit/stored.c" %}
{%- else if let Some(f) = failure %}
{% filter wrap %}	KUNIT_EXPECT_EQ(test, {{ setup.symbol }}.match(env->dmabuf, &exp, &imp), {{ f.errno }});{% endfilter %}
	KUNIT_EXPECT_EQ(test, dma_buf_match_mapping(&env->args, &exp, 1),
			{{ f.overall }});
	/* Nothing is stored for a failed match. */
	KUNIT_EXPECT_NULL(test, env->attach->map_type.type);
{%- endif %}
{%- include "kunit/rule_warns.c" %}
