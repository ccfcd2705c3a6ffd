/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot-time physical memory manager: a sorted table of free page ranges.
 *
 * A table rather than a bitmap or free list: it needs no memory of its own,
 * no mapping of the memory it describes, and what is left at the end of boot
 * is already the list of ranges that become untyped capabilities.
 */
#include "pmm.h"

#define PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

/*@ requires region_end_ok(r);
    assigns \nothing;
    ensures \result == r.base + r.size;
*/
static paddr_t region_end(struct mem_region r)
{
    return r.base + r.size;
}

/*@ requires \valid(p);
    assigns p->count;
    ensures p->count == 0;
    ensures pmm_ok(p);
*/
void pmm_init(struct pmm *p)
{
    p->count = 0;
}

/* Close the gap at `at`, moving later entries down one. */
/*@ requires \valid(p);
    requires p->count <= PMM_MAX_REGIONS;
    requires at < p->count;
    assigns p->count, p->free[at .. PMM_MAX_REGIONS - 1];
    ensures p->count == \old(p->count) - 1;
    ensures \forall integer k; 0 <= k < at ==> p->free[k] == \old(p->free[k]);
    ensures \forall integer k; at <= k < p->count ==> p->free[k] == \old(p->free[k + 1]);
*/
static void remove_at(struct pmm *p, uint32_t at)
{
    uint32_t k;

    /*@ loop invariant at <= k <= p->count - 1;
        loop invariant \forall integer j; at <= j < k ==> p->free[j] == \at(p->free[j + 1], Pre);
        loop invariant \forall integer j; k < j < p->count ==> p->free[j] == \at(p->free[j], Pre);
        loop assigns k, p->free[at .. p->count - 2];
        loop variant p->count - k;
    */
    for (k = at; k + 1 < p->count; k++)
        p->free[k] = p->free[k + 1];
    p->count--;
}

/* Open a gap at `at` for [base, base + size), moving later entries up one. */
/*@ requires \valid(p);
    requires p->count < PMM_MAX_REGIONS;
    requires at <= p->count;
    assigns p->count, p->free[at .. PMM_MAX_REGIONS - 1];
    ensures p->count == \old(p->count) + 1;
    ensures p->free[at].base == base && p->free[at].size == size;
    ensures \forall integer k; 0 <= k < at ==> p->free[k] == \old(p->free[k]);
    ensures \forall integer k; at < k < p->count ==> p->free[k] == \old(p->free[k - 1]);
*/
static void insert_at(struct pmm *p, uint32_t at, paddr_t base, uint64_t size)
{
    uint32_t k;

    /*@ loop invariant at <= k <= p->count;
        loop invariant \forall integer j; k < j <= p->count ==> p->free[j] == \at(p->free[j - 1], Pre);
        loop invariant \forall integer j; at <= j <= k ==> p->free[j] == \at(p->free[j], Pre);
        loop assigns k, p->free[at + 1 .. p->count];
        loop variant k;
    */
    for (k = p->count; k > at; k--)
        p->free[k] = p->free[k - 1];
    p->free[at].base = base;
    p->free[at].size = size;
    p->count++;
}

/* The index of the first range that starts above `addr` (count if none). */
/*@ requires \valid_read(p) && pmm_ok(p);
    assigns \nothing;
    ensures 0 <= \result <= p->count;
    ensures \forall integer k; 0 <= k < \result ==> p->free[k].base <= addr;
    ensures \result < p->count ==> p->free[\result].base > addr;
*/
static uint32_t first_above(const struct pmm *p, paddr_t addr)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= p->count;
        loop invariant \forall integer k; 0 <= k < i ==> p->free[k].base <= addr;
        loop assigns i;
        loop variant p->count - i;
    */
    for (i = 0; i < p->count; i++) {
        if (p->free[i].base > addr)
            break;
    }
    return i;
}

/*@ requires \valid(p) && pmm_ok(p);
    assigns p->count, p->free[0 .. PMM_MAX_REGIONS - 1];
    ensures pmm_ok(p);
    ensures \result == PMM_OK || \result == PMM_RANGE || \result == PMM_EMPTY ||
            \result == PMM_OVERLAP || \result == PMM_FULL;
    ensures \result != PMM_OK ==> pmm_unchanged{Pre, Post}(p);
    ensures \result == PMM_RANGE <==> size > UINT64_MAX - base;
*/
enum pmm_status pmm_add(struct pmm *p, paddr_t base, uint64_t size)
{
    paddr_t lo, hi;
    uint32_t i;
    bool join_prev, join_next;

    if (size > UINT64_MAX - base)
        return PMM_RANGE;
    if (base > UINT64_MAX - PAGE_MASK)
        return PMM_EMPTY;
    lo = (base + PAGE_MASK) & ~PAGE_MASK;
    hi = (base + size) & ~PAGE_MASK;
    if (hi <= lo)
        return PMM_EMPTY;

    i = first_above(p, lo);
    if (i > 0 && region_end(p->free[i - 1]) > lo)
        return PMM_OVERLAP;
    if (i < p->count && p->free[i].base < hi)
        return PMM_OVERLAP;
    join_prev = i > 0 && region_end(p->free[i - 1]) == lo;
    join_next = i < p->count && p->free[i].base == hi;
    if (!join_prev && !join_next && p->count == PMM_MAX_REGIONS)
        return PMM_FULL;

    if (join_prev && join_next) {
        /* Drop the right range first, so the table is never inconsistent. */
        paddr_t end = region_end(p->free[i]);

        remove_at(p, i);
        p->free[i - 1].size = end - p->free[i - 1].base;
        //@ assert pmm_ok(p);
    } else if (join_prev) {
        //@ assert i < p->count ==> hi < p->free[i].base;
        p->free[i - 1].size += hi - lo;
        //@ assert pmm_ok(p);
    } else if (join_next) {
        //@ assert i > 0 ==> p->free[i - 1].base + p->free[i - 1].size < lo;
        p->free[i].size += p->free[i].base - lo;
        p->free[i].base = lo;
        //@ assert pmm_ok(p);
    } else {
        /*@ assert \forall integer j; 0 <= j < i ==> p->free[j].base + p->free[j].size < lo; */
        /*@ assert \forall integer k; i <= k < p->count ==> hi < p->free[k].base; */
        insert_at(p, i, lo, hi - lo);
        /*@ assert \forall integer j, k; 0 <= j < k < i ==>
                     p->free[j].base + p->free[j].size < p->free[k].base; */
        /*@ assert \forall integer j, k; i < j < k < p->count ==>
                     p->free[j].base + p->free[j].size < p->free[k].base; */
        /*@ assert \forall integer j; 0 <= j < i ==>
                     p->free[j].base + p->free[j].size < p->free[i].base; */
        /*@ assert \forall integer k; i < k < p->count ==>
                     p->free[i].base + p->free[i].size < p->free[k].base; */
        /*@ assert \forall integer j, k; 0 <= j < i < k < p->count ==>
                     p->free[j].base + p->free[j].size < p->free[k].base; */
        /* pmm_ok, one part at a time: as one goal it is at the provers' limit. */
        /*@ assert \forall integer k; 0 <= k < p->count ==>
                     p->free[k].size > 0 && region_end_ok(p->free[k]); */
        /*@ assert \forall integer j, k; 0 <= j < k < p->count ==>
                     p->free[j].base + p->free[j].size < p->free[k].base; */
        //@ assert pmm_ok(p);
    }
    return PMM_OK;
}

/* The index of the first range that ends above `addr` (count if none). */
/*@ requires \valid_read(p) && pmm_ok(p);
    assigns \nothing;
    ensures 0 <= \result <= p->count;
    ensures \forall integer k; 0 <= k < \result ==> p->free[k].base + p->free[k].size <= addr;
    ensures \result < p->count ==> p->free[\result].base + p->free[\result].size > addr;
*/
static uint32_t first_ending_above(const struct pmm *p, paddr_t addr)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= p->count;
        loop invariant \forall integer k; 0 <= k < i ==> p->free[k].base + p->free[k].size <= addr;
        loop assigns i;
        loop variant p->count - i;
    */
    for (i = 0; i < p->count; i++) {
        if (region_end(p->free[i]) > addr)
            break;
    }
    return i;
}

/* Take [lo, hi) out of the middle of range i, leaving a range on each side. */
/*@ requires \valid(p) && pmm_ok(p);
    requires p->count < PMM_MAX_REGIONS;
    requires i < p->count;
    requires p->free[i].base < lo < hi < p->free[i].base + p->free[i].size;
    assigns p->count, p->free[i .. PMM_MAX_REGIONS - 1];
    ensures pmm_ok(p);
    ensures p->count == \old(p->count) + 1;
    ensures p->free[i].base == \old(p->free[i].base);
    ensures p->free[i].base + p->free[i].size == lo;
    ensures p->free[i + 1].base == hi;
    ensures p->free[i + 1].base + p->free[i + 1].size == \old(p->free[i].base + p->free[i].size);
    ensures \forall integer k; i + 1 < k < p->count ==> p->free[k] == \old(p->free[k - 1]);
*/
static void split_range(struct pmm *p, uint32_t i, paddr_t lo, paddr_t hi)
{
    paddr_t end = region_end(p->free[i]);

    p->free[i].size = lo - p->free[i].base;
    insert_at(p, i + 1, hi, end - hi);
    /* pmm_ok, one part at a time: as one goal it is at the provers' limit. */
    /*@ assert \forall integer k; 0 <= k < p->count ==>
                 p->free[k].size > 0 && region_end_ok(p->free[k]); */
    /*@ assert \forall integer j, k; 0 <= j < k < p->count ==>
                 p->free[j].base + p->free[j].size < p->free[k].base; */
}

/*
 * Cut [lo, hi) out of range i where that leaves at most one piece of it
 * (its head, its tail, or nothing). Returns the next index to look at.
 */
/*@ requires \valid(p) && pmm_ok(p);
    requires i < p->count;
    requires lo < hi;
    requires !(p->free[i].base < lo && p->free[i].base + p->free[i].size > hi);
    assigns p->count, p->free[i .. PMM_MAX_REGIONS - 1];
    ensures pmm_ok(p);
    ensures (\result == i + 1 && p->count == \old(p->count)) ||
            (\result == i && p->count == \old(p->count) - 1);
    ensures \result == i + 1 ==>
              (p->free[i].base + p->free[i].size <= lo || p->free[i].base >= hi) &&
              \forall integer k; i < k < p->count ==> p->free[k] == \old(p->free[k]);
    ensures \result == i ==>
              \forall integer k; i <= k < p->count ==> p->free[k] == \old(p->free[k + 1]);
*/
static uint32_t cut_range(struct pmm *p, uint32_t i, paddr_t lo, paddr_t hi)
{
    paddr_t base = p->free[i].base;
    paddr_t end = region_end(p->free[i]);

    if (end <= lo || base >= hi)
        return i + 1;
    if (base < lo) {
        /* The tail goes: the range only shrinks towards its start. */
        /*@ assert \forall integer k; i < k < p->count ==> lo < p->free[k].base; */
        p->free[i].size = lo - base;
        /*@ assert \forall integer k; i < k < p->count ==>
                     p->free[i].base + p->free[i].size < p->free[k].base; */
        return i + 1;
    }
    if (end > hi) {
        /* The head goes: the range only shrinks towards its end. */
        /*@ assert \forall integer j; 0 <= j < i ==> p->free[j].base + p->free[j].size < hi; */
        p->free[i].base = hi;
        p->free[i].size = end - hi;
        /*@ assert \forall integer j; 0 <= j < i ==>
                     p->free[j].base + p->free[j].size < p->free[i].base; */
        return i + 1;
    }
    remove_at(p, i);
    return i;
}

/*@ requires \valid(p) && pmm_ok(p);
    assigns p->count, p->free[0 .. PMM_MAX_REGIONS - 1];
    ensures pmm_ok(p);
    ensures \result == PMM_OK || \result == PMM_RANGE || \result == PMM_FULL;
    ensures \result != PMM_OK ==> pmm_unchanged{Pre, Post}(p);
    ensures \result == PMM_OK && size > 0 ==> \forall integer k; 0 <= k < p->count ==>
              p->free[k].base + p->free[k].size <= base || p->free[k].base >= base + size;
*/
enum pmm_status pmm_reserve(struct pmm *p, paddr_t base, uint64_t size)
{
    paddr_t lo, hi;
    uint32_t i;

    if (size == 0)
        return PMM_OK;
    if (size > UINT64_MAX - base || base + size > UINT64_MAX - PAGE_MASK)
        return PMM_RANGE;
    lo = base - base % PAGE_SIZE;
    hi = base + size + (PAGE_SIZE - (base + size) % PAGE_SIZE) % PAGE_SIZE;
    //@ assert lo <= base && base + size <= hi;

    /* Ranges are disjoint, so only the first range the cut reaches can hold
     * it strictly inside; that one case needs a new entry. */
    i = first_ending_above(p, lo);
    if (i < p->count && p->free[i].base < lo && region_end(p->free[i]) > hi) {
        if (p->count == PMM_MAX_REGIONS)
            return PMM_FULL;
        split_range(p, i, lo, hi);
        /*@ assert \forall integer k; 0 <= k < p->count ==>
                     p->free[k].base + p->free[k].size <= lo || p->free[k].base >= hi; */
        return PMM_OK;
    }
    /*@ loop invariant pmm_ok(p);
        loop invariant 0 <= i <= p->count;
        loop invariant \forall integer k; i <= k < p->count ==>
                         !(p->free[k].base < lo && p->free[k].base + p->free[k].size > hi);
        loop invariant \forall integer k; 0 <= k < i ==>
                         p->free[k].base + p->free[k].size <= lo || p->free[k].base >= hi;
        loop assigns i, p->count, p->free[0 .. PMM_MAX_REGIONS - 1];
        loop variant p->count - i;
    */
    while (i < p->count)
        i = cut_range(p, i, lo, hi);
    /*@ assert \forall integer k; 0 <= k < p->count ==>
                 p->free[k].base + p->free[k].size <= lo || p->free[k].base >= hi; */
    return PMM_OK;
}

/*@ requires \valid(p) && pmm_ok(p);
    requires \valid(out);
    requires \separated(p, out);
    assigns p->count, p->free[0 .. PMM_MAX_REGIONS - 1], *out;
    ensures pmm_ok(p);
    ensures \result == PMM_OK || \result == PMM_EMPTY || \result == PMM_ALIGN ||
            \result == PMM_RANGE || \result == PMM_NO_MEMORY;
    ensures \result != PMM_OK ==> pmm_unchanged{Pre, Post}(p) && *out == \old(*out);
    ensures \result == PMM_ALIGN <==> size != 0 && (align == 0 || (align & (align - 1)) != 0);
    ensures \result == PMM_OK ==> \forall integer k; 0 <= k < p->count ==>
              p->free[k].base + p->free[k].size <= *out || p->free[k].base >= *out + size;
*/
enum pmm_status pmm_alloc(struct pmm *p, uint64_t size, uint64_t align, paddr_t *out)
{
    uint32_t i;

    if (size == 0)
        return PMM_EMPTY;
    if (align == 0 || (align & (align - 1)) != 0)
        return PMM_ALIGN;
    if (align < PAGE_SIZE)
        align = PAGE_SIZE;
    if (size > UINT64_MAX - PAGE_MASK)
        return PMM_RANGE;
    size = size + (PAGE_SIZE - size % PAGE_SIZE) % PAGE_SIZE;

    /*@ loop invariant pmm_ok(p);
        loop invariant 0 <= i <= p->count;
        loop invariant pmm_unchanged{Pre, Here}(p);
        loop assigns i, p->count, p->free[0 .. PMM_MAX_REGIONS - 1];
        loop variant p->count - i;
    */
    for (i = 0; i < p->count; i++) {
        paddr_t base = p->free[i].base;
        paddr_t end = region_end(p->free[i]);
        paddr_t at;

        if (base > UINT64_MAX - (align - 1))
            break;
        at = (base + (align - 1)) & ~(align - 1);
        if (at >= end || end - at < size)
            continue;
        if (pmm_reserve(p, at, size) == PMM_OK) {
            *out = at;
            //@ assert pmm_ok(p);   // the write to *out leaves the table alone
            return PMM_OK;
        }
    }
    return PMM_NO_MEMORY;
}

/* The bytes in the free ranges (they are disjoint, so the sum fits; it
 * saturates at UINT64_MAX all the same rather than wrap). */
/*@ requires \valid_read(p) && pmm_ok(p);
    assigns \nothing;
    ensures pmm_sum(p, p->count) <= UINT64_MAX ==> \result == pmm_sum(p, p->count);
    ensures pmm_sum(p, p->count) > UINT64_MAX ==> \result == UINT64_MAX;
*/
uint64_t pmm_free_bytes(const struct pmm *p)
{
    uint64_t total = 0;
    uint32_t i;

    /*@ loop invariant 0 <= i <= p->count;
        loop invariant pmm_sum(p, i) <= UINT64_MAX ==> total == pmm_sum(p, i);
        loop invariant pmm_sum(p, i) > UINT64_MAX ==> total == UINT64_MAX;
        loop assigns i, total;
        loop variant p->count - i;
    */
    for (i = 0; i < p->count; i++) {
        if (p->free[i].size > UINT64_MAX - total)
            total = UINT64_MAX;
        else
            total += p->free[i].size;
    }
    return total;
}

/* Check the table invariant at run time: for a table the proofs cannot
 * follow, such as the self-tests' snapshot of the boot-time free map. */
/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result ==> pmm_ok(p);
*/
bool pmm_check(const struct pmm *p)
{
    uint32_t i;

    if (p->count > PMM_MAX_REGIONS)
        return false;
    /*@ loop invariant 0 <= i <= p->count;
        loop invariant \forall integer k; 0 <= k < i ==>
                         p->free[k].size > 0 && region_end_ok(p->free[k]);
        loop invariant \forall integer a, b; 0 <= a < b < i ==>
                         p->free[a].base + p->free[a].size < p->free[b].base;
        loop assigns i;
        loop variant p->count - i;
    */
    for (i = 0; i < p->count; i++) {
        const struct mem_region *r = &p->free[i];

        if (r->size == 0 || r->size > UINT64_MAX - r->base)
            return false;
        if (i > 0 && p->free[i - 1].base + p->free[i - 1].size >= r->base)
            return false;
    }
    return true;
}
