/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel console: text, decimal and hexadecimal out through arch_putchar. */
#ifndef CAIRN_CONSOLE_H
#define CAIRN_CONSOLE_H

#include "types.h"

void kputs(const char *s);
void kputu(uint64_t v);   /* decimal */
void kputx(uint64_t v);   /* 0x-prefixed hexadecimal */

#endif
