/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_STRINGIFY_H
#define _LINUX_STRINGIFY_H
#include <linux/compiler_types.h>
#endif
