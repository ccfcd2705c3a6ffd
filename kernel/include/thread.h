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

paddr_t thread_current(void);
void thread_cpus_init(uint32_t count);
uint32_t thread_cpu_count(void);
void thread_make_runnable(paddr_t t);
void thread_stop(paddr_t t);
_Noreturn void thread_schedule(void);

#endif
