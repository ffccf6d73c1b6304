{{ doc }}
{% filter backslashes -%}
#define {{ s.name }}({{ params }})
	.single_exporter_match = &{{ s.exporter }}(
		&((const struct {{ ops }}){
{%- for op in s.ops %}
			.{{ op }} = (_{{ op }}),
{%- endfor %}
		}))
{%- endfilter %}
