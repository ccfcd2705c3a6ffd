/* SPDX-License-Identifier: GPL-2.0-only */
/* A test double of the arch layer's interrupt lines and I/O ports (arch.h). */
#ifndef IRQ_DOUBLE_H
#define IRQ_DOUBLE_H

#include "arch.h"

#define IRQ_DOUBLE_LINES 24u   /* lines 0 .. 23, as one I/O APIC */
#define IRQ_DOUBLE_KEPT  2u    /* the line the "kernel" keeps */

struct irq_double {
    bool masked[IRQ_LINES_MAX];   /* every line starts masked (irq_double_reset) */
    unsigned masks, unmasks;      /* calls */
    uint16_t port;                /* the last port access */
    unsigned bytes;
    uint32_t value;               /* written, or what a read returns */
    unsigned accesses;
};

extern struct irq_double irq_double;

void irq_double_reset(void);

#endif
