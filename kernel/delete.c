/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deleting a capability, and revoking the capabilities derived from one
 * (spec/objects.md, "Deletion and revocation").
 *
 * Only leaves of the derivation tree are ever removed: a capability's
 * descendants go before it (for an untyped region, every object carved from
 * it), which keeps the tree well formed without re-parenting anything.
 * Deleting the last capability to an object destroys the object: a CNode
 * takes the capabilities it holds along, and so does a thread (its own
 * slots: tcb.h), which stops for good first. Those may be the last capabilities
 * to further CNodes, so destruction is a walk of unbounded depth. Instead of recursing, the last capability to a CNode
 * becomes a zombie that counts how many of its slots are known to be empty
 * (in `watermark`), and each step starts again from the capability being
 * deleted and follows children and zombies down to one capability that can
 * simply go. A step passes one slot or removes one capability, so a budget
 * of steps bounds one invocation; out of budget it returns PREEMPTED, and
 * the next invocation continues where this one stopped (zombies keep their
 * place, and nothing but a zombie reaches a zombie's CNode).
 */
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "delete.h"
#include "irq.h"
#include "notification.h"
#include "thread.h"
#include "vspace_invoke.h"

/*@ requires \valid(budget);
    assigns *budget;
    ensures \result <==> \old(*budget) > 0;
    ensures \result ==> *budget == \old(*budget) - 1;
    ensures !\result ==> *budget == 0;
*/
static bool take_step(uint32_t *budget)
{
    if (*budget == 0)
        return false;
    --*budget;
    return true;
}

/*
 * The first capability left in the CNode of zombie `z`, other than the
 * one in `skip` (the capability being deleted, which goes last), or 0 when
 * the CNode is empty. Empty slots passed are counted in the zombie.
 */
/*@ requires \valid(budget) && \valid(out) && \separated(budget, out);
    assigns slots_view(z)->cap.watermark, *budget, *out;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_PREEMPTED;
    ensures *budget <= \old(*budget);
    ensures \result == CAIRN_ERR_OK && *out != 0 ==>
            *out != skip && slots_view(*out)->cap.type != CAP_TYPE_NULL;
*/
static cairn_error_t zombie_first_held(paddr_t z, paddr_t skip, uint32_t *budget, paddr_t *out)
{
    struct cap *zombie = &slot_at(z)->cap;
    paddr_t cnode = zombie->object, found = 0;
    cairn_error_t err = CAIRN_ERR_OK;

    /* Only CNode capabilities become zombies, and resolution accepts none
     * that is not addressable: anything else holds nothing to scan. */
    if (cnode_addressable(zombie)) {
        uint64_t slots = pow2[zombie->size_bits];

        /*@ loop invariant *budget <= \at(*budget, Pre);
            loop invariant found == 0 && err == CAIRN_ERR_OK;
            loop assigns zombie->watermark, *budget, found, err;
            loop variant *budget;
        */
        while (zombie->watermark < slots) {
            paddr_t s = cnode + zombie->watermark * pow2[SLOT_SIZE_BITS];

            if (!take_step(budget)) {
                err = CAIRN_ERR_PREEMPTED;
                break;
            }
            if (s != skip && slot_at(s)->cap.type != CAP_TYPE_NULL) {
                found = s;
                break;
            }
            zombie->watermark++;
        }
    }
    *out = found;
    return err;
}

/*
 * The last capability to a CNode or a thread, in `v`, becomes a zombie over
 * the slots the object holds: a thread's own, after it has stopped, left
 * its notification and the CPU has let go of its state.
 */
/*@ assigns *slots_view(v), THREAD_STOP_STATE;
*/
static void make_zombie(paddr_t v)
{
    struct slot *s = slot_at(v);
    paddr_t t = s->cap.object;

    if (s->cap.type == CAIRN_OBJ_TCB) {
        if (t == 0 || t >= PHYS_ADDR_LIMIT)
            return;   /* no object: nothing to stop or empty */
        thread_stop(t);
        notification_unbind(t);
        arch_user_context_forget(&arch_tcb_at(t)->context);
        s->cap.object = t + TCB_SLOTS_OFFSET;
        s->cap.size_bits = TCB_SLOTS_BITS;
    }
    s->cap.type = CAP_TYPE_ZOMBIE;
    s->cap.watermark = 0;
}

/*
 * One step down from slot `v` towards a capability that can be removed:
 * its first child, or the first capability a zombie's CNode still holds.
 * The last capability to a CNode or a thread becomes a zombie here.
 * *out is `v` itself when nothing has to go before it.
 */
/*@ requires \valid(budget) && \valid(out) && \separated(budget, out);
    assigns *slots_view(v), *budget, *out, THREAD_STOP_STATE;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_PREEMPTED;
    ensures *budget <= \old(*budget);
*/
static cairn_error_t step_down(paddr_t v, paddr_t n, uint32_t *budget, paddr_t *out)
{
    struct slot *s = slot_at(v);
    cairn_error_t err;

    *out = v;
    if (cdt_has_children(v)) {
        *out = s->next;
        return CAIRN_ERR_OK;
    }
    if ((s->cap.type == CAIRN_OBJ_CNODE || s->cap.type == CAIRN_OBJ_TCB) && cdt_is_last(v))
        make_zombie(v);
    if (s->cap.type != CAP_TYPE_ZOMBIE)
        return CAIRN_ERR_OK;
    err = zombie_first_held(v, n, budget, out);
    if (err == CAIRN_ERR_OK && *out == 0)
        *out = v;   /* the CNode is empty: the zombie itself goes */
    return err;
}

/*
 * The next capability to remove while deleting the one in `n`: follow
 * children and zombies down from `n` until nothing has to go first.
 */
/*@ requires \valid(budget) && \valid(out) && \separated(budget, out);
    assigns { *slots_view(a) | integer a; \true }, *budget, *out, THREAD_STOP_STATE;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_PREEMPTED;
    ensures *budget <= \old(*budget);
*/
static cairn_error_t next_victim(paddr_t n, uint32_t *budget, paddr_t *out)
{
    paddr_t v = n, below = n;
    cairn_error_t err;

    /*@ loop invariant *budget <= \at(*budget, Pre);
        loop assigns v, below, err, *budget, { *slots_view(a) | integer a; \true }, THREAD_STOP_STATE;
        loop variant *budget;
    */
    while (take_step(budget)) {
        err = step_down(v, n, budget, &below);
        if (err != CAIRN_ERR_OK)
            return err;
        if (below == v) {
            *out = v;
            return CAIRN_ERR_OK;
        }
        v = below;
    }
    return CAIRN_ERR_PREEMPTED;
}

/*
 * cdt_remove, with its frame widened to every slot: the provers match that
 * set against the frames around it, where the neighbours it names defeat them.
 */
/*@ assigns { *slots_view(a) | integer a; \true };
    ensures slots_view(v)->cap.type == CAP_TYPE_NULL;
*/
static void unlink_leaf(paddr_t v)
{
    cdt_remove(v);
}

/*
 * Remove the capability in `v`, a leaf of the derivation tree, and what it
 * holds: a thread's binding when the slot is one of its own, a VMO's
 * mapping, a VSpace's id with its last capability, the waiters of an
 * endpoint or a notification (and the thread and the interrupt lines bound
 * to it) with its last, an interrupt line with its last handler.
 */
/*@ assigns { *slots_view(a) | integer a; \true }, RELEASE_STATE, TCB_UNBIND_STATE, IRQ_STATE;
    ensures slots_view(v)->cap.type == CAP_TYPE_NULL;
*/
static void remove_leaf(paddr_t v)
{
    struct cap c = slot_at(v)->cap;
    paddr_t owner = slot_at(v)->owner;
    bool last = cdt_is_last(v);

    if (owner != 0)
        tcb_unbind(owner, c.type);
    if (last && c.type == CAIRN_OBJ_ENDPOINT && c.object != 0)
        endpoint_cancel_all(c.object);
    if (last && c.type == CAIRN_OBJ_NOTIFICATION && c.object != 0)
        notification_destroy(c.object);
    unlink_leaf(v);
    vspace_cap_release(&c, last);
    irq_cap_release(&c, last);
}

/*@ requires \valid(budget);
    assigns { *slots_view(a) | integer a; \true }, *budget, RELEASE_STATE, TCB_UNBIND_STATE, IRQ_STATE;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_PREEMPTED;
    ensures *budget <= \old(*budget);
    ensures \result == CAIRN_ERR_OK ==> slots_view(n)->cap.type == CAP_TYPE_NULL;
*/
cairn_error_t cap_delete(paddr_t n, uint32_t *budget)
{
    paddr_t victim = 0;
    cairn_error_t err;

    /*@ loop invariant *budget <= \at(*budget, Pre);
        loop assigns victim, err, *budget, { *slots_view(a) | integer a; \true }, RELEASE_STATE, TCB_UNBIND_STATE, IRQ_STATE;
        loop variant *budget;
    */
    while (slot_at(n)->cap.type != CAP_TYPE_NULL) {
        if (!take_step(budget))
            return CAIRN_ERR_PREEMPTED;
        err = next_victim(n, budget, &victim);
        if (err != CAIRN_ERR_OK)
            return err;
        remove_leaf(victim);
    }
    return CAIRN_ERR_OK;
}

/*@ requires \valid(budget);
    assigns { *slots_view(a) | integer a; \true }, *budget, RELEASE_STATE, TCB_UNBIND_STATE, IRQ_STATE;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_PREEMPTED;
    ensures \result == CAIRN_ERR_OK ==>
            slots_view(s)->cap.type == CAP_TYPE_NULL ||
            !(slots_view(s)->next != 0 &&
              slots_view(slots_view(s)->next)->depth > slots_view(s)->depth);
*/
cairn_error_t cap_revoke(paddr_t s, uint32_t *budget)
{
    cairn_error_t err;

    /*@ loop invariant *budget <= \at(*budget, Pre);
        loop assigns err, *budget, { *slots_view(a) | integer a; \true }, RELEASE_STATE, TCB_UNBIND_STATE, IRQ_STATE;
        loop variant *budget;
    */
    while (slot_at(s)->cap.type != CAP_TYPE_NULL && cdt_has_children(s)) {
        if (!take_step(budget))
            return CAIRN_ERR_PREEMPTED;
        err = cap_delete(slot_at(s)->next, budget);
        if (err != CAIRN_ERR_OK)
            return err;
    }
    return CAIRN_ERR_OK;
}
