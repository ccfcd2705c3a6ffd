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
    /*@ loop invariant \base_addr(s) == \base_addr(\at(s, Pre));
        loop invariant \at(s, Pre) <= s;
        loop invariant valid_read_string(s);
        loop assigns s, arch_console_log;
    */
    while (*s != '\0')
        arch_putchar(*s++);
}

/*
 * Write `v` in `base` (10 or 16), most significant digit first. 20 digits
 * hold any 64-bit value in decimal.
 */
/*@ requires base == 10 || base == 16;
    assigns arch_console_log;
*/
static void put_number(uint64_t v, unsigned base)
{
    static const char digits[] = "0123456789abcdef";
    char buf[20];
    unsigned n = 0;

    /*@ loop invariant 0 <= n <= 20;
        loop invariant n > 0 ==> v < \at(v, LoopEntry);
        loop assigns v, n, buf[0 .. 19];
        loop variant v;
    */
    do {
        //@ assert n < 20;
        buf[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
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
