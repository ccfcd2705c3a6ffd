/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running threads: each CPU runs one thread and keeps the others that are
 * ready in 256 first-in first-out queues, one per priority, with a bitmap
 * of the queues that are not empty, so choosing the next thread is a few
 * instructions whatever the number of threads (spec/objects.md,
 * "Scheduling").
 */
#ifndef CAIRN_THREAD_H
#define CAIRN_THREAD_H

#include "tcb.h"

#define THREAD_PRIORITIES (CAIRN_PRIORITY_MAX + 1u)
#define READY_WORDS (THREAD_PRIORITIES / 64u)
/* Timer ticks (KERNEL_TICK_HZ) a thread runs before the next thread of
 * its priority gets the CPU. */
#define THREAD_TIME_SLICE 2u
/* CPUs with run queues. Only the boot CPU runs threads until the other
 * CPUs are started (the SMP work); every queue operation already names
 * the CPU it works on. */
#define THREAD_CPUS_MAX 1u

struct run_queues {
    paddr_t running;                     /* the thread this CPU runs, 0 when none */
    uint64_t ready[READY_WORDS];         /* bit p % 64 of word p / 64: queue p has a thread */
    paddr_t head[THREAD_PRIORITIES];     /* each priority's ready threads, oldest first */
    paddr_t tail[THREAD_PRIORITIES];
};

/* Read and written only in thread.c; named here so that the contracts of
 * thread_stop's callers can say what they change. */
extern struct run_queues run_queues[THREAD_CPUS_MAX];
/* What the queue operations write in TCBs, and the queues with them. Their
 * callers name these same sets, which the provers match at once (a set of
 * whole TCBs alone takes them long). */
#define READY_LINKS { tcb_view(a)->next | integer a }, { tcb_view(a)->prev | integer a }, \
    { tcb_view(a)->queued | integer a }
#define THREAD_QUEUES run_queues[0 .. THREAD_CPUS_MAX - 1], READY_LINKS
#define THREAD_STOP_STATE THREAD_QUEUES, { *tcb_view(a) | integer a }

paddr_t thread_current(void);
void thread_cpus_init(uint32_t count);
uint32_t thread_cpu_count(void);
void thread_make_runnable(paddr_t t);
void thread_stop(paddr_t t);
void thread_set_priority(paddr_t t, uint8_t priority);
void thread_yield(void);
_Noreturn void thread_schedule(void);

#endif
