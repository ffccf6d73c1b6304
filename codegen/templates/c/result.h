{#- A result struct and its bounded iterator, so consumers never index past
    the count. -#}
{{ doc }}
struct {{ r.name }} {
	{{ count_decl }};
	{{ array_decl }}[] __counted_by({{ r.count.name }});
};

{{ iter_doc }}
{% filter backslashes -%}
#define {{ r.name }}_for_each(res, entry)
	for ((entry) = (res)->{{ r.array.name }};
	     (entry) < (res)->{{ r.array.name }} + (res)->{{ r.count.name }}; (entry)++)
{%- endfilter %}
