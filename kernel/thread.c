/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler: threads are named by the physical address of their TCB.
 * A ready thread of priority p other than a running one is in queue p of
 * its CPU exactly once (tcb->queued), linked through tcb->prev and
 * tcb->next; an INACTIVE thread is in no queue. The highest priority with
 * a ready thread runs; within a priority, threads take turns of
 * THREAD_TIME_SLICE ticks. A thread that a higher priority preempts goes
 * back to the front of its queue with what is left of its turn (as in
 * seL4); one whose turn ends, or that yields, goes to the back.
 */
#include "bits.h"
#include "console.h"
#include "irq.h"
#include "kernel.h"
#include "selftest.h"
#include "thread.h"

/* Named in the contracts of other files (THREAD_STOP_STATE), so not
 * static; only this file writes it. */
struct run_queues run_queues[THREAD_CPUS_MAX];
static uint32_t thread_cpus = 1;   /* CPUs the firmware listed: what set_affinity may name */

/*@ axiomatic ThreadStatics {
      // Trusted (proofs/README.md): TCBs are seen through the direct map and
      // these statics live in the kernel image, a different virtual range.
      axiom tcbs_outside_image: \forall integer pa;
        \separated(tcb_view(pa), &run_queues[0 .. THREAD_CPUS_MAX - 1], &thread_cpus);
    }
*/

/* The CPU this code runs on: the boot CPU, the only one running threads
 * until the SMP work starts the others. */
/*@ assigns \nothing;
    ensures \result == 0 && \result < THREAD_CPUS_MAX;
*/
static uint32_t this_cpu(void)
{
    return 0;
}

/*@ assigns \nothing;
    ensures \result == run_queues[0].running; */
paddr_t thread_current(void)
{
    return run_queues[this_cpu()].running;
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

/* Put the ready thread `t`, of priority `p`, in its queue on CPU `cpu`: at
 * the back, or at the front for a thread preempted in its turn. */
/*@ requires cpu < THREAD_CPUS_MAX && t != 0 && p < THREAD_PRIORITIES;
    assigns run_queues[cpu], TCBS_ALL;
    ensures tcb_view(t)->queued == 1;
    behavior front:
      assumes front;
      ensures run_queues[cpu].head[p] == t;
      ensures \old(run_queues[cpu].head[p]) != t ==>
              tcb_view(t)->prev == 0 && tcb_view(t)->next == \old(run_queues[cpu].head[p]);
      ensures \old(run_queues[cpu].head[p]) != 0 && \old(run_queues[cpu].head[p]) != t ==>
              tcb_view(\old(run_queues[cpu].head[p]))->prev == t;
    behavior back:
      assumes !front;
      ensures run_queues[cpu].tail[p] == t;
      ensures \old(run_queues[cpu].tail[p]) != t ==>
              tcb_view(t)->next == 0 && tcb_view(t)->prev == \old(run_queues[cpu].tail[p]);
      ensures \old(run_queues[cpu].tail[p]) != 0 && \old(run_queues[cpu].tail[p]) != t ==>
              tcb_view(\old(run_queues[cpu].tail[p]))->next == t;
    complete behaviors;
    disjoint behaviors;
*/
static void ready_insert(uint32_t cpu, paddr_t t, uint8_t p, bool front)
{
    struct run_queues *q = &run_queues[cpu];
    struct tcb *tcb = arch_tcb_at(t);
    paddr_t head = q->head[p], tail = q->tail[p];

    if (front) {
        tcb->prev = 0;
        tcb->next = head;
        //@ assert head != t ==> \separated(tcb_view(head), tcb_view(t));
        if (head != 0)
            arch_tcb_at(head)->prev = t;
        else
            q->tail[p] = t;
        q->head[p] = t;
    } else {
        tcb->prev = tail;
        tcb->next = 0;
        //@ assert tail != t ==> \separated(tcb_view(tail), tcb_view(t));
        if (tail != 0)
            arch_tcb_at(tail)->next = t;
        else
            q->head[p] = t;
        q->tail[p] = t;
    }
    tcb->queued = 1;
    q->ready[p / 64] |= pow2[p % 64];
}

/* Take `t` out of its priority's queue on CPU `cpu`, if it is queued: its
 * neighbours are linked to each other. */
/*@ requires cpu < THREAD_CPUS_MAX && t != 0;
    assigns run_queues[cpu], TCBS_ALL;
    ensures tcb_view(t)->queued == 0;
    ensures \old(tcb_view(t)->queued) != 0 ==> tcb_view(t)->next == 0 && tcb_view(t)->prev == 0;
    ensures \old(tcb_view(t)->queued) != 0 && \old(tcb_view(t)->prev) != 0 &&
            \old(tcb_view(t)->prev) != t && \old(tcb_view(t)->next) != t ==>
            tcb_view(\old(tcb_view(t)->prev))->next == \old(tcb_view(t)->next);
    ensures \old(tcb_view(t)->queued) != 0 && \old(tcb_view(t)->next) != 0 &&
            \old(tcb_view(t)->prev) != t && \old(tcb_view(t)->next) != t ==>
            tcb_view(\old(tcb_view(t)->next))->prev == \old(tcb_view(t)->prev);
*/
static void ready_remove(uint32_t cpu, paddr_t t)
{
    struct run_queues *q = &run_queues[cpu];
    struct tcb *tcb = arch_tcb_at(t);
    uint8_t p = tcb->priority;
    paddr_t prev = tcb->prev, next = tcb->next;

    if (tcb->queued == 0)
        return;
    //@ assert prev != t ==> \separated(tcb_view(prev), tcb_view(t));
    //@ assert next != t ==> \separated(tcb_view(next), tcb_view(t));
    //@ assert prev != next ==> \separated(tcb_view(prev), tcb_view(next));
    if (prev != 0)
        arch_tcb_at(prev)->next = next;
    else
        q->head[p] = next;
    if (next != 0)
        arch_tcb_at(next)->prev = prev;
    else
        q->tail[p] = prev;
    if (q->head[p] == 0)
        q->ready[p / 64] &= ~pow2[p % 64];
    tcb->prev = 0;
    tcb->next = 0;
    tcb->queued = 0;
}

/* The highest priority with a ready thread on CPU `cpu`, or -1: the last
 * non-zero bitmap word, and its highest bit. */
/*@ requires cpu < THREAD_CPUS_MAX;
    assigns \nothing;
    ensures -1 <= \result < THREAD_PRIORITIES;
    ensures \result == -1 <==> (\forall integer i; 0 <= i < READY_WORDS ==> run_queues[cpu].ready[i] == 0);
*/
static int ready_highest(uint32_t cpu)
{
    const struct run_queues *q = &run_queues[cpu];
    int i;

    /*@ loop invariant -1 <= i < READY_WORDS;
        loop invariant \forall integer j; i < j < READY_WORDS ==> q->ready[j] == 0;
        loop assigns i;
        loop variant i;
    */
    for (i = READY_WORDS - 1; i >= 0; i--)
        if (q->ready[i] != 0)
            return i * 64 + (int)bits_highest(q->ready[i]);
    return -1;
}

/* Let `t` run: it joins the back of its queue unless it is ready already. */
/*@ requires t != 0;
    assigns THREAD_QUEUES, tcb_view(t)->state, tcb_view(t)->slice;
    ensures tcb_view(t)->state == TCB_RUNNING;
*/
void thread_make_runnable(paddr_t t)
{
    uint32_t cpu = this_cpu();
    struct run_queues *q = &run_queues[cpu];
    struct tcb *tcb = arch_tcb_at(t);

    if (tcb->state == TCB_RUNNING)
        return;
    if (tcb->slice == 0)
        tcb->slice = THREAD_TIME_SLICE;
    if (t != q->running && tcb->queued == 0)
        ready_insert(cpu, t, tcb->priority, false);
    arch_tcb_at(t)->state = TCB_RUNNING;
}

/* `t` stops running until something wakes it, in `state`: it leaves its
 * queue, or the CPU at the next thread_schedule if it is the running thread. */
/*@ requires t != 0;
    assigns THREAD_QUEUES, tcb_view(t)->state;
    ensures tcb_view(t)->state == state && tcb_view(t)->queued == 0;
    ensures run_queues[0].running != t;
*/
void thread_block(paddr_t t, uint8_t state)
{
    uint32_t cpu = this_cpu();
    struct run_queues *q = &run_queues[cpu];

    ready_remove(cpu, t);
    if (t == q->running)
        q->running = 0;
    arch_tcb_at(t)->state = state;
}

/* Stop `t` (seL4's suspend): it leaves its queue and whatever IPC it was
 * in (ipc_cancel), and the CPU at the next thread_schedule. */
/*@ requires t != 0;
    assigns THREAD_STOP_STATE;
    ensures tcb_view(t)->state == TCB_INACTIVE && tcb_view(t)->queued == 0;
    ensures run_queues[0].running != t;
*/
void thread_stop(paddr_t t)
{
    ipc_cancel(t);
    thread_block(t, TCB_INACTIVE);
}

/* `t`, in no queue, is this CPU's running thread from now on, with a turn
 * if it had none left. */
/*@ requires t != 0;
    assigns run_queues[0].running, tcb_view(t)->state, tcb_view(t)->slice;
    ensures run_queues[0].running == t && tcb_view(t)->state == TCB_RUNNING;
*/
static void thread_take_cpu(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    tcb->state = TCB_RUNNING;
    if (tcb->slice == 0)
        tcb->slice = THREAD_TIME_SLICE;
    run_queues[this_cpu()].running = t;
}

/*
 * `t` becomes runnable; if this CPU's thread has just blocked, `t` takes
 * the CPU at once, without a trip through its queue (a call to a server
 * and its reply, spec/objects.md). thread_choose still lets a higher
 * priority preempt it.
 */
/*@ requires t != 0;
    assigns THREAD_QUEUES, tcb_view(t)->state, tcb_view(t)->slice;
    ensures tcb_view(t)->state == TCB_RUNNING;
*/
void thread_hand_over(paddr_t t)
{
    struct run_queues *q = &run_queues[this_cpu()];
    struct tcb *tcb = arch_tcb_at(t);

    if (q->running != 0 || tcb->queued != 0 || tcb->state == TCB_RUNNING)
        thread_make_runnable(t);
    else
        thread_take_cpu(t);
}

/* Give `t` a new priority; a ready thread moves to the back of its new
 * queue. The running thread keeps the CPU until thread_schedule finds a
 * higher priority ready. */
/*@ requires t != 0;
    assigns THREAD_QUEUES, tcb_view(t)->priority;
    ensures tcb_view(t)->priority == priority;
*/
void thread_set_priority(paddr_t t, uint8_t priority)
{
    uint32_t cpu = this_cpu();
    struct tcb *tcb = arch_tcb_at(t);

    if (tcb->queued == 0) {
        tcb->priority = priority;
        return;
    }
    ready_remove(cpu, t);
    ready_insert(cpu, t, priority, false);
    arch_tcb_at(t)->priority = priority;
}

/* The running thread gives up the rest of its turn: the back of its queue. */
/*@ assigns THREAD_QUEUES, tcb_view(run_queues[0].running)->slice;
    ensures run_queues[0].running == 0;
*/
void thread_yield(void)
{
    uint32_t cpu = this_cpu();
    struct run_queues *q = &run_queues[cpu];
    paddr_t t = q->running;

    if (t == 0)
        return;
    arch_tcb_at(t)->slice = THREAD_TIME_SLICE;
    if (arch_tcb_at(t)->queued == 0)
        ready_insert(cpu, t, arch_tcb_at(t)->priority, false);
    q->running = 0;
}

/* Nothing to run: wait for interrupts. An interrupt line bound and armed
 * may still wake a thread (kernel_interrupt enters it); without one,
 * nothing ever will, which ends a test boot. */
/*@ assigns \nothing;
    ensures \false; */
static _Noreturn void thread_idle(void)
{
    if (!irq_may_wake()) {
        if (kernel_testing)
            selftest_stalled();
        kputl("kernel: no thread is runnable; idling\n");
    }
    arch_interrupts_enable();
    /*@ loop assigns \nothing; */
    for (;;)
        arch_idle();
}

/* The thread CPU `cpu` is to run: the running one unless a higher
 * priority is ready, which then preempts it; 0 if none is ready. */
/*@ requires cpu < THREAD_CPUS_MAX;
    assigns THREAD_QUEUES;
    ensures \result == run_queues[cpu].running;
*/
static paddr_t thread_choose(uint32_t cpu)
{
    struct run_queues *q = &run_queues[cpu];
    int best = ready_highest(cpu);
    paddr_t t = q->running;

    if (t != 0 && best > (int)arch_tcb_at(t)->priority && arch_tcb_at(t)->queued == 0) {
        ready_insert(cpu, t, arch_tcb_at(t)->priority, true);
        t = 0;
    }
    if (t == 0) {
        if (best >= 0)
            t = q->head[best];
        if (t != 0)
            ready_remove(cpu, t);
        q->running = t;
    }
    return t;
}

/* Enter thread `t` in its address space. Inline: the IPC fast path's
 * switch (thread_run) would otherwise pay a call for two lines. */
/*@ requires t != 0;
    assigns \nothing;
    ensures \false;
*/
static ALWAYS_INLINE _Noreturn void thread_enter(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    arch_vspace_activate(tcb->vspace);
    arch_user_enter(&tcb->context);
}

/* Run the highest-priority ready thread. */
/*@ assigns THREAD_STOP_STATE;
    ensures \false;
*/
_Noreturn void thread_schedule(void)
{
    paddr_t t = thread_choose(this_cpu());

    if (t == 0)
        thread_idle();
    thread_enter(t);
}

/*
 * The fast path's switch: this CPU's thread has just blocked, and `t`,
 * blocked and in no queue, which no ready thread outranks
 * (fastpath.c checks), runs in its place at once, as thread_hand_over and
 * thread_schedule would have it.
 */
/*@ requires t != 0 && tcb_view(t)->queued == 0;
    assigns run_queues[0].running, tcb_view(t)->state, tcb_view(t)->slice;
    ensures \false;
*/
_Noreturn void thread_run(paddr_t t)
{
    thread_take_cpu(t);
    thread_enter(t);
}

/* A timer tick arrived while a thread ran: its turn shortens, and when it
 * is over the thread goes to the back of its queue. */
/*@ assigns THREAD_STOP_STATE;
    ensures \false;
*/
_Noreturn void kernel_user_resume(void)
{
    uint32_t cpu = this_cpu();
    struct run_queues *q = &run_queues[cpu];
    paddr_t t = q->running;

    if (t != 0 && arch_tcb_at(t)->slice > 1)
        arch_tcb_at(t)->slice--;
    else
        thread_yield();
    thread_schedule();
}
