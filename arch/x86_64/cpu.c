/* SPDX-License-Identifier: GPL-2.0-only */
/* Small CPU services of the arch interface: interrupts, idling, power. */
#include "arch.h"
#include "x86.h"

/* QEMU's isa-debug-exit turns a write of v into exit status (v << 1) | 1;
 * writing 32 + s gives the common 65 + 2 * s for guest status s. */
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_BASE 32
#define STATUS_MAX 31

#define KBC_STATUS      0x64
#define KBC_INPUT_FULL  0x02
#define KBC_PULSE_RESET 0xfe
#define KBC_SPIN_LIMIT  100000

void arch_interrupts_enable(void)
{
    __asm__ volatile("sti" : : : "memory");
}

/* sti takes effect after the next instruction, so no interrupt slips in before hlt. */
void arch_idle(void)
{
    __asm__ volatile("sti; hlt" : : : "memory");
}

void arch_cpu_relax(void)
{
    __asm__ volatile("pause");
}

_Noreturn void arch_halt(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

static void x86_kbc_reset(void)
{
    unsigned spins;

    for (spins = 0; spins < KBC_SPIN_LIMIT && (inb(KBC_STATUS) & KBC_INPUT_FULL); spins++)
        arch_cpu_relax();
    outb(KBC_STATUS, KBC_PULSE_RESET);
}

_Noreturn void arch_poweroff(int status)
{
    /* A negative status is a failure too: never let it read as success. */
    int s = (status < 0 || status > STATUS_MAX) ? STATUS_MAX : status;

    outl(DEBUG_EXIT_PORT, (uint32_t)(DEBUG_EXIT_BASE + s));
    x86_kbc_reset();
    arch_halt();
}

/* The kernel makes every port access for threads (kernel/io_port.c): they
 * run with IOPL 0 and no I/O bitmap, so their own in and out fault. */
uint32_t arch_port_in(uint16_t port, unsigned bytes)
{
    if (bytes == 1)
        return inb(port);
    if (bytes == 2)
        return inw(port);
    return inl(port);
}

void arch_port_out(uint16_t port, unsigned bytes, uint32_t value)
{
    if (bytes == 1)
        outb(port, (uint8_t)value);
    else if (bytes == 2)
        outw(port, (uint16_t)value);
    else
        outl(port, value);
}

void arch_trigger_fault(void)
{
    __asm__ volatile("ud2");
}
