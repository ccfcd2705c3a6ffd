/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The thread layer, as delete.c and irq.c see it, recording its calls: a
 * deleted thread is stopped and the CPU forgets its state, a thread's own
 * capability going unbinds it, the last capability to an endpoint wakes its
 * waiters, the last to a notification destroys it, a deleted thread leaves
 * its notification, an interrupt signals one and then schedules (which
 * jumps back to the test).
 * The real ones are tested in test_thread.c and in the
 * in-OS tests.
 */
#include <stdlib.h>

#include "notification.h"
#include "thread.h"
#include "thread_double.h"

struct run_queues run_queues[THREAD_CPUS_MAX];
struct thread_double thread_double;

void thread_stop(paddr_t t)
{
    if (thread_double.stops < THREAD_DOUBLE_CALLS)
        thread_double.stopped[thread_double.stops] = t;
    thread_double.stops++;
}

void tcb_unbind(paddr_t owner, uint8_t type)
{
    if (thread_double.unbinds < THREAD_DOUBLE_CALLS) {
        thread_double.unbound[thread_double.unbinds] = owner;
        thread_double.unbound_type[thread_double.unbinds] = type;
    }
    thread_double.unbinds++;
}

void arch_user_context_forget(const struct user_context *c)
{
    thread_double.forgotten = c;
}

void endpoint_cancel_all(paddr_t e)
{
    thread_double.cancels++;
    thread_double.cancelled = e;
}

void notification_destroy(paddr_t n)
{
    thread_double.destroyed = n;
}

void notification_unbind(paddr_t t)
{
    thread_double.left_notification = t;
}

void notification_signal(paddr_t n, uint64_t badge)
{
    thread_double.signals++;
    thread_double.signalled = n;
    thread_double.signal_badge = badge;
}

_Noreturn void thread_schedule(void)
{
    if (thread_double.schedule != NULL)
        longjmp(*thread_double.schedule, 1);
    abort();
}
