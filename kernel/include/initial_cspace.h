/* SPDX-License-Identifier: GPL-2.0-only */
/* The initial CSpace: init's root CNode, filled at boot (spec/objects.md). */
#ifndef CAIRN_INITIAL_CSPACE_H
#define CAIRN_INITIAL_CSPACE_H

#include "bootinfo.h"
#include "cap.h"
#include "pmm.h"

#define INITIAL_SLOTS (1u << CAIRN_INITIAL_CSPACE_RADIX)
#define INITIAL_CNODE_BYTES ((uint64_t)INITIAL_SLOTS << SLOT_SIZE_BITS)

/* Device untyped covers the holes in the physical address space up to here. */
#define DEVICE_UNTYPED_LIMIT ((paddr_t)1 << 40)

struct initial_cspace {
    struct cap root;          /* a capability to init's root CNode */
    uint32_t next_slot;       /* the first slot not yet filled */
    uint32_t untyped_caps;    /* RAM untyped capabilities handed over */
    uint32_t device_caps;     /* device untyped capabilities handed over */
    uint64_t untyped_bytes;
    uint64_t device_bytes;
    uint64_t lost_bytes;      /* memory no slot was left for (never, unless the map is pathological) */
};

void initial_cspace_create(struct pmm *pmm, const struct boot_info *bi, paddr_t cnode,
                           struct initial_cspace *cs);

#endif
