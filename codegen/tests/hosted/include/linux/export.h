/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exports are no-ops here, but each still type-checks: the symbol must be
 * declared (its address is kept in a static), and the spelling must be the
 * one the target kernel accepts (HOSTED_LINUX_MAJOR/MINOR, default 6.12), so
 * output meant for 6.12 that would fail there fails here too.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#include <linux/compiler_types.h>

#define __hosted_export(sym, policy)					\
	extern typeof(sym) sym;						\
	static const void *const __hosted_export_##sym __used =	\
		(const void *)&sym;					\
	static const char __hosted_export_policy_##sym[] __used = policy

#define EXPORT_SYMBOL(sym)		__hosted_export(sym, "")
#define EXPORT_SYMBOL_GPL(sym)		__hosted_export(sym, "GPL")

/*
 * The version thresholds are the generator's (maptype::Target); DOMAIN.md
 * states the 6.12 side.
 */
#if HOSTED_KERNEL_AT_LEAST(6, 13)
/* Since 6.13 the namespace is a string literal: "" ns "" rejects anything else. */
#define EXPORT_SYMBOL_NS(sym, ns)	__hosted_export(sym, "" ns "")
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	__hosted_export(sym, "GPL" ns "")
#define MODULE_IMPORT_NS(ns)		static const char __hosted_import_ns[] __used = "" ns ""
#else
/*
 * Up to 6.12 the namespace is a bare identifier that the kernel stringifies;
 * pasting it onto a prefix is a compile error for a quoted "NS".
 */
#define __hosted_ns_ident_string(ns)	__hosted_ns_ident_string2(__hosted_ns_##ns)
#define __hosted_ns_ident_string2(tok)	#tok
#define EXPORT_SYMBOL_NS(sym, ns)					\
	__hosted_export(sym, __hosted_ns_ident_string(ns))
#define EXPORT_SYMBOL_NS_GPL(sym, ns)					\
	__hosted_export(sym, "GPL" __hosted_ns_ident_string(ns))
#define MODULE_IMPORT_NS(ns)						\
	static const char __hosted_import_ns[] __used = __stringify(ns)
#endif

/* Exports to named modules only; the list is a string literal. */
#if HOSTED_KERNEL_AT_LEAST(6, 18)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods)	__hosted_export(sym, "" mods "")
#else
#define EXPORT_SYMBOL_GPL_FOR_MODULES(sym, mods) __hosted_export(sym, "" mods "")
#endif

#endif /* _LINUX_EXPORT_H */
