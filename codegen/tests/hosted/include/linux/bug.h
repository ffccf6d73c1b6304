/* SPDX-License-Identifier: GPL-2.0 */
/*
 * WARN*() evaluate to their condition, as in the kernel. Instead of a stack
 * dump they count: hosted_warn_hits every time a condition is true,
 * hosted_warn_count only when a warning is printed (a *_ONCE site prints the
 * first time only, like the kernel's).
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler_types.h>
#include <linux/build_bug.h>
#include <linux/types.h>

void hosted_warn(const char *file, int line, bool suppressed,
		 const char *fmt, ...) __printf(4, 5);
void hosted_bug(const char *file, int line, const char *cond)
	__attribute__((__noreturn__));

#define WARN_ON(condition) ({						\
	int __hosted_ret = !!(condition);				\
	if (__hosted_ret)						\
		hosted_warn(__FILE__, __LINE__, false, "%s",		\
			    "WARN_ON(" #condition ")");			\
	unlikely(__hosted_ret);						\
})

#define WARN(condition, format...) ({					\
	int __hosted_ret = !!(condition);				\
	if (__hosted_ret)						\
		hosted_warn(__FILE__, __LINE__, false, format);		\
	unlikely(__hosted_ret);						\
})

#define WARN_ON_ONCE(condition) ({					\
	static bool __hosted_warned;					\
	int __hosted_ret = !!(condition);				\
	if (__hosted_ret) {						\
		hosted_warn(__FILE__, __LINE__, __hosted_warned, "%s",	\
			    "WARN_ON_ONCE(" #condition ")");		\
		__hosted_warned = true;					\
	}								\
	unlikely(__hosted_ret);						\
})

#define WARN_ONCE(condition, format...) ({				\
	static bool __hosted_warned;					\
	int __hosted_ret = !!(condition);				\
	if (__hosted_ret) {						\
		hosted_warn(__FILE__, __LINE__, __hosted_warned, format); \
		__hosted_warned = true;					\
	}								\
	unlikely(__hosted_ret);						\
})

#define BUG_ON(condition) do {						\
	if (unlikely(condition))					\
		hosted_bug(__FILE__, __LINE__, #condition);		\
} while (0)

#endif /* _LINUX_BUG_H */
