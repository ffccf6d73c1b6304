{#- Frame of every generated .c file: banner and includes; a child template
    fills `body`, each block after a blank line. -#}
{{ banner }}
{% for inc in includes -%}
#include {{ inc }}
{% endfor -%}
{% block body %}{% endblock %}
