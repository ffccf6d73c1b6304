/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#include <linux/build_bug.h>
#include <linux/stddef.h>

/*
 * The struct of type @type whose member @member is at @ptr. Like the
 * kernel's, it refuses a @ptr whose type is not the member's.
 */
#define container_of(ptr, type, member) ({				\
	void *__hosted_mptr = (void *)(ptr);				\
	static_assert(__same_type(*(ptr), ((type *)0)->member) ||	\
		      __same_type(*(ptr), void),			\
		      "pointer type mismatch in container_of()");	\
	((type *)(__hosted_mptr - offsetof(type, member)));		\
})

#endif /* _LINUX_CONTAINER_OF_H */
