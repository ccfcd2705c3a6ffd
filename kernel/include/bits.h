/* SPDX-License-Identifier: GPL-2.0-only */
/* Powers of two as a table: provers reason about x % 2^n through it, which
 * they cannot do through a shift by a variable amount. */
#ifndef CAIRN_BITS_H
#define CAIRN_BITS_H

#include "types.h"

#define PAGE_BITS 12u

extern const uint64_t pow2[64];

void put_le(uint8_t *p, unsigned size, uint64_t v);
unsigned bits_highest(uint64_t w);

#endif
