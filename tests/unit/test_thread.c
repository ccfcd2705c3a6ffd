/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel/thread.c on the host: the scheduler's queues. TCBs live in a static array
 * (the direct map is the identity); entering user mode ends the test's
 * scheduling step through longjmp, recording which thread would have run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bits.h"
#include "kernel.h"
#include "thread.h"

bool kernel_testing;

static struct tcb tcbs[6];
static jmp_buf entered;
static paddr_t ran;            /* the thread arch_user_enter was given */
static paddr_t activated;      /* the root arch_vspace_activate was given */

#define T(i) ((paddr_t)(uintptr_t)&tcbs[i])

struct tcb *arch_tcb_at(paddr_t pa)
{
    return (struct tcb *)(uintptr_t)pa;
}

void arch_vspace_activate(paddr_t root)
{
    activated = root;
}

void arch_user_enter(struct user_context *c)
{
    ran = (paddr_t)(uintptr_t)c - offsetof(struct tcb, context);
    longjmp(entered, 1);
}

void arch_interrupts_enable(void) {}
void arch_idle(void) { longjmp(entered, 2); }
void arch_putchar(char c) { (void)c; }
void kput_chars(const char *s, size_t n) { (void)s; (void)n; }
void selftest_stalled(void) { longjmp(entered, 3); }

/* One scheduling step: which thread runs (0 when the CPU idles). */
static paddr_t schedule(void)
{
    ran = 0;
    if (setjmp(entered) == 0)
        thread_schedule();
    return ran;
}

static paddr_t tick(void)
{
    ran = 0;
    if (setjmp(entered) == 0)
        kernel_user_resume();
    return ran;
}

/* Ticks until the running thread's turn is over: who runs then. */
static paddr_t turn(void)
{
    for (unsigned i = 1; i < THREAD_TIME_SLICE; i++)
        assert_int_equal(tick(), thread_current());
    return tick();
}

static paddr_t yield(void)
{
    ran = 0;
    if (setjmp(entered) == 0) {
        thread_yield();
        thread_schedule();
    }
    return ran;
}

#define THREADS 6u
_Static_assert(THREAD_TIME_SLICE == 2, "a_higher_priority_preempts counts ticks of two-tick turns");

static int setup(void **state)
{
    (void)state;
    /* Drain whatever the previous test left running or queued. */
    for (unsigned i = 0; i < THREADS; i++)
        thread_stop(T(i));
    memset(tcbs, 0, sizeof(tcbs));
    for (unsigned i = 0; i < THREADS; i++)
        tcbs[i].vspace = 0x1000 * (i + 1);
    return 0;
}

static void make_runnable_at(unsigned i, uint8_t priority)
{
    thread_set_priority(T(i), priority);
    thread_make_runnable(T(i));
}

static void runs_in_order_of_resume(void **state)
{
    (void)state;
    thread_make_runnable(T(2));
    thread_make_runnable(T(0));
    thread_make_runnable(T(1));
    assert_int_equal(schedule(), T(2));
    assert_int_equal(activated, tcbs[2].vspace);
    assert_int_equal(thread_current(), T(2));
    /* The current thread keeps the CPU until its turn ends or it stops. */
    assert_int_equal(schedule(), T(2));
    assert_int_equal(turn(), T(0));
    assert_int_equal(turn(), T(1));
    assert_int_equal(turn(), T(2));
    assert_int_equal(yield(), T(0));   /* a yield ends the turn at once */
}

static void resuming_twice_queues_once(void **state)
{
    (void)state;
    thread_make_runnable(T(0));
    thread_make_runnable(T(0));
    thread_make_runnable(T(1));
    assert_int_equal(schedule(), T(0));
    thread_make_runnable(T(0));      /* already running: nothing */
    assert_int_equal(turn(), T(1));
    assert_int_equal(turn(), T(0));
    assert_int_equal(turn(), T(1));
}

static void stopping_takes_a_thread_out(void **state)
{
    (void)state;
    thread_make_runnable(T(0));
    thread_make_runnable(T(1));
    thread_make_runnable(T(2));
    thread_make_runnable(T(3));
    assert_int_equal(schedule(), T(0));
    thread_stop(T(2));               /* from the middle of the queue */
    assert_int_equal(tcbs[2].state, TCB_INACTIVE);
    assert_int_equal(tcbs[2].queued, 0);
    thread_stop(T(3));               /* from its end */
    assert_int_equal(turn(), T(1));
    assert_int_equal(turn(), T(0));
    thread_stop(T(0));               /* the current thread */
    assert_int_not_equal(thread_current(), T(0));
    assert_int_equal(schedule(), T(1));
    thread_make_runnable(T(3));      /* the tail was fixed when 3 left */
    assert_int_equal(turn(), T(3));
    assert_int_equal(turn(), T(1));
    thread_stop(T(3));               /* the only one queued: its queue empties */
    assert_int_equal(turn(), T(1));
}

/* The highest priority with a ready thread runs, whatever the order they
 * became ready in, and across the 64-bit words of the bitmap. */
static void the_highest_priority_runs(void **state)
{
    (void)state;
    make_runnable_at(0, 3);
    make_runnable_at(1, 200);
    make_runnable_at(2, 64);
    make_runnable_at(3, 255);
    make_runnable_at(4, 63);
    make_runnable_at(5, 0);
    const unsigned order[THREADS] = { 3, 1, 2, 4, 0, 5 };
    for (unsigned i = 0; i < THREADS; i++) {
        assert_int_equal(schedule(), T(order[i]));
        /* Its turns end, and it is still the highest: it keeps the CPU. */
        assert_int_equal(turn(), T(order[i]));
        thread_stop(T(order[i]));
    }
    for (unsigned w = 0; w < READY_WORDS; w++)
        assert_int_equal(run_queues[0].ready[w], 0);
}

/* A thread that becomes ready at a higher priority takes the CPU at the
 * next schedule; the one it preempted goes back first in its queue, with
 * the rest of its turn. */
static void a_higher_priority_preempts(void **state)
{
    (void)state;
    make_runnable_at(0, 10);
    make_runnable_at(1, 10);
    assert_int_equal(schedule(), T(0));
    assert_int_equal(tick(), T(0));           /* half of 0's turn is used */
    make_runnable_at(2, 11);
    assert_int_equal(schedule(), T(2));
    thread_stop(T(2));
    assert_int_equal(schedule(), T(0));       /* before 1, which waited behind it */
    assert_int_equal(tick(), T(1));           /* and only the rest of its turn */
    /* Lowering the running thread below a ready one hands over the CPU;
     * raising a queued one above the running one too. */
    thread_set_priority(T(1), 5);
    assert_int_equal(schedule(), T(0));
    thread_set_priority(T(1), 12);
    assert_int_equal(schedule(), T(1));
    thread_set_priority(T(1), 9);
    assert_int_equal(schedule(), T(0));
}

/* The bitmap lookup: every bit position, alone and with lower bits set. */
static void the_highest_bit_is_found(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;

        assert_int_equal(bits_highest(bit), i);
        assert_int_equal(bits_highest(bit | (bit - 1)), i);
        assert_int_equal(bits_highest(bit | ((bit - 1) & 0x5555555555555555ull)), i);
    }
}

static void nothing_to_run_idles(void **state)
{
    (void)state;
    kernel_testing = false;
    ran = 0;
    assert_int_equal(setjmp(entered) == 0 ? (thread_schedule(), 0) : 1, 1);
    assert_int_equal(ran, 0);
    /* In a test boot, running out of threads ends the boot as a failure. */
    kernel_testing = true;
    {
        volatile int how = setjmp(entered);

        if (how == 0)
            thread_schedule();
        assert_int_equal(how, 3);
    }
    kernel_testing = false;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(runs_in_order_of_resume, setup),
        cmocka_unit_test_setup(resuming_twice_queues_once, setup),
        cmocka_unit_test_setup(stopping_takes_a_thread_out, setup),
        cmocka_unit_test_setup(the_highest_priority_runs, setup),
        cmocka_unit_test_setup(a_higher_priority_preempts, setup),
        cmocka_unit_test(the_highest_bit_is_found),
        cmocka_unit_test_setup(nothing_to_run_idles, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
