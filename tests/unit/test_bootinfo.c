/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the boot_info helpers (kernel/bootinfo.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "bootinfo.h"

static struct boot_info bi;

static void set_cmdline(const char *s)
{
    memset(bi.cmdline, 0, sizeof(bi.cmdline));
    strncpy(bi.cmdline, s, sizeof(bi.cmdline) - 1);
}

static void cmdline_matches_whole_words_only(void **state)
{
    (void)state;
    set_cmdline("test");
    assert_true(boot_cmdline_has(&bi, "test"));
    set_cmdline("quiet test fault-test");
    assert_true(boot_cmdline_has(&bi, "test"));
    assert_true(boot_cmdline_has(&bi, "fault-test"));
    assert_true(boot_cmdline_has(&bi, "quiet"));
    set_cmdline("testing fault-test");
    assert_false(boot_cmdline_has(&bi, "test"));
    assert_false(boot_cmdline_has(&bi, "tes"));
    assert_false(boot_cmdline_has(&bi, "fault"));
    assert_false(boot_cmdline_has(&bi, ""));
    set_cmdline("");
    assert_false(boot_cmdline_has(&bi, "test"));
}

static void cmdline_word_at_the_very_end_of_a_full_line(void **state)
{
    (void)state;
    memset(bi.cmdline, 'a', sizeof(bi.cmdline));
    memcpy(bi.cmdline + BOOT_CMDLINE_MAX - 6, " test", 5);
    bi.cmdline[BOOT_CMDLINE_MAX - 1] = '\0';
    assert_true(boot_cmdline_has(&bi, "test"));
    assert_false(boot_cmdline_has(&bi, "tests"));
}

static void reserve_fills_and_then_refuses(void **state)
{
    (void)state;
    memset(&bi, 0, sizeof(bi));
    for (uint32_t i = 0; i < BOOT_MAX_RESERVED; i++)
        assert_true(boot_info_reserve(&bi, i * 0x1000, 0x1000));
    assert_false(boot_info_reserve(&bi, 0x100000, 0x1000));
    assert_int_equal(bi.reserved_count, BOOT_MAX_RESERVED);
    assert_int_equal(bi.reserved[3].base, 0x3000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cmdline_matches_whole_words_only),
        cmocka_unit_test(cmdline_word_at_the_very_end_of_a_full_line),
        cmocka_unit_test(reserve_fills_and_then_refuses),
    };
    return cmocka_run_group_tests_name("bootinfo", tests, NULL, NULL);
}
