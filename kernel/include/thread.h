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

#include "endpoint.h"

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

/* Written only in thread.c; named here so that the contracts of
 * thread_stop's callers can say what they change, and read by the IPC
 * fast path, which checks the ready map without a call. */
extern struct run_queues run_queues[THREAD_CPUS_MAX];
/* What the queue operations write: the queues, and TCBs (their links,
 * prev, next and queued). Every TCB-changing contract names TCBs as this
 * one set, whole: the provers match a set against the same set at once,
 * where a set of fields inside a set of TCBs, or a union of many sets,
 * takes them past their time-out (proofs/README.md). */
#define TCBS_ALL { *tcb_view(a) | integer a }
#define THREAD_QUEUES run_queues[0 .. THREAD_CPUS_MAX - 1], TCBS_ALL
/* What stopping a thread may change: it leaves its queue and its endpoint,
 * and the threads waiting on its reply capabilities wake. */
#define THREAD_STOP_STATE THREAD_QUEUES, ENDPOINT_ALL

paddr_t thread_current(void);
void thread_cpus_init(uint32_t count);
uint32_t thread_cpu_count(void);
void thread_make_runnable(paddr_t t);
void thread_stop(paddr_t t);
void thread_block(paddr_t t, uint8_t state);
void thread_hand_over(paddr_t t);
void thread_set_priority(paddr_t t, uint8_t priority);
void thread_yield(void);
_Noreturn void thread_run(paddr_t t);
_Noreturn void thread_schedule(void);

#endif
