/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static stubs: a function that starts with KUNIT_STATIC_STUB_REDIRECT(self,
 * args) calls the replacement a test registered for it instead of its body.
 * The table is global (one hosted test runs at a time) and cleared by
 * hosted_reset().
 */
#ifndef _KUNIT_STATIC_STUB_H
#define _KUNIT_STATIC_STUB_H

#include <kunit/test.h>

typedef void (*hosted_stub_fn)(void);

hosted_stub_fn hosted_static_stub_lookup(hosted_stub_fn real);
void __kunit_activate_static_stub(struct kunit *test, hosted_stub_fn real,
				  hosted_stub_fn replacement);

#define KUNIT_STATIC_STUB_REDIRECT(real_fn_name, args...) do {		\
	typeof(&real_fn_name) __hosted_repl = (typeof(&real_fn_name))	\
		hosted_static_stub_lookup((hosted_stub_fn)&real_fn_name); \
	if (__hosted_repl)						\
		return __hosted_repl(args);				\
} while (0)

/*
 * The replacement must have the real function's type (?: turns a function
 * name into a pointer, so both names and pointers are accepted).
 */
#define kunit_activate_static_stub(test, real_fn_addr, replacement_addr) do { \
	typeof(1 ? (real_fn_addr) : (real_fn_addr)) __hosted_checked =	\
		(replacement_addr);					\
	__kunit_activate_static_stub(test, (hosted_stub_fn)(real_fn_addr), \
				     (hosted_stub_fn)__hosted_checked);	\
} while (0)

#define kunit_deactivate_static_stub(test, real_fn_addr)		\
	__kunit_activate_static_stub(test, (hosted_stub_fn)(real_fn_addr), NULL)

#endif /* _KUNIT_STATIC_STUB_H */
