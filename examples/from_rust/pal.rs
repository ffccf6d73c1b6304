// SPDX-License-Identifier: GPL-2.0

//! The core's pal type of `schemas/pal.maptype` in the Rust form (see
//! sgt.rs beside it): a C struct the kernel may lack, and a result with
//! its counted array and invariants.

/// Physical address list: the exporter hands over CPU physical addresses
/// (for example MMIO of a PCI BAR), for importers such as iommufd that map
/// them into an IOMMU themselves.
#[maptype::mapping_type(name = "Physical Address List", export(ns("DMA_BUF")))]
pub mod pal {
    /// One physical range.
    #[c_struct(since = "6.19", renamed = "phys_vec", renamed_since = "7.3")]
    struct dma_buf_phys_vec {
        /// Physical start address.
        paddr: phys_addr_t,
        /// Length in bytes.
        len: usize,
    }

    /// What map_phys returns: @length ranges in @phys.
    #[result]
    struct dma_buf_phys_list {
        /// Number of entries in @phys.
        length: usize,
        /// The ranges.
        #[ranges(paddr, len)]
        #[invariants(
            /// What iommufd relies on before mapping the ranges into an IOMMU.
        )]
        #[invariant(nonempty)]
        #[invariant(count <= dmabuf.size / PAGE_SIZE)]
        #[invariant(each len nonzero)]
        #[invariant(each paddr aligned PAGE_SIZE)]
        #[invariant(each len aligned PAGE_SIZE)]
        #[invariant(no_overflow else EOVERFLOW)]
        #[invariant(no_overlap)]
        #[invariant(total == dmabuf.size)]
        phys: [dma_buf_phys_vec; length],
    }

    /// Exporter callbacks for a PAL attachment.
    #[ops(dma_buf_mapping_pal_exp_ops)]
    trait Ops {
        /// Return the buffer's physical ranges.
        fn map_phys(attach: *mut dma_buf_attachment) -> Result<*mut dma_buf_phys_list>;
        /// Release what map_phys returned.
        fn unmap_phys(attach: *mut dma_buf_attachment, phys: *mut dma_buf_phys_list);
    }

    /// An importer candidate for physical addresses.
    importer!(DMA_BUF_IMAPPING_PAL());
    /// An exporter candidate for physical addresses.
    exporter!(DMA_BUF_EMAPPING_PAL(exp_ops => ops));

    /// The exporter's PAL ops, or NULL if the attachment is not PAL.
    ops_accessor!(dma_buf_get_pal_ops);

    /// Map to physical addresses; only iommufd may hand them to hardware.
    entry!(dma_buf_pal_map_phys = map_phys, locked resv, export(to_modules("iommufd")));
    /// Return what dma_buf_pal_map_phys gave. Exported to the same modules as
    /// its map, where the RFC gave the two different export policies.
    entry!(dma_buf_pal_unmap_phys = unmap_phys, export(to_modules("iommufd")));
}
