// SPDX-License-Identifier: GPL-2.0
/*
 * API parity: this file is written only against the RFC API as DOMAIN.md
 * states it (names, signatures, struct members), never against the details
 * of our generated headers. It includes what an RFC driver includes and must
 * compile with -Werror; every mismatch is a compile error that names the
 * API element. Where DOMAIN.md gives a name without a full signature, the
 * RFC's is used and the comment says so.
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>

/* Same type, ignoring top-level qualifiers only. */
#define SAME_TYPE(expr, type) __builtin_types_compatible_p(typeof(expr), type)

#define ASSERT_FN(fn, type)						\
	_Static_assert(SAME_TYPE(&fn, type),				\
		       "RFC API: " #fn " must have type " #type)

#define MEMBER(T, m) (((T *)0)->m)

#define ASSERT_MEMBER(T, m, type)					\
	_Static_assert(SAME_TYPE(MEMBER(T, m), type),			\
		       "RFC API: " #T "." #m " must have type " #type)

/* Macros, so they work in static initializers. */
#ifndef DMA_BUF_EMAPPING_SGT
#error "RFC API: DMA_BUF_EMAPPING_SGT(exp_ops) must be a macro"
#endif
#ifndef DMA_BUF_SIMPLE_SGT_EXP_MATCH
#error "RFC API: DMA_BUF_SIMPLE_SGT_EXP_MATCH(map, unmap) must be a macro"
#endif

/* struct dma_buf_mapping_type */
ASSERT_MEMBER(struct dma_buf_mapping_type, name, const char *);
ASSERT_MEMBER(struct dma_buf_mapping_type, match,
	      int (*)(struct dma_buf *dmabuf,
		      const struct dma_buf_mapping_match *exp,
		      const struct dma_buf_mapping_match *imp));
ASSERT_MEMBER(struct dma_buf_mapping_type, finish_match,
	      void (*)(struct dma_buf_match_args *args,
		       const struct dma_buf_mapping_match *exp,
		       const struct dma_buf_mapping_match *imp));
ASSERT_MEMBER(struct dma_buf_mapping_type, debugfs_dump,
	      void (*)(struct seq_file *s, struct dma_buf_attachment *attach));

/* struct dma_buf_mapping_match, with the SGT member of its anonymous union */
ASSERT_MEMBER(struct dma_buf_mapping_match, type, const struct dma_buf_mapping_type *);
ASSERT_MEMBER(struct dma_buf_mapping_match, exp_ops, const struct dma_buf_mapping_exp_ops *);
ASSERT_MEMBER(struct dma_buf_mapping_match, sgt_data.importing_dma_device, struct device *);
ASSERT_MEMBER(struct dma_buf_mapping_match, sgt_data.exporting_p2p_device, struct pci_dev *);
ASSERT_MEMBER(struct dma_buf_mapping_match, sgt_data.importer_accepts_p2p, u8);
ASSERT_MEMBER(struct dma_buf_mapping_match, sgt_data.exporter_requires_p2p, u8);

/* struct dma_buf_mapping_exp_ops is an empty tag (a GNU C empty struct). */
_Static_assert(sizeof(struct dma_buf_mapping_exp_ops) == 0,
	       "RFC API: struct dma_buf_mapping_exp_ops is an empty tag struct");

/* struct dma_buf_match_args */
ASSERT_MEMBER(struct dma_buf_match_args, dmabuf, struct dma_buf *);
ASSERT_MEMBER(struct dma_buf_match_args, attach, struct dma_buf_attachment *);
ASSERT_MEMBER(struct dma_buf_match_args, imp_matches, const struct dma_buf_mapping_match *);
ASSERT_MEMBER(struct dma_buf_match_args, imp_len, size_t);

/*
 * What the RFC adds to struct dma_buf_attachment and struct dma_buf_ops. In
 * the hosted run these come from the stand-in <linux/dma-buf.h>, so they
 * check that the stand-in models the patched kernel, not our output.
 */
ASSERT_MEMBER(struct dma_buf_attachment, map_type, struct dma_buf_mapping_match);
ASSERT_MEMBER(struct dma_buf_ops, match_mapping, int (*)(struct dma_buf_match_args *args));
ASSERT_MEMBER(struct dma_buf_ops, single_exporter_match, const struct dma_buf_mapping_match *);

/* Negotiation */
ASSERT_FN(dma_buf_match_mapping,
	  int (*)(struct dma_buf_match_args *args,
		  const struct dma_buf_mapping_match *exp, size_t exp_len));
/* The RFC (patch 03) declares importer_matches as non-const; so do we. */
_Static_assert(SAME_TYPE(&dma_buf_mapping_attach,
			 struct dma_buf_attachment *(*)(struct dma_buf *dmabuf,
							struct dma_buf_mapping_match *importer_matches,
							size_t match_len,
							const struct dma_buf_attach_ops *importer_ops,
							void *importer_priv)),
	       "RFC API: dma_buf_mapping_attach(dmabuf, importer_matches, match_len, importer_ops, importer_priv)");

/* The SGT type */
_Static_assert(SAME_TYPE(&dma_buf_mapping_sgt_type, struct dma_buf_mapping_type *),
	       "RFC API: extern struct dma_buf_mapping_type dma_buf_mapping_sgt_type");
_Static_assert(DMA_SGT_NO_P2P == 0 && DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE == 1 &&
	       DMA_SGT_IMPORTER_ACCEPTS_P2P == 2,
	       "RFC API: enum dma_sgt_requires_p2p values are 0, 1, 2");
_Static_assert(SAME_TYPE((enum dma_sgt_requires_p2p)0, enum dma_sgt_requires_p2p),
	       "RFC API: enum dma_sgt_requires_p2p");

_Static_assert(offsetof(struct dma_buf_mapping_sgt_exp_ops, ops) == 0,
	       "RFC API: struct dma_buf_mapping_sgt_exp_ops embeds ops first");
ASSERT_MEMBER(struct dma_buf_mapping_sgt_exp_ops, ops, struct dma_buf_mapping_exp_ops);
ASSERT_MEMBER(struct dma_buf_mapping_sgt_exp_ops, map_dma_buf,
	      struct sg_table *(*)(struct dma_buf_attachment *, enum dma_data_direction));
ASSERT_MEMBER(struct dma_buf_mapping_sgt_exp_ops, unmap_dma_buf,
	      void (*)(struct dma_buf_attachment *, struct sg_table *, enum dma_data_direction));

ASSERT_FN(DMA_BUF_IMAPPING_SGT,
	  struct dma_buf_mapping_match (*)(struct device *importing_dma_device,
					   enum dma_sgt_requires_p2p importer_accepts_p2p));
ASSERT_FN(DMA_BUF_EMAPPING_SGT_P2P,
	  struct dma_buf_mapping_match (*)(const struct dma_buf_mapping_sgt_exp_ops *exp_ops,
					   struct pci_dev *p2p_device));
ASSERT_FN(dma_buf_sgt_dma_device, struct device *(*)(struct dma_buf_attachment *attach));
ASSERT_FN(dma_buf_sgt_p2p_allowed, bool (*)(struct dma_buf_attachment *attach));
ASSERT_FN(dma_buf_get_sgt_ops,
	  const struct dma_buf_mapping_sgt_exp_ops *(*)(struct dma_buf_attachment *attach));
/* Renamed from 6.12's dma_buf_(un)map_attachment(_unlocked), same signatures. */
ASSERT_FN(dma_buf_sgt_map_attachment,
	  struct sg_table *(*)(struct dma_buf_attachment *, enum dma_data_direction));
ASSERT_FN(dma_buf_sgt_map_attachment_unlocked,
	  struct sg_table *(*)(struct dma_buf_attachment *, enum dma_data_direction));
ASSERT_FN(dma_buf_sgt_unmap_attachment,
	  void (*)(struct dma_buf_attachment *, struct sg_table *, enum dma_data_direction));
ASSERT_FN(dma_buf_sgt_unmap_attachment_unlocked,
	  void (*)(struct dma_buf_attachment *, struct sg_table *, enum dma_data_direction));

/* The PAL type */
_Static_assert(SAME_TYPE(&dma_buf_mapping_pal_type, struct dma_buf_mapping_type *),
	       "RFC API: extern struct dma_buf_mapping_type dma_buf_mapping_pal_type");
ASSERT_MEMBER(struct dma_buf_phys_vec, paddr, phys_addr_t);
ASSERT_MEMBER(struct dma_buf_phys_vec, len, size_t);
ASSERT_MEMBER(struct dma_buf_phys_list, length, size_t);
ASSERT_MEMBER(struct dma_buf_phys_list, phys, struct dma_buf_phys_vec[]);

_Static_assert(offsetof(struct dma_buf_mapping_pal_exp_ops, ops) == 0,
	       "RFC API: struct dma_buf_mapping_pal_exp_ops embeds ops first");
ASSERT_MEMBER(struct dma_buf_mapping_pal_exp_ops, ops, struct dma_buf_mapping_exp_ops);
ASSERT_MEMBER(struct dma_buf_mapping_pal_exp_ops, map_phys,
	      struct dma_buf_phys_list *(*)(struct dma_buf_attachment *));
ASSERT_MEMBER(struct dma_buf_mapping_pal_exp_ops, unmap_phys,
	      void (*)(struct dma_buf_attachment *, struct dma_buf_phys_list *));

ASSERT_FN(DMA_BUF_IMAPPING_PAL, struct dma_buf_mapping_match (*)(void));
ASSERT_FN(DMA_BUF_EMAPPING_PAL,
	  struct dma_buf_mapping_match (*)(const struct dma_buf_mapping_pal_exp_ops *));
ASSERT_FN(dma_buf_pal_map_phys, struct dma_buf_phys_list *(*)(struct dma_buf_attachment *attach));
ASSERT_FN(dma_buf_pal_unmap_phys,
	  void (*)(struct dma_buf_attachment *attach, struct dma_buf_phys_list *phys));

/*
 * An exporter and an importer written the way the RFC cover letter writes
 * them (with DOMAIN.md's one-argument DMA_BUF_EMAPPING_SGT).
 */

static struct sg_table *rfc_map(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	(void)attach;
	(void)dir;
	return ERR_PTR(-ENOMEM);
}

static void rfc_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	(void)attach;
	(void)sgt;
	(void)dir;
}

/* Most exporters: one SGT candidate straight in the ops. */
const struct dma_buf_ops rfc_simple_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(rfc_map, rfc_unmap)
};

static const struct dma_buf_mapping_sgt_exp_ops rfc_sgt_ops = {
	.map_dma_buf = rfc_map,
	.unmap_dma_buf = rfc_unmap,
};

/* A static candidate, as the RFC builds its compatibility match. */
const struct dma_buf_mapping_match rfc_static_match = DMA_BUF_EMAPPING_SGT(&rfc_sgt_ops);

static struct dma_buf_phys_list *rfc_map_phys(struct dma_buf_attachment *attach)
{
	(void)attach;
	return ERR_PTR(-EOPNOTSUPP);
}

static void rfc_unmap_phys(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *phys)
{
	(void)attach;
	(void)phys;
}

static const struct dma_buf_mapping_pal_exp_ops rfc_pal_ops = {
	.map_phys = rfc_map_phys,
	.unmap_phys = rfc_unmap_phys,
};

struct rfc_exporter {
	struct pci_dev *pdev;
};

static int exporter_match_mapping(struct dma_buf_match_args *args)
{
	struct rfc_exporter *priv = args->dmabuf->priv;
	struct dma_buf_mapping_match exp_match[] = {
		DMA_BUF_EMAPPING_PAL(&rfc_pal_ops),
		DMA_BUF_EMAPPING_SGT_P2P(&rfc_sgt_ops, priv->pdev),
		DMA_BUF_EMAPPING_SGT(&rfc_sgt_ops),
	};

	return dma_buf_match_mapping(args, exp_match, ARRAY_SIZE(exp_match));
}

const struct dma_buf_ops rfc_exporter_ops = {
	.match_mapping = exporter_match_mapping,
};

int rfc_importer(struct dma_buf *dmabuf, struct device *dev);

int rfc_importer(struct dma_buf *dmabuf, struct device *dev)
{
	struct dma_buf_mapping_match imp_match[] = {
		DMA_BUF_IMAPPING_PAL(),
		DMA_BUF_IMAPPING_SGT(dev, false),
		DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_IMPORTER_ACCEPTS_P2P),
	};
	struct dma_buf_attachment *attach;

	attach = dma_buf_mapping_attach(dmabuf, imp_match, ARRAY_SIZE(imp_match),
					NULL, NULL);
	if (IS_ERR(attach))
		return PTR_ERR(attach);

	if (dma_buf_get_sgt_ops(attach)) {
		struct sg_table *sgt;

		if (dma_buf_sgt_dma_device(attach) != dev)
			return -EINVAL;
		if (dma_buf_sgt_p2p_allowed(attach) && !attach->peer2peer)
			return -EINVAL;
		sgt = dma_buf_sgt_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
		if (IS_ERR(sgt))
			return PTR_ERR(sgt);
		dma_buf_sgt_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);
	} else if (attach->map_type.type == &dma_buf_mapping_pal_type) {
		struct dma_buf_phys_list *phys = dma_buf_pal_map_phys(attach);
		size_t i, total = 0;

		if (IS_ERR(phys))
			return PTR_ERR(phys);
		for (i = 0; i < phys->length; i++)
			total += phys->phys[i].len;
		dma_buf_pal_unmap_phys(attach, phys);
		if (total != dmabuf->size)
			return -EINVAL;
	}
	return 0;
}
