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

#include "x86.h"

/*
 * The objects capabilities name (slots, TCBs, endpoints) lie in RAM that an
 * untyped covered, and the direct map covers all RAM before the first
 * untyped is handed out (directmap.c): these views need no bounds check,
 * which arch_phys_to_virt keeps for everything else.
 */
#define x86_direct(pa)            ((void *)(uintptr_t)(X86_DIRECT_MAP_BASE + (pa)))
#define arch_slots_at(pa, count)  ((struct slot *)x86_direct(pa))
#define arch_tcb_at(pa)           ((struct tcb *)x86_direct(pa))
#define arch_endpoint_at(pa)      ((struct endpoint *)x86_direct(pa))

/*
 * Where each role lives: the system-call registers follow spec/api.toml
 * [abi.x86_64] (number rax, cptr rdi, msginfo rsi, message rdx, r8, r9,
 * r10), and the first C argument is rdi as in the SysV ABI. No role may be
 * rcx or r11: SYSRET overwrites both, so a value written there would be lost
 * whenever the thread last entered by SYSCALL (selftest_user.c checks).
 */
static const uint8_t x86_user_reg_word[USER_REG_COUNT] = {
    [USER_REG_PC] = UCTX_RIP,
    [USER_REG_SP] = UCTX_RSP,
    [USER_REG_ARG0] = UCTX_RDI,
    [USER_REG_SYSCALL] = UCTX_RAX,
    [USER_REG_CPTR] = UCTX_RDI,
    [USER_REG_MSGINFO] = UCTX_RSI,
    [USER_REG_MSG0] = UCTX_RDX,
    [USER_REG_MSG0 + 1] = UCTX_R8,
    [USER_REG_MSG0 + 2] = UCTX_R9,
    [USER_REG_MSG0 + 3] = UCTX_R10,
};

_Static_assert(USER_MSG_REGS == 4, "x86_user_reg_word names four message registers");

/* Callers pass r < USER_REG_COUNT; the checks keep a bad role from reaching
 * past the table all the same. */
static inline uint64_t x86_user_reg(const struct user_context *c, unsigned r)
{
    return r < USER_REG_COUNT ? c->w[x86_user_reg_word[r]] : 0;
}

/*
 * Writing the pc (or any role) leaves the way out as it was. After a SYSCALL
 * entry SYSRET loads rip from the context just as IRETQ would; all it cannot
 * restore is rcx and r11, which SYSCALL already took from the thread and no
 * role names, so forcing IRETQ would only make the exit slower. A pc that
 * SYSRET must not take is caught on the way out, whoever wrote it.
 */
static inline void x86_user_reg_set(struct user_context *c, unsigned r, uint64_t v)
{
    if (r < USER_REG_COUNT)
        c->w[x86_user_reg_word[r]] = v;
}

/* Writing CR3 flushes the TLB: only when the root changes. */
static inline void x86_vspace_activate(paddr_t root)
{
    if ((read_cr3() & X86_PTE_ADDR) != root)
        write_cr3(root);
}

#define arch_vspace_activate(root)  x86_vspace_activate(root)
#define arch_user_reg(c, r)         x86_user_reg((c), (r))
#define arch_user_reg_set(c, r, v)  x86_user_reg_set((c), (r), (v))

#endif
