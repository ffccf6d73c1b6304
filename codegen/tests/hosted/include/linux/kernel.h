/* SPDX-License-Identifier: GPL-2.0 */
/* The parts of the kernel's catch-all header that it reaches in 6.12. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/stddef.h>
#include <linux/types.h>

#endif /* _LINUX_KERNEL_H */
