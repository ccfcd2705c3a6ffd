/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The derivation tree (cdt.h): inserting a derived capability, moving one,
 * removing one. Slots are named by physical address and reached through
 * the direct map, so every access is valid whatever a link holds; the
 * contracts say what each operation does to the links when the list around
 * it is a list (cdt_distinct).
 */
#include "cdt.h"

/*@ assigns \result \from s;
    ensures \result == slots_view(s) && \valid(\result);
*/
struct slot *slot_at(paddr_t s)
{
    return arch_slots_at(s, 1);
}

/*@ requires \valid_read(a) && \valid_read(b);
    assigns \nothing;
    ensures \result <==> same_object(*a, *b);
*/
static bool names_same_object(const struct cap *a, const struct cap *b)
{
    return a->type == b->type && a->object == b->object && a->size_bits == b->size_bits;
}

/* All capabilities to one object are neighbours (a copy goes right after
 * its source), so the last one is the one whose neighbours name others. */
/*@ assigns \nothing;
    ensures \result <==>
      !(slots_view(s)->prev != 0 &&
        same_object(slots_view(slots_view(s)->prev)->cap, slots_view(s)->cap)) &&
      !(slots_view(s)->next != 0 &&
        same_object(slots_view(slots_view(s)->next)->cap, slots_view(s)->cap));
*/
bool cdt_is_last(paddr_t s)
{
    const struct slot *n = slot_at(s);

    if (n->prev != 0 && names_same_object(&slot_at(n->prev)->cap, &n->cap))
        return false;
    if (n->next != 0 && names_same_object(&slot_at(n->next)->cap, &n->cap))
        return false;
    return true;
}

/*@ assigns \nothing;
    ensures \result <==> slots_view(s)->next != 0 &&
                         slots_view(slots_view(s)->next)->depth > slots_view(s)->depth;
*/
bool cdt_has_children(paddr_t s)
{
    const struct slot *n = slot_at(s);

    return n->next != 0 && slot_at(n->next)->depth > n->depth;
}

/*@ assigns *slots_view(s);
    ensures slots_view(s)->cap == cap;
    ensures slots_view(s)->prev == prev && slots_view(s)->next == next;
    ensures slots_view(s)->depth == depth;
*/
static void slot_fill(paddr_t s, struct cap cap, paddr_t prev, paddr_t next, uint64_t depth)
{
    struct slot *n = slot_at(s);

    n->cap = cap;
    n->prev = prev;
    n->next = next;
    n->depth = depth;
}

/*
 * Put `cap` into the empty slot `dest` as a child of `parent`: right after
 * it, so it is a descendant of `parent` and of all its ancestors. If
 * `parent` already has descendants, the new capability takes the depth of
 * the first one (at least one more than the parent's), so that none of them
 * becomes a descendant of the new capability: it is inserted as a leaf.
 */
/*@ requires slots_view(parent)->depth < UINT64_MAX;
    assigns *slots_view(dest), slots_view(parent)->next,
            slots_view(slots_view(parent)->next)->prev;
    ensures \forall integer s; s != dest ==> slots_view(s)->depth == \old(slots_view(s)->depth);
    behavior in_a_list:
      assumes parent != dest && slots_view(parent)->next != dest &&
              slots_view(parent)->next != parent;
      ensures slots_view(dest)->cap == cap;
      ensures slots_view(parent)->next == dest && slots_view(dest)->prev == parent;
      ensures slots_view(dest)->next == \old(slots_view(parent)->next);
      ensures cdt_linked(dest);
      ensures slots_view(dest)->depth > slots_view(parent)->depth;
      ensures slots_view(dest)->next == 0 ||
              slots_view(slots_view(dest)->next)->depth <= slots_view(dest)->depth;
*/
void cdt_insert(paddr_t parent, paddr_t dest, struct cap cap)
{
    struct slot *p = slot_at(parent);
    paddr_t next = p->next;
    uint64_t depth = p->depth + 1;

    /* The provers find these from the SlotView axiom only when asked. */
    //@ for in_a_list: assert \separated(slots_view(parent), slots_view(dest));
    //@ for in_a_list: assert next != 0 ==> \separated(slots_view(next), slots_view(dest), slots_view(parent));
    if (next != 0) {
        struct slot *n = slot_at(next);

        if (n->depth > p->depth)
            depth = n->depth;
        //@ assert \forall integer s; s != next ==> \separated(slots_view(s), slots_view(next));
        n->prev = dest;
        //@ assert \forall integer s; slots_view(s)->depth == \at(slots_view(s)->depth, Pre);
    }
    //@ assert \forall integer s; s != dest ==> \separated(slots_view(s), slots_view(dest));
    slot_fill(dest, cap, parent, next, depth);
    //@ assert \forall integer s; s != parent ==> \separated(slots_view(s), slots_view(parent));
    p->next = dest;
}

/* Empty a slot: no capability, no place in the tree, no owner. */
/*@ requires \valid(n);
    assigns *n;
    ensures n->cap.type == CAP_TYPE_NULL && n->prev == 0 && n->next == 0 && n->owner == 0;
*/
void slot_empty(struct slot *n)
{
    /* Field by field: WP knows nothing of a zero-initialised local struct. */
    n->cap.type = CAP_TYPE_NULL;
    n->cap.rights = 0;
    n->cap.size_bits = 0;
    n->cap.guard_bits = 0;
    n->cap.is_device = 0;
    n->cap.object = 0;
    n->cap.badge = 0;
    n->cap.watermark = 0;
    n->prev = 0;
    n->next = 0;
    n->depth = 0;
    n->owner = 0;
}

/* The same, for the slot at address s. */
/*@ assigns *slots_view(s);
    ensures slots_view(s)->cap.type == CAP_TYPE_NULL;
    ensures slots_view(s)->prev == 0 && slots_view(s)->next == 0;
*/
static void slot_clear(paddr_t s)
{
    slot_empty(slot_at(s));
}

/* Move the capability in `src`, with its place in the tree, to the empty slot `dest`. */
/*@ requires src != dest;
    assigns *slots_view(dest), *slots_view(src),
            slots_view(slots_view(src)->prev)->next, slots_view(slots_view(src)->next)->prev;
    behavior in_a_list:
      assumes cdt_distinct(src) && slots_view(src)->prev != dest && slots_view(src)->next != dest;
      ensures slots_view(dest)->cap == \old(slots_view(src)->cap);
      ensures slots_view(dest)->depth == \old(slots_view(src)->depth);
      ensures slots_view(dest)->prev == \old(slots_view(src)->prev);
      ensures slots_view(dest)->next == \old(slots_view(src)->next);
      ensures cdt_linked(dest);
      ensures slots_view(src)->cap.type == CAP_TYPE_NULL;
*/
void cdt_move(paddr_t src, paddr_t dest)
{
    struct slot *s = slot_at(src);
    struct cap cap = s->cap;
    paddr_t prev = s->prev, next = s->next;
    uint64_t depth = s->depth;

    //@ for in_a_list: assert \separated(slots_view(src), slots_view(dest));
    //@ for in_a_list: assert prev != 0 ==> \separated(slots_view(prev), slots_view(src), slots_view(dest));
    //@ for in_a_list: assert next != 0 ==> \separated(slots_view(next), slots_view(src), slots_view(dest));
    //@ for in_a_list: assert prev != 0 && next != 0 ==> \separated(slots_view(prev), slots_view(next));
    slot_clear(src);
    slot_fill(dest, cap, prev, next, depth);
    if (prev != 0)
        slot_at(prev)->next = dest;
    if (next != 0)
        slot_at(next)->prev = dest;
}

/* Take the capability in `s` out of the tree and empty the slot. Callers
 * remove only leaves (kernel/delete.c): descendants left behind would
 * become descendants of whatever precedes `s`, not of its parent. */
/*@ assigns *slots_view(s), slots_view(slots_view(s)->prev)->next,
            slots_view(slots_view(s)->next)->prev;
    ensures slots_view(s)->cap.type == CAP_TYPE_NULL;
    behavior in_a_list:
      assumes cdt_distinct(s);
      ensures \old(slots_view(s)->prev) != 0 ==>
              slots_view(\old(slots_view(s)->prev))->next == \old(slots_view(s)->next);
      ensures \old(slots_view(s)->next) != 0 ==>
              slots_view(\old(slots_view(s)->next))->prev == \old(slots_view(s)->prev);
*/
void cdt_remove(paddr_t s)
{
    struct slot *n = slot_at(s);
    paddr_t prev = n->prev, next = n->next;

    //@ for in_a_list: assert prev != 0 ==> \separated(slots_view(prev), slots_view(s));
    //@ for in_a_list: assert next != 0 ==> \separated(slots_view(next), slots_view(s));
    //@ for in_a_list: assert prev != 0 && next != 0 ==> \separated(slots_view(prev), slots_view(next));
    slot_clear(s);
    if (prev != 0)
        slot_at(prev)->next = next;
    if (next != 0)
        slot_at(next)->prev = prev;
}
