/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run queue: threads are named by the physical address of their TCB
 * and linked through tcb->next. Every RUNNING thread other than the running
 * one is in the queue exactly once; INACTIVE threads are in it never.
 */
#include "console.h"
#include "kernel.h"
#include "selftest.h"
#include "thread.h"

/* Named in the contracts of other files (THREAD_STATE), so not static;
 * only this file writes them. */
paddr_t thread_running;      /* the thread this CPU runs, 0 when none */
paddr_t run_queue_head;      /* runnable threads waiting for the CPU, oldest first */
paddr_t run_queue_tail;
uint64_t run_queue_length;
static uint32_t thread_cpus = 1;   /* CPUs the firmware listed: what set_affinity may name */

/*@ axiomatic ThreadStatics {
      // Trusted (proofs/README.md): TCBs are seen through the direct map and
      // these statics live in the kernel image, a different virtual range.
      axiom tcbs_outside_image: \forall integer pa;
        \separated(tcb_view(pa), &thread_running, &run_queue_head, &run_queue_tail, &run_queue_length, &thread_cpus);
    }
*/

/*@ assigns \nothing;
    ensures \result == thread_running; */
paddr_t thread_current(void)
{
    return thread_running;
}

/* At boot: how many CPUs threads may be placed on. */
/*@ requires count > 0;
    assigns thread_cpus;
    ensures thread_cpus == count; */
void thread_cpus_init(uint32_t count)
{
    thread_cpus = count;
}

/*@ assigns \nothing;
    ensures \result > 0 && (thread_cpus > 0 ==> \result == thread_cpus); */
uint32_t thread_cpu_count(void)
{
    return thread_cpus > 0 ? thread_cpus : 1;
}

/*@ requires t != 0;
    assigns tcb_view(t)->next, tcb_view(run_queue_tail)->next, run_queue_head, run_queue_tail, run_queue_length;
    ensures run_queue_tail == t;
*/
static void queue_append(paddr_t t)
{
    arch_tcb_at(t)->next = 0;
    if (run_queue_head == 0)
        run_queue_head = t;
    else
        arch_tcb_at(run_queue_tail)->next = t;
    run_queue_tail = t;
    if (run_queue_length != UINT64_MAX)
        run_queue_length++;
}

/* Take `t` out of the queue if it is there; the queue is short (the threads
 * of one system), so a walk is fine until priorities bring their own lists. */
/*@ assigns run_queue_head, run_queue_tail, run_queue_length, { tcb_view(a)->next | integer a; \true };
*/
static void queue_remove(paddr_t t)
{
    paddr_t prev = 0, p = run_queue_head;
    uint64_t seen;

    /*@ loop invariant 0 <= seen <= run_queue_length;
        loop assigns seen, prev, p;
        loop variant run_queue_length - seen;
    */
    for (seen = 0; p != 0 && p != t && seen < run_queue_length; seen++) {
        prev = p;
        p = arch_tcb_at(p)->next;
    }
    if (p != t || t == 0)
        return;
    if (prev == 0)
        run_queue_head = arch_tcb_at(t)->next;
    else
        arch_tcb_at(prev)->next = arch_tcb_at(t)->next;
    if (run_queue_tail == t)
        run_queue_tail = prev;
    if (run_queue_length != 0)
        run_queue_length--;
}

/* Let `t` run: it joins the end of the queue unless it already runs. */
/*@ requires t != 0;
    assigns run_queue_head, run_queue_tail, run_queue_length, tcb_view(t)->state,
            { tcb_view(a)->next | integer a; \true };
    ensures tcb_view(t)->state == TCB_RUNNING;
*/
void thread_make_runnable(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    if (tcb->state == TCB_RUNNING)
        return;
    tcb->state = TCB_RUNNING;
    if (t != thread_running)
        queue_append(t);
}

/* Stop `t` (seL4's suspend): it leaves the queue, or the CPU at the next
 * thread_schedule if it is the running thread. */
/*@ requires t != 0;
    assigns thread_running, run_queue_head, run_queue_tail, run_queue_length, tcb_view(t)->state,
            { tcb_view(a)->next | integer a; \true };
    ensures tcb_view(t)->state == TCB_INACTIVE;
    ensures thread_running != t;
*/
void thread_stop(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    if (t == thread_running)
        thread_running = 0;
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

/* Run the running thread, or the first in the queue. */
/*@ assigns thread_running, run_queue_head, run_queue_tail, run_queue_length;
    ensures \false;
*/
_Noreturn void thread_schedule(void)
{
    struct tcb *tcb;

    if (thread_running == 0) {
        if (run_queue_head == 0)
            thread_idle();
        thread_running = run_queue_head;
        run_queue_head = arch_tcb_at(thread_running)->next;
        if (run_queue_head == 0)
            run_queue_tail = 0;
        if (run_queue_length != 0)
            run_queue_length--;
    }
    tcb = arch_tcb_at(thread_running);
    arch_vspace_activate(tcb->vspace);
    arch_user_enter(&tcb->context);
}

/* A timer tick arrived while a thread ran: round robin, the running thread
 * goes to the back of the queue if another one is waiting. */
/*@ assigns thread_running, run_queue_head, run_queue_tail, run_queue_length, { tcb_view(a)->next | integer a; \true };
    ensures \false;
*/
_Noreturn void kernel_user_resume(void)
{
    if (thread_running != 0 && run_queue_head != 0) {
        queue_append(thread_running);
        thread_running = 0;
    }
    thread_schedule();
}
