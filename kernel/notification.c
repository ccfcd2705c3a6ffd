/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Notifications (spec/objects.md, "Notifications"): `signal` ORs the badge
 * of the capability it is made through into the word, or hands it straight
 * to the first thread waiting; `wait` takes a non-zero word or waits for
 * one. The object is laid out as an endpoint (struct endpoint): the queue
 * of its waiters, who all receive, then its word and the thread it is
 * bound to. A bound thread's recv on an endpoint also ends with a signal,
 * and takes a pending word before any message. The word is 0 whenever
 * threads wait: a signal then goes to a waiter, never into the word.
 */
#include "endpoint.h"
#include "message.h"
#include "notification.h"
#include "reply.h"
#include "thread.h"

/* Thread `t` receives `word`: in its cptr register, with a msginfo that
 * says a notification's word came (CAIRN_MSGINFO_NOTIFICATION), and OK. */
/*@ requires t != 0;
    assigns tcb_view(t)->context;
*/
static void notification_deliver(paddr_t t, uint64_t word)
{
    struct user_context *c = &arch_tcb_at(t)->context;

    arch_user_reg_set(c, USER_REG_MSGINFO, CAIRN_MSGINFO_NOTIFICATION);
    arch_user_reg_set(c, USER_REG_CPTR, word);
    message_status(t, CAIRN_ERR_OK);
}

/* The blocked thread `t` wakes with `word`, out of the queue it waits in. */
/*@ requires t != 0;
    assigns THREAD_STOP_STATE;
*/
static void notification_wake(paddr_t t, uint64_t word)
{
    endpoint_dequeue(t);
    notification_deliver(t, word);
    thread_make_runnable(t);
}

/*
 * Decode a signal (`signal`) or a wait by thread `t` on notification `n`
 * through a capability with `badge`: a signal needs a badge to OR in (an
 * unbadged capability would change nothing); only the bound thread may
 * wait on a bound notification.
 */
/*@ requires n != 0;
    assigns \nothing;
    ensures signal ==> (\result == CAIRN_ERR_OK <==> badge != 0);
*/
cairn_error_t notification_decode(paddr_t t, paddr_t n, uint64_t badge, bool signal)
{
    paddr_t b = arch_endpoint_at(n)->bound;

    if (signal)
        return badge != 0 ? CAIRN_ERR_OK : CAIRN_ERR_INVALID_CAPABILITY;
    return b == 0 || b == t ? CAIRN_ERR_OK : CAIRN_ERR_ILLEGAL_OPERATION;
}

/*
 * Signal notification `n` with `badge`: the first waiter wakes with it;
 * failing that, the bound thread if it waits in a recv on an endpoint;
 * failing that, it is ORed into the word.
 */
/*@ requires n != 0;
    assigns THREAD_STOP_STATE;
*/
void notification_signal(paddr_t n, uint64_t badge)
{
    struct endpoint *nt = arch_endpoint_at(n);
    paddr_t w = nt->state == ENDPOINT_RECEIVING ? nt->head : 0, b = nt->bound;

    if (w != 0)
        notification_wake(w, badge);
    else if (b != 0 && arch_tcb_at(b)->state == TCB_BLOCKED_RECV)
        notification_wake(b, badge);
    else
        nt->word |= badge;
}

/* Thread `t` takes the word of notification `n` if it is non-zero: true
 * when it did (the word is then 0). */
/*@ requires t != 0 && n != 0;
    assigns endpoint_view(n)->word, tcb_view(t)->context;
    ensures \result <==> \old(endpoint_view(n)->word) != 0;
    ensures endpoint_view(n)->word == 0;
*/
static bool notification_take(paddr_t t, paddr_t n)
{
    struct endpoint *nt = arch_endpoint_at(n);
    uint64_t word = nt->word;

    if (word == 0)
        return false;
    nt->word = 0;
    notification_deliver(t, word);
    return true;
}

/*
 * Thread `t` waits on notification `n` (decoded), letting go of any reply
 * capability it holds, as a receive does: a non-zero word is taken at
 * once; otherwise `t` waits, or with `block` unset gets WOULD_BLOCK.
 */
/*@ requires t != 0 && n != 0;
    assigns THREAD_STOP_STATE;
*/
void notification_wait(paddr_t t, paddr_t n, bool block)
{
    reply_discard(t);
    if (notification_take(t, n))
        return;
    if (block)
        endpoint_wait(n, t, TCB_BLOCKED_NOTIFY);
    else
        message_status(t, CAIRN_ERR_WOULD_BLOCK);
}

/* A recv on an endpoint by thread `t` first takes the word of the
 * notification bound to it, if non-zero: true when it did. */
/*@ requires t != 0;
    assigns ENDPOINT_ALL, tcb_view(t)->context;
*/
bool notification_take_bound(paddr_t t)
{
    paddr_t n = arch_tcb_at(t)->notification;

    return n != 0 && notification_take(t, n);
}

/*
 * bind_notification: thread `t` and notification `n` are bound to each
 * other, unless either is bound already or threads wait on `n` (they
 * could not be the bound thread).
 */
/*@ requires t != 0 && n != 0;
    assigns ENDPOINT_ALL, TCBS_ALL;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_ILLEGAL_OPERATION;
    ensures \result == CAIRN_ERR_OK ==>
            endpoint_view(n)->bound == t && tcb_view(t)->notification == n;
*/
cairn_error_t notification_bind(paddr_t t, paddr_t n)
{
    struct endpoint *nt = arch_endpoint_at(n);

    if (arch_tcb_at(t)->notification != 0 || nt->bound != 0 || nt->head != 0)
        return CAIRN_ERR_ILLEGAL_OPERATION;
    nt->bound = t;
    arch_tcb_at(t)->notification = n;
    return CAIRN_ERR_OK;
}

/* Thread `t` and its notification, if any, are no longer bound. */
/*@ requires t != 0;
    assigns ENDPOINT_ALL, TCBS_ALL;
    ensures tcb_view(t)->notification == 0;
*/
void notification_unbind(paddr_t t)
{
    paddr_t n = arch_tcb_at(t)->notification;

    if (n != 0)
        arch_endpoint_at(n)->bound = 0;
    arch_tcb_at(t)->notification = 0;
}

/* The last capability to notification `n` is going: its thread is
 * unbound, and its waiters wake with ABORTED. */
/*@ requires n != 0;
    assigns THREAD_STOP_STATE;
*/
void notification_destroy(paddr_t n)
{
    paddr_t b = arch_endpoint_at(n)->bound;

    if (b != 0)
        notification_unbind(b);
    endpoint_cancel_all(n);
}
