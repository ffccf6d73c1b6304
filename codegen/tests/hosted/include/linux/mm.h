/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's <linux/mm.h> reaches all of these. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <asm/page.h>
#include <linux/align.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/types.h>

#endif /* _LINUX_MM_H */
