/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BIT() for the hosted build: an unsigned long with bit nr set, the type the
 * kernel's macro gives, so flag enumerators compare as they do in a kernel.
 */
#ifndef _LINUX_BITS_H
#define _LINUX_BITS_H

#define BIT(nr) (1UL << (nr))

#endif /* _LINUX_BITS_H */
