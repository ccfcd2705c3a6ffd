/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capabilities and the slots that hold them.
 *
 * A capability names one kernel object (by its physical address), its type,
 * and the rights its holder has over it. Everything a capability can become
 * is derived from another with cap_derive or cap_mint, which can only keep
 * or drop rights: no path in the kernel adds one.
 */
#ifndef CAIRN_CAP_H
#define CAIRN_CAP_H

#include "cairn/api_types.h"
#include "types.h"

#define CAP_TYPE_NULL 0u   /* an empty slot */
/* The last capability to a CNode while the CNode is being emptied
 * (kernel/delete.c): no operation but deletion accepts it. */
#define CAP_TYPE_ZOMBIE 0xffu

/* No physical address reaches 2^52 on either arch (x86_64's MAXPHYADDR is at
 * most 52 bits, riscv64's Sv39/Sv48 PPN 44 bits above the page offset). */
#define PHYS_ADDR_BITS 52u
#define PHYS_ADDR_LIMIT ((paddr_t)1 << PHYS_ADDR_BITS)

/* A CNode's guard is set through cap_mint's badge word: the low 6 bits are
 * the guard's width in bits, the rest its value (spec/objects.md). */
#define CNODE_GUARD_WIDTH_BITS 6u

/* A VMO is a whole number of pages (the smallest retype makes is one), at
 * most as many as the largest. */
#define VMO_MAX_PAGES ((uint64_t)1 << (CAIRN_VMO_MAX_BITS - CAIRN_VMO_MIN_BITS))
_Static_assert((1u << CAIRN_VMO_MIN_BITS) == PAGE_SIZE, "the smallest VMO is one page");

struct cap {
    uint8_t type;        /* CAIRN_OBJ_*, or CAP_TYPE_NULL */
    uint8_t rights;      /* CAIRN_RIGHT_* mask, within CAIRN_RIGHTS_ALL */
    uint8_t size_bits;   /* untyped, VMO: log2 bytes; CNode: radix (log2 slots) */
    uint8_t guard_bits;  /* CNode: width of the guard */
    uint8_t is_device;   /* untyped, VMO: device memory (MMIO) */
    uint8_t reserved[3];
    paddr_t object;      /* the object's physical address; IRQ handler: its
                          * line (irq.c); I/O port: its first port (io_port.c) */
    uint64_t badge;      /* endpoint, notification: badge; CNode: guard value;
                          * VMO: its size in pages; I/O port: its last port
                          * (set where they are made, and no mint changes them) */
    uint64_t watermark;  /* untyped: bytes from the start already carved;
                          * VMO: its mapping, 0 if none (vspace.h) */
};

/*
 * A slot: a capability and its place in the derivation tree (kernel/cdt.c).
 * Slots are named by their physical address, which is never 0 (page 0 is
 * never handed out), so 0 means "none" in a link.
 */
struct slot {
    struct cap cap;
    paddr_t prev;        /* the slot before this one in derivation order, or 0 */
    paddr_t next;        /* the slot after it, or 0 */
    uint64_t depth;      /* descendants: the slots after this one with greater depth */
    paddr_t owner;       /* a thread's own slot (tcb.h): that TCB; 0 in a CNode */
};

#define SLOT_SIZE_BITS CAIRN_CNODE_UNIT_BITS
_Static_assert(sizeof(struct slot) == 1u << SLOT_SIZE_BITS,
               "a slot is the CNode unit of spec/api.toml");

bool cap_has_rights(const struct cap *c, cairn_rights_t need);
cairn_error_t cap_derive(const struct cap *src, cairn_rights_t mask, struct cap *out);
cairn_error_t cap_mint(const struct cap *src, cairn_rights_t mask, uint64_t badge,
                       struct cap *out);

#ifdef __FRAMAC__
#include "cap_logic.h"   /* spec/acsl/: rights, well-formed capabilities */
#endif

#endif
