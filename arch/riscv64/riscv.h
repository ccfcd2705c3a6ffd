/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * riscv64 constants shared by the assembly, the C code and (by hand) the
 * linker script: the memory layout, the CSR bits the kernel uses, and the
 * few helpers that need inline assembly.
 */
#ifndef CAIRN_RISCV_H
#define CAIRN_RISCV_H

/*
 * Virtual memory layout (Sv39, 1 GiB pages built by entry.S):
 *   0xffffffc000000000  direct map of physical 0 .. 64 GiB, RW, global
 *   0xffffffff80000000  the kernel's gigapage, physical 0x80000000 (RWX)
 * The kernel image is linked at KERNEL_VIRT_OFFSET + KERNEL_PHYS_BASE; the
 * linker script repeats both numbers.
 */
#define RAM_BASE            0x80000000
#define KERNEL_PHYS_BASE    0x80200000
#define KERNEL_VIRT_OFFSET  0xffffffff00000000
#define KERNEL_GIGAPAGE     (KERNEL_VIRT_OFFSET + RAM_BASE)
#define DIRECT_MAP_BASE     0xffffffc000000000
#define DIRECT_MAP_GIB      64

/* The root page-table slot (Sv39 VPN[2]) that maps virtual address `va`. */
#define ROOT_SLOT(va)       (((va) >> 30) & 0x1ff)

#define BOOT_STACK_SIZE     16384
/* The stack the kernel runs on after a trap from user mode (trap_vector.S). */
#define TRAP_STACK_SIZE     16384

#define SATP_MODE_SV39      8
#define SATP_MODE_SV48      9
#define SATP_MODE_SHIFT     60
#define SATP_PPN_BITS       44
#define PAGE_SHIFT          12   /* satp and PTEs name pages by number */

/* scounteren: the counters user mode may read (rdcycle, rdtime, rdinstret). */
#define SCOUNTEREN_CY       (1 << 0)
#define SCOUNTEREN_TM       (1 << 1)
#define SCOUNTEREN_IR       (1 << 2)

#define SSTATUS_SIE         (1 << 1)
#define SSTATUS_SPIE        (1 << 5)
#define SSTATUS_SPP         (1 << 8)
#define SSTATUS_FS          (3 << 13)
#define SSTATUS_FS_CLEAN    (2 << 13)   /* on, the registers as last loaded or saved */
#define SSTATUS_FS_DIRTY    (3 << 13)   /* on, written since */
#define SSTATUS_SUM         (1 << 18)
#define SIE_STIE            (1 << 5)
#define SIE_SEIE            (1 << 9)

/* Sv39 page-table entry bits. */
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)

/* A struct user_context (arch.h) as trap_vector.S lays it out, in words:
 * w[i] is register xi (w[0] unused), then the user pc and sstatus. */
#define REG_SP        2
#define REG_A0        10
#define REG_A1        11
#define REG_A2        12
#define REG_A7        17
#define UCTX_SEPC     32
#define UCTX_SSTATUS  33
#define UCTX_FPU      34   /* f0..f31, then fcsr (fpu.S) */
#define UCTX_FPU_SAVED (UCTX_FPU + 33)   /* 0 while the area holds the reset state (user.c) */
#define UCTX_USED     (UCTX_FPU_SAVED + 1)

#ifndef __ASSEMBLER__

#include "fdt.h"
#include "types.h"

#define SCAUSE_INTERRUPT    (1ul << 63)
#define IRQ_S_TIMER         5
#define IRQ_S_EXTERNAL      9

/* Exception codes (scause without the interrupt bit). */
#define EXC_INSN_MISALIGNED   0
#define EXC_INSN_ACCESS       1
#define EXC_ILLEGAL_INSN      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_INSN_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15

/* sstatus.UXL = 2: user mode runs with 64-bit registers. */
#define SSTATUS_UXL_64      (2ul << 32)

#define riscv_csr_read(csr) ({                                  \
    uint64_t v_;                                                \
    __asm__ volatile("csrr %0, " #csr : "=r"(v_));               \
    v_;                                                         \
})
#define riscv_csr_set(csr, bits) \
    __asm__ volatile("csrs " #csr ", %0" : : "r"((uint64_t)(bits)) : "memory")
#define riscv_csr_clear(csr, bits) \
    __asm__ volatile("csrc " #csr ", %0" : : "r"((uint64_t)(bits)) : "memory")
#define riscv_csr_write(csr, val) \
    __asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(val)) : "memory")

static inline uint64_t riscv_rdtime(void)
{
    uint64_t t;

    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

/* What the boot hart learned before kernel_main; set once by riscv_init. */
struct riscv_boot {
    uint64_t hart_id;
    paddr_t fdt_pa;
    struct fdt_arch_info fdt;    /* valid once arch_boot_info succeeded */
    const struct boot_info *bi;  /* what arch_boot_info filled, for the self-tests */
};

extern struct riscv_boot riscv_boot;

/* The saved registers of a trap: x[i] is register xi (x[0] unused, x[2] is
 * the sp before the trap). Layout known to trap_vector.S. */
struct trap_frame {
    uint64_t x[32];
    uint64_t sepc;
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
};

struct user_context;

_Noreturn void riscv_init(uint64_t hart_id, paddr_t fdt_pa);
void riscv_paging_init(void);
paddr_t riscv_kernel_root(void);
paddr_t riscv_boot_root(void);
uint64_t riscv_satp_mode(void);
void riscv_vspace_switch(paddr_t root);
void riscv_trap(struct trap_frame *tf);
_Noreturn void riscv_trap_user(struct user_context *c, uint64_t scause, uint64_t stval);
_Noreturn void riscv_user_enter(struct user_context *c);
void riscv_fpu_save(uint64_t *area);
void riscv_fpu_load(const uint64_t *area);
void riscv_trap_vector(void);
void riscv_timer_interrupt(void);
void riscv_external_interrupt(void);
_Noreturn void riscv_interrupt_on_trap_stack(uint32_t source);

#endif
#endif
