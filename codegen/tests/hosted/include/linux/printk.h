/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct va_format, which "%pV" prints: the stand-in's hosted_warn() expands
 * a format that starts with it.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <linux/stdarg.h>

struct va_format {
	const char *fmt;
	va_list *va;
};

#endif /* _LINUX_PRINTK_H */
