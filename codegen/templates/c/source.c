{{ banner }}
{% for inc in includes -%}
#include {{ inc }}
{% endfor -%}
{% for b in blocks %}
{{ b }}
{% endfor -%}
