/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-space ids (kernel/asid.c): a VMO capability's mapping names its
 * VSpace by id, and the table says whether that VSpace still exists, and
 * where its root table is. Ids are not reused while their VSpace lives.
 */
#ifndef CAIRN_ASID_H
#define CAIRN_ASID_H

#include "arch.h"
#include "types.h"

/* How many VSpaces may be in use at once (id 0 means "none"). */
#define ASID_COUNT 1024u

/* The root table of the VSpace with each id, 0 for a free id. */
extern paddr_t asid_roots[ASID_COUNT];
/*@ axiomatic AsidRoots {
      // The table is in the kernel image; slots are in the direct map.
      axiom slots_not_asid_roots: \forall integer a, i; 0 <= i < ASID_COUNT ==>
        \separated(slots_view(a), &asid_roots[i]);
    }
*/

bool asid_available(void);
uint16_t asid_alloc(paddr_t root);
void asid_free(uint16_t asid);
paddr_t asid_root(uint16_t asid);

#endif
