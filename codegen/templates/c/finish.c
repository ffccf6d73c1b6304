{{ doc }}
{{ sig }}
{
	struct dma_buf_attachment *attach = args->attach;
{%- for l in locals %}
{{ l }}
{%- endfor %}
{%- if let Some(d) = stored %}
	struct {{ d }} *data;
{%- endif %}

	/* Only what on_match keeps survives: candidates may live on a stack. */
	attach->map_type = (struct dma_buf_mapping_match){
		.type = &{{ symbol }},
		.exp_ops = exp->exp_ops,
	};
{%- if stored.is_some() %}
	data = {{ data_ref }};
{%- for (field, src) in keep %}
	data->{{ field }} = {{ src }}->{{ field }};
{%- endfor %}
{%- endif %}
{%- for l in legacy %}
{{ l }}
{%- endfor %}
}
