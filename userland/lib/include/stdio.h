/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Formatted output of Cairn's C library. There are no files and no FILE:
 * everything printed goes through cairn_console_write.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with the flags - 0 + space #,
 * a width and a precision (either may be *), and the length modifiers
 * hh h l ll z j t. There is NO floating point (%f %e %g %a are not
 * conversions here), no %n, and no wide characters (%lc and %ls print as
 * %c and %s). An unknown conversion is printed as written. %s of NULL
 * prints "(null)"; %p prints 0x and the address in lowercase hex ("0x0" for
 * NULL).
 */
#ifndef CAIRN_LIBC_STDIO_H
#define CAIRN_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

/*
 * Writes n bytes to the program's console. Provided by the program or by
 * libcairn: init writes to the kernel debug console, services to the
 * supervisor's log endpoint. printf, puts, putchar, abort and assert all
 * write through it and through nothing else.
 */
void cairn_console_write(const char *s, size_t n);

/* Format into buf, writing at most size bytes including the NUL that always
 * ends them when size > 0 (buf may be NULL when size is 0). Return the length
 * the whole output would have had, so a result >= size means it was cut. */
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
    __attribute__((__format__(__printf__, 3, 0)));

/* Format to the console through a fixed buffer on the stack, flushed each
 * time it fills and at the end: no allocation, bounded stack. Return the
 * number of bytes written. */
int printf(const char *restrict fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap) __attribute__((__format__(__printf__, 1, 0)));

/* s and a newline; returns 0. */
int puts(const char *s);
/* One byte; returns it as an unsigned char. */
int putchar(int c);

#endif
