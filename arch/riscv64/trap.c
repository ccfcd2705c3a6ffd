/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap dispatch. From the kernel, the timer interrupt goes to the timer,
 * a device interrupt to the PLIC (plic.c), and everything else is a kernel
 * bug that ends in a PANIC: line with the cause and a register dump. From
 * user mode, system calls, faults and device interrupts go to the generic
 * kernel (kernel.h), which resumes threads through arch_user_enter.
 */
#include "arch.h"
#include "console.h"
#include "kernel.h"
#include "riscv.h"

static const char *const trap_exception_names[] = {
    [0] = "instruction address misaligned",
    [1] = "instruction access fault",
    [2] = "illegal instruction",
    [3] = "breakpoint",
    [4] = "load address misaligned",
    [5] = "load access fault",
    [6] = "store address misaligned",
    [7] = "store access fault",
    [8] = "environment call from U-mode",
    [9] = "environment call from S-mode",
    [12] = "instruction page fault",
    [13] = "load page fault",
    [15] = "store page fault",
};

static const char *const trap_interrupt_names[] = {
    [1] = "supervisor software",
    [5] = "supervisor timer",
    [9] = "supervisor external",
};

static const char *trap_name(uint64_t scause)
{
    uint64_t code = scause & ~SCAUSE_INTERRUPT;
    const char *name = NULL;

    if ((scause & SCAUSE_INTERRUPT) != 0 && code < ARRAY_SIZE(trap_interrupt_names))
        name = trap_interrupt_names[code];
    else if ((scause & SCAUSE_INTERRUPT) == 0 && code < ARRAY_SIZE(trap_exception_names))
        name = trap_exception_names[code];
    return name != NULL ? name : "reserved";
}

static const char *const trap_reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
    "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
    "s10", "s11", "t3", "t4", "t5", "t6",
};

/* Four registers a line, in register-number order, then sstatus. */
static void trap_dump(const struct trap_frame *tf)
{
    for (unsigned i = 1; i < 32; i++) {
        kputs(i % 4 == 1 ? "  " : " ");
        kputs(trap_reg_names[i]);
        kputl("=");
        kputx(tf->x[i]);
        if (i % 4 == 0)
            kputl("\n");
    }
    kputl(" sstatus=");
    kputx(tf->sstatus);
    kputl("\n");
}

static _Noreturn void trap_panic(const struct trap_frame *tf)
{
    bool interrupt = (tf->scause & SCAUSE_INTERRUPT) != 0;

    kputs(interrupt ? "PANIC: unexpected interrupt " : "PANIC: exception ");
    kputu(tf->scause & ~SCAUSE_INTERRUPT);
    kputl(" (");
    kputs(trap_name(tf->scause));
    kputl(") stval ");
    kputx(tf->stval);
    kputl(" at sepc ");
    kputx(tf->sepc);
    kputl("\n");
    trap_dump(tf);
    panic_stop();
}

/* From trap_vector.S, interrupts off. A device interrupt leaves for good
 * (kernel_interrupt): once threads exist the kernel runs with interrupts
 * on only in its idle loop, which has nothing on this stack to return to. */
void riscv_trap(struct trap_frame *tf)
{
    if (tf->scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER))
        riscv_timer_interrupt();
    else if (tf->scause == (SCAUSE_INTERRUPT | IRQ_S_EXTERNAL))
        riscv_external_interrupt();
    else
        trap_panic(tf);
}

/* The PANIC: line and dump of a trap the kernel has no use for, from user
 * mode: its context holds the same registers as a trap frame. */
static _Noreturn void trap_panic_user(const struct user_context *c, uint64_t scause,
                                      uint64_t stval)
{
    struct trap_frame tf;

    for (unsigned i = 0; i < ARRAY_SIZE(tf.x); i++)
        tf.x[i] = c->w[i];
    tf.sepc = c->w[UCTX_SEPC];
    tf.sstatus = c->w[UCTX_SSTATUS];
    tf.scause = scause;
    tf.stval = stval;
    trap_panic(&tf);
}

static fault_kind_t trap_fault_kind(uint64_t code)
{
    switch (code) {
    case EXC_INSN_PAGE_FAULT:
    case EXC_INSN_ACCESS:
        return CAIRN_FAULT_PAGE_EXECUTE;
    case EXC_LOAD_PAGE_FAULT:
    case EXC_LOAD_ACCESS:
        return CAIRN_FAULT_PAGE_READ;
    case EXC_STORE_PAGE_FAULT:
    case EXC_STORE_ACCESS:
        return CAIRN_FAULT_PAGE_WRITE;
    case EXC_ILLEGAL_INSN:
        return CAIRN_FAULT_UNDEFINED;
    case EXC_INSN_MISALIGNED:
    case EXC_LOAD_MISALIGNED:
    case EXC_STORE_MISALIGNED:
        return CAIRN_FAULT_ALIGNMENT;
    case EXC_BREAKPOINT:
        return CAIRN_FAULT_BREAKPOINT;
    default:
        return CAIRN_FAULT_OTHER;
    }
}

/* stval is the faulting address for access and alignment faults; for an
 * illegal instruction or ebreak it is the instruction bits or the pc, or 0,
 * depending on the hart, so the pc is reported instead. */
static _Noreturn void trap_user_fault(const struct user_context *c, uint64_t scause,
                                      uint64_t stval)
{
    fault_kind_t kind = trap_fault_kind(scause);
    bool at_pc = kind == CAIRN_FAULT_UNDEFINED || kind == CAIRN_FAULT_BREAKPOINT;

    kernel_user_fault(kind, at_pc ? c->w[UCTX_SEPC] : stval, scause);
}

/* From trap_vector.S, on the trap stack with interrupts off; `c` holds the
 * user's registers as they were at the trap. */
_Noreturn void riscv_trap_user(struct user_context *c, uint64_t scause, uint64_t stval)
{
    if (scause == EXC_ECALL_U) {
        /* sepc is the ecall itself; the thread goes on after it. */
        c->w[UCTX_SEPC] += 4;
        kernel_syscall();
    }
    if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
        riscv_timer_interrupt();
        kernel_user_resume();
    }
    if (scause == (SCAUSE_INTERRUPT | IRQ_S_EXTERNAL)) {
        riscv_external_interrupt();
        arch_user_enter(c);   /* nothing was claimed: the thread goes on as it was */
    }
    if ((scause & SCAUSE_INTERRUPT) != 0)
        trap_panic_user(c, scause, stval);
    trap_user_fault(c, scause, stval);
}

void arch_trigger_fault(void)
{
    /* The all-zero word is defined to be illegal forever. */
    __asm__ volatile(".word 0");
}
