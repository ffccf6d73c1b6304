/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Example consumers of the generated DMA-buf mapping type API: what each
 * example driver offers to the others. The KUnit suites in
 * maptype-examples-test.c attach them to each other.
 */
#ifndef _MAPTYPE_EXAMPLES_H
#define _MAPTYPE_EXAMPLES_H

#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/types.h>
#include <linux/version.h>

/*
 * The examples build in Linux 6.12 and 7.3, and three names differ between
 * those kernels; the generated headers follow the kernel they were
 * generated for, the examples follow with these.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 3, 0)
/* PAL's range: the kernel's struct phys_vec. */
#define example_phys_vec phys_vec
/* The dynamic importer's move callback and the exporter's notifier. */
#define EXAMPLE_INVALIDATE invalidate_mappings
#define example_invalidate_mappings dma_buf_invalidate_mappings
#else
#define example_phys_vec dma_buf_phys_vec
#define EXAMPLE_INVALIDATE move_notify
#define example_invalidate_mappings dma_buf_move_notify
#endif

/* A symbol namespace is a bare word in 6.12 and a string from 6.13 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define EXAMPLE_DMA_BUF_NS "DMA_BUF"
#else
#define EXAMPLE_DMA_BUF_NS DMA_BUF
#endif

struct device;
struct pci_dev;
struct page;

/* vfio_exporter.c: a vfio-pci style exporter of a PCI BAR range */

struct example_vfio_dmabuf;

/**
 * struct example_vfio_variant - hooks of a vfio-pci variant driver
 * @match_mapping: offer the exporter candidates; replaces the generic
 *   PAL then P2P SGT list, so a variant can put its own type first
 */
struct example_vfio_variant {
	int (*match_mapping)(struct dma_buf_match_args *args);
};

/**
 * struct example_vfio_dmabuf - a BAR range exported as a dma-buf
 * @pdev: the PCI function whose BAR is exported
 * @bar: the BAR index
 * @variant: the variant driver's hooks, or NULL
 * @revoked: set under the reservation lock when the device is reset
 * @nr_ranges: number of entries in @phys
 * @phys: the CPU physical ranges of the BAR that make up the buffer
 */
struct example_vfio_dmabuf {
	struct pci_dev *pdev;
	unsigned int bar;
	const struct example_vfio_variant *variant;
	bool revoked;
	size_t nr_ranges;
	struct example_phys_vec phys[] __counted_by(nr_ranges);
};

extern const struct dma_buf_mapping_pal_exp_ops example_vfio_pal_exp_ops;
extern const struct dma_buf_mapping_sgt_exp_ops example_vfio_sgt_exp_ops;

struct dma_buf *example_vfio_export(struct pci_dev *pdev, unsigned int bar,
				    const struct example_phys_vec *phys,
				    size_t nr_ranges,
				    const struct example_vfio_variant *variant);
void example_vfio_revoke(struct dma_buf *dmabuf);

/* xe_vfio_exporter.c: the xe-vfio-pci variant, IOV type first */

extern const struct example_vfio_variant example_xe_vfio_variant;

/* iommufd_importer.c: an iommufd style importer, PAL only */

/**
 * struct example_iommufd_area - one physical range mapped at an IOVA
 * @iova: where the range starts in the I/O address space
 * @paddr: the physical address it maps to
 * @len: length in bytes
 */
struct example_iommufd_area {
	unsigned long iova;
	phys_addr_t paddr;
	size_t len;
};

/**
 * struct example_iommufd_pages - a dma-buf imported into an I/O address space
 * @dmabuf: the buffer, with a reference held
 * @attach: the PAL attachment
 * @phys: the exporter's physical ranges while mapped, else NULL
 * @nr_areas: number of entries in @areas
 * @areas: the "IOMMU page table": one entry per physical range
 * @revoked: the exporter revoked the buffer; mapping again fails
 */
struct example_iommufd_pages {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct dma_buf_phys_list *phys;
	size_t nr_areas;
	struct example_iommufd_area *areas;
	bool revoked;
};

int example_iommufd_attach(struct example_iommufd_pages *pages,
			   struct dma_buf *dmabuf);
int example_iommufd_map(struct example_iommufd_pages *pages,
			unsigned long iova);
int example_iommufd_iova_to_phys(struct example_iommufd_pages *pages,
				 unsigned long iova, phys_addr_t *paddr);
void example_iommufd_unmap(struct example_iommufd_pages *pages);
void example_iommufd_detach(struct example_iommufd_pages *pages);

/* gpu_exporter.c: a GPU driver exporting buffer objects */

/**
 * struct example_gpu - the exporting GPU
 * @dev: its struct device
 * @p2p_pdev: its PCI function when the VRAM BAR can serve PCI P2P DMA,
 *   else NULL (for example a small BAR)
 * @vram_bar: CPU physical address of the VRAM BAR
 */
struct example_gpu {
	struct device *dev;
	struct pci_dev *p2p_pdev;
	phys_addr_t vram_bar;
};

/**
 * struct example_gpu_bo - a buffer object
 * @gpu: the GPU it belongs to
 * @in_vram: the current copy is in VRAM, else in @pages
 * @vram_offset: where in VRAM it lives while @in_vram
 * @size: size in bytes
 * @nr_pages: number of entries in @pages
 * @pages: system memory backing, used when not in VRAM
 */
struct example_gpu_bo {
	struct example_gpu *gpu;
	bool in_vram;
	u64 vram_offset;
	size_t size;
	unsigned int nr_pages;
	struct page **pages;
};

struct dma_buf *example_gpu_export(struct example_gpu *gpu, size_t size,
				   bool in_vram, u64 vram_offset);
struct dma_buf *example_gpu_export_simple(struct example_gpu *gpu,
					  size_t size);

/* xe_pf_importer.c: the xe PF importing VRAM of its own VFs */

#define EXAMPLE_XE_LMEM_BAR	2
#define EXAMPLE_XE_MAX_VFS	4

/**
 * struct example_xe_vf_config - what the PF provisioned for one VF
 * @vf: the VF
 * @lmem_bar: CPU physical address of the VF's LMEM BAR
 * @lmem_offset: where the VF's LMEM sits in the PF's VRAM
 * @lmem_size: how much VRAM the VF got
 */
struct example_xe_vf_config {
	struct pci_dev *vf;
	phys_addr_t lmem_bar;
	u64 lmem_offset;
	u64 lmem_size;
};

/**
 * struct example_xe_pf - the PF driver's view of its SR-IOV setup
 * @pdev: the PF
 * @num_vfs: number of entries in @vfs
 * @vfs: the enabled VFs
 */
struct example_xe_pf {
	struct pci_dev *pdev;
	unsigned int num_vfs;
	struct example_xe_vf_config vfs[EXAMPLE_XE_MAX_VFS];
};

/**
 * struct example_xe_vram_range - part of an imported buffer, in PF terms
 * @vram_addr: offset in the PF's VRAM
 * @len: length in bytes
 */
struct example_xe_vram_range {
	u64 vram_addr;
	u64 len;
};

struct dma_buf_attachment *example_xe_pf_attach(struct example_xe_pf *pf,
						struct dma_buf *dmabuf);
int example_xe_pf_import_vram(struct example_xe_pf *pf,
			      struct dma_buf_attachment *attach,
			      struct example_xe_vram_range **ranges,
			      size_t *nr_ranges);

#endif /* _MAPTYPE_EXAMPLES_H */
