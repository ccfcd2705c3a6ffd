/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-space ids. A mapping outlives nothing it names: when a VSpace goes,
 * its id is freed, and a VMO capability still holding a mapping in it finds
 * no root under that id and has nothing to remove. A later VSpace may take
 * the id; unmapping then only clears entries that point into the VMO itself
 * (vspace_unmap_page), as seL4 does.
 */
#include "asid.h"

paddr_t asid_roots[ASID_COUNT];

/* Is an id free for a VSpace used the first time? */
/*@ assigns \nothing;
    ensures \result <==> (\exists integer i; 0 < i < ASID_COUNT && asid_roots[i] == 0);
*/
bool asid_available(void)
{
    unsigned i;

    /*@ loop invariant 1 <= i <= ASID_COUNT;
        loop invariant \forall integer j; 0 < j < i ==> asid_roots[j] != 0;
        loop assigns i;
        loop variant ASID_COUNT - i;
    */
    for (i = 1; i < ASID_COUNT; i++)
        if (asid_roots[i] == 0)
            return true;
    return false;
}

/* A free id for the VSpace whose root table is `root`, or 0 if none is left. */
/*@ requires root != 0;
    assigns asid_roots[1 .. ASID_COUNT - 1];
    ensures \result < ASID_COUNT;
    ensures \result != 0 ==> asid_roots[\result] == root && \old(asid_roots[\result]) == 0;
    ensures \result != 0 ==> \forall integer i; 0 <= i < ASID_COUNT && i != \result ==>
            asid_roots[i] == \old(asid_roots[i]);
    ensures \result == 0 <==> !(\exists integer i; 0 < i < ASID_COUNT && \old(asid_roots[i]) == 0);
*/
uint16_t asid_alloc(paddr_t root)
{
    uint16_t i;

    /*@ loop invariant 1 <= i <= ASID_COUNT;
        loop invariant \forall integer j; 0 < j < i ==> asid_roots[j] != 0;
        loop assigns i;
        loop variant ASID_COUNT - i;
    */
    for (i = 1; i < ASID_COUNT; i++) {
        if (asid_roots[i] == 0) {
            asid_roots[i] = root;
            return i;
        }
    }
    return 0;
}

/*@ assigns asid_roots[1 .. ASID_COUNT - 1];
    ensures 0 < asid < ASID_COUNT ==> asid_roots[asid] == 0;
    ensures \forall integer i; 0 <= i < ASID_COUNT && i != asid ==> asid_roots[i] == \old(asid_roots[i]);
*/
void asid_free(uint16_t asid)
{
    if (asid != 0 && asid < ASID_COUNT)
        asid_roots[asid] = 0;
}

/* The root table of the VSpace with id `asid`, 0 if there is none. */
/*@ assigns \nothing;
    ensures asid == 0 || asid >= ASID_COUNT ==> \result == 0;
    ensures 0 < asid < ASID_COUNT ==> \result == asid_roots[asid];
*/
paddr_t asid_root(uint16_t asid)
{
    if (asid == 0 || asid >= ASID_COUNT)
        return 0;
    return asid_roots[asid];
}
