{#- The candidates of a matching case and their match data pointers. #}
{%- for c in setup.candidates %}
	struct dma_buf_mapping_match {{ c.name }} = {
		.type = &{{ setup.symbol }},
{%- if let Some(i) = c.ops %}
		.exp_ops = &test_ops[{{ i }}].ops,
{%- endif %}
	};
{%- endfor %}
{%- if let Some(d) = setup.data %}
{%- for c in setup.candidates %}
	struct {{ d }} *{{ c.name }}_data;
{%- endfor %}
{%- endif %}
