/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arch layer's interrupt lines and I/O ports for the host tests: 24
 * lines of which one is kept, each with a mask bit, and a port that
 * records its last access. The real ones are tested in the in-OS tests.
 */
#include <string.h>

#include "irq_double.h"

struct irq_double irq_double;

void irq_double_reset(void)
{
    memset(&irq_double, 0, sizeof(irq_double));
    for (unsigned i = 0; i < IRQ_LINES_MAX; i++)
        irq_double.masked[i] = true;
}

void arch_irq_init(void)
{
    irq_double_reset();
}

uint32_t arch_irq_lines(void)
{
    return IRQ_DOUBLE_LINES;
}

bool arch_irq_usable(uint32_t line)
{
    return line < IRQ_DOUBLE_LINES && line != IRQ_DOUBLE_KEPT;
}

void arch_irq_mask(uint32_t line)
{
    irq_double.masked[line] = true;
    irq_double.masks++;
}

void arch_irq_unmask(uint32_t line)
{
    irq_double.masked[line] = false;
    irq_double.unmasks++;
}

uint32_t arch_port_in(uint16_t port, unsigned bytes)
{
    irq_double.port = port;
    irq_double.bytes = bytes;
    irq_double.accesses++;
    return irq_double.value;
}

void arch_port_out(uint16_t port, unsigned bytes, uint32_t value)
{
    irq_double.port = port;
    irq_double.bytes = bytes;
    irq_double.value = value;
    irq_double.accesses++;
}
