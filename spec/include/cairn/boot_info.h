/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel tells init: the boot-info pages mapped read-only into
 * init's address space, and where init's address space has what.
 * spec/boot.md ("init's address space") is the prose; the kernel fills this
 * in kernel/init_task.c, init reads it in userland/init.
 */
#ifndef CAIRN_BOOT_INFO_H
#define CAIRN_BOOT_INFO_H

#include <stdint.h>

#define CAIRN_BOOT_INFO_MAGIC   0x6f666e496e726143ull   /* "CarnInfo" in memory order */
#define CAIRN_BOOT_INFO_VERSION 1u
#define CAIRN_BOOT_CMDLINE_MAX  256u

/* init's address space: fixed addresses, the same on both architectures. */
#define CAIRN_INIT_STACK_TOP   0x0000000010000000ull   /* the stack grows down from here */
#define CAIRN_INIT_STACK_PAGES 16u
#define CAIRN_INIT_IPC_BUFFER  0x0000000010001000ull   /* one page, read-write */
#define CAIRN_INIT_BOOT_INFO   0x0000000010010000ull   /* this structure, read-only */
#define CAIRN_INIT_INITRAMFS   0x0000000020000000ull   /* the initramfs, read-only */
/* init's ELF segments must lie in [CAIRN_INIT_IMAGE_BASE, CAIRN_INIT_IMAGE_END). */
#define CAIRN_INIT_IMAGE_BASE  0x0000000000400000ull
#define CAIRN_INIT_IMAGE_END   (CAIRN_INIT_STACK_TOP - CAIRN_INIT_STACK_PAGES * 4096ull)

/* One untyped capability of the initial CSpace. */
struct cairn_untyped_desc {
    uint64_t base;         /* physical address */
    uint8_t size_bits;     /* log2 of the size in bytes */
    uint8_t is_device;     /* MMIO (device untyped): only becomes device VMOs */
    uint8_t reserved[6];
};

struct cairn_boot_info {
    uint64_t magic;            /* CAIRN_BOOT_INFO_MAGIC */
    uint32_t version;          /* CAIRN_BOOT_INFO_VERSION */
    uint32_t size;             /* bytes of this structure with its untyped list */
    uint32_t cpu_count;
    uint32_t untyped_first;    /* slot of the first untyped capability */
    uint32_t untyped_count;    /* untyped capabilities in consecutive slots, listed below */
    uint32_t tests_run;        /* test boots: in-OS tests before init's, which follow on */
    uint64_t initramfs_size;   /* bytes at CAIRN_INIT_INITRAMFS + initramfs_offset; 0: none */
    uint64_t initramfs_offset; /* where the archive starts in its first mapped page */
    uint64_t acpi_rsdp;        /* physical address, 0 if none (x86_64) */
    uint64_t fdt;              /* physical address of the device tree, 0 if none (riscv64) */
    char cmdline[CAIRN_BOOT_CMDLINE_MAX];   /* NUL-terminated */
    /* Then untyped_count struct cairn_untyped_desc, in slot order. */
};

/*
 * Test boots: the kernel also starts init's image as fault probes, each in an
 * address space of its own, with the probe's number instead of the boot-info
 * address as its argument. Each does one forbidden thing, which the kernel
 * must report and stop (kernel/selftest.c checks the report).
 */
enum cairn_probe {
    CAIRN_PROBE_NULL_READ = 1,      /* load from address 0 */
    CAIRN_PROBE_WRITE_CODE,         /* store into its own (read-only) code */
    CAIRN_PROBE_KERNEL_JUMP,        /* jump to CAIRN_PROBE_KERNEL_ADDRESS */
    CAIRN_PROBE_UNDEFINED,          /* an undefined instruction */
    CAIRN_PROBE_BAD_SYSCALL,        /* system call CAIRN_PROBE_SYSCALL_NUMBER */
    CAIRN_PROBE_OTHER_VSPACE,       /* load init's boot info, which only init has mapped */
    CAIRN_PROBE_VECTOR,             /* a vector instruction: AVX, RVV (no state is kept) */
    CAIRN_PROBE_PRIVILEGED,         /* a supervisor-only instruction */
    CAIRN_PROBE_END,
};
#define CAIRN_PROBE_KERNEL_ADDRESS  0xffffffff80200000ull   /* kernel text on both arches */
#define CAIRN_PROBE_SYSCALL_NUMBER  0x7777ull

#endif
