/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the generic page-table walk (kernel/vspace.c) over a model
 * arch layer: 4 levels, entries as x86_64 lays them out (present bit 0,
 * large page bit 7, address bits 12..51), tables in this program's memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "vspace.h"

#define P  1ull
#define PS (1ull << 7)
#define ADDR_MASK 0x000ffffffffff000ull
#define POOL_PAGES 8
#define USER_TOP 0x0000800000000000ull

static pte_t root[PT_ENTRIES] __attribute__((aligned(4096)));
static uint8_t pool_mem[POOL_PAGES][4096] __attribute__((aligned(4096)));
static unsigned flushes;

unsigned arch_pt_levels(void) { return 4; }
uint64_t arch_user_top(void) { return USER_TOP; }
bool arch_pte_present(pte_t e) { return (e & P) != 0; }
bool arch_pte_is_table(pte_t e) { return (e & PS) == 0; }
paddr_t arch_pte_addr(pte_t e) { return e & ADDR_MASK; }
pte_t arch_pte_table(paddr_t pa) { return pa | P; }
pte_t arch_pte_leaf(paddr_t pa, unsigned map, bool device)
{
    return pa | P | PS | ((pte_t)map << 1) | ((pte_t)device << 4);
}
pte_t *arch_pt_at(paddr_t pa) { return (pte_t *)(uintptr_t)pa; }
void arch_tlb_flush_page(uint64_t va) { (void)va; flushes++; }

static struct pt_pool pool;

static int setup(void **state)
{
    (void)state;
    memset(root, 0, sizeof(root));
    memset(pool_mem, 0xa5, sizeof(pool_mem));   /* the walk must zero what it takes */
    pool.next = (paddr_t)(uintptr_t)pool_mem;
    pool.end = pool.next + sizeof(pool_mem);
    flushes = 0;
    return 0;
}

static paddr_t root_pa(void)
{
    return (paddr_t)(uintptr_t)root;
}

/* Follow va down to its leaf the way the MMU would; 0 if unmapped. */
static pte_t translate(uint64_t va)
{
    pte_t *t = root;

    for (int level = 3; level >= 0; level--) {
        pte_t e = t[(va >> (12 + 9 * level)) & 511];

        if (!(e & P))
            return 0;
        if (level == 0)
            return e;
        t = (pte_t *)(uintptr_t)(e & ADDR_MASK);
    }
    return 0;
}

static void map_takes_three_tables_then_none(void **state)
{
    paddr_t frame = 0x12345000;

    (void)state;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, frame, MAP_READ | MAP_EXECUTE, false),
                     CAIRN_ERR_OK);
    assert_int_equal(pool.next, (paddr_t)(uintptr_t)pool_mem[3]);
    assert_int_equal(translate(0x400000), arch_pte_leaf(frame, MAP_READ | MAP_EXECUTE, false));
    /* The neighbouring page shares all three tables. */
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x401000, frame + 0x1000, MAP_READ, false),
                     CAIRN_ERR_OK);
    assert_int_equal(pool.next, (paddr_t)(uintptr_t)pool_mem[3]);
    assert_int_equal(translate(0x402000), 0);
    assert_int_equal(flushes, 2);
}

static void taken_address_changes_nothing(void **state)
{
    pte_t before[PT_ENTRIES];
    struct pt_pool p0;

    (void)state;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x7000, 0x9000, MAP_READ, false), CAIRN_ERR_OK);
    memcpy(before, root, sizeof(root));
    p0 = pool;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x7000, 0xa000, MAP_READ, false),
                     CAIRN_ERR_DELETE_FIRST);
    assert_memory_equal(before, root, sizeof(root));
    assert_int_equal(pool.next, p0.next);
    assert_int_equal(translate(0x7000), arch_pte_leaf(0x9000, MAP_READ, false));
}

static void write_and_execute_together_refused(void **state)
{
    (void)state;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1000, MAP_WRITE | MAP_EXECUTE, false),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1000,
                                     MAP_READ | MAP_WRITE | MAP_EXECUTE, false),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1000, 0, false),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1000, 8, false),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(translate(0x400000), 0);
    assert_int_equal(pool.next, (paddr_t)(uintptr_t)pool_mem);
}

static void bad_addresses_refused(void **state)
{
    (void)state;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400010, 0x1000, MAP_READ, false),
                     CAIRN_ERR_ALIGNMENT_ERROR);
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1008, MAP_READ, false),
                     CAIRN_ERR_ALIGNMENT_ERROR);
    /* The kernel's half is never reachable through a user mapping. */
    assert_int_equal(vspace_map_page(root_pa(), &pool, USER_TOP, 0x1000, MAP_READ, false),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0xffffffff80000000ull, 0x1000, MAP_READ, false),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x1000, PHYS_ADDR_LIMIT, MAP_READ, false),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(pool.next, (paddr_t)(uintptr_t)pool_mem);
}

static void empty_pool_changes_nothing(void **state)
{
    pte_t before[PT_ENTRIES];

    (void)state;
    pool.end = pool.next + 2 * 4096;   /* one table short of a fresh walk */
    memcpy(before, root, sizeof(root));
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1000, MAP_READ, false),
                     CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_memory_equal(before, root, sizeof(root));
    assert_int_equal(pool.next, (paddr_t)(uintptr_t)pool_mem);
    pool.end += 4096;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x400000, 0x1000, MAP_READ, false), CAIRN_ERR_OK);
    assert_int_equal(pool.next, pool.end);
}

static void large_page_in_the_way_refused(void **state)
{
    (void)state;
    root[5] = 0x40000000 | P | PS;   /* as the kernel half's large pages */
    assert_int_equal(vspace_map_page(root_pa(), &pool, 5ull << 39, 0x1000, MAP_READ, false),
                     CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(pool.next, (paddr_t)(uintptr_t)pool_mem);
}

static void device_pages_marked(void **state)
{
    (void)state;
    assert_int_equal(vspace_map_page(root_pa(), &pool, 0x8000, 0xfee00000, MAP_READ | MAP_WRITE, true),
                     CAIRN_ERR_OK);
    assert_int_equal(translate(0x8000), arch_pte_leaf(0xfee00000, MAP_READ | MAP_WRITE, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(map_takes_three_tables_then_none, setup),
        cmocka_unit_test_setup(taken_address_changes_nothing, setup),
        cmocka_unit_test_setup(write_and_execute_together_refused, setup),
        cmocka_unit_test_setup(bad_addresses_refused, setup),
        cmocka_unit_test_setup(empty_pool_changes_nothing, setup),
        cmocka_unit_test_setup(large_page_in_the_way_refused, setup),
        cmocka_unit_test_setup(device_pages_marked, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
