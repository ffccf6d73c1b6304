{#- The one path to an exporter op: type check, optional-op check, and the
    result validated before the caller sees it. -#}
{{ doc }}
{{ sig }}
{
	const struct {{ ops }} *ops;
{%- if let Some(d) = res_decl %}
	{{ d }};
	int err;
{%- endif %}
{%- if errno %}
	int err;
{%- endif %}

{{ type_check }}
		{{ fail_einval }}
	ops = container_of(attach->map_type.exp_ops,
			   const struct {{ ops }}, ops);
{%- if !op.required %}
	if (!ops->{{ op.name }})
		{{ fail_eopnotsupp }}
{%- endif %}
{{ call }}
{%- if errno %}
	/* 0 or a negative errno; anything else is an exporter bug. */
{{ errno_check }}
		return -EINVAL;
	return err;
{%- endif %}
{%- if let Some(v) = validate_call %}
	if (IS_ERR(res))
		return res;
{{ null_check }}
		return ERR_PTR(-EINVAL);
{{ v }}
{%- if let Some(u) = undo %}
	if (err) {
{{ u }}
		return ERR_PTR(err);
	}
{%- else %}
	if (err)
		return ERR_PTR(err);
{%- endif %}
	return res;
{%- endif %}
}
