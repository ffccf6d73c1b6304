{#- What the rules marked warn reported: the bugs of the case, no more. #}
{%- if let Some(n) = setup.rule_warns %}
	/* Driver bugs the rules marked warn reported. */
	KUNIT_EXPECT_EQ(test, test_rule_warns, {{ n }});
{%- endif %}
