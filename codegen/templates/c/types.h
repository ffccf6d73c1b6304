{% extends "c/header.h" %}
{#- The match union of every core type and what the negotiation core passes around. #}
{% block body %}{% for b in type_blocks %}
{{ b }}
{% endfor %}
/**
 * struct dma_buf_mapping_type - one way of describing a buffer's addresses
 * @name: human readable, shown in debugfs
 * @match: optional: 0 if the candidates are compatible, -EOPNOTSUPP to try the
 *   next, another errno to abort the attach; NULL means candidates of this type
 *   always match
 * @finish_match: store the negotiated result in &dma_buf_attachment.map_type
 * @debugfs_dump: optional: describe an attachment of this type
 *
 * One singleton exists per mapping type; its address is the type's identity.
 */
struct dma_buf_mapping_type {
	const char *name;
	int (*match)(struct dma_buf *dmabuf,
		     const struct dma_buf_mapping_match *exp,
		     const struct dma_buf_mapping_match *imp);
	void (*finish_match)(struct dma_buf_match_args *args,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp);
	void (*debugfs_dump)(struct seq_file *s,
			     struct dma_buf_attachment *attach);
};

/**
 * struct dma_buf_mapping_exp_ops - the core's handle on a type's exporter ops
 *
 * Each type's exporter ops struct embeds this first as its member @ops; the
 * type gets its own struct back with container_of().
 */
struct dma_buf_mapping_exp_ops {
};

/* Bytes a driver-private mapping type may keep in a candidate. */
#define DMA_BUF_MAPPING_PRIVATE_SIZE {{ private_slot_bytes }}

/**
 * struct dma_buf_mapping_match - one importer or exporter candidate, or the
 *   negotiated result
 * @type: the mapping type
 * @exp_ops: the exporter's ops (exporter candidates and the negotiated result)
{%- for m in members %}
{{ "match data of &{}"|format(m.symbol)|kdoc_member(m.member) }}
{%- endfor %}
 * @private_data: reserved for driver-private mapping types, which view it
 *   through their own struct
 */
struct dma_buf_mapping_match {
	const struct dma_buf_mapping_type *type;
	const struct dma_buf_mapping_exp_ops *exp_ops;
	union {
{%- for m in members %}
		struct {{ m.struct_name }} {{ m.member }};
{%- endfor %}
		u64 private_data[DMA_BUF_MAPPING_PRIVATE_SIZE / sizeof(u64)];
	};
};

/**
 * struct dma_buf_match_args - an attach in progress, as the exporter's
 *   match_mapping sees it
 * @dmabuf: the buffer
 * @attach: the attachment being set up
 * @imp_matches: the importer's candidates, in its order
 * @imp_len: number of entries in @imp_matches
 */
struct dma_buf_match_args {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	const struct dma_buf_mapping_match *imp_matches;
	size_t imp_len;
};
{% endblock %}
