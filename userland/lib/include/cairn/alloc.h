/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a process gets kernel objects: free slots of its root CNode and the
 * untyped regions it holds. Objects are retyped from the first untyped with
 * room; the kernel places them (natural alignment after the region's
 * watermark), so nothing here mirrors the kernel's bookkeeping.
 */
#ifndef CAIRN_ALLOC_H
#define CAIRN_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/api.h"

#define ALLOC_MAX_SLOTS    4096u   /* a root CNode of radix 12 at most */
#define ALLOC_MAX_UNTYPED  64u
/* Bits a CPtr resolves in a CSpace whose root is guarded up to 64 bits:
 * init's, and every one the process builder makes. */
#define CAIRN_DEPTH        64u

struct cairn_alloc {
    uint64_t used[ALLOC_MAX_SLOTS / 64];   /* a bit per slot, set if not free */
    uint32_t slot_end;                     /* slots [0, slot_end) of the root */
    uint32_t untyped_count;
    cairn_cptr_t untyped[ALLOC_MAX_UNTYPED];
    uint64_t touched;                      /* bit i: untyped[i] has made an object */
};
_Static_assert(ALLOC_MAX_UNTYPED <= 64, "one bit of `touched` per untyped");

/* Slots [first, end) of the root CNode are free to hand out. */
void alloc_init(struct cairn_alloc *a, uint32_t first, uint32_t end);
/* Take untyped `slot` (RAM, not device) into the pool. False if full. */
bool alloc_add_untyped(struct cairn_alloc *a, cairn_cptr_t slot);

/* Has the allocator made an object from untyped `slot`? */
bool alloc_touched(const struct cairn_alloc *a, cairn_cptr_t slot);

/* A free slot, marked used; 0 when none is left. */
cairn_cptr_t slot_alloc(struct cairn_alloc *a);
void slot_free(struct cairn_alloc *a, cairn_cptr_t slot);

/* A new object of `type` (size_bits as retype takes it) in a new slot. */
cairn_error_t alloc_object(struct cairn_alloc *a, uint8_t type, uint8_t size_bits,
                           cairn_cptr_t *slot);
/* Delete the capability in `slot` (the object with its last capability)
 * and free the slot. */
cairn_error_t alloc_release(struct cairn_alloc *a, cairn_cptr_t slot);

#endif
