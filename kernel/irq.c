/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts delivered to user space (spec/objects.md, "Interrupts").
 *
 * IRQ control hands out one IRQ handler capability per line (`get`); the
 * line's entry in irq_lines says that it is claimed, which notification an
 * interrupt signals and with which badge. As in seL4, the arch layer masks
 * a line when it fires and only `ack` unmasks it, so a level-triggered line
 * whose driver has not yet serviced its device cannot keep the CPU in the
 * kernel. A handler capability names its line in `object`. The last
 * capability to a line frees it, and the last capability to a notification
 * unbinds every line bound to it (irq_cap_release), so the table never
 * names a notification that is gone.
 */
#include "api_decode.h"
#include "cdt.h"
#include "cnode.h"
#include "irq.h"
#include "kernel.h"
#include "notification.h"
#include "thread.h"

/* Named in the contracts of other files (IRQ_STATE); only this file writes it. */
struct irq_line irq_lines[IRQ_LINES_MAX];

/* A line user space may have: the machine has it and the kernel does not
 * keep it for itself. */
/*@ assigns \nothing;
    ensures \result ==> line < IRQ_LINES_MAX;
*/
static bool irq_line_usable(uint64_t line)
{
    return line < arch_irq_lines() && arch_irq_usable((uint32_t)line);
}

/* irq_control.get, decoded: the line and the empty slot its handler goes in. */
struct irq_get_plan {
    uint32_t line;
    paddr_t dest;
};

/*
 * Decode irq_control.get on the IRQ control capability in slot `control`:
 * a usable line without a handler, and an empty destination slot.
 * Writes nothing but *plan.
 */
/*@ requires \valid_read(cspace) && \valid(plan) && \separated(plan, cspace);
    requires \forall integer s; \separated(plan, slots_view(s));
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires count > 0 ==> \separated(plan, words + (0 .. count - 1));
    assigns *plan;
    ensures \result == CAIRN_ERR_OK ==>
            plan->line < IRQ_LINES_MAX && irq_lines[plan->line].claimed == 0;
    ensures \result == CAIRN_ERR_OK ==> slots_view(plan->dest)->cap.type == CAP_TYPE_NULL;
    ensures \result == CAIRN_ERR_OK ==> slots_view(control)->depth < UINT64_MAX;
*/
static cairn_error_t irq_get_decode(const struct cap *cspace, paddr_t control,
                                    const uint64_t *words, uint32_t count,
                                    struct irq_get_plan *plan)
{
    struct irq_control_get_args a;
    cairn_error_t err = decode_irq_control_get(words, count, &a);

    if (err != CAIRN_ERR_OK)
        return err;
    if (!irq_line_usable(a.line))
        return CAIRN_ERR_RANGE_ERROR;
    if (irq_lines[a.line].claimed != 0)
        return CAIRN_ERR_ILLEGAL_OPERATION;
    /* The handler goes one level below the IRQ control capability. No tree
     * is that deep, but the bound is checked, not assumed. */
    if (slot_at(control)->depth == UINT64_MAX)
        return CAIRN_ERR_RANGE_ERROR;
    err = cspace_lookup_empty(cspace, a.root, a.index, a.depth, &plan->dest);
    if (err != CAIRN_ERR_OK)
        return err;
    plan->line = (uint32_t)a.line;
    return CAIRN_ERR_OK;
}

/*
 * Perform a decoded get: the handler capability goes in as a child of the
 * IRQ control capability, and the line is claimed, bound to nothing and
 * masked until the first ack.
 */
/*@ requires plan.line < IRQ_LINES_MAX && slots_view(control)->depth < UINT64_MAX;
    assigns *slots_view(plan.dest), slots_view(control)->next,
            slots_view(slots_view(control)->next)->prev, irq_lines[plan.line];
    ensures irq_lines[plan.line].claimed == 1 && irq_lines[plan.line].armed == 0;
    ensures irq_lines[plan.line].notification == 0;
*/
static void irq_get_install(paddr_t control, struct irq_get_plan plan)
{
    struct irq_line *l = &irq_lines[plan.line];
    struct cap c;

    c.type = CAIRN_OBJ_IRQ_HANDLER;
    c.rights = CAIRN_RIGHTS_ALL;
    c.size_bits = 0;
    c.guard_bits = 0;
    c.is_device = 0;
    c.object = plan.line;
    c.badge = 0;
    c.watermark = 0;
    cdt_insert(control, plan.dest, c);
    arch_irq_mask(plan.line);
    l->claimed = 1;
    l->armed = 0;
    l->notification = 0;
    l->badge = 0;
}

/*
 * Invoke the IRQ control capability in slot `control`: its only method is
 * get. A failed invocation changes no slot and no line.
 */
/*@ requires \valid_read(cspace) && control != 0;
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns { *slots_view(a) | integer a; \true }, IRQ_STATE;
    ensures \result != CAIRN_ERR_OK ==> \forall integer s; *slots_view(s) == \old(*slots_view(s));
    ensures \result != CAIRN_ERR_OK ==>
            \forall integer i; 0 <= i < IRQ_LINES_MAX ==> irq_lines[i] == \old(irq_lines[i]);
*/
cairn_error_t irq_control_invoke(const struct cap *cspace, paddr_t control, uint64_t label,
                                 const uint64_t *words, uint32_t count)
{
    struct irq_get_plan plan;
    cairn_error_t err;

    if (label != CAIRN_LABEL_IRQ_CONTROL_GET)
        return CAIRN_ERR_INVALID_LABEL;
    err = irq_get_decode(cspace, control, words, count, &plan);
    if (err != CAIRN_ERR_OK)
        return err;
    irq_get_install(control, plan);
    return CAIRN_ERR_OK;
}

/*
 * Decode set_notification's argument: a notification capability in the
 * caller's CSpace with WRITE and a badge (an unbadged one would OR in
 * nothing, and a signal through it is refused the same way).
 */
/*@ requires \valid_read(cspace) && \valid(n) && \valid(badge);
    requires \separated(n, badge, cspace);
    requires \forall integer s; \separated(n, slots_view(s)) && \separated(badge, slots_view(s));
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns *n, *badge;
    ensures \result == CAIRN_ERR_OK ==> *n != 0 && *badge != 0;
*/
static cairn_error_t irq_notification_decode(const struct cap *cspace, const uint64_t *words,
                                             uint32_t count, paddr_t *n, uint64_t *badge)
{
    struct irq_handler_set_notification_args a;
    paddr_t slot = 0;
    struct cap c;
    cairn_error_t err = decode_irq_handler_set_notification(words, count, &a);

    if (err != CAIRN_ERR_OK)
        return err;
    err = cspace_lookup(cspace, a.notification, &slot);
    if (err != CAIRN_ERR_OK)
        return err;
    c = slot_at(slot)->cap;
    if (c.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    if (c.type != CAIRN_OBJ_NOTIFICATION || c.object == 0)
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (!cap_has_rights(&c, CAIRN_RIGHT_WRITE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    if (c.badge == 0)
        return CAIRN_ERR_INVALID_CAPABILITY;
    *n = c.object;
    *badge = c.badge;
    return CAIRN_ERR_OK;
}

/* Line `line` signals notification `n` with `badge` (0 and 0: nothing). */
/*@ requires line < IRQ_LINES_MAX;
    assigns irq_lines[line].notification, irq_lines[line].badge;
    ensures irq_lines[line].notification == n && irq_lines[line].badge == badge;
*/
static void irq_bind(uint64_t line, paddr_t n, uint64_t badge)
{
    irq_lines[line].notification = n;
    irq_lines[line].badge = badge;
}

/* ack: the driver has serviced its device; the line may fire again. */
/*@ requires line < IRQ_LINES_MAX;
    assigns irq_lines[line].armed;
    ensures irq_lines[line].armed == 1;
*/
static void irq_ack(uint64_t line)
{
    arch_irq_unmask((uint32_t)line);
    irq_lines[line].armed = 1;
}

/*
 * Invoke the IRQ handler capability `handler`: set_notification and clear
 * (MANAGE) bind and unbind its line, ack unmasks it. A failed invocation
 * changes no line.
 */
/*@ requires \valid_read(cspace) && \valid_read(handler);
    requires \separated(handler, &irq_lines[0 .. IRQ_LINES_MAX - 1]);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns IRQ_STATE;
    ensures \result != CAIRN_ERR_OK ==>
            \forall integer i; 0 <= i < IRQ_LINES_MAX ==> irq_lines[i] == \old(irq_lines[i]);
    ensures (label == CAIRN_LABEL_IRQ_HANDLER_SET_NOTIFICATION ||
             label == CAIRN_LABEL_IRQ_HANDLER_CLEAR) &&
            !rights_within(CAIRN_RIGHT_MANAGE, \old(handler->rights)) ==>
            \result != CAIRN_ERR_OK;
    ensures \result == CAIRN_ERR_OK && label == CAIRN_LABEL_IRQ_HANDLER_CLEAR ==>
            irq_lines[\old(handler->object)].notification == 0;
*/
cairn_error_t irq_handler_invoke(const struct cap *cspace, const struct cap *handler,
                                 uint64_t label, const uint64_t *words, uint32_t count)
{
    uint64_t line = handler->object, badge = 0;
    paddr_t n = 0;
    cairn_error_t err;

    /* Only get makes handler capabilities, each for a line of the table. */
    if (line >= IRQ_LINES_MAX)
        return CAIRN_ERR_INVALID_CAPABILITY;
    switch (label) {
    case CAIRN_LABEL_IRQ_HANDLER_SET_NOTIFICATION:
        if (!cap_has_rights(handler, CAIRN_RIGHT_MANAGE))
            return CAIRN_ERR_INSUFFICIENT_RIGHTS;
        err = irq_notification_decode(cspace, words, count, &n, &badge);
        if (err != CAIRN_ERR_OK)
            return err;
        irq_bind(line, n, badge);
        return CAIRN_ERR_OK;
    case CAIRN_LABEL_IRQ_HANDLER_ACK:
        irq_ack(line);
        return CAIRN_ERR_OK;
    case CAIRN_LABEL_IRQ_HANDLER_CLEAR:
        if (!cap_has_rights(handler, CAIRN_RIGHT_MANAGE))
            return CAIRN_ERR_INSUFFICIENT_RIGHTS;
        irq_bind(line, 0, 0);
        return CAIRN_ERR_OK;
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}

/*
 * Line `line` fired; the arch layer has masked it. Its notification, if
 * any, is signalled; either way the line stays masked until ack.
 */
/*@ assigns IRQ_STATE, THREAD_STOP_STATE;
    ensures line < IRQ_LINES_MAX ==> irq_lines[line].armed == 0;
*/
static void irq_deliver(uint32_t line)
{
    paddr_t n;

    if (line >= IRQ_LINES_MAX)
        return;
    n = irq_lines[line].claimed != 0 ? irq_lines[line].notification : 0;
    if (n != 0)
        notification_signal(n, irq_lines[line].badge);
    /* After the signal, whose frame the provers would otherwise have to
     * see past (proofs/README.md). */
    irq_lines[line].armed = 0;
}

/* From arch/ (kernel.h): deliver, then run what should run now; a thread
 * the signal woke preempts a lower priority. */
/*@ ensures \false; */
_Noreturn void kernel_interrupt(uint32_t line)
{
    irq_deliver(line);
    thread_schedule();
}

/* The last handler capability to `line` is gone: the line is masked and free. */
/*@ requires line < IRQ_LINES_MAX;
    assigns irq_lines[line];
    ensures irq_lines[line].claimed == 0 && irq_lines[line].armed == 0;
    ensures irq_lines[line].notification == 0;
*/
static void irq_free(uint64_t line)
{
    struct irq_line *l = &irq_lines[line];

    arch_irq_mask((uint32_t)line);
    l->claimed = 0;
    l->armed = 0;
    l->notification = 0;
    l->badge = 0;
}

/* Notification `n` is being destroyed: no line signals it any more. */
/*@ requires n != 0;
    assigns IRQ_STATE;
    ensures \forall integer i; 0 <= i < IRQ_LINES_MAX ==> irq_lines[i].notification != n;
*/
static void irq_unbind_all(paddr_t n)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= IRQ_LINES_MAX;
        loop invariant \forall integer j; 0 <= j < i ==> irq_lines[j].notification != n;
        loop assigns i, IRQ_STATE;
        loop variant IRQ_LINES_MAX - i;
    */
    for (i = 0; i < IRQ_LINES_MAX; i++) {
        if (irq_lines[i].notification == n)
            irq_bind(i, 0, 0);
    }
}

/*
 * The capability `c` was removed from its slot, `last` if it was the last
 * one to its object (kernel/delete.c): the last to a line frees the line,
 * the last to a notification unbinds it from every line.
 */
/*@ requires \valid_read(c) && \separated(c, &irq_lines[0 .. IRQ_LINES_MAX - 1]);
    assigns IRQ_STATE;
    ensures last && c->type == CAIRN_OBJ_IRQ_HANDLER && c->object < IRQ_LINES_MAX ==>
            irq_lines[c->object].claimed == 0 && irq_lines[c->object].notification == 0;
    ensures last && c->type == CAIRN_OBJ_NOTIFICATION && c->object != 0 ==>
            \forall integer i; 0 <= i < IRQ_LINES_MAX ==> irq_lines[i].notification != c->object;
    ensures !last ==>
            \forall integer i; 0 <= i < IRQ_LINES_MAX ==> irq_lines[i] == \old(irq_lines[i]);
*/
void irq_cap_release(const struct cap *c, bool last)
{
    if (!last)
        return;
    if (c->type == CAIRN_OBJ_IRQ_HANDLER && c->object < IRQ_LINES_MAX)
        irq_free(c->object);
    else if (c->type == CAIRN_OBJ_NOTIFICATION && c->object != 0)
        irq_unbind_all(c->object);
}

/* Can an interrupt still make a thread runnable: is a line bound and armed?
 * The scheduler asks before it decides that nothing will ever run again. */
/*@ assigns \nothing;
    ensures \result <==> \exists integer i; 0 <= i < IRQ_LINES_MAX &&
                         irq_lines[i].armed != 0 && irq_lines[i].notification != 0;
*/
bool irq_may_wake(void)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= IRQ_LINES_MAX;
        loop invariant \forall integer j; 0 <= j < i ==>
                       !(irq_lines[j].armed != 0 && irq_lines[j].notification != 0);
        loop assigns i;
        loop variant IRQ_LINES_MAX - i;
    */
    for (i = 0; i < IRQ_LINES_MAX; i++) {
        if (irq_lines[i].armed != 0 && irq_lines[i].notification != 0)
            return true;
    }
    return false;
}
