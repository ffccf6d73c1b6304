#if IS_ENABLED(CONFIG_KUNIT)
/* Visible to KUnit so tests can stub externs and check results. */
{% for p in protos -%}
{{ p }}
{% endfor -%}
#endif
