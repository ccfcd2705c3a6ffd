/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * abort and the failure half of assert. Both write with cairn_console_write
 * directly rather than through printf, so that they still report when the
 * formatter is what went wrong.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void write_str(const char *s)
{
    cairn_console_write(s, strlen(s));
}

static void write_decimal(unsigned v)
{
    char digits[10];    /* UINT_MAX has 10 decimal digits */
    size_t n = sizeof(digits);

    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    cairn_console_write(digits + n, sizeof(digits) - n);
}

/* The trap makes the thread fault, so its fault handler (the supervisor)
 * learns of the abort and decides what becomes of the process. */
_Noreturn void abort(void)
{
    write_str("abort\n");
    __builtin_trap();
}

_Noreturn void cairn_assert_fail(const char *expr, const char *file, unsigned line,
                                 const char *func)
{
    write_str("assertion failed: ");
    write_str(expr);
    write_str(", file ");
    write_str(file);
    write_str(", line ");
    write_decimal(line);
    write_str(", function ");
    write_str(func);
    write_str("\n");
    abort();
}
