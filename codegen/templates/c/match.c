{#- match(): the rules, compiled to early returns (bodies stay in Rust: they
    nest and wrap expressions at 80 columns). -#}
{{ doc }}
{{ sig }}
{
{% for l in locals %}{{ l }}
{% endfor %}{% if !locals.is_empty() %}
{% endif %}{{ rules }}	return 0;
}
