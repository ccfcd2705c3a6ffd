/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The first instructions: OpenSBI jumps here in S-mode, paging off, with
 * a0 = hart id and a1 = the device tree's physical address.
 *
 * This section is linked at its physical address, so until paging is on
 * everything here is PC-relative. The root page table is laid out whole by
 * the assembler (1 GiB leaves only), so only the few instructions below
 * run with the MMU off. It holds an identity gigapage over 0x80000000 for the instruction right
 * after the satp write, the kernel's gigapage in the top 2 GiB, and the
 * direct map. Once running in the higher half the identity entry is removed.
 */
#include "riscv.h"

#define GIB_SHIFT     30
#define PTE_LEAF_RW   (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define PTE_LEAF_RWX  (PTE_LEAF_RW | PTE_X)
/* A leaf PTE for the gigapage at physical address `pa`. */
#define PTE_GIGA(pa, flags) ((((pa) >> 12) << 10) | (flags))

#define IDENTITY_SLOT ROOT_SLOT(RAM_BASE)
#define KERNEL_SLOT   ROOT_SLOT(KERNEL_GIGAPAGE)
#define DIRECT_SLOT   ROOT_SLOT(DIRECT_MAP_BASE)

    .section .boot.text, "ax"
    .globl _start
_start:
    csrw    sie, zero
    csrci   sstatus, SSTATUS_SIE
    lla     t0, boot_root_table
    srli    t0, t0, 12
    li      t1, SATP_MODE_SV39 << SATP_MODE_SHIFT
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    /* The higher half is 4 GiB below in the address space, beyond the
     * reach of PC-relative jumps: take its absolute address from a literal. */
    ld      t0, .Lhigh_entry
    jr      t0

    .balign 8
.Lhigh_entry:
    .dword  riscv_high_entry

    /* Read-only as far as the loader cares; the one later write (dropping
     * the identity entry) goes through the direct map. */
    .section .boot.rodata, "a"
    .balign 4096
boot_root_table:
    .fill   IDENTITY_SLOT, 8, 0
    .dword  PTE_GIGA(RAM_BASE, PTE_LEAF_RWX)
    .fill   DIRECT_SLOT - IDENTITY_SLOT - 1, 8, 0
    .set    gib, 0
    .rept   DIRECT_MAP_GIB
    .dword  PTE_GIGA(gib << GIB_SHIFT, PTE_LEAF_RW | PTE_G)
    .set    gib, gib + 1
    .endr
    .fill   KERNEL_SLOT - DIRECT_SLOT - DIRECT_MAP_GIB, 8, 0
    .dword  PTE_GIGA(RAM_BASE, PTE_LEAF_RWX | PTE_G)
    .fill   512 - KERNEL_SLOT - 1, 8, 0

    .text
riscv_high_entry:
    lla     sp, boot_stack_top
    /* Drop the identity gigapage: reach the root table through the direct
     * map, at the physical address satp holds. */
    csrr    t0, satp
    slli    t0, t0, 64 - SATP_PPN_BITS
    srli    t0, t0, 64 - SATP_PPN_BITS - 12
    li      t1, DIRECT_MAP_BASE
    add     t0, t0, t1
    sd      zero, IDENTITY_SLOT * 8(t0)
    sfence.vma
    /* Clear .bss (the boot stack in it is not in use yet). */
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, (t0)
    addi    t0, t0, 8
    j       1b
2:  /* a0 and a1 still hold the hart id and the device tree. */
    call    riscv_init
3:  wfi
    j       3b

    .section .bss, "aw", @nobits
    .balign 16
boot_stack:
    .space  BOOT_STACK_SIZE
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
