{#- A check reporter: what the generated checks call when they fail. -#}
{{ comment }}
{{ sig }}
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct va_format vaf;
	va_list args;

	KUNIT_STATIC_STUB_REDIRECT({{ name }}, bug, check, fmt);
	if (likely(!bug))
		return false;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	WARN(__ratelimit(&rs), "%pV: breaks \"%s\"\n", &vaf, check);
	va_end(args);
	return true;
}
{{ export }}
