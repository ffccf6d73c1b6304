{#- Frame of every generated header: banner, guard, includes, forward
    declarations; a child template fills `body`, each block after a blank line. -#}
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
{% block body %}{% endblock %}
#endif /* {{ guard }} */
