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

#include "pt_model.h"

#define P  PT_MODEL_P
#define PS PT_MODEL_PS
#define POOL_PAGES 8
#define USER_TOP PT_MODEL_USER_TOP

static pte_t root[PT_ENTRIES] __attribute__((aligned(4096)));
static uint8_t pool_mem[POOL_PAGES][4096] __attribute__((aligned(4096)));
#define flushes pt_model_flushes

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

static pte_t translate(uint64_t va)
{
    return pt_model_translate(root_pa(), va);
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
