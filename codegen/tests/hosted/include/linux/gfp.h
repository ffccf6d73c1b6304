/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO	0x100u
#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u

#endif /* _LINUX_GFP_H */
