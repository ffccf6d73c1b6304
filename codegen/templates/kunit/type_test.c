{{ banner }}
{%- for inc in includes %}
#include {{ inc }}
{%- endfor %}

/* The extern wrappers are exported to KUnit only. */
{{ import_kunit_ns }}

/* Opaque objects: cases only compare their addresses. */
static u8 test_objs[{{ objects }}][64] __aligned(8);

static __maybe_unused void *test_obj(unsigned int n)
{
	return test_objs[n];
}

/* Calls of the test exporter's ops in the current case. */
static int test_op_calls;

/* A type that is not this one, for attachments of "another type". */
static struct dma_buf_mapping_type test_other_type = {
	.name = "maptype test: another type",
};

{%- if rule_warn.is_some() %}

/* Driver bugs the rules marked warn reported in the current case. */
static int test_rule_warns;

/* Stands in for the rules' WARN_ON(): counts the reports without a splat. */
static bool test_rule_warn(bool bug)
{
	if (bug)
		test_rule_warns++;
	return bug;
}
{%- endif %}
{%- if let Some(w) = check_warn %}
{% include "kunit/check_stub.c" %}
{%- endif %}

/* A buffer and a fresh attachment to it, freed when the case ends. */
struct test_env {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct dma_buf_match_args args;
	struct dma_resv resv;
};

static void test_resv_fini(void *resv)
{
	dma_resv_fini(resv);
}

static struct test_env *test_env_new(struct kunit *test)
{
	struct test_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, env);
	env->dmabuf = kunit_kzalloc(test, sizeof(*env->dmabuf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->dmabuf);
	env->attach = kunit_kzalloc(test, sizeof(*env->attach), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->attach);
	dma_resv_init(&env->resv);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, test_resv_fini,
							&env->resv), 0);
	env->dmabuf->resv = &env->resv;
	env->dmabuf->size = SZ_64K;
	env->attach->dmabuf = env->dmabuf;
	env->args.dmabuf = env->dmabuf;
	env->args.attach = env->attach;
	test_op_calls = 0;
{%- if let Some(w) = rule_warn %}
	test_rule_warns = 0;
{{ w }}
{%- endif %}
	return env;
}
{%- for x in externs %}

/* Stands in for {{ x.name|c_comment }}(); returns what the case set. */
static {{ x.ret_decl }};

{{ x.head }}
{
	return test_{{ x.name }}_ret;
}
{%- endfor %}
{%- if let Some(o) = ops %}
{%- for op in o.ops %}
{%- if let Some(decl) = op.ret_decl %}

static {{ decl }};
{%- endif %}
{%- for (decl, _) in op.records %}
static {{ decl }};
{%- endfor %}
{%- for (decl, _) in op.writes %}
static {{ decl }};
{%- endfor %}

{{ op.head }}
{
	test_op_calls++;
{%- for (_, assign) in op.records %}
	{{ assign }}
{%- endfor %}
{%- for (_, assign) in op.writes %}
	{{ assign }}
{%- endfor %}
{%- if op.ret_decl.is_some() %}
	return test_{{ op.name }}_ret;
{%- endif %}
}
{%- endfor %}

static const struct {{ o.name }} test_ops[2] = {
{%- for _ in 0..2 %}
	{
{%- for op in o.ops %}
		.{{ op.name }} = test_op_{{ op.name }},
{%- endfor %}
	},
{%- endfor %}
};
{%- if let Some((init, names)) = o.single %}

/* An exporter's dma_buf_ops written with {{ init|c_comment }}(). */
static const struct dma_buf_ops test_single_ops = {
{% filter wrap %}	{{ init }}({% for n in names %}{% if !loop.first %}, {% endif %}test_op_{{ n }}{% endfor %}){% endfilter %}
};
{%- endif %}
{%- endif %}
{%- for h in results %}

{{ h }}
{%- endfor %}
{%- for c in cases %}

static void test_{{ c.name }}(struct kunit *test)
{
{{- c.body }}
}
{%- endfor %}

static struct kunit_case {{ prefix }}_test_cases[] = {
{%- for c in cases %}
	KUNIT_CASE(test_{{ c.name }}),
{%- endfor %}
	{}
};

static struct kunit_suite {{ prefix }}_test_suite = {
	.name = "{{ suite|c_string }}",
{%- if check_warn.is_some() %}
	.init = test_init,
	.exit = test_exit,
{%- endif %}
	.test_cases = {{ prefix }}_test_cases,
};

kunit_test_suite({{ prefix }}_test_suite);

MODULE_DESCRIPTION("KUnit tests of the {{ suite|c_string }} mapping type");
MODULE_LICENSE("GPL");
