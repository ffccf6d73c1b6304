{#- One compiled rule at its depth: a `when` opens a block around its nested
    rules; a `require` returns its errno when the condition fails. -#}
{% if let Some(c) = comment %}{{ c }}{% endif %}{{ lead }}{{ head }}
{% if let Some(b) = nested %}{{ b }}{{ lead }}}
{% endif %}{% if let Some(e) = errno %}{{ lead }}	return -{{ e }};
{% endif %}
