{% extends "c/source.c" %}
{% block body %}{% for b in blocks %}
{{ b }}
{% endfor -%}{% endblock %}
