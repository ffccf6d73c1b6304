{#- A parameter holding an enum restricted to some values is checked here,
    where the driver's mistake is. -#}
{{ doc }}
{{ sig }}
{
{%- for w in warns %}
	WARN_ON_ONCE({{ w }});
{%- endfor %}
{%- if let Some(decl) = private %}
	struct dma_buf_mapping_match m = {
		.type = &{{ symbol }},
{%- if let Some(o) = ops %}
		.exp_ops = &{{ o }}->ops,
{%- endif %}
	};
{%- if !fields.is_empty() %}
{{ decl }}
{% for (f, v) in fields %}
	data->{{ f }} = {{ v }};
{%- endfor %}
{%- endif %}
	return m;
{%- else %}
	return (struct dma_buf_mapping_match){
		.type = &{{ symbol }},
{%- if let Some(o) = ops %}
		.exp_ops = &{{ o }}->ops,
{%- endif %}
{%- if let Some(m) = member %}
		.{{ m }} = {
{%- for (f, v) in fields %}
			.{{ f }} = {{ v }},
{%- endfor %}
		},
{%- endif %}
	};
{%- endif %}
}
