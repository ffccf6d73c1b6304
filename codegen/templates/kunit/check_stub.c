{#- Stands in for a check reporter, activated by `w`: each case breaks the
    one check it names in test_check_breaks, or none. #}
/*
 * What the checks reported in the current case, and the one check the
 * case breaks (NULL: none).
 */
static int test_check_warns;
static const char *test_check_warned;
static const char *test_check_breaks;

/* Stands in for the checks' WARN(): records the reports without a splat. */
static bool test_check_warn(bool bug, const char *check, const char *fmt, ...)
{
	if (bug) {
		test_check_warns++;
		test_check_warned = check;
	}
	return bug;
}

static int test_init(struct kunit *test)
{
	test_check_warns = 0;
	test_check_warned = NULL;
	test_check_breaks = NULL;
{{ w }}
	return 0;
}

/* A case breaks the one check it says it does, once, and no other. */
static void test_exit(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, test_check_warns, test_check_breaks ? 1 : 0);
	KUNIT_EXPECT_STREQ(test, test_check_warned ?: "(none)",
			   test_check_breaks ?: "(none)");
}
