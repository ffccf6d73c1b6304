{#- Accessors give NULL, false or 0 for an attachment of another type. #}
	struct test_env *env = test_env_new(test);

	/* An attachment of another type, with garbage where data would be. */
	env->attach->map_type.type = &test_other_type;
	memset(env->attach->map_type.private_data, 0xa5,
	       sizeof(env->attach->map_type.private_data));
{%- for e in expects %}{% include "kunit/expect.c" %}{% endfor %}
{%- if let Some(oa) = ops_accessor %}
	KUNIT_EXPECT_NULL(test, {{ oa }}(env->attach));
{%- endif %}
