{{ doc }}
enum {{ e.name }} {
{%- for v in e.values %}
{%- if v.explicit %}
	{{ v.name }} = {{ v.value }},
{%- else %}
	{{ v.name }},
{%- endif %}
{%- endfor %}
};
