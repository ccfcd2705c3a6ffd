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

#ifdef __FRAMAC__
#include "cdt_logic.h"   /* spec/acsl/: the tree around a slot, untyped accounting */
#endif

struct slot *slot_at(paddr_t s);
void slot_empty(struct slot *n);
bool cdt_is_last(paddr_t s);
bool cdt_has_children(paddr_t s);
void cdt_insert(paddr_t parent, paddr_t dest, struct cap cap);
void cdt_move(paddr_t src, paddr_t dest);
void cdt_remove(paddr_t s);

#endif
