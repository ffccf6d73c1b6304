// SPDX-License-Identifier: GPL-2.0
// generated from schemas/sgt.maptype by cargo run -- generate; do not edit

//! DMA mapped scatter-gather table: the exporter maps the buffer for the
//! importer's DMA device and hands over a `struct sg_table` of DMA addresses.
//!
//! C header: [`include/linux/dma-buf-mapping-sgt.h`](srctree/include/linux/dma-buf-mapping-sgt.h)

use crate::bindings;

/// The DMA Mapped Scatter Gather Table type: the address of its C singleton
/// `dma_buf_mapping_sgt_type`.
#[allow(unused_unsafe)]
pub fn mapping_type() -> *const bindings::dma_buf_mapping_type {
    // SAFETY: Only the address of the C singleton is taken; it is not read or written.
    unsafe { core::ptr::addr_of!(bindings::dma_buf_mapping_sgt_type) }
}

/// Whether `attach` negotiated the DMA Mapped Scatter Gather Table type.
pub fn is_sgt(attach: &super::Attachment) -> bool {
    attach.mapping_type() == mapping_type()
}

/// Peer-to-peer requirements of an SGT candidate.
///
/// C `enum dma_sgt_requires_p2p`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DmaSgtRequiresP2p {
    /// No peer-to-peer DMA involved.
    NoP2p,
    /// Exporter: the importer must reach the p2p device by PCI P2P DMA.
    ExporterRequiresP2pDistance,
    /// Importer: can DMA to another device's PCI BAR.
    ImporterAcceptsP2p,
}

impl DmaSgtRequiresP2p {
    /// The C value.
    pub const fn to_raw(self) -> bindings::dma_sgt_requires_p2p {
        match self {
            Self::NoP2p => bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P,
            Self::ExporterRequiresP2pDistance => {
                bindings::dma_sgt_requires_p2p_DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE
            }
            Self::ImporterAcceptsP2p => bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P,
        }
    }

    /// The variant a C value names, or `None` if it names none.
    pub const fn from_raw(raw: bindings::dma_sgt_requires_p2p) -> Option<Self> {
        match raw {
            bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P => Some(Self::NoP2p),
            bindings::dma_sgt_requires_p2p_DMA_SGT_EXPORTER_REQUIRES_P2P_DISTANCE => {
                Some(Self::ExporterRequiresP2pDistance)
            }
            bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P => {
                Some(Self::ImporterAcceptsP2p)
            }
            _ => None,
        }
    }
}

/// The values `importer_accepts_p2p` may hold: a subset of [`DmaSgtRequiresP2p`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImporterAcceptsP2p {
    /// No peer-to-peer DMA involved.
    NoP2p,
    /// Importer: can DMA to another device's PCI BAR.
    ImporterAcceptsP2p,
}

impl ImporterAcceptsP2p {
    /// The C value.
    pub const fn to_raw(self) -> bindings::dma_sgt_requires_p2p {
        match self {
            Self::NoP2p => bindings::dma_sgt_requires_p2p_DMA_SGT_NO_P2P,
            Self::ImporterAcceptsP2p => bindings::dma_sgt_requires_p2p_DMA_SGT_IMPORTER_ACCEPTS_P2P,
        }
    }
}

impl From<ImporterAcceptsP2p> for DmaSgtRequiresP2p {
    fn from(v: ImporterAcceptsP2p) -> Self {
        match v {
            ImporterAcceptsP2p::NoP2p => Self::NoP2p,
            ImporterAcceptsP2p::ImporterAcceptsP2p => Self::ImporterAcceptsP2p,
        }
    }
}

/// Exporter callbacks for an SGT attachment.
///
/// The Rust side of C `struct dma_buf_mapping_sgt_exp_ops`: [`SgtExporterVTable`] builds the C ops
/// of an implementation, and the exporter constructors take it as their type parameter.
pub trait SgtExporter {
    /// Map the buffer for the attachment's DMA device.
    ///
    /// An error reaches the importer as an `ERR_PTR()`.
    fn map_dma_buf(
        attach: &super::Attachment,
        dir: super::DataDirection,
    ) -> crate::error::Result<core::ptr::NonNull<bindings::sg_table>>;

    /// Undo map_dma_buf.
    fn unmap_dma_buf(
        attach: &super::Attachment,
        sgt: core::ptr::NonNull<bindings::sg_table>,
        dir: super::DataDirection,
    );
}

/// Builds the C `struct dma_buf_mapping_sgt_exp_ops` of a [`SgtExporter`] implementation.
pub struct SgtExporterVTable<T: SgtExporter>(core::marker::PhantomData<T>);

impl<T: SgtExporter> SgtExporterVTable<T> {
    const OPS: bindings::dma_buf_mapping_sgt_exp_ops = {
        // SAFETY: `struct dma_buf_mapping_exp_ops` has no fields, so all zeroes is a valid value.
        let ops = unsafe { core::mem::zeroed() };
        bindings::dma_buf_mapping_sgt_exp_ops {
            ops,
            map_dma_buf: Some(map_dma_buf_callback::<T>),
            unmap_dma_buf: Some(unmap_dma_buf_callback::<T>),
        }
    };

    /// The C ops of `T`, at a static address; each op calls `T`'s method through a
    /// trampoline.
    pub const fn ops() -> &'static bindings::dma_buf_mapping_sgt_exp_ops {
        &Self::OPS
    }
}

/// The C `map_dma_buf` op of `T`: converts the arguments, calls `T::map_dma_buf` and converts its
/// result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) fails with `EINVAL`.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_sgt_exp_ops` built for `T`,
/// with the arguments the C op is documented to take.
unsafe extern "C" fn map_dma_buf_callback<T: SgtExporter>(
    attach: *mut bindings::dma_buf_attachment,
    dir: bindings::dma_data_direction,
) -> *mut bindings::sg_table {
    if attach.is_null() {
        return crate::error::code::EINVAL.to_ptr();
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { super::Attachment::from_raw(attach) };
    let Some(dir) = super::DataDirection::from_raw(dir) else {
        return crate::error::code::EINVAL.to_ptr();
    };
    super::result_to_ptr(T::map_dma_buf(attach, dir))
}

/// The C `unmap_dma_buf` op of `T`: converts the arguments, calls `T::unmap_dma_buf` and converts
/// its result.
///
/// An argument Rust cannot represent (a null pointer, an unknown enum value) skips the call.
///
/// # Safety
///
/// Only the dma-buf core calls it, through the `struct dma_buf_mapping_sgt_exp_ops` built for `T`,
/// with the arguments the C op is documented to take.
unsafe extern "C" fn unmap_dma_buf_callback<T: SgtExporter>(
    attach: *mut bindings::dma_buf_attachment,
    sgt: *mut bindings::sg_table,
    dir: bindings::dma_data_direction,
) {
    if attach.is_null() {
        return;
    }

    // SAFETY: The core passes the attachment being mapped, live for the whole call.
    let attach = unsafe { super::Attachment::from_raw(attach) };
    let Some(sgt) = core::ptr::NonNull::new(sgt) else {
        return;
    };
    let Some(dir) = super::DataDirection::from_raw(dir) else {
        return;
    };
    T::unmap_dma_buf(attach, sgt, dir);
}

/// An importer candidate: map for `importing_dma_device`. Pass
/// DMA_SGT_IMPORTER_ACCEPTS_P2P or DMA_SGT_NO_P2P; any other value (`true`
/// included) is a bug, warns, and never matches a P2P exporter.
///
/// C `DMA_BUF_IMAPPING_SGT()` (static inline).
pub fn imapping_sgt<'a>(
    importing_dma_device: &'a crate::device::Device,
    importer_accepts_p2p: ImporterAcceptsP2p,
) -> super::Match<'a> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'a`.
    unsafe {
        super::Match::from_raw(bindings::DMA_BUF_IMAPPING_SGT(
            importing_dma_device.as_raw(),
            importer_accepts_p2p.to_raw(),
        ))
    }
}

/// An exporter candidate without peer-to-peer.
///
/// C `DMA_BUF_EMAPPING_SGT()` (macro).
pub fn emapping_sgt<T: SgtExporter>() -> super::Match<'static> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'static` (the ops are static).
    unsafe { super::Match::from_raw(bindings::DMA_BUF_EMAPPING_SGT(SgtExporterVTable::<T>::ops())) }
}

/// An exporter candidate whose memory is on `p2p_device`.
///
/// C `DMA_BUF_EMAPPING_SGT_P2P()` (static inline).
pub fn emapping_sgt_p2p<'a, T: SgtExporter>(p2p_device: &'a super::PciDev) -> super::Match<'a> {
    // SAFETY: The C helper only builds a candidate from its arguments; what the candidate points to
    // is valid for `'a` (the ops are static).
    unsafe {
        super::Match::from_raw(bindings::DMA_BUF_EMAPPING_SGT_P2P(
            SgtExporterVTable::<T>::ops(),
            p2p_device.as_raw(),
        ))
    }
}

/// The device the attachment is mapped for, or NULL if it is not SGT.
///
/// C `dma_buf_sgt_dma_device()`. `None` when `attach` did not negotiate the DMA Mapped Scatter
/// Gather Table type.
pub fn sgt_dma_device(attach: &super::Attachment) -> Option<&crate::device::Device> {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    let value = unsafe { bindings::dma_buf_sgt_dma_device(attach.as_raw()) };
    if value.is_null() {
        return None;
    }

    // SAFETY: A device of the negotiated match stays valid while the attachment exists.
    Some(unsafe { crate::device::Device::as_ref(value) })
}

/// True iff the peer-to-peer exporter candidate matched.
///
/// C `dma_buf_sgt_p2p_allowed()`. `false` when `attach` did not negotiate the DMA Mapped Scatter
/// Gather Table type.
pub fn sgt_p2p_allowed(attach: &super::Attachment) -> bool {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    unsafe { bindings::dma_buf_sgt_p2p_allowed(attach.as_raw()) }
}

/// The exporter's C `struct dma_buf_mapping_sgt_exp_ops` of the match `attach` negotiated, or
/// `None` when it did not negotiate the DMA Mapped Scatter Gather Table type (C
/// `dma_buf_get_sgt_ops()`).
pub fn get_sgt_ops(attach: &super::Attachment) -> Option<&bindings::dma_buf_mapping_sgt_exp_ops> {
    // SAFETY: `attach` is a live attachment; the helper only reads its negotiated match.
    let ops = unsafe { bindings::dma_buf_get_sgt_ops(attach.as_raw()) };
    // SAFETY: An exporter's ops outlive every attachment that negotiated them.
    unsafe { ops.as_ref() }
}

/// Map the attachment; the caller holds the reservation lock.
///
/// C `dma_buf_sgt_map_attachment()`.
///
/// # Safety
///
/// The caller must hold the buffer's reservation lock.
pub unsafe fn sgt_map_attachment(
    attach: &super::Attachment,
    dir: super::DataDirection,
) -> crate::error::Result<core::ptr::NonNull<bindings::sg_table>> {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    let ret = unsafe { bindings::dma_buf_sgt_map_attachment(attach.as_raw(), dir.to_raw()) };
    let ptr = crate::error::from_err_ptr(ret)?;
    core::ptr::NonNull::new(ptr).ok_or(crate::error::code::EINVAL)
}

/// Map the attachment, taking the reservation lock.
///
/// C `dma_buf_sgt_map_attachment_unlocked()`.
///
/// Takes the buffer's reservation lock; the caller must not hold it.
pub fn sgt_map_attachment_unlocked(
    attach: &super::Attachment,
    dir: super::DataDirection,
) -> crate::error::Result<core::ptr::NonNull<bindings::sg_table>> {
    // SAFETY: `attach` is a live attachment and the arguments are what the C function takes.
    let ret =
        unsafe { bindings::dma_buf_sgt_map_attachment_unlocked(attach.as_raw(), dir.to_raw()) };
    let ptr = crate::error::from_err_ptr(ret)?;
    core::ptr::NonNull::new(ptr).ok_or(crate::error::code::EINVAL)
}

/// Unmap; the caller holds the reservation lock.
///
/// C `dma_buf_sgt_unmap_attachment()`.
///
/// # Safety
///
/// - The caller must hold the buffer's reservation lock.
/// - Every pointer argument must be what `dma_buf_sgt_map_attachment()` returned for `attach`, and
///   is not used again.
pub unsafe fn sgt_unmap_attachment(
    attach: &super::Attachment,
    sgt: core::ptr::NonNull<bindings::sg_table>,
    dir: super::DataDirection,
) {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    unsafe { bindings::dma_buf_sgt_unmap_attachment(attach.as_raw(), sgt.as_ptr(), dir.to_raw()) };
}

/// Unmap, taking the reservation lock.
///
/// C `dma_buf_sgt_unmap_attachment_unlocked()`.
///
/// Takes the buffer's reservation lock; the caller must not hold it.
///
/// # Safety
///
/// Every pointer argument must be what `dma_buf_sgt_map_attachment_unlocked()` returned for
/// `attach`, and is not used again.
pub unsafe fn sgt_unmap_attachment_unlocked(
    attach: &super::Attachment,
    sgt: core::ptr::NonNull<bindings::sg_table>,
    dir: super::DataDirection,
) {
    // SAFETY: `attach` is a live attachment, and the caller meets the requirements above.
    unsafe {
        bindings::dma_buf_sgt_unmap_attachment_unlocked(attach.as_raw(), sgt.as_ptr(), dir.to_raw())
    };
}
