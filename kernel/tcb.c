/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Invocations of thread capabilities (spec/api.toml, objects.tcb).
 */
#include "cnode.h"
#include "cdt.h"
#include "tcb.h"
#include "thread.h"
#include "api_decode.h"

/*
 * set_priority: the authority is a thread capability, and the new priority
 * may not exceed what that thread is allowed to hand out.
 */
/*@ requires \valid_read(cspace) && \valid_read(args) && t != 0;
    assigns tcb_view(t)->priority;
    ensures \result == CAIRN_ERR_OK ==> tcb_view(t)->priority == args->priority;
*/
static cairn_error_t set_priority(const struct cap *cspace, paddr_t t,
                                  const struct tcb_set_priority_args *args)
{
    paddr_t slot;
    cairn_error_t err = cspace_lookup(cspace, args->authority, &slot);
    const struct cap *auth;

    if (err != CAIRN_ERR_OK)
        return err;
    auth = &slot_at(slot)->cap;
    if (auth->type != CAIRN_OBJ_TCB || auth->object == 0)
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (args->priority > arch_tcb_at(auth->object)->max_priority)
        return CAIRN_ERR_RANGE_ERROR;
    arch_tcb_at(t)->priority = args->priority;
    return CAIRN_ERR_OK;
}

/*
 * read_registers: the whole frame, as the reply. A running thread's
 * registers are not in its TCB, so it cannot read its own.
 */
/*@ requires t != 0 && \valid(out + (0 .. CAIRN_MSG_MAX_WORDS - 1)) && \valid(out_count);
    assigns out[0 .. CAIRN_MSG_MAX_WORDS - 1], *out_count;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_ILLEGAL_OPERATION;
    ensures \result == CAIRN_ERR_OK ==> 0 < *out_count <= USER_FRAME_MAX_WORDS;
*/
static cairn_error_t read_registers(paddr_t t, uint64_t *out, uint32_t *out_count)
{
    const struct user_context *c = &arch_tcb_at(t)->context;
    uint32_t n = arch_user_frame_words(), i;

    if (t == thread_current())
        return CAIRN_ERR_ILLEGAL_OPERATION;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, out[0 .. CAIRN_MSG_MAX_WORDS - 1];
    */
    for (i = 0; i < n; i++)
        out[i] = arch_user_frame_get(c, i);
    *out_count = n;
    return CAIRN_ERR_OK;
}

/*
 * write_registers: the message is the first `count` words of the frame.
 * Decoded whole before the first write: too many words change nothing.
 */
/*@ requires t != 0 && count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns tcb_view(t)->context;
    ensures count > USER_FRAME_MAX_WORDS ==> \result != CAIRN_ERR_OK;
*/
static cairn_error_t write_registers(paddr_t t, const uint64_t *words, uint32_t count)
{
    struct user_context *c = &arch_tcb_at(t)->context;
    uint32_t i;

    if (t == thread_current())
        return CAIRN_ERR_ILLEGAL_OPERATION;
    if (count > arch_user_frame_words())
        return CAIRN_ERR_INVALID_ARGUMENT;
    /*@ loop invariant 0 <= i <= count;
        loop assigns i, tcb_view(t)->context;
    */
    for (i = 0; i < count; i++)
        arch_user_frame_set(c, i, words[i]);
    return CAIRN_ERR_OK;
}

/* set_affinity: any CPU the firmware listed; the SMP scheduler honours it. */
/*@ requires \valid_read(words + (0 .. count - 1)) || count == 0;
    requires t != 0 && count <= CAIRN_MSG_MAX_WORDS;
    assigns tcb_view(t)->affinity;
    ensures \result == CAIRN_ERR_OK ==> count >= 1 && tcb_view(t)->affinity == words[0];
*/
static cairn_error_t set_affinity(paddr_t t, const uint64_t *words, uint32_t count)
{
    struct tcb_set_affinity_args args;
    cairn_error_t err = decode_tcb_set_affinity(words, count, &args);

    if (err != CAIRN_ERR_OK)
        return err;
    if (args.cpu >= thread_cpu_count())
        return CAIRN_ERR_RANGE_ERROR;
    arch_tcb_at(t)->affinity = args.cpu;
    return CAIRN_ERR_OK;
}

/*
 * Invoke the thread capability `tcb` with method `label` and the message
 * `words`; CPtr arguments are resolved in the caller's CSpace `cspace`.
 * The words of the reply go to `out`, their number to `*out_count`.
 */
/*@ requires \valid_read(cspace) && \valid_read(tcb) && tcb->object != 0;
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires \valid(out + (0 .. CAIRN_MSG_MAX_WORDS - 1)) && \valid(out_count);
    ensures !rights_within(CAIRN_RIGHT_MANAGE, \old(tcb->rights)) ==> \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
*/
cairn_error_t tcb_invoke(const struct cap *cspace, const struct cap *tcb, uint64_t label,
                         const uint64_t *words, uint32_t count, uint64_t *out,
                         uint32_t *out_count)
{
    struct tcb_set_priority_args prio;
    cairn_error_t err;

    if (!cap_has_rights(tcb, CAIRN_RIGHT_MANAGE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    switch (label) {
    case CAIRN_LABEL_TCB_RESUME:
        /* A zeroed thread has no address space to run in. */
        if (arch_tcb_at(tcb->object)->vspace == 0)
            return CAIRN_ERR_ILLEGAL_OPERATION;
        thread_make_runnable(tcb->object);
        return CAIRN_ERR_OK;
    case CAIRN_LABEL_TCB_SUSPEND:
        thread_stop(tcb->object);
        return CAIRN_ERR_OK;
    case CAIRN_LABEL_TCB_READ_REGISTERS:
        return read_registers(tcb->object, out, out_count);
    case CAIRN_LABEL_TCB_WRITE_REGISTERS:
        return write_registers(tcb->object, words, count);
    case CAIRN_LABEL_TCB_SET_AFFINITY:
        return set_affinity(tcb->object, words, count);
    case CAIRN_LABEL_TCB_SET_PRIORITY:
        err = decode_tcb_set_priority(words, count, &prio);
        if (err != CAIRN_ERR_OK)
            return err;
        return set_priority(cspace, tcb->object, &prio);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
