{% extends "c/header.h" %}
{#- What exporters and importers include: the core API and the candidate-list helpers. #}
{% block body %}
{% if !kernel_helpers.is_empty() -%}
/* The kernel's own helpers, defined in drivers/dma-buf/dma-buf-mapping.c. */
{% for p in kernel_helpers -%}
{{ p }}
{% endfor %}
{% endif -%}
/**
 * dma_buf_match_mapping - pick the first compatible exporter candidate
 * @args: the attach in progress
 * @exp: the exporter's candidates, best first
 * @exp_len: number of entries in @exp
 *
 * Exporter order decides; importer order only matters among importer candidates
 * of the same type. Called from &dma_buf_ops.match_mapping.
 *
 * Return: 0 when a match was stored in @args->attach, -EINVAL when there is no
 * common type, or the errno a type's match returned to abort.
 */
int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp,
			  size_t exp_len);

/**
 * dma_buf_mapping_check_warn - report a driver bug a mapping-type check found
 * @bug: whether the check failed
 * @check: what must hold, as the report names it
 * @fmt: what was wrong, printf-style
 *
 * A rate-limited WARN() for the checks of the negotiation core, its hooks
 * and the helpers of this header; stubbable by KUnit, whose suites check that
 * each case breaks the one check it means to, without a splat.
 *
 * Return: @bug.
 */
__printf(3, 4) bool
dma_buf_mapping_check_warn(bool bug, const char *check, const char *fmt, ...);

/**
 * dma_buf_mapping_negotiate - run the exporter's side of an attach
 * @attach: the new attachment, with @dmabuf set
 * @imp: the importer's candidates
 * @imp_len: number of entries in @imp
 *
 * Calls &dma_buf_ops.match_mapping, or matches against
 * &dma_buf_ops.single_exporter_match. For the dma-buf core's attach path.
 *
 * Return: 0 with &dma_buf_attachment.map_type set, or a negative errno.
 */
int dma_buf_mapping_negotiate(struct dma_buf_attachment *attach,
			      const struct dma_buf_mapping_match *imp,
			      size_t imp_len);

/**
 * dma_buf_mapping_debugfs_show - print an attachment's mapping type for debugfs
 * @s: the debugfs file
 * @attach: the attachment
 */
void dma_buf_mapping_debugfs_show(struct seq_file *s,
				  struct dma_buf_attachment *attach);

/**
 * dma_buf_mapping_attach - attach with a list of acceptable mapping types
 * @dmabuf: the buffer
 * @importer_matches: the importer's candidates, best first; only read (not
 *   const, as in the RFC)
 * @match_len: number of entries in @importer_matches
 * @importer_ops: optional importer callbacks
 * @importer_priv: passed back to @importer_ops
 *
 * Provided by the dma-buf core.
 *
 * Return: the attachment, with &dma_buf_attachment.map_type negotiated, or an
 * ERR_PTR().
 */
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf,
		       struct dma_buf_mapping_match *importer_matches,
		       size_t match_len,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);

/**
 * dma_buf_sgt_attach - attach a device that takes a scatter-gather table
 * @dmabuf: the buffer
 * @dev: the importing DMA device
 *
 * Provided by the dma-buf core; the SGT-only form of dma_buf_mapping_attach().
 *
 * Return: the attachment, or an ERR_PTR().
 */
struct dma_buf_attachment *dma_buf_sgt_attach(struct dma_buf *dmabuf,
					      struct device *dev);

/**
 * dma_buf_sgt_dynamic_attach - attach a dynamic importer that takes a
 *   scatter-gather table
 * @dmabuf: the buffer
 * @dev: the importing DMA device
 * @importer_ops: importer callbacks; peer-to-peer is accepted when they allow
 *   it
 * @importer_priv: passed back to @importer_ops
 *
 * Provided by the dma-buf core.
 *
 * Return: the attachment, or an ERR_PTR().
 */
struct dma_buf_attachment *
dma_buf_sgt_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
			   const struct dma_buf_attach_ops *importer_ops,
			   void *importer_priv);

/**
 * struct dma_buf_mapping_list - candidates added one at a time
 * @entries: storage, from DEFINE_DMA_BUF_MAPPING_LIST()
 * @len: candidates added so far; the only count ever passed on
 * @max: capacity of @entries
 *
 * For exporters whose candidates depend on run-time conditions. The count is
 * kept by dma_buf_mapping_list_add(), so it cannot disagree with the entries
 * that were filled in.
 */
struct dma_buf_mapping_list {
	struct dma_buf_mapping_match *entries;
	size_t len;
	size_t max;
};

/**
 * DEFINE_DMA_BUF_MAPPING_LIST - define an empty candidate list on the stack
 * @name: the list variable
 * @n: capacity
 */
#define DEFINE_DMA_BUF_MAPPING_LIST(name, n)			\
	struct dma_buf_mapping_match __##name##_entries[n];	\
	struct dma_buf_mapping_list name = {			\
		.entries = __##name##_entries,			\
		.max = ARRAY_SIZE(__##name##_entries),		\
	}

/**
 * dma_buf_mapping_list_add - append a candidate
 * @list: the list
 * @match: the candidate, from a DMA_BUF_EMAPPING_*() constructor
 *
 * Warns and drops the candidate when the list is full.
 */
static inline void
dma_buf_mapping_list_add(struct dma_buf_mapping_list *list,
			 struct dma_buf_mapping_match match)
{
	if (dma_buf_mapping_check_warn(list->len >= list->max,
				       "a candidate list has room",
				       "%s: %zu candidates are the most",
				       __func__, list->max))
		return;
	list->entries[list->len++] = match;
}

/**
 * dma_buf_match_mapping_list - dma_buf_match_mapping() over a candidate list
 * @args: the attach in progress
 * @list: the exporter's candidates
 *
 * Return: as dma_buf_match_mapping().
 */
static inline int
dma_buf_match_mapping_list(struct dma_buf_match_args *args,
			   const struct dma_buf_mapping_list *list)
{
	return dma_buf_match_mapping(args, list->entries, list->len);
}

/**
 * DMA_BUF_MATCH_MAPPINGS - dma_buf_match_mapping() over a fixed list of
 *   candidates
 * @args: the attach in progress
 * @...: the exporter's candidates, best first
 *
 * The count is taken from the same initializer, so it cannot disagree with it.
 *
 * Return: as dma_buf_match_mapping().
 */
#define DMA_BUF_MATCH_MAPPINGS(args, ...)				\
	({								\
		const struct dma_buf_mapping_match __m[] = {		\
			__VA_ARGS__					\
		};							\
		dma_buf_match_mapping(args, __m, ARRAY_SIZE(__m));	\
	})

/* The core mapping types. */
{%- for inc in type_headers %}
#include {{ inc }}
{%- endfor %}
{% endblock %}
