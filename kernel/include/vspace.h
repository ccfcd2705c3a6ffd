/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address spaces (spec/objects.md): a root page table and the tables under
 * it, whose memory comes from a pool charged to the VSpace, never from the
 * kernel. The page-table format is the arch layer's (arch.h).
 */
#ifndef CAIRN_VSPACE_H
#define CAIRN_VSPACE_H

#include "arch.h"
#include "asid.h"
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

/*
 * A VSpace object: its first page is the root table, its second this
 * bookkeeping, the rest the pool. A VSpace takes an address-space id
 * (kernel/asid.c) and fills its root's kernel half when it is first used.
 */
struct vspace {
    uint16_t asid;        /* 0 until first used */
    struct pt_pool pool;  /* page-table pages not used yet */
};
#define VSPACE_HEADER_OFFSET PAGE_SIZE
#define VSPACE_POOL_OFFSET (2 * PAGE_SIZE)

/*@ axiomatic VspaceView {
      logic struct vspace *vspace_view(integer pa);
      axiom vspace_view_separated: \forall integer a, b;
        a != b ==> \separated(vspace_view(a), vspace_view(b));
      // A bookkeeping page is never a page table: both are pages of
      // VSpace objects, which untyped never hands out twice.
      axiom vspace_view_not_pt: \forall integer a, b;
        \separated(&vspace_view(a)->pool, pt_view(b) + (0 .. PT_ENTRIES - 1));
      // Nor is a capability slot (a CNode's, or a thread's own).
      axiom slots_not_pt: \forall integer a, b, i; 0 <= i < PT_ENTRIES ==>
        \separated(slots_view(a), pt_view(b) + i);
      axiom slots_not_vspace: \forall integer a, b;
        \separated(slots_view(a), vspace_view(b));
    }
*/
/* The direct-map view of a VSpace's bookkeeping page: trusted as
 * arch_slots_at; the VSpace capability that names it vouches for it. */
/*@ assigns \result \from pa;
    ensures \result == vspace_view(pa);
    ensures \valid(\result);
*/
struct vspace *arch_vspace_at(paddr_t pa);

/*
 * A VMO capability's mapping, in its `watermark` (0: none): the id of the
 * VSpace times 2^48, plus the page-aligned address (below 2^48), plus the
 * page count (below a page: one mapping covers at most VSPACE_MAP_MAX_PAGES,
 * so unmapping it is bounded work).
 */
#define VSPACE_MAP_MAX_PAGES 512u
#define MAPPING_ASID_UNIT 0x1000000000000ull   /* 2^48 */

/* What a VSpace's page tables and bookkeeping may change: every table
 * entry, every bookkeeping page, the address-space ids. */
#define VSPACE_HEADERS { *vspace_view(vs_pa_) | integer vs_pa_ }
#define VSPACE_STATE PT_ALL_ENTRIES, VSPACE_HEADERS, asid_roots[0 .. ASID_COUNT - 1]
/* What deleting a capability may change of it (vspace_cap_release). */
#define RELEASE_STATE PT_ALL_ENTRIES, asid_roots[0 .. ASID_COUNT - 1]

cairn_error_t vspace_map_page(paddr_t root, struct pt_pool *pool, uint64_t va, paddr_t frame,
                              unsigned map, bool device);
bool vspace_unmap_page(paddr_t root, uint64_t va, paddr_t lo, paddr_t hi);
cairn_error_t vspace_range_tables(paddr_t root, uint64_t va, uint64_t pages, uint64_t *tables);

#endif
