/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of userland/lib's formatted output (printf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "libc_console.h"

static char buf[512];

static void expect_formatted(const char *want, int returned)
{
    assert_string_equal(buf, want);
    assert_int_equal(returned, (int)strlen(want));
}

/* snprintf's result, with its format checked by the compiler. */
#define EXPECT(want, ...) expect_formatted(want, snprintf(buf, sizeof(buf), __VA_ARGS__))

/* For formats the compiler rightly warns about (flags a conversion ignores,
 * unknown conversions): what the library does with them is still defined. */
static void expect_unchecked(const char *want, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    expect_formatted(want, n);
}

static void decimal_conversions(void **state)
{
    (void)state;
    EXPECT("0", "%d", 0);
    EXPECT("42 -42", "%d %i", 42, -42);
    EXPECT("-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
    EXPECT("4294967295", "%u", UINT_MAX);
    EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    EXPECT("-9223372036854775808", "%ld", LONG_MIN);
    EXPECT("-9223372036854775808", "%jd", INTMAX_MIN);
    EXPECT("18446744073709551615", "%ju", UINTMAX_MAX);
    EXPECT("18446744073709551615", "%zu", SIZE_MAX);
    EXPECT("-5", "%zd", (long)-5);
    EXPECT("-7 18446744073709551609", "%td %tu", (ptrdiff_t)-7, (ptrdiff_t)-7);
}

/* hh and h convert the promoted int back to char and short. */
static void short_length_modifiers_truncate(void **state)
{
    (void)state;
    EXPECT("44 -56 1", "%hhd %hhd %hhu", 300, 200, 257);
    EXPECT("4464 1 ffff", "%hd %hu %hx", 70000, 65537, -1);
    EXPECT("ff", "%hhx", -1);
}

static void hex_and_octal_conversions(void **state)
{
    (void)state;
    EXPECT("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
    EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
    EXPECT("1777777777777777777777", "%llo", (unsigned long long)UINT64_MAX);
    EXPECT("10 0", "%o %o", 8u, 0u);
    EXPECT("0xff 0XFF 0", "%#x %#X %#x", 255u, 255u, 0u);
    EXPECT("010 0", "%#o %#o", 8u, 0u);
}

static void flags_and_widths(void **state)
{
    (void)state;
    EXPECT("   42|42   |", "%5d|%-5d|", 42, 42);
    EXPECT("00042 -0042", "%05d %05d", 42, -42);
    EXPECT("+42 -42  42", "%+d %+d % d", 42, -42, 42);
    expect_unchecked("+42", "%+ d", 42);             /* '+' wins over ' ' */
    EXPECT("0x0000ff", "%#08x", 255u);
    EXPECT("0xff    |", "%-#8x|", 255u);
    EXPECT("42", "%1d", 42);
    expect_unchecked("42      |", "%-08d|", 42);        /* '-' wins over '0' */
    expect_unchecked("42 42", "%+u % u", 42u, 42u);     /* no sign on unsigned */
}

static void precisions(void **state)
{
    (void)state;
    EXPECT("007 -007", "%.3d %.3d", 7, -7);
    EXPECT("", "%.0d", 0);
    EXPECT("     |", "%5.0d|", 0);
    EXPECT("    -007", "%8.3d", -7);
    EXPECT("000ab 0x000ab", "%.5x %#.5x", 0xabu, 0xabu);
    EXPECT("", "%.0x", 0u);
    EXPECT("0", "%#.0o", 0u);
    EXPECT("00010", "%#.5o", 8u);
    EXPECT("|", "%.d|", 0);                     /* a lone . is precision 0 */
    expect_unchecked("     007", "%08.3d", 7);      /* a precision turns '0' off */
}

static void star_width_and_precision(void **state)
{
    (void)state;
    EXPECT("   42", "%*d", 5, 42);
    EXPECT("42   |", "%*d|", -5, 42);
    EXPECT("0007", "%.*d", 4, 7);
    EXPECT("7", "%.*d", -1, 7);                     /* negative: no precision */
    EXPECT("    ab", "%*.*s", 6, 2, "abc");
    EXPECT("1   |", "%-*d|", 4, 1);
}

static void characters_and_strings(void **state)
{
    const char unterminated[3] = { 'a', 'b', 'c' };   /* ASan: no read past it */
    const char *volatile nothing = NULL;

    (void)state;
    EXPECT("a  b|c  |", "%c%3c|%-3c|", 'a', 'b', 'c');
    EXPECT("hello hel", "%s %.3s", "hello", "hello");
    EXPECT("   hello|hello   |", "%8s|%-8s|", "hello", "hello");
    EXPECT("abc", "%.3s", unterminated);
    EXPECT("(null)", "%s", nothing);
    EXPECT("[(nu]", "[%.3s]", nothing);
    assert_int_equal(snprintf(buf, sizeof(buf), "%c", 0), 1);
    assert_int_equal(buf[0], '\0');
}

/* glibc prints a null %p as "(nil)": this is the library's own. */
static void pointers(void **state)
{
    (void)state;
    EXPECT("0x1234", "%p", (void *)0x1234);
    EXPECT("0x0", "%p", (void *)0);
    EXPECT("        0xabc|0xabc   |", "%13p|%-8p|", (void *)0xabc, (void *)0xabc);
    EXPECT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
}

static void percent_and_unknown_conversions(void **state)
{
    (void)state;
    EXPECT("100%", "100%%");
    EXPECT("%d", "%%d");
    expect_unchecked("%y %5y", "%y %5y");
    expect_unchecked("abc%", "abc%");
    expect_unchecked("x%-", "x%-");
}

/* The result is the full length; at most size - 1 bytes land, then a NUL,
 * and nothing past them is touched. */
static void snprintf_truncates_and_counts_everything(void **state)
{
    (void)state;
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(snprintf(buf, 5, "%s", "hello world"), 11);
    assert_string_equal(buf, "hell");
    assert_int_equal(buf[5], 'X');
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(snprintf(buf, 1, "%d", 12345), 5);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');
    assert_int_equal(snprintf(NULL, 0, "%d-%s", -12, "abc"), 7);
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(snprintf(buf, 0, "abc"), 3);
    assert_int_equal(buf[0], 'X');
    assert_int_equal(snprintf(buf, 4, "%5d", 42), 5);
    assert_string_equal(buf, "   ");
}

static int setup_console(void **state)
{
    (void)state;
    console_reset();
    return 0;
}

/* printf's output reaches the console whole, in chunks no larger than its
 * stack buffer, however long the output is. */
static void printf_writes_through_the_console_in_chunks(void **state)
{
    char line[1001];

    (void)state;
    memset(line, 'a', 1000);
    line[1000] = '\0';
    assert_int_equal(printf("<%s|%300d>", line, 7), 1303);
    assert_int_equal(console_len, 1303);
    assert_memory_equal(console_out + 1, line, 1000);
    assert_memory_equal(console_out, "<", 1);
    assert_memory_equal(console_out + 1001, "|", 1);
    assert_string_equal(console_out + 1301, "7>");
    assert_true(console_writes > 1);
    assert_true(console_largest_write <= 128);
}

static void printf_short_output_is_one_write(void **state)
{
    (void)state;
    assert_int_equal(printf("x=%d\n", 5), 4);
    assert_string_equal(console_out, "x=5\n");
    assert_int_equal(console_writes, 1);
    assert_int_equal(printf("%s", ""), 0);
    assert_int_equal(console_writes, 1);
}

static void puts_and_putchar(void **state)
{
    (void)state;
    assert_int_equal(puts("hi"), 0);
    assert_int_equal(putchar('!'), '!');
    assert_int_equal(putchar(0x1ff), 0xff);
    assert_int_equal(console_len, 5);
    assert_memory_equal(console_out, "hi\n!\xff", 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decimal_conversions),
        cmocka_unit_test(short_length_modifiers_truncate),
        cmocka_unit_test(hex_and_octal_conversions),
        cmocka_unit_test(flags_and_widths),
        cmocka_unit_test(precisions),
        cmocka_unit_test(star_width_and_precision),
        cmocka_unit_test(characters_and_strings),
        cmocka_unit_test(pointers),
        cmocka_unit_test(percent_and_unknown_conversions),
        cmocka_unit_test(snprintf_truncates_and_counts_everything),
        cmocka_unit_test_setup(printf_writes_through_the_console_in_chunks, setup_console),
        cmocka_unit_test_setup(printf_short_output_is_one_write, setup_console),
        cmocka_unit_test_setup(puts_and_putchar, setup_console),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
