{{ banner }}
#ifndef {{ guard }}
#define {{ guard }}

{% for inc in includes -%}
#include <{{ inc }}>
{% endfor -%}
{% if !forwards.is_empty() %}
{% for s in forwards -%}
struct {{ s }};
{% endfor -%}
{% endif -%}
{% for b in blocks %}
{{ b }}
{% endfor %}
#endif /* {{ guard }} */
