/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address spaces (spec/objects.md): a root page table and the tables under
 * it, whose memory comes from a pool charged to the VSpace, never from the
 * kernel. The page-table format is the arch layer's (arch.h).
 */
#ifndef CAIRN_VSPACE_H
#define CAIRN_VSPACE_H

#include "arch.h"
#include "cap.h"

/* Page-table memory not used yet: the pages [next, end). */
struct pt_pool {
    paddr_t next;
    paddr_t end;
};

/*@ predicate pool_ok(struct pt_pool *p) =
      p->next % PAGE_SIZE == 0 && p->end % PAGE_SIZE == 0 &&
      p->next <= p->end && p->end <= PHYS_ADDR_LIMIT;
*/

cairn_error_t vspace_map_page(paddr_t root, struct pt_pool *pool, uint64_t va, paddr_t frame,
                              unsigned map, bool device);

#endif
