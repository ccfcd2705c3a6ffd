/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The periodic tick from the SBI timer (the mtimecmp of M-mode, reached by
 * sbi_set_timer) and the small CPU controls kernel/ uses around it.
 */
#include "arch.h"
#include "kernel.h"
#include "riscv.h"
#include "sbi.h"

static uint64_t timer_period;     /* in timebase ticks */
static uint64_t timer_deadline;   /* of the next interrupt, in rdtime units */

uint64_t arch_timer_start(uint32_t tick_hz)
{
    uint64_t timebase = riscv_boot.fdt.timebase_hz;

    if (timebase == 0 || timebase / tick_hz == 0)
        return 0;
    timer_period = timebase / tick_hz;
    timer_deadline = riscv_rdtime() + timer_period;
    sbi_set_timer(timer_deadline);
    riscv_csr_set(sie, SIE_STIE);
    return timebase;
}

/* Deadlines advance by whole periods so the tick does not drift; after a
 * long stall (a debugger, a slow host) restart from now instead of firing
 * a burst of late ticks. */
void riscv_timer_interrupt(void)
{
    uint64_t now = riscv_rdtime();

    timer_deadline += timer_period;
    if (timer_deadline <= now)
        timer_deadline = now + timer_period;
    sbi_set_timer(timer_deadline);
    kernel_timer_tick();
}

void arch_interrupts_enable(void)
{
    riscv_csr_set(sstatus, SSTATUS_SIE);
}

void arch_idle(void)
{
    __asm__ volatile("wfi" : : : "memory");
}

void arch_cpu_relax(void)
{
    /* Zihintpause's pause; a plain nop (fence w,0) where it is missing. */
    __asm__ volatile(".word 0x0100000f" : : : "memory");
}
