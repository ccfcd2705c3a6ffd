/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reply capabilities (spec/objects.md, "IPC"): the thread that receives a
 * call holds the caller's reply capability (tcb->caller) until it replies,
 * receives again, or stops; the caller waits in BLOCKED_REPLY and knows its
 * holder (tcb->replier). A reply capability is used once, and a caller
 * whose capability goes unused wakes with ABORTED: no thread waits for a
 * reply that can no longer come.
 */
#include "message.h"
#include "reply.h"
#include "thread.h"

/* The caller `c`, its message taken by `s`, waits for s's reply. */
/*@ requires c != 0 && s != 0 && c != s;
    assigns THREAD_QUEUES, { *tcb_view(a) | integer a };
    ensures tcb_view(c)->state == TCB_BLOCKED_REPLY && tcb_view(c)->replier == s;
    ensures tcb_view(s)->caller == c;
*/
void reply_wait(paddr_t c, paddr_t s)
{
    thread_block(c, TCB_BLOCKED_REPLY);
    arch_tcb_at(c)->replier = s;
    arch_tcb_at(s)->caller = c;
}

/*
 * Thread `s` lets the reply capability it holds go unused: its caller
 * wakes with ABORTED (a faulted one stays stopped: ipc_abort).
 */
/*@ requires s != 0;
    assigns THREAD_QUEUES, { *tcb_view(a) | integer a };
    ensures tcb_view(s)->caller == 0;
*/
void reply_discard(paddr_t s)
{
    paddr_t c = arch_tcb_at(s)->caller;

    if (c != 0 && c != s) {
        arch_tcb_at(c)->replier = 0;
        ipc_abort(c);
    }
    arch_tcb_at(s)->caller = 0;
}

/*
 * Thread `s` replies with the message in its registers and IPC buffer:
 * the caller gets it, with the capabilities it carries if the call's
 * capability had Grant. A caller that faulted gets nothing: it resumes
 * from its registers, as the handler left them. Returns the caller, still
 * to be made runnable, or 0 if `s` holds no reply capability.
 */
/*@ requires s != 0;
    assigns { *tcb_view(a) | integer a }, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
    ensures tcb_view(s)->caller == 0;
    ensures \result != 0 ==> \result != s;
*/
paddr_t reply_send(paddr_t s)
{
    paddr_t c = arch_tcb_at(s)->caller;

    if (c == 0 || c == s) {
        arch_tcb_at(s)->caller = 0;
        return 0;
    }
    if ((arch_tcb_at(c)->ipc_flags & IPC_FAULT) == 0)
        message_transfer(s, c, 0, (arch_tcb_at(c)->ipc_flags & IPC_GRANT) != 0);
    arch_tcb_at(c)->replier = 0;
    arch_tcb_at(s)->caller = 0;
    return c;
}

/*
 * Thread `t` stops: the reply capability it waits on dies (its holder can
 * no longer use it), and so does the one it holds (its caller wakes).
 */
/*@ requires t != 0;
    assigns THREAD_QUEUES, { *tcb_view(a) | integer a };
    ensures tcb_view(t)->caller == 0 && tcb_view(t)->replier == 0;
*/
void reply_cancel(paddr_t t)
{
    paddr_t s = arch_tcb_at(t)->replier;

    if (s != 0 && s != t && arch_tcb_at(s)->caller == t)
        arch_tcb_at(s)->caller = 0;
    reply_discard(t);
    arch_tcb_at(t)->replier = 0;
}
