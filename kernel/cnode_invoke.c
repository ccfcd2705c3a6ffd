/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CNode invocations that derive or move a capability: copy, mint and move
 * (spec/api.toml, objects.cnode). Each one decodes everything first (the
 * message, both slots, the new capability) and only then writes, in one
 * call to the derivation tree: a failed invocation changes nothing.
 */
#include "api_decode.h"
#include "cdt.h"
#include "cnode.h"
#include "cnode_invoke.h"

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
    paddr_t root_slot = 0, found = 0;
    struct cap root_cap;
    cairn_error_t err = cspace_lookup(cspace, root, &root_slot);

    if (err != CAIRN_ERR_OK)
        return err;
    root_cap = slot_at(root_slot)->cap;
    if (root_cap.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    err = cnode_resolve(&root_cap, index, depth, &found);
    if (err != CAIRN_ERR_OK)
        return err;
    if (slot_at(found)->cap.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    *out = found;
    return CAIRN_ERR_OK;
}

/* Both slots of copy, mint and move: the destination first, as the spec orders the arguments. */
/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid(dest) && \valid(src);
    requires \separated(dest, src, cspace, cnode);
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

/*
 * Copy or mint: `badge` is used only when `mint` is set. The new capability
 * has the source's rights AND the mask (cap_derive, cap_mint) and becomes a
 * child of the source.
 */
/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid_read(a);
    requires \separated(a, cspace, cnode);
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_INVALID_ARGUMENT ||
            \result == CAIRN_ERR_INVALID_CAPABILITY || \result == CAIRN_ERR_ILLEGAL_OPERATION ||
            \result == CAIRN_ERR_LOOKUP_DEPTH || \result == CAIRN_ERR_LOOKUP_GUARD ||
            \result == CAIRN_ERR_LOOKUP_EMPTY || \result == CAIRN_ERR_LOOKUP_NOT_CNODE ||
            \result == CAIRN_ERR_DELETE_FIRST || \result == CAIRN_ERR_RANGE_ERROR;
*/
static cairn_error_t derive_into(const struct cap *cspace, const struct cap *cnode,
                                 const struct cnode_mint_args *a, bool mint)
{
    paddr_t dest = 0, src = 0;
    struct cap source, derived;
    cairn_error_t err;

    err = lookup_slots(cspace, cnode, a->dest_index, a->dest_depth, a->src_root, a->src_index,
                       a->src_depth, &dest, &src);
    if (err != CAIRN_ERR_OK)
        return err;
    source = slot_at(src)->cap;
    if (mint)
        err = cap_mint(&source, a->rights, a->badge, &derived);
    else
        err = cap_derive(&source, a->rights, &derived);
    if (err != CAIRN_ERR_OK)
        return err;
    /* Every derivation deepens the tree by at least one: 2^64 of them in a
     * row would be needed to get here, but the bound is checked, not assumed. */
    if (slot_at(src)->depth == UINT64_MAX)
        return CAIRN_ERR_RANGE_ERROR;
    cdt_insert(src, dest, derived);
    return CAIRN_ERR_OK;
}

/*@ requires \valid_read(cspace) && \valid_read(cnode) && \valid_read(a);
    requires \separated(a, cspace, cnode);
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
    requires \separated(c, cspace, cnode);
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
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
