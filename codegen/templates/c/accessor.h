{{ doc }}
{{ sig }}
{
	const struct {{ data_ty }} *data;

	if (attach->map_type.type != &{{ symbol }})
		return {{ zero }};
	data = {{ data_ref }};
	return {{ value }};
}
