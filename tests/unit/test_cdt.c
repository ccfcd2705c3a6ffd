/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the derivation tree (kernel/cdt.c) over slots in host memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"

static struct slot slots[8];

static paddr_t at(unsigned i)
{
    return (paddr_t)(uintptr_t)&slots[i];
}

static struct cap endpoint(paddr_t object)
{
    struct cap c = { .type = CAIRN_OBJ_ENDPOINT, .rights = CAIRN_RIGHTS_ALL, .object = object };
    return c;
}

static int setup(void **state)
{
    (void)state;
    memset(slots, 0, sizeof(slots));
    slots[0].cap = endpoint(0x1000);   /* a root: no links, depth 0 */
    return 0;
}

/* Every link in the list from `first` points back, and the list ends. */
static void assert_list(paddr_t first, unsigned expected_length)
{
    unsigned n = 0;

    assert_int_equal(slot_at(first)->prev, 0);
    for (paddr_t s = first; s != 0; s = slot_at(s)->next) {
        paddr_t next = slot_at(s)->next;

        if (next != 0)
            assert_int_equal(slot_at(next)->prev, s);
        assert_true(++n <= expected_length);
    }
    assert_int_equal(n, expected_length);
}

static void insert_makes_a_leaf_child(void **state)
{
    (void)state;
    cdt_insert(at(0), at(1), endpoint(0x1000));
    assert_list(at(0), 2);
    assert_int_equal(slots[1].depth, 1);
    assert_true(cdt_has_children(at(0)));
    assert_false(cdt_has_children(at(1)));
    /* A grandchild, then a second child of the root: the second child must
     * not adopt the grandchild, which follows it in the list. */
    cdt_insert(at(1), at(2), endpoint(0x1000));
    assert_int_equal(slots[2].depth, 2);
    cdt_insert(at(0), at(3), endpoint(0x1000));
    assert_list(at(0), 4);
    assert_int_equal(slots[0].next, at(3));
    assert_false(cdt_has_children(at(3)));
    assert_true(cdt_has_children(at(1)));
}

static void remove_hands_children_to_the_parent(void **state)
{
    (void)state;
    cdt_insert(at(0), at(1), endpoint(0x1000));
    cdt_insert(at(1), at(2), endpoint(0x1000));
    cdt_remove(at(1));
    assert_int_equal(slots[1].cap.type, CAP_TYPE_NULL);
    assert_list(at(0), 2);
    assert_int_equal(slots[0].next, at(2));
    assert_true(cdt_has_children(at(0)));
    /* With a child removed, the next child inserted still stays a leaf. */
    cdt_insert(at(0), at(3), endpoint(0x1000));
    assert_int_equal(slots[3].depth, slots[2].depth);
    assert_false(cdt_has_children(at(3)));
}

static void move_keeps_the_place_in_the_tree(void **state)
{
    (void)state;
    cdt_insert(at(0), at(1), endpoint(0x1000));
    cdt_insert(at(1), at(2), endpoint(0x1000));
    cdt_move(at(1), at(5));
    assert_int_equal(slots[1].cap.type, CAP_TYPE_NULL);
    assert_int_equal(slots[1].prev, 0);
    assert_int_equal(slots[5].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(slots[5].depth, 1);
    assert_list(at(0), 3);
    assert_int_equal(slots[0].next, at(5));
    assert_int_equal(slots[5].next, at(2));
    assert_true(cdt_has_children(at(5)));
    /* Moving the first slot of a list makes the new slot first. */
    cdt_move(at(0), at(6));
    assert_list(at(6), 3);
}

static void last_capability_is_recognised(void **state)
{
    (void)state;
    assert_true(cdt_is_last(at(0)));
    cdt_insert(at(0), at(1), endpoint(0x1000));
    assert_false(cdt_is_last(at(0)));
    assert_false(cdt_is_last(at(1)));
    /* A neighbour naming another object does not count. */
    cdt_insert(at(1), at(2), endpoint(0x2000));
    cdt_remove(at(0));
    assert_true(cdt_is_last(at(1)));
    assert_true(cdt_is_last(at(2)));
    /* Same address, other type: another object. */
    slots[2].cap.object = 0x1000;
    slots[2].cap.type = CAIRN_OBJ_NOTIFICATION;
    assert_true(cdt_is_last(at(1)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(insert_makes_a_leaf_child, setup),
        cmocka_unit_test_setup(remove_hands_children_to_the_parent, setup),
        cmocka_unit_test_setup(move_keeps_the_place_in_the_tree, setup),
        cmocka_unit_test_setup(last_capability_is_recognised, setup),
    };
    return cmocka_run_group_tests_name("cdt", tests, NULL, NULL);
}
