/* SPDX-License-Identifier: GPL-2.0-only */
/* init's output: the kernel's debug console, a byte per system call. */
#include "init.h"

void put_char(char c)
{
    cairn_syscall2(CAIRN_SYS_DEBUG_PUTCHAR, (uint8_t)c, 0);
}

void put_str(const char *s)
{
    while (*s != '\0')
        put_char(*s++);
}

void put_dec(uint64_t v)
{
    char digits[20];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        put_char(digits[--n]);
}

void put_hex(uint64_t v)
{
    put_str("0x");
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned d = (unsigned)(v >> shift) & 0xf;

        if (d != 0 || shift == 0 || (v >> shift) != 0)
            put_char((char)(d < 10 ? '0' + d : 'a' + d - 10));
    }
}
