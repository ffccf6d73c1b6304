/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reservation object reduced to "is it held". Asserting it unheld,
 * locking it twice (a deadlock on a real kernel) or unlocking it unheld is
 * counted in hosted_lock_violations.
 */
#ifndef _LINUX_DMA_RESV_H
#define _LINUX_DMA_RESV_H

#include <linux/types.h>

struct ww_acquire_ctx;

struct dma_resv {
	bool held;
};

int dma_resv_lock(struct dma_resv *obj, struct ww_acquire_ctx *ctx);
void dma_resv_unlock(struct dma_resv *obj);
void hosted_resv_assert_held(const struct dma_resv *obj, const char *file,
			     int line);

#define dma_resv_assert_held(obj) hosted_resv_assert_held(obj, __FILE__, __LINE__)

#endif /* _LINUX_DMA_RESV_H */
