/* SPDX-License-Identifier: GPL-2.0 */
/*
 * As on a kernel without CONFIG_PCI_P2PDMA (UML, where the KUnit proof
 * runs): no device can reach another. Tests that need a reachable peer stub
 * the generated wrapper with kunit_activate_static_stub().
 */
#ifndef _LINUX_PCI_P2PDMA_H
#define _LINUX_PCI_P2PDMA_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct device;
struct pci_dev;

static inline int pci_p2pdma_distance(struct pci_dev *provider __always_unused,
				      struct device *client __always_unused,
				      bool verbose __always_unused)
{
	return -1;
}

#endif /* _LINUX_PCI_P2PDMA_H */
