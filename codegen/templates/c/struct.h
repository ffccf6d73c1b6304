{#- A plain struct: kernel-doc, then one declaration per member. -#}
{{ doc }}
struct {{ name }} {
{%- for f in fields %}
	{{ f }};
{%- endfor %}
};
