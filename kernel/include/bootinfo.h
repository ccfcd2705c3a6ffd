/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the firmware handed over, in one architecture-neutral record.
 *
 * The arch layer fills it from the multiboot2 tags (x86_64) or the device tree
 * (riscv64); the rest of the kernel reads only this. Every address is physical.
 */
#ifndef CAIRN_BOOTINFO_H
#define CAIRN_BOOTINFO_H

#include "types.h"

#define BOOT_MAX_RAM      64   /* usable RAM ranges kept from the memory map */
#define BOOT_MAX_RESERVED 16   /* ranges inside RAM that must not be allocated */
#define BOOT_CMDLINE_MAX  256  /* command line bytes kept, NUL included */

struct mem_region {
    paddr_t base;
    uint64_t size;
};

struct framebuffer_info {
    paddr_t addr;      /* 0: no framebuffer */
    uint32_t pitch;    /* bytes per line */
    uint32_t width;
    uint32_t height;
    uint8_t bpp;
};

struct boot_info {
    /* Usable RAM as the firmware reports it, before any reservation. */
    struct mem_region ram[BOOT_MAX_RAM];
    uint32_t ram_count;
    /* What lives inside RAM and must survive: the kernel image, the boot
     * information itself, the initramfs, the device tree, firmware. */
    struct mem_region reserved[BOOT_MAX_RESERVED];
    uint32_t reserved_count;

    paddr_t initramfs_base;   /* the initramfs module or initrd */
    uint64_t initramfs_size;  /* 0: none was given */

    char cmdline[BOOT_CMDLINE_MAX];  /* always NUL-terminated */

    uint32_t cpu_count;       /* CPUs the firmware tables list */
    const char *cpu_source;   /* which table said so: "ACPI MADT", "device tree" */

    paddr_t acpi_rsdp;        /* 0: none */
    paddr_t fdt;              /* 0: none */
    struct framebuffer_info framebuffer;
};

/*@ // What arch_boot_info guarantees of a record it returns: the counts are
    // within their tables, the command line is NUL-terminated inside its
    // array and the CPU source is a readable string.
    predicate boot_info_ok(struct boot_info *bi) =
      bi->ram_count <= BOOT_MAX_RAM &&
      bi->reserved_count <= BOOT_MAX_RESERVED &&
      bi->cmdline[BOOT_CMDLINE_MAX - 1] == '\0' &&
      valid_read_string(&bi->cmdline[0]) &&
      valid_read_string(bi->cpu_source);
*/

/* Record a range that must not be handed out; false when the table is full. */
bool boot_info_reserve(struct boot_info *bi, paddr_t base, uint64_t size);

/* True when the command line holds the whole word `word`, a string literal
 * (see kputl in console.h); words are separated by spaces. */
#define boot_cmdline_has(bi, word) boot_cmdline_has_word((bi), "" word, sizeof("" word) - 1)
bool boot_cmdline_has_word(const struct boot_info *bi, const char *word, size_t len);

#endif
