/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IPC fast path (spec/objects.md, "The fast path"): call and
 * reply_recv on an endpoint with a message of register words only, to a
 * partner that takes the CPU at once. Each is a run of checks that writes
 * nothing (the decode), then the switch (the perform). When a check fails
 * the system call goes down the general path (syscall.c) as if the fast
 * path were not there; when all pass, the fast path does what the general
 * path would do in that state, in fewer steps: the same message, the same
 * queues, the same thread running.
 */
#include "bits.h"
#include "endpoint.h"
#include "fastpath.h"
#include "message.h"
#include "thread.h"

/* Test boots turn the fast path off to run the same exchanges down the
 * general path (debug_fastpath), and count the calls and reply_recvs that
 * went down the general path: counted there, the fast path pays nothing. */
static bool fastpath_enabled = true;
static uint64_t fastpath_declined;

/* The helpers fold into the two entry points: on this path a call and its
 * saved registers cost more than most of the helpers' bodies. */
#define FASTPATH_INLINE static ALWAYS_INLINE

/* A decoded fast call or reply_recv. */
struct fastpath {
    paddr_t endpoint;   /* the endpoint of the call, or of the receive */
    paddr_t partner;    /* the receiver called, or the caller replied to */
    uint64_t badge;     /* the call's: the capability's badge */
    uint64_t flags;     /* the call's: IPC_CALL, and IPC_GRANT if the capability has Grant */
    uint64_t info;      /* the sender's message info */
};

/* A message the fast path carries: no capabilities, every word in a
 * register. */
/*@ assigns \nothing;
    ensures \result ==> CAIRN_MSGINFO_CAPS(info) == 0 && CAIRN_MSGINFO_LENGTH(info) <= USER_MSG_REGS;
*/
FASTPATH_INLINE bool fastpath_message_fits(uint64_t info)
{
    return CAIRN_MSGINFO_CAPS(info) == 0 && CAIRN_MSGINFO_LENGTH(info) <= USER_MSG_REGS;
}

/*
 * The endpoint capability thread `t`'s cptr register names, if it names
 * one with `right`, else NULL. Only the usual shape of a CSpace is looked
 * up here: one CNode that resolves all 64 bits, a guard over an index
 * (init's is so); cspace_lookup finds the same slot in it. Any other shape,
 * and anything but such an endpoint capability, is for the general path.
 */
/*@ requires t != 0;
    assigns \nothing;
    ensures \result != \null ==> \valid_read(\result);
    ensures \result != \null ==> \result->object != 0 && \result->type == CAIRN_OBJ_ENDPOINT;
    ensures \result != \null ==> rights_within(right, \result->rights);
*/
FASTPATH_INLINE const struct cap *fastpath_endpoint(paddr_t t, cairn_rights_t right)
{
    const struct tcb *tcb = arch_tcb_at(t);
    const struct cap *root = &tcb->cspace, *c;
    uint64_t cptr = arch_user_reg(&tcb->context, USER_REG_CPTR);
    unsigned radix = root->size_bits;

    if (root->type != CAIRN_OBJ_CNODE || radix < CAIRN_CNODE_MIN_BITS || radix > CAIRN_CNODE_MAX_BITS ||
        root->object == 0 || root->object >= PHYS_ADDR_LIMIT || root->guard_bits + radix != 64 ||
        cptr >> radix != root->badge)
        return NULL;
    c = &arch_slots_at(root->object + cptr % pow2[radix] * pow2[SLOT_SIZE_BITS], 1)->cap;
    if (c->type != CAIRN_OBJ_ENDPOINT || c->object == 0 || (c->rights & right) != right)
        return NULL;
    return c;
}

/*
 * Whether a ready thread outranks priority `p` (thread_choose would run it
 * rather than a thread of `p`): the ready map's words above p's, from the
 * top, then the bits above p's in its own word. thread.c's map, read here:
 * a call into thread.c would cost more than the reading.
 */
/*@ assigns \nothing;
    ensures !\result ==> \forall integer i; p / 64 < i < READY_WORDS ==> run_queues[0].ready[i] == 0;
*/
FASTPATH_INLINE bool fastpath_outranked(uint8_t p)
{
    const uint64_t *ready = run_queues[0].ready;
    unsigned w = p / 64u, i;

    /*@ loop invariant w <= i <= READY_WORDS - 1;
        loop invariant \forall integer j; i < j < READY_WORDS ==> ready[j] == 0;
        loop assigns i;
        loop variant i;
    */
    for (i = READY_WORDS - 1; i > w; i--)
        if (ready[i] != 0)
            return true;
    return (ready[w] >> (p % 64u) >> 1) != 0;
}

/*
 * Thread `t`, the running thread, is in no queue, and `partner` (another,
 * blocked, in no ready queue) may take the CPU at once: no ready thread
 * outranks it, as thread_choose would otherwise prefer that one.
 */
/*@ requires t != 0 && partner != 0;
    assigns \nothing;
    ensures \result ==> partner != t && tcb_view(partner)->queued == 0;
    ensures \result ==> tcb_view(t)->queued == 0 && tcb_view(t)->ipc_wait == 0;
*/
FASTPATH_INLINE bool fastpath_switch_allowed(paddr_t t, paddr_t partner)
{
    const struct tcb *me = arch_tcb_at(t), *p = arch_tcb_at(partner);

    return partner != t && me->queued == 0 && me->ipc_wait == 0 && p->queued == 0 &&
           !fastpath_outranked(p->priority);
}

/*
 * Decode a call of thread `t`: a message the fast path carries, through an
 * endpoint capability with Write, to an endpoint whose first receiver may
 * take the CPU at once. Writes nothing but `*fp`.
 */
/*@ requires t != 0 && \valid(fp) && \separated(fp, tcb_view(t));
    requires run_queues[0].running == t;
    assigns *fp;
    ensures \result ==> fp->partner != 0 && fp->partner != t && fp->endpoint != 0;
    ensures \result ==> endpoint_view(fp->endpoint)->head == fp->partner;
    ensures \result ==> tcb_view(fp->partner)->ipc_prev == 0 &&
                        tcb_view(fp->partner)->ipc_next != fp->partner &&
                        tcb_view(fp->partner)->ipc_next != t &&
                        tcb_view(fp->partner)->queued == 0;
    ensures \result ==> run_queues[0].running == t && tcb_view(t)->queued == 0;
    ensures \result ==> CAIRN_MSGINFO_LENGTH(fp->info) <= USER_MSG_REGS;
*/
FASTPATH_INLINE bool fastpath_call_decode(paddr_t t, struct fastpath *fp)
{
    const struct tcb *tcb = arch_tcb_at(t);
    const struct endpoint *ep;
    const struct tcb *r;
    const struct cap *c;

    fp->info = arch_user_reg(&tcb->context, USER_REG_MSGINFO);
    if (!fastpath_message_fits(fp->info))
        return false;
    c = fastpath_endpoint(t, CAIRN_RIGHT_WRITE);
    if (c == NULL)
        return false;
    fp->endpoint = c->object;
    fp->badge = c->badge;
    fp->flags = IPC_CALL | ((c->rights & CAIRN_RIGHT_GRANT) != 0 ? IPC_GRANT : 0);
    ep = arch_endpoint_at(fp->endpoint);
    fp->partner = ep->head;
    if (ep->state != ENDPOINT_RECEIVING || fp->partner == 0)
        return false;
    r = arch_tcb_at(fp->partner);
    return r->state == TCB_BLOCKED_RECV && r->ipc_wait == fp->endpoint && r->ipc_prev == 0 &&
           r->ipc_next != fp->partner && r->ipc_next != t && fastpath_switch_allowed(t, fp->partner);
}

_Static_assert(USER_MSG_REGS == 4, "fastpath_copy names each message register");

/*
 * The message `from` sends with `info` goes to `to`'s registers with
 * `badge`, as message_transfer writes it: the label and length, the badge
 * in the cptr register, the words, and status OK.
 */
/*@ requires from != 0 && to != 0 && from != to;
    requires CAIRN_MSGINFO_LENGTH(info) <= USER_MSG_REGS;
    assigns tcb_view(to)->context;
*/
FASTPATH_INLINE void fastpath_copy(paddr_t from, paddr_t to, uint64_t info, uint64_t badge)
{
    const struct user_context *src = &arch_tcb_at(from)->context;
    struct user_context *dest = &arch_tcb_at(to)->context;
    uint32_t count = (uint32_t)CAIRN_MSGINFO_LENGTH(info);

    /* The label as sent, no capabilities, `count` words. */
    arch_user_reg_set(dest, USER_REG_MSGINFO,
                      info - info % ((uint64_t)1 << CAIRN_MSGINFO_LABEL_SHIFT) + count);
    arch_user_reg_set(dest, USER_REG_CPTR, badge);
    /* Unrolled: each register by a constant role is one move. */
    if (count > 0)
        arch_user_reg_set(dest, USER_REG_MSG0, arch_user_reg(src, USER_REG_MSG0));
    if (count > 1)
        arch_user_reg_set(dest, USER_REG_MSG0 + 1, arch_user_reg(src, USER_REG_MSG0 + 1));
    if (count > 2)
        arch_user_reg_set(dest, USER_REG_MSG0 + 2, arch_user_reg(src, USER_REG_MSG0 + 2));
    if (count > 3)
        arch_user_reg_set(dest, USER_REG_MSG0 + 3, arch_user_reg(src, USER_REG_MSG0 + 3));
    arch_user_reg_set(dest, USER_REG_SYSCALL, CAIRN_ERR_OK);
}

/* One more call or reply_recv goes down the general path. */
/*@ assigns fastpath_declined; */
static void fastpath_decline(void)
{
    if (fastpath_declined < UINT64_MAX)
        fastpath_declined++;
}

/*
 * The call, as endpoint_send does it for a receiver found waiting: the
 * receiver `r`, the first in the queue, leaves it with the message; `t`
 * blocks waiting for its reply, which `r` holds (reply_wait); `r` runs.
 */
/*@ requires t != 0 && \valid_read(fp) && \separated(fp, tcb_view(t));
    requires fp->partner != 0 && fp->partner != t && fp->endpoint != 0;
    requires endpoint_view(fp->endpoint)->head == fp->partner;
    requires tcb_view(fp->partner)->ipc_prev == 0 && tcb_view(fp->partner)->queued == 0;
    requires tcb_view(fp->partner)->ipc_next != fp->partner && tcb_view(fp->partner)->ipc_next != t;
    requires run_queues[0].running == t && tcb_view(t)->queued == 0;
    requires CAIRN_MSGINFO_LENGTH(fp->info) <= USER_MSG_REGS;
    assigns THREAD_STOP_STATE;
    ensures \false;
*/
FASTPATH_INLINE _Noreturn void fastpath_call_perform(paddr_t t, const struct fastpath *fp)
{
    paddr_t r = fp->partner;
    uint64_t info = fp->info, badge = fp->badge, flags = fp->flags;
    struct tcb *caller = arch_tcb_at(t), *receiver = arch_tcb_at(r);
    struct endpoint *ep = arch_endpoint_at(fp->endpoint);
    paddr_t next = receiver->ipc_next;

    ep->head = next;
    if (next != 0) {
        arch_tcb_at(next)->ipc_prev = 0;
    } else {
        ep->tail = 0;
        ep->state = ENDPOINT_IDLE;
    }
    receiver->ipc_wait = 0;
    receiver->ipc_next = 0;
    caller->ipc_flags = flags;
    fastpath_copy(t, r, info, badge);
    caller->state = TCB_BLOCKED_REPLY;
    caller->replier = r;
    receiver->caller = t;
    thread_run(r);
}

/*@ requires t != 0 && run_queues[0].running == t;
    assigns THREAD_STOP_STATE, fastpath_declined;
*/
void fastpath_call(paddr_t t)
{
    struct fastpath fp;

    if (fastpath_enabled && fastpath_call_decode(t, &fp))
        fastpath_call_perform(t, &fp);
    fastpath_decline();
}

/*
 * Decode a reply_recv of thread `t`: a reply the fast path carries, to a
 * caller that waits for it (not a faulted one: its registers are not
 * written) and may take the CPU at once; then a receive on an endpoint
 * (Read) where no sender waits and `t` would queue last, with no bound
 * notification word pending. Writes nothing but `*fp`.
 */
/*@ requires t != 0 && \valid(fp) && \separated(fp, tcb_view(t));
    requires run_queues[0].running == t;
    assigns *fp;
    ensures \result ==> fp->partner != 0 && fp->partner != t && fp->endpoint != 0;
    ensures \result ==> tcb_view(fp->partner)->queued == 0;
    ensures \result ==> endpoint_view(fp->endpoint)->tail != t;
    ensures \result ==> run_queues[0].running == t && tcb_view(t)->queued == 0;
    ensures \result ==> CAIRN_MSGINFO_LENGTH(fp->info) <= USER_MSG_REGS;
*/
FASTPATH_INLINE bool fastpath_reply_recv_decode(paddr_t t, struct fastpath *fp)
{
    const struct tcb *tcb = arch_tcb_at(t);
    const struct endpoint *ep;
    const struct tcb *c;
    const struct cap *cap;
    paddr_t tail;

    fp->info = arch_user_reg(&tcb->context, USER_REG_MSGINFO);
    fp->partner = tcb->caller;
    fp->badge = 0;
    fp->flags = 0;
    if (!fastpath_message_fits(fp->info) || fp->partner == 0)
        return false;
    cap = fastpath_endpoint(t, CAIRN_RIGHT_READ);
    if (cap == NULL)
        return false;
    fp->endpoint = cap->object;
    ep = arch_endpoint_at(fp->endpoint);
    tail = ep->tail;
    if (ep->state == ENDPOINT_SENDING || tail == t ||
        (tail != 0 && (arch_tcb_at(tail)->priority < tcb->priority ||
                       arch_tcb_at(tail)->ipc_next != 0)) ||
        (tcb->notification != 0 && arch_endpoint_at(tcb->notification)->word != 0))
        return false;
    c = arch_tcb_at(fp->partner);
    return c->state == TCB_BLOCKED_REPLY && (c->ipc_flags & IPC_FAULT) == 0 &&
           fastpath_switch_allowed(t, fp->partner);
}

/*
 * The reply goes to the caller `c` (reply_send); `t` waits on the endpoint
 * at the end of its queue, where endpoint_wait's walk would put it too;
 * `c` runs.
 */
/*@ requires t != 0 && \valid_read(fp) && \separated(fp, tcb_view(t));
    requires fp->partner != 0 && fp->partner != t && fp->endpoint != 0;
    requires endpoint_view(fp->endpoint)->tail != t;
    requires tcb_view(fp->partner)->queued == 0;
    requires run_queues[0].running == t && tcb_view(t)->queued == 0;
    requires CAIRN_MSGINFO_LENGTH(fp->info) <= USER_MSG_REGS;
    assigns THREAD_STOP_STATE;
    ensures \false;
*/
FASTPATH_INLINE _Noreturn void fastpath_reply_recv_perform(paddr_t t, const struct fastpath *fp)
{
    paddr_t c = fp->partner, e = fp->endpoint;
    uint64_t info = fp->info;
    struct tcb *server = arch_tcb_at(t);
    struct endpoint *ep = arch_endpoint_at(e);
    paddr_t tail = ep->tail;

    fastpath_copy(t, c, info, 0);
    arch_tcb_at(c)->replier = 0;
    server->caller = 0;
    server->state = TCB_BLOCKED_RECV;
    server->ipc_wait = e;
    server->ipc_prev = tail;
    server->ipc_next = 0;
    if (tail != 0)
        arch_tcb_at(tail)->ipc_next = t;
    else
        ep->head = t;
    ep->tail = t;
    ep->state = ENDPOINT_RECEIVING;
    thread_run(c);
}

/*@ requires t != 0 && run_queues[0].running == t;
    assigns THREAD_STOP_STATE, fastpath_declined;
*/
void fastpath_reply_recv(paddr_t t)
{
    struct fastpath fp;

    if (fastpath_enabled && fastpath_reply_recv_decode(t, &fp))
        fastpath_reply_recv_perform(t, &fp);
    fastpath_decline();
}

#ifdef CAIRN_DEBUG_SYSCALLS
/*
 * debug_fastpath (test boots only): the low bit of thread `t`'s cptr
 * register turns the fast path on or off; the register returns how many
 * calls and reply_recvs have gone down the general path.
 */
/*@ requires t != 0;
    assigns fastpath_enabled, tcb_view(t)->context;
*/
void fastpath_debug(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    if (!kernel_testing) {
        message_status(t, CAIRN_ERR_ILLEGAL_OPERATION);
        return;
    }
    fastpath_enabled = (arch_user_reg(&tcb->context, USER_REG_CPTR) & 1) != 0;
    arch_user_reg_set(&tcb->context, USER_REG_CPTR, fastpath_declined);
    message_status(t, CAIRN_ERR_OK);
}
#endif
