/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types shared by the kernel and its host-side unit tests. */
#ifndef CAIRN_TYPES_H
#define CAIRN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __FRAMAC__
#include "cairn_logic.h"   /* spec/acsl/: the logic the contracts use */
#endif

typedef uint64_t paddr_t;   /* a physical address */

#define PAGE_SIZE 4096u

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
