// SPDX-License-Identifier: GPL-2.0

//! The driver-private xe_iov type of `schemas/xe_iov.maptype`, declared in
//! Rust instead: `maptype generate --from-rust` writes its C side (header,
//! glue, KUnit suite), and `#[maptype::mapping_type]` on the module expands
//! to its Rust module. Both lower to the same IR as the definition
//! (codegen/cli/tests/cli_from_rust.rs compares them).

/// Intel xe SR-IOV VF VRAM ("IOV interconnect"): the xe PF driver imports a
/// buffer that vfio-pci exported from a BAR of one of its own VFs and turns
/// the BAR ranges into VRAM addresses of its own.
#[maptype::mapping_type(
    name = "Intel xe SR-IOV VF VRAM",
    export(to_modules("xe-vfio-pci")),
    /// Only the xe PF driver imports it, so its glue lives there.
    private(module = "xe", dir = "drivers/gpu/drm/xe"),
    core("../../schemas/pal.maptype", "../../schemas/sgt.maptype")
)]
pub mod xe_iov {
    struct Data {
        /// The importing physical function.
        #[importer]
        pf: *mut pci_dev,
        /// The exporting virtual function.
        #[exporter]
        vf: *mut pci_dev,
        /// The VF BAR the buffer lives in.
        #[importer]
        #[exporter]
        bar: c_uint,
    }

    /// Exporter callbacks for an IOV attachment.
    #[ops(dma_buf_mapping_xe_iov_exp_ops)]
    trait Ops {
        /// Return the VF BAR ranges: *@nelms entries in BAR *@bar_number.
        fn map(
            attach: *mut dma_buf_attachment,
            bar_number: *mut c_uint,
            nelms: *mut usize,
        ) -> Result<*const dma_buf_phys_vec>;
    }

    /// One range of the VF BAR, as PAL defines it.
    #[c_struct(from = "pal")]
    struct dma_buf_phys_vec {
        /// Physical start address.
        paddr: phys_addr_t,
        /// Length in bytes.
        len: usize,
    }

    /// What map returns: *@nelms ranges of the VF BAR, in an array the
    /// exporter owns for as long as the buffer lives.
    #[result]
    struct dma_buf_xe_iov_ranges {
        /// The number of ranges, map's out-parameter.
        nelms: *mut usize,
        /// The ranges map returns.
        #[ranges(paddr, len)]
        #[invariants(
            /// What the PF relies on before it turns the ranges into VRAM addresses.
        )]
        #[invariant(nonempty)]
        #[invariant(count <= dmabuf.size / PAGE_SIZE)]
        #[invariant(each len nonzero)]
        #[invariant(each paddr aligned PAGE_SIZE)]
        #[invariant(each len aligned PAGE_SIZE)]
        #[invariant(no_overflow else EOVERFLOW)]
        #[invariant(no_overlap)]
        #[invariant(total == dmabuf.size)]
        ranges: [dma_buf_phys_vec; nelms],
    }

    /// An importer candidate of the PF @pf for BAR @bar.
    importer!(DMA_BUF_IMAPPING_XE_IOV(pf, bar));
    /// An exporter candidate of VF @vf, BAR @bar.
    exporter!(DMA_BUF_EMAPPING_XE_IOV(exp_ops => ops, vf, bar));

    extern "C" {
        /// The PF of an SR-IOV VF (the device itself if it is not a VF).
        #[header("<linux/pci.h>")]
        fn pci_physfn(dev: *mut pci_dev) -> *mut pci_dev;
    }

    #[compatible]
    fn compatible() {
        require!(pci_physfn(exp.vf) == imp.pf, EOPNOTSUPP);
        require!(exp.bar == imp.bar, EOPNOTSUPP);
    }

    #[on_match]
    fn on_match() {
        keep!(imp.pf, exp.vf, imp.bar);
    }

    /// The exporting VF, or NULL if the attachment is not IOV.
    accessor!(dma_buf_xe_iov_vf -> *mut pci_dev = vf);
    /// The exporter's IOV ops, or NULL if the attachment is not IOV.
    ops_accessor!(dma_buf_get_xe_iov_ops);

    /// Get the VF BAR ranges.
    entry!(dma_buf_xe_iov_map = map, locked resv, export(local));

    debugfs!(" vf %s bar %u", pci_name(vf), bar);
    extern "C" {
        #[header("<linux/pci.h>")]
        fn pci_name(pdev: *const pci_dev) -> *const c_char;
    }
}
