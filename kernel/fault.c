/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Faults as messages (spec/objects.md, "Faults"). A thread that faults
 * calls its fault endpoint: the kernel sends, in its name, a message whose
 * label is the kind of fault and whose words are the address, the pc and
 * the cause ([faults] of spec/api.toml), and the thread waits for the
 * reply as a caller does. Its registers are left as they were at the
 * fault, for the handler to read and change (tcb.read_registers,
 * write_registers); the reply resumes it and carries nothing into them.
 * A thread with no fault endpoint is reported and stopped (syscall.c).
 */
#include "cdt.h"
#include "cnode.h"
#include "endpoint.h"
#include "fault.h"
#include "message.h"
#include "thread.h"

_Static_assert(CAIRN_FAULT_WORDS <= USER_MSG_REGS, "a fault message fits the message registers");

/*
 * The endpoint thread `t`'s faults go to: the capability its fault_endpoint
 * CPtr names in its own CSpace, looked up now (the CSpace may have changed
 * since configure), which must be an endpoint with Write.
 */
/*@ requires t != 0 && \valid(ep);
    requires \separated(ep, tcb_view(t));
    assigns *ep;
    ensures \result ==> ep->type == CAIRN_OBJ_ENDPOINT && ep->object != 0;
*/
static bool fault_endpoint_of(paddr_t t, struct cap *ep)
{
    const struct tcb *tcb = arch_tcb_at(t);
    struct cap cspace = tcb->cspace;
    paddr_t slot = 0;

    if (tcb->fault_endpoint == 0 ||
        cspace_lookup(&cspace, tcb->fault_endpoint, &slot) != CAIRN_ERR_OK)
        return false;
    *ep = slot_at(slot)->cap;
    return ep->type == CAIRN_OBJ_ENDPOINT && ep->object != 0 &&
           cap_has_rights(ep, CAIRN_RIGHT_WRITE);
}

/*
 * Thread `t` faulted: `kind` (CAIRN_FAULT_*) at `address`, with the arch's
 * `cause`. It calls its fault endpoint with the fault as its message, and
 * returns true; without a fault endpoint it returns false and nothing
 * has changed.
 */
/*@ requires t != 0;
    assigns THREAD_STOP_STATE, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
bool fault_send(paddr_t t, fault_kind_t kind, uint64_t address, uint64_t cause)
{
    struct tcb *tcb = arch_tcb_at(t);
    struct cap ep;

    if (!fault_endpoint_of(t, &ep))
        return false;
    tcb->fault_kind = kind;
    tcb->fault[CAIRN_FAULT_WORD_ADDRESS] = address;
    tcb->fault[CAIRN_FAULT_WORD_PC] = arch_user_reg(&tcb->context, USER_REG_PC);
    tcb->fault[CAIRN_FAULT_WORD_CAUSE] = cause;
    endpoint_send(t, ep.object, ep.badge, IPC_CALL | IPC_FAULT, true);
    return true;
}

/*
 * The fault of thread `s` reaches the handler `r`, with `badge`: the kind
 * as the label, msginfo marked CAIRN_MSGINFO_FAULT, the words in r's
 * message registers; r's receive has succeeded.
 */
/*@ requires s != 0 && r != 0 && s != r;
    assigns tcb_view(r)->context;
*/
void fault_deliver(paddr_t s, paddr_t r, uint64_t badge)
{
    const struct tcb *f = arch_tcb_at(s);
    struct user_context *c = &arch_tcb_at(r)->context;
    uint64_t label = f->fault_kind;
    unsigned i;

    /* CAIRN_MSGINFO(label, 0, CAIRN_FAULT_WORDS), as a product (message.c). */
    arch_user_reg_set(c, USER_REG_MSGINFO, label * ((uint64_t)1 << CAIRN_MSGINFO_LABEL_SHIFT) +
                                           CAIRN_MSGINFO_FAULT + CAIRN_FAULT_WORDS);
    arch_user_reg_set(c, USER_REG_CPTR, badge);
    /*@ loop invariant 0 <= i <= CAIRN_FAULT_WORDS;
        loop assigns i, tcb_view(r)->context;
        loop variant CAIRN_FAULT_WORDS - i;
    */
    for (i = 0; i < CAIRN_FAULT_WORDS; i++)
        arch_user_reg_set(c, USER_REG_MSG0 + i, f->fault[i]);
    message_status(r, CAIRN_ERR_OK);
}

/*
 * Whether thread `t` is in the middle of a fault: its message waits in an
 * endpoint's queue, or it waits for the handler's reply. Its registers
 * then hold its state at the fault, not a system call's.
 */
/*@ requires t != 0;
    assigns \nothing;
*/
bool fault_waiting(paddr_t t)
{
    const struct tcb *tcb = arch_tcb_at(t);

    return (tcb->state == TCB_BLOCKED_SEND || tcb->state == TCB_BLOCKED_REPLY) &&
           (tcb->ipc_flags & IPC_FAULT) != 0;
}
