// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the KUnit suites linked in (see include/kunit/test.h), each case on
 * a fresh stand-in, and prints "hosted-kunit: N passed, M failed".
 */
#include <stdio.h>

#include <kunit/test.h>

#include "hosted.h"

static struct kunit_suite *suites[16];
static int nsuites;

void hosted_kunit_register(struct kunit_suite *suite)
{
	if (nsuites < (int)(sizeof(suites) / sizeof(suites[0])))
		suites[nsuites++] = suite;
}

void hosted_kunit_fail(struct kunit *test, const char *file, int line,
		       const char *what, long long left, long long right)
{
	test->failures++;
	printf("    %s:%d: %s: expected %s, got %lld and %lld\n", file, line,
	       test->name, what, left, right);
}

int main(void)
{
	int passed = 0, failed = 0;

	for (int s = 0; s < nsuites; s++) {
		for (struct kunit_case *c = suites[s]->test_cases; c->run_case; c++) {
			struct kunit test = { .name = c->name };

			hosted_reset();
			c->run_case(&test);
			printf("%s %s.%s\n", test.failures ? "FAIL" : "ok",
			       suites[s]->name, c->name);
			if (test.failures)
				failed++;
			else
				passed++;
		}
	}
	printf("hosted-kunit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
