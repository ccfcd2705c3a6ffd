/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of CPtr resolution (kernel/cnode.c) over CNodes built in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch.h"
#include "cdt.h"
#include "cnode.h"

static struct slot root_slots[16];   /* radix 4 */
static struct slot leaf_slots[4];    /* radix 2 */
static struct cap root;

static struct cap cnode_cap(struct slot *slots, uint8_t radix, uint8_t guard_bits, uint64_t guard)
{
    struct cap c = { .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = radix,
                     .guard_bits = guard_bits, .badge = guard,
                     .object = (paddr_t)(uintptr_t)slots };
    return c;
}

/* root: guard 0b10 (2 bits), radix 4; its slot 3 holds a leaf CNode with
 * guard 0b1 (1 bit) and radix 2, whose slot 2 holds an endpoint; root slot 5
 * holds a VMO. */
static int setup(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 16; i++)
        root_slots[i].cap.type = CAP_TYPE_NULL;
    for (unsigned i = 0; i < 4; i++)
        leaf_slots[i].cap.type = CAP_TYPE_NULL;
    root = cnode_cap(root_slots, 4, 2, 0x2);
    root_slots[3].cap = cnode_cap(leaf_slots, 2, 1, 0x1);
    root_slots[5].cap.type = CAIRN_OBJ_VMO;
    leaf_slots[2].cap.type = CAIRN_OBJ_ENDPOINT;
    return 0;
}

static void resolves_one_level(void **state)
{
    paddr_t s = 0;

    (void)state;
    /* 6 bits: guard 10, index 0101. */
    assert_int_equal(cnode_resolve(&root, 0x25, 6, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &root_slots[5]);
}

static void resolves_two_levels(void **state)
{
    paddr_t s = 0;

    (void)state;
    /* 9 bits: guard 10, index 0011, then guard 1, index 10. */
    assert_int_equal(cnode_resolve(&root, 0x11e, 9, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &leaf_slots[2]);
    assert_int_equal(slot_at(s)->cap.type, CAIRN_OBJ_ENDPOINT);
    /* 6 bits stop at the slot that holds the leaf CNode itself. */
    assert_int_equal(cnode_resolve(&root, 0x23, 6, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &root_slots[3]);
}

static void guard_mismatch_is_reported(void **state)
{
    paddr_t s = 1;

    (void)state;
    assert_int_equal(cnode_resolve(&root, 0x15, 6, &s), CAIRN_ERR_LOOKUP_GUARD);   /* guard 01 */
    assert_int_equal(cnode_resolve(&root, 0x11a, 9, &s), CAIRN_ERR_LOOKUP_GUARD);  /* leaf guard 0 */
    assert_int_equal(s, 1);   /* nothing written on failure */
}

static void depth_errors_are_reported(void **state)
{
    paddr_t s = 0;

    (void)state;
    assert_int_equal(cnode_resolve(&root, 0, 0, &s), CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(cnode_resolve(&root, 0, 65, &s), CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(cnode_resolve(&root, 0x2, 5, &s), CAIRN_ERR_LOOKUP_DEPTH);   /* too few bits */
    /* 8 bits: the walk reaches the leaf CNode with 2 bits left, too few for guard + radix. */
    assert_int_equal(cnode_resolve(&root, 0x8e, 8, &s), CAIRN_ERR_LOOKUP_DEPTH);
    /* 7 bits ending at a VMO with bits left over: exact resolution refuses. */
    assert_int_equal(cnode_resolve(&root, 0x4a, 7, &s), CAIRN_ERR_LOOKUP_DEPTH);
}

static void wrong_type_is_reported(void **state)
{
    struct cap vmo = { .type = CAIRN_OBJ_VMO };
    struct cap bad_radix = cnode_cap(root_slots, 0, 0, 0);
    paddr_t s = 0;

    (void)state;
    assert_int_equal(cnode_resolve(&vmo, 0, 4, &s), CAIRN_ERR_LOOKUP_NOT_CNODE);
    assert_int_equal(cnode_resolve(&bad_radix, 0, 4, &s), CAIRN_ERR_LOOKUP_NOT_CNODE);
}

static void cspace_lookup_stops_at_the_first_leaf(void **state)
{
    paddr_t s = 0;

    (void)state;
    /* A 64-bit CPtr whose top bits are guard 10, index 0101: the VMO. */
    assert_int_equal(cspace_lookup(&root, 0xa5ull << 58, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &root_slots[5]);
    /* Empty slots are found too; whether empty is an error is the caller's call. */
    assert_int_equal(cspace_lookup(&root, 0xa0ull << 58, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &root_slots[0]);
}

static void cycles_terminate(void **state)
{
    uint64_t loop = 0;
    paddr_t s = 0;

    (void)state;
    /* Root slot 7 holds a capability to the root itself; "10 0111" goes round once. */
    root_slots[7].cap = root;
    for (unsigned i = 0; i < 7; i++)
        loop = loop << 6 | 0x27;
    assert_int_equal(cnode_resolve(&root, loop, 42, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &root_slots[7]);
    /* Each level still eats bits, so going round ends when they run out. */
    assert_int_equal(cnode_resolve(&root, loop << 3, 45, &s), CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(cspace_lookup(&root, (loop << 18 | 0x27 << 12 | 0x27 << 6 | 0x27) << 4, &s),
                     CAIRN_ERR_LOOKUP_DEPTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(resolves_one_level, setup),
        cmocka_unit_test_setup(resolves_two_levels, setup),
        cmocka_unit_test_setup(guard_mismatch_is_reported, setup),
        cmocka_unit_test_setup(depth_errors_are_reported, setup),
        cmocka_unit_test_setup(wrong_type_is_reported, setup),
        cmocka_unit_test_setup(cspace_lookup_stops_at_the_first_leaf, setup),
        cmocka_unit_test_setup(cycles_terminate, setup),
    };
    return cmocka_run_group_tests_name("cnode", tests, NULL, NULL);
}
