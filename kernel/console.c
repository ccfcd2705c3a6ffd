/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel console: strings and numbers out through arch_putchar.
 *
 * Deliberately not printf: three small functions are all the kernel needs,
 * and unlike a variadic formatter every one of them is proved.
 */
#include "arch.h"
#include "console.h"

/*@ requires valid_read_string(s);
    assigns arch_console_log;
*/
void kputs(const char *s)
{
    /*@ loop invariant valid_read_string(s);
        loop assigns s, arch_console_log;
        loop variant strlen(s);
    */
    while (*s != '\0')
        arch_putchar(*s++);
}

/* Write `v` in `base` (10 or 16), most significant digit first. */
/*@ requires base == 10 || base == 16;
    assigns arch_console_log;
*/
static void put_number(uint64_t v, unsigned base)
{
    static const char digits[] = "0123456789abcdef";
    char buf[20];   /* 2^64 has 20 decimal digits */
    unsigned n = 0;

    /*@ loop invariant 0 <= n < 20;
        loop assigns v, n, buf[0 .. 19];
        loop variant 20 - n;
    */
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v != 0 && n < sizeof(buf));
    /*@ loop invariant 0 <= n <= 20;
        loop assigns n, arch_console_log;
        loop variant n;
    */
    while (n > 0)
        arch_putchar(buf[--n]);
}

/*@ assigns arch_console_log; */
void kputu(uint64_t v)
{
    put_number(v, 10);
}

/*@ assigns arch_console_log; */
void kputx(uint64_t v)
{
    arch_putchar('0');
    arch_putchar('x');
    put_number(v, 16);
}
