{#- The attachment holds exactly what on_match keeps from `exp` and `imp`. #}
{% filter wrap %}	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.type, &{{ setup.symbol }});{% endfilter %}
{% filter wrap %}	KUNIT_EXPECT_PTR_EQ(test, env->attach->map_type.exp_ops, exp.exp_ops);{% endfilter %}
{%- if let Some(view) = stored.view %}
{% filter wrap_init %}	stored = {{ view }};{% endfilter %}
{%- endif %}
{%- for e in stored.expects %}{% include "kunit/expect.c" %}{% endfor %}
{%- if let Some(oa) = stored.ops_accessor %}
	KUNIT_EXPECT_PTR_EQ(test, &{{ oa }}(env->attach)->ops,
			    exp.exp_ops);
{%- endif %}
