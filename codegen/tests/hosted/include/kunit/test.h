/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enough of KUnit for a generated suite to run hosted: cases, suites that
 * register themselves, and the expectations the generated suites use. The
 * runner is kunit_main.c. negotiate.c passes NULL where a test goes: the
 * static stub table is global (one test at a time).
 */
#ifndef _KUNIT_TEST_H
#define _KUNIT_TEST_H

struct kunit {
	const char *name;
	int failures;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }

void hosted_kunit_register(struct kunit_suite *suite);
void hosted_kunit_fail(struct kunit *test, const char *file, int line,
		       const char *what, long long left, long long right);

#define kunit_test_suite(s)						\
	static void __attribute__((constructor)) hosted_register_##s(void) \
	{								\
		hosted_kunit_register(&s);				\
	}

#define KUNIT_EXPECT_EQ(test, a, b) do {				\
	long long __l = (long long)(a), __r = (long long)(b);		\
	if (__l != __r)							\
		hosted_kunit_fail(test, __FILE__, __LINE__,		\
				  #a " == " #b, __l, __r);		\
} while (0)

#define KUNIT_EXPECT_PTR_EQ(test, a, b) do {				\
	const void *__l = (a), *__r = (b);				\
	if (__l != __r)							\
		hosted_kunit_fail(test, __FILE__, __LINE__,		\
				  #a " == " #b, (long long)(unsigned long)__l, \
				  (long long)(unsigned long)__r);	\
} while (0)

#define KUNIT_EXPECT_NULL(test, p) KUNIT_EXPECT_PTR_EQ(test, p, NULL)

#endif /* _KUNIT_TEST_H */
