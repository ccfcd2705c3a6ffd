/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Mapping pages into an address space. The walk is generic: both
 * architectures have 512-entry tables indexed by 9 address bits a level
 * above the 12-bit page offset; the arch layer says what an entry means.
 *
 * A map is decoded before it is performed: the first walk only reads and
 * counts the tables the mapping lacks, so a map that cannot be completed
 * (address taken, pool too small) changes nothing.
 */
#include "vspace.h"

/*@ requires level < PT_MAX_LEVELS;
    assigns \nothing;
    ensures \result < PT_ENTRIES;
*/
static unsigned pt_index(uint64_t va, unsigned level)
{
    return (unsigned)((va >> (12 + PT_LEVEL_BITS * level)) % PT_ENTRIES);
}

/*
 * Walk towards va's leaf without writing: `*missing` tells how many tables
 * a mapping of va would have to add. DELETE_FIRST: va is mapped already;
 * ILLEGAL_OPERATION: a large page (only the kernel's half has them) covers it.
 */
/*@ requires root % PAGE_SIZE == 0;
    requires \valid(missing);
    requires \forall integer a; \separated(missing, pt_view(a) + (0 .. PT_ENTRIES - 1));
    assigns *missing;
    ensures \result == CAIRN_ERR_OK ==> *missing < PT_MAX_LEVELS;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_DELETE_FIRST ||
            \result == CAIRN_ERR_ILLEGAL_OPERATION;
*/
static cairn_error_t walk_missing(paddr_t root, uint64_t va, unsigned *missing)
{
    paddr_t table = root;
    unsigned level = arch_pt_levels() - 1;

    /*@ loop invariant level < PT_MAX_LEVELS;
        loop invariant table % PAGE_SIZE == 0;
        loop assigns level, table;
        loop variant level;
    */
    for (;;) {
        pte_t e = arch_pt_at(table)[pt_index(va, level)];

        if (!arch_pte_present(e)) {
            *missing = level;
            return CAIRN_ERR_OK;
        }
        if (level == 0)
            return CAIRN_ERR_DELETE_FIRST;
        if (!arch_pte_is_table(e))
            return CAIRN_ERR_ILLEGAL_OPERATION;
        table = arch_pte_addr(e);
        level--;
    }
}

/* A fresh table from the pool, every entry empty. */
/*@ requires \valid(pool) && pool_ok(pool) && pool->next < pool->end;
    requires \forall integer a; \separated(pool, pt_view(a) + (0 .. PT_ENTRIES - 1));
    assigns *pool, pt_view(\old(pool->next))[0 .. PT_ENTRIES - 1];
    ensures pool_ok(pool) && pool->next == \old(pool->next) + PAGE_SIZE;
    ensures pool->end == \old(pool->end);
    ensures \result == \old(pool->next);
    ensures \result % PAGE_SIZE == 0 && \result < PHYS_ADDR_LIMIT;
*/
static paddr_t pool_take(struct pt_pool *pool)
{
    paddr_t pa = pool->next;
    pte_t *t = arch_pt_at(pa);
    unsigned i;

    /*@ loop invariant 0 <= i <= PT_ENTRIES;
        loop assigns i, t[0 .. PT_ENTRIES - 1];
        loop variant PT_ENTRIES - i;
    */
    for (i = 0; i < PT_ENTRIES; i++)
        t[i] = 0;
    pool->next = pa + PAGE_SIZE;
    return pa;
}

/*
 * Map the page `frame` at user address `va` with `map` (MAP_* bits, never
 * write with execute), adding the tables the walk lacks from `pool`.
 */
/*@ requires root % PAGE_SIZE == 0;
    requires \valid(pool) && pool_ok(pool);
    requires \forall integer a; \separated(pool, pt_view(a) + (0 .. PT_ENTRIES - 1));
    assigns *pool, PT_ALL_ENTRIES;
    ensures pool_ok(pool) && pool->end == \old(pool->end);
    behavior bad_address:
      assumes va % PAGE_SIZE != 0 || frame % PAGE_SIZE != 0;
      ensures \result == CAIRN_ERR_ALIGNMENT_ERROR;
    behavior bad_rights:
      assumes va % PAGE_SIZE == 0 && frame % PAGE_SIZE == 0;
      assumes map == 0 || map > 7 || (map & (MAP_WRITE | MAP_EXECUTE)) == (MAP_WRITE | MAP_EXECUTE);
      ensures \result == CAIRN_ERR_INVALID_ARGUMENT;
*/
cairn_error_t vspace_map_page(paddr_t root, struct pt_pool *pool, uint64_t va, paddr_t frame,
                              unsigned map, bool device)
{
    unsigned missing = 0, level;
    paddr_t table = root;
    cairn_error_t err;

    if (va % PAGE_SIZE != 0 || frame % PAGE_SIZE != 0)
        return CAIRN_ERR_ALIGNMENT_ERROR;
    /* W^X: a page is never writable and executable at once. */
    if (map == 0 || map > 7 || (map & (MAP_WRITE | MAP_EXECUTE)) == (MAP_WRITE | MAP_EXECUTE))
        return CAIRN_ERR_INVALID_ARGUMENT;
    if (va >= arch_user_top() || frame >= PHYS_ADDR_LIMIT)
        return CAIRN_ERR_RANGE_ERROR;
    err = walk_missing(root, va, &missing);
    if (err != CAIRN_ERR_OK)
        return err;
    if ((pool->end - pool->next) / PAGE_SIZE < missing)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;

    /* Perform: the walk above found every table present except the last
     * `missing`, and the pool holds that many pages. */
    /*@ loop invariant level < PT_MAX_LEVELS;
        loop invariant table % PAGE_SIZE == 0;
        loop invariant pool_ok(pool) && pool->end == \at(pool->end, Pre);
        loop assigns level, table, *pool, PT_ALL_ENTRIES;
        loop variant level;
    */
    for (level = arch_pt_levels() - 1; level > 0; level--) {
        pte_t *t = arch_pt_at(table);
        unsigned i = pt_index(va, level);

        if (!arch_pte_present(t[i])) {
            if (pool->next >= pool->end)
                return CAIRN_ERR_NOT_ENOUGH_MEMORY;   /* unreachable after the walk */
            t[i] = arch_pte_table(pool_take(pool));
        }
        table = arch_pte_addr(t[i]);
    }
    arch_pt_at(table)[pt_index(va, 0)] = arch_pte_leaf(frame, map, device);
    arch_tlb_flush_page(va);
    return CAIRN_ERR_OK;
}
