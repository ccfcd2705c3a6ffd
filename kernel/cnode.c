/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPtr resolution: from a CNode capability and a capability address to a slot.
 *
 * An address is read from its most significant bit down. Each CNode on the
 * way consumes its guard (which must match) and then radix bits that index
 * its slots. Every level consumes at least one bit, so a 64-bit address
 * crosses at most 64 CNodes: the walk is bounded without a depth counter.
 */
#include "bits.h"
#include "cdt.h"
#include "cnode.h"

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result <==> cnode_addressable(*c);
*/
bool cnode_addressable(const struct cap *c)
{
    return c->size_bits >= CAIRN_CNODE_MIN_BITS && c->size_bits <= CAIRN_CNODE_MAX_BITS &&
           c->object != 0 && c->object < PHYS_ADDR_LIMIT;
}

/* The low `n` bits of `x`. */
/*@ requires n < 64;
    assigns \nothing;
    ensures \result == x % pow2[n];
    ensures \result < pow2[n];
*/
static uint64_t low_bits(uint64_t x, unsigned n)
{
    return x % pow2[n];
}

/*
 * Walk from `root`, resolving `depth` bits. With `stop_at_leaf`, reaching a
 * capability that is not a CNode ends the walk there (bits left over are
 * ignored); without it, the walk must use exactly `depth` bits.
 */
/*@ requires \valid_read(root);
    requires \valid(out);
    requires \separated(out, root);
    requires 1 <= depth <= 64;
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> 0 < *out < PHYS_ADDR_LIMIT + pow2[CAIRN_CNODE_MAX_BITS + SLOT_SIZE_BITS];
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_LOOKUP_DEPTH ||
            \result == CAIRN_ERR_LOOKUP_GUARD || \result == CAIRN_ERR_LOOKUP_NOT_CNODE;
*/
static cairn_error_t resolve(const struct cap *root, uint64_t cptr, unsigned depth,
                             bool stop_at_leaf, paddr_t *out)
{
    const struct cap *node = root;
    unsigned left = depth;

    /*@ loop invariant 1 <= left <= depth;
        loop invariant \valid_read(node);
        loop assigns left, node;
        loop variant left;
    */
    for (;;) {
        unsigned radix, guard_bits, rest;
        paddr_t slot;

        /* A CNode never lies in page 0 or above the physical address space:
         * checking it keeps the slot address arithmetic exact. */
        if (node->type != CAIRN_OBJ_CNODE || !cnode_addressable(node))
            return CAIRN_ERR_LOOKUP_NOT_CNODE;
        radix = node->size_bits;
        guard_bits = node->guard_bits;
        if (guard_bits > left || radix > left - guard_bits)
            return CAIRN_ERR_LOOKUP_DEPTH;
        rest = left - guard_bits - radix;
        /* rest + radix < 64 here unless the guard is empty: never shift by 64. */
        if (guard_bits != 0 && low_bits(cptr >> (rest + radix), guard_bits) != node->badge)
            return CAIRN_ERR_LOOKUP_GUARD;
        //@ assert pow2[radix] <= pow2[CAIRN_CNODE_MAX_BITS];
        slot = node->object + low_bits(cptr >> rest, radix) * pow2[SLOT_SIZE_BITS];
        if (rest == 0) {
            *out = slot;
            return CAIRN_ERR_OK;
        }
        if (slot_at(slot)->cap.type != CAIRN_OBJ_CNODE) {
            if (!stop_at_leaf)
                return CAIRN_ERR_LOOKUP_DEPTH;
            *out = slot;
            return CAIRN_ERR_OK;
        }
        node = &slot_at(slot)->cap;
        left = rest;
    }
}

/*@ requires \valid_read(root) && \valid(out) && \separated(out, root);
    assigns *out;
    behavior bad_depth:
      assumes depth == 0 || depth > 64;
      ensures \result == CAIRN_ERR_LOOKUP_DEPTH;
      assigns \nothing;
    behavior walk:
      assumes 1 <= depth <= 64;
      ensures \result == CAIRN_ERR_OK ==> *out != 0;
    complete behaviors;
    disjoint behaviors;
*/
cairn_error_t cnode_resolve(const struct cap *root, uint64_t cptr, uint8_t depth,
                            paddr_t *out)
{
    if (depth == 0 || depth > 64)
        return CAIRN_ERR_LOOKUP_DEPTH;
    return resolve(root, cptr, depth, false, out);
}

/*@ requires \valid_read(root) && \valid(out) && \separated(out, root);
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> *out != 0;
*/
cairn_error_t cspace_lookup(const struct cap *root, uint64_t cptr, paddr_t *out)
{
    return resolve(root, cptr, 64, true, out);
}

/*@ requires \valid_read(cspace) && \valid(out) && \separated(out, cspace);
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> *out != 0;
*/
cairn_error_t cspace_lookup_slot(const struct cap *cspace, cairn_cptr_t root, uint64_t index,
                                 uint8_t depth, paddr_t *out)
{
    paddr_t root_slot = 0;
    struct cap root_cap;
    cairn_error_t err = cspace_lookup(cspace, root, &root_slot);

    if (err != CAIRN_ERR_OK)
        return err;
    root_cap = slot_at(root_slot)->cap;
    if (root_cap.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    return cnode_resolve(&root_cap, index, depth, out);
}

/*@ requires \valid_read(cspace) && \valid(out) && \separated(out, cspace);
    requires \forall integer s; \separated(out, slots_view(s));
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> *out != 0 && slots_view(*out)->cap.type == CAP_TYPE_NULL;
*/
cairn_error_t cspace_lookup_empty(const struct cap *cspace, cairn_cptr_t root, uint64_t index,
                                  uint8_t depth, paddr_t *out)
{
    paddr_t found = 0;
    cairn_error_t err = cspace_lookup_slot(cspace, root, index, depth, &found);

    if (err != CAIRN_ERR_OK)
        return err;
    if (slot_at(found)->cap.type != CAP_TYPE_NULL)
        return CAIRN_ERR_DELETE_FIRST;
    *out = found;
    return CAIRN_ERR_OK;
}
