/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CNode invocations (spec/api.toml, objects.cnode): copy, mint and move
 * decode everything first (the message, both slots, the new capability)
 * and only then write, in one call to the derivation tree; delete and
 * revoke decode the message and the slot, then work in steps
 * (kernel/delete.c). A failed invocation changes nothing; a preempted
 * delete or revoke has done part of its work, consistently, and the next
 * one goes on.
 */
#include "api_decode.h"
#include "cdt.h"
#include "cnode.h"
#include "cnode_invoke.h"
#include "delete.h"
#include "thread.h"

/* The empty destination slot `index` (`depth` bits) of the invoked CNode. */
/*@ requires \valid_read(cnode) && \valid(out) && \separated(out, cnode);
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> slots_view(*out)->cap.type == CAP_TYPE_NULL;
*/
static cairn_error_t lookup_destination(const struct cap *cnode, uint64_t index, uint8_t depth,
                                        paddr_t *out)
{
    paddr_t found = 0;
    cairn_error_t err = cnode_resolve(cnode, index, depth, &found);

    if (err != CAIRN_ERR_OK)
        return err;
    if (slot_at(found)->cap.type != CAP_TYPE_NULL)
        return CAIRN_ERR_DELETE_FIRST;
    *out = found;
    return CAIRN_ERR_OK;
}

/* The non-empty source slot: `root` names a CNode in the caller's CSpace,
 * and `index` (`depth` bits) a slot from there. */
/*@ requires \valid_read(cspace) && \valid(out) && \separated(out, cspace);
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> slots_view(*out)->cap.type != CAP_TYPE_NULL;
*/
static cairn_error_t lookup_source(const struct cap *cspace, cairn_cptr_t root, uint64_t index,
                                   uint8_t depth, paddr_t *out)
{
    paddr_t found = 0;
    cairn_error_t err = cspace_lookup_slot(cspace, root, index, depth, &found);

    if (err != CAIRN_ERR_OK)
        return err;
    if (slot_at(found)->cap.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    *out = found;
    return CAIRN_ERR_OK;
}

/* Both slots of copy, mint and move: the destination first, as the spec orders the arguments. */
/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid(dest) && \valid(src);
    requires \separated(dest, src) && \separated(dest, cspace) && \separated(dest, cnode);
    requires \separated(src, cspace) && \separated(src, cnode);
    assigns *dest, *src;
    ensures \result == CAIRN_ERR_OK ==> slots_view(*dest)->cap.type == CAP_TYPE_NULL;
    ensures \result == CAIRN_ERR_OK ==> slots_view(*src)->cap.type != CAP_TYPE_NULL;
*/
static cairn_error_t lookup_slots(const struct cap *cspace, const struct cap *cnode,
                                  uint64_t dest_index, uint8_t dest_depth, cairn_cptr_t src_root,
                                  uint64_t src_index, uint8_t src_depth, paddr_t *dest,
                                  paddr_t *src)
{
    cairn_error_t err = lookup_destination(cnode, dest_index, dest_depth, dest);

    if (err != CAIRN_ERR_OK)
        return err;
    return lookup_source(cspace, src_root, src_index, src_depth, src);
}

/* A copy or mint, decoded: where the new capability goes, and what it is. */
struct derivation {
    paddr_t src;
    paddr_t dest;
    struct cap cap;
};

/*
 * Decode a copy or mint (`badge` is used only when `mint` is set): both
 * slots, then the new capability, with the source's rights AND the mask
 * (cap_derive, cap_mint). Writes nothing but *d.
 */
/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid_read(a) && \valid(d);
    requires \separated(d, cspace) && \separated(d, cnode) && \separated(d, a);
    assigns *d;
    ensures \result == CAIRN_ERR_OK ==> \let dest = d->dest;
            \at(slots_view(dest)->cap.type, Pre) == CAP_TYPE_NULL;
    ensures \result == CAIRN_ERR_OK ==> \let src = d->src;
            \at(slots_view(src)->cap.type, Pre) != CAP_TYPE_NULL &&
            \at(slots_view(src)->depth, Pre) < UINT64_MAX;
    ensures \result == CAIRN_ERR_OK ==> \let src = d->src;
            rights_within(d->cap.rights, \at(slots_view(src)->cap.rights, Pre));
    ensures \result == CAIRN_ERR_OK ==> rights_within(d->cap.rights, \old(a->rights));
*/
static cairn_error_t decode_derivation(const struct cap *cspace, const struct cap *cnode,
                                       const struct cnode_mint_args *a, bool mint,
                                       struct derivation *d)
{
    paddr_t dest = 0, src = 0;
    struct cap source;
    cairn_error_t err;

    err = lookup_slots(cspace, cnode, a->dest_index, a->dest_depth, a->src_root, a->src_index,
                       a->src_depth, &dest, &src);
    if (err != CAIRN_ERR_OK)
        return err;
    /* Every derivation deepens the tree by at least one: 2^64 of them in a
     * row would be needed to get here, but the bound is checked, not assumed. */
    if (slot_at(src)->depth == UINT64_MAX)
        return CAIRN_ERR_RANGE_ERROR;
    source = slot_at(src)->cap;
    if (mint)
        err = cap_mint(&source, a->rights, a->badge, &d->cap);
    else
        err = cap_derive(&source, a->rights, &d->cap);
    d->src = src;
    d->dest = dest;
    return err;
}

/* Copy or mint: decode, then one write, as a child of the source. */
/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid_read(a);
    requires \separated(a, cspace) && \separated(a, cnode);
*/
static cairn_error_t derive_into(const struct cap *cspace, const struct cap *cnode,
                                 const struct cnode_mint_args *a, bool mint)
{
    struct derivation d;
    cairn_error_t err = decode_derivation(cspace, cnode, a, mint, &d);

    if (err != CAIRN_ERR_OK)
        return err;
    cdt_insert(d.src, d.dest, d.cap);
    return CAIRN_ERR_OK;
}

/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid_read(a);
    requires \separated(a, cspace) && \separated(a, cnode);
*/
static cairn_error_t move_into(const struct cap *cspace, const struct cap *cnode,
                               const struct cnode_move_args *a)
{
    paddr_t dest = 0, src = 0;
    cairn_error_t err;

    err = lookup_slots(cspace, cnode, a->dest_index, a->dest_depth, a->src_root, a->src_index,
                       a->src_depth, &dest, &src);
    if (err != CAIRN_ERR_OK)
        return err;
    cdt_move(src, dest);
    return CAIRN_ERR_OK;
}

/* A copy is a mint that sets no badge: the same lookups and checks, cap_derive. */
/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid_read(c);
    requires \separated(c, cspace) && \separated(c, cnode);
*/
static cairn_error_t copy_into(const struct cap *cspace, const struct cap *cnode,
                               const struct cnode_copy_args *c)
{
    struct cnode_mint_args a;

    a.dest_index = c->dest_index;
    a.dest_depth = c->dest_depth;
    a.src_root = c->src_root;
    a.src_index = c->src_index;
    a.src_depth = c->src_depth;
    a.rights = c->rights;
    a.badge = 0;
    return derive_into(cspace, cnode, &a, false);
}

/*
 * Delete or revoke the capability in slot `index` (`depth` bits) of the
 * invoked CNode, within one invocation's budget of steps. Only a
 * capability without descendants can be deleted.
 */
/*@ requires \valid_read(cnode);
    assigns { *slots_view(a) | integer a; \true }, RELEASE_STATE, TCB_UNBIND_STATE, IRQ_STATE;
*/
static cairn_error_t delete_or_revoke(const struct cap *cnode, uint64_t index, uint8_t depth,
                                      bool revoke)
{
    paddr_t slot = 0;
    uint32_t budget = DELETE_STEP_BUDGET;
    cairn_error_t err = cnode_resolve(cnode, index, depth, &slot);

    if (err != CAIRN_ERR_OK)
        return err;
    if (revoke && slot_at(slot)->cap.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    if (revoke)
        return cap_revoke(slot, &budget);
    /* Children would have to be re-parented to keep the tree well formed:
     * they are revoked explicitly instead. */
    if (cdt_has_children(slot))
        return CAIRN_ERR_REVOKE_FIRST;
    return cap_delete(slot, &budget);
}

/*
 * Invoke the CNode capability `cnode` with method `label` and the message
 * `words`; CPtr arguments are resolved in the caller's CSpace `cspace`.
 */
/*@ requires \valid_read(cspace) && \valid_read(cnode);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
*/
cairn_error_t cnode_invoke(const struct cap *cspace, const struct cap *cnode, uint64_t label,
                           const uint64_t *words, uint32_t count)
{
    struct cnode_mint_args mint;
    struct cnode_copy_args copy;
    struct cnode_move_args move;
    struct cnode_delete_args del;
    struct cnode_revoke_args revoke;
    cairn_error_t err;

    if (!cap_has_rights(cnode, CAIRN_RIGHT_MANAGE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    switch (label) {
    case CAIRN_LABEL_CNODE_MOVE:
        err = decode_cnode_move(words, count, &move);
        if (err != CAIRN_ERR_OK)
            return err;
        return move_into(cspace, cnode, &move);
    case CAIRN_LABEL_CNODE_MINT:
        err = decode_cnode_mint(words, count, &mint);
        if (err != CAIRN_ERR_OK)
            return err;
        return derive_into(cspace, cnode, &mint, true);
    case CAIRN_LABEL_CNODE_COPY:
        err = decode_cnode_copy(words, count, &copy);
        if (err != CAIRN_ERR_OK)
            return err;
        return copy_into(cspace, cnode, &copy);
    case CAIRN_LABEL_CNODE_DELETE:
        err = decode_cnode_delete(words, count, &del);
        if (err != CAIRN_ERR_OK)
            return err;
        return delete_or_revoke(cnode, del.index, del.depth, false);
    case CAIRN_LABEL_CNODE_REVOKE:
        err = decode_cnode_revoke(words, count, &revoke);
        if (err != CAIRN_ERR_OK)
            return err;
        return delete_or_revoke(cnode, revoke.index, revoke.depth, true);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
