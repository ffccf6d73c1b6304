/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for the kernel's forced include of <linux/kconfig.h>: the
 * configuration the hosted test models (a KUnit-enabled kernel, no PCI P2P
 * DMA) and IS_ENABLED().
 */
#ifndef _LINUX_KCONFIG_H
#define _LINUX_KCONFIG_H

#define CONFIG_KUNIT 1
#define CONFIG_DMA_SHARED_BUFFER 1

/*
 * IS_ENABLED(CONFIG_X) is 1 when CONFIG_X is defined to 1, else 0, even when
 * CONFIG_X is not defined at all: pasting the option onto a prefix selects
 * a macro that inserts an extra argument only when the option expands to 1.
 */
#define __hosted_enabled_marker_1 ,
#define __hosted_second_arg(ignored, val, ...) val
#define __hosted_is_set_3(junk_or_comma) __hosted_second_arg(junk_or_comma 1, 0, 0)
#define __hosted_is_set_2(val) __hosted_is_set_3(__hosted_enabled_marker_##val)
#define __hosted_is_set(x) __hosted_is_set_2(x)
#define IS_ENABLED(option) __hosted_is_set(option)
#define IS_BUILTIN(option) __hosted_is_set(option)

/* The kernel version whose spellings the stand-in enforces (default 6.12). */
#ifndef HOSTED_LINUX_MAJOR
#define HOSTED_LINUX_MAJOR 6
#endif
#ifndef HOSTED_LINUX_MINOR
#define HOSTED_LINUX_MINOR 12
#endif
#define HOSTED_KERNEL_AT_LEAST(major, minor)				\
	(HOSTED_LINUX_MAJOR > (major) ||				\
	 (HOSTED_LINUX_MAJOR == (major) && HOSTED_LINUX_MINOR >= (minor)))

#endif /* _LINUX_KCONFIG_H */
