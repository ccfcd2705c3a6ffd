/* SPDX-License-Identifier: GPL-2.0-only */
/* CNodes and CPtr resolution through a tree of them (a CSpace). */
#ifndef CAIRN_CNODE_H
#define CAIRN_CNODE_H

#include "cap.h"

/*@ // A CNode capability's slots can be addressed without overflow: its
    // radix is within the spec's limits and its slots lie in physical memory
    // (never page 0). Resolution refuses any other.
    predicate cnode_addressable(struct cap c) =
      CAIRN_CNODE_MIN_BITS <= c.size_bits <= CAIRN_CNODE_MAX_BITS &&
      0 < c.object < PHYS_ADDR_LIMIT;

    // The same, for a capability that must be a CNode (written out: the
    // provers are markedly slower through the nested predicate).
    predicate cnode_cap(struct cap c) =
      c.type == CAIRN_OBJ_CNODE &&
      CAIRN_CNODE_MIN_BITS <= c.size_bits <= CAIRN_CNODE_MAX_BITS &&
      0 < c.object < PHYS_ADDR_LIMIT;
*/

bool cnode_addressable(const struct cap *c);

/* Resolve exactly `depth` bits of `cptr` from the CNode capability `root`,
 * giving the address of the slot found (slot_at in cdt.h reaches it). */
cairn_error_t cnode_resolve(const struct cap *root, uint64_t cptr, uint8_t depth,
                            paddr_t *out);

/* Resolve `cptr` in a CSpace, stopping at the first capability that is not a
 * CNode (the remaining bits are ignored, as for a thread's own CPtrs). */
cairn_error_t cspace_lookup(const struct cap *root, uint64_t cptr, paddr_t *out);

#endif
