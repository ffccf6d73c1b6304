// SPDX-License-Identifier: GPL-2.0
// generated from schemas/pal.maptype, schemas/sgt.maptype, schemas/xe_iov.maptype
// by cargo run -- generate; do not edit

//! DMA-buf: buffers shared between drivers.
//!
//! C header: [`include/linux/dma-buf.h`](srctree/include/linux/dma-buf.h)

pub mod mapping;
