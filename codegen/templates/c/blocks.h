{% extends "c/header.h" %}
{% block body %}{% for b in blocks %}
{{ b }}
{% endfor %}{% endblock %}
