{%- if let Some(why) = breaks %}
	/* Breaks: {{ why|c_comment }}. */
{%- endif %}
{%- if entries.is_empty() %}
{% filter wrap %}	test_{{ result }}_result(test, NULL, 0, {{ err }}, {{ check }});{% endfilter %}
{%- else %}
	static const {{ elem }} entries[] = {
{%- for e in entries %}
		{ .{{ addr_field }} = {{ e.addr }}, .{{ len_field }} = {{ e.len }} },
{%- endfor %}
	};

{% filter wrap %}	test_{{ result }}_result(test, entries, ARRAY_SIZE(entries), {{ err }}, {{ check }});{% endfilter %}
{%- endif %}
