/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SIZES_H
#define _LINUX_SIZES_H

#define SZ_1K		0x00000400
#define SZ_4K		0x00001000
#define SZ_8K		0x00002000
#define SZ_16K		0x00004000
#define SZ_64K		0x00010000
#define SZ_1M		0x00100000
#define SZ_2M		0x00200000
#define SZ_1G		0x40000000
#define SZ_4G		_AC(0x100000000, ULL)

#define _AC(x, y)	(x##y)

#endif /* _LINUX_SIZES_H */
