/* SPDX-License-Identifier: GPL-2.0 */
/* PCI devices as SR-IOV sees them: a VF knows its PF. CONFIG_PCI_IOV=y. */
#ifndef _LINUX_PCI_H
#define _LINUX_PCI_H

#include <linux/device.h>
#include <linux/types.h>

struct pci_dev {
	struct device dev;
	struct pci_dev *physfn;		/* the PF, when is_virtfn */
	unsigned int is_virtfn:1;
};

/* The physical function of a VF; any other device is its own. */
static inline struct pci_dev *pci_physfn(struct pci_dev *dev)
{
	if (dev->is_virtfn)
		return dev->physfn;
	return dev;
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

#endif /* _LINUX_PCI_H */
