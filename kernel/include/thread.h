/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running threads on this CPU: the current thread and a first-in first-out
 * queue of the other runnable ones, rotated on every timer tick. Priorities
 * are recorded in each TCB but not yet used to choose (spec/objects.md,
 * "Scheduling").
 */
#ifndef CAIRN_THREAD_H
#define CAIRN_THREAD_H

#include "tcb.h"

/* The run queue (thread.c): read and written only there, named here so
 * that the contracts of thread_stop's callers can say what they change. */
extern paddr_t thread_running;
extern paddr_t run_queue_head;
extern paddr_t run_queue_tail;
extern uint64_t run_queue_length;
#define THREAD_STOP_STATE thread_running, run_queue_head, run_queue_tail, run_queue_length, \
    { *tcb_view(a) | integer a }

paddr_t thread_current(void);
void thread_cpus_init(uint32_t count);
uint32_t thread_cpu_count(void);
void thread_make_runnable(paddr_t t);
void thread_stop(paddr_t t);
_Noreturn void thread_schedule(void);

#endif
