/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>

struct device {
	const char *name;
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

#endif /* _LINUX_DEVICE_H */
