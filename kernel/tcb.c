/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Invocations of thread capabilities (spec/api.toml, objects.tcb).
 */
#include "bits.h"
#include "cnode.h"
#include "cdt.h"
#include "notification.h"
#include "tcb.h"
#include "thread.h"
#include "vmo.h"
#include "vspace_invoke.h"
#include "api_decode.h"

/*
 * The maximum controlled priority of the thread `authority` names: the
 * most it may hand out, as set_priority's and set_max_priority's authority.
 */
/*@ requires \valid_read(cspace) && \valid(mcp);
    assigns *mcp;
    ensures \result == CAIRN_ERR_OK ==>
              \exists integer o; o != 0 && *mcp == tcb_view(o)->max_priority;
*/
static cairn_error_t authority_mcp(const struct cap *cspace, cairn_cptr_t authority, uint8_t *mcp)
{
    paddr_t slot;
    cairn_error_t err = cspace_lookup(cspace, authority, &slot);
    const struct cap *auth;

    if (err != CAIRN_ERR_OK)
        return err;
    auth = &slot_at(slot)->cap;
    if (auth->type != CAIRN_OBJ_TCB || auth->object == 0)
        return CAIRN_ERR_INVALID_CAPABILITY;
    *mcp = arch_tcb_at(auth->object)->max_priority;
    return CAIRN_ERR_OK;
}

/* set_priority: at most what the authority may hand out. */
/*@ requires \valid_read(cspace) && \valid_read(args) && t != 0;
    assigns THREAD_STOP_STATE;
    ensures \result == CAIRN_ERR_OK ==> tcb_view(t)->priority == \old(args->priority);
*/
static cairn_error_t set_priority(const struct cap *cspace, paddr_t t,
                                  const struct tcb_set_priority_args *args)
{
    uint8_t mcp;
    cairn_error_t err = authority_mcp(cspace, args->authority, &mcp);

    if (err != CAIRN_ERR_OK)
        return err;
    if (args->priority > mcp)
        return CAIRN_ERR_RANGE_ERROR;
    thread_set_priority(t, args->priority);
    return CAIRN_ERR_OK;
}

/*
 * set_max_priority: as set_priority, for the highest priority the thread
 * may give: never above the authority's own, so no thread can hand out
 * more than it was allowed.
 */
/*@ requires \valid_read(cspace) && \valid_read(args) && t != 0;
    assigns tcb_view(t)->max_priority;
    ensures \result == CAIRN_ERR_OK ==> tcb_view(t)->max_priority == \old(args->max_priority);
    ensures \result == CAIRN_ERR_OK ==>
              \exists integer o; o != 0 && \old(args->max_priority) <= \at(tcb_view(o)->max_priority, Pre);
    ensures \result != CAIRN_ERR_OK ==> tcb_view(t)->max_priority == \old(tcb_view(t)->max_priority);
*/
static cairn_error_t set_max_priority(const struct cap *cspace, paddr_t t,
                                      const struct tcb_set_max_priority_args *args)
{
    uint8_t mcp;
    cairn_error_t err = authority_mcp(cspace, args->authority, &mcp);

    if (err != CAIRN_ERR_OK)
        return err;
    if (args->max_priority > mcp)
        return CAIRN_ERR_RANGE_ERROR;
    arch_tcb_at(t)->max_priority = args->max_priority;
    return CAIRN_ERR_OK;
}

/*
 * bind_notification: the capability must be a notification the thread may
 * wait on (READ); notification_bind refuses what is bound or waited on.
 */
/*@ requires \valid_read(cspace) && \valid_read(args) && t != 0;
    assigns ENDPOINT_ALL, TCBS_ALL;
*/
static cairn_error_t bind_notification(const struct cap *cspace, paddr_t t,
                                       const struct tcb_bind_notification_args *args)
{
    paddr_t slot;
    cairn_error_t err = cspace_lookup(cspace, args->notification, &slot);
    const struct cap *c;

    if (err != CAIRN_ERR_OK)
        return err;
    c = &slot_at(slot)->cap;
    if (c->type != CAIRN_OBJ_NOTIFICATION || c->object == 0)
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (!cap_has_rights(c, CAIRN_RIGHT_READ))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    return notification_bind(t, c->object);
}

/* unbind_notification: only a bound thread can be unbound. */
/*@ requires t != 0;
    assigns ENDPOINT_ALL, TCBS_ALL;
    ensures tcb_view(t)->notification == 0;
*/
static cairn_error_t unbind_notification(paddr_t t)
{
    if (arch_tcb_at(t)->notification == 0)
        return CAIRN_ERR_ILLEGAL_OPERATION;
    notification_unbind(t);
    return CAIRN_ERR_OK;
}

/* The address of thread `t`'s own slot `i` (TCB_SLOT_*). */
/*@ requires t < PHYS_ADDR_LIMIT && i < TCB_SLOTS;
    assigns \nothing;
    ensures \result == t + TCB_SLOTS_OFFSET + i * 64;
*/
static paddr_t tcb_slot(paddr_t t, uint32_t i)
{
    return t + TCB_SLOTS_OFFSET + i * pow2[SLOT_SIZE_BITS];
}

/* Is `s` one of thread `t`'s own slots? */
/*@ requires t < PHYS_ADDR_LIMIT;
    assigns \nothing;
    ensures \result <==> t + TCB_SLOTS_OFFSET <= s < t + TCB_SLOTS_OFFSET + TCB_SLOTS_BYTES;
*/
static bool tcb_owns_slot(paddr_t t, paddr_t s)
{
    return s >= t + TCB_SLOTS_OFFSET && s - (t + TCB_SLOTS_OFFSET) < TCB_SLOTS_BYTES;
}

/* configure, decoded: the three source slots (ipc 0 for none). */
struct tcb_binding {
    paddr_t cspace;
    paddr_t vspace;
    paddr_t ipc;
};

/* A source of configure: a capability of `type` in the caller's CSpace, not
 * in one of `t`'s own slots. */
/*@ requires \valid_read(cspace) && \valid(slot) && \separated(slot, cspace);
    requires t < PHYS_ADDR_LIMIT;
    assigns *slot;
    ensures \result == CAIRN_ERR_OK ==> *slot != 0 &&
            !(t + TCB_SLOTS_OFFSET <= *slot < t + TCB_SLOTS_OFFSET + TCB_SLOTS_BYTES);
*/
static cairn_error_t lookup_binding(const struct cap *cspace, uint64_t cptr, uint8_t type,
                                    paddr_t t, paddr_t *slot)
{
    cairn_error_t err = cspace_lookup(cspace, cptr, slot);
    const struct slot *s;

    if (err != CAIRN_ERR_OK)
        return err;
    s = slot_at(*slot);
    if (s->cap.type != type || tcb_owns_slot(t, *slot))
        return CAIRN_ERR_INVALID_CAPABILITY;
    return CAIRN_ERR_OK;
}

/* The IPC buffer of configure: a RAM VMO the caller may read and write,
 * with a whole aligned buffer at `offset`. */
/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result == CAIRN_ERR_OK ==> c->object < PHYS_ADDR_LIMIT && offset < 0x8000000000;
*/
static cairn_error_t check_ipc_buffer(const struct cap *c, uint64_t offset)
{
    if (c->is_device || c->object >= PHYS_ADDR_LIMIT)
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (!cap_has_rights(c, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    if (offset % IPC_BUFFER_SIZE != 0)
        return CAIRN_ERR_ALIGNMENT_ERROR;
    if (offset >= vmo_size(c))
        return CAIRN_ERR_RANGE_ERROR;
    return CAIRN_ERR_OK;
}

/*
 * Decode configure: every capability looked up and checked, the thread
 * still unconfigured. Writes nothing but *b.
 */
/*@ requires \valid_read(cspace) && \valid_read(a) && \valid(b);
    requires t != 0 && t < PHYS_ADDR_LIMIT;
    assigns *b;
    ensures \result == CAIRN_ERR_OK ==> b->cspace != 0 && b->vspace != 0;
    ensures \result == CAIRN_ERR_OK ==> \let cs = b->cspace; \let vs = b->vspace;
            \at(slots_view(cs)->depth, Pre) < UINT64_MAX &&
            \at(slots_view(vs)->depth, Pre) < UINT64_MAX;
    ensures \result == CAIRN_ERR_OK && b->ipc != 0 ==> \let ipc = b->ipc;
            \at(slots_view(ipc)->depth, Pre) < UINT64_MAX &&
            \at(slots_view(ipc)->cap.object, Pre) < PHYS_ADDR_LIMIT &&
            \at(a->ipc_buffer_offset, Pre) < 0x8000000000;
    ensures \result == CAIRN_ERR_OK ==>
            !(t + TCB_SLOTS_OFFSET <= b->cspace < t + TCB_SLOTS_OFFSET + TCB_SLOTS_BYTES) &&
            !(t + TCB_SLOTS_OFFSET <= b->vspace < t + TCB_SLOTS_OFFSET + TCB_SLOTS_BYTES) &&
            !(t + TCB_SLOTS_OFFSET <= b->ipc < t + TCB_SLOTS_OFFSET + TCB_SLOTS_BYTES);
*/
static cairn_error_t configure_decode(const struct cap *cspace, paddr_t t,
                                      const struct tcb_configure_args *a, struct tcb_binding *b)
{
    paddr_t cs = 0, vs = 0, ipc = 0;
    cairn_error_t err;
    uint32_t i;

    if (arch_tcb_at(t)->vspace != 0)
        return CAIRN_ERR_ILLEGAL_OPERATION;
    /*@ loop invariant 0 <= i <= TCB_SLOTS_USED;
        loop assigns i;
    */
    for (i = 0; i < TCB_SLOTS_USED; i++)
        if (slot_at(tcb_slot(t, i))->cap.type != CAP_TYPE_NULL)
            return CAIRN_ERR_ILLEGAL_OPERATION;
    err = lookup_binding(cspace, a->cspace_root, CAIRN_OBJ_CNODE, t, &cs);
    if (err == CAIRN_ERR_OK && !cnode_addressable(&slot_at(cs)->cap))
        err = CAIRN_ERR_INVALID_CAPABILITY;
    if (err == CAIRN_ERR_OK)
        err = lookup_binding(cspace, a->vspace, CAIRN_OBJ_VSPACE, t, &vs);
    if (err == CAIRN_ERR_OK && a->ipc_buffer != 0) {
        err = lookup_binding(cspace, a->ipc_buffer, CAIRN_OBJ_VMO, t, &ipc);
        if (err == CAIRN_ERR_OK)
            err = check_ipc_buffer(&slot_at(ipc)->cap, a->ipc_buffer_offset);
    }
    if (err != CAIRN_ERR_OK)
        return err;
    /* Each copy goes one deeper in the tree: checked, as copy does, not assumed. */
    if (slot_at(cs)->depth == UINT64_MAX || slot_at(vs)->depth == UINT64_MAX ||
        (ipc != 0 && slot_at(ipc)->depth == UINT64_MAX))
        return CAIRN_ERR_RANGE_ERROR;
    b->cspace = cs;
    b->vspace = vs;
    b->ipc = ipc;
    return CAIRN_ERR_OK;
}

/* Copy `c` into thread `t`'s own slot `i`, as a child of the slot `src`. */
/*@ requires t != 0 && t < PHYS_ADDR_LIMIT && i < TCB_SLOTS;
    requires slots_view(src)->depth < UINT64_MAX;
    assigns *slots_view(t + TCB_SLOTS_OFFSET + i * 64), slots_view(src)->next,
            slots_view(slots_view(src)->next)->prev;
    ensures \forall integer s; s != t + TCB_SLOTS_OFFSET + i * 64 ==>
            slots_view(s)->depth == \old(slots_view(s)->depth);
*/
static void bind_slot(paddr_t t, uint32_t i, paddr_t src, struct cap c)
{
    paddr_t dest = tcb_slot(t, i);

    c.watermark = 0;   /* a VMO's copy holds no mapping */
    cdt_insert(src, dest, c);
    /* The provers find this from the SlotView axiom only when asked. */
    //@ assert \forall integer s; s != dest ==> \separated(slots_view(s), slots_view(dest));
    slot_at(dest)->owner = t;
}

/* What thread `t` runs with, cached from its own slots (configure). */
/*@ requires t != 0 && \valid_read(cspace);
    assigns tcb_view(t)->cspace, tcb_view(t)->vspace, tcb_view(t)->ipc_buffer,
            tcb_view(t)->fault_endpoint;
*/
static void remember_binding(paddr_t t, const struct cap *cspace, paddr_t vspace,
                             paddr_t ipc_buffer, uint64_t fault_endpoint)
{
    struct tcb *tcb = arch_tcb_at(t);

    tcb->cspace = *cspace;
    tcb->vspace = vspace;
    tcb->ipc_buffer = ipc_buffer;
    tcb->fault_endpoint = fault_endpoint;
}

/*
 * configure: the thread takes copies of the capabilities, and the addresses
 * it runs with (the caches of what its slots hold). Its VSpace starts (takes
 * an id) when the thread is first resumed.
 */
/*@ requires \valid_read(cspace) && \valid_read(a);
    requires t != 0 && t < PHYS_ADDR_LIMIT;
*/
static cairn_error_t configure(const struct cap *cspace, paddr_t t,
                               const struct tcb_configure_args *a)
{
    struct tcb_binding b;
    struct cap root, vs, ipc;
    uint64_t offset = a->ipc_buffer_offset, fault_endpoint = a->fault_endpoint;
    cairn_error_t err = configure_decode(cspace, t, a, &b);

    if (err != CAIRN_ERR_OK)
        return err;
    root = slot_at(b.cspace)->cap;
    vs = slot_at(b.vspace)->cap;
    ipc = root;   /* unused without an IPC buffer */
    if (b.ipc != 0)
        ipc = slot_at(b.ipc)->cap;
    bind_slot(t, TCB_SLOT_CSPACE, b.cspace, root);
    bind_slot(t, TCB_SLOT_VSPACE, b.vspace, vs);
    if (b.ipc != 0)
        bind_slot(t, TCB_SLOT_IPC_BUFFER, b.ipc, ipc);
    remember_binding(t, &root, vs.object, b.ipc != 0 ? ipc.object + offset : 0, fault_endpoint);
    return CAIRN_ERR_OK;
}

/*
 * One of thread `owner`'s own capabilities, of `type`, is being deleted:
 * it forgets what it held, and without its CSpace or VSpace it cannot run.
 */
/*@ requires owner != 0;
    assigns THREAD_STOP_STATE;   // with the owner's cspace, vspace and ipc_buffer
*/
void tcb_unbind(paddr_t owner, uint8_t type)
{
    struct tcb *t;

    if (type == CAIRN_OBJ_VMO) {
        arch_tcb_at(owner)->ipc_buffer = 0;
        return;
    }
    thread_stop(owner);
    t = arch_tcb_at(owner);
    if (type == CAIRN_OBJ_CNODE) {
        t->cspace.type = CAP_TYPE_NULL;
        t->cspace.object = 0;
    } else {
        t->vspace = 0;
    }
}

/*
 * resume: a thread needs an address space to run in, started (with an id
 * and the kernel's half) on its first run. init's was started by the kernel,
 * and its own slots are empty.
 */
/*@ requires t != 0;
*/
static cairn_error_t resume(paddr_t t)
{
    struct cap vs;
    cairn_error_t err;

    if (arch_tcb_at(t)->state != TCB_INACTIVE)
        return CAIRN_ERR_OK;   /* running, or blocked in IPC until its partner comes */
    if (arch_tcb_at(t)->vspace == 0)
        return CAIRN_ERR_ILLEGAL_OPERATION;
    if (t < PHYS_ADDR_LIMIT) {
        vs = slot_at(tcb_slot(t, TCB_SLOT_VSPACE))->cap;
        if (vs.type == CAIRN_OBJ_VSPACE) {
            err = vspace_prepare(&vs);
            if (err != CAIRN_ERR_OK)
                return err;
        }
    }
    thread_make_runnable(t);
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
    struct tcb_set_max_priority_args mcp;
    struct tcb_configure_args conf;
    struct tcb_bind_notification_args bind;
    cairn_error_t err;

    if (!cap_has_rights(tcb, CAIRN_RIGHT_MANAGE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    switch (label) {
    case CAIRN_LABEL_TCB_RESUME:
        return resume(tcb->object);
    case CAIRN_LABEL_TCB_SUSPEND:
        thread_stop(tcb->object);
        return CAIRN_ERR_OK;
    case CAIRN_LABEL_TCB_CONFIGURE:
        if (tcb->object >= PHYS_ADDR_LIMIT)
            return CAIRN_ERR_INVALID_CAPABILITY;
        err = decode_tcb_configure(words, count, &conf);
        if (err != CAIRN_ERR_OK)
            return err;
        return configure(cspace, tcb->object, &conf);
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
    case CAIRN_LABEL_TCB_SET_MAX_PRIORITY:
        err = decode_tcb_set_max_priority(words, count, &mcp);
        if (err != CAIRN_ERR_OK)
            return err;
        return set_max_priority(cspace, tcb->object, &mcp);
    case CAIRN_LABEL_TCB_BIND_NOTIFICATION:
        err = decode_tcb_bind_notification(words, count, &bind);
        if (err != CAIRN_ERR_OK)
            return err;
        return bind_notification(cspace, tcb->object, &bind);
    case CAIRN_LABEL_TCB_UNBIND_NOTIFICATION:
        return unbind_notification(tcb->object);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
