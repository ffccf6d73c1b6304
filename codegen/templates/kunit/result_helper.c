/*
 * Hands @entries to the exporter's {{ op }} through {{ entry }}
 * and checks the outcome: the list itself, or @err with the list given back
 * exactly once.
 */
{{ sig }}
{
	struct test_env *env = test_env_new(test);
	struct {{ result }} *res;
	struct {{ result }} *got;

	res = kunit_kzalloc(test, struct_size(res, {{ array }}, n ? n : 1),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	res->{{ count }} = n;
	if (n)
		memcpy(res->{{ array }}, entries, n * sizeof(*entries));
{{ setup }}

	dma_resv_lock(env->dmabuf->resv, NULL);
	got = {{ entry }}(env->attach);
	dma_resv_unlock(env->dmabuf->resv);
	if (!err) {
		KUNIT_EXPECT_PTR_EQ(test, got, res);
		KUNIT_EXPECT_EQ(test, test_op_calls, 1);
{%- if let Some(undo) = undo %}
		{{ undo }}(env->attach, got);
		KUNIT_EXPECT_EQ(test, test_op_calls, 2);
{%- endif %}
	} else {
		KUNIT_EXPECT_TRUE(test, IS_ERR(got));
		KUNIT_EXPECT_EQ(test, PTR_ERR(got), err);
		/* Rejected: {{ op }} ran, and the list went back once. */
		KUNIT_EXPECT_EQ(test, test_op_calls, 2);
	}
}
