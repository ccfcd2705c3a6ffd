/* SPDX-License-Identifier: GPL-2.0-only */
/* Interrupts delivered to user space (kernel/irq.c). */
#ifndef CAIRN_IRQ_H
#define CAIRN_IRQ_H

#include "endpoint.h"

/*
 * One interrupt line. Written only in irq.c; named here so that the
 * contracts of deletion can say what it changes. A line with a
 * notification is claimed; `armed` is the kernel's view of the mask.
 */
struct irq_line {
    uint8_t claimed;       /* an IRQ handler capability names the line */
    uint8_t armed;         /* unmasked by ack and not fired since */
    uint8_t reserved[6];
    paddr_t notification;  /* what an interrupt signals, 0 when none */
    uint64_t badge;        /* what it ORs in: the badge set_notification was given */
};

extern struct irq_line irq_lines[IRQ_LINES_MAX];

/*@ axiomatic IrqStatics {
      // Trusted (proofs/README.md): the table lives in the kernel image, and
      // slots, threads and notifications are seen through the direct map,
      // a different virtual range.
      axiom irq_lines_outside_views: \forall integer pa, i; 0 <= i < IRQ_LINES_MAX ==>
        \separated(&irq_lines[i], slots_view(pa), tcb_view(pa), endpoint_view(pa));
    }
*/

/* What irq.c may change, for the contracts of its callers. */
#define IRQ_STATE irq_lines[0 .. IRQ_LINES_MAX - 1]

cairn_error_t irq_control_invoke(const struct cap *cspace, paddr_t control, uint64_t label,
                                 const uint64_t *words, uint32_t count);
cairn_error_t irq_handler_invoke(const struct cap *cspace, const struct cap *handler,
                                 uint64_t label, const uint64_t *words, uint32_t count);
void irq_cap_release(const struct cap *c, bool last);
bool irq_may_wake(void);

#endif
