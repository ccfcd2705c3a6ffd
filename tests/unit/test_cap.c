/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of capability derivation (kernel/cap.c): rights only ever shrink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cap.h"

static struct cap make(uint8_t type, uint8_t rights)
{
    struct cap c = { .type = type, .rights = rights, .object = 0x10000, .size_bits = 12 };
    return c;
}

static void derive_never_adds_a_right(void **state)
{
    (void)state;
    /* Every source rights set against every mask: the result is their AND. */
    for (unsigned r = 0; r <= CAIRN_RIGHTS_ALL; r++) {
        for (unsigned m = 0; m <= 0xff; m++) {
            struct cap src = make(CAIRN_OBJ_ENDPOINT, (uint8_t)r), out;

            assert_int_equal(cap_derive(&src, (cairn_rights_t)m, &out), CAIRN_ERR_OK);
            assert_int_equal(out.rights, r & m);
            assert_int_equal(out.rights & ~r, 0);
            assert_int_equal(out.object, src.object);
        }
    }
}

static void derive_refuses_empty_unique_and_untyped_caps(void **state)
{
    struct cap out = make(CAIRN_OBJ_VMO, 0);
    struct cap empty = make(CAP_TYPE_NULL, CAIRN_RIGHTS_ALL);
    struct cap irq = make(CAIRN_OBJ_IRQ_CONTROL, CAIRN_RIGHTS_ALL);
    struct cap ports = make(CAIRN_OBJ_IO_PORT_CONTROL, CAIRN_RIGHTS_ALL);
    struct cap untyped = make(CAIRN_OBJ_UNTYPED, CAIRN_RIGHTS_ALL);

    (void)state;
    assert_int_equal(cap_derive(&empty, CAIRN_RIGHTS_ALL, &out), CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(cap_derive(&irq, CAIRN_RIGHTS_ALL, &out), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(cap_derive(&ports, CAIRN_RIGHTS_ALL, &out), CAIRN_ERR_INVALID_CAPABILITY);
    /* Untyped memory is moved or retyped, never copied: one watermark per region. */
    assert_int_equal(cap_derive(&untyped, CAIRN_RIGHTS_ALL, &out), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(out.type, CAIRN_OBJ_VMO);   /* untouched on failure */
}

static void has_rights_needs_every_bit(void **state)
{
    struct cap c = make(CAIRN_OBJ_ENDPOINT, CAIRN_RIGHT_READ | CAIRN_RIGHT_GRANT);

    (void)state;
    assert_true(cap_has_rights(&c, CAIRN_RIGHT_READ));
    assert_true(cap_has_rights(&c, CAIRN_RIGHT_READ | CAIRN_RIGHT_GRANT));
    assert_true(cap_has_rights(&c, 0));
    assert_false(cap_has_rights(&c, CAIRN_RIGHT_WRITE));
    assert_false(cap_has_rights(&c, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE));
}

static void mint_badges_an_unbadged_endpoint_once(void **state)
{
    struct cap ep = make(CAIRN_OBJ_ENDPOINT, CAIRN_RIGHTS_ALL), badged, again;

    (void)state;
    assert_int_equal(cap_mint(&ep, CAIRN_RIGHT_WRITE, 42, &badged), CAIRN_ERR_OK);
    assert_int_equal(badged.badge, 42);
    assert_int_equal(badged.rights, CAIRN_RIGHT_WRITE);
    assert_int_equal(cap_mint(&badged, CAIRN_RIGHTS_ALL, 7, &again), CAIRN_ERR_ILLEGAL_OPERATION);
    /* A badged cap can still be copied, keeping its badge. */
    assert_int_equal(cap_derive(&badged, CAIRN_RIGHTS_ALL, &again), CAIRN_ERR_OK);
    assert_int_equal(again.badge, 42);
    assert_int_equal(again.rights, CAIRN_RIGHT_WRITE);
}

static void mint_sets_a_cnode_guard_that_fits(void **state)
{
    struct cap cn = make(CAIRN_OBJ_CNODE, CAIRN_RIGHTS_ALL), out;

    (void)state;
    cn.size_bits = 8;
    assert_int_equal(cap_mint(&cn, CAIRN_RIGHTS_ALL, (0x5ull << 6) | 3, &out), CAIRN_ERR_OK);
    assert_int_equal(out.guard_bits, 3);
    assert_int_equal(out.badge, 5);
    /* The guard value must fit its width. */
    assert_int_equal(cap_mint(&cn, CAIRN_RIGHTS_ALL, (0x8ull << 6) | 3, &out), CAIRN_ERR_INVALID_ARGUMENT);
    /* Radix + guard may not exceed 64 bits. */
    assert_int_equal(cap_mint(&cn, CAIRN_RIGHTS_ALL, 57, &out), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(cap_mint(&cn, CAIRN_RIGHTS_ALL, 56, &out), CAIRN_ERR_OK);
    assert_int_equal(out.guard_bits, 56);
}

static void mint_refuses_a_badge_on_other_types(void **state)
{
    struct cap vmo = make(CAIRN_OBJ_VMO, CAIRN_RIGHTS_ALL), out;

    (void)state;
    assert_int_equal(cap_mint(&vmo, CAIRN_RIGHT_READ, 1, &out), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(cap_mint(&vmo, CAIRN_RIGHT_READ, 0, &out), CAIRN_ERR_OK);
    assert_int_equal(out.rights, CAIRN_RIGHT_READ);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(derive_never_adds_a_right),
        cmocka_unit_test(derive_refuses_empty_unique_and_untyped_caps),
        cmocka_unit_test(has_rights_needs_every_bit),
        cmocka_unit_test(mint_badges_an_unbadged_endpoint_once),
        cmocka_unit_test(mint_sets_a_cnode_guard_that_fits),
        cmocka_unit_test(mint_refuses_a_badge_on_other_types),
    };
    return cmocka_run_group_tests_name("cap", tests, NULL, NULL);
}
