/* SPDX-License-Identifier: GPL-2.0 */
/* CONFIG_KUNIT is set: VISIBLE_IF_KUNIT symbols are global and exported. */
#ifndef _KUNIT_VISIBILITY_H
#define _KUNIT_VISIBILITY_H

#include <linux/export.h>

#if IS_ENABLED(CONFIG_KUNIT)
#define VISIBLE_IF_KUNIT
#if HOSTED_KERNEL_AT_LEAST(6, 13)
#define EXPORT_SYMBOL_IF_KUNIT(symbol)					\
	EXPORT_SYMBOL_NS(symbol, "EXPORTED_FOR_KUNIT_TESTING")
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol)					\
	EXPORT_SYMBOL_NS(symbol, EXPORTED_FOR_KUNIT_TESTING)
#endif
#else
#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif

#endif /* _KUNIT_VISIBILITY_H */
