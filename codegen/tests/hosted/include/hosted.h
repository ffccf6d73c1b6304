/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks into the hosted stand-in (see README): counters a test reads and
 * resets. Only tests include this; generated code never does.
 */
#ifndef _HOSTED_H
#define _HOSTED_H

#include <linux/types.h>

/* WARN*() that printed (a *_ONCE site prints only the first time). */
extern unsigned int hosted_warn_count;
/* WARN*() whose condition was true, printed or not. */
extern unsigned int hosted_warn_hits;
/* The last printed warning, "file:line: message". */
extern char hosted_last_warning[256];

/* dma_resv_assert_held() without the lock, double lock, unlock when unlocked. */
extern unsigned int hosted_lock_violations;

/* kfree() of kvmalloc memory, double or foreign frees. */
extern unsigned int hosted_alloc_violations;
/* Allocations from the stand-in's allocators not yet freed. */
extern long hosted_live_allocs;

/* Clears the counters above and every static stub. */
void hosted_reset(void);
void hosted_reset_static_stubs(void);

#endif /* _HOSTED_H */
