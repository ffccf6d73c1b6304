// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiation scenarios against the generated C, run as a userspace program
 * over the hosted stand-in (see standin.c). Drivers here use only the
 * generated API, the way an RFC driver would; expectations come from
 * DOMAIN.md, not from the generated code. One line per check, then
 * "hosted: N passed, M failed"; the exit status is non-zero on any failure.
 */
#include <hosted.h>
#include <kunit/static_stub.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "dma-buf-mapping-xe-iov.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Checks. */

static unsigned int passed, failed;

static void __printf(4, 5) check(bool ok, int line, const char *expr,
				 const char *fmt, ...)
{
	va_list ap;

	printf(ok ? "ok   " : "FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (ok)
		passed++;
	else {
		printf("  [negotiate.c:%d: %s]", line, expr);
		failed++;
	}
	printf("\n");
}

#define CHECK(cond, fmt...) check(!!(cond), __LINE__, #cond, fmt)

/* @p is ERR_PTR(@want). */
#define CHECK_ERR(p, want, what) do {					\
	const void *__p = (p);						\
	long __got = IS_ERR(__p) ? PTR_ERR(__p) : 0;			\
	check(IS_ERR(__p) && __got == (want), __LINE__, #p " == ERR_PTR(" #want ")", \
	      "%s: %s (got %s%ld)", what, #want,			\
	      IS_ERR(__p) ? "ERR_PTR " : "a pointer, not an error ", __got); \
} while (0)

static void section(const char *name)
{
	printf("# %s\n", name);
	hosted_reset();
}

/* Devices. */

static struct device imp_dev = { .name = "importer0" };
static struct device imp_dev2 = { .name = "importer1" };
static struct pci_dev p2p_provider = { .dev = { .name = "0000:03:00.0" } };
static struct pci_dev pf1 = { .dev = { .name = "0000:00:02.0" } };
static struct pci_dev vf1 = { .dev = { .name = "0000:00:02.1" },
			      .physfn = &pf1, .is_virtfn = 1 };
static struct pci_dev pf2 = { .dev = { .name = "0000:00:03.0" } };
static struct pci_dev vf2 = { .dev = { .name = "0000:00:03.1" },
			      .physfn = &pf2, .is_virtfn = 1 };

/* The buffer, fresh per scenario. */

static struct dma_resv the_resv;
static struct dma_buf the_buf;

static struct dma_buf *buf_with(const struct dma_buf_ops *ops)
{
	the_resv.held = false;
	the_buf = (struct dma_buf){
		.size = 4 * PAGE_SIZE,
		.ops = ops,
		.resv = &the_resv,
	};
	return &the_buf;
}

/* The importer. */

static void imp_move_notify(struct dma_buf_attachment *attach __always_unused)
{
}

static const struct dma_buf_attach_ops imp_ops = {
	.allow_peer2peer = true,
	.move_notify = imp_move_notify,
};
static int imp_priv;

/* Attach with the importer candidates given; they live on this stack only. */
#define ATTACH(buf, ...) ({						\
	struct dma_buf_mapping_match __imp[] = { __VA_ARGS__ };	\
	dma_buf_mapping_attach(buf, __imp, ARRAY_SIZE(__imp), &imp_ops, &imp_priv); \
})

static void detach(struct dma_buf_attachment *a)
{
	if (!IS_ERR_OR_NULL(a))
		dma_buf_detach(a->dmabuf, a);
}

static const char *debugfs_text(struct dma_buf_attachment *a)
{
	static char text[256];
	struct seq_file s = { .buf = text, .size = sizeof(text) };

	text[0] = '\0';
	dma_buf_mapping_debugfs_show(&s, a);
	return text;
}

/* SGT exporter callbacks: record what they saw. */

static struct sg_table sgt_p2p_table, sgt_plain_table;
static unsigned int map_calls, unmap_calls;
static bool map_saw_lock, unmap_saw_lock;
static struct sg_table *unmapped_sgt;
static enum dma_data_direction map_dir, unmap_dir;

static struct sg_table *map_p2p(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	map_calls++;
	map_saw_lock = attach->dmabuf->resv->held;
	map_dir = dir;
	return &sgt_p2p_table;
}

static struct sg_table *map_plain(struct dma_buf_attachment *attach,
				  enum dma_data_direction dir)
{
	map_calls++;
	map_saw_lock = attach->dmabuf->resv->held;
	map_dir = dir;
	return &sgt_plain_table;
}

static void unmap_any(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	unmap_calls++;
	unmap_saw_lock = attach->dmabuf->resv->held;
	unmapped_sgt = sgt;
	unmap_dir = dir;
}

static const struct dma_buf_mapping_sgt_exp_ops sgt_ops_p2p = {
	.map_dma_buf = map_p2p,
	.unmap_dma_buf = unmap_any,
};

static const struct dma_buf_mapping_sgt_exp_ops sgt_ops_plain = {
	.map_dma_buf = map_plain,
	.unmap_dma_buf = unmap_any,
};

/* PAL exporter: returns a kvmalloc'd copy of the current template. */

enum pal_mode { PAL_LIST, PAL_ERR_BUSY, PAL_NULL };
static enum pal_mode pal_mode;
static size_t pal_n;
static struct dma_buf_phys_vec pal_v[8];
static struct dma_buf_phys_list *pal_given, *pal_unmapped;
static unsigned int pal_map_calls, pal_unmap_calls;
static bool pal_map_saw_lock;

static struct dma_buf_phys_list *pal_map_phys(struct dma_buf_attachment *attach)
{
	struct dma_buf_phys_list *l;

	pal_map_calls++;
	pal_map_saw_lock = attach->dmabuf->resv->held;
	if (pal_mode == PAL_ERR_BUSY)
		return ERR_PTR(-EBUSY);
	if (pal_mode == PAL_NULL)
		return NULL;
	l = kvmalloc(sizeof(*l) + pal_n * sizeof(l->phys[0]), GFP_KERNEL);
	if (!l)
		return ERR_PTR(-ENOMEM);
	l->length = pal_n;
	memcpy(l->phys, pal_v, pal_n * sizeof(l->phys[0]));
	pal_given = l;
	return l;
}

static void pal_unmap_phys(struct dma_buf_attachment *attach __always_unused,
			   struct dma_buf_phys_list *phys)
{
	pal_unmap_calls++;
	pal_unmapped = phys;
	kvfree(phys);
}

static const struct dma_buf_mapping_pal_exp_ops pal_ops = {
	.map_phys = pal_map_phys,
	.unmap_phys = pal_unmap_phys,
};

/* xe IOV exporter: the VF BAR ranges. */

static struct dma_buf_phys_vec xe_ranges[2] = {
	{ .paddr = 0x80000000, .len = 2 * PAGE_SIZE },
	{ .paddr = 0x80400000, .len = 2 * PAGE_SIZE },
};

static const struct dma_buf_phys_vec *xe_map(struct dma_buf_attachment *attach __always_unused,
				       unsigned int *bar_number, size_t *nelms)
{
	*bar_number = 2;
	*nelms = ARRAY_SIZE(xe_ranges);
	return xe_ranges;
}

static const struct dma_buf_mapping_xe_iov_exp_ops xe_ops = { .map = xe_map };

/* A test-only mapping type, declared by hand like a driver-private one. */

static int test_match_ret;
static unsigned int test_match_calls;
static struct dma_buf_mapping_type test_type;

static int test_type_match(struct dma_buf *dmabuf __always_unused,
			   const struct dma_buf_mapping_match *exp __always_unused,
			   const struct dma_buf_mapping_match *imp __always_unused)
{
	test_match_calls++;
	return test_match_ret;
}

static void test_type_finish(struct dma_buf_match_args *args,
			     const struct dma_buf_mapping_match *exp,
			     const struct dma_buf_mapping_match *imp __always_unused)
{
	args->attach->map_type = (struct dma_buf_mapping_match){
		.type = &test_type,
		.exp_ops = exp->exp_ops,
	};
}

static struct dma_buf_mapping_type test_type = {
	.name = "hosted test type",
	.match = test_type_match,
	.finish_match = test_type_finish,
};

static const struct dma_buf_mapping_match test_candidate = { .type = &test_type };

/* Exporters (dma_buf_ops.match_mapping). */

/* Fixed candidates in a static array, built with the initializer macro. */
static const struct dma_buf_mapping_match plain_exp[] = {
	DMA_BUF_EMAPPING_SGT(&sgt_ops_plain),
};

static int plain_match_mapping(struct dma_buf_match_args *args)
{
	return dma_buf_match_mapping(args, plain_exp, ARRAY_SIZE(plain_exp));
}

static const struct dma_buf_ops plain_dma_buf_ops = {
	.match_mapping = plain_match_mapping,
};

/* P2P SGT first, then plain SGT as the fallback. */
static struct pci_dev *cfg_p2p_dev;

static int p2p_match_mapping(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args,
				      DMA_BUF_EMAPPING_SGT_P2P(&sgt_ops_p2p, cfg_p2p_dev),
				      DMA_BUF_EMAPPING_SGT(&sgt_ops_plain));
}

static const struct dma_buf_ops p2p_dma_buf_ops = {
	.match_mapping = p2p_match_mapping,
};

/* vfio-pci: PAL first, then P2P-only SGT. */
static int vfio_match_mapping(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args,
				      DMA_BUF_EMAPPING_PAL(&pal_ops),
				      DMA_BUF_EMAPPING_SGT_P2P(&sgt_ops_p2p, &p2p_provider));
}

static const struct dma_buf_ops vfio_dma_buf_ops = {
	.match_mapping = vfio_match_mapping,
};

/* Candidates depending on run-time conditions, through the list builder. */
static bool cfg_offer_pal, cfg_offer_plain;
static size_t list_len_seen;

static int list_match_mapping_cap(struct dma_buf_match_args *args, size_t cap)
{
	DEFINE_DMA_BUF_MAPPING_LIST(list, 3);

	/* Capacity under test: the list's own bound, at most the storage. */
	list.max = cap;
	if (cfg_offer_pal)
		dma_buf_mapping_list_add(&list, DMA_BUF_EMAPPING_PAL(&pal_ops));
	dma_buf_mapping_list_add(&list, DMA_BUF_EMAPPING_SGT_P2P(&sgt_ops_p2p, &p2p_provider));
	if (cfg_offer_plain)
		dma_buf_mapping_list_add(&list, DMA_BUF_EMAPPING_SGT(&sgt_ops_plain));
	list_len_seen = list.len;
	return dma_buf_match_mapping_list(args, &list);
}

static int list3_match_mapping(struct dma_buf_match_args *args)
{
	return list_match_mapping_cap(args, 3);
}

static int list2_match_mapping(struct dma_buf_match_args *args)
{
	return list_match_mapping_cap(args, 2);
}

static const struct dma_buf_ops list3_dma_buf_ops = { .match_mapping = list3_match_mapping };
static const struct dma_buf_ops list2_dma_buf_ops = { .match_mapping = list2_match_mapping };

/* The test type first, plain SGT second. */
static int testtype_match_mapping(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args, test_candidate,
				      DMA_BUF_EMAPPING_SGT(&sgt_ops_plain));
}

static const struct dma_buf_ops testtype_dma_buf_ops = {
	.match_mapping = testtype_match_mapping,
};

/* A candidate left unset, as in the review's match[2]/num++ bug. */
static int unset_match_mapping(struct dma_buf_match_args *args)
{
	const struct dma_buf_mapping_match exp[] = {
		{ .exp_ops = &sgt_ops_plain.ops },
	};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}

static const struct dma_buf_ops unset_dma_buf_ops = {
	.match_mapping = unset_match_mapping,
};

/* xe: the VF's IOV candidate, plain SGT as the fallback. */
static struct pci_dev *cfg_vf;
static unsigned int cfg_bar;

static int xe_match_mapping(struct dma_buf_match_args *args)
{
	return DMA_BUF_MATCH_MAPPINGS(args,
				      DMA_BUF_EMAPPING_XE_IOV(&xe_ops, cfg_vf, cfg_bar),
				      DMA_BUF_EMAPPING_SGT(&sgt_ops_plain));
}

static const struct dma_buf_ops xe_dma_buf_ops = {
	.match_mapping = xe_match_mapping,
};

/* A single-candidate exporter, as most RFC exporters are written. */
static struct sg_table simple_table;

static struct sg_table *simple_map(struct dma_buf_attachment *attach,
				   enum dma_data_direction dir __always_unused)
{
	map_calls++;
	map_saw_lock = attach->dmabuf->resv->held;
	return &simple_table;
}

static const struct dma_buf_ops simple_dma_buf_ops = {
	DMA_BUF_SIMPLE_SGT_EXP_MATCH(simple_map, unmap_any)
};

/* Static stubs of the generated extern wrappers. */

static int stub_distance_ret;
static unsigned int stub_distance_calls;
static struct pci_dev *stub_provider;
static struct device *stub_client;
static bool stub_verbose;

static int stub_distance(struct pci_dev *provider, struct device *client,
			 bool verbose)
{
	stub_distance_calls++;
	stub_provider = provider;
	stub_client = client;
	stub_verbose = verbose;
	return stub_distance_ret;
}

static void stub_p2p_distance(int ret)
{
	stub_distance_ret = ret;
	stub_distance_calls = 0;
	stub_provider = NULL;
	stub_client = NULL;
	kunit_activate_static_stub(NULL, dma_buf_mapping_sgt_pci_p2pdma_distance,
				   stub_distance);
}

static struct pci_dev *stub_physfn_always_pf1(struct pci_dev *dev __always_unused)
{
	return &pf1;
}

/* Scenarios. */

static void sgt_without_p2p(void)
{
	struct dma_buf *buf;
	struct dma_buf_attachment *a;
	struct sg_table *t;
	unsigned int locks;

	section("SGT without P2P");
	buf = buf_with(&plain_dma_buf_ops);
	a = ATTACH(buf, DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(!IS_ERR(a), "SGT importer attaches to a plain SGT exporter");
	if (IS_ERR(a))
		return;
	CHECK(a->map_type.type == &dma_buf_mapping_sgt_type, "negotiated type is SGT");
	CHECK(dma_buf_sgt_dma_device(a) == &imp_dev, "dma_buf_sgt_dma_device is the importer's device");
	CHECK(!dma_buf_sgt_p2p_allowed(a), "dma_buf_sgt_p2p_allowed is false without P2P");
	CHECK(dma_buf_get_sgt_ops(a) == &sgt_ops_plain, "dma_buf_get_sgt_ops is the exporter's ops");
	CHECK(a->dev == &imp_dev && !a->peer2peer, "legacy attach->dev set, attach->peer2peer false");
	CHECK(a->map_type.sgt_data.importer_accepts_p2p == DMA_SGT_NO_P2P &&
	      a->map_type.sgt_data.exporter_requires_p2p == DMA_SGT_NO_P2P,
	      "on_match keeps importer_accepts_p2p and exporter_requires_p2p");

	map_calls = unmap_calls = 0;
	dma_resv_lock(buf->resv, NULL);
	t = dma_buf_sgt_map_attachment(a, DMA_TO_DEVICE);
	dma_buf_sgt_unmap_attachment(a, t, DMA_TO_DEVICE);
	dma_resv_unlock(buf->resv);
	CHECK(t == &sgt_plain_table && map_calls == 1 && map_dir == DMA_TO_DEVICE,
	      "dma_buf_sgt_map_attachment calls the exporter's map_dma_buf with dir");
	CHECK(unmap_calls == 1 && unmapped_sgt == &sgt_plain_table && unmap_dir == DMA_TO_DEVICE,
	      "dma_buf_sgt_unmap_attachment hands the table back to unmap_dma_buf");
	CHECK(hosted_lock_violations == 0, "no lock violation with the reservation lock held");

	locks = hosted_lock_violations;
	t = dma_buf_sgt_map_attachment(a, DMA_BIDIRECTIONAL);
	CHECK(hosted_lock_violations == locks + 1,
	      "dma_buf_sgt_map_attachment without the lock is caught by its assertion");
	locks = hosted_lock_violations;
	dma_buf_sgt_unmap_attachment(a, t, DMA_BIDIRECTIONAL);
	CHECK(hosted_lock_violations == locks + 1,
	      "dma_buf_sgt_unmap_attachment without the lock is caught by its assertion");

	locks = hosted_lock_violations;
	map_saw_lock = unmap_saw_lock = false;
	t = dma_buf_sgt_map_attachment_unlocked(a, DMA_FROM_DEVICE);
	CHECK(t == &sgt_plain_table && map_saw_lock && !buf->resv->held,
	      "dma_buf_sgt_map_attachment_unlocked holds the lock around map_dma_buf only");
	dma_buf_sgt_unmap_attachment_unlocked(a, t, DMA_FROM_DEVICE);
	CHECK(unmap_saw_lock && !buf->resv->held && hosted_lock_violations == locks,
	      "dma_buf_sgt_unmap_attachment_unlocked holds the lock around unmap_dma_buf only");

	CHECK(!strcmp(debugfs_text(a), "DMA Mapped Scatter Gather Table importer0"),
	      "debugfs shows the SGT type name and the importing device (got \"%s\")",
	      debugfs_text(a));
	detach(a);

	a = ATTACH(buf_with(&plain_dma_buf_ops), DMA_BUF_IMAPPING_PAL());
	CHECK_ERR(a, -EINVAL, "a PAL-only importer and an SGT-only exporter share no type");
	detach(a);

	a = dma_buf_mapping_attach(buf_with(&plain_dma_buf_ops),
				   (struct dma_buf_mapping_match[]){
					   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P) },
				   1, NULL, NULL);
	CHECK(!IS_ERR(a) && !a->peer2peer,
	      "attach without importer_ops works (no allow_peer2peer dereference)");
	detach(a);
}

static void sgt_p2p(void)
{
	struct dma_buf_attachment *a;
	unsigned int hits;

	section("SGT P2P: importer accepts P2P, distance >= 0");
	cfg_p2p_dev = &p2p_provider;
	stub_p2p_distance(0);
	a = ATTACH(buf_with(&p2p_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_IMPORTER_ACCEPTS_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_p2p,
	      "the P2P exporter candidate matches");
	if (!IS_ERR(a)) {
		CHECK(dma_buf_sgt_p2p_allowed(a), "dma_buf_sgt_p2p_allowed is true");
		CHECK(a->dev == &imp_dev && a->peer2peer,
		      "legacy attach->dev and attach->peer2peer are set");
		CHECK(a->map_type.sgt_data.exporting_p2p_device == NULL,
		      "the exporter's p2p device stays opaque (not copied on match)");
		CHECK(a->map_type.sgt_data.importer_accepts_p2p == DMA_SGT_IMPORTER_ACCEPTS_P2P &&
		      a->map_type.sgt_data.exporter_requires_p2p ==
		      DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
		      "on_match keeps both P2P fields");
	}
	CHECK(stub_distance_calls == 1 && stub_provider == &p2p_provider &&
	      stub_client == &imp_dev && stub_verbose,
	      "pci_p2pdma_distance(exporter p2p device, importer device, true) is asked");
	detach(a);

	section("SGT P2P: distance < 0 falls back to the next exporter candidate");
	stub_p2p_distance(-1);
	a = ATTACH(buf_with(&p2p_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_IMPORTER_ACCEPTS_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_plain && !dma_buf_sgt_p2p_allowed(a),
	      "negative distance: the plain SGT candidate matches, P2P not allowed");
	CHECK(!IS_ERR(a) && a->peer2peer,
	      "attach->peer2peer still reflects the importer's acceptance");
	detach(a);

	section("SGT P2P: the unstubbed distance (no CONFIG_PCI_P2PDMA) is negative");
	a = ATTACH(buf_with(&p2p_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_IMPORTER_ACCEPTS_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_plain,
	      "through the real wrapper: falls back to plain SGT");
	detach(a);

	section("SGT P2P: importer does not accept P2P");
	stub_p2p_distance(0);
	a = ATTACH(buf_with(&p2p_dma_buf_ops), DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_plain && !a->peer2peer,
	      "importer without P2P gets the plain SGT candidate");
	CHECK(stub_distance_calls == 0, "the distance is not asked when the importer refuses P2P");
	detach(a);

	section("SGT P2P: P2P candidate without its p2p device");
	cfg_p2p_dev = NULL;
	stub_p2p_distance(0);
	a = ATTACH(buf_with(&p2p_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_IMPORTER_ACCEPTS_P2P));
	CHECK(hosted_warn_hits == 1, "a P2P candidate with a NULL device warns (%u warnings)",
	      hosted_warn_hits);
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_plain,
	      "...and is skipped (-EOPNOTSUPP): the plain candidate matches");
	CHECK(stub_distance_calls == 0, "...without asking the distance of a NULL device");
	detach(a);
	cfg_p2p_dev = &p2p_provider;

	section("SGT importer constructor rejects an exporter-side enum value");
	hits = hosted_warn_hits;
	{
		struct dma_buf_mapping_match m =
			DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);

		CHECK(hosted_warn_hits == hits + 1 && m.type == &dma_buf_mapping_sgt_type,
		      "DMA_BUF_IMAPPING_SGT(dev, DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE) warns");
	}
}

static void exporter_priority(void)
{
	struct dma_buf_attachment *a;

	section("exporter priority: vfio offers PAL, then P2P SGT");
	stub_p2p_distance(0);
	a = ATTACH(buf_with(&vfio_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_IMPORTER_ACCEPTS_P2P),
		   DMA_BUF_IMAPPING_PAL());
	CHECK(!IS_ERR(a) && a->map_type.type == &dma_buf_mapping_pal_type,
	      "importer listing SGT before PAL still gets PAL: the exporter's order decides");
	CHECK(!IS_ERR(a) && dma_buf_get_pal_ops(a) == &pal_ops,
	      "dma_buf_get_pal_ops is the exporter's PAL ops");
	detach(a);

	a = ATTACH(buf_with(&vfio_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_IMPORTER_ACCEPTS_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_p2p && dma_buf_sgt_p2p_allowed(a),
	      "SGT-only P2P importer gets vfio's P2P SGT");
	detach(a);

	a = ATTACH(buf_with(&vfio_dma_buf_ops), DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK_ERR(a, -EINVAL, "SGT importer without P2P cannot use vfio's P2P-only SGT");
	detach(a);

	a = ATTACH(buf_with(&vfio_dma_buf_ops), DMA_BUF_IMAPPING_PAL());
	CHECK(!IS_ERR(a) && a->map_type.type == &dma_buf_mapping_pal_type,
	      "iommufd-style PAL-only importer gets PAL");
	CHECK(!IS_ERR(a) && !strcmp(debugfs_text(a), "Physical Address List"),
	      "debugfs shows the PAL type name (got \"%s\")", debugfs_text(a));
	detach(a);

	section("importer order among candidates of one type");
	a = ATTACH(buf_with(&plain_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P),
		   DMA_BUF_IMAPPING_SGT(&imp_dev2, DMA_SGT_NO_P2P));
	CHECK(!IS_ERR(a) && dma_buf_sgt_dma_device(a) == &imp_dev,
	      "the importer's first compatible SGT candidate wins");
	detach(a);

	stub_p2p_distance(0);
	a = ATTACH(buf_with(&vfio_dma_buf_ops),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P),
		   DMA_BUF_IMAPPING_SGT(&imp_dev2, DMA_SGT_IMPORTER_ACCEPTS_P2P));
	CHECK(!IS_ERR(a) && dma_buf_sgt_dma_device(a) == &imp_dev2 && a->dev == &imp_dev2,
	      "an incompatible importer candidate (-EOPNOTSUPP) moves on to the next one");
	detach(a);
}

static void match_errors(void)
{
	struct dma_buf_attachment *a;
	struct dma_buf_match_args args;
	struct dma_buf_attachment scratch;
	int ret;

	section("a fatal errno from match stops the search");
	test_match_ret = -EPERM;
	test_match_calls = 0;
	a = ATTACH(buf_with(&testtype_dma_buf_ops), test_candidate,
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK_ERR(a, -EPERM, "match returning -EPERM aborts the attach with -EPERM");
	CHECK(test_match_calls == 1, "match was asked once");
	detach(a);

	section("a positive return from match is an error, not a match");
	test_match_ret = 1;
	a = ATTACH(buf_with(&testtype_dma_buf_ops), test_candidate,
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK_ERR(a, -EINVAL, "match returning 1 becomes -EINVAL, never ERR_PTR(1)");
	CHECK(hosted_warn_hits == 1, "...with a warning (%u)", hosted_warn_hits);
	detach(a);

	section("-EOPNOTSUPP from match tries the next candidate");
	test_match_ret = -EOPNOTSUPP;
	a = ATTACH(buf_with(&testtype_dma_buf_ops), test_candidate,
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_plain,
	      "the next exporter candidate (plain SGT) matches");
	detach(a);

	section("accessors on an attachment of another type");
	test_match_ret = 0;
	a = ATTACH(buf_with(&testtype_dma_buf_ops), test_candidate);
	CHECK(!IS_ERR(a) && a->map_type.type == &test_type, "the test type matches");
	if (!IS_ERR(a)) {
		CHECK(dma_buf_sgt_dma_device(a) == NULL && !dma_buf_sgt_p2p_allowed(a) &&
		      dma_buf_get_sgt_ops(a) == NULL,
		      "SGT accessors give NULL/false on a non-SGT attachment");
		CHECK(dma_buf_get_pal_ops(a) == NULL, "dma_buf_get_pal_ops gives NULL on it");
		CHECK(dma_buf_xe_iov_vf(a) == NULL && dma_buf_get_xe_iov_ops(a) == NULL,
		      "xe IOV accessors give NULL on it");
		CHECK(!strcmp(debugfs_text(a), "hosted test type"),
		      "debugfs of a type without debugfs_dump is its name (got \"%s\")",
		      debugfs_text(a));
	}
	detach(a);

	section("no common type");
	memset(&scratch, 0, sizeof(scratch));
	scratch.dmabuf = buf_with(&plain_dma_buf_ops);
	args = (struct dma_buf_match_args){
		.dmabuf = scratch.dmabuf,
		.attach = &scratch,
		.imp_matches = NULL,
		.imp_len = 0,
	};
	ret = dma_buf_match_mapping(&args, plain_exp, ARRAY_SIZE(plain_exp));
	CHECK(ret == -EINVAL && scratch.map_type.type == NULL,
	      "dma_buf_match_mapping with no importer candidates is -EINVAL (got %d)", ret);

	section("an unset exporter candidate");
	a = ATTACH(buf_with(&unset_dma_buf_ops), DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(IS_ERR(a) && hosted_warn_hits == 1,
	      "a candidate with no type is refused with a warning, never matched");
	detach(a);
}

static void single_exporter(void)
{
	struct dma_buf_attachment *a;
	struct sg_table *t;

	section("single exporter: DMA_BUF_SIMPLE_SGT_EXP_MATCH in static const dma_buf_ops");
	CHECK(simple_dma_buf_ops.single_exporter_match &&
	      simple_dma_buf_ops.single_exporter_match->type == &dma_buf_mapping_sgt_type,
	      "the initializer sets single_exporter_match to an SGT candidate");
	a = ATTACH(buf_with(&simple_dma_buf_ops), DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(!IS_ERR(a) && a->map_type.type == &dma_buf_mapping_sgt_type,
	      "an SGT importer attaches to the single exporter");
	if (!IS_ERR(a)) {
		const struct dma_buf_mapping_sgt_exp_ops *ops = dma_buf_get_sgt_ops(a);

		CHECK(ops && ops->map_dma_buf == simple_map && ops->unmap_dma_buf == unmap_any,
		      "its ops hold the given map and unmap");
		CHECK(!dma_buf_sgt_p2p_allowed(a), "the single SGT candidate is not P2P");
		map_calls = 0;
		t = dma_buf_sgt_map_attachment_unlocked(a, DMA_TO_DEVICE);
		CHECK(t == &simple_table && map_calls == 1 && map_saw_lock,
		      "mapping reaches the given map function under the lock");
		dma_buf_sgt_unmap_attachment_unlocked(a, t, DMA_TO_DEVICE);
	}
	detach(a);
	a = ATTACH(buf_with(&simple_dma_buf_ops), DMA_BUF_IMAPPING_PAL());
	CHECK_ERR(a, -EINVAL, "a PAL importer finds no common type with it");
	detach(a);
}

static void candidate_list(void)
{
	struct dma_buf_attachment *a;

	section("candidate list builder");
	cfg_offer_pal = false;
	cfg_offer_plain = true;
	a = ATTACH(buf_with(&list3_dma_buf_ops), DMA_BUF_IMAPPING_PAL());
	CHECK(list_len_seen == 2, "two candidates added, count is 2 (got %zu)", list_len_seen);
	CHECK_ERR(a, -EINVAL, "PAL not offered: no match for a PAL importer");
	detach(a);

	cfg_offer_pal = true;
	a = ATTACH(buf_with(&list3_dma_buf_ops), DMA_BUF_IMAPPING_PAL());
	CHECK(list_len_seen == 3 && !IS_ERR(a) && a->map_type.type == &dma_buf_mapping_pal_type,
	      "PAL offered at run time: three candidates, PAL matches");
	CHECK(hosted_warn_hits == 0, "no warning while within capacity");
	detach(a);

	section("candidate list overflow");
	a = ATTACH(buf_with(&list2_dma_buf_ops), DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(hosted_warn_hits == 1, "adding past capacity warns (%u)", hosted_warn_hits);
	CHECK(list_len_seen == 2, "...and drops the candidate: count stays 2 (got %zu)",
	      list_len_seen);
	CHECK_ERR(a, -EINVAL, "the dropped plain SGT candidate is never matched");
	detach(a);
}

struct pal_case {
	const char *what;
	size_t n;
	struct dma_buf_phys_vec v[6];
	long want;
};

#define PG PAGE_SIZE

/* The buffer is 4 pages; each bad list breaks one invariant. */
static const struct pal_case pal_bad[] = {
	{ "empty list", 0, { { 0 } }, -EINVAL },
	{ "more entries than pages", 5,
	  { { 0x10000, PG }, { 0x20000, PG }, { 0x30000, PG }, { 0x40000, PG }, { 0x50000, PG } },
	  -EINVAL },
	{ "a zero-length entry", 2, { { 0x10000, 4 * PG }, { 0x20000, 0 } }, -EINVAL },
	{ "an unaligned paddr", 1, { { 0x10001, 4 * PG } }, -EINVAL },
	{ "an unaligned len", 2, { { 0x10000, 3 * PG + 1 }, { 0x20000, PG - 1 } }, -EINVAL },
	{ "paddr + len wraps", 1, { { ~(phys_addr_t)0 - PG + 1, 4 * PG } }, -EOVERFLOW },
	{ "overlapping entries", 2, { { 0x10000, 2 * PG }, { 0x11000, 2 * PG } }, -EINVAL },
	{ "total shorter than the buffer", 1, { { 0x10000, 2 * PG } }, -EINVAL },
	{ "total longer than the buffer", 2, { { 0x10000, 4 * PG }, { 0x40000, PG } }, -EINVAL },
};

static void pal_use(const struct pal_case *c)
{
	pal_mode = PAL_LIST;
	pal_n = c->n;
	memcpy(pal_v, c->v, sizeof(c->v));
	pal_given = pal_unmapped = NULL;
	pal_map_calls = pal_unmap_calls = 0;
}

static void pal_entry_point(void)
{
	static const struct pal_case good = {
		"valid", 2, { { 0x40000, 2 * PG }, { 0x10000, 2 * PG } }, 0
	};
	struct dma_buf_attachment *a, *s;
	struct dma_buf_phys_list *l;
	struct dma_buf_phys_vec *e;
	size_t i, total;
	long live;
	unsigned int locks;

	section("PAL: dma_buf_pal_map_phys with a valid list");
	a = ATTACH(buf_with(&vfio_dma_buf_ops), DMA_BUF_IMAPPING_PAL());
	CHECK(!IS_ERR(a), "PAL importer attaches to the vfio exporter");
	if (IS_ERR(a))
		return;
	live = hosted_live_allocs;
	pal_use(&good);
	dma_resv_lock(a->dmabuf->resv, NULL);
	l = dma_buf_pal_map_phys(a);
	CHECK(l == pal_given && pal_map_calls == 1 && pal_map_saw_lock,
	      "a valid list reaches the importer unchanged, mapped under the lock");
	CHECK(hosted_warn_hits == 0 && pal_unmap_calls == 0 && hosted_lock_violations == 0,
	      "...without warning, unmap or lock violation");
	if (!IS_ERR_OR_NULL(l)) {
		total = 0;
		dma_buf_phys_list_for_each(l, e)
			total += e->len;
		CHECK(total == a->dmabuf->size, "dma_buf_phys_list_for_each covers the buffer");
		dma_buf_pal_unmap_phys(a, l);
		CHECK(pal_unmap_calls == 1 && pal_unmapped == l,
		      "dma_buf_pal_unmap_phys returns the list to the exporter");
	}
	dma_resv_unlock(a->dmabuf->resv);
	CHECK(hosted_live_allocs == live && hosted_alloc_violations == 0,
	      "nothing leaked, every kvmalloc went back through kvfree");

	for (i = 0; i < ARRAY_SIZE(pal_bad); i++) {
		const struct pal_case *c = &pal_bad[i];
		unsigned int hits = hosted_warn_hits;

		pal_use(c);
		dma_resv_lock(a->dmabuf->resv, NULL);
		l = dma_buf_pal_map_phys(a);
		dma_resv_unlock(a->dmabuf->resv);
		CHECK(IS_ERR(l) && PTR_ERR(l) == c->want,
		      "PAL invariant: %s is rejected with %ld (got %ld)", c->what, c->want,
		      IS_ERR(l) ? PTR_ERR(l) : 0L);
		CHECK(pal_unmap_calls == 1 && pal_unmapped == pal_given,
		      "PAL invariant: %s: the rejected list goes back to unmap_phys once (%u)",
		      c->what, pal_unmap_calls);
		CHECK(hosted_warn_hits == hits + 1, "PAL invariant: %s: warns", c->what);
	}
	CHECK(hosted_live_allocs == live && hosted_alloc_violations == 0,
	      "rejected lists leak nothing and the overlap check frees with kvfree");

	section("PAL: exporter errors");
	pal_use(&good);
	pal_mode = PAL_ERR_BUSY;
	dma_resv_lock(a->dmabuf->resv, NULL);
	l = dma_buf_pal_map_phys(a);
	CHECK(IS_ERR(l) && PTR_ERR(l) == -EBUSY && pal_unmap_calls == 0,
	      "an exporter's ERR_PTR(-EBUSY) passes through untouched");
	pal_mode = PAL_NULL;
	l = dma_buf_pal_map_phys(a);
	CHECK(IS_ERR(l) && PTR_ERR(l) == -EINVAL && hosted_warn_hits == 1,
	      "an exporter returning NULL is -EINVAL with a warning");
	dma_resv_unlock(a->dmabuf->resv);

	section("PAL: the reservation lock");
	pal_use(&good);
	locks = hosted_lock_violations;
	l = dma_buf_pal_map_phys(a);
	CHECK(hosted_lock_violations == locks + 1,
	      "dma_buf_pal_map_phys without the lock is caught by its assertion");
	if (!IS_ERR_OR_NULL(l))
		dma_buf_pal_unmap_phys(a, l);

	section("entry points on an attachment of another type");
	s = ATTACH(buf_with(&plain_dma_buf_ops), DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	if (!IS_ERR(s)) {
		dma_resv_lock(s->dmabuf->resv, NULL);
		pal_map_calls = 0;
		l = dma_buf_pal_map_phys(s);
		CHECK(IS_ERR(l) && PTR_ERR(l) == -EINVAL && pal_map_calls == 0 &&
		      hosted_warn_hits == 1,
		      "dma_buf_pal_map_phys on an SGT attachment warns and fails");
		dma_resv_unlock(s->dmabuf->resv);
		CHECK(dma_buf_get_pal_ops(s) == NULL, "dma_buf_get_pal_ops gives NULL on SGT");
	}
	detach(s);
	/* The PAL attachment from above, on the vfio buffer again. */
	a->dmabuf = buf_with(&vfio_dma_buf_ops);
	CHECK(dma_buf_sgt_dma_device(a) == NULL && !dma_buf_sgt_p2p_allowed(a) &&
	      dma_buf_get_sgt_ops(a) == NULL,
	      "SGT accessors give NULL/false on a PAL attachment");
	map_calls = 0;
	dma_resv_lock(a->dmabuf->resv, NULL);
	{
		struct sg_table *t = dma_buf_sgt_map_attachment(a, DMA_TO_DEVICE);

		CHECK(IS_ERR(t) && PTR_ERR(t) == -EINVAL && map_calls == 0,
		      "dma_buf_sgt_map_attachment on a PAL attachment fails");
	}
	dma_resv_unlock(a->dmabuf->resv);
	detach(a);
}

static void xe_iov(void)
{
	struct dma_buf_attachment *a;
	const struct dma_buf_mapping_xe_iov_data *d;

	section("xe IOV: candidates keep their data in the private slot");
	{
		struct dma_buf_mapping_match imp = DMA_BUF_IMAPPING_XE_IOV(&pf1, 5);
		struct dma_buf_mapping_match exp = DMA_BUF_EMAPPING_XE_IOV(&xe_ops, &vf1, 5);

		d = dma_buf_mapping_xe_iov_match_data(&imp);
		CHECK(imp.type == &dma_buf_mapping_xe_iov_type && d->pf == &pf1 && d->bar == 5,
		      "DMA_BUF_IMAPPING_XE_IOV round-trips pf and bar");
		d = dma_buf_mapping_xe_iov_match_data(&exp);
		CHECK(exp.exp_ops == &xe_ops.ops && d->vf == &vf1 && d->bar == 5,
		      "DMA_BUF_EMAPPING_XE_IOV round-trips ops, vf and bar");
	}

	section("xe IOV: PF imports its own VF's BAR");
	cfg_vf = &vf1;
	cfg_bar = 2;
	a = ATTACH(buf_with(&xe_dma_buf_ops), DMA_BUF_IMAPPING_XE_IOV(&pf1, 2));
	CHECK(!IS_ERR(a) && a->map_type.type == &dma_buf_mapping_xe_iov_type,
	      "PF importer and its own VF's export with the same BAR match");
	if (!IS_ERR(a)) {
		d = dma_buf_mapping_xe_iov_match_data(&a->map_type);
		CHECK(dma_buf_xe_iov_vf(a) == &vf1 && dma_buf_get_xe_iov_ops(a) == &xe_ops,
		      "accessors give the VF and the exporter's ops");
		CHECK(d->pf == &pf1 && d->vf == &vf1 && d->bar == 2,
		      "the negotiated pf, vf and bar survive in the attachment's private slot");
		CHECK(dma_buf_sgt_dma_device(a) == NULL && dma_buf_get_pal_ops(a) == NULL,
		      "SGT and PAL accessors give NULL on an IOV attachment");
		CHECK(!strcmp(debugfs_text(a), "Intel xe SR-IOV VF VRAM vf 0000:00:02.1 bar 2"),
		      "debugfs shows the VF and BAR (got \"%s\")", debugfs_text(a));
		{
			unsigned int bar = 0, locks = hosted_lock_violations;
			size_t n = 0;
			const struct dma_buf_phys_vec *r;

			dma_resv_lock(a->dmabuf->resv, NULL);
			r = dma_buf_xe_iov_map(a, &bar, &n);
			dma_resv_unlock(a->dmabuf->resv);
			CHECK(r == xe_ranges && bar == 2 && n == 2 && hosted_lock_violations == locks,
			      "dma_buf_xe_iov_map returns the exporter's BAR ranges");
			r = dma_buf_xe_iov_map(a, &bar, &n);
			CHECK(hosted_lock_violations == locks + 1,
			      "dma_buf_xe_iov_map without the lock is caught by its assertion");
			/* The type's invariants apply to the out-parameter array too. */
			xe_ranges[1].paddr = xe_ranges[0].paddr + PAGE_SIZE;
			hosted_warn_hits = 0;
			dma_resv_lock(a->dmabuf->resv, NULL);
			r = dma_buf_xe_iov_map(a, &bar, &n);
			dma_resv_unlock(a->dmabuf->resv);
			CHECK(r == ERR_PTR(-EINVAL) && hosted_warn_hits == 1,
			      "dma_buf_xe_iov_map refuses overlapping ranges with a warning (%u warnings)",
			      hosted_warn_hits);
			xe_ranges[1].paddr = 0x80400000;
		}
	}
	detach(a);

	section("xe IOV: another PF's VF");
	cfg_vf = &vf2;
	a = ATTACH(buf_with(&xe_dma_buf_ops), DMA_BUF_IMAPPING_XE_IOV(&pf1, 2));
	CHECK_ERR(a, -EINVAL, "a VF of another PF does not match");
	detach(a);
	a = ATTACH(buf_with(&xe_dma_buf_ops), DMA_BUF_IMAPPING_XE_IOV(&pf1, 2),
		   DMA_BUF_IMAPPING_SGT(&imp_dev, DMA_SGT_NO_P2P));
	CHECK(!IS_ERR(a) && dma_buf_get_sgt_ops(a) == &sgt_ops_plain,
	      "...so an importer that also lists SGT falls back to it");
	detach(a);

	section("xe IOV: different BAR");
	cfg_vf = &vf1;
	cfg_bar = 3;
	a = ATTACH(buf_with(&xe_dma_buf_ops), DMA_BUF_IMAPPING_XE_IOV(&pf1, 2));
	CHECK_ERR(a, -EINVAL, "the same VF with a different BAR does not match");
	detach(a);

	section("xe IOV: pci_physfn through the stubbable wrapper");
	cfg_vf = &pf2;
	cfg_bar = 2;
	kunit_activate_static_stub(NULL, dma_buf_mapping_xe_iov_pci_physfn,
				   stub_physfn_always_pf1);
	a = ATTACH(buf_with(&xe_dma_buf_ops), DMA_BUF_IMAPPING_XE_IOV(&pf1, 2));
	CHECK(!IS_ERR(a) && dma_buf_xe_iov_vf(a) == &pf2,
	      "the match asks pci_physfn through dma_buf_mapping_xe_iov_pci_physfn");
	detach(a);
	kunit_deactivate_static_stub(NULL, dma_buf_mapping_xe_iov_pci_physfn);
}

int main(void)
{
	long live = hosted_live_allocs;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sgt_without_p2p();
	sgt_p2p();
	exporter_priority();
	match_errors();
	single_exporter();
	candidate_list();
	pal_entry_point();
	xe_iov();

	section("whole run");
	CHECK(hosted_live_allocs == live, "every attachment and list was freed (%ld live)",
	      hosted_live_allocs - live);

	printf("hosted: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
