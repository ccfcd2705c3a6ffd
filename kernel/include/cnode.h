/* SPDX-License-Identifier: GPL-2.0-only */
/* CNodes and CPtr resolution through a tree of them (a CSpace). */
#ifndef CAIRN_CNODE_H
#define CAIRN_CNODE_H

#include "cap.h"

bool cnode_addressable(const struct cap *c);

/* Resolve exactly `depth` bits of `cptr` from the CNode capability `root`,
 * giving the address of the slot found (slot_at in cdt.h reaches it). */
cairn_error_t cnode_resolve(const struct cap *root, uint64_t cptr, uint8_t depth,
                            paddr_t *out);

/* Resolve `cptr` in a CSpace, stopping at the first capability that is not a
 * CNode (the remaining bits are ignored, as for a thread's own CPtrs). */
cairn_error_t cspace_lookup(const struct cap *root, uint64_t cptr, paddr_t *out);

/* The slot `index` (`depth` bits) under the CNode that `root` names in the
 * CSpace `cspace`: how methods name the slots they read or fill. */
cairn_error_t cspace_lookup_slot(const struct cap *cspace, cairn_cptr_t root, uint64_t index,
                                 uint8_t depth, paddr_t *out);

/* cspace_lookup_slot for a slot that must be empty: where a method puts a
 * capability it makes. */
cairn_error_t cspace_lookup_empty(const struct cap *cspace, cairn_cptr_t root, uint64_t index,
                                  uint8_t depth, paddr_t *out);

#endif
