{% extends "c/header.h" %}
{#- A type's header: its data and structs, the ops exporters fill, the
    singleton, constructors, accessors and entry points. #}
{% block body %}{% for b in private %}
{{ b }}
{% endfor %}{% for b in structs %}
{{ b }}
{% endfor %}{% for b in results %}
{{ b }}
{% endfor %}{% if let Some(o) = ops %}
{{ o }}
{% endif %}
/*
{{ type_summary|kdoc_summary(symbol) }}
 *
 * Its address identifies the type in candidates and attachments. (A plain
 * comment: kernel-doc describes functions and types, not variables.)
{%- for para in type_notes %}
 *
{{ para|kdoc_para }}
{%- endfor %}
 */
extern struct dma_buf_mapping_type {{ symbol }};
{% for b in ctors %}
{{ b }}
{% endfor %}{% if let Some(s) = single_exporter %}
{{ s }}
{% endif %}{% for b in accessors %}
{{ b }}
{% endfor %}{% if let Some(o) = ops_accessor %}
{{ o }}
{% endif %}{% for (doc, sig) in entries %}
{{ doc }}
{{ sig }}
{% endfor %}{% if !kunit.is_empty() %}
#if IS_ENABLED(CONFIG_KUNIT)
/* Visible to KUnit so tests can stub externs and check results. */
{% for p in kunit -%}
{{ p }}
{% endfor -%}
#endif
{% endif %}{% endblock %}
