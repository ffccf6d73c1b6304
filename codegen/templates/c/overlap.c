{#- Overlap is checked on a sorted copy of the ranges: O(n log n) rather than
    comparing every pair, since n can be in the millions for a large buffer. -#}
static int {{ r.name }}_cmp_{{ addr }}(const void *a, const void *b)
{
	const {{ elem }} *x = a, *y = b;

	if (x->{{ addr }} != y->{{ addr }})
		return x->{{ addr }} < y->{{ addr }} ? -1 : 1;
	return 0;
}

/* 0 if no two entries overlap, else 1 or -ENOMEM; needs no_overflow. */
static int {{ r.name }}_check_overlap({{ params }})
{
	{{ elem }} *sorted;
	size_t i;
	int ret = 0;

	if ({{ v.count }} < 2)
		return 0;
	sorted = kvmalloc_array({{ v.count }}, sizeof(*sorted), GFP_KERNEL);
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, {{ v.entries }}, {{ v.count }} * sizeof(*sorted));
	sort(sorted, {{ v.count }}, sizeof(*sorted),
	     {{ r.name }}_cmp_{{ addr }}, NULL);
	for (i = 1; i < {{ v.count }}; i++) {
		if (sorted[i - 1].{{ addr }} + sorted[i - 1].{{ len }} > sorted[i].{{ addr }}) {
			ret = 1;
			break;
		}
	}
	/* kvmalloc memory goes back through kvfree, never kfree. */
	kvfree(sorted);
	return ret;
}
