{#- The exporter ops: the core's handle first, then one pointer per op. -#}
{{ doc }}
struct {{ name }} {
	struct dma_buf_mapping_exp_ops ops;
{%- for m in members %}
{{ m }}
{%- endfor %}
};

static_assert(offsetof(struct {{ name }}, ops) == 0);
