/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel/thread.c on the host: the run queue. TCBs live in a static array
 * (the direct map is the identity); entering user mode ends the test's
 * scheduling step through longjmp, recording which thread would have run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "kernel.h"
#include "thread.h"

bool kernel_testing;

static struct tcb tcbs[4];
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

static int setup(void **state)
{
    (void)state;
    /* Drain whatever the previous test left running or queued. */
    for (unsigned i = 0; i < 4; i++)
        thread_stop(T(i));
    memset(tcbs, 0, sizeof(tcbs));
    for (unsigned i = 0; i < 4; i++)
        tcbs[i].vspace = 0x1000 * (i + 1);
    return 0;
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
    /* The current thread keeps the CPU until a tick or a stop. */
    assert_int_equal(schedule(), T(2));
    assert_int_equal(tick(), T(0));
    assert_int_equal(tick(), T(1));
    assert_int_equal(tick(), T(2));
}

static void resuming_twice_queues_once(void **state)
{
    (void)state;
    thread_make_runnable(T(0));
    thread_make_runnable(T(0));
    thread_make_runnable(T(1));
    assert_int_equal(schedule(), T(0));
    thread_make_runnable(T(0));      /* already running: nothing */
    assert_int_equal(tick(), T(1));
    assert_int_equal(tick(), T(0));
    assert_int_equal(tick(), T(1));
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
    thread_stop(T(3));               /* from its end */
    assert_int_equal(tick(), T(1));
    assert_int_equal(tick(), T(0));
    thread_stop(T(0));               /* the current thread */
    assert_int_not_equal(thread_current(), T(0));
    assert_int_equal(schedule(), T(1));
    thread_make_runnable(T(3));      /* the tail was fixed when 3 left */
    assert_int_equal(tick(), T(3));
    assert_int_equal(tick(), T(1));
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
        cmocka_unit_test_setup(nothing_to_run_idles, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
