/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the boot-time physical memory manager (kernel/pmm.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "pmm.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)

static struct pmm pmm;

static int setup(void **state)
{
    (void)state;
    pmm_init(&pmm);
    return 0;
}

static void assert_range(uint32_t i, paddr_t base, uint64_t size)
{
    assert_true(i < pmm.count);
    assert_int_equal(pmm.free[i].base, base);
    assert_int_equal(pmm.free[i].size, size);
}

static void add_rounds_inward_to_pages(void **state)
{
    (void)state;
    assert_int_equal(pmm_add(&pmm, 0x1001, 0x3000), PMM_OK);
    assert_int_equal(pmm.count, 1);
    assert_range(0, 0x2000, 0x2000);
}

static void add_keeps_ranges_sorted_and_merges_neighbours(void **state)
{
    (void)state;
    assert_int_equal(pmm_add(&pmm, 8 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_add(&pmm, 1 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_add(&pmm, 4 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm.count, 3);
    assert_range(0, 1 * MIB, MIB);
    assert_range(1, 4 * MIB, MIB);
    assert_range(2, 8 * MIB, MIB);
    /* Fills the gap exactly: three ranges become two, then one. */
    assert_int_equal(pmm_add(&pmm, 2 * MIB, 2 * MIB), PMM_OK);
    assert_int_equal(pmm.count, 2);
    assert_range(0, 1 * MIB, 4 * MIB);
    assert_int_equal(pmm_add(&pmm, 5 * MIB, 3 * MIB), PMM_OK);
    assert_int_equal(pmm.count, 1);
    assert_range(0, 1 * MIB, 8 * MIB);
    assert_int_equal(pmm_free_bytes(&pmm), 8 * MIB);
}

static void add_rejects_overlap_and_changes_nothing(void **state)
{
    (void)state;
    assert_int_equal(pmm_add(&pmm, 1 * MIB, 2 * MIB), PMM_OK);
    assert_int_equal(pmm_add(&pmm, 2 * MIB, 2 * MIB), PMM_OVERLAP);  /* tail */
    assert_int_equal(pmm_add(&pmm, 0, 2 * MIB), PMM_OVERLAP);        /* head */
    assert_int_equal(pmm_add(&pmm, 1 * MIB, 2 * MIB), PMM_OVERLAP);  /* repeated */
    assert_int_equal(pmm_add(&pmm, 0, 8 * MIB), PMM_OVERLAP);        /* covering */
    assert_int_equal(pmm.count, 1);
    assert_range(0, 1 * MIB, 2 * MIB);
}

static void add_rejects_empty_and_wrapping_ranges(void **state)
{
    (void)state;
    assert_int_equal(pmm_add(&pmm, 0x1000, 0), PMM_EMPTY);
    assert_int_equal(pmm_add(&pmm, 0x1001, 0x1000), PMM_EMPTY);   /* no whole page */
    assert_int_equal(pmm_add(&pmm, UINT64_MAX - 0x800, 0x400), PMM_EMPTY);
    assert_int_equal(pmm_add(&pmm, UINT64_MAX - 0xfff, 0x2000), PMM_RANGE);
    assert_int_equal(pmm.count, 0);
}

static void add_reports_a_full_table(void **state)
{
    uint32_t i;

    (void)state;
    for (i = 0; i < PMM_MAX_REGIONS; i++)
        assert_int_equal(pmm_add(&pmm, (paddr_t)i * 2 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_add(&pmm, 1000 * MIB, MIB), PMM_FULL);
    /* A range that merges needs no new entry, so it still fits. */
    assert_int_equal(pmm_add(&pmm, MIB, MIB), PMM_OK);
    assert_int_equal(pmm.count, PMM_MAX_REGIONS - 1);
}

static void reserve_trims_splits_and_removes(void **state)
{
    (void)state;
    assert_int_equal(pmm_add(&pmm, 0, 16 * MIB), PMM_OK);
    assert_int_equal(pmm_reserve(&pmm, 0, 0x500), PMM_OK);             /* head, rounded out */
    assert_range(0, 0x1000, 16 * MIB - 0x1000);
    assert_int_equal(pmm_reserve(&pmm, 15 * MIB + 1, MIB - 1), PMM_OK); /* tail */
    assert_range(0, 0x1000, 15 * MIB - 0x1000);
    assert_int_equal(pmm_reserve(&pmm, 4 * MIB + 0x10, 0x10), PMM_OK);  /* middle: split */
    assert_int_equal(pmm.count, 2);
    assert_range(0, 0x1000, 4 * MIB - 0x1000);
    assert_range(1, 4 * MIB + 0x1000, 11 * MIB - 0x1000);
    assert_int_equal(pmm_reserve(&pmm, 0, 64 * MIB), PMM_OK);           /* everything */
    assert_int_equal(pmm.count, 0);
    assert_int_equal(pmm_free_bytes(&pmm), 0);
}

static void reserve_spanning_several_ranges(void **state)
{
    (void)state;
    assert_int_equal(pmm_add(&pmm, 1 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_add(&pmm, 3 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_add(&pmm, 5 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_reserve(&pmm, MIB + MIB / 2, 4 * MIB), PMM_OK);
    assert_int_equal(pmm.count, 2);
    assert_range(0, 1 * MIB, MIB / 2);
    assert_range(1, 5 * MIB + MIB / 2, MIB / 2);
}

static void reserve_that_needs_a_split_in_a_full_table_changes_nothing(void **state)
{
    uint32_t i;

    (void)state;
    for (i = 0; i < PMM_MAX_REGIONS; i++)
        assert_int_equal(pmm_add(&pmm, (paddr_t)i * 2 * MIB, MIB), PMM_OK);
    assert_int_equal(pmm_reserve(&pmm, 0x10000, 0x1000), PMM_FULL);
    assert_int_equal(pmm.count, PMM_MAX_REGIONS);
    assert_range(0, 0, MIB);
    assert_int_equal(pmm_reserve(&pmm, UINT64_MAX - 0x10, 0x20), PMM_RANGE);
    assert_int_equal(pmm.count, PMM_MAX_REGIONS);
}

static void alloc_is_lowest_first_and_aligned(void **state)
{
    paddr_t a = 0, b = 0, c = 0;

    (void)state;
    assert_int_equal(pmm_add(&pmm, 0x3000, 4 * MIB), PMM_OK);
    assert_int_equal(pmm_alloc(&pmm, 1, 1, &a), PMM_OK);
    assert_int_equal(a, 0x3000);
    assert_int_equal(pmm_alloc(&pmm, 0x10000, 0x10000, &b), PMM_OK);
    assert_int_equal(b, 0x10000);
    assert_int_equal(pmm_alloc(&pmm, 0x1000, 0x1000, &c), PMM_OK);
    assert_int_equal(c, 0x4000);        /* from the gap the aligned one left */
    assert_int_equal(pmm_free_bytes(&pmm), 4 * MIB - 0x12000);
}

static void alloc_failures_change_nothing(void **state)
{
    paddr_t out = 0x1234;

    (void)state;
    assert_int_equal(pmm_add(&pmm, MIB, MIB), PMM_OK);
    assert_int_equal(pmm_alloc(&pmm, 2 * MIB, PAGE_SIZE, &out), PMM_NO_MEMORY);
    assert_int_equal(pmm_alloc(&pmm, PAGE_SIZE, 2 * MIB, &out), PMM_NO_MEMORY);
    assert_int_equal(pmm_alloc(&pmm, PAGE_SIZE, 0x3000, &out), PMM_ALIGN);
    assert_int_equal(pmm_alloc(&pmm, PAGE_SIZE, 0, &out), PMM_ALIGN);
    assert_int_equal(pmm_alloc(&pmm, 0, PAGE_SIZE, &out), PMM_EMPTY);
    assert_int_equal(pmm_alloc(&pmm, UINT64_MAX, PAGE_SIZE, &out), PMM_RANGE);
    assert_int_equal(out, 0x1234);
    assert_int_equal(pmm.count, 1);
    assert_range(0, MIB, MIB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(add_rounds_inward_to_pages, setup),
        cmocka_unit_test_setup(add_keeps_ranges_sorted_and_merges_neighbours, setup),
        cmocka_unit_test_setup(add_rejects_overlap_and_changes_nothing, setup),
        cmocka_unit_test_setup(add_rejects_empty_and_wrapping_ranges, setup),
        cmocka_unit_test_setup(add_reports_a_full_table, setup),
        cmocka_unit_test_setup(reserve_trims_splits_and_removes, setup),
        cmocka_unit_test_setup(reserve_spanning_several_ranges, setup),
        cmocka_unit_test_setup(reserve_that_needs_a_split_in_a_full_table_changes_nothing, setup),
        cmocka_unit_test_setup(alloc_is_lowest_first_and_aligned, setup),
        cmocka_unit_test_setup(alloc_failures_change_nothing, setup),
    };
    return cmocka_run_group_tests_name("pmm", tests, NULL, NULL);
}
