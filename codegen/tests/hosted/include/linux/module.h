/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/export.h>

#define MODULE_LICENSE(s)	static const char __hosted_license[] __used = s
#define MODULE_DESCRIPTION(s)	static const char __hosted_description[] __used = s

#endif /* _LINUX_MODULE_H */
