{#- Calls an entry point on an attachment of this type and checks what it
    returned and whether the exporter's op ran. #}
	struct test_env *env = test_env_new(test);
{%- if let Some(d) = data_decl %}
	{{ d }};
{%- endif %}
{%- if let Some(r) = res_decl %}
	{{ r }};
{%- endif %}

	/* {{ why|c_comment }} */
	env->attach->map_type.type = &{{ symbol }};
	env->attach->map_type.exp_ops = &test_ops[0].ops;
{%- for s in setup %}
{% filter wrap %}	{{ s }}{% endfilter %}
{%- endfor %}
{%- if locked %}
	dma_resv_lock(env->dmabuf->resv, NULL);
{%- endif %}
{% filter wrap %}	{{ call }}{% endfilter %}
{%- if locked %}
	dma_resv_unlock(env->dmabuf->resv);
{%- endif %}
{%- for e in expects %}
{% filter wrap %}	{{ e }}{% endfilter %}
{%- endfor %}
