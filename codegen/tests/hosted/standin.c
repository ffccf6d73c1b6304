// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line parts of the hosted kernel stand-in (see include/README).
 *
 * This file exists only so `cargo test` can run the generated C in seconds
 * as a userspace program. It is not the kernel and proves nothing about the
 * kernel build: the real proof is building the generated tree into a kernel
 * and running its KUnit suites. Keep it small and keep it honest: model what
 * the kernel does, and count what the kernel would warn about or reject.
 */
#include <hosted.h>
#include <kunit/static_stub.h>
#include <linux/bug.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned int hosted_warn_count;
unsigned int hosted_warn_hits;
char hosted_last_warning[256];
unsigned int hosted_lock_violations;
unsigned int hosted_alloc_violations;
long hosted_live_allocs;

void hosted_warn(const char *file, int line, bool suppressed,
		 const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	hosted_warn_hits++;
	if (suppressed)
		return;
	hosted_warn_count++;
	va_start(ap, fmt);
	if (!strncmp(fmt, "%pV", 3)) {
		/* The kernel's nested format: print it, then the rest. */
		const struct va_format *vaf = va_arg(ap, const struct va_format *);
		va_list inner;
		size_t n;

		va_copy(inner, *vaf->va);
		vsnprintf(msg, sizeof(msg), vaf->fmt, inner);
		va_end(inner);
		n = strlen(msg);
		vsnprintf(msg + n, sizeof(msg) - n, fmt + 3, ap);
	} else {
		vsnprintf(msg, sizeof(msg), fmt, ap);
	}
	va_end(ap);
	/* WARN_ONCE formats usually end in a newline; keep one line per warning. */
	msg[strcspn(msg, "\n")] = '\0';
	snprintf(hosted_last_warning, sizeof(hosted_last_warning), "%s:%d: %s",
		 file, line, msg);
	printf("# WARNING %s\n", hosted_last_warning);
}

void hosted_bug(const char *file, int line, const char *cond)
{
	printf("# BUG at %s:%d: %s\n", file, line, cond);
	fflush(stdout);
	abort();
}

/* seq_file: append, truncate, stay NUL-terminated. */

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->count + 1 >= m->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	m->count += (size_t)n;
	if (m->count >= m->size)
		m->count = m->size - 1;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_printf(m, "%s", s);
}

/* dma_resv: held or not. */

int dma_resv_lock(struct dma_resv *obj, struct ww_acquire_ctx *ctx __always_unused)
{
	if (obj->held) {
		printf("# LOCK dma_resv_lock of a held lock (deadlock)\n");
		hosted_lock_violations++;
	}
	obj->held = true;
	return 0;
}

void dma_resv_unlock(struct dma_resv *obj)
{
	if (!obj->held) {
		printf("# LOCK dma_resv_unlock of a lock not held\n");
		hosted_lock_violations++;
	}
	obj->held = false;
}

void hosted_resv_assert_held(const struct dma_resv *obj, const char *file,
			     int line)
{
	if (obj->held)
		return;
	printf("# LOCK %s:%d: dma_resv_assert_held: not held\n", file, line);
	hosted_lock_violations++;
}

/*
 * Allocators: a header in front of each block says which family it came
 * from, so a mismatched free is caught instead of silently accepted.
 */

enum hosted_alloc_kind { HOSTED_KMALLOC = 0x6b6d, HOSTED_KVMALLOC = 0x6b76 };

struct hosted_alloc_hdr {
	unsigned int kind;
	size_t size;
} __attribute__((__aligned__(16)));

static void *hosted_alloc(size_t size, gfp_t flags, enum hosted_alloc_kind kind)
{
	struct hosted_alloc_hdr *h = malloc(sizeof(*h) + size);

	if (!h)
		return NULL;
	h->kind = kind;
	h->size = size;
	if (flags & __GFP_ZERO)
		memset(h + 1, 0, size);
	hosted_live_allocs++;
	return h + 1;
}

static void hosted_free(const void *p, enum hosted_alloc_kind expected,
			const char *fn)
{
	struct hosted_alloc_hdr *h;

	if (!p)
		return;
	h = (struct hosted_alloc_hdr *)p - 1;
	if (h->kind != HOSTED_KMALLOC && h->kind != HOSTED_KVMALLOC) {
		printf("# ALLOC %s of memory it did not allocate\n", fn);
		hosted_alloc_violations++;
		return;
	}
	/* kvfree() takes either family; kfree() only kmalloc memory. */
	if (expected == HOSTED_KMALLOC && h->kind != HOSTED_KMALLOC) {
		printf("# ALLOC %s of kvmalloc memory\n", fn);
		hosted_alloc_violations++;
	}
	h->kind = 0;
	hosted_live_allocs--;
	free(h);
}

void *kmalloc(size_t size, gfp_t flags)
{
	return hosted_alloc(size, flags, HOSTED_KMALLOC);
}

void *kzalloc(size_t size, gfp_t flags)
{
	return hosted_alloc(size, flags | __GFP_ZERO, HOSTED_KMALLOC);
}

void kfree(const void *p)
{
	hosted_free(p, HOSTED_KMALLOC, "kfree");
}

void *kvmalloc(size_t size, gfp_t flags)
{
	return hosted_alloc(size, flags, HOSTED_KVMALLOC);
}

void *kvzalloc(size_t size, gfp_t flags)
{
	return hosted_alloc(size, flags | __GFP_ZERO, HOSTED_KVMALLOC);
}

void kvfree(const void *p)
{
	hosted_free(p, HOSTED_KVMALLOC, "kvfree");
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func,
	  swap_func_t swap_func)
{
	/* qsort has no swap hook; nothing under test passes one. */
	if (WARN_ON(swap_func))
		return;
	qsort(base, num, size, cmp_func);
}

/* Static stubs: real function -> replacement. */

static struct {
	hosted_stub_fn real;
	hosted_stub_fn replacement;
} hosted_stubs[16];

hosted_stub_fn hosted_static_stub_lookup(hosted_stub_fn real)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hosted_stubs); i++)
		if (hosted_stubs[i].real == real)
			return hosted_stubs[i].replacement;
	return NULL;
}

void __kunit_activate_static_stub(struct kunit *test __always_unused,
				  hosted_stub_fn real, hosted_stub_fn replacement)
{
	size_t i, free_slot = ARRAY_SIZE(hosted_stubs);

	for (i = 0; i < ARRAY_SIZE(hosted_stubs); i++) {
		if (hosted_stubs[i].real == real) {
			hosted_stubs[i].replacement = replacement;
			if (!replacement)
				hosted_stubs[i].real = NULL;
			return;
		}
		if (!hosted_stubs[i].real && free_slot == ARRAY_SIZE(hosted_stubs))
			free_slot = i;
	}
	if (!replacement)
		return;
	BUG_ON(free_slot == ARRAY_SIZE(hosted_stubs));
	hosted_stubs[free_slot].real = real;
	hosted_stubs[free_slot].replacement = replacement;
}

void hosted_reset_static_stubs(void)
{
	memset(hosted_stubs, 0, sizeof(hosted_stubs));
}

void hosted_reset(void)
{
	hosted_warn_count = 0;
	hosted_warn_hits = 0;
	hosted_last_warning[0] = '\0';
	hosted_lock_violations = 0;
	hosted_alloc_violations = 0;
	hosted_reset_static_stubs();
}

/*
 * The dma-buf core's side of an attach, as the RFC describes it: check the
 * arguments, allocate the attachment, let the exporter's side (generated
 * dma_buf_mapping_negotiate()) pick the mapping type, and hand back the
 * attachment or an ERR_PTR. The real core also links the attachment into
 * the buffer's list and handles pinning; the tests need neither.
 */
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf,
		       struct dma_buf_mapping_match *importer_matches,
		       size_t match_len,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv)
{
	struct dma_buf_attachment *attach;
	int ret;

	if (WARN_ON(!dmabuf))
		return ERR_PTR(-EINVAL);
	if (WARN_ON(importer_ops && !importer_ops->move_notify))
		return ERR_PTR(-EINVAL);

	attach = kzalloc(sizeof(*attach), GFP_KERNEL);
	if (!attach)
		return ERR_PTR(-ENOMEM);
	attach->dmabuf = dmabuf;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;

	ret = dma_buf_mapping_negotiate(attach, importer_matches, match_len);
	if (ret) {
		kfree(attach);
		return ERR_PTR(ret);
	}
	return attach;
}

void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	WARN_ON(attach && attach->dmabuf != dmabuf);
	kfree(attach);
}
