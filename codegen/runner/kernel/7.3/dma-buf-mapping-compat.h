/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The spellings of Linux 7.3's dma-buf core that the attach hooks use. The
 * hooks are the same files for 6.12 and 7.3; maptype's kernel runner puts
 * the header of the kernel it builds beside them. Not generated: the
 * generated code follows its target by itself.
 */
#ifndef _DMA_BUF_MAPPING_COMPAT_H
#define _DMA_BUF_MAPPING_COMPAT_H

/* The dma-buf core's symbol namespace: a string, as the kernel spells namespaces since 6.13. */
#define DMA_BUF_MAPPING_NS "DMA_BUF"

/* The dynamic importer's callback for a buffer that moves. */
#define DMA_BUF_MAPPING_INVALIDATE invalidate_mappings

/*
 * 7.3's stock attach maps nothing at attach, whichever side is dynamic.
 */
#define DMA_BUF_MAPPING_STOCK_ATTACH_MAPS 0

#endif /* _DMA_BUF_MAPPING_COMPAT_H */
