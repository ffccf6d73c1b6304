/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_OVERFLOW_H
#define _LINUX_OVERFLOW_H

#include <linux/compiler_types.h>
#include <linux/types.h>

/* The result of an overflow check must be looked at. */
static inline bool __must_check __must_check_overflow(bool overflow)
{
	return unlikely(overflow);
}

/* *d = a + b; true if the mathematical result does not fit in *d. */
#ifndef HOSTED_TOLERATE_CONST_OVERFLOW_DEST
#define check_add_overflow(a, b, d)	__must_check_overflow(__builtin_add_overflow(a, b, d))
#else
/*
 * NOT the kernel's behaviour, never in the strict build: hosted.rs defines
 * this only for an informational second run when the strict build failed on
 * a const destination (a generator bug the kernel also rejects), so the
 * scenarios still report. The sum goes to a temporary and is stored back
 * only when *d is writable.
 */
#define check_add_overflow(a, b, d) ({					\
	typeof(+*(d)) __hosted_sum;					\
	bool __hosted_o = __builtin_add_overflow(a, b, &__hosted_sum);	\
	if (__builtin_types_compatible_p(typeof(d), typeof(&__hosted_sum))) \
		*(typeof(&__hosted_sum))(d) = __hosted_sum;		\
	__must_check_overflow(__hosted_o);				\
})
#endif
#define check_sub_overflow(a, b, d)	__must_check_overflow(__builtin_sub_overflow(a, b, d))
#define check_mul_overflow(a, b, d)	__must_check_overflow(__builtin_mul_overflow(a, b, d))

/* a * b, saturated to SIZE_MAX. */
static inline size_t size_mul(size_t a, size_t b)
{
	size_t r;

	if (check_mul_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

#endif /* _LINUX_OVERFLOW_H */
