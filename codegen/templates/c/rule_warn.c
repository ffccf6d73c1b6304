/*
 * Reports the driver bug a rule marked warn found, as WARN_ON(@bug) does;
 * stubbable by KUnit, whose suites count the reports without a splat.
 */
VISIBLE_IF_KUNIT bool {{ name }}(bool bug)
{
	KUNIT_STATIC_STUB_REDIRECT({{ name }}, bug);
	return WARN_ON(bug);
}
EXPORT_SYMBOL_IF_KUNIT({{ name }});
