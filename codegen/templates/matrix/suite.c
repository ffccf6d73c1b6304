// SPDX-License-Identifier: GPL-2.0
{{ banner }}
/*
 * The negotiation explorer's answer for each exporter and importer of the
 * scenario, checked against the generated match functions and the core's
 * dma_buf_match_mapping(): the errno, and on success the type and the
 * exporter candidate that won.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/string.h>
{%- for h in headers %}
#include {{ h }}
{%- endfor %}

/* The scenario's named objects: one address each. */
static char matrix_objects[{{ objects }}];
#define MATRIX_OBJ(i) ((void *)&matrix_objects[i])
{% for o in ops %}
/* Ops of every {{ o.ty }} exporter candidate, one each, to tell the winner. */
static const struct {{ o.ops_struct }} {{ o.array }}[{{ o.count }}];
{%- endfor %}

/* Extern calls no assumption answers (the explorer refuses them). */
static int matrix_unassumed;
{% for s in stubs %}
{{ s.signature }}
{
{%- for k in s.keyed %}
	if ({{ k.cond }})
		return {{ k.result }};
{%- endfor %}
{%- match s.fallback %}{% when Some with (r) %}
	return {{ r }};
{%- when None %}
	matrix_unassumed++;
	return {{ s.zero }};
{%- endmatch %}
}
{% endfor %}
static struct dma_buf matrix_dmabuf;
static struct dma_buf_attachment matrix_attach;

/* The core's walk over @exp and @imp for a fresh attachment. */
static int matrix_negotiate(struct kunit *test,
			    const struct dma_buf_mapping_match *exp,
			    size_t exp_len,
			    struct dma_buf_mapping_match *imp, size_t imp_len)
{
	struct dma_buf_match_args args = {
		.dmabuf = &matrix_dmabuf,
		.attach = &matrix_attach,
		.imp_matches = imp,
		.imp_len = imp_len,
	};

	memset(&matrix_dmabuf, 0, sizeof(matrix_dmabuf));
	memset(&matrix_attach, 0, sizeof(matrix_attach));
	matrix_attach.dmabuf = &matrix_dmabuf;
	matrix_unassumed = 0;
{%- for s in stubs %}
{{ s.activate }}
{%- endfor %}
	return dma_buf_match_mapping(&args, exp, exp_len);
}
{% for c in cases %}
/* {{ c.title }}: {{ c.expect }} */
static void {{ c.name }}(struct kunit *test)
{
	const struct dma_buf_mapping_match exp[] = {
{%- for e in c.exp %}
{{ e }}
{%- endfor %}
	};
	struct dma_buf_mapping_match imp[] = {
{%- for i in c.imp %}
{{ i }}
{%- endfor %}
	};
	const struct dma_buf_mapping_match *got = &matrix_attach.map_type;
	int ret;

	ret = matrix_negotiate(test, exp, ARRAY_SIZE(exp), imp, ARRAY_SIZE(imp));
	KUNIT_EXPECT_EQ(test, ret, {{ c.ret }});
{%- if let Some(w) = c.winner %}
	KUNIT_EXPECT_PTR_EQ(test, got->type, &{{ w.symbol }});
	KUNIT_EXPECT_PTR_EQ(test, got->exp_ops, &{{ w.ops }}.ops);
{%- else %}
	KUNIT_EXPECT_NULL(test, got->type);
{%- endif %}
	KUNIT_EXPECT_EQ(test, matrix_unassumed, 0);
}
{% endfor %}
static struct kunit_case matrix_cases[] = {
{%- for c in cases %}
	KUNIT_CASE({{ c.name }}),
{%- endfor %}
	{}
};

static struct kunit_suite matrix_suite = {
	.name = "{{ suite }}",
	.test_cases = matrix_cases,
};
kunit_test_suite(matrix_suite);

MODULE_DESCRIPTION("{{ description }}");
MODULE_LICENSE("GPL");
