/* SPDX-License-Identifier: GPL-2.0 */
/* A seq_file that appends into a caller-provided buffer the test reads. */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
};

/* Both truncate at @size - 1 and keep @buf NUL-terminated. */
void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);

#endif /* _LINUX_SEQ_FILE_H */
