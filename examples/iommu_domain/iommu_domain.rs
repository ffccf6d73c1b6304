// SPDX-License-Identifier: GPL-2.0

//! The iommu_domain type of `iommu_domain.maptype` beside it, declared in
//! Rust: a flag set, errno ops, an explicit `#[undoes]` pair, and entry
//! points that bind the negotiated domain and check their arguments
//! (codegen/cli/tests/cli_from_rust.rs compares the two IRs).

/// IOMMU domain: the importer offers the IOMMU domain it manages and the
/// exporter maps the buffer straight into it at an IOVA the importer chose,
/// so physical addresses never leave the exporter. Private to iommufd.
#[maptype::mapping_type(
    name = "IOMMU Domain",
    export(gpl),
    private(module = "iommufd", dir = "drivers/iommu/iommufd"),
    core("../../schemas/pal.maptype", "../../schemas/sgt.maptype")
)]
pub mod iommu_domain {
    /// Kinds of memory an IOMMU domain maps.
    #[flags]
    enum iommu_domain_reach {
        /// Device MMIO (a BAR), mapped with IOMMU_MMIO.
        IOMMU_DOMAIN_REACH_MMIO,
        /// Memory of another device, reached over PCIe peer-to-peer.
        IOMMU_DOMAIN_REACH_P2P,
    }

    struct Data {
        /// The importer's domain the buffer is mapped into.
        #[importer]
        domain: *mut iommu_domain,
        /// What the importer's domain can map.
        #[importer]
        #[as_enum(iommu_domain_reach)]
        reach: u8,
        /// The exporting device; the exporter maps only if the domain can reach it.
        #[exporter]
        dev: *mut device,
        /// What the buffer's memory is.
        #[exporter]
        #[as_enum(iommu_domain_reach)]
        memory: u8,
    }

    /// Exporter callbacks for an IOMMU-domain attachment.
    #[ops(dma_buf_mapping_iommu_domain_exp_ops)]
    trait Ops {
        /// Map the whole buffer into @domain at @iova with @prot.
        fn map_into_domain(
            attach: *mut dma_buf_attachment,
            domain: *mut iommu_domain,
            iova: c_ulong,
            size: usize,
            prot: c_int,
        ) -> Result;
        /// Remove what map_into_domain mapped at @iova.
        #[undoes(map_into_domain)]
        fn unmap_from_domain(attach: *mut dma_buf_attachment, domain: *mut iommu_domain, iova: c_ulong, size: usize);
    }

    /// An importer candidate offering @domain, which maps memory of kinds @reach.
    importer!(DMA_BUF_IMAPPING_IOMMU_DOMAIN(domain, reach));
    /// An exporter candidate of device @dev, whose memory is of kinds @memory.
    exporter!(DMA_BUF_EMAPPING_IOMMU_DOMAIN(exp_ops => ops, dev, memory));

    #[compatible]
    fn compatible() {
        /// The domain must map every kind of memory the buffer is made of.
        require!((imp.reach & exp.memory) == exp.memory, EOPNOTSUPP);
        if exp.memory.has(IOMMU_DOMAIN_REACH_P2P) {
            /// Peer-to-peer memory goes only into the domain the exporting device is in.
            require!(iommu_get_domain_for_dev(exp.dev) == imp.domain, EOPNOTSUPP);
        }
    }

    extern "C" {
        /// The domain @dev is attached to.
        #[header("<linux/iommu.h>")]
        fn iommu_get_domain_for_dev(dev: *mut device) -> *mut iommu_domain;
    }

    #[on_match]
    fn on_match() {
        keep!(imp.domain, exp.dev, exp.memory);
    }

    /// The negotiated domain, or NULL if the attachment is not an IOMMU-domain one.
    accessor!(dma_buf_iommu_domain -> *mut iommu_domain = domain);
    /// True iff the buffer is device MMIO, to be mapped with IOMMU_MMIO.
    accessor!(dma_buf_iommu_domain_is_mmio -> bool = memory.has(IOMMU_DOMAIN_REACH_MMIO));

    /// Map the buffer at @iova of the negotiated domain.
    entry!(dma_buf_iommu_domain_map = map_into_domain, locked resv {
        bind domain;
        require iova aligned PAGE_SIZE else EINVAL;
        require size == dmabuf.size else EINVAL;
    });
    /// Unmap what dma_buf_iommu_domain_map mapped.
    entry!(dma_buf_iommu_domain_unmap = unmap_from_domain, locked resv {
        bind domain;
    });
}
