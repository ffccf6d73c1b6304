{#- Macro parameters get a leading underscore so they never collide with the
    member designators they sit next to. -#}
{{ doc }}
{% filter backslashes -%}
#define {{ name }}({{ params }})
	((struct dma_buf_mapping_match){
		.type = &{{ symbol }},
{%- if let Some(o) = ops %}
		.exp_ops = &(_{{ o }})->ops,
{%- endif %}
{%- if let Some(m) = member %}
		.{{ m }} = {
{%- for (f, v) in fields %}
			.{{ f }} = {{ v }},
{%- endfor %}
		},
{%- endif %}
	})
{%- endfilter %}
