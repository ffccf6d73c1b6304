{#- Each candidate's match data, then what each stubbed extern returns. #}
{%- if setup.data.is_some() %}
{%- for c in setup.candidates %}
{% filter wrap_init %}	{{ c.name }}_data = {{ c.view }};{% endfilter %}
{%- for (field, value) in c.fields %}
	{{ c.name }}_data->{{ field }} = {{ value }};
{%- endfor %}
{%- endfor %}
{%- endif %}
{%- for s in setup.stubs %}
	test_{{ s.name }}_ret = {{ s.value }};
{% filter wrap %}	kunit_activate_static_stub(test, {{ s.wrapper }}, test_{{ s.name }});{% endfilter %}
{%- endfor %}
