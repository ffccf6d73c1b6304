/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_BUILD_BUG_H
#define _LINUX_BUILD_BUG_H

#include <linux/compiler_types.h>

/* 0, or a compile error when @e is true; usable inside expressions. */
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int:(-!!(e)); })))
#define BUILD_BUG_ON_MSG(cond, msg) _Static_assert(!(cond), msg)
#define BUILD_BUG_ON(cond) BUILD_BUG_ON_MSG(cond, "BUILD_BUG_ON(" #cond ")")

/* static_assert(expr) or static_assert(expr, "message"), as in the kernel. */
#define static_assert(expr, ...) __hosted_static_assert(expr, ##__VA_ARGS__, #expr)
#define __hosted_static_assert(expr, msg, ...) _Static_assert(expr, msg)

#endif /* _LINUX_BUILD_BUG_H */
