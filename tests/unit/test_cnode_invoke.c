/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the CNode invocations copy, mint and move (kernel/cnode_invoke.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"
#include "cnode_invoke.h"

/* A radix-4 CNode whose 60-bit guard is zero: CPtr n names slot n (64 bits deep). */
enum { SLOT_CNODE = 3, SLOT_EP = 1, SLOT_UNTYPED = 4, SLOT_VMO = 5 };
static struct slot cnode[16];
static struct slot before[16];
static struct cap root;

static int setup(void **state)
{
    (void)state;
    memset(cnode, 0, sizeof(cnode));
    root = (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = 4,
                         .guard_bits = 60, .object = (paddr_t)(uintptr_t)cnode };
    cnode[SLOT_CNODE].cap = root;
    cnode[SLOT_EP].cap = (struct cap){ .type = CAIRN_OBJ_ENDPOINT, .rights = CAIRN_RIGHTS_ALL,
                                       .object = 0x10000 };
    cnode[SLOT_UNTYPED].cap = (struct cap){ .type = CAIRN_OBJ_UNTYPED, .rights = CAIRN_RIGHTS_ALL,
                                            .size_bits = 20, .object = 0x100000 };
    cnode[SLOT_VMO].cap = (struct cap){ .type = CAIRN_OBJ_VMO, .rights = CAIRN_RIGHTS_ALL,
                                        .size_bits = 12, .object = 0x20000, .badge = 1 };
    memcpy(before, cnode, sizeof(cnode));
    return 0;
}

static cairn_error_t copy(uint64_t dest, uint64_t src, uint64_t rights)
{
    uint64_t w[] = { dest, 64, SLOT_CNODE, src, 64, rights };
    return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6);
}

static cairn_error_t mint(uint64_t dest, uint64_t src, uint64_t rights, uint64_t badge)
{
    uint64_t w[] = { dest, 64, SLOT_CNODE, src, 64, rights, badge };
    return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_MINT, w, 7);
}

static cairn_error_t move(uint64_t dest, uint64_t src)
{
    uint64_t w[] = { dest, 64, SLOT_CNODE, src, 64 };
    return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_MOVE, w, 5);
}

static void assert_unchanged(void)
{
    assert_memory_equal(cnode, before, sizeof(cnode));
}

static void copy_masks_rights_and_links_a_child(void **state)
{
    (void)state;
    assert_int_equal(copy(8, SLOT_EP, CAIRN_RIGHT_READ | CAIRN_RIGHT_MANAGE), CAIRN_ERR_OK);
    assert_int_equal(cnode[8].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(cnode[8].cap.object, 0x10000);
    assert_int_equal(cnode[8].cap.rights, CAIRN_RIGHT_READ | CAIRN_RIGHT_MANAGE);
    assert_int_equal(cnode[SLOT_EP].next, (paddr_t)(uintptr_t)&cnode[8]);
    assert_true(cdt_has_children((paddr_t)(uintptr_t)&cnode[SLOT_EP]));
    /* A copy of the copy with a wider mask gets no right back. */
    assert_int_equal(copy(9, 8, CAIRN_RIGHTS_ALL), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.rights, CAIRN_RIGHT_READ | CAIRN_RIGHT_MANAGE);
}

static void copy_errors_change_nothing(void **state)
{
    uint64_t bad_depth[] = { 8, 63, SLOT_CNODE, SLOT_EP, 64, CAIRN_RIGHTS_ALL };
    uint64_t bad_guard[] = { 8, 64, SLOT_CNODE, 1ull << 40 | SLOT_EP, 64, CAIRN_RIGHTS_ALL };
    uint64_t not_cnode[] = { 8, 64, SLOT_VMO, SLOT_EP, 64, CAIRN_RIGHTS_ALL };
    uint64_t bad_rights[] = { 8, 64, SLOT_CNODE, SLOT_EP, 64, 0x20 };
    struct cap weak = root;

    (void)state;
    assert_int_equal(copy(SLOT_VMO, SLOT_EP, CAIRN_RIGHTS_ALL), CAIRN_ERR_DELETE_FIRST);
    assert_int_equal(copy(8, 7, CAIRN_RIGHTS_ALL), CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(copy(8, SLOT_UNTYPED, CAIRN_RIGHTS_ALL), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, bad_depth, 6),
                     CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, bad_guard, 6),
                     CAIRN_ERR_LOOKUP_GUARD);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, not_cnode, 6),
                     CAIRN_ERR_LOOKUP_NOT_CNODE);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, bad_rights, 6),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, bad_rights, 5),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(cnode_invoke(&root, &root, 99, bad_rights, 6), CAIRN_ERR_INVALID_LABEL);
    weak.rights = CAIRN_RIGHTS_ALL & ~CAIRN_RIGHT_MANAGE;
    assert_int_equal(cnode_invoke(&root, &weak, CAIRN_LABEL_CNODE_COPY, bad_rights, 6),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_unchanged();
}

static void mint_badges_once(void **state)
{
    (void)state;
    assert_int_equal(mint(8, SLOT_EP, CAIRN_RIGHT_WRITE, 42), CAIRN_ERR_OK);
    assert_int_equal(cnode[8].cap.badge, 42);
    assert_int_equal(cnode[8].cap.rights, CAIRN_RIGHT_WRITE);
    memcpy(before, cnode, sizeof(cnode));
    assert_int_equal(mint(9, 8, CAIRN_RIGHTS_ALL, 7), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(mint(9, SLOT_VMO, CAIRN_RIGHTS_ALL, 7), CAIRN_ERR_INVALID_ARGUMENT);
    assert_unchanged();
}

static void move_keeps_the_capability_and_its_children(void **state)
{
    (void)state;
    assert_int_equal(copy(8, SLOT_EP, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(move(10, SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_EP].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[10].cap.rights, CAIRN_RIGHTS_ALL);
    assert_true(cdt_has_children((paddr_t)(uintptr_t)&cnode[10]));
    assert_int_equal(cnode[8].prev, (paddr_t)(uintptr_t)&cnode[10]);
    /* Untyped memory moves even though it does not copy. */
    assert_int_equal(move(11, SLOT_UNTYPED), CAIRN_ERR_OK);
    assert_int_equal(cnode[11].cap.type, CAIRN_OBJ_UNTYPED);
    memcpy(before, cnode, sizeof(cnode));
    assert_int_equal(move(11, 10), CAIRN_ERR_DELETE_FIRST);
    assert_int_equal(move(12, SLOT_EP), CAIRN_ERR_LOOKUP_EMPTY);
    assert_unchanged();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(copy_masks_rights_and_links_a_child, setup),
        cmocka_unit_test_setup(copy_errors_change_nothing, setup),
        cmocka_unit_test_setup(mint_badges_once, setup),
        cmocka_unit_test_setup(move_keeps_the_capability_and_its_children, setup),
    };
    return cmocka_run_group_tests_name("cnode_invoke", tests, NULL, NULL);
}
