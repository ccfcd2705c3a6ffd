/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run queue: threads are named by the physical address of their TCB
 * and linked through tcb->next. Every RUNNING thread other than the current
 * one is in the queue exactly once; INACTIVE threads are in it never.
 */
#include "console.h"
#include "kernel.h"
#include "selftest.h"
#include "thread.h"

static paddr_t current;       /* the thread this CPU runs, 0 when none */
static paddr_t queue_head;    /* runnable threads waiting for the CPU, oldest first */
static paddr_t queue_tail;
static uint64_t queue_length;
static uint32_t cpu_count = 1;   /* CPUs the firmware listed: what set_affinity may name */

/*@ axiomatic ThreadStatics {
      // Trusted (proofs/README.md): TCBs are seen through the direct map and
      // these statics live in the kernel image, a different virtual range.
      axiom tcbs_outside_image: \forall integer pa;
        \separated(tcb_view(pa), &current, &queue_head, &queue_tail, &queue_length, &cpu_count);
    }
*/

/*@ assigns \nothing;
    ensures \result == current; */
paddr_t thread_current(void)
{
    return current;
}

/* At boot: how many CPUs threads may be placed on. */
/*@ requires count > 0;
    assigns cpu_count;
    ensures cpu_count == count; */
void thread_cpus_init(uint32_t count)
{
    cpu_count = count;
}

/*@ assigns \nothing;
    ensures \result > 0 && (cpu_count > 0 ==> \result == cpu_count); */
uint32_t thread_cpu_count(void)
{
    return cpu_count > 0 ? cpu_count : 1;
}

/*@ requires t != 0;
    assigns tcb_view(t)->next, tcb_view(queue_tail)->next, queue_head, queue_tail, queue_length;
    ensures queue_tail == t;
*/
static void queue_append(paddr_t t)
{
    arch_tcb_at(t)->next = 0;
    if (queue_head == 0)
        queue_head = t;
    else
        arch_tcb_at(queue_tail)->next = t;
    queue_tail = t;
    if (queue_length != UINT64_MAX)
        queue_length++;
}

/* Take `t` out of the queue if it is there; the queue is short (the threads
 * of one system), so a walk is fine until priorities bring their own lists. */
/*@ assigns queue_head, queue_tail, queue_length, { tcb_view(a)->next | integer a; \true };
*/
static void queue_remove(paddr_t t)
{
    paddr_t prev = 0, p = queue_head;
    uint64_t seen;

    /*@ loop invariant 0 <= seen <= queue_length;
        loop assigns seen, prev, p;
        loop variant queue_length - seen;
    */
    for (seen = 0; p != 0 && p != t && seen < queue_length; seen++) {
        prev = p;
        p = arch_tcb_at(p)->next;
    }
    if (p != t || t == 0)
        return;
    if (prev == 0)
        queue_head = arch_tcb_at(t)->next;
    else
        arch_tcb_at(prev)->next = arch_tcb_at(t)->next;
    if (queue_tail == t)
        queue_tail = prev;
    if (queue_length != 0)
        queue_length--;
}

/* Let `t` run: it joins the end of the queue unless it already runs. */
/*@ requires t != 0;
    assigns queue_head, queue_tail, queue_length, tcb_view(t)->state,
            { tcb_view(a)->next | integer a; \true };
    ensures tcb_view(t)->state == TCB_RUNNING;
*/
void thread_make_runnable(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    if (tcb->state == TCB_RUNNING)
        return;
    tcb->state = TCB_RUNNING;
    if (t != current)
        queue_append(t);
}

/* Stop `t` (seL4's suspend): it leaves the queue, or the CPU at the next
 * thread_schedule if it is the current thread. */
/*@ requires t != 0;
    assigns current, queue_head, queue_tail, queue_length, tcb_view(t)->state,
            { tcb_view(a)->next | integer a; \true };
    ensures tcb_view(t)->state == TCB_INACTIVE;
    ensures current != t;
*/
void thread_stop(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    if (t == current)
        current = 0;
    else if (tcb->state == TCB_RUNNING)
        queue_remove(t);
    tcb->state = TCB_INACTIVE;
}

/* Nothing to run: wait for interrupts, for good until something in the
 * kernel can make a thread runnable again (IPC, interrupts to user space). */
/*@ assigns \nothing;
    ensures \false; */
static _Noreturn void thread_idle(void)
{
    if (kernel_testing)
        selftest_stalled();
    kputl("kernel: no thread is runnable; idling\n");
    arch_interrupts_enable();
    /*@ loop assigns \nothing; */
    for (;;)
        arch_idle();
}

/* Run the current thread, or the first in the queue. */
/*@ assigns current, queue_head, queue_tail, queue_length;
    ensures \false;
*/
_Noreturn void thread_schedule(void)
{
    struct tcb *tcb;

    if (current == 0) {
        if (queue_head == 0)
            thread_idle();
        current = queue_head;
        queue_head = arch_tcb_at(current)->next;
        if (queue_head == 0)
            queue_tail = 0;
        if (queue_length != 0)
            queue_length--;
    }
    tcb = arch_tcb_at(current);
    arch_vspace_activate(tcb->vspace);
    arch_user_enter(&tcb->context);
}

/* A timer tick arrived while a thread ran: round robin, the current thread
 * goes to the back of the queue if another one is waiting. */
/*@ assigns current, queue_head, queue_tail, queue_length, { tcb_view(a)->next | integer a; \true };
    ensures \false;
*/
_Noreturn void kernel_user_resume(void)
{
    if (current != 0 && queue_head != 0) {
        queue_append(current);
        current = 0;
    }
    thread_schedule();
}
