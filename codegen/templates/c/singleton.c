struct dma_buf_mapping_type {{ t.symbol }} = {
	.name = "{{ title }}",
{%- if let Some(f) = match_fn %}
	.match = {{ f }},
{%- endif %}
	.finish_match = {{ finish_fn }},
{%- if let Some(f) = debugfs_fn %}
	.debugfs_dump = {{ f }},
{%- endif %}
};
{{ export }}
