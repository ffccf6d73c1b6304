	env->dmabuf->size = {{ size_units }} * {{ unit }};
{%- if let Some(ctor) = ctor %}
	env->attach->map_type = {{ ctor }}(&test_ops[0]);
{%- else %}
	env->attach->map_type.type = &{{ symbol }};
	env->attach->map_type.exp_ops = &test_ops[0].ops;
{%- endif %}
	test_{{ op }}_ret = res;
	test_check_breaks = breaks;