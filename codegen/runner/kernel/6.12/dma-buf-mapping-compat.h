/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The spellings of Linux 6.12's dma-buf core that the attach hooks use. The
 * hooks are the same files for 6.12 and 7.3; maptype's kernel runner puts
 * the header of the kernel it builds beside them. Not generated: the
 * generated code follows its target by itself.
 */
#ifndef _DMA_BUF_MAPPING_COMPAT_H
#define _DMA_BUF_MAPPING_COMPAT_H

/* The dma-buf core's symbol namespace: a bare word, as 6.12 spells namespaces. */
#define DMA_BUF_MAPPING_NS DMA_BUF

/* The dynamic importer's callback for a buffer that moves. */
#define DMA_BUF_MAPPING_INVALIDATE move_notify

/*
 * 6.12's stock attach maps the attachment of a dynamic importer to a static
 * exporter at once, and unmaps it at detach.
 */
#define DMA_BUF_MAPPING_STOCK_ATTACH_MAPS 1

#endif /* _DMA_BUF_MAPPING_COMPAT_H */
