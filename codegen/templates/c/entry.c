{#- An exported entry point: the locking the definition asks for around the
    call_op path. -#}
{{ sig }}
{
{%- if let Some(d) = data_decl %}
{{ d }}
{% endif %}
{%- if held %}
	dma_resv_assert_held(attach->dmabuf->resv);
{%- endif %}
{%- for (broken, fail) in checks %}
	if ({{ broken }})
		{{ fail }}
{%- endfor %}
{%- if takes %}
{%- if let Some(d) = res_decl %}
	{{ d }};
{% endif %}
	dma_resv_lock(attach->dmabuf->resv, NULL);
{%- endif %}
{{ call }}
{%- if takes %}
	dma_resv_unlock(attach->dmabuf->resv);
{%- if res_decl.is_some() %}
	return res;
{%- endif %}
{%- endif %}
}
{{ export }}
