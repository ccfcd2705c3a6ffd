/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of userland/lib's string and character functions (string.c, ctype.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#define SPAN 96     /* bytes of each test buffer */

static unsigned char src[SPAN];
static unsigned char dst[SPAN];
static unsigned char want[SPAN];

/* src holds 1, 2, 3...; dst and want hold 0xee, the "untouched" byte. */
static void fill(void)
{
    for (int i = 0; i < SPAN; i++) {
        src[i] = (unsigned char)(i + 1);
        dst[i] = 0xee;
        want[i] = 0xee;
    }
}

static void assert_dst_is_want(void)
{
    for (int i = 0; i < SPAN; i++)
        assert_int_equal(dst[i], want[i]);
}

/* Every length up to 40 at every alignment of source and destination, so the
 * byte head, the word middle and the byte tail are all crossed. */
static void memcpy_copies_exactly_n_bytes(void **state)
{
    (void)state;
    for (int d = 0; d < 9; d++) {
        for (int s = 0; s < 9; s++) {
            for (int n = 0; n <= 40; n++) {
                fill();
                for (int i = 0; i < n; i++)
                    want[d + i] = src[s + i];
                assert_ptr_equal(memcpy(dst + d, src + s, (size_t)n), dst + d);
                assert_dst_is_want();
            }
        }
    }
}

/* Overlapping moves both ways, in one buffer: the result is what a copy
 * through a separate buffer gives. */
static void memmove_handles_overlap_both_ways(void **state)
{
    (void)state;
    for (int d = 0; d < 20; d++) {
        for (int s = 0; s < 20; s++) {
            for (int n = 0; n <= 40; n++) {
                fill();
                for (int i = 0; i < SPAN; i++)
                    dst[i] = want[i] = src[i];
                for (int i = 0; i < n; i++)
                    want[d + i] = src[s + i];
                assert_ptr_equal(memmove(dst + d, dst + s, (size_t)n), dst + d);
                assert_dst_is_want();
            }
        }
    }
}

static void memset_sets_exactly_n_bytes_to_the_low_byte(void **state)
{
    (void)state;
    for (int d = 0; d < 9; d++) {
        for (int n = 0; n <= 40; n++) {
            fill();
            for (int i = 0; i < n; i++)
                want[d + i] = 0xab;
            assert_ptr_equal(memset(dst + d, 0x1ab, (size_t)n), dst + d);
            assert_dst_is_want();
        }
    }
}

/* Bytes compare as unsigned: 0x80 is above 0x01. */
static void memcmp_compares_unsigned_bytes(void **state)
{
    (void)state;
    assert_int_equal(memcmp("abc", "abd", 0), 0);
    assert_int_equal(memcmp("abc", "abc", 3), 0);
    assert_true(memcmp("abc", "abd", 3) < 0);
    assert_true(memcmp("a\x80", "a\x01", 2) > 0);
    assert_true(memcmp("abX", "abY", 2) == 0);
}

static void memchr_finds_the_first_within_n(void **state)
{
    const char *s = "abcabc\xff";

    (void)state;
    assert_ptr_equal(memchr(s, 'c', 7), s + 2);
    assert_null(memchr(s, 'c', 2));
    assert_null(memchr(s, 'c', 0));
    assert_ptr_equal(memchr(s, 0x1ff, 7), s + 6);   /* c converts to unsigned char */
    assert_ptr_equal(memchr(s, '\0', 8), s + 7);
}

static void strlen_and_strnlen(void **state)
{
    const char unterminated[4] = { 'a', 'b', 'c', 'd' };   /* ASan: no read past it */

    (void)state;
    assert_int_equal(strlen(""), 0);
    assert_int_equal(strlen("hello"), 5);
    assert_int_equal(strnlen("hello", 3), 3);
    assert_int_equal(strnlen("hello", 9), 5);
    assert_int_equal(strnlen("hello", 0), 0);
    assert_int_equal(strnlen(unterminated, sizeof(unterminated)), 4);
}

static void strcmp_and_strncmp(void **state)
{
    (void)state;
    assert_int_equal(strcmp("", ""), 0);
    assert_int_equal(strcmp("abc", "abc"), 0);
    assert_true(strcmp("abc", "abd") < 0);
    assert_true(strcmp("abc", "ab") > 0);
    assert_true(strcmp("ab", "abc") < 0);
    assert_true(strcmp("\x80", "\x01") > 0);
    assert_int_equal(strncmp("abcX", "abcY", 3), 0);
    assert_true(strncmp("abcX", "abcY", 4) < 0);
    assert_int_equal(strncmp("ab", "ab", 10), 0);       /* stops at the NUL */
    assert_true(strncmp("ab", "abc", 10) < 0);
    assert_int_equal(strncmp("x", "y", 0), 0);
}

static void strchr_and_strrchr(void **state)
{
    const char *s = "abcabc";

    (void)state;
    assert_ptr_equal(strchr(s, 'b'), s + 1);
    assert_ptr_equal(strrchr(s, 'b'), s + 4);
    assert_null(strchr(s, 'z'));
    assert_null(strrchr(s, 'z'));
    assert_ptr_equal(strchr(s, '\0'), s + 6);           /* the NUL is part of s */
    assert_ptr_equal(strrchr(s, '\0'), s + 6);
    assert_ptr_equal(strchr(s, 'a' + 256), s);          /* c converts to char */
}

static void strspn_and_strcspn(void **state)
{
    (void)state;
    assert_int_equal(strspn("  \tword", " \t"), 3);
    assert_int_equal(strspn("word", " \t"), 0);
    assert_int_equal(strspn("", "abc"), 0);
    assert_int_equal(strcspn("key=value", "=;"), 3);
    assert_int_equal(strcspn("key", "=;"), 3);
    assert_int_equal(strcspn("key", ""), 3);
}

/* strlcpy is not in the host's glibc 2.36: linking this proves the library's. */
static void strlcpy_truncates_and_returns_the_source_length(void **state)
{
    char buf[6];

    (void)state;
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(strlcpy(buf, "hi", sizeof(buf)), 2);
    assert_string_equal(buf, "hi");
    assert_int_equal(strlcpy(buf, "hello world", sizeof(buf)), 11);
    assert_string_equal(buf, "hello");
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(strlcpy(buf, "abc", 0), 3);
    assert_int_equal(buf[0], 'X');
    assert_int_equal(strlcpy(buf, "abc", 1), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');
}

static int in(const char *set, int c)
{
    for (; *set != '\0'; set++) {
        if (*set == c)
            return 1;
    }
    return 0;
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DIGIT "0123456789"

/* Every value a ctype function may be given (EOF and 0-255), against the
 * classes written out: nothing outside ASCII is in any class. */
static void ctype_classes_are_ascii(void **state)
{
    (void)state;
    for (int c = -1; c <= 255; c++) {
        int ascii = c > 0 && c < 128;

        assert_int_equal(!!isdigit(c), ascii && in(DIGIT, c));
        assert_int_equal(!!isxdigit(c), ascii && in(DIGIT "abcdefABCDEF", c));
        assert_int_equal(!!isspace(c), ascii && in(" \t\n\v\f\r", c));
        assert_int_equal(!!isupper(c), ascii && in(UPPER, c));
        assert_int_equal(!!islower(c), ascii && in(LOWER, c));
        assert_int_equal(!!isalpha(c), ascii && in(UPPER LOWER, c));
        assert_int_equal(!!isalnum(c), ascii && in(UPPER LOWER DIGIT, c));
        assert_int_equal(!!isprint(c), c >= 0x20 && c <= 0x7e);
    }
}

static void ctype_case_conversion(void **state)
{
    (void)state;
    for (int c = -1; c <= 255; c++) {
        int up = islower(c) ? UPPER[c - 'a'] : c;
        int down = isupper(c) ? LOWER[c - 'A'] : c;

        assert_int_equal(toupper(c), up);
        assert_int_equal(tolower(c), down);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memcpy_copies_exactly_n_bytes),
        cmocka_unit_test(memmove_handles_overlap_both_ways),
        cmocka_unit_test(memset_sets_exactly_n_bytes_to_the_low_byte),
        cmocka_unit_test(memcmp_compares_unsigned_bytes),
        cmocka_unit_test(memchr_finds_the_first_within_n),
        cmocka_unit_test(strlen_and_strnlen),
        cmocka_unit_test(strcmp_and_strncmp),
        cmocka_unit_test(strchr_and_strrchr),
        cmocka_unit_test(strspn_and_strcspn),
        cmocka_unit_test(strlcpy_truncates_and_returns_the_source_length),
        cmocka_unit_test(ctype_classes_are_ascii),
        cmocka_unit_test(ctype_case_conversion),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
