/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for the kernel's forced include of <linux/compiler_types.h>: the
 * attributes every kernel file may use without including anything.
 */
#ifndef _LINUX_COMPILER_TYPES_H
#define _LINUX_COMPILER_TYPES_H

#ifndef __has_attribute
#define __has_attribute(x) 0
#endif

/* The real bounds attribute where the compiler has it (GCC 15, clang 18). */
#if __has_attribute(__counted_by__)
#define __counted_by(member) __attribute__((__counted_by__(member)))
#else
#define __counted_by(member)
#endif

#define __always_unused		__attribute__((__unused__))
#define __maybe_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/* Same type, ignoring top-level qualifiers. */
#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))

#define ___stringify(x...)	#x
#define __stringify(x...)	___stringify(x)

#endif /* _LINUX_COMPILER_TYPES_H */
