{#- An entry point refuses an attachment of another type, calling no op. #}
	struct test_env *env = test_env_new(test);
	{{ res_decl }};

	/* An entry point refuses an attachment of another type. */
	env->attach->map_type.type = &test_other_type;
	test_check_breaks = {{ breaks }};
{%- if locked %}
	dma_resv_lock(env->dmabuf->resv, NULL);
{%- endif %}
{% filter wrap %}	res = {{ entry }}({{ args|join(", ") }});{% endfilter %}
{%- if locked %}
	dma_resv_unlock(env->dmabuf->resv);
{%- endif %}
{%- if err_ptr %}
	KUNIT_EXPECT_TRUE(test, IS_ERR(res));
	KUNIT_EXPECT_EQ(test, PTR_ERR(res), -EINVAL);
{%- else if pointer %}
	KUNIT_EXPECT_NULL(test, res);
{%- else %}
	KUNIT_EXPECT_EQ(test, res, -EINVAL);
{%- endif %}
	KUNIT_EXPECT_EQ(test, test_op_calls, 0);
