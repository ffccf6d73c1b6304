{{ doc }}
{{ sig }}
{
	if (attach->map_type.type != &{{ symbol }})
		return NULL;
	return container_of(attach->map_type.exp_ops,
			    const struct {{ ops }}, ops);
}
