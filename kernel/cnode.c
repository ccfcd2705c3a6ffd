/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPtr resolution: from a CNode capability and a capability address to a slot.
 *
 * An address is read from its most significant bit down. Each CNode on the
 * way consumes its guard (which must match) and then radix bits that index
 * its slots. Every level consumes at least one bit, so a 64-bit address
 * crosses at most 64 CNodes: the walk is bounded without a depth counter.
 */
#include "arch.h"
#include "cnode.h"

/* Powers of two as a table: the provers reason about x % 2^n through it,
 * which they cannot do through a shift by a variable amount. */
#define P2(n) ((uint64_t)1 << (n))
static const uint64_t pow2[64] = {
    P2(0), P2(1), P2(2), P2(3), P2(4), P2(5), P2(6), P2(7), P2(8), P2(9), P2(10), P2(11),
    P2(12), P2(13), P2(14), P2(15), P2(16), P2(17), P2(18), P2(19), P2(20), P2(21), P2(22),
    P2(23), P2(24), P2(25), P2(26), P2(27), P2(28), P2(29), P2(30), P2(31), P2(32), P2(33),
    P2(34), P2(35), P2(36), P2(37), P2(38), P2(39), P2(40), P2(41), P2(42), P2(43), P2(44),
    P2(45), P2(46), P2(47), P2(48), P2(49), P2(50), P2(51), P2(52), P2(53), P2(54), P2(55),
    P2(56), P2(57), P2(58), P2(59), P2(60), P2(61), P2(62), P2(63),
};

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
    requires 1 <= depth <= 64;
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> \valid(*out);
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_LOOKUP_DEPTH ||
            \result == CAIRN_ERR_LOOKUP_GUARD || \result == CAIRN_ERR_LOOKUP_NOT_CNODE;
*/
static cairn_error_t resolve(const struct cap *root, uint64_t cptr, unsigned depth,
                             bool stop_at_leaf, struct slot **out)
{
    const struct cap *node = root;
    unsigned left = depth;

    /*@ loop invariant 1 <= left <= depth;
        loop invariant \valid_read(node);
        loop assigns left, node, *out;
        loop variant left;
    */
    for (;;) {
        unsigned radix, guard_bits, rest;
        struct slot *slot;

        if (node->type != CAIRN_OBJ_CNODE || node->size_bits < CAIRN_CNODE_MIN_BITS ||
            node->size_bits > CAIRN_CNODE_MAX_BITS)
            return CAIRN_ERR_LOOKUP_NOT_CNODE;
        radix = node->size_bits;
        guard_bits = node->guard_bits;
        if (guard_bits > left || radix > left - guard_bits)
            return CAIRN_ERR_LOOKUP_DEPTH;
        rest = left - guard_bits - radix;
        /* rest + radix < 64 here unless the guard is empty: never shift by 64. */
        if (guard_bits != 0 && low_bits(cptr >> (rest + radix), guard_bits) != node->badge)
            return CAIRN_ERR_LOOKUP_GUARD;
        slot = arch_slots_at(node->object, pow2[radix]) + low_bits(cptr >> rest, radix);
        if (rest == 0) {
            *out = slot;
            return CAIRN_ERR_OK;
        }
        if (slot->cap.type != CAIRN_OBJ_CNODE) {
            if (!stop_at_leaf)
                return CAIRN_ERR_LOOKUP_DEPTH;
            *out = slot;
            return CAIRN_ERR_OK;
        }
        node = &slot->cap;
        left = rest;
    }
}

/*@ requires \valid_read(root) && \valid(out);
    assigns *out;
    behavior bad_depth:
      assumes depth == 0 || depth > 64;
      ensures \result == CAIRN_ERR_LOOKUP_DEPTH;
      assigns \nothing;
    behavior walk:
      assumes 1 <= depth <= 64;
      ensures \result == CAIRN_ERR_OK ==> \valid(*out);
    complete behaviors;
    disjoint behaviors;
*/
cairn_error_t cnode_resolve(const struct cap *root, uint64_t cptr, uint8_t depth,
                            struct slot **out)
{
    if (depth == 0 || depth > 64)
        return CAIRN_ERR_LOOKUP_DEPTH;
    return resolve(root, cptr, depth, false, out);
}

/*@ requires \valid_read(root) && \valid(out);
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> \valid(*out);
*/
cairn_error_t cspace_lookup(const struct cap *root, uint64_t cptr, struct slot **out)
{
    return resolve(root, cptr, 64, true, out);
}
