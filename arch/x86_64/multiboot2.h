/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The multiboot2 boot information parser: GRUB's tag list into a struct boot_info.
 *
 * Plain C that runs on the host too: it reads only the bytes it is given,
 * trusts no length in them, and on malformed input says what is wrong, in
 * which tag and at which offset.
 */
#ifndef CAIRN_MULTIBOOT2_H
#define CAIRN_MULTIBOOT2_H

#include "bootinfo.h"
#include "types.h"

#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1
#define MB2_TAG_MODULE      3
#define MB2_TAG_MMAP        6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15
#define MB2_NO_TAG          0xffffffffu   /* the error is in the fixed header */

#define MB2_HEADER_SIZE 8                 /* total_size, reserved */
#define MB2_MMAP_RAM    1

enum mb2_status {
    MB2_OK = 0,
    MB2_TRUNCATED,          /* fewer bytes than the 8-byte header */
    MB2_MISALIGNED,         /* the block is not 8-byte aligned */
    MB2_BAD_TOTAL_SIZE,     /* total_size below 8 or beyond the bytes available */
    MB2_TAG_TOO_SMALL,      /* tag size below what its type needs */
    MB2_TAG_OVERRUN,        /* tag runs past total_size */
    MB2_BAD_END_TAG,        /* end tag whose size is not 8 */
    MB2_NO_END_TAG,         /* tags ran out before an end tag */
    MB2_NO_MEMORY_MAP,      /* no memory map tag */
    MB2_MMAP_ENTRY_SIZE,    /* memory map entry_size too small or misaligned */
    MB2_TOO_MANY_RAM,       /* more RAM ranges than BOOT_MAX_RAM */
    MB2_MODULE_EMPTY,       /* module of size 0 */
    MB2_MODULE_INVERTED,    /* module end below its start */
    MB2_MODULE_RANGE,       /* module ends past the physical limit */
    MB2_TOO_MANY_RESERVED,  /* more reserved ranges than BOOT_MAX_RESERVED */
};

/* Where parsing stopped and why. */
struct mb2_error {
    enum mb2_status status;
    uint32_t tag;      /* type of the tag at fault, or MB2_NO_TAG */
    uint32_t offset;   /* byte offset of that tag (or entry) in the block */
    uint64_t value;    /* the number that is wrong: a size, an address */
};

/* The block to parse, as the caller can reach it. */
struct mb2_source {
    const uint8_t *data;  /* first byte of the block */
    size_t len;           /* bytes that may be read from data */
    paddr_t phys;         /* its physical address: reserved, and the base of bi->acpi_rsdp */
    paddr_t phys_limit;   /* end of reachable physical memory: RAM past it is dropped,
                           * a module past it is an error */
};

/*
 * Fill bi's RAM ranges, initramfs, command line, ACPI RSDP and framebuffer,
 * and reserve the block itself and every module. Other fields are left alone.
 * On error, bi is partly filled and *err says what is wrong.
 */
enum mb2_status mb2_parse(const struct mb2_source *src, struct boot_info *bi,
                          struct mb2_error *err);

/* A phrase for s, e.g. "overruns the boot information". */
const char *mb2_strerror(enum mb2_status s);

/* The label of mb2_error.value for s ("size", "end"...), or NULL when it means nothing. */
const char *mb2_value_name(enum mb2_status s);

#endif
