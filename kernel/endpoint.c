/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Endpoints (spec/objects.md, "IPC"). A thread that finds no partner on
 * an endpoint waits in its queue, linked through tcb->ipc_prev/ipc_next,
 * with tcb->ipc_wait naming the endpoint: the queue holds only senders or
 * only receivers (endpoint->state), the highest priority first, in order
 * of arrival within a priority. A blocked sender's message stays in its
 * registers and IPC buffer until a receiver takes it.
 */
#include "endpoint.h"
#include "fault.h"
#include "message.h"
#include "notification.h"
#include "reply.h"
#include "thread.h"

/* Put thread `t` in the queue of endpoint `e`: after the last waiter of
 * its priority or above. */
/*@ requires e != 0 && t != 0;
    assigns ENDPOINT_QUEUES;
    ensures tcb_view(t)->ipc_wait == e;
    ensures tcb_view(t)->ipc_next == 0 ==> endpoint_view(e)->tail == t;
*/
static void endpoint_enqueue(paddr_t e, paddr_t t)
{
    struct endpoint *ep = arch_endpoint_at(e);
    struct tcb *tcb = arch_tcb_at(t);
    uint8_t p = tcb->priority;
    paddr_t before = ep->tail, after;

    /* The walk ends at the head: queues are acyclic (spec/objects.md);
     * it is short but for waiters of different priorities. */
    /*@ loop assigns before; */
    while (before != 0 && before != t && arch_tcb_at(before)->priority < p)
        before = arch_tcb_at(before)->ipc_prev;
    after = before != 0 ? arch_tcb_at(before)->ipc_next : ep->head;
    //@ assert before != t ==> \separated(tcb_view(before), tcb_view(t));
    //@ assert after != t ==> \separated(tcb_view(after), tcb_view(t));
    if (before != 0)
        arch_tcb_at(before)->ipc_next = t;
    else
        ep->head = t;
    if (after != 0)
        arch_tcb_at(after)->ipc_prev = t;
    else
        ep->tail = t;
    tcb->ipc_prev = before;
    tcb->ipc_next = after;
    tcb->ipc_wait = e;
}

/* Take thread `t` out of the queue it waits in, if any: its neighbours are
 * linked to each other, and an emptied endpoint is idle. */
/*@ requires t != 0;
    assigns ENDPOINT_QUEUES;
    ensures tcb_view(t)->ipc_wait == 0 && tcb_view(t)->ipc_next == 0 && tcb_view(t)->ipc_prev == 0;
*/
void endpoint_dequeue(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);
    paddr_t e = tcb->ipc_wait, prev = tcb->ipc_prev, next = tcb->ipc_next;
    struct endpoint *ep;

    if (e != 0) {
        ep = arch_endpoint_at(e);
        //@ assert prev != t ==> \separated(tcb_view(prev), tcb_view(t));
        //@ assert next != t ==> \separated(tcb_view(next), tcb_view(t));
        //@ assert prev != next ==> \separated(tcb_view(prev), tcb_view(next));
        if (prev != 0)
            arch_tcb_at(prev)->ipc_next = next;
        else
            ep->head = next;
        if (next != 0)
            arch_tcb_at(next)->ipc_prev = prev;
        else
            ep->tail = prev;
        if (ep->head == 0)
            ep->state = ENDPOINT_IDLE;
    }
    tcb->ipc_wait = 0;
    tcb->ipc_next = 0;
    tcb->ipc_prev = 0;
}

/* The first thread waiting on endpoint `e` to do `what`, or 0. */
/*@ assigns \nothing; */
static paddr_t endpoint_first(paddr_t e, enum endpoint_state what)
{
    const struct endpoint *ep = arch_endpoint_at(e);

    return ep->state == what ? ep->head : 0;
}

/* The running thread `t` waits on endpoint `e` in state `state`. */
/*@ requires e != 0 && t != 0;
    assigns THREAD_QUEUES, ENDPOINT_QUEUES, tcb_view(t)->state;
*/
void endpoint_wait(paddr_t e, paddr_t t, uint8_t state)
{
    thread_block(t, state);
    endpoint_enqueue(e, t);
    arch_endpoint_at(e)->state = state == TCB_BLOCKED_SEND ? ENDPOINT_SENDING : ENDPOINT_RECEIVING;
}

/* The send of `s` is over: it returns OK, and `wake` (its receiver, or `s`
 * itself if it waited) becomes runnable. Its frame is every TCB, as its
 * callers name it: the provers match that at once. */
/*@ requires s != 0 && wake != 0;
    assigns THREAD_QUEUES, { *tcb_view(a) | integer a };
*/
static void sent(paddr_t s, paddr_t wake)
{
    message_status(s, CAIRN_ERR_OK);
    thread_make_runnable(wake);
}

/* The caller `t` waits for the reply of `r`, which takes the CPU. */
/*@ requires t != 0 && r != 0 && t != r;
    assigns THREAD_QUEUES, { *tcb_view(a) | integer a };
*/
static void call_wait(paddr_t t, paddr_t r)
{
    reply_wait(t, r);
    thread_hand_over(r);
}

/* The message sender `s` sends with `flags` goes to `r`, with `badge`:
 * its fault, or what its registers and IPC buffer hold. */
/*@ requires s != 0 && r != 0 && s != r;
    assigns { *tcb_view(a) | integer a }, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
static void ipc_message(paddr_t s, paddr_t r, uint64_t badge, uint64_t flags)
{
    if ((flags & IPC_FAULT) != 0)
        fault_deliver(s, r, badge);
    else
        message_transfer(s, r, badge, (flags & IPC_GRANT) != 0);
}

/*
 * Thread `t`'s message goes to the receiver `r` it found waiting, with
 * `badge`; a caller then waits for the reply and hands `r` the CPU, a
 * sender goes on.
 */
/*@ requires t != 0 && r != 0 && t != r;
    assigns THREAD_STOP_STATE, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
static void send_to(paddr_t t, paddr_t r, uint64_t badge, uint64_t flags)
{
    endpoint_dequeue(r);
    ipc_message(t, r, badge, flags);
    if ((flags & IPC_CALL) != 0)
        call_wait(t, r);
    else
        sent(t, r);
}

/*
 * Thread `t` sends its message on endpoint `e` through a capability with
 * `badge`; `flags` say whether it calls and whether the capability has
 * Grant (decoded). A waiting receiver takes the message at once (and a
 * caller hands it the CPU); otherwise `t` waits, or with `block` unset
 * gets WOULD_BLOCK.
 */
/*@ requires t != 0 && e != 0;
    assigns THREAD_STOP_STATE, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
void endpoint_send(paddr_t t, paddr_t e, uint64_t badge, uint64_t flags, bool block)
{
    paddr_t r = endpoint_first(e, ENDPOINT_RECEIVING);

    arch_tcb_at(t)->ipc_flags = flags;
    if (r != 0 && r != t) {
        send_to(t, r, badge, flags);
    } else if (block) {
        arch_tcb_at(t)->ipc_badge = badge;
        endpoint_wait(e, t, TCB_BLOCKED_SEND);
    } else {
        message_status(t, CAIRN_ERR_WOULD_BLOCK);
    }
}

/*
 * Thread `t` takes the message of the sender `s` it found waiting, with
 * the badge `s` sends with; a caller then waits for t's reply, a sender's
 * send is done.
 */
/*@ requires t != 0 && s != 0 && t != s;
    assigns THREAD_STOP_STATE, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
static void receive_from(paddr_t t, paddr_t s)
{
    uint64_t flags = arch_tcb_at(s)->ipc_flags, badge = arch_tcb_at(s)->ipc_badge;

    endpoint_dequeue(s);
    ipc_message(s, t, badge, flags);
    if ((flags & IPC_CALL) != 0)
        reply_wait(s, t);
    else
        sent(s, s);
}

/*
 * Thread `t` receives on endpoint `e`, dropping any reply capability it
 * still holds: the pending word of its bound notification if there is
 * one, else the first waiting sender's message, with its badge (a caller
 * then waits for t's reply), or `t` waits, or with `block` unset gets
 * WOULD_BLOCK.
 */
/*@ requires t != 0 && e != 0;
    assigns THREAD_STOP_STATE, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
void endpoint_recv(paddr_t t, paddr_t e, bool block)
{
    paddr_t s;

    reply_discard(t);
    if (notification_take_bound(t))
        return;
    s = endpoint_first(e, ENDPOINT_SENDING);
    if (s != 0 && s != t)
        receive_from(t, s);
    else if (block)
        endpoint_wait(e, t, TCB_BLOCKED_RECV);
    else
        message_status(t, CAIRN_ERR_WOULD_BLOCK);
}

/*
 * The IPC the blocked thread `t` waits in is cut short: `t` wakes with
 * ABORTED, or, if it was sending or awaiting the reply to a fault, stays
 * stopped, its registers as they were at the fault (there is no system
 * call to fail; resuming it faults again).
 */
/*@ requires t != 0;
    assigns THREAD_QUEUES, { *tcb_view(a) | integer a };
*/
void ipc_abort(paddr_t t)
{
    if (fault_waiting(t)) {
        thread_block(t, TCB_INACTIVE);
        return;
    }
    message_status(t, CAIRN_ERR_ABORTED);
    thread_make_runnable(t);
}

/* The last capability to endpoint `e` is going: every waiter wakes, with
 * ABORTED (ipc_abort). */
/*@ requires e != 0;
    assigns THREAD_STOP_STATE;
*/
void endpoint_cancel_all(paddr_t e)
{
    paddr_t t;

    /* Each turn takes the head out: the queue ends (it is acyclic). */
    /*@ loop assigns t, THREAD_STOP_STATE; */
    while ((t = arch_endpoint_at(e)->head) != 0) {
        endpoint_dequeue(t);
        ipc_abort(t);
    }
    arch_endpoint_at(e)->state = ENDPOINT_IDLE;
}

/* Thread `t` stops (thread_stop): the reply capabilities it waits on or
 * holds die (reply_cancel), and it leaves the endpoint it waits on. */
/*@ requires t != 0;
    assigns THREAD_STOP_STATE;
    ensures tcb_view(t)->ipc_wait == 0;
*/
void ipc_cancel(paddr_t t)
{
    reply_cancel(t);
    endpoint_dequeue(t);
}
