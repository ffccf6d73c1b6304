{#- One expectation: equal to a value, or NULL, true or false. #}
{%- if let Some(v) = e.value %}
{% filter wrap %}	{{ e.check }}(test, {{ e.lhs }}, {{ v }});{% endfilter %}
{%- else %}
	{{ e.check }}(test, {{ e.lhs }});
{%- endif %}
