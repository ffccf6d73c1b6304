{% extends "c/source.c" %}
{#- A type's glue, in the order a reader meets it: stubbable externs, the
    match hooks, the singleton, validators, the op paths, the entry points. #}
{% block body %}{% for w in wrappers %}
{{ w }}
{% endfor %}{% if let Some(m) = match_body %}
{{ m }}
{% endif %}
{{ finish }}
{% if let Some(d) = debugfs %}
{{ d }}
{% endif %}
struct dma_buf_mapping_type {{ symbol }} = {
	.name = "{{ title }}",
{%- if let Some(f) = match_fn %}
	.match = {{ f }},
{%- endif %}
	.finish_match = {{ finish_fn }},
{%- if let Some(f) = debugfs_fn %}
	.debugfs_dump = {{ f }},
{%- endif %}
};
{{ export }}
{% for v in validators %}
{{ v }}
{% endfor %}{% for c in call_ops %}
{{ c }}
{% endfor %}{% for e in entries %}
{{ e }}
{% endfor %}{% endblock %}
