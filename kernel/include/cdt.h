/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The derivation tree: which capability was derived from which.
 *
 * Every non-empty slot is in a doubly linked list in depth-first order, and
 * carries a depth. The descendants of a slot are the slots that follow it
 * for as long as their depth is greater than its own. A derived capability
 * goes right after its parent, so all capabilities to one object are
 * neighbours, and revoking a slot deletes the run that follows it.
 */
#ifndef CAIRN_CDT_H
#define CAIRN_CDT_H

#include "arch.h"
#include "cap.h"

/*@ predicate same_object(struct cap a, struct cap b) =
      a.type == b.type && a.object == b.object && a.size_bits == b.size_bits;

    // The slot at address s, with its list neighbours pointing back at it.
    predicate cdt_linked{L}(integer s) =
      (slots_view(s)->prev == 0 || slots_view(slots_view(s)->prev)->next == s) &&
      (slots_view(s)->next == 0 || slots_view(slots_view(s)->next)->prev == s);

    // The list around s is a list: s is not its own neighbour, and its two
    // neighbours are different slots.
    predicate cdt_distinct{L}(integer s) =
      slots_view(s)->prev != s && slots_view(s)->next != s &&
      (slots_view(s)->prev == 0 || slots_view(s)->prev != slots_view(s)->next);
*/

struct slot *slot_at(paddr_t s);
bool cdt_is_last(paddr_t s);
bool cdt_has_children(paddr_t s);
void cdt_insert(paddr_t parent, paddr_t dest, struct cap cap);
void cdt_move(paddr_t src, paddr_t dest);
void cdt_remove(paddr_t s);

#endif
