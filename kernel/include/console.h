/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel console: text, decimal and hexadecimal out through arch_putchar. */
#ifndef CAIRN_CONSOLE_H
#define CAIRN_CONSOLE_H

#include "types.h"

void kputs(const char *s);          /* a string built or chosen at run time */
void kput_chars(const char *s, size_t n);
void kputu(uint64_t v);   /* decimal */
void kputx(uint64_t v);   /* 0x-prefixed hexadecimal */

/*
 * A string literal (only a literal: `"" lit` does not compile otherwise).
 * Its length is known to the compiler, so the proofs need no reasoning about
 * where its NUL is, which the provers cannot do quickly for many literals.
 */
#define kputl(lit) kput_chars("" lit, sizeof("" lit) - 1)

#endif
