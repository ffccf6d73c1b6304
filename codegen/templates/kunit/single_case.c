{#- The single-exporter initializer names this type and the test ops. #}
	const struct dma_buf_mapping_match *m = test_single_ops.single_exporter_match;
	const struct {{ ops }} *exp_ops;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_PTR_EQ(test, m->type, &{{ symbol }});
	exp_ops = container_of(m->exp_ops, const struct {{ ops }}, ops);
{%- for op in op_names %}
	KUNIT_EXPECT_TRUE(test, exp_ops->{{ op }} == test_op_{{ op }});
{%- endfor %}
