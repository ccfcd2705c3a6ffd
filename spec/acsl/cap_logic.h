/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The logic of capabilities (spec/objects.md): rights, a well-formed
 * capability, CNode and untyped capabilities, object sizes. Only Frama-C
 * reads this file; kernel/include/cap.h includes it after struct cap.
 */
#ifndef CAIRN_CAP_LOGIC_H
#define CAIRN_CAP_LOGIC_H

#include "bits.h"

/*
 * Rights inclusion: every right in r is in limit. Derivation keeps
 * rights_within(new, old): no path in the kernel adds a right. A macro and
 * not an ACSL predicate: WP's simplifier closes these goals only when it
 * sees the bitwise form, and the SMT provers do not unfold a predicate over
 * a bitwise and (a one-line C function reading a capability's rights does
 * not prove behind the predicate).
 */
#define rights_within(r, limit) ((((r) & (limit)) == (r)))

/*@ // Two capabilities name the same object.
    predicate same_object(struct cap a, struct cap b) =
      a.type == b.type && a.object == b.object && a.size_bits == b.size_bits;

    // A CNode capability's slots can be addressed without overflow: its
    // radix is within the spec's limits and its slots lie in physical memory
    // (never page 0). Resolution refuses any other.
    predicate cnode_addressable(struct cap c) =
      CAIRN_CNODE_MIN_BITS <= c.size_bits <= CAIRN_CNODE_MAX_BITS &&
      0 < c.object < PHYS_ADDR_LIMIT;

    // The same, for a capability that must be a CNode (written out: the
    // provers are markedly slower through the nested predicate).
    predicate cnode_cap(struct cap c) =
      c.type == CAIRN_OBJ_CNODE &&
      CAIRN_CNODE_MIN_BITS <= c.size_bits <= CAIRN_CNODE_MAX_BITS &&
      0 < c.object < PHYS_ADDR_LIMIT;

    // An untyped capability as the kernel makes them: its region lies inside
    // the physical address space, so no sum over it overflows.
    predicate untyped_cap(struct cap c) =
      c.type == CAIRN_OBJ_UNTYPED &&
      CAIRN_UNTYPED_MIN_BITS <= c.size_bits <= CAIRN_UNTYPED_MAX_BITS &&
      0 < c.object < PHYS_ADDR_LIMIT;

    // A well-formed capability: its rights are rights the spec defines; a
    // CNode's slots are addressable and its guard and radix fit in a CPtr;
    // an untyped region is addressable and its watermark inside it.
    predicate cap_wf{L}(struct cap c) =
      rights_within(c.rights, CAIRN_RIGHTS_ALL) &&
      (c.type == CAIRN_OBJ_CNODE ==> cnode_addressable(c) && c.guard_bits + c.size_bits <= 64) &&
      (c.type == CAIRN_OBJ_UNTYPED ==> untyped_cap(c) && c.watermark <= pow2[c.size_bits]);

    // A VMO's size in bytes: its pages, if the capability's count is one
    // the kernel makes (kernel/vmo.c, vmo_size); none otherwise.
    logic integer vmo_bytes(struct cap c) =
      c.badge <= VMO_MAX_PAGES ? c.badge * PAGE_SIZE : 0;

    // The types retype makes.
    predicate creatable(integer type) =
      type == CAIRN_OBJ_UNTYPED || type == CAIRN_OBJ_CNODE || type == CAIRN_OBJ_TCB ||
      type == CAIRN_OBJ_ENDPOINT || type == CAIRN_OBJ_NOTIFICATION ||
      type == CAIRN_OBJ_VSPACE || type == CAIRN_OBJ_VMO;

    // log2 of the size in bytes of an object of `type` made with `size_bits`
    // (spec/api.toml, [objects.*]).
    logic integer object_bits(integer type, integer size_bits) =
      type == CAIRN_OBJ_CNODE ? size_bits + CAIRN_CNODE_UNIT_BITS :
      type == CAIRN_OBJ_TCB ? CAIRN_TCB_SIZE_BITS :
      type == CAIRN_OBJ_ENDPOINT ? CAIRN_ENDPOINT_SIZE_BITS :
      type == CAIRN_OBJ_NOTIFICATION ? CAIRN_NOTIFICATION_SIZE_BITS : size_bits;

*/

#endif
