/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel/thread.c on the host: the scheduler's queues, and the IPC that
 * blocks and wakes threads (endpoint.c, notification.c, reply.c, message.c,
 * fault.c). TCBs live in a static array
 * (the direct map is the identity); entering user mode ends the test's
 * scheduling step through longjmp, recording which thread would have run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bits.h"
#include "endpoint.h"
#include "fault.h"
#include "kernel.h"
#include "notification.h"
#include "reply.h"
#include "thread.h"

bool kernel_testing;

static struct tcb tcbs[6];
static struct endpoint ep, ntfn;
static jmp_buf entered;
static paddr_t ran;            /* the thread arch_user_enter was given */
static paddr_t activated;      /* the root arch_vspace_activate was given */

#define T(i) ((paddr_t)(uintptr_t)&tcbs[i])
#define EP ((paddr_t)(uintptr_t)&ep)
#define NTFN ((paddr_t)(uintptr_t)&ntfn)

uint64_t arch_user_reg(const struct user_context *c, unsigned r)
{
    return c->w[r];
}

void arch_user_reg_set(struct user_context *c, unsigned r, uint64_t v)
{
    c->w[r] = v;
}

_Noreturn void panic_with(const char *why, size_t len)
{
    (void)len;
    fail_msg("PANIC: %s", why);
    abort();
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
    memset(&ep, 0, sizeof(ep));
    memset(&ntfn, 0, sizeof(ntfn));
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

static uint64_t reg(unsigned i, unsigned r)
{
    return tcbs[i].context.w[r];
}

/* The endpoint's queue, followed forwards and checked backwards: the
 * threads' numbers in `out`, their count returned. */
static unsigned queue(unsigned *out)
{
    paddr_t prev = 0;
    unsigned n = 0;

    for (paddr_t t = ep.head; t != 0; t = arch_tcb_at(t)->ipc_next) {
        assert_int_equal(arch_tcb_at(t)->ipc_prev, prev);
        assert_int_equal(arch_tcb_at(t)->ipc_wait, EP);
        assert_true(n < THREADS);
        out[n++] = (unsigned)(arch_tcb_at(t) - tcbs);
        prev = t;
    }
    assert_int_equal(ep.tail, prev);
    return n;
}

/* Senders that find no receiver wait highest priority first, in order of
 * arrival within a priority; each receive takes the first, with its
 * message and badge, and the sender's send returns. */
static void senders_wait_by_priority(void **state)
{
    static const uint8_t priority[4] = { 100, 200, 150, 150 };
    static const unsigned order[4] = { 1, 2, 3, 0 };
    unsigned got[THREADS];

    (void)state;
    for (unsigned i = 0; i < 4; i++) {
        thread_set_priority(T(i), priority[i]);
        tcbs[i].context.w[USER_REG_MSGINFO] = CAIRN_MSGINFO(40 + i, 0, 1);
        tcbs[i].context.w[USER_REG_MSG0] = 1000 + i;
        endpoint_send(T(i), EP, 10 + i, 0, true);
        assert_int_equal(tcbs[i].state, TCB_BLOCKED_SEND);
    }
    assert_int_equal(ep.state, ENDPOINT_SENDING);
    assert_int_equal(queue(got), 4);
    assert_memory_equal(got, order, sizeof(order));
    for (unsigned k = 0; k < 4; k++) {
        unsigned s = order[k];

        endpoint_recv(T(4), EP, true);
        assert_int_equal(reg(4, USER_REG_SYSCALL), CAIRN_ERR_OK);
        assert_int_equal(reg(4, USER_REG_CPTR), 10 + s);
        assert_int_equal(reg(4, USER_REG_MSGINFO), CAIRN_MSGINFO(40 + s, 0, 1));
        assert_int_equal(reg(4, USER_REG_MSG0), 1000 + s);
        assert_int_equal(tcbs[s].state, TCB_RUNNING);
        assert_int_equal(reg(s, USER_REG_SYSCALL), CAIRN_ERR_OK);
        assert_int_equal(tcbs[s].ipc_wait, 0);
    }
    assert_int_equal(ep.state, ENDPOINT_IDLE);
    assert_int_equal(ep.head, 0);
    assert_int_equal(ep.tail, 0);
    endpoint_recv(T(4), EP, false);
    assert_int_equal(reg(4, USER_REG_SYSCALL), CAIRN_ERR_WOULD_BLOCK);
}

/* A call to a waiting receiver hands it the CPU at once; the caller waits
 * for the reply, which comes back through the reply capability once. */
static void a_call_hands_over_the_cpu(void **state)
{
    (void)state;
    endpoint_recv(T(1), EP, true);
    assert_int_equal(tcbs[1].state, TCB_BLOCKED_RECV);
    thread_make_runnable(T(0));
    thread_make_runnable(T(2));
    assert_int_equal(schedule(), T(0));
    tcbs[0].context.w[USER_REG_MSGINFO] = CAIRN_MSGINFO(5, 0, 0);
    endpoint_send(T(0), EP, 7, IPC_CALL, true);
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_REPLY);
    assert_int_equal(thread_current(), T(1));     /* not behind 2 in the queue */
    assert_int_equal(tcbs[1].queued, 0);
    assert_int_equal(schedule(), T(1));
    assert_int_equal(reg(1, USER_REG_CPTR), 7);
    assert_int_equal(tcbs[1].caller, T(0));
    assert_int_equal(tcbs[0].replier, T(1));
    tcbs[1].context.w[USER_REG_MSGINFO] = CAIRN_MSGINFO(6, 0, 0);
    assert_int_equal(reply_send(T(1)), T(0));
    assert_int_equal(reg(0, USER_REG_MSGINFO), CAIRN_MSGINFO(6, 0, 0));
    assert_int_equal(reg(0, USER_REG_CPTR), 0);
    assert_int_equal(tcbs[1].caller, 0);
    assert_int_equal(reply_send(T(1)), 0);        /* used once */
}

/* The last capability to an endpoint going wakes every waiter with ABORTED. */
static void deleting_an_endpoint_wakes_its_waiters(void **state)
{
    (void)state;
    endpoint_recv(T(0), EP, true);
    endpoint_recv(T(1), EP, true);
    assert_int_equal(ep.state, ENDPOINT_RECEIVING);
    endpoint_cancel_all(EP);
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(tcbs[i].state, TCB_RUNNING);
        assert_int_equal(reg(i, USER_REG_SYSCALL), CAIRN_ERR_ABORTED);
        assert_int_equal(tcbs[i].ipc_wait, 0);
    }
    assert_int_equal(ep.head, 0);
    assert_int_equal(ep.state, ENDPOINT_IDLE);
    assert_int_equal(schedule(), T(0));
}

/* A waiter that stops leaves the queue, which stays linked. */
static void a_stopped_waiter_leaves_the_queue(void **state)
{
    unsigned got[THREADS];

    (void)state;
    for (unsigned i = 0; i < 3; i++)
        endpoint_send(T(i), EP, 0, 0, true);
    thread_stop(T(1));
    assert_int_equal(queue(got), 2);
    assert_int_equal(got[0], 0);
    assert_int_equal(got[1], 2);
    thread_stop(T(0));
    thread_stop(T(2));
    assert_int_equal(queue(got), 0);
    assert_int_equal(ep.state, ENDPOINT_IDLE);
}

/* A reply capability dies with either side: the holder stopping aborts the
 * call; the caller stopping leaves the holder nothing to reply to. */
static void a_reply_capability_dies_with_either_side(void **state)
{
    (void)state;
    endpoint_recv(T(1), EP, true);
    endpoint_send(T(0), EP, 0, IPC_CALL, true);
    thread_stop(T(1));
    assert_int_equal(tcbs[0].state, TCB_RUNNING);
    assert_int_equal(reg(0, USER_REG_SYSCALL), CAIRN_ERR_ABORTED);
    assert_int_equal(tcbs[0].replier, 0);
    endpoint_send(T(2), EP, 0, IPC_CALL, true);
    endpoint_recv(T(3), EP, true);
    assert_int_equal(tcbs[3].caller, T(2));
    thread_stop(T(2));
    assert_int_equal(tcbs[3].caller, 0);
    assert_int_equal(reply_send(T(3)), 0);
}

/* A CSpace for the fault tests: 16 slots behind a 60-bit guard of 0, so
 * that CPtrs resolve at full depth. Slot 1: the endpoint with Write and a
 * badge; 2: the endpoint with Read only; 3: a VMO; the rest empty. */
static struct slot fault_cspace[16];
#define FAULT_BADGE 0x77u
#define FAULT_PC 0x4000u

static void fault_setup(unsigned i, uint64_t fault_endpoint)
{
    struct cap cnode = { .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = 4,
                         .guard_bits = 60, .object = (paddr_t)(uintptr_t)fault_cspace };

    memset(fault_cspace, 0, sizeof(fault_cspace));
    fault_cspace[1].cap = (struct cap){ .type = CAIRN_OBJ_ENDPOINT, .rights = CAIRN_RIGHT_WRITE,
                                        .object = EP, .badge = FAULT_BADGE };
    fault_cspace[2].cap = (struct cap){ .type = CAIRN_OBJ_ENDPOINT, .rights = CAIRN_RIGHT_READ,
                                        .object = EP };
    fault_cspace[3].cap = (struct cap){ .type = CAIRN_OBJ_VMO, .rights = CAIRN_RIGHTS_ALL,
                                        .object = 0x5000 };
    tcbs[i].cspace = cnode;
    tcbs[i].fault_endpoint = fault_endpoint;
    tcbs[i].context.w[USER_REG_PC] = FAULT_PC;
    tcbs[i].context.w[USER_REG_SYSCALL] = 0xabc;   /* what the fault must leave alone */
    tcbs[i].context.w[USER_REG_MSGINFO] = 0x55;
    thread_make_runnable(T(i));
    assert_int_equal(schedule(), T(i));
}

/* The registers fault_setup gave thread `i`, untouched. */
static void assert_fault_state_kept(unsigned i)
{
    assert_int_equal(reg(i, USER_REG_PC), FAULT_PC);
    assert_int_equal(reg(i, USER_REG_SYSCALL), 0xabc);
    assert_int_equal(reg(i, USER_REG_MSGINFO), 0x55);
}

/* A fault is a call to the fault endpoint: the handler gets the kind, the
 * words and the badge; the faulted thread's registers are not written,
 * not by the send and not by the reply that resumes it. */
static void a_fault_calls_the_fault_endpoint(void **state)
{
    (void)state;
    endpoint_recv(T(1), EP, true);
    fault_setup(0, 1);
    assert_true(fault_send(T(0), CAIRN_FAULT_PAGE_READ, 0x1234, 14));
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_REPLY);
    assert_int_equal(thread_current(), T(1));
    assert_int_equal(reg(1, USER_REG_SYSCALL), CAIRN_ERR_OK);
    assert_int_equal(reg(1, USER_REG_MSGINFO),
                     CAIRN_MSGINFO(CAIRN_FAULT_PAGE_READ, 0, CAIRN_FAULT_WORDS) | CAIRN_MSGINFO_FAULT);
    assert_int_equal(reg(1, USER_REG_CPTR), FAULT_BADGE);
    assert_int_equal(reg(1, USER_REG_MSG0 + CAIRN_FAULT_WORD_ADDRESS), 0x1234);
    assert_int_equal(reg(1, USER_REG_MSG0 + CAIRN_FAULT_WORD_PC), FAULT_PC);
    assert_int_equal(reg(1, USER_REG_MSG0 + CAIRN_FAULT_WORD_CAUSE), 14);
    assert_fault_state_kept(0);
    tcbs[1].context.w[USER_REG_MSGINFO] = CAIRN_MSGINFO(9, 0, 2);
    assert_int_equal(reply_send(T(1)), T(0));
    assert_fault_state_kept(0);
    assert_int_equal(tcbs[0].replier, 0);
}

/* No fault endpoint, one without Write, a VMO, an empty slot: the fault is
 * not sent and nothing changes (the kernel reports and stops the thread). */
static void a_fault_needs_an_endpoint_with_write(void **state)
{
    static const uint64_t cptrs[] = { 0, 2, 3, 9 };

    (void)state;
    for (unsigned k = 0; k < sizeof(cptrs) / sizeof(cptrs[0]); k++) {
        fault_setup(0, cptrs[k]);
        assert_false(fault_send(T(0), CAIRN_FAULT_UNDEFINED, 0, 6));
        assert_int_equal(tcbs[0].state, TCB_RUNNING);
        assert_int_equal(ep.state, ENDPOINT_IDLE);
        assert_fault_state_kept(0);
    }
}

/* A fault whose endpoint goes, or whose handler drops the reply, leaves
 * the thread stopped with its registers as they were: no ABORTED written
 * over them, no fault again at once. A stale fault flag on a thread that
 * waits to receive changes nothing: it is aborted as usual. */
static void an_abandoned_fault_leaves_the_thread_stopped(void **state)
{
    (void)state;
    fault_setup(0, 1);
    assert_true(fault_send(T(0), CAIRN_FAULT_PAGE_WRITE, 0x10, 15));
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_SEND);
    endpoint_cancel_all(EP);
    assert_int_equal(tcbs[0].state, TCB_INACTIVE);
    assert_fault_state_kept(0);

    fault_setup(0, 1);
    assert_true(fault_send(T(0), CAIRN_FAULT_PAGE_WRITE, 0x10, 15));
    endpoint_recv(T(1), EP, true);   /* takes the waiting fault */
    assert_int_equal(reg(1, USER_REG_MSG0 + CAIRN_FAULT_WORD_ADDRESS), 0x10);
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_REPLY);
    endpoint_recv(T(1), EP, false);  /* receives again without replying */
    assert_int_equal(tcbs[0].state, TCB_INACTIVE);
    assert_fault_state_kept(0);

    endpoint_recv(T(0), EP, true);   /* its ipc_flags still say IPC_FAULT */
    endpoint_cancel_all(EP);
    assert_int_equal(tcbs[0].state, TCB_RUNNING);
    assert_int_equal(reg(0, USER_REG_SYSCALL), CAIRN_ERR_ABORTED);
}

/* Thread `i` got notification word `word` with status OK. */
static void notified(unsigned i, uint64_t word)
{
    assert_int_equal(reg(i, USER_REG_SYSCALL), CAIRN_ERR_OK);
    assert_int_equal(reg(i, USER_REG_CPTR), word);
    assert_int_equal(reg(i, USER_REG_MSGINFO), CAIRN_MSGINFO_NOTIFICATION);
}

/* Signals OR into the word; a wait takes it whole and leaves 0; a poll of
 * 0 would block; waiters wake one signal each, highest priority first. */
static void signals_accumulate_and_wake_waiters(void **state)
{
    (void)state;
    notification_signal(NTFN, 0x1);
    notification_signal(NTFN, 0x4);
    notification_signal(NTFN, 0x1);
    notification_wait(T(0), NTFN, false);
    notified(0, 0x5);
    assert_int_equal(ntfn.word, 0);
    notification_wait(T(0), NTFN, false);
    assert_int_equal(reg(0, USER_REG_SYSCALL), CAIRN_ERR_WOULD_BLOCK);

    thread_set_priority(T(1), 10);
    thread_set_priority(T(2), 20);
    notification_wait(T(1), NTFN, true);
    notification_wait(T(2), NTFN, true);
    assert_int_equal(tcbs[1].state, TCB_BLOCKED_NOTIFY);
    assert_int_equal(ntfn.head, T(2));
    notification_signal(NTFN, 0x8);
    assert_int_equal(tcbs[2].state, TCB_RUNNING);
    notified(2, 0x8);
    assert_int_equal(tcbs[1].state, TCB_BLOCKED_NOTIFY);
    assert_int_equal(ntfn.word, 0);      /* handed over, not kept */
    notification_signal(NTFN, 0x2);
    notified(1, 0x2);
    assert_int_equal(ntfn.head, 0);
    assert_int_equal(ntfn.state, ENDPOINT_IDLE);
}

/* A bound thread's recv on an endpoint takes a pending word first, and a
 * signal ends a recv it waits in; a thread waiting for a reply is left
 * alone. Binding is refused twice over and with waiters. */
static void a_bound_notification_ends_a_recv(void **state)
{
    (void)state;
    assert_int_equal(notification_bind(T(0), NTFN), CAIRN_ERR_OK);
    assert_int_equal(ntfn.bound, T(0));
    assert_int_equal(notification_bind(T(1), NTFN), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(notification_decode(T(1), NTFN, 0, false), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(notification_decode(T(0), NTFN, 0, false), CAIRN_ERR_OK);
    assert_int_equal(notification_decode(T(1), NTFN, 0, true), CAIRN_ERR_INVALID_CAPABILITY);

    notification_signal(NTFN, 0x10);
    endpoint_recv(T(0), EP, true);
    notified(0, 0x10);
    assert_int_equal(ep.head, 0);

    endpoint_recv(T(0), EP, true);
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_RECV);
    notification_signal(NTFN, 0x20);
    assert_int_equal(tcbs[0].state, TCB_RUNNING);
    notified(0, 0x20);
    assert_int_equal(ep.head, 0);
    assert_int_equal(tcbs[0].ipc_wait, 0);

    /* A call's wait for its reply is not a receive. */
    endpoint_recv(T(1), EP, true);
    tcbs[0].context.w[USER_REG_MSGINFO] = CAIRN_MSGINFO(1, 0, 0);
    endpoint_send(T(0), EP, 0, IPC_CALL, true);
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_REPLY);
    notification_signal(NTFN, 0x40);
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_REPLY);
    assert_int_equal(ntfn.word, 0x40);

    notification_unbind(T(0));
    assert_int_equal(ntfn.bound, 0);
    assert_int_equal(tcbs[0].notification, 0);
    notification_wait(T(2), NTFN, true);      /* takes the 0x40 */
    notified(2, 0x40);
    notification_wait(T(2), NTFN, true);
    assert_int_equal(notification_bind(T(3), NTFN), CAIRN_ERR_ILLEGAL_OPERATION);
}

/* Destroying a notification unbinds its thread and wakes its waiters
 * with ABORTED. */
static void destroying_a_notification_wakes_and_unbinds(void **state)
{
    (void)state;
    assert_int_equal(notification_bind(T(0), NTFN), CAIRN_ERR_OK);
    notification_wait(T(0), NTFN, true);
    assert_int_equal(tcbs[0].state, TCB_BLOCKED_NOTIFY);
    notification_destroy(NTFN);
    assert_int_equal(tcbs[0].state, TCB_RUNNING);
    assert_int_equal(reg(0, USER_REG_SYSCALL), CAIRN_ERR_ABORTED);
    assert_int_equal(tcbs[0].notification, 0);
    assert_int_equal(ntfn.bound, 0);
    assert_int_equal(ntfn.head, 0);
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
        cmocka_unit_test_setup(senders_wait_by_priority, setup),
        cmocka_unit_test_setup(a_call_hands_over_the_cpu, setup),
        cmocka_unit_test_setup(deleting_an_endpoint_wakes_its_waiters, setup),
        cmocka_unit_test_setup(a_stopped_waiter_leaves_the_queue, setup),
        cmocka_unit_test_setup(a_reply_capability_dies_with_either_side, setup),
        cmocka_unit_test_setup(a_fault_calls_the_fault_endpoint, setup),
        cmocka_unit_test_setup(a_fault_needs_an_endpoint_with_write, setup),
        cmocka_unit_test_setup(an_abandoned_fault_leaves_the_thread_stopped, setup),
        cmocka_unit_test_setup(signals_accumulate_and_wake_waiters, setup),
        cmocka_unit_test_setup(a_bound_notification_ends_a_recv, setup),
        cmocka_unit_test_setup(destroying_a_notification_wakes_and_unbinds, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
