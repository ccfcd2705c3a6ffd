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
 * Invoke the thread capability `tcb` with method `label` and the message
 * `words`; CPtr arguments are resolved in the caller's CSpace `cspace`.
 */
/*@ requires \valid_read(cspace) && \valid_read(tcb) && tcb->object != 0;
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    ensures !rights_within(CAIRN_RIGHT_MANAGE, \old(tcb->rights)) ==> \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
*/
cairn_error_t tcb_invoke(const struct cap *cspace, const struct cap *tcb, uint64_t label,
                         const uint64_t *words, uint32_t count)
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
    case CAIRN_LABEL_TCB_SET_PRIORITY:
        err = decode_tcb_set_priority(words, count, &prio);
        if (err != CAIRN_ERR_OK)
            return err;
        return set_priority(cspace, tcb->object, &prio);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
