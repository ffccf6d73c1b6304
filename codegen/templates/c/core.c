{% extends "c/source.c" %}
{#- The negotiation core, for kernels whose dma-buf lacks it. #}
{% block body %}
/* The size the generated driver-api docs give for a candidate. */
#ifdef CONFIG_64BIT
static_assert(sizeof(struct dma_buf_mapping_match) == {{ match_size }});
#endif

{{ check_warn }}

int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp,
			  size_t exp_len)
{
	size_t e, i;

	for (e = 0; e < exp_len; e++) {
		const struct dma_buf_mapping_type *type = exp[e].type;

		/* An unset candidate is a driver bug, never a wildcard. */
		if (dma_buf_mapping_check_warn(!type, "every candidate has a type",
					       "%s: exporter candidate %zu has none",
					       __func__, e))
			return -EINVAL;
		for (i = 0; i < args->imp_len; i++) {
			const struct dma_buf_mapping_match *imp;
			int ret;

			imp = &args->imp_matches[i];
			if (imp->type != type)
				continue;
			if (type->match) {
				ret = type->match(args->dmabuf, &exp[e], imp);
				if (ret == -EOPNOTSUPP)
					continue;
				/* Positive values would pass for pointers. */
				if (dma_buf_mapping_check_warn(ret > 0,
							       "match returns 0 or a negative errno",
							       "%s: %s's match returned %d",
							       __func__, type->name, ret))
					return -EINVAL;
				if (ret)
					return ret;
			}
			type->finish_match(args, &exp[e], imp);
			return 0;
		}
	}
	return -EINVAL;
}
{{ export_match }}

int dma_buf_mapping_negotiate(struct dma_buf_attachment *attach,
			      const struct dma_buf_mapping_match *imp,
			      size_t imp_len)
{
	const struct dma_buf_ops *ops = attach->dmabuf->ops;
	struct dma_buf_match_args args = {
		.dmabuf = attach->dmabuf,
		.attach = attach,
		.imp_matches = imp,
		.imp_len = imp_len,
	};

	if (ops->match_mapping)
		return ops->match_mapping(&args);
	if (ops->single_exporter_match)
		return dma_buf_match_mapping(&args,
					     ops->single_exporter_match, 1);
	return -EINVAL;
}

void dma_buf_mapping_debugfs_show(struct seq_file *s,
				  struct dma_buf_attachment *attach)
{
	const struct dma_buf_mapping_type *type = attach->map_type.type;

	if (!type) {
		seq_puts(s, "none");
		return;
	}
	seq_puts(s, type->name);
	if (type->debugfs_dump)
		type->debugfs_dump(s, attach);
}
{% endblock %}
