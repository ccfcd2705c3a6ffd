/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bounds-checked reader of the flattened device tree (FDT) that OpenSBI
 * hands over, filling struct boot_info.
 *
 * It trusts nothing in the blob: every offset, length and string is checked
 * against the bytes the caller says may be read, and the first problem ends
 * the parse with a code and the byte offset where it was found. Plain C with
 * no target dependency, so the host unit tests run it under sanitizers.
 */
#ifndef CAIRN_RISCV_FDT_H
#define CAIRN_RISCV_FDT_H

#include "bootinfo.h"
#include "types.h"

#define FDT_MAGIC        0xd00dfeedu
#define FDT_HEADER_SIZE  40u   /* a version 17 header; 16 lacks the last field */
#define FDT_MAX_DEPTH    16u   /* nodes nested deeper than this are refused */
#define FDT_PLIC_MAX_SOURCES 1023u   /* the PLIC specification's limit */
#define FDT_IRQ_S_EXTERNAL   9u      /* a hart's supervisor external interrupt */

/* Byte offsets of the big-endian header fields. */
#define FDT_HDR_MAGIC        0u
#define FDT_HDR_TOTALSIZE    4u
#define FDT_HDR_OFF_STRUCT   8u
#define FDT_HDR_OFF_STRINGS  12u
#define FDT_HDR_OFF_RSVMAP   16u
#define FDT_HDR_VERSION      20u
#define FDT_HDR_LAST_COMP    24u
#define FDT_HDR_SIZE_STRINGS 32u
#define FDT_HDR_SIZE_STRUCT  36u

#define FDT_TOKEN_BEGIN_NODE 1u
#define FDT_TOKEN_END_NODE   2u
#define FDT_TOKEN_PROP       3u
#define FDT_TOKEN_NOP        4u
#define FDT_TOKEN_END        9u

enum fdt_error {
    FDT_OK = 0,
    FDT_ERR_HEADER_SHORT,       /* fewer bytes than a header */
    FDT_ERR_MAGIC,
    FDT_ERR_VERSION,
    FDT_ERR_TOTALSIZE,          /* larger than the bytes given, or smaller than a header */
    FDT_ERR_ALIGN,              /* a block offset or size is misaligned */
    FDT_ERR_RSVMAP_BOUNDS,
    FDT_ERR_STRUCT_BOUNDS,
    FDT_ERR_STRINGS_BOUNDS,
    FDT_ERR_RSVMAP_UNTERMINATED,
    FDT_ERR_NO_END,             /* structure block ends before FDT_END */
    FDT_ERR_BAD_TOKEN,
    FDT_ERR_NAME_UNTERMINATED,
    FDT_ERR_PROP_TRUNCATED,     /* property header or value past the structure block */
    FDT_ERR_NAMEOFF,
    FDT_ERR_PROPNAME_UNTERMINATED,
    FDT_ERR_STRING_UNTERMINATED,
    FDT_ERR_DEPTH,
    FDT_ERR_STRAY_END_NODE,
    FDT_ERR_UNCLOSED_NODE,
    FDT_ERR_NO_ROOT,
    FDT_ERR_OUTSIDE_ROOT,       /* a property or second node outside the root */
    FDT_ERR_CELLS_LEN,          /* #address-cells / #size-cells not one cell */
    FDT_ERR_CELLS,              /* a reg needs 1 or 2 address and size cells */
    FDT_ERR_REG_LEN,
    FDT_ERR_REG_WRAP,
    FDT_ERR_NUMBER_LEN,         /* initrd or timebase value not 4 or 8 bytes */
    FDT_ERR_INITRD_RANGE,
    FDT_ERR_INITRD_OVERLAP,     /* the initrd and the blob share memory */
    FDT_ERR_RAM_FULL,
    FDT_ERR_RESERVED_FULL,
    FDT_ERR_PHANDLE_LEN,        /* a phandle not one cell */
    FDT_ERR_HART_ID,            /* a CPU with an interrupt controller but no hart id in its reg */
    FDT_ERR_PLIC_REG,           /* the PLIC has no register range */
    FDT_ERR_PLIC_NDEV,          /* riscv,ndev missing, not one cell, 0 or above 1023 */
    FDT_ERR_PLIC_CONTEXTS,      /* interrupts-extended missing or not (phandle, irq) pairs */
    FDT_ERR_PLIC_NO_CONTEXT,    /* no supervisor context of the PLIC for the boot hart */
    FDT_ERR_COUNT
};

/* Where parsing stopped: `offset` is a byte offset from the start of the blob. */
struct fdt_status {
    enum fdt_error code;
    uint32_t offset;
};

/* What the device tree says that struct boot_info has no field for. */
struct fdt_arch_info {
    uint64_t timebase_hz;       /* 0: not given */
    bool has_test_device;       /* a "sifive,test0" node with a reg */
    paddr_t test_device_base;
    /* The first enabled PLIC ("riscv,plic0" or "sifive,plic-1.0.0"), if the
     * tree has one: its registers, its sources 1 .. plic_sources, and the
     * context that interrupts the boot hart in supervisor mode. */
    bool has_plic;
    paddr_t plic_base;
    uint64_t plic_size;
    uint32_t plic_sources;
    uint32_t plic_context;
};

/*
 * Read the header of the `len` bytes at `blob` just far enough to learn the
 * blob's total size, so the caller knows how much it may map or copy.
 */
struct fdt_status fdt_total_size(const void *blob, size_t len, uint32_t *size);

/* Check the header and the placement of the three blocks, nothing more. */
struct fdt_status fdt_check_header(const void *blob, size_t len);

/*
 * Parse the whole blob (`len` readable bytes at `blob`, loaded at physical
 * address `blob_pa`) into `bi` and `arch`, both reset first. Reserves the
 * blob itself, its memory reservation map, /reserved-memory and the initrd.
 * The PLIC context found is the one of hart `boot_hart`.
 */
struct fdt_status fdt_parse(const void *blob, size_t len, paddr_t blob_pa, uint64_t boot_hart,
                            struct boot_info *bi, struct fdt_arch_info *arch);

/* The thing at fault and what is wrong with it, for "fdt: <what> at offset
 * 0x.. <problem>". */
const char *fdt_error_subject(enum fdt_error code);
const char *fdt_error_problem(enum fdt_error code);

#endif
