{#- A constructor fills exactly the declared fields; every other one is zero. #}
{% filter wrap %}	struct dma_buf_mapping_match m = {{ ctor }}({{ args|join(", ") }});{% endfilter %}
{%- if let Some(d) = data %}
{% filter wrap_init %}	const struct {{ d }} *data = {{ view }};{% endfilter %}
{%- endif %}

	KUNIT_EXPECT_PTR_EQ(test, m.type, &{{ symbol }});
{%- if exporter %}
	KUNIT_EXPECT_PTR_EQ(test, m.exp_ops, &test_ops[0].ops);
{%- else %}
	KUNIT_EXPECT_NULL(test, m.exp_ops);
{%- endif %}
{%- for e in expects %}{% include "kunit/expect.c" %}{% endfor %}
