/*
 * Has the exporter's {{ op }} return @entries with @n written to
 * *{{ count }}, calls {{ entry }} and checks the outcome: the entries
 * themselves, or @err. Copied so the op never returns NULL, which the
 * entry point refuses before any invariant.
 */
{{ sig }}
{
	struct test_env *env = test_env_new(test);
	{{ elem }} *res;
	const {{ elem }} *got;
{%- for l in locals %}
	{{ l }};
{%- endfor %}

	res = kunit_kcalloc(test, n ? n : 1, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	if (n)
		memcpy(res, entries, n * sizeof(*entries));
{{ setup }}
	test_{{ op }}_{{ count }} = n;

{% if locked %}	dma_resv_lock(env->dmabuf->resv, NULL);
{% endif %}{{ call }}
{%- if locked %}
	dma_resv_unlock(env->dmabuf->resv);
{%- endif %}
	KUNIT_EXPECT_EQ(test, test_op_calls, 1);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ(test, got, res);
		KUNIT_EXPECT_EQ(test, {{ count }}, n);
	} else {
		KUNIT_EXPECT_TRUE(test, IS_ERR(got));
		KUNIT_EXPECT_EQ(test, PTR_ERR(got), err);
	}
}
