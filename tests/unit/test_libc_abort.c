/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of userland/lib's abort and assert (abort.c, assert.h): each
 * failure runs in a child process, which must die by the trap. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <assert.h>
#include <stdlib.h>

#include "libc_console.h"

static volatile int zero;

static void call_abort(void)
{
    abort();
}

static const unsigned long failing_line = __LINE__ + 4;  /* the assert's line */

static void failing_assert(void)
{
    assert(zero == 1);
}

static void passing_assert(void)
{
    assert(zero == 0);
}

static void assert_died_by_trap(int sig)
{
    assert_true(sig == SIGILL || sig == SIGTRAP);
}

static void abort_prints_and_traps(void **state)
{
    (void)state;
    assert_died_by_trap(console_run_child(call_abort));
    assert_string_equal(console_out, "abort\n");
}

static void failed_assert_names_expression_place_and_function(void **state)
{
    static const char before[] = "assertion failed: zero == 1, file " __FILE__ ", line ";
    char *after;

    (void)state;
    assert_died_by_trap(console_run_child(failing_assert));
    assert_memory_equal(console_out, before, sizeof(before) - 1);
    assert_int_equal(strtoul(console_out + sizeof(before) - 1, &after, 10), failing_line);
    assert_string_equal(after, ", function failing_assert\nabort\n");
}

static void passing_assert_does_nothing(void **state)
{
    (void)state;
    assert_int_equal(console_run_child(passing_assert), 0);
    assert_string_equal(console_out, "");
}

/* assert.h again, with NDEBUG: assert turns into nothing, and does not even
 * evaluate its argument. */
#define NDEBUG
#include <assert.h>

static void ndebug_assert(void)
{
    assert(zero++ == 1);
}

static void ndebug_turns_assert_off(void **state)
{
    (void)state;
    assert_int_equal(console_run_child(ndebug_assert), 0);
    assert_string_equal(console_out, "");
    ndebug_assert();
    assert_int_equal(zero, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abort_prints_and_traps),
        cmocka_unit_test(failed_assert_names_expression_place_and_function),
        cmocka_unit_test(passing_assert_does_nothing),
        cmocka_unit_test(ndebug_turns_assert_off),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
