/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of userland/lib's strtol, strtoll, strtoul and strtoull (strtol.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>

/* One input: what the signed and unsigned forms return, and how many bytes
 * of s they use (where *endptr ends up). */
struct signed_case {
    const char *s;
    int base;
    long long value;
    int used;
};

struct unsigned_case {
    const char *s;
    int base;
    unsigned long long value;
    int used;
};

static const struct signed_case signed_cases[] = {
    { "0", 10, 0, 1 },
    { "42", 10, 42, 2 },
    { "  42abc", 10, 42, 4 },
    { " \t\n\v\f\r-9", 10, -9, 8 },
    { "+7", 10, 7, 2 },
    { "-0", 10, 0, 2 },
    { "0x1F", 0, 31, 4 },
    { "0X1f", 0, 31, 4 },
    { "-0x10", 0, -16, 5 },
    { "017", 0, 15, 3 },
    { "08", 0, 0, 1 },              /* 8 is not an octal digit */
    { "0", 0, 0, 1 },
    { "0x", 0, 0, 1 },              /* no hex digit: the number is the 0 */
    { "0xg", 16, 0, 1 },
    { "0x10", 16, 16, 4 },
    { "10", 16, 16, 2 },
    { "fF", 16, 255, 2 },
    { "777", 8, 511, 3 },
    { "1011", 2, 11, 4 },
    { "zZ", 36, 1295, 2 },
    { "12", 2, 1, 1 },
    /* no number at all: 0, and endptr is s */
    { "", 10, 0, 0 },
    { "   ", 10, 0, 0 },
    { "-", 10, 0, 0 },
    { "+x", 10, 0, 0 },
    { "abc", 10, 0, 0 },
    { "8", 8, 0, 0 },
    /* bases C does not allow */
    { "1", 1, 0, 0 },
    { "1", 37, 0, 0 },
    { "1", -1, 0, 0 },
    /* the edges, and past them: clamped, with every digit used */
    { "9223372036854775807", 10, LLONG_MAX, 19 },
    { "9223372036854775808", 10, LLONG_MAX, 19 },
    { "-9223372036854775808", 10, LLONG_MIN, 20 },
    { "-9223372036854775809", 10, LLONG_MIN, 20 },
    { "99999999999999999999999999", 10, LLONG_MAX, 26 },
    { "-0x8000000000000000", 16, LLONG_MIN, 19 },
    { "0x7fffffffffffffff", 0, LLONG_MAX, 18 },
};

static const struct unsigned_case unsigned_cases[] = {
    { "0", 10, 0, 1 },
    { "18446744073709551615", 10, ULLONG_MAX, 20 },
    { "18446744073709551616", 10, ULLONG_MAX, 20 },
    { "0xffffffffffffffff", 0, ULLONG_MAX, 18 },
    { "0x10000000000000000", 0, ULLONG_MAX, 19 },
    { "-1", 10, ULLONG_MAX, 2 },                        /* negated, as C says */
    { "-18446744073709551615", 10, 1, 21 },
    { "-18446744073709551616", 10, ULLONG_MAX, 21 },
    { "  +123xyz", 0, 123, 6 },
    { "0777", 0, 511, 4 },
    { "", 0, 0, 0 },
    { "-", 0, 0, 0 },
    { "9", 37, 0, 0 },
};

static void signed_forms_parse_and_clamp(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(signed_cases) / sizeof(signed_cases[0]); i++) {
        const struct signed_case *c = &signed_cases[i];
        char *end = NULL;

        print_message("strtoll(\"%s\", %d)\n", c->s, c->base);
        assert_int_equal(strtoll(c->s, &end, c->base), c->value);
        assert_ptr_equal(end, c->s + c->used);
        end = NULL;
        assert_int_equal(strtol(c->s, &end, c->base), (long)c->value);
        assert_ptr_equal(end, c->s + c->used);
    }
}

static void unsigned_forms_parse_clamp_and_negate(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(unsigned_cases) / sizeof(unsigned_cases[0]); i++) {
        const struct unsigned_case *c = &unsigned_cases[i];
        char *end = NULL;

        print_message("strtoull(\"%s\", %d)\n", c->s, c->base);
        assert_int_equal(strtoull(c->s, &end, c->base), c->value);
        assert_ptr_equal(end, c->s + c->used);
        end = NULL;
        assert_int_equal(strtoul(c->s, &end, c->base), (unsigned long)c->value);
        assert_ptr_equal(end, c->s + c->used);
    }
}

static void endptr_may_be_null(void **state)
{
    (void)state;
    assert_int_equal(strtol("-12", NULL, 10), -12);
    assert_int_equal(strtoll("12", NULL, 0), 12);
    assert_int_equal(strtoul("0x12", NULL, 0), 18);
    assert_int_equal(strtoull("12", NULL, 8), 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signed_forms_parse_and_clamp),
        cmocka_unit_test(unsigned_forms_parse_clamp_and_negate),
        cmocka_unit_test(endptr_may_be_null),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
