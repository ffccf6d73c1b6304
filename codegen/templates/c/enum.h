{{ doc }}
enum {{ name }} {
{%- for v in values %}
	{{ v }},
{%- endfor %}
};
