{#- One invariant check; the overlap check first runs its sorted helper. -#}
{% if overlap -%}
{{ lead }}err = {{ res }}_check_overlap({{ args }});
{{ lead }}if (err == -ENOMEM)
{{ lead }}	return err;
{% endif -%}
{{ cond }}
{{ lead }}	return -{{ errno }};
