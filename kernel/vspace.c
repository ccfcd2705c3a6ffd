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
 * Descend from `root` towards va's leaf through present table entries, and
 * give the level where the walk stops with `*table` the table there: level
 * 0 (the leaf's table), or an entry that is absent or a large page.
 */
/*@ requires root % PAGE_SIZE == 0;
    requires \valid(table);
    requires \forall integer a; \separated(table, pt_view(a) + (0 .. PT_ENTRIES - 1));
    assigns *table;
    ensures \result < PT_MAX_LEVELS && *table % PAGE_SIZE == 0;
*/
static unsigned walk_down(paddr_t root, uint64_t va, paddr_t *table)
{
    unsigned level = arch_pt_levels() - 1;

    *table = root;
    /*@ loop invariant level < PT_MAX_LEVELS;
        loop invariant *table % PAGE_SIZE == 0;
        loop assigns level, *table;
        loop variant level;
    */
    while (level > 0) {
        pte_t e = arch_pt_at(*table)[pt_index(va, level)];

        if (!arch_pte_present(e) || !arch_pte_is_table(e))
            break;
        *table = arch_pte_addr(e);
        level--;
    }
    return level;
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
    paddr_t table;
    unsigned level = walk_down(root, va, &table);
    pte_t e = arch_pt_at(table)[pt_index(va, level)];

    if (!arch_pte_present(e)) {
        *missing = level;
        return CAIRN_ERR_OK;
    }
    return level == 0 ? CAIRN_ERR_DELETE_FIRST : CAIRN_ERR_ILLEGAL_OPERATION;
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

/*
 * Remove the user page at `va` if its frame lies in [lo, hi) (the VMO the
 * mapping belongs to), and forget its translation. Anything else at `va` is
 * left alone: see kernel/asid.c for why a stale mapping record is harmless.
 */
/*@ requires root % PAGE_SIZE == 0;
    assigns PT_ALL_ENTRIES;
*/
bool vspace_unmap_page(paddr_t root, uint64_t va, paddr_t lo, paddr_t hi)
{
    paddr_t table;
    pte_t *t;
    unsigned i;

    if (walk_down(root, va, &table) != 0)
        return false;
    t = arch_pt_at(table);
    i = pt_index(va, 0);
    if (!arch_pte_present(t[i]) || arch_pte_addr(t[i]) < lo || arch_pte_addr(t[i]) >= hi)
        return false;
    t[i] = 0;
    arch_tlb_flush_page(va);
    return true;
}

/*
 * How many of the levels below a table entry at `va` start afresh there:
 * the tables a range shares with its page before `va` are those whose
 * span `va` is not aligned to (2 MiB, 1 GiB, 512 GiB a level up).
 */
/*@ assigns \nothing;
    ensures \result <= 3;
*/
static unsigned aligned_levels(uint64_t va)
{
    if (va % 0x8000000000ull == 0)
        return 3;
    if (va % 0x40000000ull == 0)
        return 2;
    if (va % 0x200000ull == 0)
        return 1;
    return 0;
}

/*
 * Decode a range map without writing: DELETE_FIRST if any of the `pages`
 * pages from `va` is mapped, else `*tables` is exactly the number of
 * tables mapping them would add. A page after the first needs only the
 * missing tables that start at it; the others its predecessor added.
 */
/*@ requires root % PAGE_SIZE == 0;
    requires pages <= VSPACE_MAP_MAX_PAGES && va <= 0x800000000000;
    requires \valid(tables);
    requires \forall integer a; \separated(tables, pt_view(a) + (0 .. PT_ENTRIES - 1));
    assigns *tables;
    ensures \result == CAIRN_ERR_OK ==> *tables <= pages * PT_MAX_LEVELS;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_DELETE_FIRST ||
            \result == CAIRN_ERR_ILLEGAL_OPERATION;
*/
cairn_error_t vspace_range_tables(paddr_t root, uint64_t va, uint64_t pages, uint64_t *tables)
{
    uint64_t i, total = 0;

    /*@ loop invariant 0 <= i <= pages;
        loop invariant total <= i * PT_MAX_LEVELS;
        loop assigns i, total, *tables;
        loop variant pages - i;
    */
    for (i = 0; i < pages; i++) {
        uint64_t page = va + i * PAGE_SIZE;
        unsigned missing = 0, fresh;
        cairn_error_t err = walk_missing(root, page, &missing);

        if (err != CAIRN_ERR_OK)
            return err;
        fresh = aligned_levels(page);
        total += i == 0 || missing < fresh ? missing : fresh;
    }
    *tables = total;
    return CAIRN_ERR_OK;
}
