/**
{{ summary|kdoc_summary(what) }}
{%- for (name, desc) in members %}
{{ desc|kdoc_member(name) }}
{%- endfor %}
{%- for para in body %}
 *
{{ para|kdoc_para }}
{%- endfor %}
{%- if let Some(r) = ret %}
 *
{{ r|kdoc_return }}
{%- endif %}
 */
