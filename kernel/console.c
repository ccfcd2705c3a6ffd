/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel console: strings and numbers out through arch_putchar.
 *
 * Deliberately not printf: a few small functions are all the kernel needs,
 * and unlike a variadic formatter every one of them is proved. Literals go
 * through kputl (console.h), which passes their length along.
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

/*@ requires n > 0 ==> \valid_read(s + (0 .. n - 1));
    assigns arch_console_log;
*/
void kput_chars(const char *s, size_t n)
{
    size_t i;

    /*@ loop invariant 0 <= i <= n;
        loop assigns i, arch_console_log;
        loop variant n - i;
    */
    for (i = 0; i < n; i++)
        arch_putchar(s[i]);
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
