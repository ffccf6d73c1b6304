/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocators backed by malloc. The stand-in remembers which family each
 * block came from: kfree() of kvmalloc memory is a bug on a real kernel
 * (vmalloc memory), so it is recorded in hosted_alloc_violations.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/types.h>

void *kmalloc(size_t size, gfp_t flags) __attribute__((__malloc__));
void *kzalloc(size_t size, gfp_t flags) __attribute__((__malloc__));
void kfree(const void *p);
void *kvmalloc(size_t size, gfp_t flags) __attribute__((__malloc__));
void *kvzalloc(size_t size, gfp_t flags) __attribute__((__malloc__));
void kvfree(const void *p);

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kvmalloc(bytes, flags);
}

#endif /* _LINUX_SLAB_H */
