{#- The validator: list-wide checks, then per-entry checks in one pass, then
    checks of the totals. -#}
{% if let Some(o) = overlap -%}
{{ o }}

{% endif -%}
{{ doc }}
{{ sig }}
{
{%- if !each.is_empty() %}
	size_t i;
{%- endif %}
{%- if needs_total %}
	u64 total = 0;
{%- endif %}
{%- if needs_overlap %}
	int err;
{%- endif %}

{% for c in pre %}{{ c }}
{% endfor %}{% if !each.is_empty() %}	for (i = 0; i < {{ v.count }}; i++) {
		const {{ elem }} *e = &{{ v.entries }}[i];
{%- if let Some(d) = end_decl %}
		{{ d }};
{%- endif %}

{% for c in each %}{{ c }}
{% endfor %}	}
{% endif %}{% for c in post %}{{ c }}
{% endfor %}	return 0;
}
EXPORT_SYMBOL_IF_KUNIT({{ name }});
