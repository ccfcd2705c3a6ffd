/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot-time physical memory manager: a sorted table of free page ranges.
 *
 * It is built from the firmware's memory map, has the kernel image and boot
 * structures cut out of it, and serves the kernel's boot-time allocations.
 * What remains is handed to user space as untyped memory; after boot the
 * kernel allocates nothing, so nothing here ever frees.
 */
#ifndef CAIRN_PMM_H
#define CAIRN_PMM_H

#include "bootinfo.h"
#include "types.h"

#define PMM_MAX_REGIONS 64

enum pmm_status {
    PMM_OK = 0,
    PMM_EMPTY,     /* no whole page inside the range */
    PMM_OVERLAP,   /* the range overlaps memory already known free */
    PMM_FULL,      /* the table has no room for another range */
    PMM_RANGE,     /* base + size overflows the address space */
    PMM_ALIGN,     /* the alignment is not a power of two */
    PMM_NO_MEMORY, /* no free range can satisfy the request */
};

/* Invariant: free[0 .. count) are page-aligned, non-empty, sorted by base,
 * and neither overlap nor touch (touching ranges are merged). */
struct pmm {
    struct mem_region free[PMM_MAX_REGIONS];
    uint32_t count;
};

/*@ // The table invariant every operation keeps. Sortedness is stated over
    // all pairs, not adjacent ones, so provers need no induction to compare
    // two entries far apart.
    predicate region_end_ok(struct mem_region r) = r.size <= UINT64_MAX - r.base;
    predicate pmm_ok(struct pmm *p) =
      p->count <= PMM_MAX_REGIONS &&
      (\forall integer i; 0 <= i < p->count ==>
         p->free[i].size > 0 && region_end_ok(p->free[i])) &&
      (\forall integer i, j; 0 <= i < j < p->count ==>
         p->free[i].base + p->free[i].size < p->free[j].base);
    // The bytes in the first n free ranges.
    logic integer pmm_sum(struct pmm *p, integer n) =
      n <= 0 ? 0 : pmm_sum(p, n - 1) + p->free[n - 1].size;
    // Nothing in the table differs between labels L1 and L2.
    predicate pmm_unchanged{L1, L2}(struct pmm *p) =
      \at(p->count, L1) == \at(p->count, L2) &&
      \forall integer k; 0 <= k < PMM_MAX_REGIONS ==>
        \at(p->free[k], L1) == \at(p->free[k], L2);
*/

void pmm_init(struct pmm *p);

/* Add the whole pages of [base, base + size) as free memory. The range must
 * not overlap free memory already added: a firmware map that repeats itself
 * is reported, not trusted. */
enum pmm_status pmm_add(struct pmm *p, paddr_t base, uint64_t size);

/* Take every page touching [base, base + size) out of the free memory. Either
 * all of it goes or, on an error, nothing changes. */
enum pmm_status pmm_reserve(struct pmm *p, paddr_t base, uint64_t size);

/* Allocate `size` bytes (rounded up to pages) at the lowest address aligned
 * to `align` (a power of two; at least a page is used). */
enum pmm_status pmm_alloc(struct pmm *p, uint64_t size, uint64_t align, paddr_t *out);

uint64_t pmm_free_bytes(const struct pmm *p);
bool pmm_check(const struct pmm *p);

#endif
