/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KUNIT_TEST_H
#define _KUNIT_TEST_H

/* Tests pass NULL: the hosted run is one test at a time. */
struct kunit;

#endif /* _KUNIT_TEST_H */
