// SPDX-License-Identifier: GPL-2.0

//! The core's sgt type of `schemas/sgt.maptype` in the Rust form: every
//! construct of the language in its Rust spelling. A core type's module
//! belongs to the kernel crate, so this file is read by `lint`, `ir` and
//! `generate` (codegen/cli/tests/cli_from_rust.rs: the IR and every file
//! generated from `schemas/` come out the same), not expanded by a driver.

/// DMA mapped scatter-gather table: the exporter maps the buffer for the
/// importer's DMA device and hands over a `struct sg_table` of DMA addresses.
#[maptype::mapping_type(
    /// The RFC's name for it, which debugfs prints.
    name = "DMA Mapped Scatter Gather Table",
    /// In the dma-buf core's namespace, as the rest of its API.
    export(ns("DMA_BUF"))
)]
pub mod sgt {
    /// Peer-to-peer requirements of an SGT candidate.
    enum dma_sgt_requires_p2p {
        /// No peer-to-peer DMA involved.
        DMA_SGT_NO_P2P = 0,
        /// Exporter: the importer must reach the p2p device by PCI P2P DMA.
        DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE,
        /// Importer: can DMA to another device's PCI BAR.
        DMA_SGT_IMPORTER_ACCEPTS_P2P,
    }

    #[member(sgt_data)]
    struct Data {
        /// The device the buffer is DMA mapped for.
        #[importer]
        importing_dma_device: *mut device,
        /// The PCI device providing the memory; only set with P2P.
        #[exporter]
        #[opaque]
        #[default(NULL)]
        exporting_p2p_device: *mut pci_dev,
        /// Whether the importer can use PCI P2P DMA.
        #[importer]
        #[as_enum(dma_sgt_requires_p2p)]
        #[allowed(DMA_SGT_NO_P2P, DMA_SGT_IMPORTER_ACCEPTS_P2P)]
        importer_accepts_p2p: u8,
        /// Whether the exporter needs a P2P-capable importer.
        #[exporter]
        #[as_enum(dma_sgt_requires_p2p)]
        #[allowed(DMA_SGT_NO_P2P, DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE)]
        #[default(DMA_SGT_NO_P2P)]
        exporter_requires_p2p: u8,
    }

    /// Exporter callbacks for an SGT attachment.
    #[ops(dma_buf_mapping_sgt_exp_ops)]
    trait Ops {
        /// Map the buffer for the attachment's DMA device.
        fn map_dma_buf(attach: *mut dma_buf_attachment, dir: c!(enum dma_data_direction)) -> Result<*mut sg_table>;
        /// Undo map_dma_buf.
        fn unmap_dma_buf(attach: *mut dma_buf_attachment, sgt: *mut sg_table, dir: c!(enum dma_data_direction));
    }

    /// An importer candidate: map for @importing_dma_device. Pass
    /// DMA_SGT_IMPORTER_ACCEPTS_P2P or DMA_SGT_NO_P2P; any other value (`true`
    /// included) is a bug, warns, and never matches a P2P exporter.
    importer!(DMA_BUF_IMAPPING_SGT(importing_dma_device, importer_accepts_p2p));
    /// An exporter candidate without peer-to-peer.
    exporter!(DMA_BUF_EMAPPING_SGT(exp_ops => ops) as macro);
    /// An exporter candidate whose memory is on @p2p_device.
    exporter!(DMA_BUF_EMAPPING_SGT_P2P(exp_ops => ops, p2p_device: *mut pci_dev => exporting_p2p_device) {
        exporter_requires_p2p = DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE;
    });
    /// dma_buf_ops initializer for exporters with one SGT candidate.
    single_exporter!(DMA_BUF_SIMPLE_SGT_EXP_MATCH(map_dma_buf, unmap_dma_buf));

    extern "C" {
        /// PCI P2P DMA distance between provider and client; negative if unreachable.
        #[header("<linux/pci-p2pdma.h>")]
        fn pci_p2pdma_distance(provider: *mut pci_dev, client: *mut device, verbose: bool) -> c_int;
        #[header("<linux/device.h>")]
        fn dev_name(dev: *const device) -> *const c_char;
    }

    /// Any importer can take a plain SGT; a P2P one needs an importer that
    /// accepts P2P and reaches the exporter's device.
    #[compatible]
    fn compatible() {
        if exp.exporter_requires_p2p == DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE {
            /// A P2P exporter candidate without its device is a driver bug.
            require!(exp.exporting_p2p_device, warn, EOPNOTSUPP);
            require!(imp.importer_accepts_p2p == DMA_SGT_IMPORTER_ACCEPTS_P2P, EOPNOTSUPP);
            require!(pci_p2pdma_distance(exp.exporting_p2p_device, imp.importing_dma_device, true) >= 0, EOPNOTSUPP);
        }
    }

    /// The attachment keeps what the entry points and accessors read, and
    /// sets the fields older importers read.
    #[on_match]
    fn on_match() {
        keep!(imp.importing_dma_device, imp.importer_accepts_p2p, exp.exporter_requires_p2p);
        legacy!(attach.dev = imp.importing_dma_device);
        legacy!(attach.peer2peer = imp.importer_accepts_p2p == DMA_SGT_IMPORTER_ACCEPTS_P2P);
    }

    /// The device the attachment is mapped for, or NULL if it is not SGT.
    accessor!(dma_buf_sgt_dma_device -> *mut device = importing_dma_device);
    /// True iff the peer-to-peer exporter candidate matched.
    accessor!(dma_buf_sgt_p2p_allowed -> bool = exporter_requires_p2p == DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE);
    /// The exporter's SGT ops, or NULL if the attachment is not SGT.
    ops_accessor!(dma_buf_get_sgt_ops);

    /// Map the attachment; the caller holds the reservation lock.
    entry!(dma_buf_sgt_map_attachment = map_dma_buf, locked resv);
    /// Map the attachment, taking the reservation lock.
    entry!(dma_buf_sgt_map_attachment_unlocked = map_dma_buf, takes resv);
    /// Unmap; the caller holds the reservation lock.
    entry!(dma_buf_sgt_unmap_attachment = unmap_dma_buf, locked resv);
    /// Unmap, taking the reservation lock.
    entry!(dma_buf_sgt_unmap_attachment_unlocked = unmap_dma_buf, takes resv);

    /// The device the buffer is mapped for.
    debugfs!(" %s", dev_name(importing_dma_device));
}
