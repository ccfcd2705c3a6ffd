/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arch functions the IPC path calls most, as inline code (arch.h takes
 * this file in the kernel build). Each macro replaces the function of the
 * same name and does what its contract in arch.h says; Frama-C and the host
 * tests see only those prototypes. On the fast path a call and return cost
 * more than the access itself.
 */
#ifndef CAIRN_ARCH_FAST_H
#define CAIRN_ARCH_FAST_H

#include "riscv.h"

/* The direct map covers the first DIRECT_MAP_GIB GiB whole, and every object
 * a capability names lies in RAM, inside it. */
#define riscv_direct(pa)          ((void *)(uintptr_t)(DIRECT_MAP_BASE + (pa)))
#define arch_slots_at(pa, count)  ((struct slot *)riscv_direct(pa))
#define arch_tcb_at(pa)           ((struct tcb *)riscv_direct(pa))
#define arch_endpoint_at(pa)      ((struct endpoint *)riscv_direct(pa))

/* Where each role lives: the system-call registers follow spec/api.toml
 * [abi.riscv64] (number a7, cptr a0, msginfo a1, message a2..a5). */
static const uint8_t riscv_user_reg_word[USER_REG_COUNT] = {
    [USER_REG_PC] = UCTX_SEPC,
    [USER_REG_SP] = REG_SP,
    [USER_REG_ARG0] = REG_A0,
    [USER_REG_SYSCALL] = REG_A7,
    [USER_REG_CPTR] = REG_A0,
    [USER_REG_MSGINFO] = REG_A1,
    [USER_REG_MSG0] = REG_A2,
    [USER_REG_MSG0 + 1] = REG_A2 + 1,
    [USER_REG_MSG0 + 2] = REG_A2 + 2,
    [USER_REG_MSG0 + 3] = REG_A2 + 3,
};

_Static_assert(USER_MSG_REGS == 4, "riscv_user_reg_word names four message registers");

/* Callers pass r < USER_REG_COUNT; the checks keep a bad role from reaching
 * past the table all the same. */
static inline uint64_t riscv_user_reg(const struct user_context *c, unsigned r)
{
    return r < USER_REG_COUNT ? c->w[riscv_user_reg_word[r]] : 0;
}

static inline void riscv_user_reg_set(struct user_context *c, unsigned r, uint64_t v)
{
    if (r < USER_REG_COUNT)
        c->w[riscv_user_reg_word[r]] = v;
}

/* A new satp flushes the whole TLB (no ASIDs): only when the root changes. */
static inline void riscv_vspace_activate(paddr_t root)
{
    if (riscv_csr_read(satp) % ((uint64_t)1 << SATP_PPN_BITS) != root >> PAGE_SHIFT)
        riscv_vspace_switch(root);
}

#define arch_vspace_activate(root)  riscv_vspace_activate(root)
#define arch_user_reg(c, r)         riscv_user_reg((c), (r))
#define arch_user_reg_set(c, r, v)  riscv_user_reg_set((c), (r), (v))

#endif
