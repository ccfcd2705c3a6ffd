/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initial CSpace: init's root CNode and the capabilities the kernel
 * hands over at boot.
 *
 * After the kernel has taken what it needs from the boot-time PMM, every
 * free page left becomes part of an untyped capability, and every hole in
 * the physical address space (MMIO, firmware) becomes device untyped. Both
 * are split into naturally aligned power-of-two blocks: an untyped object is
 * aligned to its size, so carving objects from it never has to ask where a
 * block may start. From here on the kernel allocates no memory of its own.
 */
#include "arch.h"
#include "bits.h"
#include "cdt.h"
#include "initial_cspace.h"

/*
 * The log2 size of the largest naturally aligned block that starts at `base`
 * and fits before `end`.
 */
/*@ requires base % pow2[PAGE_BITS] == 0;
    requires base < end && end - base >= pow2[PAGE_BITS];
    assigns \nothing;
    ensures PAGE_BITS <= \result <= CAIRN_UNTYPED_MAX_BITS;
    ensures base % pow2[\result] == 0;
    ensures pow2[\result] <= end - base;
*/
static unsigned block_bits(paddr_t base, paddr_t end)
{
    unsigned bits = CAIRN_UNTYPED_MAX_BITS;

    /*@ loop invariant PAGE_BITS <= bits <= CAIRN_UNTYPED_MAX_BITS;
        loop assigns bits;
        loop variant bits;
    */
    while (bits > PAGE_BITS && (base % pow2[bits] != 0 || end - base < pow2[bits]))
        bits--;
    return bits;
}

/* Put an untyped capability for [base, base + 2^bits) in the next slot. */
/*@ requires \valid(cs) && \valid(slots + (0 .. INITIAL_SLOTS - 1));
    requires \separated(cs, slots + (0 .. INITIAL_SLOTS - 1));
    requires cs->next_slot < INITIAL_SLOTS;
    requires PAGE_BITS <= bits <= CAIRN_UNTYPED_MAX_BITS;
    assigns cs->next_slot, slots[cs->next_slot];
    ensures cs->next_slot == \old(cs->next_slot) + 1;
    ensures slots[\old(cs->next_slot)].cap.type == CAIRN_OBJ_UNTYPED;
    ensures slots[\old(cs->next_slot)].cap.object == base;
    ensures slots[\old(cs->next_slot)].cap.size_bits == bits;
    ensures slots[\old(cs->next_slot)].cap.is_device == device;
*/
static void put_untyped(struct initial_cspace *cs, struct slot *slots, paddr_t base,
                        unsigned bits, bool device)
{
    struct cap *c = &slots[cs->next_slot].cap;

    c->type = CAIRN_OBJ_UNTYPED;
    c->rights = CAIRN_RIGHTS_ALL;
    c->size_bits = (uint8_t)bits;
    c->guard_bits = 0;
    c->is_device = device;
    c->object = base;
    c->badge = 0;
    c->watermark = 0;
    cs->next_slot++;
}

/*
 * Cover the whole pages of [base, end) with untyped capabilities, as long as
 * slots last. Returns the bytes handed over.
 */
/*@ requires \valid(cs) && \valid(slots + (0 .. INITIAL_SLOTS - 1));
    requires \separated(cs, slots + (0 .. INITIAL_SLOTS - 1));
    requires cs->next_slot <= INITIAL_SLOTS;
    requires base <= end;
    assigns cs->next_slot, cs->lost_bytes, slots[0 .. INITIAL_SLOTS - 1];
    ensures \old(cs->next_slot) <= cs->next_slot <= INITIAL_SLOTS;
*/
static uint64_t cover(struct initial_cspace *cs, struct slot *slots, paddr_t base, paddr_t end,
                      bool device)
{
    paddr_t at;
    uint64_t covered = 0;

    /* With at least a page of room, rounding base up cannot pass end. */
    if (end - base < pow2[PAGE_BITS])
        return 0;
    at = base + (pow2[PAGE_BITS] - base % pow2[PAGE_BITS]) % pow2[PAGE_BITS];
    end -= end % pow2[PAGE_BITS];
    /*@ loop invariant base <= at;
        loop invariant at % pow2[PAGE_BITS] == 0;
        loop invariant covered <= at - base;
        loop invariant \at(cs->next_slot, Pre) <= cs->next_slot <= INITIAL_SLOTS;
        loop assigns at, covered, cs->next_slot, slots[0 .. INITIAL_SLOTS - 1];
        loop variant end - at;
    */
    while (at < end && end - at >= pow2[PAGE_BITS] && cs->next_slot < INITIAL_SLOTS) {
        unsigned bits = block_bits(at, end);

        put_untyped(cs, slots, at, bits, device);
        at += pow2[bits];
        covered += pow2[bits];
    }
    if (at < end && cs->lost_bytes <= UINT64_MAX - (end - at))
        cs->lost_bytes += end - at;
    return covered;
}

/* The end of the RAM range that contains `addr`, or `addr` if none does. */
/*@ requires \valid_read(bi) && bi->ram_count <= BOOT_MAX_RAM;
    assigns \nothing;
    ensures \result >= addr;
*/
static paddr_t ram_end_at(const struct boot_info *bi, paddr_t addr)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= bi->ram_count;
        loop assigns i;
        loop variant bi->ram_count - i;
    */
    for (i = 0; i < bi->ram_count; i++) {
        const struct mem_region *r = &bi->ram[i];

        if (r->base <= addr && r->size > addr - r->base && r->size <= UINT64_MAX - r->base)
            return r->base + r->size;
    }
    return addr;
}

/* The lowest RAM start above `addr`, or `limit` if none is below it. */
/*@ requires \valid_read(bi) && bi->ram_count <= BOOT_MAX_RAM;
    requires addr < limit;
    assigns \nothing;
    ensures addr < \result <= limit;
*/
static paddr_t next_ram_above(const struct boot_info *bi, paddr_t addr, paddr_t limit)
{
    paddr_t next = limit;
    uint32_t i;

    /*@ loop invariant 0 <= i <= bi->ram_count;
        loop invariant addr < next <= limit;
        loop assigns i, next;
        loop variant bi->ram_count - i;
    */
    for (i = 0; i < bi->ram_count; i++) {
        if (bi->ram[i].base > addr && bi->ram[i].base < next)
            next = bi->ram[i].base;
    }
    return next;
}

/* Device untyped over every hole between RAM ranges, below DEVICE_UNTYPED_LIMIT.
 * They start after page 0: no object is at address 0, so retype refuses an
 * untyped there, and a hole from 0 would leave all of it out of reach. */
/*@ requires \valid(cs) && \valid(slots + (0 .. INITIAL_SLOTS - 1)) && \valid_read(bi);
    requires \separated(cs, slots + (0 .. INITIAL_SLOTS - 1), bi);
    requires bi->ram_count <= BOOT_MAX_RAM;
    requires cs->next_slot <= INITIAL_SLOTS;
    assigns cs->next_slot, cs->lost_bytes, cs->device_bytes, slots[0 .. INITIAL_SLOTS - 1];
    ensures \old(cs->next_slot) <= cs->next_slot <= INITIAL_SLOTS;
*/
static void cover_holes(struct initial_cspace *cs, struct slot *slots, const struct boot_info *bi)
{
    paddr_t at = PAGE_SIZE;

    /*@ loop invariant \at(cs->next_slot, Pre) <= cs->next_slot <= INITIAL_SLOTS;
        loop assigns at, cs->next_slot, cs->lost_bytes, cs->device_bytes,
                     slots[0 .. INITIAL_SLOTS - 1];
        loop variant DEVICE_UNTYPED_LIMIT - at;
    */
    while (at < DEVICE_UNTYPED_LIMIT) {
        paddr_t ram_end = ram_end_at(bi, at);
        paddr_t hole_end;
        uint64_t bytes;

        if (ram_end > at) {
            at = ram_end;
            continue;
        }
        hole_end = next_ram_above(bi, at, DEVICE_UNTYPED_LIMIT);
        bytes = cover(cs, slots, at, hole_end, true);
        if (cs->device_bytes <= UINT64_MAX - bytes)
            cs->device_bytes += bytes;
        at = hole_end;
    }
}

/* Untyped over every range the PMM still holds free. */
/*@ requires \valid(cs) && \valid(slots + (0 .. INITIAL_SLOTS - 1)) && \valid_read(pmm);
    requires \separated(cs, slots + (0 .. INITIAL_SLOTS - 1), pmm);
    requires pmm->count <= PMM_MAX_REGIONS;
    requires cs->next_slot <= INITIAL_SLOTS;
    assigns cs->next_slot, cs->lost_bytes, cs->untyped_bytes, slots[0 .. INITIAL_SLOTS - 1];
    ensures \old(cs->next_slot) <= cs->next_slot <= INITIAL_SLOTS;
*/
static void cover_free_memory(struct initial_cspace *cs, struct slot *slots, const struct pmm *pmm)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= pmm->count;
        loop invariant \at(cs->next_slot, Pre) <= cs->next_slot <= INITIAL_SLOTS;
        loop assigns i, cs->next_slot, cs->lost_bytes, cs->untyped_bytes,
                     slots[0 .. INITIAL_SLOTS - 1];
        loop variant pmm->count - i;
    */
    for (i = 0; i < pmm->count; i++) {
        const struct mem_region *r = &pmm->free[i];
        uint64_t bytes;

        if (r->size > UINT64_MAX - r->base)
            continue;
        bytes = cover(cs, slots, r->base, r->base + r->size, false);
        if (cs->untyped_bytes <= UINT64_MAX - bytes)
            cs->untyped_bytes += bytes;
    }
}

/* A capability to an object that exists once and has no memory of its own. */
/*@ requires \valid(c);
    assigns *c;
    ensures c->type == type && c->rights == CAIRN_RIGHTS_ALL;
*/
static void put_authority(struct cap *c, uint8_t type)
{
    c->type = type;
    c->rights = CAIRN_RIGHTS_ALL;
    c->size_bits = 0;
    c->guard_bits = 0;
    c->is_device = 0;
    c->object = 0;
    c->badge = 0;
    c->watermark = 0;
}

/* Empty every slot. The capabilities put in afterwards have no links: each
 * is the root of its own derivation tree. */
/*@ requires \valid(slots + (0 .. INITIAL_SLOTS - 1));
    assigns slots[0 .. INITIAL_SLOTS - 1];
    ensures \forall integer k; 0 <= k < INITIAL_SLOTS ==>
              slots[k].cap.type == CAP_TYPE_NULL && slots[k].prev == 0 && slots[k].next == 0;
*/
static void clear_slots(struct slot *slots)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= INITIAL_SLOTS;
        loop invariant \forall integer k; 0 <= k < i ==>
                 slots[k].cap.type == CAP_TYPE_NULL && slots[k].prev == 0 && slots[k].next == 0;
        loop assigns i, slots[0 .. INITIAL_SLOTS - 1];
        loop variant INITIAL_SLOTS - i;
    */
    for (i = 0; i < INITIAL_SLOTS; i++)
        slot_empty(&slots[i]);
}

/*
 * Build init's root CNode in the memory at `cnode` (INITIAL_CNODE_BYTES,
 * taken from the PMM by the caller): the fixed slots of spec/api.toml, then
 * untyped for all free memory, then device untyped. Afterwards the PMM is
 * empty: every free page belongs to exactly one untyped capability.
 */
/*@ requires \valid(pmm) && \valid_read(bi) && \valid(cs);
    requires \separated(pmm, bi, cs);
    requires pmm->count <= PMM_MAX_REGIONS && bi->ram_count <= BOOT_MAX_RAM;
    requires \separated(slots_view(cnode) + (0 .. INITIAL_SLOTS - 1), pmm, bi, cs);
    assigns *pmm, *cs, slots_view(cnode)[0 .. INITIAL_SLOTS - 1];
    ensures pmm->count == 0;
    ensures cs->next_slot <= INITIAL_SLOTS;
    ensures cs->untyped_caps + cs->device_caps + CAIRN_INITIAL_FIRST_UNTYPED == cs->next_slot;
*/
void initial_cspace_create(struct pmm *pmm, const struct boot_info *bi, paddr_t cnode,
                           struct initial_cspace *cs)
{
    struct slot *slots = arch_slots_at(cnode, INITIAL_SLOTS);
    uint32_t ram_done;

    clear_slots(slots);
    /* The root's guard is the CPtr bits above the radix, all zero, so
     * CPtr n names slot n. */
    put_authority(&cs->root, CAIRN_OBJ_CNODE);
    cs->root.size_bits = CAIRN_INITIAL_CSPACE_RADIX;
    cs->root.guard_bits = 64 - CAIRN_INITIAL_CSPACE_RADIX;
    cs->root.object = cnode;
    slots[CAIRN_SLOT_CNODE].cap = cs->root;
    put_authority(&slots[CAIRN_SLOT_IRQ_CONTROL].cap, CAIRN_OBJ_IRQ_CONTROL);
#ifdef CAIRN_HAS_IO_PORTS
    put_authority(&slots[CAIRN_SLOT_IO_PORT_CONTROL].cap, CAIRN_OBJ_IO_PORT_CONTROL);
#endif

    cs->next_slot = CAIRN_INITIAL_FIRST_UNTYPED;
    cs->untyped_bytes = cs->device_bytes = cs->lost_bytes = 0;
    cover_free_memory(cs, slots, pmm);
    ram_done = cs->next_slot;
    cover_holes(cs, slots, bi);
    cs->untyped_caps = ram_done - CAIRN_INITIAL_FIRST_UNTYPED;
    cs->device_caps = cs->next_slot - ram_done;
    pmm_init(pmm);
}
