/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device memory: VMOs over a device's registers, carved from the device
 * untyped regions a process holds. Retype puts each object at the next
 * multiple of its size after the region's watermark, and no call says where
 * an object landed, so the pool keeps its own count of what each region has
 * given out and fills the gap up to the wanted address with pad VMOs, which
 * it keeps. Hence two rules:
 * - a region must be fresh when added (nothing carved from it alive), and
 *   within one region device VMOs are asked for in ascending order;
 * - device VMOs are for keeps: deleting every object carved from a region
 *   would make the kernel start it again from its first byte, where the pool
 *   does not.
 */
#ifndef CAIRN_DEVICE_H
#define CAIRN_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/alloc.h"
#include "cairn/startup.h"

#define DEVICE_POOL_MAX  64u
#define DEVICE_VMO_MIN_BITS 12u   /* a page: the smallest VMO retype makes */
#define DEVICE_VMO_MAX_BITS 39u   /* the largest */

struct device_region {
    cairn_cptr_t untyped;
    uint64_t base;        /* physical address, aligned to 2^size_bits */
    uint8_t size_bits;
    uint64_t carved;      /* bytes from base given out, as the kernel's watermark */
};

struct device_pool {
    uint32_t count;
    struct device_region region[DEVICE_POOL_MAX];
};

void device_pool_init(struct device_pool *p);
/* Take the device untyped in `untyped` (fresh) into the pool. False if full. */
bool device_pool_add(struct device_pool *p, cairn_cptr_t untyped, uint64_t base, uint8_t size_bits);
/* Take every device untyped a startup block lists; how many were taken. */
unsigned device_pool_add_given(struct device_pool *p, const struct cairn_startup *s);

/*
 * A device VMO of 2^size_bits bytes at physical `pa` (aligned to its size),
 * in a new slot from `a`, written to *slot. Refused with nothing carved:
 * RANGE_ERROR for size_bits outside DEVICE_VMO_MIN_BITS..MAX_BITS,
 * ALIGNMENT_ERROR for a misaligned `pa`, LOOKUP_EMPTY when no region of the
 * pool covers it, ILLEGAL_OPERATION when its region has given out memory
 * at or above `pa` already (requests out of order, or the same one twice).
 * Then NOT_ENOUGH_MEMORY when `a` runs out of slots, or retype's error,
 * with the pads made so far kept and counted.
 */
cairn_error_t device_vmo(struct device_pool *p, struct cairn_alloc *a, uint64_t pa, uint8_t size_bits,
                         cairn_cptr_t *slot);

/* The arithmetic behind device_vmo, pure. */

/* Where a VMO of 2^size_bits at `pa` comes from: the region's index in *index,
 * or the error device_vmo would give. */
cairn_error_t device_region_for(const struct device_pool *p, uint64_t pa, uint8_t size_bits,
                                uint32_t *index);
/* The size (log2) of the next pad at physical `at` on the way to `end`: the
 * largest naturally aligned block that starts at `at` and ends by `end`.
 * `at` and `end` are page aligned and at < end. */
unsigned device_pad_bits(uint64_t at, uint64_t end);

#endif
