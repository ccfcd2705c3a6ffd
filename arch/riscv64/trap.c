/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap dispatch: the timer interrupt goes to the timer, everything else is
 * unexpected while only the kernel runs and ends in a PANIC: line with the
 * cause and a register dump.
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

void riscv_trap(struct trap_frame *tf)
{
    if (tf->scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER))
        riscv_timer_interrupt();
    else
        trap_panic(tf);
}

void arch_trigger_fault(void)
{
    /* The all-zero word is defined to be illegal forever. */
    __asm__ volatile(".word 0");
}
